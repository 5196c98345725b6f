"""A national synthetic sample: every PDU inspected in each inspection round.

``national_sample(seed)`` lists one report per PDU per round (``SampleReport`` items, as
``synth.generate.write_reports`` writes them):

- round 1, published October 2021 to December 2023, in the pdu-2021 format;
- round 2, published February 2024 to December 2025, in the pdu-2023 format.

PDUs come from reference/probation_delivery_units.csv (current PDUs) and
reference/superseded_pdus.csv (PDUs replaced by a reorganisation, with the month of the
change in ``status``, e.g. "superseded 2025-04", and their successors' codes). A report
names the unit as it existed in its publication month: a superseded PDU is inspected
under its old name in every round, with its round-2 month drawn before the change, and
its successors are inspected under their own names only after the change. So the
Greater Manchester PDUs reorganised in April 2025 appear as "Salford", "Stockport and
Trafford" and "Tameside" before it and as "Salford and Trafford" and "Stockport and
Tameside" after; "Staffordshire and Stoke" (December 2024) likewise becomes
"Staffordshire North" and "Staffordshire South".

About a third of the files are passed through text variants (``VARIANT_MIXES``), about
a third are reworded or laid out differently (``WORDING_MIXES``, synth.wording), some are
published as PDFs (before 2025) or web pages (from 2025; ``PUBLISHED_AS``), and
about one report in ten has a professionally raised rating. Every draw for one report
comes from a generator seeded by (seed, round, unit name), so a PDU's reports do not
change when other PDUs are added to or left out of the selection.

Round 2 starts in February 2024, when the first pdu-2023 reports were published.

``write_national_sample(..., surveys_dir=...)`` also writes a staff, people-on-probation and
sentencer survey extract for every inspection (``synth.national_surveys``).
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from synth.generate import SampleReport, slug, write_reports

#: The project's reference folder (read when called, never at import time).
DEFAULT_REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference"
PDU_FILE = "probation_delivery_units.csv"
SUPERSEDED_FILE = "superseded_pdus.csv"


@dataclass(frozen=True)
class Round:
    """One inspection round: its publication months (first of month, inclusive) and format."""

    number: int
    first: date
    last: date
    framework: str


ROUNDS: tuple[Round, ...] = (
    Round(1, date(2021, 10, 1), date(2023, 12, 1), "pdu-2021"),
    Round(2, date(2024, 2, 1), date(2025, 12, 1), "pdu-2023"),
)

#: Share of reports passed through text variants.
VARIANT_SHARE = 0.35
#: Share of reports with one case supervision rating raised by professional discretion.
DISCRETION_SHARE = 0.1
#: Variant combinations a varied file gets (applied left to right), with weights.
VARIANT_MIXES: tuple[tuple[tuple[str, ...], int], ...] = (
    (("crlf",), 3),
    (("bom",), 2),
    (("crlf", "bom"), 3),
    (("curly_quotes",), 3),
    (("plain_footnote_markers",), 2),
    (("curly_quotes", "plain_footnote_markers"), 2),
    (("strip_markdown",), 2),
    (("add_markdown_emphasis",), 2),
    (("tabs_to_spaces",), 2),
    (("hard_wrap",), 2),
    (("hard_wrap", "paginate"), 3),
    (("page_x_of_y",), 1),
    (("strip_markdown", "hard_wrap", "paginate", "crlf"), 1),
    (("all",), 2),
)


#: Share of reports whose wording or layout is changed (synth.wording), so that the parser's
#: vocabularies and layouts are exercised by the national sample.
WORDING_SHARE = 0.3
#: Wording combinations a reworded file gets (applied left to right), with weights.
WORDING_MIXES: tuple[tuple[tuple[str, ...], int], ...] = (
    (("improvement_synonym",), 2),
    (("strength_synonym", "labels_without_colon"), 2),
    (("table_header", "per_cent_in_tables"), 2),
    (("words_in_tables",), 2),
    (("dash_separated_rows",), 1),
    (("bar_separated_tables",), 1),
    (("standard_prefix",), 2),
    (("headings_without_numbers",), 2),
    (("standard_prefix_colon", "strength_synonym"), 1),
    (("bulleted_recommendations", "overall_rating_one_line", "score_out_of"), 2),
    (("background_first",), 2),
    (("recommendations_last", "dot_leader_rows"), 1),
    (("ratings_on_one_line",), 1),
    (("numbered_findings", "score_out_of_a_possible"), 1),
    (("background_renamed", "caption_after_labels"), 1),
    (("caption_before_labels",), 1),
    (("numbering_per_addressee",), 1),
    (("web_page",), 2),
)


#: Forms reports are published in, by publication month: PDFs until 2024 (a share), web pages
#: from 2025 (a share); the rest stay text. Drawn from their own generator, so the other
#: draws of a report (month, variants, discretion) do not depend on them.
PUBLISHED_AS: tuple[tuple[date, str, float], ...] = (
    (date(2021, 1, 1), "pdf", 0.15),
    (date(2025, 1, 1), "html", 0.3),
)


def _published_as(seed: int, rnd: Round, unit_name: str, month: date) -> str:
    form, share = next((f, s) for since, f, s in reversed(PUBLISHED_AS) if month >= since)
    rng = random.Random(f"national-form:{seed}:{rnd.number}:{unit_name}")
    return form if rng.random() < share else "text"


@dataclass(frozen=True)
class Unit:
    """A PDU as it existed for some time: in force from ``valid_from`` (None: always
    before the sample) until the month before ``valid_to`` (None: still current)."""

    pdu_code: str
    name: str
    region_name: str
    valid_from: date | None = None
    valid_to: date | None = None

    def months(self, rnd: Round) -> list[date]:
        """Publication months of ``rnd`` in which the unit existed."""
        months = []
        month = rnd.first
        while month <= rnd.last:
            if (self.valid_from is None or month >= self.valid_from) and (
                self.valid_to is None or month < self.valid_to
            ):
                months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return months


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_units(reference_dir: Path | None = None) -> tuple[list[Unit], list[Unit]]:
    """(current PDUs, superseded PDUs) from the reference CSVs, in file order.

    A successor's ``valid_from`` is the earliest change month of the PDUs it replaced;
    a superseded PDU's ``valid_to`` is its change month.
    """
    folder = Path(reference_dir) if reference_dir is not None else DEFAULT_REFERENCE_DIR
    current_rows = _read_csv(folder / PDU_FILE)
    superseded_rows = _read_csv(folder / SUPERSEDED_FILE)
    starts: dict[str, date] = {}
    superseded = []
    for row in superseded_rows:
        found = re.search(r"superseded (\d{4})-(\d{2})", row["status"])
        if not found:
            raise ValueError(f"{SUPERSEDED_FILE}: no 'superseded YYYY-MM' in {row['status']!r}")
        change = date(int(found[1]), int(found[2]), 1)
        superseded.append(Unit(row["pdu_code"], row["pdu_name"], row["region_name"], None, change))
        for code in filter(None, row["successor_codes"].split("|")):
            starts[code] = min(change, starts.get(code, change))
    current = [
        Unit(row["pdu_code"], row["pdu_name"], row["region_name"], starts.get(row["pdu_code"]))
        for row in current_rows
    ]
    return current, superseded


def predecessors(reference_dir: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Current PDU code -> codes of the superseded PDUs it (partly) replaced."""
    folder = Path(reference_dir) if reference_dir is not None else DEFAULT_REFERENCE_DIR
    out: dict[str, list[str]] = {}
    for row in _read_csv(folder / SUPERSEDED_FILE):
        for code in filter(None, row["successor_codes"].split("|")):
            out.setdefault(code, []).append(row["pdu_code"])
    return {code: tuple(codes) for code, codes in out.items()}


