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
    answers: tuple[str, str, str]     # workload, supervision, quality ("" = left blank)
    comment: str = ""

    @property
    def ended(self) -> datetime:
        return self.started + timedelta(minutes=12)


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
    top = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", WORKLOAD, MATRIX, "", COMMENTS]
    sub = ["", "", "", "", "", "Response", SUPERVISION, QUALITY, "Open-Ended Response"]
    rows = [top, sub]
    for i, r in enumerate(rs):
        rows.append([str(114000000 + i), "431", r.started.strftime(date_format), r.ended.strftime(date_format),
                     f"10.0.0.{i + 1}", *r.answers, r.comment])
    # SurveyMonkey's ID is its own number: the respondent ID column holds it
    return rows


def qualtrics(rs: list[Response]) -> list[list[str]]:
    """Qualtrics-like: column codes, then question text (a matrix row as "question - statement"),
    then import ids."""
    codes = ["StartDate", "EndDate", "Status", "Progress", "ResponseId", "Q1", "Q2_1", "Q2_2", "Q3"]
    texts = ["Start Date", "End Date", "Response Type", "Progress", "Response ID", WORKLOAD,
             f"{MATRIX} - {SUPERVISION}", f"{MATRIX} - {QUALITY}", COMMENTS]
    imports = [json.dumps({"ImportId": c}, separators=(",", ":")) for c in
               ("startDate", "endDate", "status", "progress", "_recordId", "QID1", "QID2_1", "QID2_2", "QID3_TEXT")]
    rows = [codes, texts, imports]
    for r in rs:
        rows.append([r.started.strftime("%Y-%m-%d %H:%M:%S"), r.ended.strftime("%Y-%m-%d %H:%M:%S"), "IP Address",
                     "100", f"R_{r.respondent_id}x", *r.answers, r.comment])
    return rows


def with_title_rows(rows: list[list[str]], titles: tuple[str, ...] = ("Probation staff survey: all responses",
                                                                      "Exported 3 March 2023", "")) -> list[list[str]]:
    return [[t] for t in titles] + rows


def with_summary_rows(rows: list[list[str]]) -> list[list[str]]:
    """A blank row, a totals row (answer counts) and an average row under the data."""
    width = len(rows[0])
    answered = [str(sum(1 for r in rows[1:] if r[i])) for i in range(3, width)]
    return rows + [[""] * width, ["Total", "", "", *answered], ["Average", "", "", "0.5", "3.2", "3.6", ""],
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


def coded(rs: list[Response], codes: dict[str, dict[str, str]] = CHOICE_CODES) -> list[Response]:
    return [replace(r, answers=tuple(codes[SCALES[q]][a] if a else "" for q, a in zip(QUESTIONS, r.answers)))
            for r in rs]


def codebook_rows(codes: dict[str, dict[str, str]] = CHOICE_CODES) -> list[list[str]]:
    """column, code, label: one row per question x answer."""
    rows = [["column", "code", "label"]]
    for q in QUESTIONS:
        rows += [[q, code, label] for label, code in codes[SCALES[q]].items()]
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
    rows = [["ID", "Start time", "Completion time", "Email", "Name", *QUESTIONS]]
    fmt = lambda d: f"{d.month}/{d.day}/{d:%y} {d.hour}:{d:%M:%S}"  # noqa: E731
    rows += [[str(i + 1), fmt(r.started), fmt(r.ended), "anonymous", "", *r.answers] for i, r in enumerate(rs)]
    return rows
