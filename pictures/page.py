"""Pure: figures and notes -> one self-contained HTML page (plotly.js inlined once, in the head;
no file or address outside the page is referenced, so it opens offline)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import plotly.graph_objects as go
import plotly.io as pio

PAGE_TITLE = "Probation inspections: PDU comparison"

#: plotly.js options: no plotly logo, and no "Share chart" button (it would upload the chart's data
#: to a cloud service); charts follow the width of the window
PLOTLY_CONFIG = {"displaylogo": False, "showSendToCloud": False, "responsive": True}

STYLE = """
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; margin: 0 auto;
       max-width: 1320px; padding: 0 24px 48px; color: #1f2933; background: #fff; }
h1 { font-size: 1.6rem; margin: 24px 0 8px; }
h2 { font-size: 1.2rem; margin: 36px 0 4px; border-bottom: 1px solid #d9dee4; padding-bottom: 4px; }
p { margin: 6px 0; line-height: 1.45; }
.note { color: #4a5563; font-size: 0.9rem; }
.synthetic { background: #fff4d6; border-left: 4px solid #e0a100; padding: 6px 10px; }
table { border-collapse: collapse; font-size: 0.85rem; margin-top: 8px; }
th, td { border: 1px solid #d9dee4; padding: 3px 8px; text-align: left; }
th { background: #f3f5f7; }
table.sortable th { cursor: pointer; }
label { margin-right: 16px; }
select { font-size: 0.95rem; padding: 2px 4px; }
"""


@dataclass(frozen=True)
class Section:
    """One section of the page: an h2 title, a sentence or two, a figure (None: nothing to
    plot, the ``empty`` sentence is shown instead) and optionally a table of rows."""

    key: str
    title: str
    intro: str
    figure: go.Figure | None
    empty: str = "Nothing to show: the warehouse has no rows for this section."
    table_caption: str = ""
    table_columns: tuple[str, ...] = ()
    table_rows: list[tuple] = field(default_factory=list)
    body_html: str = ""
    """Markup placed after the intro (the explorer's controls, data and script), trusted."""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


def figure_html(figure: go.Figure, div_id: str) -> str:
    """The figure as a <div> and the script that draws it; plotly.js itself is not included."""
    return pio.to_html(figure, full_html=False, include_plotlyjs=False, div_id=div_id,
                       config=PLOTLY_CONFIG, default_width="100%", validate=True)


def _table(section: Section) -> str:
    if not section.table_rows:
        return ""
    head = "".join(f"<th>{_e(c)}</th>" for c in section.table_columns)
    body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in section.table_rows)
    caption = f"<caption>{_e(section.table_caption)}</caption>" if section.table_caption else ""
    return f'<table id="table-{_e(section.key)}">{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def render_page(sections: list[Section], notes: list[str], synthetic_note: str | None = None,
                plotlyjs: str | None = None) -> str:
    """The whole page. ``notes`` are plain-text lines under the title (provenance);
    ``synthetic_note`` is shown as a warning when the data are synthetic; ``plotlyjs`` is the
    plotly.js bundle to inline (default: the one shipped with the plotly package)."""
    if plotlyjs is None:
        from plotly.offline import get_plotlyjs

        plotlyjs = get_plotlyjs()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(PAGE_TITLE)}</title>",
        f"<style>{STYLE}</style>",
        '<script type="text/javascript">' + plotlyjs.replace("</script", "<\\/script") + "</script>",
        "</head>",
        "<body>",
        f"<h1>{_e(PAGE_TITLE)}</h1>",
    ]
    parts += [f'<p class="note">{_e(n)}</p>' for n in notes]
    if synthetic_note:
        parts.append(f'<p class="note synthetic">{_e(synthetic_note)}</p>')
    for section in sections:
        parts.append(f'<section id="section-{_e(section.key)}">')
        parts.append(f"<h2>{_e(section.title)}</h2>")
        if section.intro:
            parts.append(f"<p>{_e(section.intro)}</p>")
        if section.body_html:
            parts.append(section.body_html)
        elif section.figure is None:
            parts.append(f'<p class="note">{_e(section.empty)}</p>')
        else:
            parts.append(figure_html(section.figure, f"figure-{section.key}"))
        parts.append(_table(section))
        parts.append("</section>")
    parts += ["</body>", "</html>"]
    return "\n".join(p for p in parts if p) + "\n"
