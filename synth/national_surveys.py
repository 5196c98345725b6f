"""Survey extracts for the national sample: the staff, people-on-probation and sentencer
extract of every inspection, written as ``<out>/<inspection id>/<survey>.csv|xlsx`` (the layout
``inspections run`` reads from ``RAW/surveys``).

Each extract is planned by ``synth.surveys.sample_plans`` (so its answers reproduce the survey
figures its report states, and the people-on-probation count the report states), then written
in an export shape drawn from ``SHAPES``: mostly plain exports (CSV in UTF-8, UTF-8 with a BOM
or Windows-1252, comma or semicolon separated, and workbooks), and a share of the platforms'
shapes (``synth.survey_exports``: SurveyMonkey-like, Qualtrics-like, Microsoft Forms-like, title
and totals rows, numeric codes with a codebook, UTF-16 tab-separated text, mixed line ends).

Dates carry the evidence the reader needs (``transforms.survey_dates``): ISO, or nn/nn/yyyy with
a day above 12, or a ``settings.toml`` saying day first. A few extracts (``AMBIGUOUS_SHARE``)
are honestly ambiguous, as two of the raw/ sample's are: day first, every day 12 or less and
below the month, both readings possible; they load without start and end times.

A few staff extracts (``DISAGREE_SHARE``) disagree with their report: the first stated figure is
computed ``synth.surveys.DISAGREE_BY`` points lower, so the reconciliation mart has both outcomes.

Every draw for one extract comes from generators seeded by (seed, inspection id, survey), so an
inspection's extracts do not change when other PDUs are added to or left out of the selection.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from synth import survey_exports as ex
from synth.generate import SampleReport, sample_spec, slug
from synth.surveys import QUESTIONS, SCALES, SURVEY_FILES, ExtractPlan, plan_responses, sample_plans
from synth.xlsx import xlsx_bytes

#: Export shapes with weights (per 100 extracts). "plain" shapes are 65 of them.
SHAPES: dict[str, int] = {
    "plain": 34,              # UTF-8 CSV, comma, ISO dates
    "plain-uk": 10,           # UTF-8 with a BOM, semicolon, dd/mm/yyyy hh:mm with a day above 12
    "plain-cp1252": 5,        # Windows-1252, semicolon, dd/mm/yyyy; <stem>.settings.toml says day first
    "xlsx": 16,               # a workbook, ISO dates
    "surveymonkey": 8,        # two header rows, a matrix question, mm/dd/yyyy with a day above 12
    "qualtrics": 7,           # three header rows, a matrix question, ISO dates
    "microsoft-forms": 5,     # m/d/yy dates with a day above 12
    "titles-and-totals": 5,   # title rows above the header, blank, total and average rows below
    "codes-and-codebook": 4,  # numeric answer codes, <stem>.codebook.csv says what they mean
    "utf16-tab": 3,           # Excel's "Unicode text": UTF-16 LE with a BOM, tab separated
    "mixed-newlines": 3,      # CRLF, LF and CR line ends in one file
}
#: Share of extracts written day first with every day 12 or less (honestly ambiguous) instead.
AMBIGUOUS_SHARE = 0.015
#: Share of inspections whose staff extract disagrees with the report's first stated staff figure.
DISAGREE_SHARE = 0.03
#: Date order each shape writes (before the ambiguity draw): iso, day-first or month-first.
DATE_ORDER = {"plain-uk": "day-first", "plain-cp1252": "day-first", "surveymonkey": "month-first",
              "microsoft-forms": "month-first"}
#: Header of the matrix question the agreement statements stand under in the platform shapes.
MATRIX = "How far do you agree with each of these statements?"
ISO = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class NationalExtract:
    """One extract of the national sample, as planned: what a test can expect of it loaded."""

    inspection_id: str
    survey: str
    shape: str
    file_name: str                  # <survey file stem>.csv or .xlsx
    sidecars: tuple[str, ...]       # codebook or settings file names beside it
    respondents: int
    #: how the reader settles the dates: "iso", "day-first", "month-first" (from a day above 12
    #: or the settings file) or "ambiguous" (loaded without start and end times)
    dates: str
    disagrees: bool                 # drawn to disagree: its first stated figure is computed DISAGREE_BY points lower
    plan: ExtractPlan
    first_start: datetime

    @property
    def relative_path(self) -> str:
        return f"{self.inspection_id}/{self.file_name}"


def _inspection_id(report: SampleReport) -> str:
    return f"{slug(report.pdu_name)}-{report.published_on:%Y-%m}"


def _first_start(rng: random.Random, fieldwork: datetime, dates: str) -> tuple[datetime, str]:
    """When the first respondent starts (3 to 6 weeks before fieldwork) and how the dates read.

    A day above 12 is evidence for nn/nn dates (the survey runs at most ~3 days, so days stay
    13-27 in one month); an ambiguous file starts on the 1st of a month from May, so every day
    (1-5) is below its month and both readings stay before fieldwork: a month before May cannot
    be made ambiguous, and its file gets a day above 12 (day first) instead."""
    base = fieldwork - timedelta(days=rng.randint(21, 45))
    base = base.replace(hour=8, minute=0) + timedelta(minutes=rng.randint(0, 120))
    if dates == "ambiguous":
        if base.month >= 5:
            return base.replace(day=1), "ambiguous"
        dates = "day-first"
    if dates in ("day-first", "month-first"):
        return base.replace(day=rng.randint(13, 24)), dates
    return base, dates


def national_extracts(reports: Sequence[SampleReport], seed: int) -> list[NationalExtract]:
    """The extracts of every survey (staff, people on probation, sentencers) of every report."""
    out = []
    names, weights = zip(*SHAPES.items())
    for report in reports:
        inspection_id = _inspection_id(report)
        disagree = random.Random(f"national-survey-disagrees:{seed}:{inspection_id}").random() < DISAGREE_SHARE
        plans = sample_plans(report, seed, every_survey=True, unmapped=None,
                             disagrees=(inspection_id, "staff") if disagree else None)
        spec = sample_spec(report, seed)
        fieldwork = datetime.combine(spec.fieldwork_started_on, datetime.min.time())
        for survey, plan in plans.items():
            rng = random.Random(f"national-survey-shape:{seed}:{inspection_id}:{survey}")
            shape = rng.choices(names, weights=weights)[0]
            dates = DATE_ORDER.get(shape, "iso")
            if rng.random() < AMBIGUOUS_SHARE:
                shape, dates = "plain-uk", "ambiguous"
            first_start, dates = _first_start(rng, fieldwork, dates)
            stem = SURVEY_FILES[survey]
            suffix = "xlsx" if shape == "xlsx" else "csv"
            sidecars = {"plain-cp1252": (f"{stem}.settings.toml",),
                        "codes-and-codebook": (f"{stem}.codebook.csv",)}.get(shape, ())
            out.append(NationalExtract(inspection_id, survey, shape, f"{stem}.{suffix}", sidecars, plan.respondents,
                                       dates, disagree and survey == "staff", plan, first_start))
    return out


def _responses(extract: NationalExtract, seed: int) -> tuple[tuple[str, ...], list[ex.Response]]:
    rng = random.Random(f"national-survey-rows:{seed}:{extract.inspection_id}:{extract.survey}")
    planned = plan_responses(extract.plan, rng, f"{extract.survey[:3].upper()}-", extract.first_start)
    headers = tuple(c.header for c in extract.plan.columns)
    return headers, [ex.Response(r.respondent_id, r.started, r.answers, finished=r.ended) for r in planned]


def _scales(headers: tuple[str, ...]) -> dict[str, str]:
    """Column header -> scale name, for the scaled questions among ``headers``."""
    by_header = dict(QUESTIONS.values())
    return {h: by_header[h] for h in headers if h in by_header}


def _matrix(headers: tuple[str, ...]) -> ex.Matrix | None:
    """The agreement statements that come first in a row, as a matrix question (two or more)."""
    scales = _scales(headers)
    run = []
    for header in headers:
        if scales.get(header) != "agreement":
            break
        run.append(header)
    return ex.Matrix(MATRIX, tuple(run)) if len(run) >= 2 else None


def _codes(headers: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Scale -> answer -> code, numbered 1.. in the order the choices are listed (positive first)."""
    return {scale: {a: str(i + 1) for i, a in enumerate(pos + rest)} for scale, (pos, rest) in SCALES.items()
            if scale in _scales(headers).values()}


