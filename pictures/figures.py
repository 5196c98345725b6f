"""Pure functions: warehouse frames (warehouse/page_queries.sql) -> plotly figures.

No I/O. Each takes the frame of one named query and, where it applies, the PDU code to
highlight (None: no highlight); a code with no rows is simply not highlighted.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from pictures.palette import HIGHLIGHT, OTHERS, rating_colours, rating_order, theme_order

FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", size=12)
ROW_HEIGHT = 26          # heatmap: pixels per PDU
QUESTION_HEIGHT = 46     # survey chart: pixels per question
LABEL_CHARS = 62         # survey question labels are cut to this many characters


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(template="plotly_white", font=FONT, height=height,
                      margin=dict(l=10, r=10, t=40, b=40))
    return fig


def _pdu_label(name: str, code: str) -> str:
    return f"{name} ({code})"


def _wrap(label: str, width: int = 14) -> str:
    """A column label broken into lines of about ``width`` characters (plotly's <br>)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def rating_heatmap(cells: pl.DataFrame, ratings: pl.DataFrame, highlight: str | None = None) -> go.Figure:
    """PDUs (rows, grouped by region: a two-level axis region / PDU) x standards (columns):
    the rating of each rated standard in the PDU's latest inspection. ``z`` is the rating's
    position on the scale (0 = lowest), ``text`` the rating; a standard the PDU's framework
    lacks is an empty cell. The highlighted PDU's row is outlined."""
    order = rating_order(ratings)
    colours = rating_colours(order)
    rows = (cells.select("region_name", "pdu_name", "pdu_code").unique()
            .sort("region_name", "pdu_name", "pdu_code", nulls_last=True))
    columns = cells.select("column_order", "column_name").unique().sort("column_order")
    row_of = {code: i for i, code in enumerate(rows["pdu_code"].to_list())}
    col_of = {order_: j for j, order_ in enumerate(columns["column_order"].to_list())}
    z: list[list[int | None]] = [[None] * columns.height for _ in range(rows.height)]
    text: list[list[str]] = [[""] * columns.height for _ in range(rows.height)]
    detail: list[list[str]] = [["not in this framework"] * columns.height for _ in range(rows.height)]
    for cell in cells.iter_rows(named=True):
        i, j = row_of[cell["pdu_code"]], col_of[cell["column_order"]]
        if cell["rating"] is not None:
            z[i][j] = order.index(cell["rating"])
            text[i][j] = cell["rating"]
        detail[i][j] = (f"{cell['standard_code']} {cell['standard_name']} · {cell['inspection_id']} "
                        f"({cell['framework_code']})")
    n = len(order)
    colourscale = []
    for k, rating in enumerate(order):
        colourscale += [[k / n, colours[rating]], [(k + 1) / n, colours[rating]]]
    fig = go.Figure(go.Heatmap(
        z=z, text=text, customdata=detail,
        x=[_wrap(name) for name in columns["column_name"].to_list()],
        y=[[r or "Region unknown" for r in rows["region_name"].to_list()], rows["pdu_name"].to_list()],
        zmin=-0.5, zmax=n - 0.5, colorscale=colourscale, xgap=2, ygap=2,
        texttemplate="%{text}", textfont=dict(size=9),
        colorbar=dict(title=dict(text="Rating", side="right"), tickvals=list(range(n)), ticktext=order,
                      orientation="h", x=0.5, xanchor="center", y=-14 / (ROW_HEIGHT * max(rows.height, 4)),
                      yanchor="top", yref="paper",
                      len=0.6, lenmode="fraction", thickness=14, ypad=0, ticklabelposition="outside"),
        hovertemplate="%{y}<br>%{x}: <b>%{text}</b><br>%{customdata}<extra></extra>",
    ))
    if highlight in row_of:
        i = row_of[highlight]
        fig.add_shape(type="rect", xref="x domain", yref="y", x0=0, x1=1, y0=i - 0.5, y1=i + 0.5,
                      line=dict(color=HIGHLIGHT, width=3), fillcolor="rgba(0,0,0,0)")
    fig.update_xaxes(side="top", tickangle=0, title=dict(text="Standard (latest inspection)"))
    fig.update_yaxes(autorange="reversed", title=dict(text="Region / PDU"))
    fig = _layout(fig, 190 + ROW_HEIGHT * max(rows.height, 4))
    fig.update_layout(margin=dict(b=90))
    return fig


def theme_distribution(key_questions: pl.DataFrame, highlight: str | None = None) -> go.Figure:
    """Per key-question theme, the spread of pct_yes over every inspected PDU's latest
    inspection (a box with every key question as a point); the highlighted PDU's key
    questions as large diamonds, in a trace named after it."""
    themes = theme_order(key_questions)
    kq = key_questions.sort("region_name", "pdu_name", "standard_code", nulls_last=True)
    fig = go.Figure(go.Box(
        x=kq["theme"].to_list(), y=kq["pct_yes"].to_list(), name="Every inspected PDU",
        boxpoints="all", jitter=0.45, pointpos=0, marker=dict(color=OTHERS, size=6, opacity=0.75),
        line=dict(color=OTHERS), fillcolor="rgba(107,127,153,0.12)",
        hovertext=[f"{p} · {s} {n}" for p, s, n in zip(kq["pdu_name"], kq["standard_code"], kq["standard_name"])],
        hovertemplate="%{hovertext}<br>%{x}: %{y:.0f}%<extra></extra>",
    ))
    mine = kq.filter(pl.col("pdu_code") == highlight) if highlight else kq.clear()
    if mine.height:
        fig.add_trace(go.Scatter(
            x=mine["theme"].to_list(), y=mine["pct_yes"].to_list(), mode="markers",
            name=_pdu_label(mine["pdu_name"][0], highlight),
            marker=dict(symbol="diamond", size=14, color=HIGHLIGHT, line=dict(color="white", width=1.5)),
            hovertext=[f"{s} {n}" for s, n in zip(mine["standard_code"], mine["standard_name"])],
            hovertemplate="<b>%{fullData.name}</b><br>%{hovertext}<br>%{x}: %{y:.0f}%<extra></extra>",
        ))
    fig.update_xaxes(categoryorder="array", categoryarray=themes, title=dict(text="Key-question theme"))
    fig.update_yaxes(range=[0, 100], title=dict(text="% of inspected cases judged sufficient"))
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=1.08, x=0))
    return _layout(fig, 460)


