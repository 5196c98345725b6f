"""Text variants: each changes presentation only, on synthetic and real text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synth.variants import (
    VARIANTS,
    add_bom,
    add_markdown_emphasis,
    apply_all,
    curly_quotes,
    hard_wrap,
    may_start_line,
    paginate,
    plain_footnote_markers,
    straight_quotes,
    strip_markdown,
    tabs_to_spaces,
    to_crlf,
)
from tests.conftest import examples

SOURCES = ("synthetic", "real")


@pytest.fixture(params=SOURCES)
def source(request, text):
    if request.param == "real":
        return request.getfixturevalue("real_text")
    return text


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_keeps_the_words(name, source, words_of):
    assert words_of(VARIANTS[name](source)) == words_of(source)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_is_deterministic(name, text):
    assert VARIANTS[name](text) == VARIANTS[name](text)


# --- line endings and BOM ---------------------------------------------------------------

def test_to_crlf_and_add_bom_are_idempotent(source):
    crlf = to_crlf(source)
    assert crlf.count("\r\n") == source.count("\n") and "\n" not in crlf.replace("\r\n", "")
    assert to_crlf(crlf) == crlf
    assert add_bom(source).startswith("\ufeff") and add_bom(add_bom(source)) == add_bom(source)


# --- quotes -----------------------------------------------------------------------------

def test_curly_quotes_examples():
    assert curly_quotes("rated as 'Good'.") == "rated as ‘Good’."
    assert curly_quotes("the PDU's staff") == "the PDU’s staff"
    assert curly_quotes('described as "a team".') == "described as “a team”."
    assert curly_quotes("Percentage 'Yes'") == "Percentage ‘Yes’"


@given(st.text(alphabet="ab '\"\n\t(-", max_size=60))
def test_straight_quotes_undoes_curly_quotes(sample):
    assert straight_quotes(curly_quotes(sample)) == sample


def test_curly_quotes_on_synthetic_text(text):
    curly = curly_quotes(straight_quotes(text))
    assert "'" not in curly and '"' not in curly
    assert "Derby City PDU’s caseload" in curly


# --- tabs, emphasis, footnote markers -----------------------------------------------------

def test_tabs_to_spaces_keeps_percentage_at_line_end(spec, text):
    spaced = tabs_to_spaces(text)
    assert "\t" not in spaced
    for q in spec.key_questions:
        assert f"{q.question}    {q.percent_yes}%\n" in spaced
    with pytest.raises(ValueError, match="n must be at least 2"):
        tabs_to_spaces(text, n=1)


def test_strip_markdown_removes_bold(spec, text):
    plain = strip_markdown(text)
    assert "**" not in plain and f"\nScore {spec.score}/27\n" in plain


def test_add_markdown_emphasis_wraps_score_and_rating_lines(spec, text):
    bold = add_markdown_emphasis(strip_markdown(text))
    assert f"\nScore **{spec.score}/27**\n" in bold
    assert f"\nOverall rating\n\n**{spec.overall_rating}**\n" in bold
    assert add_markdown_emphasis(bold) == bold
    assert strip_markdown(bold) == strip_markdown(text)


def test_add_markdown_emphasis_on_real_text(real_text):
    bold = add_markdown_emphasis(real_text)
    assert "Score **6/27**" in bold and "****" not in bold
    assert "people on probation. **Requires improvement**" in bold
    assert "\n**Good**\n" in bold


def test_plain_footnote_markers(text):
    plain = plain_footnote_markers(text)
    assert not re.search("[⁰¹²³⁴⁵⁶⁷⁸⁹]", plain)
    assert re.search(r"\nOur rating\d+ for court work", "\n" + plain)
    assert re.search(r"\n\d+ The key question score", plain)


# --- hard_wrap --------------------------------------------------------------------------

def _too_long_but_allowed(line: str, width: int) -> bool:
    """A line over width must be one unbreakable word (plus words that may not start a line)."""
    return len([w for w in line.split() if may_start_line(w)]) <= 1


@pytest.mark.parametrize("width", [40, 60, 80])
def test_hard_wrap_respects_width(source, width):
    wrapped = hard_wrap(source, width)
    for line in wrapped.split("\n"):
        assert len(line) <= width or _too_long_but_allowed(line, width)


@pytest.mark.parametrize("width", [40, 80])
def test_hard_wrap_continuations_are_not_bullets_or_indented(source, width):
    for original in source.split("\n"):
        for piece in hard_wrap(original, width).split("\n")[1:]:
            assert not piece.startswith(("- ", " ", "\t"))


def test_hard_wrap_does_not_invent_bullets_footnotes_or_page_numbers(source):
    def shapes(t):
        lines = t.split("\n")
        return (
            sum(l.startswith("- ") for l in lines),
            sum(bool(re.match("[⁰¹²³⁴⁵⁶⁷⁸⁹]+ ", l)) for l in lines),
            sum(l.strip().isdigit() for l in lines),
        )

    for width in (30, 50, 80):
        assert shapes(hard_wrap(source, width)) == shapes(source)


def test_hard_wrap_keeps_percentages_at_the_end_of_table_rows(spec, text):
    lines = hard_wrap(text, 60).split("\n")
    for q in spec.key_questions:
        ends = [l for l in lines if l.endswith(f"\t{q.percent_yes}%")]
        assert ends and all(len(l) <= 60 for l in ends)
    assert not any(re.fullmatch(r"\t?\d+%", l) for l in lines)


def test_hard_wrap_short_lines_untouched(text):
    assert hard_wrap(text, 10_000) == text
    with pytest.raises(ValueError, match="width must be at least 10"):
        hard_wrap(text, 5)


words = st.text(alphabet="abcdefghij-1.¹", min_size=1, max_size=14)
lines_strategy = st.lists(
    st.lists(words, max_size=30).map(" ".join), min_size=1, max_size=5
).map("\n".join)


@settings(max_examples=examples(200))
@given(sample=lines_strategy, width=st.integers(min_value=10, max_value=50))
def test_hard_wrap_preserves_the_sequence_of_words(sample, width):
    wrapped = hard_wrap(sample, width)
    assert wrapped.split() == sample.split()
    for line in wrapped.split("\n"):
        assert len(line) <= width or _too_long_but_allowed(line, width)
    assert hard_wrap(wrapped, width) == wrapped


def test_hard_wrap_keeps_crlf(text):
    wrapped = hard_wrap(to_crlf(text), 60)
    assert "\n" not in wrapped.replace("\r\n", "")


# --- paginate ---------------------------------------------------------------------------

def test_paginate_furniture(text, unpaginate):
    paged = paginate(text, lines_per_page=45)
    body_lines = text.rstrip("\n").split("\n")
    pages = -(-len(body_lines) // 45)
    assert paged.count("\f") == pages - 1
    header = "\fInspection of probation services: Derby City PDU"
    lines = paged.split("\n")
    assert lines.count(header) == pages - 1
    for i, line in enumerate(lines):
        if line == header:
            assert lines[i - 1].isdigit()
    footers = [lines[i - 1] for i, l in enumerate(lines) if l.startswith("\f")] + [lines[-2]]
    assert footers == [str(n) for n in range(1, pages + 1)]
    assert unpaginate(paged) == text.rstrip("\n")


def test_paginate_page_x_of_y_and_custom_header(text):
    paged = paginate(text, lines_per_page=100, header="Running head", footer_fmt="Page {n} of {m}")
    lines = paged.split("\n")
    m = paged.count("\f") + 1
    assert "\fRunning head" in lines
    assert f"Page 1 of {m}" in lines and f"Page {m} of {m}" in lines


def test_paginate_real_report_header(real_text):
    paged = paginate(real_text)
    assert "\n\fInspection of probation services: Cumbria PDU\n" in paged


def test_paginate_keeps_crlf_and_bom(text):
    paged = paginate(add_bom(to_crlf(text)))
    assert paged.startswith("\ufeff") and "\n" not in paged.replace("\r\n", "")
    with pytest.raises(ValueError, match="lines_per_page must be at least 1"):
        paginate(text, 0)


def bullets_split_by_page_breaks(paged: str) -> list[str]:
    """First lines of bullets whose wrapped lines continue after a page break."""
    lines = paged.split("\n")
    found = []
    for i, line in enumerate(lines):
        if not line.startswith("\f") or i + 1 == len(lines):
            continue
        before, after = lines[i - 2], lines[i + 1]  # lines[i - 1] is the footer
        if not before.strip() or not after.strip() or after.startswith("- "):
            continue
        j = i - 2
        while j > 0 and lines[j - 1].strip() and not lines[j].startswith("- "):
            j -= 1
        if lines[j].startswith("- "):
            found.append(lines[j])
    return found


def test_wrapped_bullet_split_across_pages(make):
    """With hard_wrap then paginate, some page break falls inside one wrapped bullet."""
    from synth.render import render_report

    paged = [paginate(hard_wrap(render_report(make(seed)))) for seed in range(3)]
    assert any(bullets_split_by_page_breaks(p) for p in paged)


def test_apply_all_combines_variants(text, words_of):
    out = apply_all(text)
    assert out.startswith("\ufeff") and "\r\n" in out and "\f" in out
    assert "\t" not in out and "**" not in out and "’" in out
    assert words_of(out) == words_of(text)


def test_split_percentages_cuts_each_row_at_the_next_place():
    from synth.variants import split_percentages

    rows = "\n".join(f"Q{i}?\tsixty-one per cent" for i in range(5)) + "\nQ5?\t61%\nQ6?\t61%\r\nNo question\t61%"
    assert split_percentages(rows, ("",)).split("\n") == [
        "Q0?", "", "sixty-one per cent",  # the gap before the cell
        "Q1?\tsixty-", "", "one per cent",  # after the hyphen
        "Q2?\tsixty-one", "", "per cent",
        "Q3?\tsixty-one per", "", "cent",
        "Q4?", "", "sixty-one per cent",  # round again
        "Q5?", "", "61%",  # one cut only
        "Q6?\r", "\r", "61%\r",  # the line's own ending kept
        "No question\t61%",  # not a key-question row
    ]
    assert split_percentages("Q?\t61 per cent\n") == "Q?\n61 per cent\n"
