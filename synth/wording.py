"""Wording and layout changes that real reports show: pure ``str -> str`` functions.

Unlike :mod:`synth.variants` (presentation only), these change how the report says
things: the title block of a web page, label synonyms, bullets for numbers, "per cent"
for "%"... Each keeps every fact a reader finds, so a parser must read the changed text
to the same facts (or say, in a data-quality row, which fact it could not read). They
work on the real report as well as on synthetic text; none copies report sentences.
"""

from __future__ import annotations

import re

#: A web page's licence block, in the project's own words (the real one is longer).
LICENCE_BLOCK = (
    "Skip to content",
    "Content available under the Open Government Licence v3.0.",
    "To view this licence, visit:",
    "https://nationalarchives.gov.uk/doc/open-government-licence/version/3",
)
_TITLE_IN = re.compile(r"^An inspection of probation services in:\s*$")
_PUBLISHED = re.compile(r"^HM Inspectorate of Probation,\s+([A-Z][a-z]+\s+\d{4})\s*$")
_PART_HEADING = re.compile(
    r"^(?:Foreword|Ratings|Recommendations|Background|Acknowledgements|Annexe\b.*|\d\.(?:\d\.?)?\s+[A-Z][^\t.]{2,60})$"
)


def web_page_text(text: str, published: str = "") -> str:
    """The report as the text of its web page: a licence block and "Skip to content" in
    place of the cover's masthead, the title on one line with no colon
    ("An inspection of probation services in Cumbria PDU"), "Published:" followed by
    ``published`` (empty by default: the page keeps the date in an element the text
    loses), and "(Back to top)" after every part and standard heading after the title
    block. Line endings become "\\n"."""
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    i = 0
    seen_title = False
    while i < len(lines):
        line = lines[i]
        if not seen_title and line.strip() in {"HM Inspectorate", "of Probation"}:
            if line.strip() == "HM Inspectorate":
                out.extend(part for item in LICENCE_BLOCK for part in (item, ""))
            i += 1
            continue
        if _TITLE_IN.match(line):
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            out.append(f"An inspection of probation services in {lines[j].strip()}")
            seen_title = True
            i = j + 1
            continue
        m = _PUBLISHED.match(line)
        if m and seen_title:
            out.append(f"Published: {published}".rstrip())
        elif seen_title and _PART_HEADING.match(line.strip()) and "\t" not in line:
            out.append(f"{line.rstrip()} (Back to top)")
        else:
            out.append(line)
        i += 1
    return "\n".join(out)