def rating_mix(mix: pl.DataFrame, ratings: pl.DataFrame) -> go.Figure:
    """Shares of overall ratings by publication half-year: one panel for England and Wales,
    then one per region; bars stack to 100% of the inspections published in the half-year
    (hover gives the counts)."""
    order = [r for r in rating_order(ratings) if r in set(mix["rating"].to_list())]
    colours = rating_colours(rating_order(ratings))
    scopes = mix.select("national", "scope").unique().sort(["national", "scope"], descending=[True, False])
    scope_names = scopes["scope"].to_list()
    periods = sorted(set(mix["period"].to_list()))
    totals = {(s, p): n for s, p, n in mix.group_by("scope", "period").agg(pl.col("inspections").sum()).iter_rows()}
    counts = {(s, p, r): n for s, p, r, n in mix.select("scope", "period", "rating", "inspections").iter_rows()}
    cols = max(1, min(3, len(scope_names)))
    nrows = max(1, math.ceil(len(scope_names) / cols))
    fig = make_subplots(rows=nrows, cols=cols, subplot_titles=scope_names or None, shared_yaxes=True,
                        vertical_spacing=min(0.12, 0.5 / nrows), horizontal_spacing=0.04)
    for rating in order:
        for k, scope in enumerate(scope_names):
            y, label = [], []
            for period in periods:
                total = totals.get((scope, period))
                n = counts.get((scope, period, rating), 0)
                y.append(None if not total else 100 * n / total)
                label.append(f"{n} of {total}" if total else "")
            fig.add_trace(go.Bar(
                x=periods, y=y, text=label, textposition="none", name=rating, legendgroup=rating,
                showlegend=k == 0, marker=dict(color=colours[rating]), meta=scope,
                hovertemplate="%{meta} · %{x}<br>%{fullData.name}: %{y:.0f}% (%{text})<extra></extra>",
            ), row=k // cols + 1, col=k % cols + 1)
    fig.update_layout(barmode="stack", legend=dict(orientation="h", y=-0.08 if nrows > 1 else -0.2, x=0,
                                                   traceorder="normal"))
    fig.update_yaxes(range=[0, 100], ticksuffix="%")
    fig.update_yaxes(title=dict(text="Overall ratings"), col=1)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=periods)
    return _layout(fig, 120 + 260 * nrows)


