"""A PDF page's characters and ruling lines read through PDFium (pypdfium2), in the shapes
pdfplumber gives them, so that transforms/report_pdf.py lays out either alike.

pdfplumber reads a page through pdfminer's pure-Python interpreter (about 85 ms a page
here); PDFium interprets it in C. This module asks PDFium for what the reader uses:

* characters, in content-stream order, each with pdfplumber's ``text``, ``x0``, ``x1``,
  ``top``, ``bottom`` (from the page's top), ``size`` and ``upright``, boxed as pdfminer
  boxes them: from the origin to the advance, from the baseline less the font's descent up
  by the type size. PDFium's loose box is that box widened to the glyph's ink, so where the
  ink reaches past the origin or the advance (an overhanging ``f``, a ``j``; PDFium's tight
  box tells, once per font and glyph), the origin is asked for, and the advance is where the
  next glyph starts or the glyph's width in its font;
* ruling lines: every painted path, split into subpaths and classed as pdfminer classes
  them (a line, a rectangle, else a curve), as pdfplumber's table finder's edges.

Where PDFium's reading of a page can differ from pdfminer's, :func:`page_layout` returns
None and the caller reads that page with pdfplumber instead of guessing:

* a character PDFium holds back as a control, one with no Unicode mapping, or a text object
  PDFium dropped (a duplicate printed twice, for false bold); a hyphen ending a line, whose
  character PDFium does not keep, is ``-`` or a soft hyphen by its width in its font (the
  one of the two whose glyph has that width), and in doubt when both or neither have it;
* text marked with an ``/ActualText`` (PDFium reads the replacement, pdfminer the glyphs);
* a font whose glyph widths are fractional (PDFium rounds them, so its positions drift
  from pdfminer's along a line; :func:`drifting_pages` finds them from the font dictionaries);
* two fonts of one size but different descents touching on a line (pdfminer's float box
  heights then decide whether a word is split there, see :func:`_size_in_doubt`);
* text not upright, a rotated page, a media box not at the origin, a crop box other than the
  media box, or painted paths inside a form XObject.

PDFium's own text additions are undone: generated line breaks are dropped, and a space it
generated in place of a real one (a justified line's word gap) is kept as that space;
its other generated spaces (none in pdfminer's text) are dropped, so that words are split
by position, as pdfplumber splits them.
"""

from __future__ import annotations

import ctypes
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

_V, _I = ctypes.c_void_p, ctypes.c_int


def _fn(name: str, restype, *argtypes):
    """A PDFium function taking and giving plain pointers (no per-call conversions)."""
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_text_object = _fn("FPDFText_GetTextObject", _V, _V, _I)
_loose_box = _fn("FPDFText_GetLooseCharBox", _I, _V, _I, ctypes.POINTER(pdfium_c.FS_RECTF))
_char_box = _fn("FPDFText_GetCharBox", _I, _V, _I, *(ctypes.POINTER(ctypes.c_double),) * 4)
_is_generated = _fn("FPDFText_IsGenerated", _I, _V, _I)
_map_error = _fn("FPDFText_HasUnicodeMapError", _I, _V, _I)
_font_size = _fn("FPDFText_GetFontSize", ctypes.c_double, _V, _I)
_char_matrix = _fn("FPDFText_GetMatrix", _I, _V, _I, ctypes.POINTER(pdfium_c.FS_MATRIX))
_char_origin = _fn("FPDFText_GetCharOrigin", _I, _V, _I, *(ctypes.POINTER(ctypes.c_double),) * 2)
_count_chars = _fn("FPDFText_CountChars", _I, _V)
_is_hyphen = _fn("FPDFText_IsHyphen", _I, _V, _I)
_object_font = _fn("FPDFTextObj_GetFont", _V, _V)
_font_descent = _fn("FPDFFont_GetDescent", _I, _V, ctypes.c_float, ctypes.POINTER(ctypes.c_float))
_glyph_width = _fn("FPDFFont_GetGlyphWidth", _I, _V, ctypes.c_uint, ctypes.c_float, ctypes.POINTER(ctypes.c_float))
_get_text = _fn("FPDFText_GetText", _I, _V, _I, _I, ctypes.c_void_p)
_count_objects = _fn("FPDFPage_CountObjects", _I, _V)
_get_object = _fn("FPDFPage_GetObject", _V, _V, _I)
_form_count = _fn("FPDFFormObj_CountObjects", _I, _V)
_form_object = _fn("FPDFFormObj_GetObject", _V, _V, ctypes.c_ulong)
_object_type = _fn("FPDFPageObj_GetType", _I, _V)
_object_matrix = _fn("FPDFPageObj_GetMatrix", _I, _V, ctypes.POINTER(pdfium_c.FS_MATRIX))
_object_bounds = _fn("FPDFPageObj_GetBounds", _I, _V, *(ctypes.POINTER(ctypes.c_float),) * 4)
_count_marks = _fn("FPDFPageObj_CountMarks", _I, _V)
_get_mark = _fn("FPDFPageObj_GetMark", _V, _V, ctypes.c_ulong)
_mark_string = _fn("FPDFPageObjMark_GetParamStringValue", _I, _V, ctypes.c_char_p, _V, ctypes.c_ulong,
                   ctypes.POINTER(ctypes.c_ulong))
