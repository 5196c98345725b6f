"""Wording and layout changes that real reports show: pure ``str -> str`` functions.

Unlike :mod:`synth.variants` (presentation only), these change how the report says
things: the title block of a web page, label synonyms, bullets for numbers, "per cent"
for "%"... Each keeps every fact a reader finds, so a parser must read the changed text
to the same facts (or say, in a data-quality row, which fact it could not read). They
work on the real report as well as on synthetic text; none copies report sentences.
"""

from __future__ import annotations

import re

from synth.ratings import RATINGS

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


# --- helpers ------------------------------------------------------------------------------

_TABLE_HEADER = re.compile(r"^(Key question|Outcomes)(\t+| {2,})Percentage 'Yes'(\s*)$")
_TABLE_ROW = re.compile(r"^(?P<q>.*\?)(?P<sep>\t+| {2,})(?P<pct>\d{1,3})%(?P<end>\s*)$")
_STANDARD = re.compile(r"^(?P<num>[1-9]\.\d\.?)\s+(?P<name>[A-Z][^\t.:]*?)(?P<end>\s*)$")
_DOMAIN = re.compile(r"^(?P<num>[1-9]\.)\s+(?P<name>[A-Z][A-Za-z ,&'-]{3,60}?)(?P<end>\s*)$")
_NUMBERED = re.compile(r"^(\d{1,2})\.\s+(?=\S)")
_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_in_words(n: int) -> str:
    """61 -> "sixty-one", 100 -> "one hundred", 0 -> "zero"."""
    if n == 0:
        return "zero"
    if n == 100:
        return "one hundred"
    if n < 20:
        return _UNITS[n]
    tens, units = divmod(n, 10)
    return _TENS[tens] + (f"-{_UNITS[units]}" if units else "")


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")


def _index(lines: list[str], wanted: str, start: int = 0) -> int:
    """The index of the first line equal to ``wanted`` (ignoring spaces) from ``start``."""
    return next(i for i in range(start, len(lines)) if lines[i].strip() == wanted)


def _parts(lines: list[str]) -> tuple[int, int, int]:
    """Indexes of the Recommendations heading, the Background heading and the first
    domain heading of the body (the line after the background)."""
    recs = _index(lines, "Recommendations", _index(lines, "Ratings"))
    background = _index(lines, "Background", recs)
    ratings = _index(lines, "Ratings", _index(lines, "Foreword"))
    # a domain heading, or a line the ratings page also has (a heading printed without its number)
    headings = {ln.strip() for ln in lines[ratings + 1:min(recs, background)] if ln.strip()}
    body = next(i for i in range(background + 1, len(lines))
                if _DOMAIN.match(lines[i]) or lines[i].strip() in headings)
    return recs, background, body


def _map(text: str, fn) -> str:
    return "\n".join(fn(line) for line in _lines(text))


# --- labels ---------------------------------------------------------------------------------

def finding_label(text: str, old: str = "Areas for improvement", new: str = "Areas for development") -> str:
    """Rename a finding label, e.g. "Areas for improvement:" -> "Areas for development:"."""
    return _map(text, lambda ln: f"{new}:" if ln.strip() == f"{old}:" else ln)


def labels_without_colon(text: str) -> str:
    """Finding labels written without their colon ("Strengths", "Areas for improvement"):
    a short line ending in a colon with a bulleted list after it, not an addressee line."""
    lines = _lines(text)
    out = []
    for i, ln in enumerate(lines):
        nxt = next((later for later in lines[i + 1:] if later.strip()), "")
        short = re.fullmatch(r"[A-Z][A-Za-z' ]{2,40}:\s*", ln) and "should" not in ln
        out.append(ln.rstrip().rstrip(":") if short and nxt.lstrip().startswith("- ") else ln)
    return "\n".join(out)


# --- tables ---------------------------------------------------------------------------------

def table_header(text: str, question: str = "Key questions", percent: str = "% of cases judged sufficient") -> str:
    """Reword the key-question tables' header ("Key question | Percentage 'Yes'"); the
    Outcomes table keeps its first column name."""
    def fn(ln: str) -> str:
        m = _TABLE_HEADER.match(ln)
        if not m:
            return ln
        first = question if m.group(1) == "Key question" else m.group(1)
        return f"{first}{m.group(2)}{percent}{m.group(3)}"
    return _map(text, fn)


def _rows(text: str, cell) -> str:
    def fn(ln: str) -> str:
        m = _TABLE_ROW.match(ln)
        return f"{m['q']}{cell(m['sep'], int(m['pct']))}{m['end']}" if m else ln
    return _map(text, fn)


