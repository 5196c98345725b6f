"""Survey extracts shaped the way survey platforms and spreadsheets export them (for tests):
SurveyMonkey-like (question row + "Response"/statement row), Qualtrics-like (codes, question
text, import ids), title rows above the header, totals and blank rows below the data, numeric
answer codes with a label key, UTF-16 tab-separated text, mixed line endings.

Every writer takes the same responses, so a test knows the counts it must get back.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

WORKLOAD = "Is your workload manageable?"
SUPERVISION = "I receive supervision often enough to support me in my role"
QUALITY = "My supervision improves the quality of my work"
COMMENTS = "Is there anything else you would like to tell us?"
MATRIX = "How far do you agree with each statement about supervision?"
QUESTIONS = (WORKLOAD, SUPERVISION, QUALITY)
SCALES = {WORKLOAD: "yes_no", SUPERVISION: "agreement", QUALITY: "agreement"}


@dataclass(frozen=True)
class Response:
    respondent_id: str
    started: datetime
    answers: tuple[str, ...]          # one per question column, e.g. workload, supervision, quality ("" = blank)
    comment: str = ""
    finished: datetime | None = None  # None: 12 minutes after the start

    @property
    def ended(self) -> datetime:
        return self.finished or self.started + timedelta(minutes=12)


def responses(answers: list[tuple[str, str, str]], first: datetime = datetime(2023, 2, 6, 9, 0),
              step: timedelta = timedelta(minutes=37), comments: list[str] | None = None) -> list[Response]:
    return [Response(f"R{i + 1:03d}", first + i * step, a, (comments or [""] * len(answers))[i])
            for i, a in enumerate(answers)]


#: Six staff respondents. By hand: workload answered 6, Yes 3, No 2 (50% / 33.3%); supervision
#: answered 5 (R004 blank), positive 3 (Agree, Strongly agree, Agree), negative 2; quality
#: answered 6, positive 4, negative 2 (66.7%).
STAFF = [
    ("Yes", "Agree", "Strongly agree"),
    ("No", "Disagree", "Agree"),
    ("Yes", "Strongly agree", "Agree"),
    ("Yes", "", "Disagree"),
    ("Don't know", "Agree", "Agree"),
    ("No", "Strongly disagree", "Strongly disagree"),
]


def plain(rs: list[Response], date_format: str = "%Y-%m-%d %H:%M:%S") -> list[list[str]]:
    rows = [["Respondent ID", "Start time", "End time", *QUESTIONS, COMMENTS]]
    rows += [[r.respondent_id, r.started.strftime(date_format), r.ended.strftime(date_format), *r.answers, r.comment]
             for r in rs]
    return rows


def surveymonkey(rs: list[Response], date_format: str = "%m/%d/%Y %I:%M:%S %p") -> list[list[str]]:
    """SurveyMonkey-like: the matrix question's text stands above its first statement column;
    the second header row says "Response" under single questions and names each statement."""
    return surveymonkey_of(_with_comments(rs), (*QUESTIONS, COMMENTS), date_format, Matrix(MATRIX, (SUPERVISION, QUALITY)),
                           open_ended=(COMMENTS,))


@dataclass(frozen=True)
class Matrix:
    """A matrix question: its text and the statement columns under it (consecutive columns)."""

    question: str
    statements: tuple[str, ...]


def _with_comments(rs: list[Response]) -> list[Response]:
    return [replace(r, answers=(*r.answers, r.comment)) for r in rs]


def surveymonkey_of(rs: list[Response], headers: tuple[str, ...], date_format: str, matrix: Matrix | None = None,
                    open_ended: tuple[str, ...] = ()) -> list[list[str]]:
    """SurveyMonkey-like export of any question columns (``headers``, one per answer of a response)."""
    statements = matrix.statements if matrix else ()
    top = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address"]
    sub = ["", "", "", "", ""]
    for header in headers:
        if header in statements:
            top.append(matrix.question if header == statements[0] else "")
            sub.append(header)
        else:
            top.append(header)
            sub.append("Open-Ended Response" if header in open_ended else "Response")
    rows = [top, sub]
    for i, r in enumerate(rs):
        rows.append([str(114000000 + i), "431", r.started.strftime(date_format), r.ended.strftime(date_format),
                     f"10.0.0.{i % 250 + 1}", *r.answers])
    # SurveyMonkey's ID is its own number: the respondent ID column holds it
    return rows


def qualtrics(rs: list[Response]) -> list[list[str]]:
    """Qualtrics-like: column codes, then question text (a matrix row as "question - statement"),
    then import ids."""
    return qualtrics_of(_with_comments(rs), (*QUESTIONS, COMMENTS), Matrix(MATRIX, (SUPERVISION, QUALITY)),
                        open_ended=(COMMENTS,))


def qualtrics_of(rs: list[Response], headers: tuple[str, ...], matrix: Matrix | None = None,
                 open_ended: tuple[str, ...] = ()) -> list[list[str]]:
    """Qualtrics-like export of any question columns: Q1, Q2_1, Q2_2 (a matrix's statements), ..."""
    statements = matrix.statements if matrix else ()
    codes = ["StartDate", "EndDate", "Status", "Progress", "ResponseId"]
    texts = ["Start Date", "End Date", "Response Type", "Progress", "Response ID"]
    ids = ["startDate", "endDate", "status", "progress", "_recordId"]
    number = 0
    for header in headers:
        if header in statements:
            k = statements.index(header) + 1
            number += k == 1
            codes.append(f"Q{number}_{k}")
            texts.append(f"{matrix.question} - {header}")
            ids.append(f"QID{number}_{k}")
        else:
            number += 1
            codes.append(f"Q{number}")
            texts.append(header)
            ids.append(f"QID{number}_TEXT" if header in open_ended else f"QID{number}")
    imports = [json.dumps({"ImportId": c}, separators=(",", ":")) for c in ids]
    rows = [codes, texts, imports]
    for r in rs:
        rows.append([r.started.strftime("%Y-%m-%d %H:%M:%S"), r.ended.strftime("%Y-%m-%d %H:%M:%S"), "IP Address",
                     "100", f"R_{r.respondent_id}x", *r.answers])
    return rows


def with_title_rows(rows: list[list[str]], titles: tuple[str, ...] = ("Probation staff survey: all responses",
                                                                      "Exported 3 March 2023", "")) -> list[list[str]]:
    return [[t] for t in titles] + rows


def with_summary_rows(rows: list[list[str]], averages: tuple[str, ...] = ("0.5", "3.2", "3.6", "")) -> list[list[str]]:
    """A blank row, a totals row (answer counts) and an average row under the data (the data
    columns start at the fourth: ID, start and end time first)."""
    width = len(rows[0])
    answered = [str(sum(1 for r in rows[1:] if r[i])) for i in range(3, width)]
    average = ["Average", "", "", *averages][:width]
    return rows + [[""] * width, ["Total", "", "", *answered], average + [""] * (width - len(average)),
                   [""] * width]


#: Codes as a platform numbers the choices (1 = first choice listed), per scale.
CHOICE_CODES = {
    "yes_no": {"Yes": "1", "No": "2", "Don't know": "3"},
    "agreement": {"Strongly agree": "1", "Agree": "2", "Neither agree nor disagree": "3", "Disagree": "4",
                  "Strongly disagree": "5"},
}
#: Codes equal to the catalogue's ordinals (reference/survey_scales.csv).
ORDINAL_CODES = {
    "yes_no": {"Yes": "2", "No": "1", "Don't know": "0"},
    "agreement": {"Strongly agree": "5", "Agree": "4", "Neither agree nor disagree": "3", "Disagree": "2",
                  "Strongly disagree": "1"},
}


def coded(rs: list[Response], codes: dict[str, dict[str, str]] = CHOICE_CODES,
          questions: tuple[str, ...] = QUESTIONS, scales: dict[str, str] = SCALES) -> list[Response]:
    """Each answer to a scaled question (``scales``: column header -> scale) as its code; the
    answers of other columns (free text) as they are. ``questions``: the headers, one per answer."""
    return [replace(r, answers=tuple(codes[scales[q]][a] if a and q in scales else a
                                     for q, a in zip(questions, r.answers, strict=True)))
            for r in rs]


def codebook_rows(codes: dict[str, dict[str, str]] = CHOICE_CODES, questions: tuple[str, ...] = QUESTIONS,
                  scales: dict[str, str] = SCALES) -> list[list[str]]:
    """column, code, label: one row per scaled question x answer."""
    rows = [["column", "code", "label"]]
    for q in questions:
        if q in scales:
            rows += [[q, code, label] for label, code in codes[scales[q]].items()]
    return rows


def csv_of(rows: list[list[str]], sep: str = ",", encoding: str = "utf-8", newline: str = "\r\n") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator=newline).writerows(rows)
    text = buffer.getvalue()
    if encoding == "utf-16":  # Excel's "Unicode text": UTF-16 LE with a byte-order mark
        return b"\xff\xfe" + text.encode("utf-16-le")
    return text.encode(encoding)


