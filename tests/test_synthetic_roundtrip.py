"""Property: whatever facts the generator draws, and whatever text shape it is passed
through, the parser reads back exactly those facts."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synth import variants
from synth.render import render_report
from synth.spec import random_spec
from tests.conftest import parse_text

SHAPES = {
    "plain": lambda t: t,
    "crlf_bom": lambda t: variants.add_bom(variants.to_crlf(t)),
    "curly_plain_markers": lambda t: variants.plain_footnote_markers(variants.curly_quotes(t)),
    "no_markdown_spaces": lambda t: variants.tabs_to_spaces(variants.strip_markdown(t), 3),
    "wrapped_paginated": lambda t: variants.paginate(variants.hard_wrap(t, 70), lines_per_page=37),
    "all": variants.apply_all,
}
PDUS = [("Derby City", "East Midlands"), ("Cumbria", "North West"), ("Norfolk", "East of England"),
        ("Swansea, Neath and Port Talbot", "Wales")]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(min_value=0, max_value=10_000),
    pdu=st.sampled_from(PDUS),
    month=st.dates(min_value=date(2021, 10, 1), max_value=date(2024, 6, 1)).map(lambda d: d.replace(day=1)),
    discretion=st.booleans(),
    shape=st.sampled_from(sorted(SHAPES)),
)
def test_generated_reports_read_back_exactly(reference, seed, pdu, month, discretion, shape):
    spec = random_spec(random.Random(seed), pdu[0], pdu[1], month, discretion=discretion)
    facts = parse_text(SHAPES[shape](render_report(spec)), reference)

    insp = facts.inspection.row(0, named=True)
    assert (insp["unit_name"], insp["region_name"], insp["published_on"], insp["fieldwork_started_on"],
            insp["overall_rating"], insp["score"], insp["max_score"], insp["cases_inspected"],
            insp["practitioner_interviews"], insp["lead_inspector"]) == (
        spec.title_unit, spec.region_name, spec.published_on, spec.fieldwork_started_on,
        spec.overall_rating, spec.score, spec.max_score, spec.cases_inspected,
        spec.practitioner_interviews, spec.lead_inspector)
    assert facts.case_sample_windows.select("starts_on", "ends_on").rows() == list(spec.case_sample_windows)
    assert dict(facts.standard_ratings.drop_nulls("rating").select("standard_code", "rating").rows()) == {
        s.standard_code: s.rating for s in spec.standards}
    assert facts.key_questions.select("standard_code", "question_text", "pct_yes").rows() == [
        (q.standard_code, q.question, float(q.percent_yes)) for q in spec.key_questions]
    assert facts.recommendations.select("seq", "addressee").rows() == [
        (r.seq, r.addressee) for r in spec.recommendations]
    assert [t.rstrip(".") for t in facts.recommendations["text"]] == [r.text for r in spec.recommendations]
    assert facts.findings.select("standard_code", "subsection", "kind", "seq", "text").rows() == [
        (f.standard_code, f.subsection, f.kind, f.seq, variants.straight_quotes(f.text)) for f in spec.findings]
    c = facts.caseload.row(0, named=True)
    assert (c["community_sentences"], c["post_release_supervision"], c["custody"], c["region_caseload"]) == (
        spec.caseload.community_sentences, spec.caseload.post_release_supervision, spec.caseload.custody,
        spec.caseload.region_caseload)
    failed = facts.data_quality.filter(rule="rating_band", passed=False)["subject"].to_list()
    assert failed == ([spec.discretion_code] if spec.discretion_code else [])