def _select(
    current: list[Unit], superseded: list[Unit], pdus: Iterable[str] | None,
    reference_dir: Path | None,
) -> list[Unit]:
    """The units to inspect: all, or the named ones (current or superseded names); a
    current PDU brings the superseded PDUs it replaced, for the rounds before the change."""
    units = current + superseded
    if pdus is None:
        return units
    by_name = {u.name.casefold(): u for u in units}
    wanted = [p.strip() for p in pdus if p.strip()]
    unknown = [p for p in wanted if p.casefold() not in by_name]
    if unknown:
        raise ValueError(
            f"unknown PDU name(s): {', '.join(unknown)}; use names as in {PDU_FILE} "
            f"or {SUPERSEDED_FILE}"
        )
    before = predecessors(reference_dir)
    codes = set()
    for name in wanted:
        unit = by_name[name.casefold()]
        codes.add(unit.pdu_code)
        codes.update(before.get(unit.pdu_code, ()))
    return [u for u in units if u.pdu_code in codes]


def _rounds(rounds: int | Sequence[int]) -> list[Round]:
    numbers = list(range(1, rounds + 1)) if isinstance(rounds, int) else list(rounds)
    known = {r.number: r for r in ROUNDS}
    bad = [n for n in numbers if n not in known]
    if not numbers or bad:
        raise ValueError(
            f"rounds must be 1-{len(ROUNDS)} or round numbers from {sorted(known)}, got {rounds!r}"
        )
    return [known[n] for n in sorted(set(numbers))]


