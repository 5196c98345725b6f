"""The synthetic text imitates the real report's layout but copies none of its prose."""

from __future__ import annotations

import re

import pytest

from synth import framework, phrases
from synth.render import render_report

#: Fact-carrying sentence openings the parser needs in the real shape (allowed to match).
STRUCTURAL = (
    "We conducted fieldwork in",
    "The total caseload for the",
    "User Voice, working with HM Inspectorate of Probation, had contact with",
    "This inspection was led by HM Inspector",
    "Of those surveyed by User Voice",
)
#: Fact-carrying phrases the brief asks to keep in the real shape; runs inside them are allowed.
ALLOWED_PHRASES = (
    "per cent of staff responding to our survey said that",
    "of those staff responding to our survey",
    "per cent said they were able to contact their probation practitioner when needed",
    *(f"our rating for {s} is based on the" for s in framework.RATING_SUBJECTS.values()),
)
SHINGLE = 8


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    """Runs of n words within each line of text, except runs inside ALLOWED_PHRASES."""
    allowed = {run for phrase in ALLOWED_PHRASES for run in _runs(_words(phrase), n)}
    return {run for line in text.split("\n") for run in _runs(_words(line), n)} - allowed


def _runs(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def prose_lines(text: str) -> list[str]:
    """Lines of rendered text other than table rows and structural fact sentences."""
    return [
        line for line in text.split("\n")
        if "\t" not in line and not line.startswith(STRUCTURAL)
    ]


def bank_texts() -> list[str]:
    texts = [t for bank in phrases.FINDINGS.values() for t in bank]
    texts += [t for bank in phrases.RECOMMENDATIONS.values() for t in bank]
    texts += [t for bank in phrases.ORGANISATIONAL_RATIONALES.values() for t in bank]
    texts += list(phrases.FOREWORD_LINES.values()) + list(phrases.BACKGROUND_CONTEXT)
    texts += list(framework.DESCRIPTIONS.values())
    texts += [c for clauses in phrases.SURVEY_CLAUSES.values() for c in clauses.values()]
    return texts


def test_no_long_line_of_the_real_report_is_reproduced(make, real_text):
    real_lines = {line.strip() for line in real_text.split("\n") if len(line.strip()) > 60}
    for seed in range(5):
        for line in render_report(make(seed)).split("\n"):
            assert line.strip() not in real_lines


@pytest.mark.parametrize("seed", range(3))
def test_rendered_prose_shares_no_eight_word_run_with_the_real_report(make, real_text, seed):
    real = shingles(real_text)
    shared = {
        " ".join(run)
        for line in prose_lines(render_report(make(seed)))
        for run in shingles(line) & real
    }
    assert shared == set()


def test_phrase_banks_share_no_eight_word_run_with_the_real_report(real_text):
    real = shingles(real_text)
    copied = [t for t in bank_texts() if shingles(t) & real]
    assert copied == []
