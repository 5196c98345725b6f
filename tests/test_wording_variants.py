"""Ordinary wording and layout changes, applied to the real report by the project's own
``synth.wording`` functions (in memory; the report is read from ../shared), read to the
same facts as the original text, or load with data-quality rows naming exactly what could
not be read, or are rejected with a reason quoting the line (numbers nobody can read).

The original's facts are the ones test_cumbria_facts checks value by value against the
report as a person reads it; here each changed text must give those same facts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspections.cli import main
from core.errors import RejectedInput
from synth import variants, wording
from tests.conftest import assert_change_keeps_facts, change_cases, examples, facts_of, parse_text

# changes that keep every line where it was: provenance lines must agree too
SAME_LINES = {
    "improvement_synonym": wording.WORDINGS["improvement_synonym"],
    "areas_requiring_improvement": lambda t: wording.finding_label(t, new="Areas requiring improvement"),
    "strength_synonym": wording.WORDINGS["strength_synonym"],
    "labels_without_colon": wording.labels_without_colon,
    "synonyms_without_colon": lambda t: wording.labels_without_colon(wording.finding_label(t)),
    "table_header": wording.table_header,
    "table_header_pct_yes": lambda t: wording.table_header(t, "Key question", "% Yes"),
    # a header no vocabulary knows: the rows are still read, by their question and percentage
    "table_header_unknown": lambda t: wording.table_header(t, "What we asked", "Result for this PDU"),
    "per_cent_in_tables": wording.per_cent_in_tables,
    "words_in_tables": wording.words_in_tables,
    "dash_separated_rows": wording.dash_separated_rows,
    "dot_leader_rows": wording.dot_leader_rows,
    "standard_prefix": wording.standard_prefix,
    "standard_prefix_colon": lambda t: wording.standard_prefix(t, ": "),
    "headings_without_numbers": wording.headings_without_numbers,
    "score_out_of": wording.score_out_of,
    "score_out_of_a_possible": wording.score_out_of_a_possible,
    "numbered_findings": wording.numbered_findings,
    "addressee_must": lambda t: wording.addressee(t, new="HM Prison and Probation Service").replace(
        "Probation Service should:", "Probation Service must:"),
    "bulleted_recommendations": wording.bulleted_recommendations,
    "numbering_per_addressee": wording.numbering_per_addressee,
    "background_renamed": wording.rename_section,
    "background_renamed_context_and_background": lambda t: wording.rename_section(t, new="Context and background"),
}
# changes that move lines: the facts agree, their line numbers move
MOVED_LINES = {
    "bar_separated_tables": wording.bar_separated_tables,
    "overall_rating_one_line": wording.overall_rating_one_line,
    "background_first": wording.background_first,
    "caption_after_labels": wording.caption_after_labels,
    "recommendations_last": wording.recommendations_last,
    "ratings_on_one_line": wording.ratings_on_one_line,
    "short_caption_after_labels": lambda t: wording.caption_after_labels(t, "What we found"),
    "caption_before_labels": wording.caption_before_labels,
    "overall_rating_for_the_unit": lambda t: wording.overall_rating_one_line(t).replace(
        "Overall rating: ", "Overall rating for Cumbria PDU: "),
    "figure_caption_before_labels": lambda t: wording.caption_before_labels(t, "Figure 2 Cases by tier"),
    "web_page_dated": wording.WORDINGS["web_page"],
    "overall_rating_quoted": lambda t: re.sub(r"(?m)^(Overall rating: )(.+)$", r"\1'\2'",
                                              wording.overall_rating_one_line(t)),
    "unknown_header_wrapped_paginated": lambda t: variants.paginate(variants.hard_wrap(
        wording.table_header(t, "What we asked", "Result for this PDU"), 60), lines_per_page=30),
}


def test_every_wording_is_tested():
    assert set(wording.WORDINGS) <= set(SAME_LINES) | set(MOVED_LINES) | {"web_page"}


def test_background_under_a_heading_no_vocabulary_knows_still_gives_its_facts(cumbria, cumbria_text, reference):
    facts = parse_text(wording.rename_section(cumbria_text, new="The PDU and its area"), reference)
    got, want = facts_of(facts, keep_lines=True), facts_of(cumbria, keep_lines=True)
    # the unknown heading opens no section: its percentages are filed under the section before it
    got_sections = {r["section"] for r in got["stated_figures"]}
    want_sections = {r["section"] for r in want["stated_figures"]}
    assert (got_sections - want_sections, want_sections - got_sections) == ({"Recommendations"}, {"Background"})
    for rows in (got, want):
        for r in rows["stated_figures"]:
            r.pop("section")
    assert got == want


def test_percentages_in_words_are_read_as_numbers(cumbria_text, reference):
    facts = parse_text(wording.words_in_tables(cumbria_text), reference)
    court = facts.key_questions.filter(standard_code="2.1").row(0, named=True)
    assert court["pct_yes"] == 61.0  # "sixty-one per cent"


@pytest.mark.parametrize(("new", "normalised"), [
    ("The Probation Service", "HMPPS"),
    ("Ministry of Justice", "Other"),
    ("The Regional Probation Director", "Region"),
    ("The head of PDU", "PDU"),
])
def test_any_addressee_is_kept_verbatim_and_normalised(cumbria, cumbria_text, reference, new, normalised):
    facts = parse_text(wording.addressee(cumbria_text, new=new), reference)
    recs = facts.recommendations.sort("seq")
    assert recs["addressee_text"].to_list()[10:] == [new] * 3
    assert recs["addressee"].to_list() == ["PDU"] * 6 + ["Region"] * 4 + [normalised] * 3
    keep = ["seq", "text", "source_line"]
    assert recs.select(keep).equals(cumbria.recommendations.sort("seq").select(keep))
    assert facts.data_quality.filter(~pl.col("passed")).height == 0


def test_an_unknown_label_inside_a_standard_is_a_data_quality_row(cumbria, cumbria_text, reference):
    lines = cumbria_text.split("\n")
    first = lines.index("Areas for improvement:")  # the one in 1.1 Leadership
    lines[first] = "Points to consider:"
    facts = parse_text("\n".join(lines), reference)
    # the four bullets after it are not sorted into strengths or improvements: none is lost
    # silently, three rows say so
    assert facts.findings.height == 106 - 4
    assert facts.findings.filter(standard_code="1.1", kind="improvement").height == 0
    failed = facts.data_quality.filter(~pl.col("passed")).select(
        "rule", "subject", "expected", "observed", "severity").rows()
    assert failed == [
        ("improvements_present", "1.1", "at least 1", "0", "warning"),
        ("unsorted_bullets", "1.1", "0", "4", "warning"),
        ("unknown_label", "1.1", None, f"'Points to consider:' (line {first + 1})", "warning"),
    ]


def test_a_missing_key_question_row_is_a_gap_with_its_severity(tmp_path, cumbria_text, capsys):
    lines = cumbria_text.split("\n")
    row = next(i for i, ln in enumerate(lines) if ln.startswith("Does planning focus sufficiently on keeping"))
    path = tmp_path / "cumbria-without-a-row.txt"
    path.write_text("\n".join(lines[:row] + lines[row + 1:]), encoding="utf-8")
    assert main(["parse", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("{")  # the JSON stays on stdout, the gaps go to stderr
    assert err == (
        f"{path}: loaded with 1 gaps; expected and not found:\n"
        "  [error] key_question_count 2.3: 2.3 Planning: key questions found against the framework's number "
        "(expected 3, found 2)\n"
    )


def test_a_missing_standard_section_in_the_middle_is_a_gap_not_a_rejection(cumbria_text, reference):
    lines = cumbria_text.split("\n")
    start = lines.index("1.2. Staff")
    end = lines.index("1.3. Services")
    facts = parse_text("\n".join(lines[:start] + lines[end:]), reference)
    failed = facts.data_quality.filter(~pl.col("passed")).select("rule", "subject", "severity").rows()
    assert failed == [
        ("standard_section", "1.2", "error"),
        ("strengths_present", "1.2", "warning"),
        ("improvements_present", "1.2", "warning"),
    ]
    # the ratings page still gives 1.2 its name and rating
    assert facts.standard_ratings.filter(standard_code="1.2")["rating"].to_list() == ["Good"]


@pytest.mark.parametrize(("cell", "reason"), [
    ("-5%", "key-question percentage out of range (0-100) on line {line}: '{question} -5%'"),
    ("105%", "key-question percentage out of range (0-100) on line {line}: '{question} 105%'"),
    ("N/A", "unreadable key-question percentage on line {line}: '{question} N/A'"),
    ("sixty-x per cent", "unreadable key-question percentage on line {line}: '{question} sixty-x per cent'"),
])
def test_an_unreadable_number_rejects_the_report_quoting_its_line(cumbria_text, reference, cell, reason):
    lines = cumbria_text.split("\n")
    row = next(i for i, ln in enumerate(lines) if ln.startswith("Does assessment focus sufficiently on keeping"))
    question = lines[row].split("\t")[0]
    lines[row] = f"{question}\t{cell}"
    with pytest.raises(RejectedInput) as caught:
        parse_text("\n".join(lines), reference)
    assert caught.value.reason == reason.format(line=row + 1, question=question)


def test_a_negative_score_is_rejected_not_coerced(cumbria_text, reference):
    text = cumbria_text.replace("Score **6/27**", "Score **-6/27**")
    line = text.split("\n").index("Score **-6/27**") + 1
    with pytest.raises(RejectedInput) as caught:
        parse_text(text, reference)
    assert caught.value.reason == f"score not readable on line {line}: 'Score -6/27'"


# --- frameworks ---------------------------------------------------------------------------------

def test_a_framework_without_an_end_date_does_not_crash_the_choice(cumbria, cumbria_text, reference):
    open_ended = reference.frameworks.with_columns(published_to=pl.lit(None, pl.Date))
    ref = dataclasses.replace(reference, frameworks=open_ended)
    facts = parse_text(cumbria_text, ref)
    assert facts.inspection["framework"].to_list() == ["pdu-2021"]
    assert facts.data_quality.filter(rule="published_in_framework").select("expected", "passed").rows() == [
        ("2021-10-01 to now", True)]


def test_a_publication_date_outside_the_frameworks_dates_is_flagged(cumbria_text, reference):
    facts = parse_text(cumbria_text.replace("HM Inspectorate of Probation, July 2023",
                                            "HM Inspectorate of Probation, July 2025"), reference)
    assert facts.inspection["framework"].to_list() == ["pdu-2021"]  # its standards say so
    row = facts.data_quality.filter(rule="published_in_framework").row(0, named=True)
    assert (row["expected"], row["observed"], row["passed"], row["severity"]) == (
        "2021-10-01 to 2024-06-30", "2025-07-01", False, "warning")


def test_the_date_breaks_a_tie_between_frameworks_with_the_same_standards(reference):
    from transforms.report_facts import _pick_framework
    from transforms.report_sections import Located, ReportRecords

    rec = ReportRecords()
    for code, name in (("1.1", "Leadership"), ("1.2", "Staff"), ("1.3", "Services"),
                       ("1.4", "Information and facilities")):
        rec.standards[code] = {"body_name": Located(name, 1)}
    # domain 1 is the same in the provider and the 2021-2023 PDU frameworks
    assert _pick_framework(rec, dt.date(2019, 5, 1), reference, "x") == "provider-2018"
    assert _pick_framework(rec, dt.date(2022, 5, 1), reference, "x") == "pdu-2021"


# --- several changes at once -----------------------------------------------------------------------

#: changes that combine (applied in this order); headings keep their numbers or lose them
COMBINABLE = (  # the ones that find the Background by name come before background_renamed
    "ratings_on_one_line", "improvement_synonym", "strength_synonym", "labels_without_colon", "table_header",
    "per_cent_in_tables", "bulleted_recommendations", "numbered_findings", "caption_after_labels",
    "caption_before_labels", "overall_rating_one_line", "score_out_of", "background_renamed", "background_first",
)


@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    chosen=st.sets(st.sampled_from(COMBINABLE), min_size=2, max_size=6),
    headings=st.sampled_from(["numbered", "standard_prefix", "headings_without_numbers"]),
    wrap=st.booleans(),
)
def test_combined_wording_changes_read_to_same_facts(cumbria, cumbria_text, reference, chosen, headings, wrap):
    text = cumbria_text
    if headings != "numbered":
        text = wording.WORDINGS[headings](text)
    for name in COMBINABLE:  # rename before moving: background_renamed then background_first
        if name in chosen and not (name == "background_first" and "background_renamed" in chosen):
            text = wording.WORDINGS[name](text)
    if wrap:
        text = variants.paginate(variants.hard_wrap(text, 76), lines_per_page=40)
    assert facts_of(parse_text(text, reference), keep_lines=False) == facts_of(cumbria, keep_lines=False)


def test_rating_words_are_one_vocabulary(reference):
    from schemas.report_tables import RATINGS

    assert sorted(reference.vocabulary.ratings) == sorted(RATINGS)
    assert set(reference.rating_scale["rating"]) == set(RATINGS)


def test_an_addressee_line_inside_a_standard_is_an_unknown_label(cumbria_text, reference):
    lines = cumbria_text.split("\n")
    first = lines.index("Areas for improvement:")  # the one in 1.1 Leadership
    lines[first] = "Leaders should:"
    facts = parse_text("\n".join(lines), reference)
    failed = facts.data_quality.filter(~pl.col("passed")).select("rule", "subject", "observed").rows()
    assert failed == [
        ("improvements_present", "1.1", "0"),
        ("unsorted_bullets", "1.1", "4"),
        ("unknown_label", "1.1", f"'Leaders should:' (line {first + 1})"),
    ]


def test_a_subsection_named_like_a_part_stays_in_its_standard(cumbria, cumbria_text, reference):
    facts = parse_text(cumbria_text.replace("\nResettlement work\n", "\nContext\n"), reference)
    renamed = facts.findings.with_columns(pl.col("subsection").replace("Context", "Resettlement work"))
    assert renamed.drop("source_sha256").equals(cumbria.findings.drop("source_sha256"))


def test_overall_rating_from_the_foreword_when_the_ratings_page_has_none(cumbria, cumbria_text, reference):
    text = wording.overall_rating_one_line(cumbria_text).replace("\nOverall rating: Requires improvement\n", "\n")
    facts = parse_text(text, reference)
    assert facts.inspection["overall_rating"].to_list() == ["Requires improvement"]
    fields = dict(facts.inspection_field_sources.select("field", "source_line").rows())
    foreword_line = next(i for i, ln in enumerate(cumbria_text.split("\n"), 1) if ln.startswith("We have rated Cumbria"))
    assert fields["overall_rating"] == foreword_line
    got, want = facts_of(facts, keep_lines=False), facts_of(cumbria, keep_lines=False)
    assert got == want


def test_a_new_wording_is_a_row_of_reference_data(cumbria, cumbria_text, reference):
    from core.vocabulary import compile_vocabulary

    text = wording.finding_label(cumbria_text, new="Points to consider")
    rows = reference.report_vocabulary.vstack(pl.DataFrame(
        {"vocabulary": ["finding_label"], "pattern": ["points to consider"], "meaning": ["improvement"],
         "note": [None]}, schema=reference.report_vocabulary.schema))
    ref = dataclasses.replace(reference, report_vocabulary=rows,
                              vocabulary=compile_vocabulary(rows, reference.framework_standards))
    assert parse_text(text, reference).findings.height < 106  # unknown without the row
    assert facts_of(parse_text(text, ref), keep_lines=True) == facts_of(cumbria, keep_lines=True)


#: more forms the documentation lists (docs/report-wording.md), each one line-level change
MORE_FORMS = {
    "numbered_with_parenthesis": lambda t: re.sub(r"(?m)^(\d{1,2})\. (?=[a-z])", r"\1) ", t),
    "percent_one_word": lambda t: re.sub(r"\?\t(\d+)%", r"?\t\1 percent", t),
    "percent_with_space": lambda t: re.sub(r"\?\t(\d+)%", r"?\t\1 %", t),
    "score_of_points": lambda t: wording.score_out_of(t).replace("6 out of 27", "6 of 27 points"),
    "we_recommend_that": lambda t: wording.addressee(t, "Cumbria PDU", "We recommend that Cumbria PDU"),
    "summary_of_ratings": lambda t: wording.rename_section(t, "Ratings", "Summary of ratings"),
    "chief_inspectors_foreword": lambda t: wording.rename_section(t, "Foreword", "Chief Inspector's foreword"),
    "appendix": lambda t: re.sub(r"(?m)^Annexe one(?= \u2013 Web links$)", "Appendix A", t),
    "per_cent_sufficient_header": lambda t: wording.table_header(t, "Key question", "Per cent sufficient"),
    "rating_in_the_heading": lambda t: t.replace("\n1.2. Staff\n", "\n1.2. Staff: Good\n"),
}


@pytest.mark.parametrize("change, keep_lines", change_cases({**SAME_LINES, **MORE_FORMS}, MOVED_LINES))
def test_wording_and_layout_read_to_same_facts(cumbria, cumbria_text, reference, change, keep_lines):
    # ("We recommend that Cumbria PDU should:" addresses Cumbria PDU)
    assert_change_keeps_facts(change, cumbria_text, cumbria, reference, keep_lines)


def test_a_report_without_its_score_says_so_not_that_it_stops(cumbria_text, reference):
    lines = cumbria_text.split("\n")
    del lines[lines.index("Score **6/27**")]
    with pytest.raises(RejectedInput) as caught:
        parse_text("\n".join(lines), reference)
    assert caught.value.reason == (
        "no ratings page (overall rating and score): title, unit 'Cumbria PDU', publication date, overall rating "
        "'Requires improvement', ratings table (9 standards), 10 standard sections, 13 recommendations found; "
        "no score")
