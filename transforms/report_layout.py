"""Clean lines of any published form to the line layout the block stage reads.

Text extracted from a PDF or a web page by common tools keeps two things the report's
own text has not: web-page furniture ("Skip to content", "Back to top" after each
heading) and table rows read across (a ratings-table row "1.1 Leadership    Good" on one
line, where the text form has the name and the rating as separate blocks). This stage
drops the first and splits the second; on the text form it changes nothing.
"""

from __future__ import annotations

import re

from transforms.report_text import Line

_FURNITURE = re.compile(r"^\(?\s*(?:back to top|skip to (?:main )?content)\s*\)?$", re.I)
_TRAILING_FURNITURE = re.compile(r"\s*\(?\s*back to top\s*\)?$", re.I)
_RATING = r"(?:Outstanding|Good|Requires improvement|Inadequate)"
_RATED_ROW = re.compile(
    rf"^(?P<name>(?:[1-9]\.\d\.?\s+[A-Z][^.:%]{{0,60}}?|Overall rating))\s+(?P<rating>{_RATING})$", re.I
)


def tidy_layout(lines: list[Line]) -> list[Line]:
    """Drop web furniture lines; split a ratings-table row read across into name and rating."""
    out: list[Line] = []
    for ln in lines:
        text = ln.text
        if text and _FURNITURE.match(text):
            out.append(Line(ln.no, "", ln.page_break_before))
            continue
        if text.lower().endswith("back to top)") or text.lower().endswith(" back to top"):
            text = _TRAILING_FURNITURE.sub("", text)
        m = _RATED_ROW.match(text)
        if m:
            out.extend([Line(ln.no, m.group("name").strip(), ln.page_break_before), Line(ln.no, ""),
                        Line(ln.no, m.group("rating"))])
            continue
        out.append(ln if text == ln.text else Line(ln.no, text, ln.page_break_before))
    return out