def per_cent_in_tables(text: str) -> str:
    """Key-question rows print "61 per cent" instead of "61%"."""
    return _rows(text, lambda sep, n: f"{sep}{n} per cent")


def words_in_tables(text: str) -> str:
    """Key-question rows print the percentage in words: "sixty-one per cent"."""
    return _rows(text, lambda sep, n: f"{sep}{number_in_words(n)} per cent")


def dash_separated_rows(text: str) -> str:
    """Key-question rows separate question and percentage by " – " instead of a tab."""
    return _rows(text, lambda sep, n: f" \u2013 {n}%")


def bar_separated_tables(text: str) -> str:
    """Key-question tables as markdown tables: "| question | 61% |", a rule under the header."""
    out = []
    for ln in _lines(text):
        header, row = _TABLE_HEADER.match(ln), _TABLE_ROW.match(ln)
        if header:
            out += [f"| {header.group(1)} | Percentage 'Yes' |", "|---|---|"]
        elif row:
            out.append(f"| {row['q']} | {row['pct']}% |")
        else:
            out.append(ln)
    return "\n".join(out)


# --- headings -------------------------------------------------------------------------------

def _body_and_ratings(lines: list[str]) -> range:
    """From the Ratings heading to the end: where standard and domain headings are."""
    return range(_index(lines, "Ratings", _index(lines, "Foreword")), len(lines))


def standard_prefix(text: str, sep: str = " ") -> str:
    """Standard headings prefixed "Standard": "1.1 Leadership" -> "Standard 1.1 Leadership"
    (``sep=": "``: "Standard 1.1: Leadership")."""
    lines = _lines(text)
    for i in _body_and_ratings(lines):
        m = _STANDARD.match(lines[i])
        if m:
            lines[i] = f"Standard {m['num'].rstrip('.')}{sep}{m['name']}{m['end']}"
    return "\n".join(lines)


def headings_without_numbers(text: str) -> str:
    """Standard and domain headings without their numbers: "1.1 Leadership" -> "Leadership",
    "1. Organisational delivery" -> "Organisational delivery" (not in the contents, not in
    the recommendations)."""
    lines = _lines(text)
    recs, background, _ = _parts(lines)
    for i in _body_and_ratings(lines):
        if recs <= i < background:
            continue
        m = _STANDARD.match(lines[i]) or _DOMAIN.match(lines[i])
        if m:
            lines[i] = f"{m['name']}{m['end']}"
    return "\n".join(lines)


# --- ratings page -----------------------------------------------------------------------------

def overall_rating_one_line(text: str) -> str:
    """"Overall rating" and its rating on one line: "Overall rating: Requires improvement"."""
    lines = _lines(text)
    i = _index(lines, "Overall rating")
    j = next(k for k in range(i + 1, len(lines)) if lines[k].strip())
    lines[i:j + 1] = [f"Overall rating: {lines[j].strip()}"]
    return "\n".join(lines)


def score_out_of(text: str) -> str:
    """The score written "Score: 6 out of 27" instead of "Score **6/27**"."""
    return re.sub(r"(?m)^Score \**(\d+)/(\d+)\**(\s*)$", r"Score: \1 out of \2\3", text)


# --- recommendations and sections ---------------------------------------------------------------

def bulleted_recommendations(text: str) -> str:
    """Recommendations as bullets ("- ensure ...") instead of numbers ("1. ensure ...")."""
    lines = _lines(text)
    recs, background, _ = _parts(lines)
    for i in range(recs, background):
        lines[i] = _NUMBERED.sub("- ", lines[i])
    return "\n".join(lines)


def numbering_per_addressee(text: str) -> str:
    """Recommendations numbered afresh under each addressee line (1-6, 1-4, 1-3)."""
    lines = _lines(text)
    recs, background, _ = _parts(lines)
    n = 0
    for i in range(recs, background):
        if lines[i].rstrip().endswith("should:"):
            n = 0
        elif _NUMBERED.match(lines[i]):
            n += 1
            lines[i] = _NUMBERED.sub(f"{n}. ", lines[i])
    return "\n".join(lines)


def addressee(text: str, old: str = "HM Prison and Probation Service", new: str = "The Probation Service") -> str:
    """Address the recommendations of one addressee line to someone else."""
    return _map(text, lambda ln: f"{new} should:" if ln.strip() == f"{old} should:" else ln)


def background_first(text: str) -> str:
    """The Background section before the Recommendations."""
    lines = _lines(text)
    recs, background, body = _parts(lines)
    return "\n".join(lines[:recs] + lines[background:body] + lines[recs:background] + lines[body:])


