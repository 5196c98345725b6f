"""A PDF report to the report's text lines, each with its page.

Each page's characters (with position and type size) and ruling lines are read through
PDFium (transforms/pdf_pdfium.py, in C); a page PDFium may read differently from pdfminer
is read through pdfplumber (pdfminer, pure Python, 4 to 5 times slower for the whole reader).
Either way pdfplumber's table finder and word grouping (transforms/pdf_words.py: the same
grouping, faster) turn them into bordered tables and words, so both give the same lines.
``engine="pdfplumber"`` reads every page through pdfplumber, the reader before PDFium
(tests/test_pdf_engines.py compares the two). From the words and tables, per page, in
reading order (top to bottom):

* running headers and footers are dropped: a line in the top 8% or the bottom 5% of the
  page that recurs on two or more pages (digits aside), or that is only a page number;
* a bordered table gives one line per row: tab-separated cells when its rows end in a
  percentage (key-question tables), else each cell as its own block (the ratings table),
  which is how the text form lays both out;
* the page-foot footnotes (type smaller than the body's, below the body) come after the
  page's body text, each starting with its number, so the text path takes them out;
* small raised digits glued to a word (superscript footnote markers) become superscript
  characters; a gap taller than a line gives a blank line; each page starts with a form
  feed, so a paragraph a page break cut in two is joined again by the text path.

Every line's location is ``page N``.
"""

from __future__ import annotations

import io
import re
import threading
from collections import Counter

from core.errors import RejectedInput
from transforms.report_formats import Extracted

_SUPER = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
_PCT_CELL = re.compile(r"\d{1,3}(?:\.\d+)?\s?%$|\bper cent$|^percentage", re.I)
_PAGE_NO = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$", re.I)
_MARGIN = 0.08  # running headers: the top 8% of the page
_FOOT_MARGIN = 0.05  # footers and page numbers: the bottom 5% (page-foot footnotes sit above)
_SUPER_CHAR = re.compile("[\u00b9\u00b2\u00b3\u2070-\u2079]")


def _note_number(text: str) -> str:
    m = re.match(r"^(\d{1,2})\s", text)
    return text[: m.end(1)].translate(_SUPER) + text[m.end(1):] if m else text


def _lines_of(words: list[dict]) -> list[dict]:
    """Words grouped into printed lines (same baseline, within a third of the type size)."""
    lines: list[dict] = []
    for w in sorted(words, key=lambda w: (round(w["bottom"], 1), w["x0"])):
        size = w.get("size", 10.0)
        line = next((ln for ln in reversed(lines[-3:]) if _same_line(ln, w)), None)
        if line is None:
            lines.append({"top": w["top"], "bottom": w["bottom"], "words": [w], "size": size})
        else:
            line["words"].append(w)
            line["top"] = min(line["top"], w["top"])
            line["size"] = max(line["size"], size)
    # a superscript marker (small, raised) sorts above its line's baseline: put it back
    for small in [ln for ln in lines if all(w["text"].isdigit() for w in ln["words"])]:
        host = next((ln for ln in lines if ln is not small and small["size"] < 0.8 * ln["size"]
                     and _same_line(ln, {"top": small["top"], "bottom": small["bottom"], "size": small["size"]})),
                    None)
        if host is not None:
            host["words"].extend(small["words"])
            small["words"] = []
    lines = [ln for ln in lines if ln["words"]]
    for ln in lines:
        ln["words"].sort(key=lambda w: w["x0"])
        ln["text"] = _join(ln["words"], ln["size"])
    return lines


def _same_line(line: dict, word: dict) -> bool:
    """Same printed line: the same baseline, or (a superscript, smaller and raised) most of
    the word's height inside the line's."""
    size = word.get("size", 10.0)
    if abs(line["bottom"] - word["bottom"]) <= size / 3:
        return True
    overlap = min(line["bottom"], word["bottom"]) - max(line["top"], word["top"])
    return overlap > 0.6 * (word["bottom"] - word["top"]) and size < 0.8 * line["size"]


def _join(words: list[dict], size: float) -> str:
    out = ""
    for w in words:
        text = w["text"]
        small = w.get("size", size) < 0.8 * size
        if small and text.isdigit() and out and not out.endswith(" ") and abs(w["x0"] - prev_x1) < 1.5:
            out += text.translate(_SUPER)
        else:
            out += (" " if out else "") + text
        prev_x1 = w["x1"]
    return out


