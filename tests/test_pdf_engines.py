"""The PDF reader through PDFium gives exactly what it gave through pdfplumber alone.

transforms/report_pdf.py reads each page's characters and ruling lines through PDFium
(transforms/pdf_pdfium.py) and falls back to pdfplumber on a page PDFium may read
differently; ``read_pdf(..., engine="pdfplumber")`` is the reader as it was. Every PDF the
project's renderer makes (synth/publish_pdf.py: the real report in every page format, with
raised or plain footnote markers, in DejaVu Sans or the core font Helvetica; varied synthetic
reports; the national sample's PDFs) must read to the same text with the same page of every
line, and without falling back: the fast path is what these PDFs exercise.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from transforms.pdf_pdfium import page_doubts, read_page
from transforms.report_pdf import read_pdf

CHROMIUM = Path("/usr/bin/chromium")


def _same(data: bytes, name: str = "report.pdf") -> str:
    """Both engines' text, asserted equal (with each line's page); the text."""
    old = read_pdf(data, name, engine="pdfplumber")
    new = read_pdf(data, name)
    assert new.text == old.text
    assert new.locations == old.locations
    return new.text


def _doubts(data: bytes) -> list[str]:
    """Why PDFium's reading of each page it does not read itself may differ."""
    return [f"page {number}: {why}" for number, why in page_doubts(data)]


@pytest.fixture
def helvetica(monkeypatch):
    """The renderer without DejaVu Sans: the PDF core font Helvetica (not embedded, so its
    metrics are each library's own copy of the standard ones)."""
    import synth.publish_pdf

    monkeypatch.setattr(synth.publish_pdf, "_font_files", lambda: None)


@pytest.mark.parametrize(("page_format", "superscript"), [("A4", True), ("A4", False), ("A5", True), ("letter", True)])
def test_the_real_report_rendered_reads_the_same_through_pdfium(cumbria_text, page_format, superscript):
    from synth.publish_pdf import render_pdf

    data = render_pdf(cumbria_text, page_format, superscript=superscript)
    text = _same(data)
    assert _doubts(data) == []
    # facts read by a person from the rendered report: the page break and the running header
    assert "\f" in text.split("\n")  # a page break is a line of its own
    assert not any(line.startswith("Inspection of probation services:") for line in text.splitlines())  # header


def test_the_core_font_rendering_reads_the_same_through_pdfium(cumbria_text, helvetica):
    from synth.publish_pdf import render_pdf

    data = render_pdf(cumbria_text)
    assert b"/Helvetica" in data
    _same(data)
    assert _doubts(data) == []


@settings(max_examples=examples(4))
@given(seed=st.integers(0, 2**32 - 1), framework=st.sampled_from(["pdu-2021", "pdu-2023"]),
       page_format=st.sampled_from(["A4", "A5", "letter"]), superscript=st.booleans())
def test_varied_synthetic_reports_read_the_same_through_pdfium(seed, framework, page_format, superscript):
    from synth.publish_pdf import render_pdf
    from synth.render import render_report
    from synth.spec import random_spec

    month = dt.date(2022, 5, 1) if framework == "pdu-2021" else dt.date(2024, 9, 1)
    text = render_report(random_spec(random.Random(seed), "Wirral", "North West", month, framework=framework))
    data = render_pdf(text, page_format, superscript=superscript)
    _same(data)
    assert _doubts(data) == []


def test_the_national_samples_pdfs_read_the_same_through_pdfium():
    from synth.generate import report_bytes
    from synth.national import national_sample

    pdfs = [r for r in national_sample(2023, rounds=1) if r.published_as == "pdf"]
    assert len(pdfs) == 17  # the first round's PDFs, as `inspections generate --national --rounds 1` writes
    for report in pdfs:
        data = report_bytes(report, 2023)
        _same(data, f"{report.pdu_name}.pdf")
        assert _doubts(data) == []


