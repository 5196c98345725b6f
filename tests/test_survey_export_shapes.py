"""Survey extracts as platforms export them (synth/survey_exports.py): each shape loads with the
counts computed by hand from the rows written, or is rejected with its exact reason."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import RejectedInput
from synth import survey_exports as ex
from synth.xlsx import workbook_bytes, xlsx_bytes
from tests.conftest import examples
from tests.survey_helpers import load_bytes
from warehouse.survey_load import InspectionDates

#: (question, answered, positive, negative, pct_positive) of synth.survey_exports.STAFF, by hand
STAFF_RESULTS = [
    ("staff_supervision_frequent", 5, 3, 2, 60.0),
    ("staff_supervision_quality", 6, 4, 2, 100 * 4 / 6),
    ("staff_workload_manageable", 6, 3, 2, 50.0),
]
STAFF_IDS = ["R001", "R002", "R003", "R004", "R005", "R006"]


def _results(results) -> list[tuple]:
    return [(q, a, p, n, pytest.approx(pct, abs=1e-9)) for q, a, p, n, pct in
            results.select("question_code", "answered", "positive", "negative", "pct_positive").rows()]


def _expect_staff(tables, results, respondents=6):
    assert _results(results) == STAFF_RESULTS
    assert results["respondents"].to_list() == [respondents] * 3


def test_plain_extract():
    tables, note, results = load_bytes(ex.csv_of(ex.plain(ex.responses(ex.STAFF))))
    _expect_staff(tables, results)
    assert tables.respondents["respondent_id"].to_list() == STAFF_IDS
    assert tables.respondents["started_at"].to_list()[1] == datetime(2023, 2, 6, 9, 37)
    assert note is None


def test_surveymonkey_like_two_header_rows():
    rows = ex.surveymonkey(ex.responses(ex.STAFF, first=datetime(2023, 2, 13, 9, 0)))
    tables, note, results = load_bytes(ex.csv_of(rows))
    _expect_staff(tables, results)
    assert tables.respondents["respondent_id"].to_list()[:2] == ["114000000", "114000001"]
    # 02/13/2023 09:00:00 AM: a day above 12 in second place settles month first
    assert tables.respondents["started_at"].to_list()[0] == datetime(2023, 2, 13, 9, 0)
    mapped = tables.columns.filter(tables.columns["question_code"].is_not_null())
    assert mapped.select("column_header", "question_code").rows() == [
        (ex.WORKLOAD, "staff_workload_manageable"),
        (f"{ex.MATRIX} - {ex.SUPERVISION}", "staff_supervision_frequent"),
        (f"{ex.MATRIX} - {ex.QUALITY}", "staff_supervision_quality"),
        (ex.COMMENTS, "staff_comments")]
    assert note == ("2 unmapped column(s) kept: 'Collector ID', 'IP Address'; "
                    "surveymonkey export: 1 header row(s) under the column headers read as headers")


def test_qualtrics_like_three_header_rows():
    tables, note, results = load_bytes(ex.csv_of(ex.qualtrics(ex.responses(ex.STAFF))))
    _expect_staff(tables, results)
    assert tables.respondents["respondent_id"].to_list()[0] == "R_R001x"
    assert tables.respondents["ended_at"].to_list()[0] == datetime(2023, 2, 6, 9, 12)
    assert note == ("2 unmapped column(s) kept: 'Response Type', 'Progress'; "
                    "qualtrics export: 2 header row(s) under the column headers read as headers")


def test_title_rows_above_the_header():
    tables, note, results = load_bytes(ex.csv_of(ex.with_title_rows(ex.plain(ex.responses(ex.STAFF)))))
    _expect_staff(tables, results)
    assert note == "3 title row(s) above the header skipped"


def test_totals_average_and_blank_rows_are_not_respondents():
    rows = ex.with_summary_rows(ex.plain(ex.responses(ex.STAFF)))
    tables, note, results = load_bytes(ex.csv_of(rows))
    _expect_staff(tables, results)
    assert tables.respondents.height == 6 and tables.quarantined.height == 0
    # data rows: 1-6 respondents, 7 blank, 8 Total, 9 Average, 10 blank
    assert note == ("2 summary row(s) (totals, averages) not counted as respondents: data row(s) 8, 9; "
                    "2 blank row(s) not counted as respondents: data row(s) 7, 10")
    assert tables.data_quality.rows() == [("blank rows", "data row(s) 7, 10", 2),
                                          ("summary rows", "data row(s) 8, 9", 2)]


def test_cover_sheet_is_passed_over_and_codes_decode_through_the_key_sheet():
    book = workbook_bytes({
        "Cover": [["Probation staff survey"], ["Responses are on the next sheet"]],
        "Responses": ex.plain(ex.coded(ex.responses(ex.STAFF))),
        "Label key": ex.codebook_rows(),
    })
    tables, note, results = load_bytes(book, name="staff.xlsx")
    _expect_staff(tables, results)
    first = tables.answers.filter((pl.col("respondent_id") == "R001")
                                  & (pl.col("question_code") == "staff_supervision_quality"))
    assert first.select("answer_text", "answer").rows() == [("1", "Strongly agree")]
    assert note == ("numeric codes in 3 column(s) decoded through the codebook staff.xlsx sheet 'Label key'; "
                    "data read from sheet 'Responses' of 3")


def test_codes_decode_through_a_codebook_file():
    data = ex.csv_of(ex.plain(ex.coded(ex.responses(ex.STAFF))))
    tables, note, results = load_bytes(data, sidecars={"staff.codebook.csv": ex.csv_of(ex.codebook_rows())})
    _expect_staff(tables, results)
    assert note == "numeric codes in 3 column(s) decoded through the codebook staff.codebook.csv"


def test_codes_as_scale_ordinals_when_the_settings_say_so():
    data = ex.csv_of(ex.plain(ex.coded(ex.responses(ex.STAFF), ex.ORDINAL_CODES)))
    tables, note, results = load_bytes(data, sidecars={"staff.settings.toml": b'codes = "ordinal"\n'})
    _expect_staff(tables, results)


def test_codes_without_a_key_are_rejected_naming_the_columns():
    data = ex.csv_of(ex.plain(ex.coded(ex.responses(ex.STAFF))))
    with pytest.raises(RejectedInput) as err:
        load_bytes(data)
    assert err.value.reason == (
        f"column(s) '{ex.WORKLOAD}', '{ex.SUPERVISION}', '{ex.QUALITY}' hold numeric answer codes and nothing says "
        "what they mean; add a label key sheet (code, label) to the workbook or a codebook file staff.codebook.csv "
        "(column, code, label) beside the extract, or set codes = \"ordinal\" in staff.settings.toml if the codes "
        "are the scale's ordinals")


def test_utf16_tab_separated_unicode_text():
    rows = ex.plain(ex.responses(ex.STAFF, comments=["Don’t know where to start", "", "Café staff", "", "", ""]))
    data = ex.csv_of(rows, sep="\t", encoding="utf-16")
    tables, note, results = load_bytes(data)
    _expect_staff(tables, results)
    comments = tables.answers.filter(tables.answers["question_code"] == "staff_comments")["answer_text"].to_list()
    assert comments == ["Don’t know where to start", None, "Café staff", None, None, None]


def test_mixed_line_endings_and_quoted_headers():
    rows = ex.plain(ex.responses(ex.STAFF))
    rows[0][3] = 'Is your "workload" manageable?'
    tables, note, results = load_bytes(ex.mixed_newlines(rows))
    _expect_staff(tables, results)
    assert tables.columns.select("column_header", "question_code").row(0) == (
        'Is your "workload" manageable?', "staff_workload_manageable")


def test_us_dates_settled_by_a_day_above_12():
    rs = ex.responses(ex.STAFF, first=datetime(2023, 2, 10, 9, 0), step=datetime(2023, 2, 2) - datetime(2023, 2, 1))
    tables, note, _ = load_bytes(ex.csv_of(ex.plain(rs, "%m/%d/%Y %H:%M")))
    assert tables.respondents["started_at"].to_list() == [datetime(2023, 2, d, 9, 0) for d in range(10, 16)]
    assert note is None


def test_uk_dates_settled_by_a_day_above_12():
    rs = ex.responses(ex.STAFF, first=datetime(2023, 2, 10, 9, 0), step=datetime(2023, 2, 2) - datetime(2023, 2, 1))
    tables, note, _ = load_bytes(ex.csv_of(ex.plain(rs, "%d/%m/%Y %H:%M")))
    assert tables.respondents["started_at"].to_list() == [datetime(2023, 2, d, 9, 0) for d in range(10, 16)]


def test_us_dates_with_small_days_settled_by_the_publication_date():
    # 2/6/2023 .. 2/11/2023 day first would be 2 June .. 2 November 2023: after a report published May 2023
    rs = ex.responses(ex.STAFF, first=datetime(2023, 2, 6, 9, 19), step=datetime(2023, 2, 2) - datetime(2023, 2, 1))
    rows = ex.plain(rs, "%m/%d/%Y %H:%M")
    tables, note, _ = load_bytes(ex.csv_of(rows), dates=InspectionDates(date(2023, 5, 1), None))
    assert tables.respondents["started_at"].to_list() == [datetime(2023, 2, d, 9, 19) for d in range(6, 12)]


def test_uk_dates_with_small_days_settled_by_the_fieldwork_date():
    # 06/02/2023 read month first is 2 June 2023: more than two weeks after fieldwork began on 15 May
    rs = ex.responses(ex.STAFF, first=datetime(2023, 2, 6, 9, 0))
    tables, note, _ = load_bytes(ex.csv_of(ex.plain(rs, "%d/%m/%Y %H:%M")))
    assert tables.respondents["started_at"].to_list()[0] == datetime(2023, 2, 6, 9, 0)


def test_ambiguous_dates_load_null_with_a_data_quality_row():
    rs = ex.responses(ex.STAFF, first=datetime(2023, 2, 6, 9, 0))
    tables, note, results = load_bytes(ex.csv_of(ex.plain(rs, "%d/%m/%Y %H:%M")),
                                       dates=InspectionDates(date(2023, 7, 1), None))
    _expect_staff(tables, results)
    assert tables.respondents["started_at"].to_list() == [None] * 6
    assert tables.respondents["ended_at"].to_list() == [None] * 6
    reason = ("dates in 'Start time' and 'End time' are ambiguous: '06/02/2023' reads as 6 February 2023 "
              "(day first) or 2 June 2023 (month first), and nothing in the file or the inspection's dates settles "
              "which; loaded without start and end times: re-export with ISO dates (YYYY-MM-DD) or set dates = "
              "\"day-first\" or \"month-first\" in staff.settings.toml")
    assert note == reason
    assert tables.data_quality.rows() == [("ambiguous dates", reason, 6)]


def test_dates_whose_day_and_month_are_the_same_number_read_the_same_either_way():
    rs = ex.responses(ex.STAFF, first=datetime(2023, 3, 3, 9, 0))
    tables, note, results = load_bytes(ex.csv_of(ex.plain(rs, "%d/%m/%Y %H:%M")),
                                       dates=InspectionDates(date(2023, 7, 1), None))
    _expect_staff(tables, results)
    assert tables.respondents["started_at"].to_list()[0] == datetime(2023, 3, 3, 9, 0)
    assert note is None and tables.data_quality.height == 0


def test_ambiguous_dates_settled_by_the_settings_file():
    rs = ex.responses(ex.STAFF, first=datetime(2023, 2, 6, 9, 0))
    tables, note, _ = load_bytes(ex.csv_of(ex.plain(rs, "%m/%d/%Y %H:%M")), dates=InspectionDates(date(2023, 7, 1), None),
                                 sidecars={"staff.settings.toml": b'dates = "month-first"\n'})
    assert tables.respondents["started_at"].to_list()[0] == datetime(2023, 2, 6, 9, 0)
    assert note is None


def test_a_bad_byte_in_utf8_text_is_rejected_with_its_offset():
    text = ex.csv_of(ex.plain(ex.responses(ex.STAFF, comments=["Café", "", "", "", "", ""])))
    bad = text + b"R007,,,Yes,Agree,Agree,Caf\xe9\r\n"
    offset = len(text) + len("R007,,,Yes,Agree,Agree,Caf")
    with pytest.raises(RejectedInput) as err:
        load_bytes(bad)
    assert err.value.reason == (f"byte {offset} (0xe9) is not valid UTF-8 although the text before it is UTF-8; "
                                "re-save the extract as UTF-8 (e.g. Excel: CSV UTF-8) and put it back")


def test_no_data_sheet_names_the_sheets():
    book = workbook_bytes({"Cover": [["Staff survey"]], "Notes": [["Read me"]]})
    with pytest.raises(RejectedInput) as err:
        load_bytes(book, name="staff.xlsx")
    assert err.value.reason == (
        "no sheet has a respondent ID column (a header such as 'Respondent ID') in its first 30 rows "
        "(sheets: 'Cover', 'Notes'); add the column, or name the data sheet in staff.settings.toml (sheet = \"…\")")


def test_data_sheet_named_in_the_settings():
    rows = ex.plain(ex.responses(ex.STAFF))
    book = workbook_bytes({"Old": rows[:3], "Final": rows})
    tables, note, results = load_bytes(book, name="staff.xlsx", sidecars={"staff.settings.toml": b'sheet = "Final"\n'})
    _expect_staff(tables, results)
    assert xlsx_bytes(rows)  # the single-sheet writer still writes


SHAPES = {
    "plain": lambda rs: ex.csv_of(ex.plain(rs)),
    "surveymonkey": lambda rs: ex.csv_of(ex.surveymonkey(rs, "%Y-%m-%d %H:%M:%S")),
    "qualtrics": lambda rs: ex.csv_of(ex.qualtrics(rs), sep=";"),
    "title rows, utf-16 tab": lambda rs: ex.csv_of(ex.with_title_rows(ex.plain(rs)), sep="\t", encoding="utf-16"),
    "totals": lambda rs: ex.csv_of(ex.with_summary_rows(ex.plain(rs))),
}
ANSWERS = st.tuples(st.sampled_from(["Yes", "No", "Don't know", ""]),
                    st.sampled_from(["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree",
                                     "Strongly disagree", ""]),
                    st.sampled_from(["Strongly agree", "Agree", "Disagree", ""]))


@settings(deadline=None, max_examples=examples(15))  # each example loads an extract into DuckDB
@given(st.lists(ANSWERS, min_size=1, max_size=25), st.sampled_from(sorted(SHAPES)))
def test_every_shape_counts_what_was_written(answers, shape):
    rs = ex.responses(answers)
    _, _, results = load_bytes(SHAPES[shape](rs))
    got = {q: (a, p, n) for q, a, p, n in results.select("question_code", "answered", "positive", "negative").rows()}
    positive = {"Yes", "Strongly agree", "Agree"}
    negative = {"No", "Disagree", "Strongly disagree"}
    expected = {}
    for code, i in (("staff_workload_manageable", 0), ("staff_supervision_frequent", 1),
                    ("staff_supervision_quality", 2)):
        c = Counter(a[i] for a in answers)
        expected[code] = (len(answers) - c[""], sum(c[x] for x in positive), sum(c[x] for x in negative))
    assert got == expected
    assert set(results["respondents"].to_list()) == {len(answers)}


HEADER = "Respondent ID,Is your workload manageable?\r\n"
LATE_EXTRA = (HEADER + "".join(f"r{i},Yes\r\n" for i in range(1, 95)) + "r95,No,surplus\r\n").encode()


@pytest.mark.parametrize("data,reason", [
    ((HEADER + "a,Yes\r\nb,No,extra,more\r\n").encode(),
     "data row 2 has 4 fields but the header 2: a separator inside an answer that is not quoted? "
     "re-export the extract with quoted text"),
    (LATE_EXTRA, "line 96 of the file is not readable CSV (an unclosed quote, or more fields than the header?); "
                 "fix the line or re-export the extract"),
    ((HEADER + 'a,"Yes\r\nb,No\r\n').encode(),
     'the file has an unclosed quote (an odd number of " characters), which would run answers and rows together; '
     "fix the quoting or re-export the extract"),
    ((HEADER + "Café,Yes\r\n").encode("cp1252") + "Café,No\r\n".encode("utf-8"),
     "byte 47 (0xe9) is not valid UTF-8 although the file has UTF-8 text elsewhere (mixed encodings; it was not "
     "guessed); re-save the extract as UTF-8 (e.g. Excel: CSV UTF-8) and put it back"),
    ((HEADER + "a,Yes").encode() + b"\x81\r\n",
     "byte 49 (0x81) is not valid Windows-1252; re-save the extract as UTF-8 (e.g. Excel: CSV UTF-8) and put it back"),
    (b"Staff survey\r\nExported 3 March 2023\r\n",
     "no respondent ID column (a header such as 'Respondent ID') in the first 30 rows; headers are: 'Staff survey'; "
     "add or rename the respondent ID column"),
])
def test_broken_files_are_rejected_saying_what_to_do(data, reason):
    with pytest.raises(RejectedInput) as err:
        load_bytes(data)
    assert err.value.reason == reason


def test_ten_thousand_columns_and_utf16_without_a_mark():
    header = ["Respondent ID", ex.WORKLOAD] + [f"Extra {i}" for i in range(9998)]
    rows = [header] + [[f"r{j}", "Yes" if j else "No"] + ["x"] * 9998 for j in range(3)]
    tables, note, results = load_bytes(ex.csv_of(rows))
    assert results.select("question_code", "answered", "positive").rows() == [("staff_workload_manageable", 3, 2)]
    assert note.startswith("9998 unmapped column(s) kept: 'Extra 0', 'Extra 1'")
    utf16 = (HEADER + "a,Yes\r\nb,No\r\n").encode("utf-16-be")
    _, _, results = load_bytes(utf16)
    assert results.select("answered", "positive", "negative").rows() == [(2, 1, 1)]


def test_microsoft_forms_like():
    rs = ex.responses(ex.STAFF, first=datetime(2023, 2, 13, 9, 0))
    tables, note, results = load_bytes(ex.csv_of(ex.microsoft_forms(rs)))
    _expect_staff(tables, results)
    assert tables.respondents["respondent_id"].to_list() == ["1", "2", "3", "4", "5", "6"]
    assert tables.respondents["ended_at"].to_list()[0] == datetime(2023, 2, 13, 9, 12)
    assert note == "2 unmapped column(s) kept: 'Email', 'Name'"


def test_repeated_header_and_a_footnote_are_not_respondents():
    rows = ex.plain(ex.responses(ex.STAFF))
    pasted = rows[:4] + [rows[0]] + rows[4:] + [["Source: staff survey, February 2023"]]
    tables, note, results = load_bytes(ex.csv_of(pasted))
    _expect_staff(tables, results)
    assert tables.respondents["row_number"].to_list() == [1, 2, 3, 5, 6, 7]
    assert note == ("1 repeated header row(s) not counted as respondents: data row(s) 4; "
                    "1 note row(s) (text in the ID cell only) not counted as respondents: data row(s) 8")


def test_a_question_in_two_columns_is_rejected():
    rows = ex.plain(ex.responses(ex.STAFF))
    rows = [r + [r[3]] for r in rows]  # the workload column exported twice
    with pytest.raises(RejectedInput) as err:
        load_bytes(ex.csv_of(rows))
    assert err.value.reason == (
        f"columns '{ex.WORKLOAD}' (column 4) and '{ex.WORKLOAD}' (column 8) both stand for question "
        "staff_workload_manageable; remove or rename one so each answer is counted once")


@pytest.mark.parametrize("side,reason", [
    ({"staff.settings.toml": b"dates = 'sideways'\n"}, "staff.settings.toml: dates = 'sideways': use \"day-first\" or \"month-first\""),
    ({"staff.settings.toml": b"sheets = 'Data'\n"}, "staff.settings.toml: unknown setting(s) sheets; known: codes, dates, sheet"),
    ({"staff.codebook.csv": b"x,y\n1,2\n"},
     "staff.codebook.csv: the codebook has no code and label columns (header: column, code, label)"),
])
def test_bad_settings_or_codebook_files_are_named(side, reason):
    with pytest.raises(RejectedInput) as err:
        load_bytes(ex.csv_of(ex.plain(ex.responses(ex.STAFF))), sidecars=side)
    assert err.value.reason == reason


def test_lf_and_crlf_mixed_without_lone_cr():
    rows = ex.plain(ex.responses(ex.STAFF))
    data = b"".join(ex.csv_of([r], newline="\r\n" if i % 2 else "\n") for i, r in enumerate(rows))
    tables, note, results = load_bytes(data)
    _expect_staff(tables, results)


def test_qualtrics_numeric_values_decoded_through_a_codebook_of_column_codes():
    rows = ex.qualtrics(ex.coded(ex.responses(ex.STAFF)))
    by_code = {"Q1": ex.WORKLOAD, "Q2_1": ex.SUPERVISION, "Q2_2": ex.QUALITY}
    book = [["variable", "value", "label"]] + [
        [code, c, label] for code, q in by_code.items() for label, c in ex.CHOICE_CODES[ex.SCALES[q]].items()]
    tables, note, results = load_bytes(ex.csv_of(rows), sidecars={"staff.codebook.csv": ex.csv_of(book)})
    _expect_staff(tables, results)
    assert note == ("2 unmapped column(s) kept: 'Response Type', 'Progress'; numeric codes in 3 column(s) decoded "
                    "through the codebook staff.codebook.csv; qualtrics export: 2 header row(s) under the column "
                    "headers read as headers")


def test_surveymonkey_workbook_with_title_rows_under_a_cover_sheet():
    rows = ex.with_title_rows(ex.surveymonkey(ex.responses(ex.STAFF), "%Y-%m-%d %H:%M:%S"))
    book = workbook_bytes({"Cover": [["Staff survey 2023"], ["Prepared for the inspection"]], "Sheet1": rows})
    tables, note, results = load_bytes(book, name="staff.xlsx")
    _expect_staff(tables, results)
    assert note == ("2 unmapped column(s) kept: 'Collector ID', 'IP Address'; 3 title row(s) above the header "
                    "skipped; surveymonkey export: 1 header row(s) under the column headers read as headers; "
                    "data read from sheet 'Sheet1' of 2")


def test_ambiguous_dates_are_shown_with_a_date_whose_readings_differ():
    # 01/01/2023 reads the same both ways; 02/01/2023 does not
    rs = ex.responses(ex.STAFF, first=datetime(2023, 1, 1, 9, 0), step=datetime(2023, 1, 2) - datetime(2023, 1, 1))
    rows = ex.plain(rs, "%d/%m/%Y %H:%M")
    rows[1][1] = "2023-01-01 09:00"  # an ISO value among them is read as ISO
    tables, note, _ = load_bytes(ex.csv_of(rows), dates=InspectionDates(date(2023, 7, 1), None))
    assert note.startswith("dates in 'Start time' and 'End time' are ambiguous: '02/01/2023' reads as "
                           "2 January 2023 (day first) or 1 February 2023 (month first)")


def test_an_extract_with_no_question_of_the_survey_is_rejected():
    data = (HEADER.replace("Is your workload manageable?", "Favourite biscuit") + "a,Digestive\r\n").encode()
    with pytest.raises(RejectedInput) as err:
        load_bytes(data)
    assert err.value.reason == (
        "no column is a question of the staff survey (question columns: 'Favourite biscuit'); check the file is "
        "that survey's extract, or add the headers as header_variants in reference/survey_questions.csv")