def _plain(headers: tuple[str, ...], rs: list[ex.Response], fmt: str) -> list[list[str]]:
    rows = [["Respondent ID", "Start time", "End time", *headers]]
    return rows + [[r.respondent_id, r.started.strftime(fmt), r.ended.strftime(fmt), *r.answers] for r in rs]


def extract_files(extract: NationalExtract, seed: int) -> dict[str, bytes]:
    """File name -> bytes: the extract and its sidecar files."""
    headers, rs = _responses(extract, seed)
    shape = extract.shape
    open_ended = tuple(h for h in headers if h not in _scales(headers))
    day_first = "%d/%m/%Y %H:%M"
    if shape == "plain":
        data = ex.csv_of(_plain(headers, rs, ISO))
    elif shape == "plain-uk":
        data = ex.csv_of(_plain(headers, rs, day_first), ";", "utf-8-sig")
    elif shape == "plain-cp1252":
        data = ex.csv_of(_plain(headers, rs, day_first), ";", "cp1252")
    elif shape == "xlsx":
        data = xlsx_bytes(_plain(headers, rs, ISO))
    elif shape == "surveymonkey":
        data = ex.csv_of(ex.surveymonkey_of(rs, headers, "%m/%d/%Y %I:%M:%S %p", _matrix(headers), open_ended))
    elif shape == "qualtrics":
        data = ex.csv_of(ex.qualtrics_of(rs, headers, _matrix(headers), open_ended))
    elif shape == "microsoft-forms":
        data = ex.csv_of(ex.microsoft_forms_of(rs, headers))
    elif shape == "titles-and-totals":
        rows = _plain(headers, rs, ISO)
        rates = tuple(f"{sum(1 for r in rows[1:] if r[i]) / len(rs):.2f}" for i in range(3, len(rows[0])))
        title = {"staff": "Probation staff survey", "people_on_probation": "People on probation survey",
                 "sentencers": "Sentencer survey"}[extract.survey]
        data = ex.csv_of(ex.with_title_rows(ex.with_summary_rows(rows, rates),
                                            (f"{title}: all responses", f"Inspection {extract.inspection_id}", "")))
    elif shape == "codes-and-codebook":
        codes, scales = _codes(headers), _scales(headers)
        data = ex.csv_of(_plain(headers, ex.coded(rs, codes, headers, scales), ISO))
        return {extract.file_name: data,
                extract.sidecars[0]: ex.csv_of(ex.codebook_rows(codes, headers, scales))}
    elif shape == "utf16-tab":
        data = ex.csv_of(_plain(headers, rs, ISO), "\t", "utf-16")
    elif shape == "mixed-newlines":
        data = ex.mixed_newlines(_plain(headers, rs, ISO))
    else:
        raise ValueError(f"unknown survey extract shape {shape!r}")
    files = {extract.file_name: data}
    if shape == "plain-cp1252":
        files[extract.sidecars[0]] = b'dates = "day-first"\n'
    return files


def write_national_surveys(out_dir: Path, reports: Sequence[SampleReport], seed: int) -> list[Path]:
    """Write every extract of ``national_extracts(reports, seed)`` (and sidecars) under out_dir;
    return the extracts' paths in order."""
    paths = []
    for extract in national_extracts(reports, seed):
        folder = Path(out_dir) / extract.inspection_id
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in extract_files(extract, seed).items():
            (folder / name).write_bytes(data)
        paths.append(folder / extract.file_name)
    return paths
