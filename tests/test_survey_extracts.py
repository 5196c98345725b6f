"""Reading survey extracts: encodings, separators, XLSX, header and answer matching, and every
way a file is rejected or an answer quarantined. Small inline extracts, exact values."""

from __future__ import annotations

import io
from datetime import datetime

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import RejectedInput
from synth.xlsx import xlsx_bytes
from tests.survey_helpers import csv_bytes, tables_of
from transforms.survey_read import read_csv_source, sniff_separator
from core.text_keys import header_key, text_key, text_key_expr

WORKLOAD = "Is your workload manageable?"
WELLBEING = "How often is enough attention paid to your wellbeing?"
ROWS = [
    ["Respondent ID", "Start time", "End time", WORKLOAD, WELLBEING],
    ["r1", "2023-02-06 09:00:00", "2023-02-06 09:10:00", "Yes", "Always"],
    ["r2", "2023-02-06 10:00:00", "2023-02-06 10:05:00", "No", "Never"],
    ["r3", "", "", "Don’t know", "Most of the time"],
]


def _answers(tables) -> list[tuple]:
    return (tables.answers.sort("respondent_id", "column_index")
            .select("respondent_id", "question_code", "answer", "answer_ordinal", "is_positive").rows())


EXPECTED = [
    ("r1", "staff_workload_manageable", "Yes", 2, True),
    ("r1", "staff_wellbeing_attention", "Always", 5, True),
    ("r2", "staff_workload_manageable", "No", 1, False),
    ("r2", "staff_wellbeing_attention", "Never", 1, False),
    ("r3", "staff_workload_manageable", "Don't know", 0, False),
    ("r3", "staff_wellbeing_attention", "Most of the time", 4, True),
]


@pytest.mark.parametrize("encoding,sep,expected_encoding", [
    ("utf-8", ",", "utf-8"),
    ("utf-8", ";", "utf-8"),
    ("utf-8-sig", ",", "utf-8-sig"),
    ("utf-8-sig", ";", "utf-8-sig"),
    ("cp1252", ",", "cp1252"),
    ("cp1252", ";", "cp1252"),
])
def test_each_encoding_and_separator_reads_the_same(encoding, sep, expected_encoding, tmp_path):
    data = csv_bytes(ROWS, sep, encoding)
    (tmp_path / "staff.csv").write_bytes(data)
    source = read_csv_source(tmp_path / "staff.csv", "staff.csv")
    assert (source.encoding, source.separator) == (expected_encoding, sep)
    assert source.layout.columns[0].header == "Respondent ID"  # the BOM is not part of the first header
    tables, _ = tables_of(data)
    assert _answers(tables) == EXPECTED
    assert tables.respondents["started_at"].to_list()[:2] == [datetime(2023, 2, 6, 9), datetime(2023, 2, 6, 10)]
    assert tables.respondents["ended_at"].to_list()[2] is None


def test_semicolon_file_whose_headers_contain_commas():
    header = ["Respondent ID", "Enough attention is paid to my safety, and to action and learning after incidents"]
    data = csv_bytes([header, ["a", "Agree"], ["b", "Strongly disagree"]], ";")
    assert sniff_separator(data.decode(), "staff.csv")[0] == ";"
    tables, _ = tables_of(data)
    assert tables.answers.select("respondent_id", "question_code", "is_positive").rows() == [
        ("a", "staff_safety_attention", True), ("b", "staff_safety_attention", False)]


def test_xlsx_written_by_a_spreadsheet_library():
    frame = pl.DataFrame({"Respondent ID": [101, 102, 103], WORKLOAD: ["Yes", "no", None],
                          WELLBEING: ["Rarely", "Sometimes", "Always"]})
    buffer = io.BytesIO()
    frame.write_excel(buffer)
    tables, _ = tables_of(buffer.getvalue(), "staff.xlsx")
    assert tables.respondents["respondent_id"].to_list() == ["101", "102", "103"]
    assert _answers(tables) == [
        ("101", "staff_workload_manageable", "Yes", 2, True),
        ("101", "staff_wellbeing_attention", "Rarely", 2, False),
        ("102", "staff_workload_manageable", "No", 1, False),
        ("102", "staff_wellbeing_attention", "Sometimes", 3, False),
        ("103", "staff_workload_manageable", None, None, None),
        ("103", "staff_wellbeing_attention", "Always", 5, True),
    ]


def test_xlsx_of_the_synthetic_writer():
    tables, _ = tables_of(xlsx_bytes(ROWS), "staff.xlsx")
    assert _answers(tables) == EXPECTED


