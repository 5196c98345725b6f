"""Percentages in words and digits, and what they count."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.stated_figures import (
    classify_measure, compile_measure_rules, find_percentages, split_sentences, words_to_number,
)

UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell(n: int) -> str:
    """An independent speller, for the property below."""
    if n == 100:
        return "one hundred"
    if n < 10:
        return UNITS[n] or "zero"
    if n < 20:
        return TEENS[n - 10]
    return TENS[n // 10] + (f"-{UNITS[n % 10]}" if n % 10 else "")


@given(st.integers(min_value=1, max_value=100), st.booleans())
def test_spelled_percentages_read_back(n, capital):
    words = spell(n)
    words = words[0].upper() + words[1:] if capital else words
    found = find_percentages(f"{words} per cent of cases were sufficient.")
    assert [(value, text) for _, value, text in found] == [(float(n), f"{words} per cent")]


@given(st.integers(min_value=0, max_value=100), st.sampled_from(["%", " per cent", " percent", "%."]))
def test_digit_percentages_read_back(n, suffix):
    found = find_percentages(f"In {n}{suffix} of cases")
    assert [value for _, value, _ in found] == [float(n)]


@pytest.mark.parametrize(
    ("sentence", "values"),
    [
        ("Figures ranged from 25 to 142 per cent.", [25.0, 142.0]),
        ("It fell by 2.5 per cent.", [2.5]),
        ("We saw 45 cases and 12 reports.", []),
        ("Over 2,600 square miles.", []),
        ("In 26 out of 43 cases.", []),
    ],
)
def test_find_percentages(sentence, values):
    assert [v for _, v, _ in find_percentages(sentence)] == values


def test_words_to_number():
    assert [words_to_number(w) for w in ("Ninety-two", "fifty", "Sixty six", "one hundred", "88")] == [
        92.0, 50.0, 66.0, 100.0, 88.0]


def test_split_sentences_keeps_offsets():
    text = "First one. Second (45 per cent) here. Third."
    assert split_sentences(text) == [(0, "First one."), (11, "Second (45 per cent) here."), (38, "Third.")]


@pytest.mark.parametrize(
    ("sentence", "subsection", "measure"),
    [
        ("Of the staff who responded to our survey, 70 per cent felt safe.", None, "staff_survey"),
        ("Of those surveyed by User Voice, 60 per cent said so.", None, "people_on_probation_survey"),
        ("Sixty per cent felt listened to.", "Feedback from people on probation", "people_on_probation_survey"),
        ("Of the sentencers we spoke to, 90 per cent were confident.", None, "other"),
        ("Of sentencers surveyed, 90 per cent were confident.", None, "sentencer_survey"),
        ("Contingency planning was insufficient in 63 per cent of cases.", None, "case_sample"),
        ("The workforce comprises 83 per cent women, unlike the wider population.", None, "workforce"),
        ("UPW had a 60 per cent compliance rate.", None, "other"),
    ],
)
def test_classify_measure(reference, sentence, subsection, measure):
    rules = compile_measure_rules(reference.stated_figure_measures)
    position = find_percentages(sentence)[0][0]
    assert classify_measure(sentence, position, subsection, rules) == measure
