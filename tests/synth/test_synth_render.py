"""render_report: layout a parser can rely on, and the facts of the spec in it."""

from __future__ import annotations

import re

import pytest

from synth import phrases
from synth.framework import RATED_CODES, STANDARD_NAMES
from synth.numbers import sentence_start
from synth.render import BANNER, render_report

SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
MARKER = re.compile(f"[{SUPERSCRIPT}]+")


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def test_render_is_deterministic(make):
    assert render_report(make(11)) == render_report(make(11))


def test_plain_lf_text_without_bom(text):
    assert "\r" not in text and not text.startswith("\ufeff")
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_banner_near_top_and_in_acknowledgements(text):
    lines = lines_of(text)
    assert BANNER in lines[:20]
    ack = lines.index("Acknowledgements")
    assert BANNER in lines[ack : ack + 8]


def test_title_block(spec, text):
    assert "\n".join(
        [
            "HM Inspectorate", "of Probation", "",
            "An inspection of probation services in:", "",
            "Derby City PDU", "",
            "The Probation Service – East Midlands region", "",
            "HM Inspectorate of Probation, March 2024",
        ]
    ) in text


def test_lead_inspector_sentence(spec, text):
    assert f"This inspection was led by HM Inspector {spec.lead_inspector}, supported by " in text


def test_ratings_page(spec, text):
    lines = lines_of(text)
    start = lines.index("Ratings")
    page = lines[start : lines.index("Recommendations")]
    assert page[:11] == [
        "Ratings", "", "Derby City PDU", "",
        f"Fieldwork started {spec.fieldwork_started_on:%B %Y}", "",
        f"Score **{spec.score}/27**", "", "Overall rating", "", spec.overall_rating,
    ]
    for code in RATED_CODES:
        i = page.index(f"{code} {STANDARD_NAMES[code]}")
        assert page[i + 1 : i + 3] == ["", spec.rating(code)]
    assert "1. Organisational delivery" in page and "2. Court work and case supervision" in page


def test_every_key_question_row(spec, text):
    lines = lines_of(text)
    for q in spec.key_questions:
        assert f"{q.question}\t{q.percent_yes}%" in lines
    assert lines.count("Key question\tPercentage 'Yes'") == 5
    assert lines.count("Outcomes\tPercentage 'Yes'") == 1


def test_background_fact_sentences(spec, text):
    (a0, a1), (b0, b1) = spec.case_sample_windows
    day = spec.fieldwork_started_on
    assert (
        f"We conducted fieldwork in Derby City PDU over the period of a week, beginning "
        f"{day.day} {day:%B %Y}. We inspected {spec.cases_inspected} cases where sentences and "
        f"licences had commenced between {a0:%d %B %Y} to {a1:%d %B %Y}, and {b0:%d %B} to "
        f"{b1:%d %B %Y}. We also conducted {spec.practitioner_interviews} interviews with "
        "probation practitioners."
    ) in text
    load = spec.caseload
    assert (
        f"The total caseload for the East Midlands region was {load.region_caseload:,}, with "
        f"Derby City PDU's caseload at the date of inspection announcement comprising "
        f"{load.community_sentences:,} people on community sentences and "
        f"{load.post_release_supervision:,} people on post-release supervision. There were a "
        f"further {load.custody:,} cases in the custodial estate."
    ) in text


def test_recommendations_numbered_under_addressee_headings(spec, text):
    lines = lines_of(text)
    headings = {"PDU": "Derby City PDU should:", "Region": "East Midlands region should:",
                "HMPPS": "HM Prison and Probation Service should:"}
    for rec in spec.recommendations:
        i = next(n for n, line in enumerate(lines) if line.startswith(f"{rec.seq}. {rec.text}"))
        heading = next(line for line in reversed(lines[:i]) if line.endswith("should:"))
        assert heading == headings[rec.addressee]


def test_bullets_are_the_findings_in_order(spec, text):
    bullets = [MARKER.sub("", line[2:]) for line in lines_of(text) if line.startswith("- ")]
    assert bullets == [f.text for f in spec.findings]


def test_survey_figures_are_stated_in_findings(spec, text):
    for figure in spec.survey_figures:
        clause = phrases.SURVEY_CLAUSES[figure.survey][figure.measure]
        (finding,) = [f for f in spec.findings if clause in f.text]
        assert f"{figure.percent} per cent" in finding.text or finding.text.startswith(
            f"{sentence_start(figure.percent)} per cent"
        )
    assert (
        "User Voice, working with HM Inspectorate of Probation, had contact with "
        f"{spec.people_on_probation_respondents} people on probation" in text
    )


def test_footnotes_numbered_in_order_and_glued(text):
    lines = lines_of(text)
    note_lines = [line for line in lines if MARKER.match(line)]
    numbers = [MARKER.match(line).group() for line in note_lines]
    expected = [SUPERSCRIPT[1:][i] for i in range(len(numbers))]
    assert numbers == expected and len(numbers) >= 2
    for marker in numbers:
        glued = [line for line in lines if re.search(rf"\S{marker}(?![{SUPERSCRIPT}])", line)]
        assert len(glued) == 1
        note = next(line for line in note_lines if line.startswith(marker + " "))
        assert lines.index(glued[0]) < lines.index(note)


def test_a_footnote_sits_between_two_strength_bullets(text):
    lines = [line for line in lines_of(text) if line.strip()]
    between = [
        i for i, line in enumerate(lines)
        if MARKER.match(line) and lines[i - 1].startswith("- ") and lines[i + 1].startswith("- ")
    ]
    assert between
    i = between[0]
    assert next(l for l in reversed(lines[:i]) if l.endswith(":")) == "Strengths:"


def test_curly_quotes_in_some_findings(make):
    quoted = [f.text for seed in range(10) for f in make(seed).findings if "“" in f.text]
    assert quoted and all(t.count("“") == t.count("”") for t in quoted)


@pytest.mark.parametrize("seed", range(6))
def test_rating_line_in_one_of_the_known_styles(make, seed):
    spec = make(seed)
    text = render_report(spec)
    for code in RATED_CODES:
        rating = spec.rating(code)
        style = spec.layout.rating_style(code)
        shown = f"**{rating}**" if style.endswith("bold") else rating
        if style.startswith("end_of_line"):
            assert re.search(rf"\. {re.escape(shown)}\n", text)
        else:
            assert f"\n\n{shown}\n\n" in text


def test_discretion_is_explained(make):
    spec = make(5, discretion=True)
    text = render_report(spec)
    assert "We applied professional discretion and raised the rating by one band" in text
    assert text.count("professional discretion") == 1


def test_outcomes_not_rated(spec, text):
    lines = lines_of(text)
    section = lines[lines.index("2.6. Outcomes") : lines.index("Annexe one – Web links")]
    ratings = ("Inadequate", "Requires improvement", "Good", "Outstanding")
    assert not any(line.strip("*") in ratings for line in section)
