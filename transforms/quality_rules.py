"""Cross-table domain rules, recorded as data-quality findings rather than errors:
inspectors may use professional discretion, so a disagreement is information.

Rules, each kept per framework in the reference data:
* ``score_sum``: the printed score equals the sum of the rated standards' points;
* ``max_score``: the printed maximum is 3 x the number of rated standards;
* ``rating_band``: each banded (case-supervision) standard's rating is the band of
  its lowest key-question percentage;
* ``body_rating``: the rating in a standard's own section agrees with the ratings page;
* ``pdu_match``: the unit name matched exactly one PDU code.
"""

from __future__ import annotations

import polars as pl

from schemas.report_tables import frame_schema



def band_of(pct: float, scale: pl.DataFrame) -> str | None:
    """The rating band a percentage falls in, from a framework's rating scale rows."""
    for row in scale.sort("band_min_pct", descending=True).iter_rows(named=True):
        if pct >= row["band_min_pct"]:
            return row["rating"]
    return None


def check_inspection(
    inspection: pl.DataFrame,
    standard_ratings: pl.DataFrame,
    key_questions: pl.DataFrame,
    framework_standards: pl.DataFrame,
    rating_scale: pl.DataFrame,
    body_ratings: dict[str, str],
    pdu_status: tuple[str, tuple[str, ...]],
) -> pl.DataFrame:
    """Every rule's outcome for one inspection, one row per check (passed or not)."""
    insp = inspection.row(0, named=True)
    iid, framework = insp["inspection_id"], insp["framework"]
    scale = rating_scale.filter(pl.col("framework_code") == framework)
    rated = standard_ratings.filter(pl.col("rating").is_not_null())
    rows: list[dict] = []

    def add(rule: str, subject: str, expected, observed, detail: str) -> None:
        rows.append({
            "inspection_id": iid, "rule": rule, "subject": subject,
            "expected": None if expected is None else str(expected),
            "observed": None if observed is None else str(observed),
            "passed": expected == observed, "detail": detail,
        })

    points = int(rated["rating_points"].sum())
    add("score_sum", "score", points, insp["score"],
        "printed score against the sum of the rated standards' rating points")
    add("max_score", "max_score", 3 * rated.height, insp["max_score"],
        "printed maximum against 3 x the number of rated standards")

    banded = framework_standards.filter(
        (pl.col("framework_code") == framework) & pl.col("banded")
    )["standard_code"].to_list()
    lowest = key_questions.group_by("standard_code").agg(pl.col("pct_yes").min())
    for code in banded:
        row = standard_ratings.filter(pl.col("standard_code") == code)
        low = lowest.filter(pl.col("standard_code") == code)
        if row.is_empty() or low.is_empty():
            continue
        pct = low["pct_yes"][0]
        add("rating_band", code, band_of(pct, scale), row["rating"][0],
            f"rating against the band of the lowest key-question percentage ({pct:g}%)")

    for code, body in sorted(body_ratings.items()):
        row = standard_ratings.filter(pl.col("standard_code") == code)
        if not row.is_empty():
            add("body_rating", code, row["rating"][0], body,
                "rating in the standard's own section against the ratings page")

    status, candidates = pdu_status
    rows.append({
        "inspection_id": iid, "rule": "pdu_match", "subject": insp["unit_name"],
        "expected": "one PDU code", "observed": ", ".join(candidates) or None,
        "passed": status == "matched",
        "detail": f"unit name {status}" + (f": candidates {', '.join(candidates)}" if status == "ambiguous" else ""),
    })
    return pl.DataFrame(rows, schema=frame_schema("data_quality"))