_draw_mode = _fn("FPDFPath_GetDrawMode", _I, _V, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int))
_count_segments = _fn("FPDFPath_CountSegments", _I, _V)
_get_segment = _fn("FPDFPath_GetPathSegment", _V, _V, _I)
_segment_point = _fn("FPDFPathSegment_GetPoint", _I, _V, ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_float))
_segment_type = _fn("FPDFPathSegment_GetType", _I, _V)
_segment_close = _fn("FPDFPathSegment_GetClose", _I, _V)

_TEXT, _PATH, _FORM = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
_MOVE, _BEZIER = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
# what PDFium keeps out of its text: a line-end hyphen (0x2), other controls, unmapped codes
_HELD_BACK = frozenset("\x00\x02\x03\x93\x94\x96\x97\x98")
_LINE_END_HYPHEN = "\ufffe"  # also an unmapped character: FPDFText_IsHyphen tells them apart


class PageLayout(NamedTuple):
    """What the report reader reads of a page, as pdfplumber gives it."""

    height: float
    chars: list[dict]
    edges: list[dict]


class _Matrix(NamedTuple):
    a: float
    b: float
    c: float
    d: float
    e: float
    f: float

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return (self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f)


def _matrix_of(obj: int) -> _Matrix:
    m = pdfium_c.FS_MATRIX()
    _object_matrix(obj, ctypes.byref(m))
    return _Matrix(m.a, m.b, m.c, m.d, m.e, m.f)


def _objects(page: int) -> list[tuple[int, int, int]]:
    """Every page object, in content order, forms' contents in their place: (handle, type,
    how many forms deep)."""
    out: list[tuple[int, int, int]] = []

    def walk(count: int, get, parent: int, depth: int) -> None:
        for i in range(count):
            obj = get(parent, i)
            kind = _object_type(obj)
            out.append((obj, kind, depth))
            if kind == _FORM and depth < 15:
                walk(_form_count(obj), _form_object, obj, depth + 1)

    walk(_count_objects(page), _get_object, page, 0)
    return out


class Doubt(Exception):
    """Why PDFium's reading of a page may differ from pdfminer's (one line)."""


def _page_height(page: pdfium.PdfPage) -> float:
    """The page's height as pdfplumber measures it (its media box), when PDFium's page box
    is that media box, at the origin and not rotated."""
    if page.get_rotation() % 360:
        raise Doubt("rotated page")
    x0, y0, _x1, y1 = page.get_bbox()  # the crop box within the media box (inherited or not)
    if x0 or y0:
        raise Doubt("page box not at the origin")
    crop = page.get_cropbox(fallback_ok=False)
    if crop is not None:  # a crop box of its own: pdfplumber measures the media box
        media = page.get_mediabox(fallback_ok=False)
        if media is None or tuple(media) != tuple(crop):
            raise Doubt("crop box other than the media box")
    return y1 - y0


def _has_actual_text(obj: int) -> bool:
    needed = ctypes.c_ulong()
    for k in range(_count_marks(obj)):
        mark = _get_mark(obj, k)
        if mark and _mark_string(mark, b"ActualText", None, 0, ctypes.byref(needed)):
            return True
    return False


