"""Framework-aware specs and rendering: pdu-2021 (default) and pdu-2023."""

from __future__ import annotations

import csv
import random
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synth.framework import FRAMEWORKS, PDU_2021, PDU_2023, get_framework
from synth.ratings import points
from synth.render import render_report
from synth.spec import random_spec
from synth.variants import add_markdown_emphasis
from tests.conftest import examples

REFERENCE = Path(__file__).resolve().parents[2] / "reference"


def _csv(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def spec23(seed: int = 7, **kw):
    return random_spec(random.Random(seed), "Derby City", "East Midlands", date(2024, 9, 1),
                       framework="pdu-2023", **kw)


@pytest.mark.parametrize("code", sorted(FRAMEWORKS))
def test_frameworks_match_the_reference_standards(code):
    fw = FRAMEWORKS[code]
    rows = [r for r in _csv("framework_standards.csv") if r["framework_code"] == code]
    assert list(fw.standards) == [(r["standard_code"], r["standard_name"]) for r in rows]
    assert set(fw.rated_codes) == {r["standard_code"] for r in rows if r["rated"] == "true"}
    assert {c: len(q) for c, q in fw.key_questions.items()} == {
        r["standard_code"]: int(r["key_questions"]) for r in rows if int(r["key_questions"])}
    (meta,) = [r for r in _csv("frameworks.csv") if r["framework_code"] == code]
    assert fw.max_score == int(meta["max_score"]) and len(fw.rated_codes) == int(meta["rated_standards"])


def test_unknown_framework_is_named():
    with pytest.raises(ValueError, match="unknown framework 'pdu-1999'"):
        get_framework("pdu-1999")


@pytest.mark.parametrize(
    ("score", "overall"),
    [(0, "Inadequate"), (4, "Inadequate"), (5, "Requires improvement"), (11, "Requires improvement"),
     (12, "Good"), (18, "Good"), (19, "Outstanding"), (21, "Outstanding")],
)
def test_pdu_2023_overall_thresholds(score, overall):
    assert PDU_2023.overall_rating(score) == overall


def test_pdu_2021_overall_thresholds_unchanged():
    assert [PDU_2021.overall_rating(s) for s in (6, 7, 15, 16, 24, 25)] == [
        "Inadequate", "Requires improvement", "Requires improvement", "Good", "Good", "Outstanding"]
    with pytest.raises(ValueError):
        PDU_2023.overall_rating(22)


def test_default_framework_is_pdu_2021():
    spec = random_spec(random.Random(1), "Derby City", "East Midlands", date(2023, 3, 1))
    assert spec.framework == "pdu-2021" and spec.max_score == 27 and len(spec.standards) == 9


@settings(max_examples=examples(60), deadline=None)
@given(seed=st.integers(0, 10**9), discretion=st.booleans())
def test_pdu_2023_spec_is_consistent(seed, discretion):
    spec = spec23(seed, discretion=discretion)
    assert spec.framework == "pdu-2023" and spec.max_score == 21
    assert [s.standard_code for s in spec.standards] == list(PDU_2023.rated_codes)
    assert spec.overall_rating == PDU_2023.overall_rating(spec.score)
    assert spec.score == sum(points(s.rating) for s in spec.standards)
    assert {q.standard_code for q in spec.key_questions} == {"2.1", "2.2", "2.3", "2.4"}
    assert all(len(spec.questions(c)) == 3 for c in PDU_2023.case_supervision_codes)
    assert {f.standard_code for f in spec.findings} <= set(PDU_2023.codes)
    assert {f.survey for f in spec.survey_figures} == {"staff", "people_on_probation"}


def test_pdu_2023_render_has_the_new_layout_and_none_of_the_old():
    text = render_report(spec23())
    assert re.search(r"^Score \*\*\d+/21\*\*$", text, re.M)
    for heading in ("1.1. Leadership", "1.2. Staffing", "1.3. Services", "2. Case supervision",
                    "2.1. Assessment", "2.2. Planning", "2.3. Implementation and delivery",
                    "2.4. Reviewing", "Diversity and inclusion", "Feedback from people on probation"):
        assert f"\n{heading}\n" in text, heading
    for old in ("Court work", "1.4", "2.5", "2.6", "Outcomes", "Information and facilities",
                "sentencers", "/27"):
        assert old not in text, old
    assert "Our rating¹ for assessment" not in text  # footnote 1 is the caseload note
    assert "for assessment is based on the proportion" in text


def test_markdown_emphasis_variant_bolds_a_score_out_of_21():
    text = add_markdown_emphasis(render_report(spec23()).replace("**", ""))
    assert re.search(r"^Score \*\*\d+/21\*\*$", text, re.M)


def test_pdu_2023_copies_no_line_or_eight_word_run_of_the_real_report(real_text):
    from tests.synth.test_synth_originality import prose_lines, shingles

    real_lines = {line.strip() for line in real_text.split("\n") if len(line.strip()) > 60}
    real = shingles(real_text)
    for seed in range(4):
        text = render_report(spec23(seed))
        assert not [line for line in text.split("\n") if line.strip() in real_lines]
        assert {" ".join(run) for line in prose_lines(text) for run in shingles(line) & real} == set()
