"""Fill phrase-bank templates with random but plausible figures."""

from __future__ import annotations

import random

from synth.numbers import sentence_start
from synth.phrases import STRENGTH


def fill(template: str, rng: random.Random, kind: str, unit: str, cases: int) -> str:
    """Fill one phrase-bank template; see ``synth.phrases`` for the fields.

    Strength figures are drawn high and improvement figures low, so the sentence reads
    naturally; ``cases`` bounds "n of m" counts.
    """
    pct = rng.randint(65, 95) if kind == STRENGTH else rng.randint(20, 60)
    low_pct = rng.randint(8, 30)
    m = rng.randint(min(10, cases), max(min(10, cases), cases // 2))
    share = rng.uniform(0.6, 0.9) if kind == STRENGTH else rng.uniform(0.3, 0.7)
    n = max(1, min(m - 1, round(m * share)))
    return template.format(
        pct=pct,
        Pct=sentence_start(pct),
        low_pct=low_pct,
        Low_pct=sentence_start(low_pct),
        n=n,
        m=m,
        k=rng.randint(1, 3),
        unit=unit,
    )


def pick(rng: random.Random, bank: tuple[str, ...], low: int, high: int) -> list[str]:
    """Between low and high distinct templates from a bank, in bank order."""
    k = min(len(bank), rng.randint(low, high))
    chosen = sorted(rng.sample(range(len(bank)), k))
    return [bank[i] for i in chosen]


def survey_sentence(rng: random.Random, forms: tuple[str, ...], clause: str, pct: int) -> str:
    """One survey-figure sentence.

    e.g. "Of those staff responding to our survey, 88 per cent said ..."
    """
    form = rng.choice(forms)
    return form.format(pct=pct, Pct=sentence_start(pct), clause=clause)
