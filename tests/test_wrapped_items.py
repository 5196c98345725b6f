"""Lines a wrap cut short that look like something else: a numbered finding whose first line
reads like a domain's heading ("6. Staff described their managers as"), a one-line web-page
title whose unit's name goes on to the next line. Found by the combined-shapes property test
(tests/test_synthetic_roundtrip.py); the texts here are made up."""

from __future__ import annotations

import random
from datetime import date

import pytest

from synth import variants, wording
from synth.render import render_report
from synth.spec import random_spec
from tests.conftest import parse_text
from transforms.report_blocks import build_blocks
from transforms.report_layout import tidy_layout
from transforms.report_text import clean_lines


def _blocks(text: str, reference) -> list[tuple[str, int, str]]:
    return [(b.kind, b.line, b.text) for b in build_blocks(tidy_layout(clean_lines(text)), reference.vocabulary)]


def test_numbered_findings_whose_first_lines_look_like_domain_headings_stay_findings(reference):
    text = ("Strengths:\n\n"
            "1. Leaders were visible across all offices and made\n"  # wrapped: goes on in lower case
            "time to meet practitioners.\n"
            "2. Staff described their managers as\n"  # wrapped before a quotation: goes on with a quote mark
            "\"approachable and fair\" in interviews.\n"
            "3. Partners shared the load\n"  # a short item of its own, with no full stop
            "\n"
            "2. Court work and case supervision\n")  # a domain's heading after the list
    assert _blocks(text, reference) == [
        ("label", 1, "Strengths:"),
        ("numbered", 3, "1. Leaders were visible across all offices and made time to meet practitioners."),
        ("numbered", 5, "2. Staff described their managers as \"approachable and fair\" in interviews."),
        ("numbered", 7, "3. Partners shared the load"),
        ("heading", 9, "2. Court work and case supervision"),
    ]


def test_a_numbered_finding_cut_by_a_page_break_after_a_heading_like_first_line_is_one_finding(reference):
    text = ("Areas for improvement:\n\n"
            "Work was not reviewed.\n"  # (a caption: the list does not start right after the label)
            "1. Several respondents said their practitioner had helped them\n"
            "12\n"
            "\fInspection of probation services: X PDU\n"
            "with housing early in their sentence.\n")
    assert _blocks(text, reference)[1:] == [
        ("paragraph", 3, "Work was not reviewed."),
        ("numbered", 4, "1. Several respondents said their practitioner had helped them "
                        "with housing early in their sentence."),
    ]


def test_a_domain_heading_after_a_list_stays_a_heading(reference):
    """Even numbered one more than the item before it, a known domain's name is a heading."""
    text = "Strengths:\n\n1. Leaders were visible.\n\n2. Court work and case supervision\n\n2.1 Court work\n"
    assert [(k, t) for k, _, t in _blocks(text, reference)] == [
        ("label", "Strengths:"), ("numbered", "1. Leaders were visible."),
        ("heading", "2. Court work and case supervision"), ("heading", "2.1 Court work")]


@pytest.mark.parametrize(("pdu", "region", "width"), [
    ("Swansea, Neath and Port Talbot", "Wales", 64),  # the title cut after "Port"
    ("Swansea, Neath and Port Talbot", "Wales", 70),  # ... before "PDU" alone
    ("Derby City", "East Midlands", 52),
])
def test_a_web_page_title_wrapped_inside_the_units_name_gives_the_whole_name(reference, pdu, region, width):
    spec = random_spec(random.Random(8426), pdu, region, date(2025, 3, 1), framework="pdu-2023")
    text = variants.hard_wrap(wording.WORDINGS["web_page"](render_report(spec)), width)
    title = next(i for i, ln in enumerate(text.split("\n")) if ln.startswith("An inspection of probation services"))
    assert not text.split("\n")[title].endswith(" PDU")  # the wrap did cut the name
    facts = parse_text(text, reference)
    assert facts.inspection["unit_name"].to_list() == [f"{pdu} PDU"]
    assert facts.data_quality.filter(rule="pdu_match")["passed"].to_list() == [True]


