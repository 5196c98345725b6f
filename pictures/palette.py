"""Colours and orders the figures share. Ratings come in the order of the rating scale the
warehouse holds (reference/rating_scale.csv, lowest first); nothing here names a rating."""

from __future__ import annotations

import polars as pl
from plotly.colors import sample_colorscale

#: a diverging scale: the lowest rating red, the highest green
RATING_COLOURSCALE = "RdYlGn"
#: the highlighted PDU (a colour no rating takes)
HIGHLIGHT = "#6a1b9a"
#: every other PDU in a distribution
OTHERS = "#6b7f99"


def rating_order(ratings: pl.DataFrame) -> list[str]:
    """Ratings lowest first, from the ``ratings`` frame (rating, rating_points)."""
    return ratings.sort("rating_points", "rating")["rating"].to_list()


def rating_colours(order: list[str]) -> dict[str, str]:
    """One colour per rating, evenly along RATING_COLOURSCALE, lowest rating first."""
    if len(order) == 1:
        return {order[0]: sample_colorscale(RATING_COLOURSCALE, [1.0])[0]}
    steps = [i / (len(order) - 1) for i in range(len(order))]
    return dict(zip(order, sample_colorscale(RATING_COLOURSCALE, steps)))


def theme_order(key_questions: pl.DataFrame) -> list[str]:
    """Key-question themes in the order of the first standard each belongs to (court 2.1,
    then the case-supervision themes, outcomes 2.6), ties alphabetical."""
    firsts = key_questions.group_by("theme").agg(pl.col("standard_code").min().alias("first_code"))
    return firsts.sort("first_code", "theme")["theme"].to_list()
