"""Benchmark: reading reports as PDFs and web pages against the text path, in the same run,
on the same reports rendered in each form (compare ratios; machines here are small and noisy).

    .venv/bin/python benchmarks/report_formats.py [--reports 6] [--repeats 3]

Each report (the real Cumbria report from ../shared when it is there, plus synthetic ones)
is written as text, as a PDF (synth.publish_pdf) and as a web page (synth.publish_html).
For every way of reading, the table gives reports per second, how many times slower than
the text path it is, and how many reports read to exactly the text file's facts (every
table, provenance aside): speed means nothing without that.

PDF readers compared:
* the project's reader (transforms/report_pdf.py; pdfplumber's layout on PDFium's characters,
  benchmarks/pdf_readers.py compares it with pdfplumber alone): words with positions and
  type sizes, bordered tables cell by cell;
* pypdfium2 text: the page text PDFium gives, pages joined by form feeds, read by the text path;
* pdfplumber plain text: ``page.extract_text()`` per page, read by the text path;
* pdftotext -layout (poppler-utils, a subprocess per file), read by the text path, if installed.

Web-page readers compared:
* lxml (the project's reader, transforms/report_html.py): block elements to lines, tables
  row by row, element paths kept;
* inscriptis: browser-like HTML-to-text (a test dependency), read by the text path.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import timed  # noqa: E402
from core.reference import load_reference  # noqa: E402
from synth.publish_html import render_html  # noqa: E402
from synth.publish_pdf import render_pdf  # noqa: E402
from synth.render import render_report  # noqa: E402
from synth.spec import random_spec  # noqa: E402
from transforms.report_facts import parse_report  # noqa: E402

REAL = ROOT.parent / "shared" / "corpus" / "reports" / "cumbria-pdu-2023-07.txt"
DROP = ("source_sha256", "source_file", "source_line", "source_location", "published_on_source")


def corpus(count: int, seed: int) -> list[tuple[str, str, date]]:
    """(name, text, publication month) of each report."""
    rng = random.Random(seed)
    pdus = [("Derby City", "East Midlands"), ("Norfolk", "East of England"), ("Wirral", "North West"),
            ("Gwent", "Wales"), ("York", "Yorkshire and the Humber")]
    out = []
    if REAL.is_file():
        out.append(("cumbria-pdu-2023-07", REAL.read_text(encoding="utf-8"), date(2023, 7, 1)))
    for i in range(count - len(out)):
        unit, region = pdus[i % len(pdus)]
        month = date(2022 + i % 3, 1 + (3 * i) % 12, 1)
        framework = "pdu-2021" if month < date(2024, 2, 1) else "pdu-2023"
        text = render_report(random_spec(rng, unit, region, month, framework=framework))
        out.append((f"report-{i:02d}-{month:%Y-%m}", text, month))
    return out


def facts_of(data: bytes, name: str, ref) -> dict | None:
    try:
        facts = parse_report(data, name, hashlib.sha256(data).hexdigest(), ref)
    except Exception:  # a reader that loses the structure gets a rejection: not the same facts
        return None
    out = {}
    for table, frame in facts.tables.items():
        out[table] = frame.drop([c for c in frame.columns if c in DROP]).to_dicts()
    out["inspection_field_sources"] = sorted(r["field"] for r in out["inspection_field_sources"])
    return out


def pypdfium_text(data: bytes) -> bytes:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
    return "\n\f".join(p.replace("\r\n", "\n") for p in pages).encode("utf-8")


def plumber_text(data: bytes) -> bytes:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n\f".join(page.extract_text() or "" for page in pdf.pages).encode("utf-8")


def pdftotext(data: bytes) -> bytes:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout


def inscriptis_text(data: bytes) -> bytes:
    from inscriptis import get_text

    return get_text(data.decode("utf-8")).encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    ref = load_reference()
    reports = corpus(args.reports, args.seed)
    files = {  # in memory: the readers take bytes, as the pipeline gives them
        name: {"text": text.encode("utf-8"), "pdf": render_pdf(text), "html": render_html(text, month).encode("utf-8")}
        for name, text, month in reports
    }
    expected = {name: facts_of(f["text"], f"{name}.txt", ref) for name, f in files.items()}

    def read_all(form: str, suffix: str, convert=None):
        def run():
            return {name: facts_of(convert(f[form]) if convert else f[form], f"{name}{suffix}", ref)
                    for name, f in files.items()}
        return run

    ways = {
        "text (the text path)": read_all("text", ".txt"),
        "PDF: the project's reader": read_all("pdf", ".pdf"),
        "PDF: pypdfium2 text": read_all("pdf", ".txt", pypdfium_text),
        "PDF: pdfplumber plain text": read_all("pdf", ".txt", plumber_text),
        "web: lxml reader": read_all("html", ".html"),
        "web: inscriptis text": read_all("html", ".txt", inscriptis_text),
    }
    if shutil.which("pdftotext"):
        ways["PDF: pdftotext -layout"] = read_all("pdf", ".txt", pdftotext)
    results = {}
    for name, run in ways.items():
        seconds, got = timed(run, args.repeats)
        same = sum(got[r] is not None and got[r] == expected[r] for r in files)
        results[name] = (seconds, same)
    n = len(files)
    pages = sum(f["pdf"].count(b"/Type /Page\n") for f in files.values())
    print(f"{n} reports ({pages} PDF pages in all), median of {args.repeats} runs each")
    print(f"{'way of reading':<30}{'reports/s':>11}{'x text time':>13}{'same facts':>12}")
    base = results["text (the text path)"][0]
    for name, (seconds, same) in results.items():
        print(f"{name:<30}{n / seconds:>11.2f}{seconds / base:>13.1f}{f'{same}/{n}':>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
