"""PDF and web-page reports through the ingest flow (real Prefect engine, real DuckDB file):
loaded with their pages and element paths in the marts, the text read from them kept."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from flows.ingest_reports import ingest_reports

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_pdf_and_web_page_reports_load_with_their_locations(tmp_path, warehouse_file, cumbria_text):
    from synth.generate import SampleReport, report_bytes, report_filename
    from synth.publish_pdf import render_pdf

    reports = tmp_path / "raw" / "reports"
    reports.mkdir(parents=True)
    (reports / "cumbria-pdu-2023-07.pdf").write_bytes(render_pdf(cumbria_text))
    web = SampleReport("Norfolk", "East of England", dt.date(2025, 3, 1), framework="pdu-2023", published_as="html")
    (reports / report_filename("Norfolk", web.published_on, "html")).write_bytes(report_bytes(web, 3))
    (reports / "notes.docx").write_bytes(b"PK\x03\x04 not a report")

    summary = ingest_reports(tmp_path / "raw", warehouse_file)

    assert {o.source_file: o.status for o in summary.outcomes} == {
        "raw/reports/cumbria-pdu-2023-07.pdf": "loaded",
        "raw/reports/norfolk-pdu-2025-03.html": "loaded",
        "raw/reports/notes.docx": "rejected",
    }
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        rows = con.execute("SELECT inspection_id, published_on_source, source_location FROM mart.inspections "
                           "ORDER BY 1").fetchall()
        assert rows == [("cumbria-2023-07", "text", "page 1"), ("norfolk-2025-03", "text", "html:/html/body/main/h1")]
        kq = con.execute("SELECT source_location FROM mart.key_questions WHERE inspection_id = 'norfolk-2025-03' "
                         "AND standard_code = '2.1'").fetchall()
        assert len(kq) == 3 and all(loc.startswith("html:/html/body/main/table[") for (loc,) in kq)
        # the raw text kept for a PDF is the text read from it, which source_line counts
        content, line = con.execute(
            "SELECT f.content, r.source_line FROM raw.report_files AS f JOIN mart.recommendations AS r "
            "USING (source_sha256) WHERE r.seq = 12").fetchone()
        assert content.split("\n")[line - 1].startswith("12. provide reliable Wi-Fi")
        reason = con.execute("SELECT reason FROM mart.load_ledger WHERE source_file LIKE '%docx'").fetchone()[0]
        assert reason.startswith("not a report file (suffix .docx; expected .txt")
