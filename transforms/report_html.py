"""A saved web page (HTML) to the report's text lines, each with its element path.

Reads what a person reads on the page: the site's navigation, header, footer, scripts,
"Skip to content" and "Back to top" links are dropped. Each block element (heading,
paragraph, list item, table row) becomes one line, blocks separated by a blank line; list
items become ``- `` bullets or ``N. `` numbered items; footnote links (``<sup>``) become
superscript markers glued to their word, and a footnote's own paragraph starts with its
superscript number, as in the text form. A table whose rows end in a percentage (the key
question tables) becomes one tab-separated line per row; any other table (the ratings
table) gives each cell as its own block. Every line's location is its element's XPath,
``html:/html/body/main/table[2]/tbody/tr[3]``.

The publication date outside the text: the ``datetime`` of a ``<time>`` element (the one
after "Published", else the first), else a date meta tag.
"""

from __future__ import annotations

import re

import lxml.etree as etree
import lxml.html

from core.errors import RejectedInput
from transforms.report_formats import Extracted, PageDate, parse_iso_date

_SKIP = {"head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
         "button", "svg", "iframe", "select", "input"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre", "address",
           "figcaption", "caption", "div", "section", "article", "main", "ul", "ol", "dl", "table",
           "body", "tr", "thead", "tbody", "tfoot", "figure", "details", "summary", "hr"}
_FURNITURE = re.compile(r"^\(?\s*(?:back to top|skip to (?:main )?content)\s*\)?$", re.I)
_SUPER = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
_PCT_CELL = re.compile(r"\d{1,3}(?:\.\d+)?\s?%$|\bper cent$|^percentage", re.I)
_FOOTNOTE_ID = re.compile(r"^(?:fn|footnote|note)[-_:]?\d+$", re.I)
_DATE_META = ("article:published_time", "dcterms.issued", "dc.date.issued", "dcterms.date", "dc.date",
              "date", "publication_date", "citation_publication_date", "og:published_time")


class _Lines:
    def __init__(self, tree) -> None:
        self.tree = tree
        self.lines: list[str] = []
        self.where: list[str | None] = []

    def block(self, text: str, el, gap: bool = True) -> None:
        text = re.sub(r"[ \t\r\f\v]+", " ", text.replace("\u00a0", " ")).strip()
        pieces = [p.strip() for p in text.split("\n") if p.strip() and not _FURNITURE.match(p.strip())]
        if not pieces:
            return
        if gap and self.lines and self.lines[-1] != "":
            self.add("", None)
        for piece in pieces:
            self.add(piece, el)

    def add(self, text: str, el) -> None:
        self.lines.append(text)
        self.where.append(f"html:{self.tree.getpath(el)}" if el is not None else None)


def _is_furniture_link(el) -> bool:
    href = (el.get("href") or "").strip().lower()
    text = (el.text_content() or "").strip()
    return href in {"#top", "#content", "#main", "#main-content"} and (
        _FURNITURE.match(text) is not None or "skip-link" in (el.get("class") or ""))


def _inline(el) -> str:
    """The text of an element's inline content: ``<br>`` a line break, ``<sup>`` digits superscript."""
    out: list[str] = []

    def walk(node, sup: bool) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP or (tag == "a" and _is_furniture_link(node)):
            if node.tail and node is not el:
                out.append(node.tail)
            return
        if tag == "br":
            out.append("\n")
        else:
            inner_sup = sup or tag == "sup"
            if node.text and tag:
                text = node.text
                out.append(text.translate(_SUPER) if inner_sup and text.strip().isdigit() else text)
            for child in node:
                walk(child, inner_sup)
        if node.tail and node is not el:
            out.append(node.tail)

    walk(el, False)
    return "".join(out)


def _has_block_child(el) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in el)


