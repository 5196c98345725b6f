"""The survey ingest on a real Prefect engine and real DuckDB files: the real Cumbria report
plus the Cumbria extracts (tests/cases/surveys/cumbria-2023-07) reconcile on every stated
survey figure; files tied to no inspection are rejected; loads are idempotent and atomic."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from flows.ingest_reports import ingest_reports
from flows.ingest_surveys import ingest_surveys
from flows.pipeline import run_pipeline
from synth.generate import DEFAULT_SAMPLE
from synth.xlsx import xlsx_bytes
from synth.surveys import write_cumbria_cases, write_sample_surveys
from tests.conftest import CUMBRIA, PROJECT
from tests.survey_helpers import csv_bytes
from warehouse import store

pytestmark = pytest.mark.usefixtures("prefect_harness")
CASES = PROJECT / "tests" / "cases" / "surveys" / "cumbria-2023-07"

#: seq of the stated figure -> (question, answered, computed %, stated %), computed by hand from
#: the counts in synth.surveys.CUMBRIA_PLANS
CUMBRIA_RECONCILED = {
    4: ("pop_asked_views_supervision", 60, 100 * 27 / 60, 45.0),
    5: ("staff_supervision_frequent", 78, 100 * 69 / 78, 88.0),
    6: ("staff_supervision_quality", 80, 100 * 63 / 80, 79.0),
    7: ("staff_wellbeing_attention", 80, 100 * 44 / 80, 55.0),
    11: ("staff_workload_manageable", 80, 100 * 64 / 80, 80.0),  # stated as the negative outcome
    15: ("staff_work_recognised", 78, 100 * 41 / 78, 53.0),
    22: ("pop_services_relevant", 61, 100 * 33 / 61, 54.0),
    27: ("staff_safety_attention", 80, 100 * 59 / 80, 74.0),
    28: ("staff_learning_culture", 80, 100 * 65 / 80, 81.0),
    29: ("pop_ethnicity_white", 61, 100 * 56 / 61, 92.0),
    30: ("pop_sentence_community", 61, 100 * 26 / 61, 43.0),
    31: ("pop_sentence_post_sentence", 61, 100 * 34 / 61, 56.0),
    32: ("pop_contact_practitioner", 59, 100 * 45 / 59, 76.0),
    33: ("pop_private_conversations", 61, 100 * 50 / 61, 82.0),
    34: ("pop_safe_office", 61, 100 * 40 / 61, 66.0),
    35: ("pop_helped_access_services", 61, 100 * 33 / 61, 54.0),
    36: ("pop_services_local", 61, 100 * 34 / 61, 56.0),
    37: ("pop_services_timely", 61, 100 * 34 / 61, 56.0),
    38: ("pop_say_in_service", 55, 100 * 25 / 55, 45.0),
}


def _rows(path, sql, params=None):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture
def cumbria_raw(tmp_path):
    raw = tmp_path / "raw"
    (raw / "reports").mkdir(parents=True)
    shutil.copy(CUMBRIA, raw / "reports" / CUMBRIA.name)
    shutil.copytree(CASES, raw / "surveys" / "cumbria-2023-07")
    return raw


def test_cumbria_cases_are_what_the_generator_writes(tmp_path):
    written = write_cumbria_cases(tmp_path)
    assert sorted(p.name for p in CASES.iterdir()) == sorted(p.name for p in written)
    for path in written:
        assert (CASES / path.name).read_bytes() == path.read_bytes(), path.name


def test_raw_surveys_are_what_the_generator_writes(tmp_path):
    written = write_sample_surveys(tmp_path, DEFAULT_SAMPLE, 2023)
    shipped = sorted(str(p.relative_to(PROJECT / "raw" / "surveys")) for p in (PROJECT / "raw" / "surveys").rglob("*")
                     if p.is_file())
    assert shipped == sorted(str(p.relative_to(tmp_path)) for p in written)
    for path in written:
        assert (PROJECT / "raw" / "surveys" / path.relative_to(tmp_path)).read_bytes() == path.read_bytes()


def test_every_cumbria_survey_figure_agrees_with_the_extracts(cumbria_raw, warehouse_file):
    ingest_reports(cumbria_raw, warehouse_file)
    summary = ingest_surveys(cumbria_raw, warehouse_file)
    assert [(o.source_file, o.status, o.kind) for o in summary.outcomes] == [
        ("raw/surveys/cumbria-2023-07/people-on-probation.csv", "loaded", "survey"),
        ("raw/surveys/cumbria-2023-07/sentencers.xlsx", "loaded", "survey"),
        ("raw/surveys/cumbria-2023-07/staff.csv", "loaded", "survey"),
    ]
    stated = _rows(warehouse_file, "SELECT seq FROM mart.stated_figures WHERE inspection_id = 'cumbria-2023-07' "
                   "AND measure LIKE '%survey' ORDER BY seq")
    assert [s for (s,) in stated] == sorted(CUMBRIA_RECONCILED)
    got = _rows(warehouse_file, "SELECT seq, question_code, answered, computed_pct, report_stated_pct, "
                "agrees_with_report, report_states FROM mart.survey_reconciliation ORDER BY seq")
    assert [(s, q, a, st, ag) for s, q, a, _, st, ag, _ in got] == [
        (s, q, a, st, True) for s, (q, a, _, st) in CUMBRIA_RECONCILED.items()]
    for seq, _, _, computed, _, _, states in got:
        assert computed == pytest.approx(CUMBRIA_RECONCILED[seq][2], abs=1e-9)
        assert states == ("negative" if seq == 11 else "positive")
    # the same figures, beside the computed values, in mart.survey_results
    results = _rows(warehouse_file, "SELECT question_code, respondents, report_stated_pct, agrees_with_report "
                    "FROM mart.survey_results WHERE report_stated_pct IS NOT NULL ORDER BY question_code")
    assert len(results) == 19 and all(r[3] is True for r in results)
    assert dict((q, n) for q, n, _, _ in results)["pop_contact_practitioner"] == 61
    workload = _rows(warehouse_file, "SELECT pct_positive, pct_negative FROM mart.survey_results "
                     "WHERE question_code = 'staff_workload_manageable'")
    assert workload == [(100 * 14 / 80, 80.0)]
    # seven sentencers: below the default threshold of 10, every percentage is suppressed
    assert _rows(warehouse_file, "SELECT question_code, answered, pct_positive, suppressed FROM mart.survey_results "
                 "WHERE survey = 'sentencers' ORDER BY 1") == [
        ("sent_breach_quality", 7, None, True), ("sent_confident_advice", 7, None, True),
        ("sent_service_at_court", 7, None, True)]


def test_surveys_before_their_report_are_rejected_then_load_when_it_arrives(cumbria_raw, warehouse_file):
    report = cumbria_raw / "reports" / CUMBRIA.name
    report.rename(cumbria_raw / "held-back.txt")
    first = ingest_surveys(cumbria_raw, warehouse_file, min_answers=5)
    assert {o.status for o in first.outcomes} == {"rejected"}
    assert first.outcomes[0].reason == (
        "no inspection of unit 'cumbria' published 2023-07 is loaded (inspection cumbria-2023-07); "
        "load its report first: the file is tried again next run")
    (cumbria_raw / "held-back.txt").rename(report)
    second = run_pipeline(cumbria_raw, warehouse_file, min_answers=5)
    assert [o.status for o in second.outcomes] == ["loaded"] * 4
    assert _rows(warehouse_file, "SELECT count(*), count(*) FILTER (agrees_with_report) FROM mart.survey_results "
                 "WHERE report_stated_pct IS NOT NULL") == [(19, 19)]
    # min_answers 5: seven sentencers are enough
    assert _rows(warehouse_file, "SELECT pct_positive, min_answers FROM mart.survey_results "
                 "WHERE question_code = 'sent_service_at_court'") == [(100.0, 5)]


def test_second_run_adds_nothing(cumbria_raw, warehouse_file):
    ingest_reports(cumbria_raw, warehouse_file)
    ingest_surveys(cumbria_raw, warehouse_file)
    counts = _rows(warehouse_file, "SELECT (SELECT count(*) FROM detail.survey_answers), "
                   "(SELECT count(*) FROM staging.survey_results), (SELECT count(*) FROM staging.survey_respondents)")
    assert counts == [(61 * 12 + 80 * 8 + 7 * 3, 22, 148)]
    second = ingest_surveys(cumbria_raw, warehouse_file)
    assert [o.status for o in second.outcomes] == ["already loaded"] * 3
    assert _rows(warehouse_file, "SELECT (SELECT count(*) FROM detail.survey_answers), "
                 "(SELECT count(*) FROM staging.survey_results), (SELECT count(*) FROM staging.survey_respondents)") == counts
    assert _rows(warehouse_file, "SELECT status, count(*) FROM mart.load_ledger WHERE input_kind = 'survey' "
                 "GROUP BY 1 ORDER BY 1") == [("already loaded", 3), ("loaded", 3)]


def test_files_tied_to_no_inspection_and_bad_files_are_rejected_with_reasons(cumbria_raw, warehouse_file):
    surveys = cumbria_raw / "surveys"
    ok = csv_bytes([["Respondent ID", "Is your workload manageable?"], ["a", "Yes"]])
    (surveys / "loose-staff.csv").write_bytes(ok)
    (surveys / "cumbria-july-2023").mkdir()
    (surveys / "cumbria-july-2023" / "staff.csv").write_bytes(ok)
    (surveys / "cumbria-2023-07" / "managers.csv").write_bytes(ok)
    (surveys / "kent-2023-07").mkdir()
    (surveys / "kent-2023-07" / "staff.csv").write_bytes(ok)
    (surveys / "cumbria-2023-07" / "staff.pdf").write_bytes(b"%PDF")
    (surveys / "cumbria-2023-07" / "staff.xlsx").write_bytes(xlsx_bytes([["Respondent ID"], ["z"]]))
    (surveys / "cumbria-2023-07" / "staff-survey.settings.toml").write_bytes(b'dates = "day-first"\n')
    ingest_reports(cumbria_raw, warehouse_file)
    summary = ingest_surveys(cumbria_raw, warehouse_file)
    reasons = {o.source_file: (o.status, o.reason) for o in summary.outcomes}
    layout = "surveys/<unit>-<YYYY>-<MM>/<survey>.csv or .xlsx, e.g. surveys/cumbria-2023-07/staff.csv"
    assert reasons == {
        "raw/surveys/loose-staff.csv": ("rejected", f"cannot tie to an inspection: not in a folder named for one ({layout}); "
                                                "judged by its path, not read"),
        "raw/surveys/cumbria-july-2023/staff.csv": (
            "rejected", f"cannot tie to an inspection: folder 'cumbria-july-2023' is not <unit>-<YYYY>-<MM> ({layout})"),
        "raw/surveys/cumbria-2023-07/managers.csv": (
            "rejected", "file name 'managers' names no survey (expected one of staff, people-on-probation, sentencers)"),
        "raw/surveys/kent-2023-07/staff.csv": (
            "rejected", "no inspection of unit 'kent' published 2023-07 is loaded (inspection kent-2023-07); "
                        "load its report first: the file is tried again next run"),
        "raw/surveys/cumbria-2023-07/staff.pdf": ("rejected", "not a survey extract (suffix .pdf; expected .csv or .xlsx)"),
        "raw/surveys/cumbria-2023-07/staff-survey.settings.toml": (
            "rejected", "a settings.toml file with no extract beside it (expected staff-survey.csv or "
                        "staff-survey.xlsx in the same folder)"),
        "raw/surveys/cumbria-2023-07/staff.xlsx": (
            "rejected", "survey staff of inspection cumbria-2023-07 is already loaded from "
                        f"raw/surveys/cumbria-2023-07/staff.csv (sha256 {_sha_prefix(cumbria_raw)}); "
                        "one file per survey per inspection"),
        "raw/surveys/cumbria-2023-07/people-on-probation.csv": ("loaded", None),
        "raw/surveys/cumbria-2023-07/sentencers.xlsx": ("loaded", None),
        "raw/surveys/cumbria-2023-07/staff.csv": ("loaded", None),
    }
    ledger = _rows(warehouse_file, "SELECT source_file, status FROM mart.load_ledger WHERE input_kind = 'survey'")
    assert sorted(ledger) == sorted((f, s) for f, (s, _) in reasons.items())


def _sha_prefix(raw):
    import hashlib
    return hashlib.sha256((raw / "surveys" / "cumbria-2023-07" / "staff.csv").read_bytes()).hexdigest()[:12]


def test_out_of_scale_answer_and_unknown_column_load_with_a_note(cumbria_raw, warehouse_file):
    shutil.rmtree(cumbria_raw / "surveys" / "cumbria-2023-07")
    (cumbria_raw / "surveys" / "cumbria-2023-07").mkdir()
    (cumbria_raw / "surveys" / "cumbria-2023-07" / "staff.csv").write_bytes(csv_bytes(
        [["Respondent ID", "Is your workload manageable?", "Team name"], ["a", "Yes", "North"], ["b", "Maybe", "South"]]))
    ingest_reports(cumbria_raw, warehouse_file)
    summary = ingest_surveys(cumbria_raw, warehouse_file, min_answers=1)
    assert [(o.status, o.reason) for o in summary.outcomes] == [(
        "loaded", "1 unmapped column(s) kept: 'Team name'; 1 answer(s) quarantined (not on the scale), "
                  "e.g. respondent 'b' column 'Is your workload manageable?': 'Maybe'")]
    assert _rows(warehouse_file, "SELECT source_file, respondent_id, column_header, answer_text, reason "
                 "FROM mart.quarantined_answers") == [
        ("raw/surveys/cumbria-2023-07/staff.csv", "b", "Is your workload manageable?", "Maybe",
         "answer not on the question's scale (yes_no)")]
    assert _rows(warehouse_file, "SELECT respondents, answered, pct_positive FROM mart.survey_results") == [(2, 1, 100.0)]
    assert _rows(warehouse_file, "SELECT column_header, mapped FROM mart.survey_columns ORDER BY column_index") == [
        ("Is your workload manageable?", True), ("Team name", False)]
    assert _rows(warehouse_file, "SELECT respondent_id, answer_text FROM detail.survey_answers "
                 "WHERE question_code IS NULL ORDER BY 1") == [("a", "North"), ("b", "South")]


def test_a_failed_load_leaves_no_partial_rows(cumbria_raw, warehouse_file, reference):
    ingest_reports(cumbria_raw, warehouse_file)
    with store.connect(warehouse_file) as con:  # a row holding one of the staff results' keys
        con.execute("INSERT INTO staging.survey_results VALUES ('cumbria-2023-07', 'staff', "
                    "'staff_learning_culture', 1, 1, 1, 0, 100, 0, 20, 100, false, 1, 'x')")
    summary = ingest_surveys(cumbria_raw, warehouse_file)
    staff = next(o for o in summary.outcomes if o.source_file.endswith("staff.csv"))
    assert staff.status == "rejected" and staff.reason.startswith("unexpected ConstraintException")
    assert _rows(warehouse_file, "SELECT survey, count(*) FROM staging.survey_respondents GROUP BY 1 ORDER BY 1") == [
        ("people_on_probation", 61), ("sentencers", 7)]
    assert _rows(warehouse_file, "SELECT count(*) FROM detail.survey_answers WHERE survey = 'staff'") == [(0,)]
    assert _rows(warehouse_file, "SELECT count(*) FROM raw.survey_files WHERE survey = 'staff'") == [(0,)]


def test_sample_run_shows_both_outcomes_of_the_reconciliation(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    summary = run_pipeline(PROJECT / "raw", warehouse)
    assert summary.ok
    assert len(summary.of("loaded")) == len(DEFAULT_SAMPLE) + 15
    assert _rows(warehouse, "SELECT agrees_with_report, count(*) FROM mart.survey_results "
                 "WHERE report_stated_pct IS NOT NULL GROUP BY 1 ORDER BY 1") == [(False, 1), (True, 34)]
    assert _rows(warehouse, "SELECT inspection_id, question_code, report_stated_pct FROM mart.survey_results "
                 "WHERE NOT agrees_with_report") == [("derby-city-2024-01", "staff_training_relevant", 73.0)]
    assert _rows(warehouse, "SELECT count(*) FROM mart.survey_reconciliation WHERE question_code IS NULL") == [(0,)]
