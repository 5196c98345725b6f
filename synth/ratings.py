"""Rating rules of the PDU inspection framework: bands, points, score and overall rating.

Pure functions over the four rating words, ordered worst to best. The words are the reference
data's (reference/rating_scale.csv, through ``core.reference.rating_words``), never spelt here.
"""

from __future__ import annotations

from core.reference import rating_words

#: Rating words from worst to best; the index is the rating's points.
RATINGS: tuple[str, ...] = rating_words()
INADEQUATE, REQUIRES_IMPROVEMENT, GOOD, OUTSTANDING = RATINGS
MAX_SCORE = 27


def band_for_percent(percent: int) -> str:
    """Rating band of one key-question percentage: <50, 50-64, 65-79, >=80."""
    if not 0 <= percent <= 100:
        raise ValueError(f"percentage must be 0-100, got {percent}")
    if percent < 50:
        return INADEQUATE
    if percent < 65:
        return REQUIRES_IMPROVEMENT
    if percent < 80:
        return GOOD
    return OUTSTANDING


def points(rating: str) -> int:
    """Points a standard's rating contributes to the score (Inadequate 0 ... Outstanding 3)."""
    try:
        return RATINGS.index(rating)
    except ValueError:
        raise ValueError(f"unknown rating {rating!r}; expected one of {RATINGS}") from None


def rating_for_points(value: int) -> str:
    """Rating word for a points value 0-3 (values outside are clamped)."""
    return RATINGS[max(0, min(3, value))]


def raise_band(rating: str) -> str:
    """The next band up (Outstanding stays Outstanding)."""
    return rating_for_points(points(rating) + 1)


def overall_for_score(
    score: int, max_score: int = MAX_SCORE, thresholds: tuple[int, int, int] = (6, 15, 24)
) -> str:
    """Overall rating from the score.

    ``thresholds`` are the highest scores still rated Inadequate, Requires improvement
    and Good. The defaults are the pdu-2021 rule for a score out of 27: 0-6, 7-15, 16-24,
    25-27; ``synth.framework`` holds each framework's thresholds.
    """
    if not 0 <= score <= max_score:
        raise ValueError(f"score must be 0-{max_score}, got {score}")
    inadequate, requires_improvement, good = thresholds
    if score <= inadequate:
        return INADEQUATE
    if score <= requires_improvement:
        return REQUIRES_IMPROVEMENT
    if score <= good:
        return GOOD
    return OUTSTANDING