_CHAR = st.fixed_dictionaries({
    "text": st.sampled_from(list("ab1.-") + [" ", "\u00a0", "\ufb01", ""]),
    "x0": st.floats(0, 60, allow_nan=False), "width": st.floats(0, 8, allow_nan=False),
    "top": st.sampled_from([100.0, 101.5, 102.9, 103.1, 106.0, 120.0]), "size": st.sampled_from([7.0, 10.0, 10.0]),
})


@given(drawn=st.lists(_CHAR, max_size=60))
def test_the_fast_word_grouping_is_pdfplumbers(drawn):
    """transforms/pdf_words.py groups characters into words exactly as pdfplumber does:
    runs of a size, lines by top within 3, words split at blanks and gaps over 3."""
    from pdfplumber.utils import extract_words as pdfplumber_words

    from transforms.pdf_words import extract_words

    chars = [{"text": d["text"], "x0": d["x0"], "x1": d["x0"] + d["width"], "top": d["top"], "doctop": d["top"],
              "bottom": d["top"] + d["size"], "size": d["size"], "upright": True} for d in drawn]
    keys = ("text", "x0", "x1", "top", "bottom", "size")
    expected = [{k: w[k] for k in keys} for w in pdfplumber_words(chars, extra_attrs=["size"], keep_blank_chars=False)]
    assert extract_words(chars) == expected


def test_the_fast_word_grouping_on_the_rendered_report(cumbria_text):
    from pdfplumber.utils import extract_words as pdfplumber_words

    from synth.publish_pdf import render_pdf
    from transforms.pdf_words import extract_words

    pdf = pdfium.PdfDocument(render_pdf(cumbria_text))
    try:
        for k in range(len(pdf)):
            chars = read_page(pdf[k]).chars
            expected = pdfplumber_words(chars, extra_attrs=["size"], keep_blank_chars=False)
            assert extract_words(chars) == [{key: w[key] for key in ("text", "x0", "x1", "top", "bottom", "size")}
                                            for w in expected]
    finally:
        pdf.close()


def _hyphenated_pdf(font: str = "helvetica") -> bytes:
    """Two pages: a line ending in a hyphen (PDFium keeps no character for it), then a plain one."""
    from fpdf import FPDF

    from synth.publish_pdf import _font_files

    pdf = FPDF(format="A4", unit="pt")
    if font == "dejavu":
        pdf.add_font("dejavu", "", str(_font_files()[0]))
    pdf.set_font(font, "", 11)
    for lines in (["The partnership is multi-", "agency and well run."], ["Nothing is hyphenated here."]):
        pdf.add_page()
        for k, line in enumerate(lines):
            pdf.text(72, 200 + 14 * k, line)
    return bytes(pdf.output())


@pytest.mark.parametrize("font", ["helvetica", "dejavu"])
def test_a_line_end_hyphen_is_told_from_a_soft_hyphen_by_its_width(font):
    from synth.publish_pdf import _font_files

    if font == "dejavu" and _font_files() is None:
        pytest.skip("DejaVu Sans (Debian's fonts-dejavu-core) is not installed")
    data = _hyphenated_pdf(font)
    assert _doubts(data) == []  # PDFium read both pages itself
    text = _same(data)
    assert text.split("\n")[:2] == ["The partnership is multi-", "agency and well run."]


def test_a_page_pdfium_may_read_otherwise_is_read_by_pdfplumber():
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.set_font("helvetica", "", 11)
    pdf.add_page()
    pdf.text(72, 200, "Upright first line.")
    with pdf.rotation(90, 300, 400):
        pdf.text(300, 400, "Turned on its side.")
    pdf.add_page()
    pdf.text(72, 200, "A plain second page.")
    data = bytes(pdf.output())
    assert _doubts(data) == ["page 1: text not upright"]
    text = _same(data)
    assert "Upright first line." in text
    assert "A plain second page." in text


