"""Write synthetic sample reports to a folder, deterministically for a seed.

    python -m synth.generate OUT_DIR [--seed N]

writes ``DEFAULT_SAMPLE`` (five reports, two of them in altered text shapes). The
national sample (every PDU, two inspection rounds) is in ``synth.national``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from synth.framework import DEFAULT_FRAMEWORK
from synth.render import render_report
from synth.spec import random_spec
from synth.variants import VARIANTS
from synth.wording import WORDINGS

DEFAULT_SEED = 2023
#: Publication months drawn when none are given (first of the month).
_MONTH_RANGE = (date(2021, 10, 1), date(2024, 6, 1))  # the 2021-2023 PDU framework's reports


@dataclass(frozen=True)
class SampleReport:
    """One report of a sample: which PDU, when, in which framework's format, and which
    variants (names in ``synth.variants.VARIANTS``, applied in order) to pass it through,
    after any wording changes (``synth.wording.WORDINGS``)."""

    pdu_name: str
    region_name: str
    published_on: date
    variants: tuple[str, ...] = ()
    discretion: bool = False
    framework: str = DEFAULT_FRAMEWORK
    wordings: tuple[str, ...] = ()
    """Wording and layout changes (names in ``synth.wording.WORDINGS``), applied before the
    variants."""
    #: the form the report is written in: "text", "pdf" (synth.publish_pdf) or "html"
    #: (synth.publish_html); a PDF or web page is laid out from the text, variants and all
    published_as: str = "text"


#: Four PDUs from four regions (names as in reference/probation_delivery_units.csv), plus a
#: second inspection of Derby City; one file is CRLF+BOM, one is hard-wrapped and paginated.
DEFAULT_SAMPLE: tuple[SampleReport, ...] = (
    SampleReport("Derby City", "East Midlands", date(2022, 3, 1)),
    SampleReport("Norfolk", "East of England", date(2023, 10, 1), ("crlf", "bom")),
    SampleReport("Gateshead and South Tyneside", "North East", date(2023, 5, 1), discretion=True),
    SampleReport(
        "Bristol and South Gloucestershire", "South West", date(2024, 2, 1),
        ("hard_wrap", "paginate"),
    ),
    SampleReport("Derby City", "East Midlands", date(2024, 1, 1)),
)


def slug(name: str) -> str:
    """"Bristol and South Gloucestershire" -> "bristol-and-south-gloucestershire"."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


SUFFIXES = {"text": ".txt", "pdf": ".pdf", "html": ".html"}


def report_filename(unit_name: str, published_on: date, published_as: str = "text") -> str:
    """File name of a report: "<slug-of-unit>-pdu-<YYYY>-<MM>.txt" (.pdf, .html)."""
    return f"{slug(unit_name)}-pdu-{published_on:%Y}-{published_on:%m}{SUFFIXES[published_as]}"


def sample_spec(report: SampleReport, seed: int):
    """The facts (``synth.spec.ReportSpec``) of one sample report; depends only on report and
    seed (the survey extract writer, ``synth.surveys``, reads the survey figures from it)."""
    rng = random.Random(f"{seed}:{report.pdu_name}:{report.published_on.isoformat()}")
    return random_spec(
        rng, report.pdu_name, report.region_name, report.published_on,
        discretion=report.discretion, framework=report.framework,
    )


def report_text(report: SampleReport, seed: int) -> str:
    """Render one sample report (variants applied); depends only on report and seed."""
    text = render_report(sample_spec(report, seed))
    for name in report.wordings:
        text = WORDINGS[name](text)
    for name in report.variants:
        text = VARIANTS[name](text)
    return text


def report_bytes(report: SampleReport, seed: int) -> bytes:
    """The file's bytes: the report's text, or the PDF or web page laid out from it."""
    text = report_text(report, seed)
    if report.published_as == "pdf":
        from synth.publish_pdf import render_pdf

        return render_pdf(text)
    if report.published_as == "html":
        from synth.publish_html import render_html

        return render_html(text, report.published_on).encode("utf-8")
    return text.encode("utf-8")


def write_reports(out_dir: Path, reports: Sequence[SampleReport], seed: int) -> list[Path]:
    """Write each report as UTF-8 (newlines untranslated) and return the paths in order."""
    names = [report_filename(r.pdu_name, r.published_on, r.published_as) for r in reports]
    if len(set(names)) != len(names):
        raise ValueError(f"two reports would share a file name: {sorted(names)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for report, name in zip(reports, names):
        path = out_dir / name
        path.write_bytes(report_bytes(report, seed))
        paths.append(path)
    return paths


def write_sample_reports(
    out_dir: Path,
    pdus: Sequence[tuple[str, str] | SampleReport],
    published_months: list[date] | None = None,
    seed: int = DEFAULT_SEED,
) -> list[Path]:
    """Write one synthetic report per PDU and return the paths in the order of ``pdus``.

    Args:
        out_dir: folder to write to (created if missing).
        pdus: (PDU name without "PDU", region name) pairs, e.g. ("Derby City", "East
            Midlands"), written plain; or ``SampleReport`` items (e.g. ``DEFAULT_SAMPLE``),
            written with their own month, variants and discretion.
        published_months: first-of-month publication dates, one per PDU. When None, pairs
            get months drawn from the seed and ``SampleReport`` items keep their own.
        seed: the same seed and arguments give byte-identical files.
    """
    if published_months is not None and len(published_months) != len(pdus):
        raise ValueError(
            f"published_months has {len(published_months)} dates for {len(pdus)} PDUs; "
            "give one per PDU or None"
        )
    months = published_months or _drawn_months(seed, len(pdus))
    reports = []
    for item, month in zip(pdus, months):
        if isinstance(item, SampleReport):
            reports.append(item if published_months is None else replace(item, published_on=month))
        else:
            unit, region = item
            reports.append(SampleReport(unit, region, month))
    return write_reports(out_dir, reports, seed)


def _drawn_months(seed: int, count: int) -> list[date]:
    """``count`` first-of-month dates in ``_MONTH_RANGE``, drawn from the seed."""
    rng = random.Random(seed)
    first, last = _MONTH_RANGE
    span = (last.year - first.year) * 12 + last.month - first.month
    offsets = [rng.randint(0, span) for _ in range(count)]
    return [
        date(first.year + (first.month - 1 + k) // 12, (first.month - 1 + k) % 12 + 1, 1)
        for k in offsets
    ]


def write_default_sample(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write ``DEFAULT_SAMPLE`` to out_dir."""
    return write_reports(out_dir, DEFAULT_SAMPLE, seed)


def main(argv: list[str] | None = None) -> int:
    """Command line: write the default sample to a folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    for path in write_default_sample(args.out_dir, args.seed):
        sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