def _report(seed: int, rnd: Round, unit: Unit) -> SampleReport | None:
    months = unit.months(rnd)
    if not months:
        return None
    rng = random.Random(f"national:{seed}:{rnd.number}:{unit.name}")
    month = rng.choice(months)
    variants: tuple[str, ...] = ()
    if rng.random() < VARIANT_SHARE:
        mixes, weights = zip(*VARIANT_MIXES)
        variants = rng.choices(mixes, weights=weights)[0]
    discretion = rng.random() < DISCRETION_SHARE
    wordings: tuple[str, ...] = ()
    if rng.random() < WORDING_SHARE:  # drawn last: the draws above stay as they were
        mixes, weights = zip(*WORDING_MIXES)
        wordings = rng.choices(mixes, weights=weights)[0]
    published_as = _published_as(seed, rnd, unit.name, month)
    if published_as != "text":
        # the text-shape variants, and the text of a web page, are what a PDF or web page's
        # own layout replaces; rewordings stay
        variants = ()
        wordings = tuple(w for w in wordings if w != "web_page")
    return SampleReport(unit.name, unit.region_name, month, variants, discretion, rnd.framework, wordings,
                        published_as=published_as)


def national_sample(
    seed: int,
    rounds: int | Sequence[int] = 2,
    pdus: Iterable[str] | None = None,
    *,
    reference_dir: Path | None = None,
) -> list[SampleReport]:
    """One report per PDU (as it existed then) per round, ordered by round, then by the
    PDUs' order in the reference files.

    Args:
        seed: the same seed and arguments give the same list.
        rounds: how many rounds from the first (1 or 2), or round numbers, e.g. ``[2]``.
        pdus: PDU names to cover (current or superseded, as in the reference CSVs; case
            is ignored); None for all current PDUs and the superseded ones. A current
            PDU created by a reorganisation brings the PDUs it replaced.
        reference_dir: folder of the reference CSVs (default: the project's reference/).

    Raises:
        ValueError: unknown round or PDU name, or two reports that would share an
            inspection id (slug of the unit name and the publication month).
    """
    current, superseded = load_units(reference_dir)
    units = _select(current, superseded, pdus, reference_dir)
    reports = [
        report
        for rnd in _rounds(rounds)
        for unit in units
        if (report := _report(seed, rnd, unit)) is not None
    ]
    ids = [inspection_id(r) for r in reports]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"inspection ids not unique: {', '.join(duplicates)}")
    return reports


def inspection_id(report: SampleReport) -> str:
    """The id the parser gives the report: "<slug of unit name>-<YYYY>-<MM>"."""
    return f"{slug(report.pdu_name)}-{report.published_on:%Y-%m}"


def write_national_sample(
    out_dir: Path,
    seed: int,
    rounds: int | Sequence[int] = 2,
    pdus: Iterable[str] | None = None,
    *,
    reference_dir: Path | None = None,
    surveys_dir: Path | None = None,
) -> list[Path]:
    """Write ``national_sample(...)`` to out_dir (one file per report, named by
    ``report_filename``) and return the paths in sample order. With ``surveys_dir``, also write
    every inspection's staff, people-on-probation and sentencer extracts there
    (``synth.national_surveys``: ``<surveys_dir>/<inspection id>/<survey>.csv|xlsx``)."""
    reports = national_sample(seed, rounds, pdus, reference_dir=reference_dir)
    paths = write_reports(Path(out_dir), reports, seed)
    if surveys_dir is not None:
        from synth.national_surveys import write_national_surveys

        write_national_surveys(Path(surveys_dir), reports, seed)
    return paths