@pytest.mark.parametrize("font", ["helvetica", "dejavu"])
def test_condensed_widened_and_tracked_text_reads_the_same(font):
    """Horizontal scaling (Tz) and letter spacing (Tc) move every glyph: PDFium's positions
    must still be pdfminer's, down to the 3-point gap that splits letters into words."""
    from fpdf import FPDF

    from synth.publish_pdf import _font_files

    if font == "dejavu" and _font_files() is None:
        pytest.skip("DejaVu Sans (Debian's fonts-dejavu-core) is not installed")
    pdf = FPDF(format="A4", unit="pt")
    if font == "dejavu":
        pdf.add_font("dejavu", "", str(_font_files()[0]))
    pdf.set_font(font, "", 11)
    pdf.add_page()
    pdf.text(72, 200, "Plain line of text here.")
    for y, stretch, spacing, line in [(220, 80, 0, "Condensed line."), (240, 100, 1.5, "Spaced out letters."),
                                      (260, 130, 0, "Wide letters."), (280, 100, 2.6, "tracked"),
                                      (300, 100, 3.4, "tracked")]:
        pdf.set_stretching(stretch)
        pdf.set_char_spacing(spacing)
        pdf.text(72, y, line)
    data = bytes(pdf.output())
    assert _doubts(data) == []
    assert _same(data).split("\n")[-3:] == ["tracked", "t r a c k e d", ""]  # gaps over 3 points split


def test_a_line_printed_twice_for_false_bold_is_left_to_pdfplumber():
    """PDFium drops a text object printed again over itself; pdfminer keeps both, and the old
    reader read the line's letters doubled. The page goes to pdfplumber: the same text."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.set_font("helvetica", "B", 11)
    pdf.add_page()
    pdf.text(72, 200, "Overprinted heading")
    pdf.text(72.2, 200, "Overprinted heading")
    pdf.text(72, 230, "Body line.")
    data = bytes(pdf.output())
    assert _doubts(data) == ["page 1: a text object PDFium dropped (a duplicate?)"]
    assert _same(data) == "OOvveerrpprriinntteedd hheeaaddiinngg\n\nBody line.\n"


def test_damaged_and_textless_pdfs_are_rejected_alike():
    from fpdf import FPDF

    from core.errors import RejectedInput

    blank = FPDF()
    blank.add_page()
    cases = {
        b"%PDF-1.4\n%broken beyond repair\n": "PDF cannot be read: ",
        bytes(blank.output()): "PDF has no text layer (a scanned image?); nothing to read",
        _hyphenated_pdf()[:400]: "PDF cannot be read",
    }
    for data, reason in cases.items():
        for engine in ("pdfium", "pdfplumber"):
            with pytest.raises(RejectedInput) as err:
                read_pdf(data, "a.pdf", engine=engine)
            assert reason in str(err.value)
            assert "\n" not in str(err.value)
    messages = set()
    for engine in ("pdfium", "pdfplumber"):
        with pytest.raises(RejectedInput) as err:
            read_pdf(b"%PDF-1.4\n%broken beyond repair\n", "a.pdf", engine=engine)
        messages.add(str(err.value))
    assert len(messages) == 1  # the same reason, word for word


def test_a_browser_printed_pdf_reads_the_same(tmp_path, cumbria_text):
    """Another producer (Chromium's PDF printer, Skia): subset fonts, ligatures from fallback
    fonts, hyphens at line ends. Whatever PDFium reads itself and whatever it leaves to
    pdfplumber, the text is the old reader's."""
    import subprocess

    from synth.publish_html import render_html

    if not CHROMIUM.is_file():
        if os.environ.get("INSPECTIONS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing (INSPECTIONS_REQUIRE_BROWSER=1)")
        pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)")
    page = tmp_path / "report.html"
    page.write_text(render_html(cumbria_text, dt.date(2023, 7, 1)), encoding="utf-8")
    out = tmp_path / "report.pdf"
    profile = tmp_path / "profile"
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={out}",
                    page.as_uri()], capture_output=True, timeout=120, check=True)
    data = out.read_bytes()
    text = _same(data)
    assert "Cumbria" in text
