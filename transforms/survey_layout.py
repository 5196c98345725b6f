"""The first rows of an extract -> where its header is, what each column is, where data starts.

Pure: rows of text cells in, a ``Layout`` out (or ``RejectedInput``). Shapes recognised:
* plain: one header row with a respondent ID column, then one row per respondent;
* title rows above the header (a report title, a date line, blank rows): skipped, counted;
* SurveyMonkey-like: questions in the header row (a matrix question's text only above its first
  column), then a row with the respondent ID cell blank holding "Response" / "Open-Ended
  Response" or the matrix statements and choice labels;
* Qualtrics-like: column codes (StartDate, ResponseId, Q1, Q2_1 …), then a question-text row
  ("Response ID", "… - statement"), then an import-id row (``{"ImportId":"QID1"}``).
A column's header is matched to the catalogue through several candidate texts (the statement,
"question - statement", the question, the column code), first match wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import RejectedInput
from core.text_keys import header_key, text_key

#: Header keys of the respondent ID column.
ID_HEADERS = frozenset({"respondent id", "respondent_id", "respondentid", "respondent", "response id",
                        "response_id", "responseid", "id", "respondent number", "response number", "record id",
                        "participant id", "user id", "userid", "unique id"})
START_HEADERS = frozenset({"start time", "started", "start date", "startdate", "start", "started at",
                           "start_time"})
END_HEADERS = frozenset({"end time", "ended", "end date", "enddate", "end", "completed", "completed at",
                         "completion time", "submitted", "end_time", "submitted at", "date submitted",
                         "submission date", "completion date", "timestamp"})
#: Sub-header cells SurveyMonkey writes under a single-answer question.
RESPONSE_CELLS = frozenset({"response", "open-ended response", "other (please specify)", "responses"})
_IMPORT_ID = re.compile(r'^\{\s*"?importid"?\s*:', re.I)
MAX_TITLE_ROWS = 30
MAX_SUB_ROWS = 3


@dataclass(frozen=True)
class Column:
    index: int                 # 1-based position in the file
    header: str                # as shown to users: the question text (with its statement)
    keys: tuple[str, ...]      # header keys to try against the catalogue, in order
    role: str | None = None    # 'id', 'start', 'end' or None (a question or other column)


@dataclass(frozen=True)
class Layout:
    title_rows: int            # rows above the header row
    sub_rows: int              # header rows under the header row (sub-header, question text, import ids)
    platform: str              # plain, surveymonkey, qualtrics
    columns: tuple[Column, ...]

    @property
    def header_rows(self) -> int:
        """Rows before the first data row."""
        return self.title_rows + 1 + self.sub_rows

    def role(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.role == name), None)

    @property
    def id_column(self) -> Column:
        return next(c for c in self.columns if c.role == "id")

    def describe(self) -> str:
        parts = [self.platform if self.platform != "plain" else "one header row"]
        if self.platform == "plain" and self.sub_rows:
            parts = [f"{1 + self.sub_rows} header rows"]
        if self.title_rows:
            parts.append(f"{self.title_rows} title row(s) above the header")
        return ", ".join(parts)


def _cell(row: list[str], i: int) -> str:
    return (row[i] if i < len(row) and row[i] is not None else "").strip()


def _header_row(rows: list[list[str]]) -> int | None:
    for i, row in enumerate(rows[:MAX_TITLE_ROWS]):
        if any(header_key(c or "") in ID_HEADERS for c in row):
            return i
    return None


def _is_import_row(row: list[str]) -> bool:
    cells = [c.strip() for c in row if c and c.strip()]
    return bool(cells) and sum(bool(_IMPORT_ID.match(c)) for c in cells) >= max(1, len(cells) // 2)


def _looks_like_sub_header(header: list[str], row: list[str], is_answer) -> bool:
    """A row under the header with the ID blank is a sub-header (not a respondent without an ID)
    when it has a "Response" cell or a cell under a blank header cell (a matrix statement), and
    no answer of any catalogue scale."""
    cells = [_cell(row, i) for i in range(len(row))]
    if any(is_answer(c) for c in cells if c):
        return False
    return any(text_key(c) in RESPONSE_CELLS for c in cells) or any(
        c and not _cell(header, i) for i, c in enumerate(cells))


def find_layout(rows: list[list[str]], source: str, is_answer=lambda text: False) -> Layout:
    """The layout of an extract whose first rows are ``rows`` (cells as text).

    ``is_answer(text)``: whether a cell is an answer on some catalogue scale (a blank-ID row of
    answers is a respondent without an ID, not a sub-header)."""
    at = _header_row(rows)
    if at is None:
        first = next((r for r in rows if any(c and c.strip() for c in r)), [])
        shown = [c for c in first if c and c.strip()]
        raise RejectedInput(source, "no respondent ID column (a header such as 'Respondent ID') in the first "
                            f"{MAX_TITLE_ROWS} rows; headers are: {', '.join(repr(h) for h in shown[:6])}"
                            f"{' …' if len(shown) > 6 else ''}; add or rename the respondent ID column")
    header = rows[at]
    ids = [i for i, c in enumerate(header) if header_key(c or "") in ID_HEADERS]
    if len(ids) > 1:
        raise RejectedInput(source, f"several respondent ID columns: {', '.join(repr(header[i]) for i in ids)}; "
                            "keep one")
    id_at = ids[0]
    platform, text_row, sub_row, subs = "plain", None, None, 0
    for row in rows[at + 1: at + 1 + MAX_SUB_ROWS]:
        id_cell = _cell(row, id_at)
        if _is_import_row(row):
            platform, subs = "qualtrics", subs + 1
        elif header_key(id_cell) in ID_HEADERS and text_row is None:
            text_row, subs = row, subs + 1
        elif (not id_cell and sub_row is None and subs == 0 and _looks_like_sub_header(header, row, is_answer)):
            sub_row, subs = row, subs + 1
            if any(text_key(_cell(row, i)) in RESPONSE_CELLS for i in range(len(row))):
                platform = "surveymonkey"
        else:
            break
    width = max(len(r) for r in rows[at:at + 1 + subs])
    for n, row in enumerate(rows[at + 1 + subs:], start=1):
        if any(c and c.strip() for c in row[width:]):
            raise RejectedInput(source, f"data row {n} has {len(row)} fields but the header {width}: a separator inside "
                                "an answer that is not quoted? re-export the extract with quoted text")
    if text_row is not None and platform == "plain":
        platform = "qualtrics"
    if sub_row is not None and platform == "plain":
        platform = "surveymonkey"
    columns = []
    question = ""
    for i in range(width):
        top = _cell(header, i)
        if sub_row is not None:
            question = top or question  # a matrix question's text stands above its first column only
            sub = _cell(sub_row, i)
            if not sub or text_key(sub) in RESPONSE_CELLS:
                shown, keys = question, [question]
            elif top or not question:
                shown, keys = (f"{top} - {sub}" if top else sub), [sub, f"{top} - {sub}", top]
            else:
                shown, keys = f"{question} - {sub}", [sub, f"{question} - {sub}", question]
        elif text_row is not None:
            text = _cell(text_row, i)
            shown = text or top
            keys = [text, *([text.rsplit(" - ", 1)[1], text.split(" - ", 1)[0]] if " - " in text else []), top]
        else:
            shown, keys = top, [top]
        key_set = tuple(dict.fromkeys(header_key(k) for k in keys if k))
        codes = {header_key(top), *(header_key(k) for k in keys if k)}
        role = ("id" if i == id_at else "start" if codes & START_HEADERS else "end" if codes & END_HEADERS else None)
        columns.append(Column(i + 1, shown or f"(column {i + 1})", key_set, role))
    for name in ("start", "end"):  # the first of each kind is the role column; others are questions
        found = [c for c in columns if c.role == name]
        for extra in found[1:]:
            columns[extra.index - 1] = Column(extra.index, extra.header, extra.keys, None)
    return Layout(at, subs, platform, tuple(columns))