def test_answers_match_tolerant_of_case_spacing_and_curly_quotes():
    data = csv_bytes([["respondent_id", "  is your   WORKLOAD manageable? "],
                      ["a", "  YES "], ["b", "don‘t   know"], ["c", "No"]])
    tables, _ = tables_of(data)
    assert tables.answers.select("answer", "answer_text").rows() == [
        ("Yes", "YES"), ("Don't know", "don‘t   know"), ("No", "No")]
    assert tables.quarantined.height == 0


def test_header_with_a_question_number_maps():
    assert header_key("Q7.  Is your workload  manageable?") == "is your workload manageable?"


def test_unknown_column_is_kept_unmapped_and_reported():
    data = csv_bytes([["Respondent ID", WORKLOAD, "Favourite biscuit"], ["a", "Yes", "Digestive"], ["b", "No", ""]])
    tables, _ = tables_of(data)
    assert tables.unmapped_headers == ["Favourite biscuit"]
    assert tables.columns.select("column_index", "column_header", "question_code").rows() == [
        (2, WORKLOAD, "staff_workload_manageable"), (3, "Favourite biscuit", None)]
    unmapped = tables.answers.filter(pl.col("question_code").is_null())
    assert unmapped.select("respondent_id", "answer_text", "answer").rows() == [("a", "Digestive", None), ("b", None, None)]


def test_answer_outside_the_scale_is_quarantined_naming_file_respondent_and_column():
    data = csv_bytes([["Respondent ID", WORKLOAD], ["a", "Yes"], ["b", "Sometimes"], ["c", "No"]])
    tables, _ = tables_of(data, "odd.csv")
    assert tables.quarantined.select("source_file", "respondent_id", "column_header", "answer_text", "reason").rows() == [
        ("odd.csv", "b", WORKLOAD, "Sometimes", "answer not on the question's scale (yes_no)")]
    assert tables.answers["respondent_id"].to_list() == ["a", "c"]


def test_one_column_counted_as_several_catalogue_questions():
    data = csv_bytes([["Respondent ID", "What type of supervision are you on?"],
                      ["a", "Community sentence"], ["b", "Licence or post-sentence supervision"]])
    tables, _ = tables_of(data, "people-on-probation.csv", "people_on_probation")
    assert sorted(tables.answers.select("respondent_id", "question_code", "is_positive").rows()) == [
        ("a", "pop_sentence_community", True), ("a", "pop_sentence_post_sentence", False),
        ("b", "pop_sentence_community", False), ("b", "pop_sentence_post_sentence", True)]


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file"),
    (b"\xef\xbb\xbf  \r\n", "empty file"),
    (csv_bytes([["Respondent ID", WORKLOAD]]), "empty extract: a header but no respondent rows"),
    (csv_bytes([["Name", WORKLOAD], ["a", "Yes"]]),
     "no respondent ID column (a header such as 'Respondent ID') in the first 30 rows; headers are: 'Name', "
     "'Is your workload manageable?'; add or rename the respondent ID column"),
    (csv_bytes([["Respondent ID", WORKLOAD], ["a", "Yes"], ["b", "No"], ["a", "No"]]),
     "duplicate respondent IDs: 'a' on data rows 1, 3; each respondent must appear once"),
    (csv_bytes([["Respondent ID", WORKLOAD], ["a", "Yes"], ["", "No"]]), "respondent ID missing on data row(s) 2; give every respondent an ID"),
    (csv_bytes([["ID", "Respondent ID", WORKLOAD], ["1", "a", "Yes"]]),
     "several respondent ID columns: 'ID', 'Respondent ID'; keep one"),
    (csv_bytes([["Respondent ID", "Start time", WORKLOAD], ["a", "yesterday", "Yes"]]),
     "column 'Start time' has a value that is not a date and time: 'yesterday' (respondent 'a'); 1 such value(s); "
     "write dates as YYYY-MM-DD hh:mm"),
])
def test_rejections_name_the_reason(data, reason):
    with pytest.raises(RejectedInput) as err:
        tables_of(data)
    assert err.value.reason == reason


def test_empty_xlsx_is_rejected():
    with pytest.raises(RejectedInput) as err:
        tables_of(xlsx_bytes([["Respondent ID", WORKLOAD]]), "staff.xlsx")
    assert err.value.reason == "empty extract: a header but no respondent rows"


@given(st.text(alphabet=st.sampled_from(list("aB ’‘“”'\"\t\u00a0xY")), max_size=20))
def test_text_key_agrees_with_its_polars_expression(text):
    assert pl.select(text_key_expr(pl.lit(text))).item() == text_key(text)