def rename_section(text: str, old: str = "Background", new: str = "Context") -> str:
    """Rename a part heading, e.g. "Background" -> "Context" (the first line that is just
    the heading; the contents' entries carry page numbers)."""
    lines = _lines(text)
    i = _index(lines, old)
    lines[i] = new
    return "\n".join(lines)


def recommendations_last(text: str) -> str:
    """The Recommendations after the standards' sections, just before the annexe."""
    lines = _lines(text)
    recs, background, body = _parts(lines)
    annexe = next((i for i in range(body, len(lines)) if lines[i].startswith("Annexe")), len(lines))
    return "\n".join(lines[:recs] + lines[background:annexe] + lines[recs:background] + lines[annexe:])


def dot_leader_rows(text: str) -> str:
    """Key-question rows with dot leaders: "question? ........ 61%"."""
    return _rows(text, lambda sep, n: f" ........ {n}%")


def ratings_on_one_line(text: str) -> str:
    """On the ratings page, each standard and its rating on one line: "1.1 Leadership Good"."""
    lines = _lines(text)
    start = _index(lines, "Ratings", _index(lines, "Foreword"))
    end = _parts(lines)[0]
    out, i = lines[:start], start
    while i < end:
        nxt = next((k for k in range(i + 1, end) if lines[k].strip()), None)
        if _STANDARD.match(lines[i].strip()) and nxt is not None and lines[nxt].strip() in RATINGS:
            out.append(f"{lines[i].strip()} {lines[nxt].strip()}")
            i = nxt + 1
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out + lines[end:])


def numbered_findings(text: str) -> str:
    """Findings numbered "1.", "2." ... under each label instead of bulleted (in the
    standards' sections only, not in the recommendations)."""
    lines = _lines(text)
    recs, background, body = _parts(lines)
    out, n = [], 0
    for i, ln in enumerate(lines):
        if ln.startswith("- ") and i >= body:
            n += 1
            out.append(f"{n}. {ln[2:]}")
            continue
        if ln.strip() and len(ln.split()) <= 6:  # a label (with or without its colon) starts a new list
            n = 0
        out.append(ln)
    return "\n".join(out)


def score_out_of_a_possible(text: str) -> str:
    """The score written "Score: 6 out of a possible 27"."""
    return re.sub(r"(?m)^Score \**(\d+)/(\d+)\**(\s*)$", r"Score: \1 out of a possible \2\3", text)


def caption_after_labels(text: str, caption: str = "Source: inspection case data") -> str:
    """A short caption paragraph between each "Strengths:" label and its bullets."""
    out = []
    for ln in _lines(text):
        out.append(ln)
        if ln.strip() == "Strengths:":
            out += ["", caption]
    return "\n".join(out)


def caption_before_labels(text: str, caption: str = "Source: inspection case data") -> str:
    """A short caption paragraph just before each "Strengths:" label."""
    out = []
    for ln in _lines(text):
        if ln.strip() == "Strengths:":
            out += [caption, ""]
        out.append(ln)
    return "\n".join(out)


#: Every wording and layout change by name, with default arguments; each keeps every fact.
WORDINGS = {
    "improvement_synonym": finding_label,
    "strength_synonym": lambda t: finding_label(t, "Strengths", "Key strengths"),
    "labels_without_colon": labels_without_colon,
    "table_header": table_header,
    "per_cent_in_tables": per_cent_in_tables,
    "words_in_tables": words_in_tables,
    "dash_separated_rows": dash_separated_rows,
    "bar_separated_tables": bar_separated_tables,
    "standard_prefix": standard_prefix,
    "standard_prefix_colon": lambda t: standard_prefix(t, ": "),
    "headings_without_numbers": headings_without_numbers,
    "overall_rating_one_line": overall_rating_one_line,
    "score_out_of": score_out_of,
    "bulleted_recommendations": bulleted_recommendations,
    "numbering_per_addressee": numbering_per_addressee,
    "background_first": background_first,
    "background_renamed": rename_section,
    "caption_after_labels": caption_after_labels,
    "caption_before_labels": caption_before_labels,
    "recommendations_last": recommendations_last,
    "numbered_findings": numbered_findings,
    "score_out_of_a_possible": score_out_of_a_possible,
    "dot_leader_rows": dot_leader_rows,
    "ratings_on_one_line": ratings_on_one_line,
    "web_page": lambda t: web_page_text(t, published=_published_of(t)),
}


def _published_of(text: str) -> str:
    m = re.search(r"(?m)^HM Inspectorate of Probation,\s+([A-Z][a-z]+\s+\d{4})\s*$", text)
    return f"1 {m.group(1)}" if m else ""
