"""Aggregates per inspection x survey x question, the 95% Wilson interval and suppression,
asserted on hand-computed examples."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from tests.survey_helpers import CATALOGUE, csv_bytes, tables_of
from transforms.survey_aggregate import aggregate_answers, wilson_interval

WELLBEING = "How often is enough attention paid to your wellbeing?"
WORKLOAD = "Is your workload manageable?"


def test_wilson_interval_hand_computed():
    # 4 of 5, z = 1.959964: centre = (0.8 + z²/10) / (1 + z²/5) = 0.669656;
    # half = z * sqrt(0.8*0.2/5 + z²/100) / (1 + z²/5) = 0.294121
    low, high = wilson_interval(4, 5)
    assert low == pytest.approx(0.3755346297625253, abs=1e-12)
    assert high == pytest.approx(0.9637758913675698, abs=1e-12)
    assert wilson_interval(0, 5) == pytest.approx((0.0, 0.4344824647831748), abs=1e-12)
    assert wilson_interval(5, 5) == pytest.approx((0.5655175352168251, 1.0), abs=1e-12)


def _results(rows, min_answers):
    tables, _ = tables_of(csv_bytes(rows))
    return aggregate_answers(tables.answers, tables.respondents.height, CATALOGUE.questions, min_answers)


# six respondents: wellbeing answered by 5 (4 positive: Always, Always, Most of the time, Most of
# the time; 1 Never), one blank; workload answered by 6 (Yes 3, No 2, Don't know 1)
ROWS = [["Respondent ID", WELLBEING, WORKLOAD],
        ["1", "Always", "Yes"], ["2", "Always", "No"], ["3", "Most of the time", "Yes"],
        ["4", "most of the time", "no"], ["5", "Never", "Yes"], ["6", "", "Don't know"]]


def test_counts_percentages_and_intervals():
    got = _results(ROWS, 5).select("question_code", "respondents", "answered", "positive", "negative",
                                   "pct_positive", "pct_negative", "ci_low", "ci_high", "suppressed").rows()
    assert got[0][:7] == ("staff_wellbeing_attention", 6, 5, 4, 1, 80.0, 20.0)
    assert got[0][7:9] == pytest.approx((37.55346297625253, 96.37758913675698), abs=1e-9)
    assert got[0][9] is False
    # workload: 3 of 6 (50%); Wilson: centre 0.5, half = z*sqrt(0.25/6 + z²/144)/(1 + z²/6) = 0.3123837
    assert got[1][:7] == ("staff_workload_manageable", 6, 6, 3, 2, 50.0, 100 * 2 / 6)
    assert got[1][7] == pytest.approx(18.7616306, abs=1e-6)
    assert got[1][8] == pytest.approx(81.2383694, abs=1e-6)


def test_suppression_at_the_threshold():
    # wellbeing has 5 answers: shown at min_answers 5, suppressed at 6; workload (6) shown at 6
    at = _results(ROWS, 5).filter(pl.col("question_code") == "staff_wellbeing_attention").row(0, named=True)
    assert (at["suppressed"], at["pct_positive"]) == (False, 80.0)
    above = _results(ROWS, 6).select("question_code", "answered", "pct_positive", "ci_low", "ci_high",
                                     "suppressed", "min_answers").rows()
    assert above == [("staff_wellbeing_attention", 5, None, None, None, True, 6),
                     ("staff_workload_manageable", 6, 50.0, pytest.approx(18.7616306, abs=1e-6),
                      pytest.approx(81.2383694, abs=1e-6), False, 6)]


def test_free_text_and_unmapped_columns_have_no_result_row():
    rows = [["Respondent ID", WORKLOAD, "Any other comments", "Shoe size"], ["1", "Yes", "Fine", "9"]]
    assert _results(rows, 1)["question_code"].to_list() == ["staff_workload_manageable"]


def test_min_answers_below_one_is_refused():
    with pytest.raises(ValueError, match="min_answers must be at least 1, not 0"):
        _results(ROWS, 0)


@settings(deadline=None, max_examples=examples(30))  # each example loads an extract into DuckDB
@given(st.lists(st.sampled_from(["Always", "Most of the time", "Sometimes", "Rarely", "Never", ""]),
                min_size=1, max_size=40), st.integers(1, 12))
def test_result_properties(answers, min_answers):
    rows = [["Respondent ID", WELLBEING]] + [[str(i), a] for i, a in enumerate(answers)]
    row = _results(rows, min_answers).row(0, named=True)
    answered = sum(1 for a in answers if a)
    positive = sum(1 for a in answers if a in ("Always", "Most of the time"))
    assert (row["respondents"], row["answered"], row["positive"]) == (len(answers), answered, positive)
    assert row["suppressed"] == (answered < min_answers)
    if not row["suppressed"]:
        assert row["pct_positive"] == pytest.approx(100 * positive / answered)
        assert row["ci_low"] - 1e-9 <= row["pct_positive"] <= row["ci_high"] + 1e-9
        assert 0 <= row["ci_low"] and row["ci_high"] <= 100 + 1e-9
        assert not math.isnan(row["ci_low"])
