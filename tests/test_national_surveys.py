"""The national sample's survey extracts (synth/national_surveys.py): one of each survey for
every inspection, and every one loads. Expected values come from the generator's plan (the
report's spec and the extract's plan), never from the loaded output."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synth.generate import sample_spec
from synth.national import inspection_id, load_units, national_sample
from synth.national_surveys import AMBIGUOUS_SHARE, SHAPES, extract_files, national_extracts
from synth.surveys import MEASURE_QUESTIONS

SEED = 2023  # `inspections generate --national` default
#: Three PDUs (six inspections, 18 extracts) whose extracts, with the default seed, come in every
#: shape of SHAPES, with day-first, month-first and ambiguous dates, a deliberate disagreement
#: (Cwm Taf Morgannwg 2025 staff) and a figure the stated respondents cannot give (Oldham 2025).
PDUS = ("Essex North", "Oldham", "Cwm Taf Morgannwg")


@pytest.fixture(scope="module")
def full():
    reports = national_sample(SEED)
    return reports, national_extracts(reports, SEED)


def test_every_inspection_has_one_extract_of_each_survey(full):
    reports, extracts = full
    assert len(reports) == 220
    assert Counter((e.inspection_id, e.survey) for e in extracts) == {
        (inspection_id(r), s): 1 for r in reports for s in ("staff", "people_on_probation", "sentencers")}


def test_mostly_plain_exports_and_a_share_of_each_platform_shape(full):
    _, extracts = full
    shapes = Counter(e.shape for e in extracts)
    assert set(shapes) == set(SHAPES)
    plain = sum(shapes[s] for s in ("plain", "plain-uk", "plain-cp1252", "xlsx"))
    assert 0.55 < plain / len(extracts) < 0.75  # 65 of every 100 by weight
    assert all(shapes[s] >= 10 for s in SHAPES)  # every reader is exercised many times


def test_sizes_are_a_pdu_surveys_and_people_on_probation_as_the_report_states(full):
    reports, extracts = full
    by_id = {inspection_id(r): r for r in reports}
    for e in extracts:
        assert {"staff": 45, "people_on_probation": 30, "sentencers": 12}[e.survey] <= e.respondents <= 120, e
        if e.survey == "people_on_probation":
            assert e.respondents == sample_spec(by_id[e.inspection_id], SEED).people_on_probation_respondents


def test_dates_carry_their_evidence_and_only_a_few_are_ambiguous(full):
    _, extracts = full
    ambiguous = [e for e in extracts if e.dates == "ambiguous"]
    assert 1 <= len(ambiguous) <= 3 * AMBIGUOUS_SHARE * len(extracts)
    for e in extracts:
        if e.dates in ("day-first", "month-first") and e.shape != "plain-cp1252":  # (its settings file says)
            assert 13 <= e.first_start.day <= 24, e  # a day above 12 settles the order
        if e.dates == "ambiguous":  # every day 1-5, below its month: both readings are possible
            assert e.first_start.day == 1 and e.first_start.month >= 5, e


def test_an_inspections_extracts_do_not_depend_on_the_other_pdus(full):
    _, extracts = full
    alone = national_extracts(national_sample(SEED, pdus=["Oldham"]), SEED)
    assert alone and all(e in extracts for e in alone)


@settings(max_examples=12, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10**6), unit=st.sampled_from([u.name for u in load_units()[0]]), rnd=st.sampled_from([1, 2]))
def test_any_seeds_extracts_read_back_as_planned(seed, unit, rnd):
    """Each extract of one inspection, for any seed, read by the real reader (header, rows, dates
    and results in DuckDB): its respondents, its dates (null only when planned ambiguous), and
    every stated figure reproduced unless the plan says it disagrees."""
    from tests.survey_helpers import load_bytes
    from warehouse.survey_load import InspectionDates

    reports = national_sample(seed, [rnd], [unit])
    for report in reports[-1:]:  # a successor PDU brings its predecessors: its own report is last
        spec = sample_spec(report, seed)
        stated = {(f.survey, MEASURE_QUESTIONS[f.measure]): f.percent for f in spec.survey_figures}
        for extract in national_extracts([report], seed):
            files = extract_files(extract, seed)
            sidecars = {name: data for name, data in files.items() if name != extract.file_name}
            tables, _, results = load_bytes(files[extract.file_name], extract.file_name, extract.survey,
                                            extract.inspection_id, sidecars,
                                            InspectionDates(report.published_on, spec.fieldwork_started_on), 10)
            where = (seed, extract.relative_path, extract.shape)
            assert tables.respondents.height == extract.respondents, where
            nulls = tables.respondents["started_at"].null_count()  # every start, or none when ambiguous
            assert nulls == (extract.respondents if extract.dates == "ambiguous" else 0), where
            got = {q: p for q, p in zip(results["question_code"], results["pct_positive"])}
            for (survey, code), percent in stated.items():
                if survey == extract.survey:
                    agrees = round(got[code]) == percent
                    assert agrees == (code not in extract.plan.disagreeing), (where, code, got[code], percent)


# --- the real pipeline on three PDUs ----------------------------------------------------------

@pytest.fixture(scope="module")
def loaded(tmp_path_factory, prefect_harness):
    """(spec reports, planned extracts, warehouse connection) for PDUS generated by the CLI and
    loaded by the real pipeline."""
    from flows.pipeline import run_pipeline
    from inspections.cli import main

    folder = tmp_path_factory.mktemp("national-surveys")
    assert main(["generate", "--national", "--pdus", ";".join(PDUS), "--out", str(folder / "raw" / "reports")]) == 0
    summary = run_pipeline(folder / "raw", folder / "inspections.duckdb", progress="off")
    reports = national_sample(SEED, pdus=PDUS)
    with duckdb.connect(str(folder / "inspections.duckdb"), read_only=True) as con:
        yield reports, national_extracts(reports, SEED), con, summary, folder


def _rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_the_subset_exercises_every_shape_and_date_evidence(loaded):
    reports, extracts, *_ = loaded
    assert len(reports) == 6 and len(extracts) == 18
    assert {e.shape for e in extracts} == set(SHAPES)
    assert {e.dates for e in extracts} == {"iso", "day-first", "month-first", "ambiguous"}
    assert any(e.disagrees for e in extracts) and any(e.plan.disagreeing and not e.disagrees for e in extracts)


def test_every_extract_is_in_the_ledger_as_loaded(loaded):
    reports, extracts, con, summary, folder = loaded
    assert summary.ok
    written = sorted(str(p.relative_to(folder)) for p in (folder / "raw" / "surveys").rglob("*")
                     if p.suffix in (".csv", ".xlsx") and not p.name.endswith(".codebook.csv"))
    assert written == sorted(f"raw/surveys/{e.relative_path}" for e in extracts)
    assert sorted(_rows(con, "SELECT source_file, status, inspection_id FROM mart.load_ledger "
                             "WHERE input_kind = 'survey'")) == sorted(
        (f"raw/surveys/{e.relative_path}", "loaded", e.inspection_id) for e in extracts)
    assert _rows(con, "SELECT count(*) FROM mart.load_ledger WHERE status <> 'loaded'") == [(0,)]


def test_respondents_per_survey_are_the_plans(loaded):
    _, extracts, con, *_ = loaded
    got = _rows(con, "SELECT DISTINCT inspection_id, survey, respondents FROM mart.survey_results")
    assert sorted(got) == sorted((e.inspection_id, e.survey, e.respondents) for e in extracts)


def test_reconciliation_agrees_where_the_plan_says_it_does(loaded):
    reports, extracts, con, *_ = loaded
    disagreeing = {(e.inspection_id, e.survey, code) for e in extracts for code in e.plan.disagreeing}
    expected = sorted(
        (inspection_id(r), f.survey, MEASURE_QUESTIONS[f.measure], float(f.percent),
         (inspection_id(r), f.survey, MEASURE_QUESTIONS[f.measure]) not in disagreeing)
        for r in reports for f in sample_spec(r, SEED).survey_figures)
    got = _rows(con, "SELECT inspection_id, survey, question_code, report_stated_pct, agrees_with_report "
                     "FROM mart.survey_reconciliation")
    assert sorted(got) == expected
    assert any(not agrees for *_, agrees in expected) and any(agrees for *_, agrees in expected)


def test_only_the_ambiguous_extracts_load_without_times(loaded):
    _, extracts, con, *_ = loaded
    ambiguous = sorted((e.inspection_id, e.survey) for e in extracts if e.dates == "ambiguous")
    assert sorted(_rows(con, "SELECT inspection_id, survey FROM mart.survey_data_quality "
                             "WHERE issue = 'ambiguous dates'")) == ambiguous
    timed = _rows(con, "SELECT inspection_id, survey, min(started_at) FROM detail.survey_answers "
                       "GROUP BY ALL HAVING count(started_at) > 0")
    assert sorted((i, s) for i, s, _ in timed) == sorted(
        (e.inspection_id, e.survey) for e in extracts if e.dates != "ambiguous")
    # the first respondent starts when the plan says, whichever order the file writes dates in
    # (an ID column may hold the platform's own number: compare the earliest start)
    for i, s, first in timed:
        planned = next(e.first_start for e in extracts if (e.inspection_id, e.survey) == (i, s))
        assert planned <= first <= planned + timedelta(minutes=30), (i, s)