def _is_footnote(el) -> bool:
    if _FOOTNOTE_ID.match(el.get("id") or "") or "footnote" in (el.get("class") or "").lower():
        return True
    first = next((c for c in el if isinstance(c.tag, str)), None)
    return (first is not None and not (el.text or "").strip() and first.tag in {"a", "sup"}
            and "fnref" in (first.get("href") or first.findtext("a") or "").lower())


def _walk(el, out: _Lines) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if not tag or tag in _SKIP:
        return
    if tag == "a" and _is_furniture_link(el):
        return
    if tag == "table":
        _table(el, out)
        return
    if tag in {"ul", "ol"}:
        _list(el, out)
        return
    if tag in _BLOCKS and not _has_block_child(el) and tag not in {"tr", "thead", "tbody", "tfoot"}:
        text = _inline(el)
        if _is_footnote(el):
            m = re.match(r"\s*(\d{1,2})[.)]?\s+", text)
            if m:
                text = m.group(1).translate(_SUPER) + " " + text[m.end():]
        out.block(text, el)
        return
    # a container: its own loose text is a block too
    if el.text and el.text.strip():
        out.block(el.text, el)
    for child in el:
        _walk(child, out)
        if child.tail and child.tail.strip() and tag in _BLOCKS:
            out.block(child.tail, el)


def _list(el, out: _Lines) -> None:
    ordered = el.tag == "ol"
    try:
        number = int(el.get("start", "1"))
    except ValueError:
        number = 1
    first = True
    for li in el:
        if not isinstance(li.tag, str) or li.tag != "li":
            continue
        if li.get("value", "").isdigit():
            number = int(li.get("value"))
        nested = [c for c in li if isinstance(c.tag, str) and c.tag in {"ul", "ol"}]
        for c in nested:
            li.remove(c)
        text = " ".join(_inline(li).split())
        if text:
            out.block(f"{number}. {text}" if ordered else f"- {text}", li, gap=first)
            first = False
        for c in nested:
            _list(c, out)
        number += 1


def _cells(tr) -> list[str]:
    return [" ".join(_inline(c).split()) for c in tr if isinstance(c.tag, str) and c.tag in {"td", "th"}]


def _table(el, out: _Lines) -> None:
    rows = [tr for tr in el.iter("tr")]
    cells = [_cells(tr) for tr in rows]
    tabular = any(len(c) >= 2 and _PCT_CELL.search(c[-1]) for c in cells)
    first = True
    for tr, row in zip(rows, cells):
        row = [c for c in row if c]
        if not row:
            continue
        if tabular:
            out.block("\t".join(row), tr, gap=first)
            first = False
        else:
            for cell in row:
                out.block(cell, tr)


def _page_date(doc, tree, out: _Lines) -> PageDate | None:
    times = [t for t in doc.iter("time") if parse_iso_date(t.get("datetime"))]
    published = [t for t in times if "published" in ((t.getparent().text_content() if t.getparent() is not None
                                                      else "") or "").lower()]
    for t in published + times:
        value = parse_iso_date(t.get("datetime"))
        path = f"html:{tree.getpath(t)}"
        line = next((i + 1 for i, w in enumerate(out.where)
                     if w and path.startswith(w) and "published" in out.lines[i].lower()), None)
        return PageDate(value, "time-element", line, path)
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META and (value := parse_iso_date(meta.get("content"))):
            return PageDate(value, "meta", None, f"html:{tree.getpath(meta)}")
    return None


def read_html(data: bytes, source_file: str) -> Extracted:
    """The text lines of a saved web page, with their element paths and the page's date.

    Raises:
        RejectedInput: the page cannot be parsed or has no text.
    """
    try:
        doc = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError) as err:
        raise RejectedInput(source_file, f"web page cannot be read: {err}") from None
    tree = doc.getroottree()
    body = doc.find("body")
    out = _Lines(tree)
    _walk(body if body is not None else doc, out)
    if not any(out.lines):
        raise RejectedInput(source_file, "web page has no text")
    return Extracted("\n".join(out.lines) + "\n", "html", out.where, _page_date(doc, tree, out))
