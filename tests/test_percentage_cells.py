"""A key-question percentage cut over lines (a narrow column wraps its cell, a page break
falls inside it, a layout puts the cell under its question) reads whole, in every form it is
written in; a piece that is not the rest of a percentage is never taken for one.

Rows here are made up; the real report's rows are changed in memory by ``synth.variants``
(read from ../shared, never copied)."""

from __future__ import annotations

import pytest

from synth import variants, wording
from tests.conftest import assert_change_keeps_facts
from transforms.report_blocks import build_blocks, percentage_tail
from transforms.report_layout import tidy_layout
from transforms.report_text import clean_lines


@pytest.mark.parametrize(("row", "line", "sep"), [
    ("Does it work?\t81", "per cent", " "),
    ("Does it work?\t81", "percent", " "),
    ("Does it work?\t81", "%", " "),
    ("Does it work?\t81 per", "cent", " "),
    ("Does it work?\tseventy-five", "per", " "),  # "cent" comes on the line after
    ("Does it work?\tone", "hundred per cent", " "),
    ("Does it work?\teighty", "one per cent", " "),
    ("Does it work?\teighty-", "one per cent", ""),  # cut after the hyphen: rejoined without a space
    ("Does it work?", "81 per cent", " "),  # the whole cell under its question
    ("Does it work?", "eighty-one per cent", " "),
    ("Does it work?", "81%", " "),
    ("Does it work? ........", "81%", " "),  # dot leaders, the cell wrapped off them
    ("Does it work? \u2013", "81%", " "),
])
def test_the_rest_of_a_percentage_joins_its_row(row, line, sep):
    assert percentage_tail(row, line) == sep


@pytest.mark.parametrize(("row", "line"), [
    ("Does it work?\t81%", "Does it help?\t75%"),  # the next row
    ("Does it work?\t81", "Does it help? 75 per cent"),
    ("Does it work?\t81%", "per cent"),  # the cell is whole already
    ("Does it work?\t81 per cent", "per cent"),
    ("Does it work?\t81", "5%"),  # a number of its own is not the rest of one
    ("Does it work?\t81", "The unit is rated as 'Good'."),
    ("Does it work?\t81", "per cent of cases"),
    ("We found that", "81 per cent"),  # no question: prose, not a row
    ("Is it safe?\tN/A", "81 per cent"),  # a text cell is a whole cell
])
def test_a_line_that_is_not_the_rest_of_a_percentage_does_not_join(row, line):
    assert percentage_tail(row, line) is None


def _rows(text: str, reference) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in build_blocks(tidy_layout(clean_lines(text)), reference.vocabulary)
            if b.kind == "row"]


@pytest.mark.parametrize("between", ["\n", "\n\n", "\n12\n\fInspection of probation services: X PDU\n"],
                         ids=["wrap", "blank_line", "page_break"])
def test_rows_cut_inside_their_percentage_read_whole(reference, between):
    cells = [("Does planning engage the person?", "sixty-", "one per cent"),
             ("Does planning support desistance?", "one", "hundred per cent"),
             ("Does planning keep other people safe?", "7", "per cent"),
             ("Does planning involve partners?", "", "81%")]
    text = "Key question\tPercentage 'Yes'\n" + "\n".join(
        f"{q}\t{a}{between}{b}" if a else f"{q}{between}{b}" for q, a, b in cells) + "\n\nThe unit is rated 'Good'.\n"
    rows = [b for b in build_blocks(tidy_layout(clean_lines(text)), reference.vocabulary) if b.kind == "row"]
    assert [b.text for b in rows] == [
        "Does planning engage the person? sixty-one per cent",
        "Does planning support desistance? one hundred per cent",
        "Does planning keep other people safe? 7 per cent",
        "Does planning involve partners? 81%",
    ]
    # each row's line, and the line where its percentage starts (the provenance of the figure)
    step = between.count("\n") + 1  # lines per row
    assert [(b.line, b.line_at(b.text.index("?") + 2)) for b in rows] == [
        (2, 2), (2 + step, 2 + step), (2 + 2 * step, 2 + 2 * step), (2 + 3 * step, 1 + 4 * step)]


def test_a_question_wrapped_before_its_cut_percentage_reads_whole_under_an_unknown_header(reference):
    text = ("What we asked\tResult\n"
            "Does planning focus sufficiently on keeping\nother people safe?\tthirty-\none per cent\n"
            "Does planning support desistance?\tninety\nper cent\n\nThe unit is rated 'Good'.\n")
    assert _rows(text, reference) == [
        ("row", "Does planning focus sufficiently on keeping other people safe? thirty-one per cent"),
        ("row", "Does planning support desistance? ninety per cent"),
    ]


# --- the real report, its percentage cells cut at every place -----------------------------------

PAGE = ("12", "\fInspection of probation services: Cumbria PDU")
SPLIT = {
    "digits_cut": lambda t: variants.split_percentages(t),
    "per_cent_cut_by_blank_lines": lambda t: variants.split_percentages(wording.per_cent_in_tables(t), ("",)),
    "words_cut_by_page_breaks": lambda t: variants.split_percentages(wording.words_in_tables(t), PAGE),
    "percent_with_space_cut_wrapped": lambda t: variants.hard_wrap(variants.split_percentages(
        wording.dash_separated_rows(t).replace("%", " %")), 64),
    "words_cut_wrapped_paginated_web_page": lambda t: variants.paginate(variants.hard_wrap(
        variants.split_percentages(wording.WORDINGS["web_page"](wording.words_in_tables(t))), 70), lines_per_page=37),
    "unknown_header_words_cut": lambda t: variants.split_percentages(
        wording.table_header(wording.words_in_tables(t), "What we asked", "Result for this PDU")),
    "unknown_header_per_cent_cut_by_blank_lines_wrapped": lambda t: variants.paginate(variants.hard_wrap(
        variants.split_percentages(wording.table_header(wording.per_cent_in_tables(t), "What we asked", "Result"),
                                   ("",)), 60), lines_per_page=30),
}


@pytest.mark.parametrize("name", sorted(SPLIT))
def test_percentages_cut_over_lines_read_to_the_same_facts(cumbria, cumbria_text, reference, name):
    facts = assert_change_keeps_facts(SPLIT[name], cumbria_text, cumbria, reference, keep_lines=False)
    # as a person reads them: 2.2 keeping others safe 25%; 2.5 reviewing 73%, 60%, 44%
    assert facts.key_questions.filter(standard_code="2.2", theme="safety")["pct_yes"].to_list() == [25.0]
    assert facts.key_questions.filter(standard_code="2.5")["pct_yes"].to_list() == [73.0, 60.0, 44.0]

