"""The real Cumbria report (HM Inspectorate of Probation, July 2023) parses to the facts a
person reads in it. Every expected value here was read from the report by eye; text is
checked by short fragments so that the report's sentences are not copied into the project."""

from __future__ import annotations

import datetime as dt
import hashlib

import polars as pl
import pytest

from tests.conftest import CUMBRIA

SHA = hashlib.sha256(CUMBRIA.read_bytes()).hexdigest()


def test_inspection_row(cumbria):
    row = cumbria.inspection.row(0, named=True)
    assert {k: row[k] for k in (
        "inspection_id", "unit_name", "pdu_code", "region_name", "published_on", "fieldwork_started_on",
        "overall_rating", "score", "max_score", "cases_inspected", "practitioner_interviews",
        "lead_inspector", "framework", "source_sha256",
    )} == {
        "inspection_id": "cumbria-2023-07",
        "unit_name": "Cumbria PDU",
        "pdu_code": "N51CUMB",
        "region_name": "North West",
        "published_on": dt.date(2023, 7, 1),
        "fieldwork_started_on": dt.date(2023, 5, 15),
        "overall_rating": "Requires improvement",
        "score": 6,
        "max_score": 27,
        "cases_inspected": 52,
        "practitioner_interviews": 45,
        "lead_inspector": "Helen Cox",
        "framework": "pdu-2021",
        "source_sha256": SHA,
    }


def test_case_sample_windows(cumbria):
    windows = cumbria.case_sample_windows.select("window_seq", "starts_on", "ends_on").rows()
    assert windows == [
        (1, dt.date(2022, 10, 3), dt.date(2022, 10, 9)),
        (2, dt.date(2022, 11, 7), dt.date(2022, 11, 13)),
    ]


def test_standard_ratings(cumbria):
    rows = cumbria.standard_ratings.select("standard_code", "standard_name", "domain", "rating", "rating_points").rows()
    org, court = "Organisational delivery", "Court work and case supervision"
    assert rows == [
        ("1.1", "Leadership", org, "Requires improvement", 1),
        ("1.2", "Staff", org, "Good", 2),
        ("1.3", "Services", org, "Requires improvement", 1),
        ("1.4", "Information and facilities", org, "Requires improvement", 1),
        ("2.1", "Court work", court, "Requires improvement", 1),
        ("2.2", "Assessment", court, "Inadequate", 0),
        ("2.3", "Planning", court, "Inadequate", 0),
        ("2.4", "Implementation and delivery", court, "Inadequate", 0),
        ("2.5", "Reviewing", court, "Inadequate", 0),
        ("2.6", "Outcomes", court, None, None),
    ]


def test_key_questions(cumbria):
    rows = cumbria.key_questions.select("standard_code", "theme", "pct_yes").rows()
    assert rows == [
        ("2.1", "court", 61.0),
        ("2.2", "engagement", 60.0), ("2.2", "desistance", 58.0), ("2.2", "safety", 25.0),
        ("2.3", "engagement", 56.0), ("2.3", "desistance", 58.0), ("2.3", "safety", 31.0),
        ("2.4", "engagement", 62.0), ("2.4", "desistance", 54.0), ("2.4", "safety", 37.0),
        ("2.5", "engagement", 73.0), ("2.5", "desistance", 60.0), ("2.5", "safety", 44.0),
        ("2.6", "outcomes", 42.0),
    ]
    safety = cumbria.key_questions.filter(theme="safety", standard_code="2.2").row(0, named=True)
    assert safety["question_text"].startswith("Does assessment focus sufficiently on keeping")
    assert safety["question_text"].endswith("safe?")
    assert safety["source_line"] == 423


def test_recommendations(cumbria):
    recs = cumbria.recommendations
    assert recs["seq"].to_list() == list(range(1, 14))
    assert recs["addressee"].to_list() == ["PDU"] * 6 + ["Region"] * 4 + ["HMPPS"] * 3
    by_seq = dict(zip(recs["seq"], recs["text"]))
    assert by_seq[1].startswith("ensure domestic abuse and safeguarding information")
    assert by_seq[12] == "provide reliable Wi-Fi across all PDU premises in Cumbria"
    assert by_seq[13].endswith("vetting and training.")  # the footnote marker is gone
    assert dict(zip(recs["seq"], recs["source_line"]))[13] == 176


FINDING_COUNTS = {
    ("1.1", None): (7, 4),
    ("1.2", None): (8, 5),
    ("1.3", None): (8, 7),
    ("1.3", "Resettlement work"): (2, 4),
    ("1.4", None): (5, 6),
    ("1.4", "Feedback from people on probation"): (3, 3),
    ("1.4", "Diversity and inclusion"): (6, 4),
    ("2.1", None): (2, 4),
    ("2.2", None): (2, 3),
    ("2.3", None): (2, 4),
    ("2.4", None): (2, 3),
    ("2.5", None): (2, 3),
    ("2.6", None): (3, 4),
}


