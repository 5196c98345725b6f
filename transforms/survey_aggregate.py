"""Per inspection x survey x question: respondents, answers, percentage positive with a 95%
Wilson score interval, suppressed below a minimum number of answers."""

from __future__ import annotations

import math

import polars as pl

from core.survey_catalogue import FREE_TEXT

#: Two-sided 95% normal quantile.
Z95 = 1.959963984540054


def wilson_interval(positive: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of positive/n, as proportions (0..1). n must be > 0."""
    p = positive / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return centre - half, centre + half


def _wilson_expr(positive: pl.Expr, n: pl.Expr, sign: float, z: float = Z95) -> pl.Expr:
    p = positive / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)).sqrt()) / denom
    return centre + sign * half


def aggregate_answers(answers: pl.DataFrame, respondents: int, questions: pl.DataFrame,
                      min_answers: int) -> pl.DataFrame:
    """One row per scaled question in ``answers`` (one extract's answer table).

    ``answered`` counts in-scale answers (blank cells and quarantined answers are not answers);
    percentages are of ``answered``, 0-100; when ``answered < min_answers`` the percentages
    and interval are null and ``suppressed`` is true.
    """
    if min_answers < 1:
        raise ValueError(f"min_answers must be at least 1, not {min_answers}")
    scaled = questions.filter(pl.col("scale") != FREE_TEXT).select("question_code")
    counts = (answers.filter(pl.col("question_code").is_not_null())
              .join(scaled, on="question_code")
              .group_by("inspection_id", "survey", "question_code")
              .agg(pl.col("answer").is_not_null().sum().cast(pl.Int64).alias("answered"),
                   pl.col("is_positive").fill_null(False).sum().cast(pl.Int64).alias("positive"),
                   pl.col("is_negative").fill_null(False).sum().cast(pl.Int64).alias("negative")))
    return results_from_counts(counts, respondents, min_answers)


def results_from_counts(counts: pl.DataFrame, respondents: int, min_answers: int) -> pl.DataFrame:
    """The results table from per-question counts (inspection_id, survey, question_code,
    answered, positive, negative), as computed by SQL over the loaded answers."""
    if min_answers < 1:
        raise ValueError(f"min_answers must be at least 1, not {min_answers}")
    return results_table(counts.with_columns(pl.lit(respondents, pl.Int64).alias("respondents"),
                                             pl.lit(min_answers, pl.Int64).alias("min_answers")))


def results_table(counts: pl.DataFrame, keep: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> pl.DataFrame:
    """``results_from_counts`` of counts that also have each row's respondents and min_answers
    (several extracts' counts at once), sorted by ``keep`` (columns kept first) then question;
    ``after``: columns kept last."""
    n = pl.col("answered")
    shown = n >= pl.col("min_answers")
    pct = lambda e: pl.when(shown).then(100.0 * e / n).otherwise(None)  # noqa: E731
    return (
        counts.with_columns(pl.col("answered", "positive", "negative", "respondents", "min_answers").cast(pl.Int64))
        .with_columns(pct(pl.col("positive")).alias("pct_positive"),
                      pct(pl.col("negative")).alias("pct_negative"),
                      pl.when(shown).then(100.0 * _wilson_expr(pl.col("positive"), n, -1.0)).alias("ci_low"),
                      pl.when(shown).then(100.0 * _wilson_expr(pl.col("positive"), n, 1.0)).alias("ci_high"),
                      (~shown).alias("suppressed"))
        .select(*keep, "inspection_id", "survey", "question_code", "respondents", "answered", "positive", "negative",
                "pct_positive", "pct_negative", "ci_low", "ci_high", "suppressed", "min_answers", *after)
        .sort(*keep, "question_code")
    )
