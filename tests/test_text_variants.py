"""Every shape report text reaches users in reads to the same facts as the original.

The variants are applied in memory to the real report (read from ../shared, never
written into the project) by the project's own ``synth.variants`` functions."""

from __future__ import annotations

import pytest

from synth import variants
from tests.conftest import assert_change_keeps_facts, change_cases, parse_text

# variants that keep every line where it was: provenance lines must agree too
SAME_LINES = {
    "crlf": variants.to_crlf,
    "bom": variants.add_bom,
    "curly_quotes": variants.curly_quotes,
    "straight_quotes": variants.straight_quotes,
    "tabs_to_spaces": variants.tabs_to_spaces,
    "runs_of_spaces": lambda t: t.replace("\t", "       "),
    "add_markdown_emphasis": variants.add_markdown_emphasis,
    "strip_markdown": variants.strip_markdown,
    "plain_footnote_markers": variants.plain_footnote_markers,
    "crlf_bom_curly_plain_markers": lambda t: variants.add_bom(
        variants.to_crlf(variants.curly_quotes(variants.plain_footnote_markers(t)))),
}
# variants that move lines: the facts agree, their line numbers move
MOVED_LINES = {
    "hard_wrap_80": lambda t: variants.hard_wrap(t, 80),
    "hard_wrap_60": lambda t: variants.hard_wrap(t, 60),
    "paginate": lambda t: variants.paginate(t, lines_per_page=20),
    "page_x_of_y": lambda t: variants.paginate(t, lines_per_page=33, footer_fmt="Page {n} of {m}"),
    "wrapped_and_paginated": lambda t: variants.paginate(variants.hard_wrap(t, 72), lines_per_page=41),
    "all": variants.apply_all,
}


@pytest.mark.parametrize("change, keep_lines", change_cases(SAME_LINES, MOVED_LINES))
def test_variant_reads_to_same_facts(cumbria, cumbria_text, reference, change, keep_lines):
    assert_change_keeps_facts(change, cumbria_text, cumbria, reference, keep_lines)


def test_wrapped_bullet_keeps_the_line_where_it_starts(cumbria_text, reference):
    facts = parse_text(variants.hard_wrap(cumbria_text, 60), reference)
    lines = variants.hard_wrap(cumbria_text, 60).split("\n")
    for row in facts.findings.iter_rows(named=True):
        assert lines[row["source_line"] - 1].startswith("- ")
        assert row["text"].startswith(lines[row["source_line"] - 1][2:].strip())


def test_bullet_cut_by_a_page_break_and_a_footnote_is_one_finding(cumbria_text, reference):
    # Move footnote 3's text into the middle of the bullet before it, with a page break too.
    lines = cumbria_text.split("\n")
    bullet = next(i for i, ln in enumerate(lines) if ln.startswith("- A staff engagement and wellbeing forum"))
    note = next(i for i, ln in enumerate(lines) if ln.startswith("\u00b3 "))
    words = lines[bullet].split(" ")
    head, tail = " ".join(words[:12]), " ".join(words[12:])
    cut = lines[:bullet] + [head, "", "17", "\fInspection of probation services: Cumbria PDU", "", lines[note], "", tail]
    text = "\n".join(cut + [ln for i, ln in enumerate(lines) if i > bullet and i != note])
    facts = parse_text(text, reference)
    original = parse_text(cumbria_text, reference)
    assert facts.findings.drop("source_line", "source_sha256").equals(
        original.findings.drop("source_line", "source_sha256"))
    assert facts.findings.height == 106