def _table_lines(cells: list[list[str | None]]) -> tuple[list[list[str]], bool]:
    rows = [[" ".join((c or "").split()) for c in row] for row in cells]
    rows = [[c for c in row if c] for row in rows]
    rows = [r for r in rows if r]
    tabular = any(len(r) >= 2 and _PCT_CELL.search(r[-1]) for r in rows)
    return rows, tabular


def _inside(word: dict, boxes: list[tuple]) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def read_pdf(data: bytes, source_file: str, engine: str = "pdfium") -> Extracted:
    """The text lines of a PDF report, with their pages. ``engine``: "pdfium" (PDFium, each
    page it may read differently from pdfminer through pdfplumber) or "pdfplumber" (every
    page through pdfplumber); both give the same text.

    Raises:
        RejectedInput: the PDF is damaged, encrypted, or has no text layer (a scan).
    """
    if engine not in {"pdfium", "pdfplumber"}:
        raise ValueError(f"unknown PDF engine {engine!r}")
    pages = _pages_pdfium(data) if engine == "pdfium" else None
    if pages is None:  # PDFium cannot open it: pdfplumber reads it or says why it cannot
        pages = _pages_pdfplumber(data, source_file)
    else:
        pending = [k for k, page in enumerate(pages) if page is None]
        if pending:
            for k, page in zip(pending, _pages_pdfplumber(data, source_file, pending)):
                pages[k] = page
    if not any(body for body, _notes, _h, _f in pages):
        raise RejectedInput(source_file, "PDF has no text layer (a scanned image?); nothing to read")
    return _assemble(pages)


_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one document at a time per process


def _pages_pdfium(data: bytes) -> list | None:
    """Each page read through PDFium, None for a page to read with pdfplumber; None if PDFium
    cannot open the file (damaged, encrypted: pdfplumber then gives the reason)."""
    with _PDFIUM:
        return _pages_pdfium_unlocked(data)


def _pages_pdfium_unlocked(data: bytes) -> list | None:
    import pypdfium2 as pdfium

    from transforms.pdf_pdfium import drifting_pages, page_layout

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    drifting = drifting_pages(data)
    if drifting is None:  # pdfminer cannot parse it: pdfplumber says why
        pdf.close()
        return None
    try:
        pages = []
        for k in range(len(pdf)):
            page = pdf[k]
            try:
                layout = page_layout(page, k in drifting)
                pages.append(None if layout is None else _read_page(layout.height, *_words_and_tables(layout)))
            except Exception:  # noqa: BLE001 - whatever PDFium made of the page, pdfplumber reads it
                pages.append(None)
            finally:
                page.close()
        return pages
    finally:
        pdf.close()


def _words_and_tables(layout) -> tuple[list[dict], list[tuple[tuple, list]]]:
    """pdfplumber's words and bordered tables from a page's characters and edges, as
    ``page.extract_words`` and ``page.find_tables`` make them from pdfminer's (the words
    through transforms/pdf_words.py, pdfplumber's grouping made faster)."""
    from types import SimpleNamespace

    from pdfplumber.table import TableFinder, TableSettings

    from transforms.pdf_words import extract_words

    page = SimpleNamespace(chars=layout.chars, edges=layout.edges, bbox=(0, 0, 0, layout.height))
    tables = []
    for t in TableFinder(page, TableSettings.resolve(None)).tables:
        if len(t.rows) >= 1:
            # Table.extract tests every character of its page against each row: give it only
            # those near the table (the test itself still decides, as on the whole page)
            x0, top, x1, bottom = t.bbox
            t.page = SimpleNamespace(chars=[c for c in layout.chars if x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1
                                            and top - 1 <= (c["top"] + c["bottom"]) / 2 <= bottom + 1])
            tables.append((t.bbox, t.extract()))
    return extract_words(layout.chars), tables