def _question_label(survey_name: str | None, question: str | None) -> str:
    text = question or ""
    if len(text) > LABEL_CHARS:
        text = text[: LABEL_CHARS - 1].rstrip() + "…"
    survey = (survey_name or "").split(" (")[0]
    return f"{survey}: {text}" if survey else text


def _offsets(n: int) -> list[float]:
    """Vertical offsets that spread n PDUs over the middle 60% of a question's band."""
    return [0.0] if n == 1 else [-0.3 + 0.6 * k / (n - 1) for k in range(n)]


def survey_intervals(results: pl.DataFrame, highlight: str | None = None) -> go.Figure:
    """Each survey question (rows) x PDU: pct_positive as a dot with its 95% Wilson interval
    as a bar, every PDU at its own small offset within the question's row. Suppressed results
    (and any without a percentage) are not plotted; an annotation counts them."""
    questions = (results.select("survey_name", "question_code", "question_text").unique()
                 .sort("survey_name", "question_code", nulls_last=True))
    pdus = results.select("region_name", "pdu_name", "pdu_code").unique().sort(
        "region_name", "pdu_name", "pdu_code", nulls_last=True)
    row_of = {q: i for i, q in enumerate(questions["question_code"].to_list())}
    offset_of = dict(zip(pdus["pdu_code"].to_list(), _offsets(max(pdus.height, 1))))
    shown = results.filter(~pl.col("suppressed") & pl.col("pct_positive").is_not_null())
    fig = go.Figure()
    for name, part, colour, size, opacity in (
        ("Every inspected PDU", shown.filter(pl.col("pdu_code") != (highlight or "")), OTHERS, 7, 0.8),
        (None, shown.filter(pl.col("pdu_code") == (highlight or "")), HIGHLIGHT, 11, 1.0),
    ):
        if not part.height:
            continue
        pct = part["pct_positive"].to_list()
        fig.add_trace(go.Scatter(
            x=pct,
            y=[row_of[q] + offset_of[p] for q, p in zip(part["question_code"], part["pdu_code"])],
            mode="markers", name=name or _pdu_label(part["pdu_name"][0], highlight),
            marker=dict(color=colour, size=size, opacity=opacity, symbol="circle" if name else "diamond"),
            error_x=dict(type="data", symmetric=False, color=colour, thickness=1.5 if name else 2.5, width=3,
                         array=[h - p for h, p in zip(part["ci_high"], pct)],
                         arrayminus=[p - lo for lo, p in zip(part["ci_low"], pct)]),
            customdata=[[pdu, q, a, lo, hi] for pdu, q, a, lo, hi in zip(
                part["pdu_name"], part["question_text"], part["answered"], part["ci_low"], part["ci_high"])],
            hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{x:.1f}% positive "
                           "(95% interval %{customdata[3]:.1f}–%{customdata[4]:.1f}; %{customdata[2]} answered)"
                           "<extra></extra>"),
        ))
    suppressed = results.filter(pl.col("suppressed") | pl.col("pct_positive").is_null()).height
    if suppressed:
        fig.add_annotation(xref="paper", yref="paper", x=0, y=1.0, yanchor="bottom", xanchor="left",
                           showarrow=False, font=dict(size=11),
                           text=f"{suppressed} suppressed result(s) not plotted: too few answers (listed below)")
    labels = [_question_label(s, t) for s, t in zip(questions["survey_name"], questions["question_text"])]
    fig.update_yaxes(tickvals=list(range(questions.height)), ticktext=labels, range=[questions.height - 0.5, -0.5],
                     showgrid=False, zeroline=False)
    fig.update_xaxes(range=[0, 100], ticksuffix="%", title=dict(text="% positive, with its 95% Wilson interval"))
    for i in range(1, questions.height):
        fig.add_hline(y=i - 0.5, line=dict(color="#e3e6ea", width=1))
    fig.update_layout(legend=dict(orientation="h", y=-0.12 if questions.height > 6 else -0.3, x=0),
                      showlegend=True)
    return _layout(fig, 160 + QUESTION_HEIGHT * max(questions.height, 3))


def suppressed_results(results: pl.DataFrame) -> pl.DataFrame:
    """The survey results withheld (too few answers): what the page lists instead of plotting."""
    return (results.filter(pl.col("suppressed") | pl.col("pct_positive").is_null())
            .select("pdu_name", "pdu_code", "survey_name", "question_text", "answered", "min_answers")
            .sort("pdu_name", "survey_name", "question_text", nulls_last=True))
