"""The real Cumbria report in its published forms reads to the same facts as its text.

The project's renderers (synth.publish_pdf, synth.publish_html) lay the real report (read
from ../shared at test time, never written into the project) out as a published PDF and as
a saved web page; each file, and the text common tools extract from it (poppler's
``pdftotext -layout``; inscriptis, a browser-like HTML-to-text converter), must give every
table the text file gives. Hand-read values (tests/test_cumbria_facts.py) are checked too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import RejectedInput
from tests.conftest import parse_text
from transforms.report_facts import parse_report

NAME = "cumbria-pdu-2023-07"
# .ci/run installs poppler-utils and fonts-dejavu-core and sets this: there nothing may skip
REQUIRE_TOOLS = os.environ.get("INSPECTIONS_REQUIRE_PDF_TOOLS") == "1"


def _needs(available: bool, what: str) -> None:
    if not available:
        if REQUIRE_TOOLS:
            pytest.fail(f"{what} is missing (INSPECTIONS_REQUIRE_PDF_TOOLS=1)")
        pytest.skip(f"{what} is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def unicode_font():
    """Without a Unicode font the renderer prints Latin-1 only (an en dash as '-'): the
    PDF's facts could not equal the text's."""
    from synth.publish_pdf import _font_files

    _needs(_font_files() is not None, "DejaVu Sans (Debian's fonts-dejavu-core)")
LOCATION_FREE = ("source_sha256", "source_file", "source_line", "source_location", "published_on_source")


def _facts(facts) -> dict[str, list[dict]]:
    out = {}
    for name, frame in facts.tables.items():
        out[name] = frame.drop([c for c in frame.columns if c in LOCATION_FREE]).to_dicts()
    out["inspection_field_sources"] = sorted(r["field"] for r in out["inspection_field_sources"])
    return out


def _parse_file(data: bytes, name: str, reference):
    from schemas.validate import validate_report_tables
    from transforms.report_facts import ReportFacts

    facts = parse_report(data, name, hashlib.sha256(data).hexdigest(), reference)
    return ReportFacts(validate_report_tables(facts.tables, name))


@pytest.fixture(scope="module")
def pdf_bytes(cumbria_text, unicode_font) -> bytes:
    from synth.publish_pdf import render_pdf

    return render_pdf(cumbria_text)


@pytest.fixture(scope="module")
def html_text(cumbria_text) -> str:
    from synth.publish_html import render_html

    return render_html(cumbria_text, dt.date(2023, 7, 1))


@pytest.fixture(scope="module")
def pdf_facts(pdf_bytes, reference):
    return _parse_file(pdf_bytes, f"{NAME}.pdf", reference)


@pytest.fixture(scope="module")
def html_facts(html_text, reference):
    return _parse_file(html_text.encode("utf-8"), f"{NAME}.html", reference)


def _hand_read(facts) -> None:
    """Values a person read in the report (as in tests/test_cumbria_facts.py)."""
    row = facts.inspection.row(0, named=True)
    assert (row["overall_rating"], row["score"], row["max_score"]) == ("Requires improvement", 6, 27)
    assert (row["unit_name"], row["region_name"], row["lead_inspector"]) == ("Cumbria PDU", "North West", "Helen Cox")
    assert row["published_on"] == dt.date(2023, 7, 1)
    assert facts.key_questions.height == 14
    assert facts.key_questions.filter(standard_code="2.2", theme="safety")["pct_yes"].to_list() == [25.0]
    assert facts.recommendations["addressee"].to_list() == ["PDU"] * 6 + ["Region"] * 4 + ["HMPPS"] * 3
    assert facts.findings.height == 106
    assert facts.caseload.select("community_sentences", "custody").row(0) == (851, 563)


def test_pdf_file_reads_to_the_same_facts(pdf_facts, cumbria):
    assert _facts(pdf_facts) == _facts(cumbria)
    _hand_read(pdf_facts)


def test_html_file_reads_to_the_same_facts(html_facts, cumbria):
    assert _facts(html_facts) == _facts(cumbria)
    _hand_read(html_facts)


def test_pdftotext_layout_of_the_pdf_reads_to_the_same_facts(pdf_bytes, tmp_path, reference, cumbria):
    _needs(shutil.which("pdftotext") is not None, "pdftotext (Debian's poppler-utils)")
    path = tmp_path / f"{NAME}.pdf"
    path.write_bytes(pdf_bytes)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    assert b"\f" in text and b"Inspection of probation services: Cumbria PDU" in text  # the furniture is there
    facts = parse_text(text, reference, f"{NAME}.txt")
    assert _facts(facts) == _facts(cumbria)
    _hand_read(facts)


def test_pdftotext_reading_order_gives_the_same_tables_cell_by_cell(pdf_bytes, reference, cumbria):
    """Without -layout, pdftotext prints each table cell and each list number as a block of its
    own: the tables, recommendations and inspection fields still read the same. (Its text has
    no gap between a list and a short heading after it, so a subsection heading can join the
    bullet before it: findings are compared in -layout mode only; docs/report-formats.md.)"""
    _needs(shutil.which("pdftotext") is not None, "pdftotext (Debian's poppler-utils)")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf_bytes, capture_output=True, check=True).stdout
    assert b"\n60%\n" in text  # a key-question percentage alone on its line
    facts, expected = _facts(parse_text(text, reference, f"{NAME}.txt")), _facts(cumbria)
    for table in ("inspection", "standard_ratings", "key_questions", "recommendations", "caseload",
                  "case_sample_windows"):
        assert facts[table] == expected[table], table


def test_browser_like_text_of_the_web_page_reads_to_the_same_facts(html_text, reference, cumbria):
    from inscriptis import get_text

    text = get_text(html_text)
    assert "Back to top" in text and "Skip to content" in text  # the page's furniture is there
    facts = parse_text(text, reference, f"{NAME}.txt")
    assert _facts(facts) == _facts(cumbria)
    _hand_read(facts)


@pytest.mark.filterwarnings("ignore:Dimensions for page format")
@pytest.mark.parametrize(("page_format", "superscript"), [("A5", True), ("letter", True), ("A4", False)])
def test_other_page_sizes_and_plain_markers_read_the_same(page_format, superscript, cumbria_text, cumbria,
                                                           reference, unicode_font):
    from synth.publish_pdf import render_pdf

    data = render_pdf(cumbria_text, page_format, superscript=superscript)
    facts = _parse_file(data, f"{NAME}.pdf", reference)
    assert _facts(facts) == _facts(cumbria)
    pages = facts.findings["source_location"].unique().to_list()
    assert len(pages) > 10  # findings spread over many pages: breaks inside every section
    assert not facts.findings["text"].str.contains("[\u00b9\u00b2\u00b3\u2074-\u2079]").any()


def test_pdf_facts_carry_their_page(pdf_facts):
    # the renderer starts each section on a new page: cover 1, contents 2, acknowledgements 3,
    # the inspectorate's role 4, foreword 5, ratings 6 (the number its footer prints)
    overall = pdf_facts.inspection_field_sources.filter(field="overall_rating")["source_location"].to_list()
    assert overall == ["page 6"]
    for name, frame in pdf_facts.tables.items():
        if "source_location" in frame.columns:
            assert frame["source_location"].str.contains(r"^page \d+$").all(), name
    # 2.2's three key questions are in one table, on one page, after the ratings page
    pages = pdf_facts.key_questions.filter(standard_code="2.2")["source_location"].unique().to_list()
    assert len(pages) == 1 and int(pages[0].split()[1]) > 6


def test_html_facts_carry_their_element(html_facts, html_text):
    kq = html_facts.key_questions.filter(standard_code="2.2", theme="safety").row(0, named=True)
    assert kq["source_location"].startswith("html:/html/body/main/table[")
    assert kq["source_location"].endswith("/tbody/tr[3]")
    rec = html_facts.recommendations.filter(seq=13).row(0, named=True)
    assert rec["source_location"].startswith("html:/html/body/main/ol[") and rec["source_location"].endswith("/li[3]")
    sha = hashlib.sha256(html_text.encode("utf-8")).hexdigest()
    for name, frame in html_facts.tables.items():
        if "source_sha256" in frame.columns:
            assert frame["source_sha256"].unique().to_list() == [sha], name


def test_web_page_date_from_the_time_element_when_the_text_has_none(cumbria_text, reference):
    from synth.publish_html import render_html

    page = render_html(cumbria_text, dt.date(2023, 7, 1))
    # the date element's text lost, as in the real pages' stored text; its datetime stays
    page = page.replace(">July 2023</time>", "></time>")
    facts = _parse_file(page.encode(), "report.html", reference)
    row = facts.inspection.row(0, named=True)
    assert (row["published_on"], row["published_on_source"]) == (dt.date(2023, 7, 1), "time-element")
    # no <time> either: the date meta tag
    no_time = page.replace('<time datetime="2023-07"></time>', "")
    facts = _parse_file(no_time.encode(), "report.html", reference)
    assert facts.inspection["published_on_source"].to_list() == ["meta"]
    # neither: the file name
    bare = no_time.replace('property="article:published_time"', 'property="og:type"')
    facts = _parse_file(bare.encode(), f"{NAME}.html", reference)
    assert facts.inspection.select("published_on", "published_on_source").row(0) == (dt.date(2023, 7, 1), "file-name")
    # and nowhere at all: rejected with one line saying so
    with pytest.raises(RejectedInput, match="publication date is missing") as err:
        _parse_file(bare.encode(), "report.html", reference)
    assert "\n" not in str(err.value)


def test_text_report_dates_come_from_the_text(cumbria):
    assert cumbria.inspection["published_on_source"].to_list() == ["text"]
    assert cumbria.inspection["source_location"].to_list() == [None]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.pdf", b"just text, not a PDF", "not a PDF file"),
        ("a.html", b"%PDF-1.4 binary", "not a web page"),
        ("a.docx", b"PK\x03\x04", "not a report file (suffix .docx"),
        ("a.pdf", b"%PDF-1.4\n%broken beyond repair\n", "PDF cannot be read"),
    ],
)
def test_wrong_or_damaged_files_are_rejected_with_one_line(name, data, reason, reference):
    with pytest.raises(RejectedInput, match=reason.replace("(", r"\(").replace(".", r"\.")) as err:
        parse_report(data, name, hashlib.sha256(data).hexdigest(), reference)
    assert "\n" not in str(err.value)


def test_beginning_of_a_web_page_is_rejected_as_incomplete(reference):
    from tests.conftest import CORPUS

    text = (CORPUS / "beginnings" / "gwent-pdu-2025-xx.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())
    page = f"<!DOCTYPE html><html><body><main>{body}</main></body></html>".encode()
    with pytest.raises(RejectedInput, match="incomplete|stops") as err:
        parse_report(page, "gwent-pdu-2025-xx.html", "0" * 64, reference)
    assert "not an HM Inspectorate" not in str(err.value)


@pytest.mark.parametrize(
    ("pdu", "region", "month", "framework", "seed"),
    [
        ("Derby City", "East Midlands", dt.date(2022, 3, 1), "pdu-2021", 1),
        ("Norfolk", "East of England", dt.date(2025, 2, 1), "pdu-2023", 7),
    ],
)
def test_synthetic_reports_read_to_the_same_facts_in_every_form(pdu, region, month, framework, seed, reference,
                                                                unicode_font):
    from synth.generate import SampleReport, report_bytes, report_filename

    facts = {}
    for form in ("text", "pdf", "html"):
        report = SampleReport(pdu, region, month, framework=framework, published_as=form)
        name = report_filename(pdu, month, form)
        facts[form] = _facts(_parse_file(report_bytes(report, seed), name, reference))
    assert facts["pdf"] == facts["text"]
    assert facts["html"] == facts["text"]
    assert facts["text"]["inspection"][0]["framework"] == framework
    if shutil.which("pdftotext") or REQUIRE_TOOLS:
        pdf = report_bytes(SampleReport(pdu, region, month, framework=framework, published_as="pdf"), seed)
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
        assert _facts(parse_text(text, reference, report_filename(pdu, month))) == facts["text"]


@given(year=st.integers(1990, 2099), month=st.integers(1, 12), stem=st.sampled_from(["cumbria-pdu", "x", "a-2-b"]),
       suffix=st.sampled_from([".html", ".htm", ".pdf", ".txt"]))
def test_file_name_date_is_its_last_year_and_month(year, month, stem, suffix):
    from transforms.report_formats import date_from_file_name

    assert date_from_file_name(f"raw/2019-01/{stem}-{year}-{month:02d}{suffix}") == dt.date(year, month, 1)
    assert date_from_file_name(f"{stem}-{year}{month:02d}{suffix}") is None  # no dash: not a month
    assert date_from_file_name(f"{stem}-{year}-{month + 12}{suffix}") is None  # 13..24: not a month


@given(day=st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)),
       tail=st.sampled_from(["", "T09:00:00+00:00", "T23:59:59Z", " "]))
def test_page_dates_read_as_iso(day, tail):
    from transforms.report_formats import parse_iso_date

    assert parse_iso_date(f"{day.isoformat()}{tail}") == day
    assert parse_iso_date(f"{day:%Y-%m}") == day.replace(day=1)
    assert parse_iso_date(f"{day:%d/%m/%Y}") is None