def _pages_pdfplumber(data: bytes, source_file: str, only: list[int] | None = None) -> list:
    """The pages (all, or those numbered in ``only``, from 0) read through pdfplumber."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data), pages=None if only is None else [k + 1 for k in only]) as pdf:
            pages = []
            for page in pdf.pages:
                tables = [(t.bbox, t.extract()) for t in page.find_tables() if len(t.rows) >= 1]
                words = page.extract_words(extra_attrs=["size"], keep_blank_chars=False)
                pages.append(_read_page(page.height, words, tables))
                page.close()
            return pages
    except (PdfminerException, PDFSyntaxError, PDFEncryptionError, PDFPasswordIncorrect) as err:
        raise RejectedInput(source_file, f"PDF cannot be read: {str(err) or type(err).__name__}") from None
    except Exception as err:  # pdfminer raises many kinds on a damaged file
        raise RejectedInput(source_file, f"PDF cannot be read ({type(err).__name__}: {err})"[:200]) from None


def _assemble(pages: list) -> Extracted:
    """The report's lines from its pages' (body, notes, headers, footers)."""
    # running headers and footers: margin lines recurring on two or more pages, digits aside
    def key(text: str) -> str:
        return re.sub(r"\d+", "#", text.lower())

    recurring = Counter(key(t) for _b, _n, heads, feet in pages for t in set(heads + feet))
    # markers printed as superscripts: the footnotes' own numbers are written so too
    superscript = any(_SUPER_CHAR.search(text) for body, _n, _h, _f in pages for text, _gap in body)
    lines: list[str] = []
    where: list[str | None] = []
    for number, (body, notes, heads, feet) in enumerate(pages, start=1):
        loc = f"page {number}"
        kept_heads = [t for t in heads if recurring[key(t)] < 2 and not _PAGE_NO.match(t)]
        kept_feet = [t for t in feet if recurring[key(t)] < 2 and not _PAGE_NO.match(t)]
        page_lines = [(t, False) for t in kept_heads] + body
        if notes:
            page_lines += [("", False)] + [(_note_number(t) if superscript else t, False) for t in notes]
        page_lines += [(t, False) for t in kept_feet]
        if number > 1:
            lines.append("\f")  # a line of its own, as pdftotext prints a page break
            where.append(loc)
        for text, gap in page_lines:
            if gap and lines and lines[-1] not in {"", "\f"}:
                lines.append("")
                where.append(None)
            lines.append(text)
            where.append(loc)
    return Extracted("\n".join(lines) + "\n", "pdf", where)


def _read_page(height: float, words: list[dict], tables: list[tuple[tuple, list]]
               ) -> tuple[list[tuple[str, bool]], list[str], list[str], list[str]]:
    """(body lines with 'a gap before' flags, footnote lines, header lines, footer lines) from
    the page's words and its bordered tables' (bounding box, cells)."""
    boxes = [bbox for bbox, _cells in tables]
    words = [w for w in words if not _inside(w, boxes)]
    printed = _lines_of(words)
    heads = [ln["text"] for ln in printed if ln["bottom"] < height * _MARGIN]
    feet = [ln["text"] for ln in printed if ln["top"] > height * (1 - _FOOT_MARGIN)]
    inner = [ln for ln in printed if height * _MARGIN <= ln["bottom"] and ln["top"] <= height * (1 - _FOOT_MARGIN)]
    sizes = Counter(round(ln["size"]) for ln in inner for _ in ln["words"])
    body_size = sizes.most_common(1)[0][0] if sizes else 10
    # footnotes: the run of smaller-type lines at the foot of the page, starting with a number
    notes: list[str] = []
    k = len(inner)
    while k > 0 and inner[k - 1]["size"] < 0.9 * body_size:
        k -= 1
    foot = inner[k:]
    if foot and re.match(r"^[\d\u00b9\u00b2\u00b3\u2070-\u2079]", foot[0]["text"]) and k > 0:
        notes = [ln["text"] for ln in foot]
        inner = inner[:k]
    items: list[tuple[float, float, list[tuple[str, bool]]]] = []
    for ln in inner:
        items.append((ln["top"], ln["bottom"], [(ln["text"], False)]))
    for bbox, cells in tables:
        rows, tabular = _table_lines(cells)
        block = [("\t".join(r), i == 0) for i, r in enumerate(rows)] if tabular else \
            [(c, True) for r in rows for c in r]
        if block:
            items.append((bbox[1], bbox[3], block))
    items.sort(key=lambda it: it[0])
    body: list[tuple[str, bool]] = []
    prev_bottom = None
    line_height = body_size * 1.6
    for top, bottom, block in items:
        gap = prev_bottom is not None and top - prev_bottom > line_height * 0.75
        first_text, first_gap = block[0]
        body.append((first_text, gap or first_gap))
        body.extend(block[1:])
        prev_bottom = bottom
    return body, notes, heads, feet