def drifting_pages(data: bytes) -> set[int] | None:
    """The pages (from 0) that use a font with fractional glyph widths (``/Widths``, ``/W``),
    read from the font dictionaries with pdfminer's parser (no page is interpreted; a few
    milliseconds); None if pdfminer cannot parse the file."""
    import io

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    def fractional(value, depth: int = 0) -> bool:
        value = resolve1(value)
        if isinstance(value, list) and depth < 3:
            return any(fractional(v, depth + 1) for v in value)
        return isinstance(value, float) and value != int(value)

    seen: dict[object, bool] = {}

    def font_drifts(ref) -> bool:
        key = getattr(ref, "objid", None) or id(ref)
        if key not in seen:
            spec = resolve1(ref) or {}
            seen[key] = fractional(spec.get("Widths")) or any(
                fractional((resolve1(d) or {}).get("W")) for d in resolve1(spec.get("DescendantFonts")) or [])
        return seen[key]

    def resources_drift(resources, depth: int = 0) -> bool:
        resources = resolve1(resources) or {}
        if any(font_drifts(f) for f in (resolve1(resources.get("Font")) or {}).values()):
            return True
        return depth < 3 and any(
            resources_drift(resolve1(x).attrs.get("Resources"), depth + 1)
            for x in (resolve1(resources.get("XObject")) or {}).values() if hasattr(resolve1(x), "attrs"))

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        return {k for k, page in enumerate(PDFPage.create_pages(document)) if resources_drift(page.resources)}
    except Exception:  # noqa: BLE001 - whatever pdfminer cannot parse, pdfplumber reports
        return None


def page_doubts(data: bytes) -> list[tuple[int, str]]:
    """(page number from 1, why) of every page PDFium does not read itself: why its reading of
    that page may differ from pdfminer's (for tests and benchmarks; the reader asks page by page)."""
    drifting = drifting_pages(data) or set()
    pdf = pdfium.PdfDocument(data)
    out = []
    try:
        for k in range(len(pdf)):
            try:
                read_page(pdf[k], k in drifting)
            except Doubt as doubt:
                out.append((k + 1, str(doubt)))
    finally:
        pdf.close()
    return out


def page_layout(page: pdfium.PdfPage, drifting: bool = False) -> PageLayout | None:
    """The page's characters and edges as pdfplumber gives them, or None when PDFium's
    reading of this page may differ from pdfminer's (see the module's notes).
    ``drifting``: the page uses a font with fractional widths (:func:`drifting_pages`)."""
    try:
        return read_page(page, drifting)
    except Doubt:
        return None


def read_page(page: pdfium.PdfPage, drifting: bool = False) -> PageLayout:
    """:func:`page_layout`, raising :class:`Doubt` (saying why) instead of giving None."""
    if drifting:
        raise Doubt("a font with fractional glyph widths (PDFium rounds them)")
    height = _page_height(page)
    raw_page = ctypes.cast(page.raw, ctypes.c_void_p).value
    objects = _objects(raw_page)
    order = {obj: k for k, (obj, kind, _depth) in enumerate(objects) if kind == _TEXT}
    textpage = page.get_textpage()
    try:
        chars = _chars(ctypes.cast(textpage.raw, ctypes.c_void_p).value, height, order)
    finally:
        textpage.close()
    seen = {c.pop("_obj") for c in chars}
    for obj, kind, _depth in objects:
        if kind == _TEXT and _has_actual_text(obj):
            raise Doubt("text marked with an /ActualText")
        if kind == _TEXT and obj not in seen:
            # a duplicate PDFium dropped, or one of no width it skipped (pdfminer reads both)
            raise Doubt("a text object PDFium dropped (a duplicate?)" if _printed(obj)
                        else "a text object of no width (PDFium skips it)")
    edges = _edges(objects, height)
    return PageLayout(height, chars, edges)