@pytest.mark.parametrize(("first", "second"), [("(Back to", "top)"), ("(Back", "to top)")])
def test_a_back_to_top_link_cut_by_a_wrap_is_dropped(reference, first, second):
    text = f"Foreword\n\n2. Court work and case supervision {first}\n{second}\n\n2.1 Court work {first}\n{second}\n"
    assert [(k, t) for k, _, t in _blocks(text, reference)] == [
        ("heading", "Foreword"), ("heading", "2. Court work and case supervision"), ("heading", "2.1 Court work")]


def test_words_that_only_look_like_a_cut_link_stay(reference):
    text = "We asked them to step (back\nto top) level.\n"  # not "(Back to top)" cut in two: kept as written
    assert _blocks(text, reference) == [("paragraph", 1, "We asked them to step (back to top) level.")]


def test_a_short_line_that_a_page_break_cuts_mid_sentence_goes_on_after_it(reference):
    text = ("Feedback from people on probation\n\n"
            "User Voice, working with HM Inspectorate of\n12\n\fInspection of probation services: X PDU\n"
            "Probation, had contact with 80 people.\n\n"
            "Staff and partners\n13\n\fInspection of probation services: X PDU\n"  # a heading before a break
            "Partners took part.\n")
    assert [(k, t) for k, _, t in _blocks(text, reference)] == [
        ("paragraph", "Feedback from people on probation"),
        ("paragraph", "User Voice, working with HM Inspectorate of Probation, had contact with 80 people."),
        ("paragraph", "Staff and partners"),
        ("paragraph", "Partners took part."),
    ]


def test_a_one_line_title_last_on_its_page_is_the_title_not_a_running_header():
    text = ("Skip to content\n\nAn inspection of probation services in Derby City PDU\n\n1\n"
            "\fInspection of probation services: Derby City PDU\nThe Probation Service – East Midlands region\n\n2\n"
            "\fInspection of probation services: Derby City PDU\nForeword\n")
    assert [(ln.no, ln.text) for ln in clean_lines(text) if ln.text] == [
        (1, "Skip to content"), (3, "An inspection of probation services in Derby City PDU"),
        (7, "The Probation Service – East Midlands region"), (11, "Foreword")]


def test_a_cut_link_and_a_quotation_after_a_page_break_join_what_they_belong_to(reference):
    text = ("2.4 Implementation and delivery (Back to\n12\n\fInspection of probation services: X PDU\ntop)\n\n"
            "Strengths:\n\n"
            "- Staff described their managers as\n13\n\fInspection of probation services: X PDU\n"
            "\"approachable and fair\" in interviews.\n\n"
            "- Partners were positive.\n\n"
            "\"We felt listened to.\"\n")  # a quotation after a finished item stays on its own
    assert [(k, t) for k, _, t in _blocks(text, reference)] == [
        ("heading", "2.4 Implementation and delivery"),
        ("label", "Strengths:"),
        ("bullet", "- Staff described their managers as \"approachable and fair\" in interviews."),
        ("bullet", "- Partners were positive."),
        ("paragraph", "\"We felt listened to.\""),
    ]


def test_a_numbered_finding_after_a_caption_or_ending_mid_sentence_is_not_a_domain_heading(reference):
    text = ("Strengths:\n\nSource: inspection case data\n\n"
            "1. Seventy-one per cent of those surveyed by\n"  # after a caption; ends mid-sentence too
            "User Voice said they felt safe.\n"
            "2. Staff were positive\n"  # item 2 after item 1
            "\n"
            "3. Partners described the unit as\n")  # ends mid-sentence
    assert [(k, t) for k, _, t in _blocks(text, reference)] == [
        ("label", "Strengths:"), ("paragraph", "Source: inspection case data"),
        ("numbered", "1. Seventy-one per cent of those surveyed by User Voice said they felt safe."),
        ("numbered", "2. Staff were positive"),
        ("numbered", "3. Partners described the unit as"),
    ]