def test_findings_counts_per_section(cumbria):
    counted = {}
    for code, sub, kind, n in cumbria.findings.group_by("standard_code", "subsection", "kind").len().iter_rows():
        strengths, improvements = counted.get((code, sub), (0, 0))
        counted[(code, sub)] = (strengths + n, improvements) if kind == "strength" else (strengths, improvements + n)
    assert counted == FINDING_COUNTS
    assert cumbria.findings.height == 106


def test_bullet_after_a_footnote_is_its_own_finding(cumbria):
    staff = cumbria.findings.filter(standard_code="1.2", kind="strength").sort("seq")
    assert staff["seq"].to_list() == list(range(1, 9))
    seventh, eighth = staff.row(6, named=True), staff.row(7, named=True)
    assert seventh["text"].endswith('"always" or "most of the time".')  # curly quotes read as straight
    assert eighth["text"].startswith("Leaders were working with the region")
    assert eighth["source_line"] == 256


def test_footnote_text_is_not_a_finding(cumbria):
    texts = cumbria.findings["text"]
    assert not texts.str.contains("confirmed by the PDU").any()
    assert not texts.str.contains("placed in a rating band").any()
    assert not texts.str.contains("during fieldwork week").any()
    assert not texts.str.contains("[\u00b9\u00b2\u00b3\u2074-\u2079]").any()


def test_caseload(cumbria):
    row = cumbria.caseload.row(0, named=True)
    assert (row["community_sentences"], row["post_release_supervision"], row["custody"], row["region_caseload"]) == (
        851, 426, 563, 24011)
    assert row["source_line"] == 194


def test_stated_figures_are_every_percentage(cumbria):
    figures = cumbria.stated_figures
    # 85 percentages written in the text, plus the lower end of "from 25 to 142 per cent"
    assert figures.height == 86
    assert figures.filter(measure="key_question").height == 14
    assert sorted(figures.filter(measure="staff_survey")["pct"].to_list()) == [53, 55, 74, 79, 80, 81, 88]
    assert sorted(figures.filter(measure="people_on_probation_survey")["pct"].to_list()) == [
        43, 45, 45, 54, 54, 56, 56, 56, 66, 76, 82, 92]


@pytest.mark.parametrize(
    ("line", "pct", "text", "measure", "section"),
    [
        (251, 88.0, "88 per cent", "staff_survey", "1.2 Staff"),
        (346, 76.0, "76 per cent", "people_on_probation_survey", "1.4 Information and facilities"),
        (304, 92.0, "Ninety-two per cent", "case_sample", "1.3 Services"),
        (496, 50.0, "fifty per cent", "staff_interviews", "2.4 Implementation and delivery"),
        (391, 61.0, "61%", "key_question", "2.1 Court work"),
        (192, 97.0, "97 per cent", "population", "Background"),
    ],
)
def test_stated_figure_examples(cumbria, line, pct, text, measure, section):
    rows = cumbria.stated_figures.filter(source_line=line, pct=pct)
    assert rows.height == 1
    row = rows.row(0, named=True)
    assert (row["pct_text"], row["measure"], row["section"]) == (text, measure, section)


def test_range_gives_both_ends(cumbria):
    rows = cumbria.stated_figures.filter(source_line=260, measure="workforce")
    assert rows["pct"].to_list() == [106.0, 25.0, 142.0]


def test_user_voice_subsection(cumbria):
    row = cumbria.stated_figures.filter(source_line=347).row(0, named=True)
    assert (row["pct_text"], row["subsection"]) == ("Sixty-six per cent", "Feedback from people on probation")


def test_every_fact_carries_provenance(cumbria):
    for name, frame in cumbria.tables.items():
        if "source_sha256" in frame.columns:
            assert frame["source_sha256"].unique().to_list() == [SHA], name
            assert frame["source_line"].null_count() == 0, name
    fields = dict(cumbria.inspection_field_sources.select("field", "source_line").rows())
    assert fields["published_on"] == 14
    assert fields["fieldwork_started_on"] == 182
    assert fields["score"] == 82
    assert fields["lead_inspector"] == 28


def test_domain_rules_all_hold(cumbria):
    dq = cumbria.data_quality
    assert dq.filter(~pl.col("passed")).height == 0
    score = dq.filter(rule="score_sum").row(0, named=True)
    assert (score["expected"], score["observed"]) == ("6", "6")
    court = dq.filter(rule="rating_band", subject="2.1").row(0, named=True)
    assert (court["expected"], court["observed"]) == ("Requires improvement", "Requires improvement")
    assert dq.filter(rule="rating_band").height == 5
