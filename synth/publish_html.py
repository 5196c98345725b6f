"""Render report text as a saved web page shaped like the inspectorate's recent reports.

What the real pages show (see ../shared/corpus/beginnings): a "Skip to content" link, the
Open Government Licence block, the title "An inspection of probation services in <unit>"
(no colon), "Published:" followed by a ``<time>`` element, section headings each followed by
a "Back to top" link, tables as HTML tables and footnotes as links. The site's navigation
and footer surround the report. The page has no contents list (the real ones have none).
"""

from __future__ import annotations

import datetime as dt
from html import escape

from synth.publish_model import Part, report_parts, split_markers, unit_of

LICENCE = (
    "<p>All content is available under the Open Government Licence v3.0, except where otherwise "
    "stated.</p>\n<p>To view this licence, visit:<br>\n"
    '<a href="https://nationalarchives.gov.uk/doc/open-government-licence/version/3">'
    "https://nationalarchives.gov.uk/doc/open-government-licence/version/3</a></p>\n"
    "<p>or write to:<br>\nInformation Policy Team,<br>\nThe National Archives,<br>\nKew,<br>\n"
    "London TW9 4DU</p>\n<p>or email: psi@nationalarchives.gov.uk.</p>\n"
)


def _inline(text: str) -> str:
    out = []
    for piece, marker in split_markers(text):
        if marker is None:
            out.append(escape(piece, quote=False))
        else:
            out.append(f'<sup><a href="#fn{marker}" id="fnref{marker}">{marker}</a></sup>')
    return "".join(out)


def render_html(text: str, published_on: dt.date, web_title: bool = True) -> str:
    """The whole page. ``published_on`` goes in the ``<time>`` element (its month, as the
    text states it) and the meta tag;
    ``web_title``: the web pages' one-line title instead of the PDF's title lines."""
    parts = report_parts(text)
    unit = unit_of(parts)
    body: list[str] = [
        '<a class="skip-link screen-reader-text" href="#content">Skip to content</a>',
        '<header class="site-header"><nav aria-label="Main"><ul><li><a href="/">Home</a></li>'
        '<li><a href="/inspections/">Inspections</a></li><li><a href="/research/">Research</a></li>'
        "</ul></nav></header>",
        '<main id="content">',
        f'<div class="licence">\n{LICENCE}<p>This publication is available at:<br>\n'
        '<a href="https://hmiprobation.justiceinspectorates.gov.uk">'
        "https://hmiprobation.justiceinspectorates.gov.uk</a>.</p>\n</div>",
    ]
    stamp = f'<time datetime="{published_on:%Y-%m}">{published_on:%B %Y}</time>'
    if web_title:
        body.append(f"<h1>An inspection of probation services in {escape(unit)}</h1>")
        region = next((ln for ln in parts[0].lines if ln.startswith("The Probation Service")), None)
        if region:
            body.append(f'<p class="subtitle">{escape(region)}</p>')
        body.append(f'<p class="published">Published: {stamp}</p>')
    else:
        body.append('<div class="title">')
        body.extend(f"<p>{escape(ln)}</p>" for ln in parts[0].lines)
        body.append(f'<p class="published">Published: {stamp}</p></div>')
    body.extend(_parts(parts[1:]))
    body.append("</main>")
    body.append('<footer class="site-footer"><p>&copy; Crown copyright. HM Inspectorate of Probation.</p>'
                '<ul><li><a href="/privacy/">Privacy</a></li><li><a href="/accessibility/">Accessibility'
                "</a></li></ul></footer>")
    title = f"An inspection of probation services in {escape(unit)} - HM Inspectorate of Probation"
    head = (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<meta property="article:published_time" content="{published_on.isoformat()}T09:00:00+00:00">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<style>table{border-collapse:collapse}td,th{border:1px solid #444;padding:4px}</style>\n"
        '</head>\n<body id="top" class="document-template-default">\n'
    )
    return head + "\n".join(body) + "\n</body>\n</html>\n"


def _anchor(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _parts(parts: list[Part]) -> list[str]:
    out: list[str] = []
    open_list: str | None = None

    def close() -> None:
        nonlocal open_list
        if open_list:
            out.append(f"</{open_list}>")
            open_list = None

    for part in parts:
        if part.kind == "bullet":
            if open_list != "ul":
                close()
                out.append("<ul>")
                open_list = "ul"
            out.append(f"<li>{_inline(part.text)}</li>")
            continue
        if part.kind == "numbered":
            if open_list != "ol":
                close()
                out.append(f'<ol start="{part.number}">')
                open_list = "ol"
            out.append(f"<li>{_inline(part.text)}</li>")
            continue
        close()
        if part.kind == "contents":
            continue
        if part.kind == "heading":
            tag = "h2" if part.level == 1 else "h3"
            out.append(f'<{tag} id="{_anchor(part.text)}">{escape(part.text)}</{tag}>')
            out.append('<p class="back-to-top"><a href="#top">Back to top</a></p>')
        elif part.kind == "label":
            out.append(f"<p><strong>{_inline(part.text)}</strong></p>")
        elif part.kind == "para":
            out.append(f"<p>{_inline(part.text)}</p>")
        elif part.kind == "footnote":
            out.append(f'<p class="footnote" id="fn{part.number}"><a href="#fnref{part.number}">'
                       f"{part.number}</a> {_inline(part.text)}</p>")
        elif part.kind == "table":
            head, *rows = part.rows
            out.append('<table class="key-questions">')
            out.append("<thead><tr>" + "".join(f'<th scope="col">{escape(c)}</th>' for c in head)
                       + "</tr></thead><tbody>")
            out.extend("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>" for row in rows)
            out.append("</tbody></table>")
        elif part.kind == "ratings":
            out.append('<table class="ratings"><tbody>')
            for row in part.rows:
                if len(row) == 1:
                    out.append(f'<tr><th colspan="2" scope="rowgroup">{escape(row[0])}</th></tr>')
                else:
                    out.append(f'<tr><th scope="row">{escape(row[0])}</th><td>{escape(row[1])}</td></tr>')
            out.append("</tbody></table>")
    close()
    return out