def _printed(obj: int) -> bool:
    """A text object PDFium would read (it skips those of no width)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not _object_bounds(obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)):
        return False
    return abs(right.value - left.value) >= 0.01


def _page_text(tp: int, n: int) -> str | None:
    buffer = ctypes.create_string_buffer(2 * (n + 1))
    got = _get_text(tp, 0, n, buffer)
    text = buffer.raw[: 2 * max(got - 1, 0)].decode("utf-16-le", errors="replace")
    return text if len(text) == n else None


def _chars(tp: int, height: float, order: dict[int, int]) -> list[dict]:
    n = _count_chars(tp)
    if n <= 0:
        return []
    text = _page_text(tp, n)
    if text is None or not _HELD_BACK.isdisjoint(text):
        raise Doubt("a character PDFium holds back from its text (a control, no Unicode)")
    loose, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    loose_ref, matrix_ref, ox_ref, oy_ref = ctypes.byref(loose), ctypes.byref(matrix), ctypes.byref(ox), ctypes.byref(oy)
    loose_box, origin, text_object, map_error, is_generated = (
        _loose_box, _char_origin, _text_object, _map_error, _is_generated)
    descent = ctypes.c_float()
    inks: dict[tuple, tuple[bool, bool]] = {}  # (font, character, width): its ink past (left, right)
    chars: list[dict] = []
    append = chars.append
    overhangs: list[tuple[int, int]] = []  # (place in chars, PDFium's index) of glyphs inked past their advance
    last_obj, font, size, top, bottom = None, None, 0.0, 0.0, 0.0
    pending_space: tuple[int, float] | None = None  # a space PDFium generated: (object, x)
    for i, ch in enumerate(text):
        if (ch == " " or ch == "\r" or ch == "\n") and is_generated(tp, i):
            obj = text_object(tp, i)
            if ch == " " and obj:
                origin(tp, i, ox_ref, oy_ref)
                pending_space = (obj, ox.value)
            continue
        obj = text_object(tp, i)
        if obj is None or map_error(tp, i):
            raise Doubt("a character with no Unicode mapping")
        if obj != last_obj:
            _char_matrix(tp, i, matrix_ref)
            if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
                raise Doubt("text not upright")
            font_size = _font_size(tp, i)
            font = _object_font(obj)
            if font_size <= 0 or not font or not _font_descent(font, font_size, ctypes.byref(descent)):
                raise Doubt("text of no size or font")
            # pdfminer's box: from the baseline (one per upright text object) less the font's
            # descent, the type's height up: the same for all of the object's characters
            origin(tp, i, ox_ref, oy_ref)
            size, last_obj = font_size * matrix.d, obj
            y0 = oy.value - abs(descent.value) * matrix.d
            top, bottom = height - y0 - size, height - y0
        loose_box(tp, i, loose_ref)
        left, right = loose.left, loose.right
        # PDFium's loose box runs from the origin to the advance, or to the glyph's ink
        # where that reaches further (a glyph's own at its size: asked once; a ligature's
        # piece, as wide as the ligature, is its own entry)
        key = (font, ch, right - left)
        ink = inks.get(key)
        if ink is None:
            ink = inks[key] = _ink_overhangs(tp, i, loose)
        if ink[0]:
            origin(tp, i, ox_ref, oy_ref)
            left = ox.value
        if ch == _LINE_END_HYPHEN:
            ch = _hyphen(tp, i, obj, right - left, ink=ink[1])
        if pending_space is not None:
            if pending_space[0] == obj and left - pending_space[1] > 0.01:
                # PDFium put its own space where the real one was (a justified gap): keep it
                append({"text": " ", "x0": pending_space[1], "x1": left, "top": top, "doctop": top,
                        "bottom": bottom, "size": size, "upright": True, "_obj": obj})
            pending_space = None
        if ink[1]:
            overhangs.append((len(chars), i))
        append({"text": ch, "x0": left, "x1": right, "top": top, "doctop": top, "bottom": bottom,
                "size": size, "upright": True, "_obj": obj})
    if _size_in_doubt(chars):
        raise Doubt("two fonts of one size and different descents touch on a line")
    _fix_overhangs(tp, chars, overhangs)
    if any(c["_obj"] not in order for c in chars):
        raise Doubt("a character of no text object of the page's")
    chars.sort(key=lambda c: order[c["_obj"]])  # stable: PDFium's order within an object
    return chars


def _ink_overhangs(tp: int, i: int, loose) -> tuple[bool, bool]:
    """Whether the character's ink (PDFium's tight box) reaches left of its origin and right
    of its advance, so that it, not the origin or the advance, bounds the loose box."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    _char_box(tp, i, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
    if right.value <= left.value:
        return (False, False)
    return (abs(left.value - loose.left) < 0.001, abs(right.value - loose.right) < 0.001)


def _hyphen(tp: int, i: int, obj: int, advance: float, ink: bool) -> str:
    """The character of a hyphen PDFium marked as ending a line: ``-`` or a soft hyphen,
    whichever alone has the glyph's advance in the character's font."""
    if not _is_hyphen(tp, i):
        raise Doubt("a character with no Unicode mapping")
    font, size, width = _object_font(obj), _font_size(tp, i), ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()
    _char_matrix(tp, i, ctypes.byref(matrix))
    fits = []
    for candidate in ("-", "\u00ad"):
        if not ink and font and _glyph_width(font, ord(candidate), size, ctypes.byref(width)) \
                and abs(width.value * matrix.a - advance) < 0.005:
            fits.append(candidate)
    if len(fits) != 1:
        raise Doubt("a hyphen ending a line that may be a hyphen or a soft hyphen")
    return fits[0]


