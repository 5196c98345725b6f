"""Benchmark: the PDF report reader through PDFium against the reader through pdfplumber
alone and against PDFium's plain text layer, in the same run, on the national sample's PDFs
(compare ratios; machines here are small and noisy).

    .venv/bin/python benchmarks/pdf_readers.py [--rounds 1] [--repeats 3] [--limit N]

The PDFs are those ``inspections generate --national --rounds N`` writes (synth.national,
seed 2023), made in memory. Ways of reading, each over every PDF:

* pypdfium2 text layer: ``get_textpage().get_text_range()`` per page (what a one-regex scan
  of the files reads; no positions, no table cells: not enough to read a report by);
* reader, PDFium: ``read_pdf(data, name)`` (transforms/report_pdf.py on
  transforms/pdf_pdfium.py; a page PDFium may read differently goes to pdfplumber);
* reader, pdfplumber: ``read_pdf(data, name, engine="pdfplumber")``, the reader before PDFium.

Printed: pages, median seconds, time relative to the text layer and to the PDFium reader,
how many files each reader read to exactly the pdfplumber reader's text and page locations,
and how many pages the PDFium reader left to pdfplumber, with the reasons.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from synth.generate import report_bytes  # noqa: E402
from synth.national import national_sample  # noqa: E402
from benchmarks.timing import timed  # noqa: E402
from transforms.pdf_pdfium import page_doubts  # noqa: E402
from transforms.report_pdf import read_pdf  # noqa: E402

SEED = 2023


def text_layer(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        pages = []
        for k in range(len(pdf)):
            textpage = pdf[k].get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
        return "\f".join(pages)
    finally:
        pdf.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="only the first N PDFs (while developing)")
    args = parser.parse_args(argv)
    reports = [r for r in national_sample(SEED, rounds=args.rounds) if r.published_as == "pdf"][: args.limit]
    files = {f"{r.pdu_name}-{r.published_on:%Y-%m}.pdf": report_bytes(r, SEED) for r in reports}
    pages = sum(len(pdfium.PdfDocument(d)) for d in files.values())

    def each(fn):
        return lambda: {name: fn(data, name) for name, data in files.items()}

    ways = {
        "pypdfium2 text layer": each(lambda data, _name: text_layer(data)),
        "reader, PDFium": each(lambda data, name: read_pdf(data, name)),
        "reader, pdfplumber": each(lambda data, name: read_pdf(data, name, engine="pdfplumber")),
    }
    results = {name: timed(run, args.repeats) for name, run in ways.items()}
    reference = results["reader, pdfplumber"][1]

    def same(got) -> str:
        if got is results["pypdfium2 text layer"][1]:
            return "-"
        n = sum(got[f].text == reference[f].text and got[f].locations == reference[f].locations for f in files)
        return f"{n}/{len(files)}"

    left = Counter()
    for data in files.values():
        left.update(why for _page, why in page_doubts(data))
    base = results["pypdfium2 text layer"][0]
    new = results["reader, PDFium"][0]
    print(f"{len(files)} PDFs of the national sample (rounds 1..{args.rounds}), {pages} pages; "
          f"median of {args.repeats} runs each")
    print(f"{'way of reading':<24}{'s':>8}{'ms/page':>9}{'x text layer':>14}{'x PDFium reader':>17}{'same text':>11}")
    for name, (seconds, got) in results.items():
        print(f"{name:<24}{seconds:>8.2f}{1000 * seconds / pages:>9.1f}{seconds / base:>14.1f}"
              f"{seconds / new:>17.2f}{same(got):>11}")
    print(f"pages the PDFium reader left to pdfplumber: {sum(left.values())} of {pages}"
          + "".join(f"\n  {n} x {why}" for why, n in left.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
