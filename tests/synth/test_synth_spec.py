"""random_spec: determinism and internal consistency of ratings and facts."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synth.framework import CASE_SUPERVISION_CODES, KEY_QUESTIONS, RATED_CODES
from synth.ratings import (
    band_for_percent,
    overall_for_score,
    points,
    raise_band,
)
from synth.spec import random_spec
from tests.conftest import examples

seeds = st.integers(min_value=0, max_value=10**9)


@pytest.mark.parametrize(
    ("percent", "band"),
    [(0, "Inadequate"), (49, "Inadequate"), (50, "Requires improvement"),
     (64, "Requires improvement"), (65, "Good"), (79, "Good"), (80, "Outstanding"),
     (100, "Outstanding")],
)
def test_band_for_percent_boundaries(percent, band):
    assert band_for_percent(percent) == band


@pytest.mark.parametrize(
    ("score", "overall"),
    [(0, "Inadequate"), (6, "Inadequate"), (7, "Requires improvement"),
     (15, "Requires improvement"), (16, "Good"), (24, "Good"), (25, "Outstanding"),
     (27, "Outstanding")],
)
def test_overall_for_score_boundaries(score, overall):
    assert overall_for_score(score) == overall


def test_points_and_raise_band():
    ratings = ("Inadequate", "Requires improvement", "Good", "Outstanding")
    assert [points(r) for r in ratings] == [0, 1, 2, 3]
    assert raise_band("Good") == "Outstanding"
    assert raise_band("Outstanding") == "Outstanding"
    with pytest.raises(ValueError, match="unknown rating 'Fine'"):
        points("Fine")


def test_same_seed_gives_same_spec(make):
    assert make(3) == make(3)
    assert make(3) != make(4)


@settings(max_examples=examples(60), deadline=None)
@given(seed=seeds)
def test_case_supervision_rating_is_band_of_lowest_question(make, seed):
    spec = make(seed)
    assert spec.discretion_code is None
    for code in CASE_SUPERVISION_CODES:
        lowest = min(q.percent_yes for q in spec.questions(code))
        assert spec.rating(code) == band_for_percent(lowest)


@settings(max_examples=examples(60), deadline=None)
@given(seed=seeds, discretion=st.booleans())
def test_score_and_overall_rating_follow_the_nine_ratings(make, seed, discretion):
    spec = make(seed, discretion)
    assert [s.standard_code for s in spec.standards] == list(RATED_CODES)
    assert spec.score == sum(points(s.rating) for s in spec.standards)
    assert 0 <= spec.score <= spec.max_score == 27
    assert spec.overall_rating == overall_for_score(spec.score)


@settings(max_examples=examples(60), deadline=None)
@given(seed=seeds)
def test_discretion_lifts_exactly_one_standard_one_band(make, seed):
    spec = make(seed, discretion=True)
    lifted = [
        code for code in CASE_SUPERVISION_CODES
        if spec.rating(code) != band_for_percent(min(q.percent_yes for q in spec.questions(code)))
    ]
    assert lifted == [spec.discretion_code]
    lowest = min(q.percent_yes for q in spec.questions(spec.discretion_code))
    assert points(spec.rating(spec.discretion_code)) == points(band_for_percent(lowest)) + 1


def test_key_questions_fourteen_in_framework_order(spec):
    assert len(spec.key_questions) == 14
    assert [(q.standard_code, q.question) for q in spec.key_questions] == [
        (code, question) for code, questions in KEY_QUESTIONS.items() for question in questions
    ]
    codes = ("2.1", "2.2", "2.3", "2.4", "2.5", "2.6")
    assert [len(spec.questions(c)) for c in codes] == [1, 3, 3, 3, 3, 1]
    assert all(0 <= q.percent_yes <= 100 for q in spec.key_questions)


def test_finding_seq_counts_from_one_within_each_list(spec):
    lists: dict[tuple, list[int]] = {}
    for f in spec.findings:
        lists.setdefault((f.standard_code, f.subsection, f.kind), []).append(f.seq)
        assert f.kind in ("strength", "improvement")
    assert all(seqs == list(range(1, len(seqs) + 1)) for seqs in lists.values())
    assert ("1.3", "Resettlement work", "strength") in lists
    assert ("1.4", "Feedback from people on probation", "improvement") in lists
    assert ("1.4", "Diversity and inclusion", "strength") in lists


def test_recommendations_number_on_across_addressees(spec):
    assert [r.seq for r in spec.recommendations] == list(range(1, len(spec.recommendations) + 1))
    addressees = [r.addressee for r in spec.recommendations]
    assert addressees == sorted(addressees, key=("PDU", "Region", "HMPPS").index)
    assert set(addressees) == {"PDU", "Region", "HMPPS"}


def test_survey_figures_cover_three_surveys(spec):
    surveys = {f.survey for f in spec.survey_figures}
    assert surveys == {"staff", "people_on_probation", "sentencers"}
    assert 30 <= spec.people_on_probation_respondents <= 85


@settings(max_examples=examples(60), deadline=None)
@given(seed=seeds, month=st.integers(min_value=0, max_value=60))
def test_dates_are_plausible(seed, month):
    published = date(2021 + month // 12, month % 12 + 1, 1)
    spec = random_spec(random.Random(seed), "Wigan", "Greater Manchester", published)
    fieldwork = spec.fieldwork_started_on
    assert fieldwork.weekday() == 0
    assert timedelta(weeks=8) <= published - fieldwork <= timedelta(weeks=16)
    (a0, a1), (b0, b1) = spec.case_sample_windows
    assert a1 - a0 == b1 - b0 == timedelta(days=6)
    assert a1 < b0 < fieldwork
    assert a0.year == a1.year and b0.year == b1.year


def test_rejects_published_on_not_first_of_month():
    message = "published_on must be the first of a month, got 2024-03-05"
    with pytest.raises(ValueError, match=message):
        random_spec(random.Random(1), "Derby City", "East Midlands", date(2024, 3, 5))


def test_rejects_unit_name_with_pdu_suffix():
    with pytest.raises(ValueError, match="without 'PDU', got 'Derby City PDU'"):
        random_spec(random.Random(1), "Derby City PDU", "East Midlands", date(2024, 3, 1))
