"""The synthetic generator varies wording and layout too (synth.wording), so that the
national sample exercises the parser's vocabularies; a reworded report reads to the same
facts as the same report in the usual wording."""

from __future__ import annotations

import dataclasses

import pytest

from synth import wording
from synth.generate import report_text
from synth.national import national_sample
from tests.conftest import facts_of, parse_text


@pytest.fixture(scope="module")
def sample():
    return national_sample(2023)


def test_a_fraction_of_the_national_sample_is_reworded(sample):
    reworded = [r for r in sample if r.wordings]
    assert 0.15 * len(sample) < len(reworded) < 0.5 * len(sample)
    used = {w for r in reworded for w in r.wordings}
    assert used <= set(wording.WORDINGS)
    assert len(used) >= 0.75 * len(wording.WORDINGS)
    assert {r.framework for r in reworded} == {"pdu-2021", "pdu-2023"}


@pytest.mark.parametrize("framework", ["pdu-2021", "pdu-2023"])
@pytest.mark.parametrize("name", sorted(wording.WORDINGS))
def test_reworded_sample_report_reads_to_the_same_facts(sample, reference, name, framework):
    report = next(r for r in sample if r.framework == framework and name in r.wordings) if any(
        r.framework == framework and name in r.wordings for r in sample) else next(
        r for r in sample if r.framework == framework)
    plain = dataclasses.replace(report, wordings=(), variants=())
    reworded = dataclasses.replace(report, wordings=(name,), variants=())
    assert facts_of(parse_text(report_text(reworded, 2023), reference), keep_lines=False) == facts_of(
        parse_text(report_text(plain, 2023), reference), keep_lines=False)


@pytest.mark.parametrize("n", [0, 1, 19, 20, 61, 99, 100])
def test_number_in_words(n):
    from transforms.number_words import words_to_number

    assert words_to_number(wording.number_in_words(n)) == n
    assert wording.number_in_words(61) == "sixty-one"