def mixed_newlines(rows: list[list[str]], sep: str = ",") -> bytes:
    """Each row ends in turn with CRLF, LF and CR (files pasted together from several tools)."""
    ends = ("\r\n", "\n", "\r")
    out = io.StringIO()
    for i, row in enumerate(rows):
        line = io.StringIO()
        csv.writer(line, delimiter=sep, lineterminator="").writerow(row)
        out.write(line.getvalue() + ends[i % 3])
    return out.getvalue().encode("utf-8")


def microsoft_forms(rs: list[Response]) -> list[list[str]]:
    """Microsoft Forms-like: ID, Start time, Completion time, Email, Name, then the questions;
    dates month first with a two-digit year and no leading zeros (2/13/23 9:00:00)."""
    return microsoft_forms_of(rs, QUESTIONS)


def microsoft_forms_of(rs: list[Response], headers: tuple[str, ...]) -> list[list[str]]:
    """Microsoft Forms-like export of any question columns (``headers``, one per answer)."""
    rows = [["ID", "Start time", "Completion time", "Email", "Name", *headers]]
    fmt = lambda d: f"{d.month}/{d.day}/{d:%y} {d.hour}:{d:%M:%S}"  # noqa: E731
    rows += [[str(i + 1), fmt(r.started), fmt(r.ended), "anonymous", "", *r.answers] for i, r in enumerate(rs)]
    return rows