def _size_in_doubt(chars: list[dict]) -> bool:
    """Whether pdfminer could have split a word PDFium's characters make whole.

    pdfplumber groups characters into words only within a run of one type size, and its
    sizes are pdfminer's box heights, ``(y0 + size) - y0`` in floating point: for two fonts
    of one size but different descents (so different ``y0``) on one line, the two heights
    can differ in the last bit, and the run (and a word running on from one font into the
    other) is split. Here the size is the nominal one, so on such a line the split cannot be
    told: when two such characters touch, the page is left to pdfminer.
    """
    for a, b in zip(chars, chars[1:]):
        if (a["_obj"] != b["_obj"] and a["size"] == b["size"] and a["bottom"] != b["bottom"]
                and abs(a["top"] - b["top"]) <= 3 and b["x0"] <= a["x1"] + 3
                and not a["text"].isspace() and not b["text"].isspace()):
            return True
    return False


def _fix_overhangs(tp: int, chars: list[dict], overhangs: list[tuple[int, int]]) -> None:
    """The right edge of a glyph whose ink runs past its advance (PDFium's loose box then
    ends at the ink, pdfminer's at the advance): the next character's origin when it follows
    within the ink, else the glyph's width in its font."""
    width = ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()
    for k, i in overhangs:
        a = chars[k]
        b = chars[k + 1] if k + 1 < len(chars) else None
        if b is not None and b["_obj"] == a["_obj"] and a["x0"] < b["x0"] <= a["x1"] and b["top"] == a["top"]:
            a["x1"] = b["x0"]  # (ink ending exactly at the advance, where the next glyph starts: no change)
        elif len(a["text"]) == 1:
            font = _object_font(a["_obj"])
            _char_matrix(tp, i, ctypes.byref(matrix))
            if font and _glyph_width(font, ord(a["text"]), _font_size(tp, i), ctypes.byref(width)):
                a["x1"] = a["x0"] + width.value * matrix.a


def _edges(objects: list[tuple[int, int, int]], height: float) -> list[dict]:
    """pdfplumber's ``page.edges`` (lines', then rectangles', then curves' edges)."""
    lines: list[dict] = []
    rects: list[dict] = []
    curves: list[dict] = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj, kind, depth in objects:
        if kind != _PATH:
            continue
        if not _draw_mode(obj, ctypes.byref(fill), ctypes.byref(stroke)) or not (fill.value or stroke.value):
            continue
        if depth:
            raise Doubt("painted paths inside a form XObject")
        matrix = _matrix_of(obj)
        subpaths: list[tuple[str, list[tuple[float, float]]]] = []
        shape, pts, bezier = "", [], 0
        for k in range(_count_segments(obj)):
            seg = _get_segment(obj, k)
            _segment_point(seg, ctypes.byref(x), ctypes.byref(y))
            point = matrix.apply(x.value, y.value)
            kind_ = _segment_type(seg)
            if kind_ == _MOVE:
                if shape:
                    subpaths.append((shape, pts))
                shape, pts, bezier = "m", [point], 0
            elif kind_ == _BEZIER:
                bezier += 1
                if bezier % 3 == 0:  # a curve's end point (pdfminer keeps no control points)
                    shape += "c"
                    pts.append(point)
            else:
                shape += "l"
                pts.append(point)
            if _segment_close(seg) and shape:
                shape += "h"
                pts.append(pts[0])
        if shape:
            subpaths.append((shape, pts))
        for shape, pts in subpaths:
            _classify(shape, pts, height, lines, rects, curves)
    edges = [line_to_edge(o) for o in lines]
    for r in rects:
        edges.extend(rect_to_edges(r))
    for c in curves:
        edges.extend(curve_to_edges(c))
    return edges


def _box(pts: list[tuple[float, float]], height: float, kind: str) -> dict:
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top = height - y1
    return {"object_type": kind, "x0": x0, "x1": x1, "y0": y0, "y1": y1, "top": top, "doctop": top,
            "bottom": height - y0, "width": x1 - x0, "height": y1 - y0}


def _classify(shape: str, pts: list[tuple[float, float]], height: float,
              lines: list[dict], rects: list[dict], curves: list[dict]) -> None:
    """As pdfminer's ``paint_path`` classes one subpath: a line, a rectangle or a curve."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts = pts[:-2] + pts[-1:]
    if shape in {"mlh", "ml"}:
        lines.append(_box(pts[:2], height, "line"))
        return
    if shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        if pts[0] == pts[4] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                 or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
            rects.append(_box([pts[0], pts[2]], height, "rect"))
            return
    curve = _box(pts, height, "curve")
    curve["pts"] = [(px, height - py) for px, py in pts]
    curves.append(curve)
