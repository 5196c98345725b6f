"""Synthetic survey extracts: for each sample report, the staff, people-on-probation and
sentencer extracts whose aggregates reproduce the survey figures the report states (one
extract deliberately disagrees, see ``DISAGREES``); and the Cumbria 2023 test-case extracts
(``CUMBRIA_PLANS``), whose counts were chosen so that their aggregates reproduce, to the nearest
whole per cent, every survey percentage the real report states.

An extract is planned column by column as answer counts (``ColumnPlan``); respondents get the
answers in a shuffled order drawn from a seed, so the files are byte-identical for a seed.

    python -m synth.surveys raw/surveys            # sample extracts for DEFAULT_SAMPLE
    python -m synth.surveys --cumbria tests/cases/surveys/cumbria-2023-07
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from synth.generate import DEFAULT_SAMPLE, DEFAULT_SEED, SampleReport, sample_spec, slug
from synth.xlsx import xlsx_bytes

#: synth.phrases.SURVEY_CLAUSES measure -> catalogue question code (reference/survey_questions.csv)
MEASURE_QUESTIONS = {
    "regular_supervision": "staff_supervision_frequent",
    "training_relevant": "staff_training_relevant",
    "safety_attention": "staff_safety_attention",
    "workload_manageable": "staff_workload_manageable",
    "work_recognised": "staff_work_recognised",
    "contact_practitioner": "pop_contact_practitioner",
    "felt_safe_office": "pop_safe_office",
    "asked_views": "pop_say_in_service",
    "helped_access_services": "pop_helped_access_services",
    "confident_in_advice": "sent_confident_advice",
    "breach_quality": "sent_breach_quality",
}
#: Column header and scale answers (positive first, then the rest) of each synthetic question;
#: the headers are variants listed in the catalogue.
QUESTIONS = {
    "staff_supervision_frequent": ("I receive regular supervision that helps me in my work", "agreement"),
    "staff_training_relevant": ("The training I have received is relevant to my role", "agreement"),
    "staff_safety_attention": ("Enough attention is paid to my personal safety", "agreement"),
    "staff_workload_manageable": ("Is your workload manageable?", "yes_no"),
    "staff_work_recognised": ("How often is good work noticed and recognised by managers?", "frequency"),
    "pop_contact_practitioner": ("Can you contact your probation practitioner when you need to?", "yes_no"),
    "pop_safe_office": ("Do you feel safe when you go to the probation office?", "yes_no"),
    "pop_say_in_service": ("Have you been asked for your views on how services are run?", "yes_no"),
    "pop_helped_access_services": ("Has probation helped you get the services you need?", "yes_no"),
    "sent_confident_advice": ("I am confident in the advice given by probation court staff", "agreement"),
    "sent_breach_quality": ("Breach information presented to court is of good quality", "agreement"),
}
SCALES = {
    "agreement": (("Strongly agree", "Agree"), ("Neither agree nor disagree", "Disagree", "Strongly disagree")),
    "yes_no": (("Yes",), ("No", "Don't know")),
    "frequency": (("Always", "Most of the time"), ("Sometimes", "Rarely", "Never")),
}
SURVEY_FILES = {"staff": "staff", "people_on_probation": "people-on-probation", "sentencers": "sentencers"}
SURVEY_QUESTIONS = {
    "staff": ("staff_supervision_frequent", "staff_training_relevant", "staff_safety_attention",
              "staff_workload_manageable", "staff_work_recognised"),
    "people_on_probation": ("pop_contact_practitioner", "pop_safe_office", "pop_say_in_service",
                            "pop_helped_access_services"),
    "sentencers": ("sent_confident_advice", "sent_breach_quality"),
}
#: (inspection id, survey) of the one sample extract that disagrees with its report: its first
#: stated figure is computed 12 points lower than the report says.
DISAGREES = ("derby-city-2024-01", "staff")
DISAGREE_BY = 12
#: File shape of each sample report's extracts, by position in DEFAULT_SAMPLE:
#: (format, encoding, separator, timestamp format).
SAMPLE_SHAPES = (
    ("csv", "utf-8", ",", "%Y-%m-%d %H:%M:%S"),
    ("csv", "utf-8-sig", ";", "%d/%m/%Y %H:%M"),
    ("csv", "cp1252", ";", "%d/%m/%Y %H:%M"),
    ("xlsx", None, None, "%Y-%m-%d %H:%M:%S"),
    ("csv", "utf-8", ",", "%Y-%m-%dT%H:%M:%S"),
)
#: A column no catalogue question knows, in one sample extract (kept as unmapped when loaded).
UNMAPPED_COLUMN = ("gateshead-and-south-tyneside-2023-05", "staff", "How did you hear about this survey?",
                   ("Email from my manager", "Team meeting", "Intranet"))
COMMENTS = ("More time for training would help.", "Managers are supportive.", "Too many systems to update.",
            "The office move has been difficult.", "")


@dataclass(frozen=True)
class ColumnPlan:
    """One question column: its header and how many respondents give each answer (the rest
    leave it blank)."""

    header: str
    counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ExtractPlan:
    respondents: int
    columns: tuple[ColumnPlan, ...]
    #: question codes whose computed percentage will not agree with the figure the report states
    #: (a deliberate disagreement, or a figure no count of the stated respondents can give)
    disagreeing: tuple[str, ...] = ()


def round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def counts_for(percent: int, respondents: int) -> tuple[int, int]:
    """(answered, positive): the most answers (at most ``respondents``, at least 80% of them)
    and a positive count whose share rounds to ``percent`` (never a share ending in exactly
    .5, so any rounding rule agrees)."""
    for answered in range(respondents, max(1, int(respondents * 0.8)) - 1, -1):
        for positive in range(answered + 1):
            share = 100 * positive / answered
            if round_half_up(share) == percent and abs(share - math.floor(share) - 0.5) > 1e-9:
                return answered, positive
    raise ValueError(f"no counts of up to {respondents} answers give {percent}%")


def _nearest_not_agreeing(percent: int, respondents: int) -> int:
    """The positive count of ``respondents`` answers nearest ``percent`` when none reproduces it,
    never a share exactly half a point off (which one rounding rule would read as agreeing)."""
    positive = round(respondents * percent / 100)
    off = 100 * positive / respondents - percent
    if abs(abs(off) - 0.5) < 1e-9:
        positive += 1 if off > 0 else -1
    return positive


def _reproducible(percent: int, respondents: int) -> bool:
    try:
        counts_for(percent, respondents)
    except ValueError:
        return False
    return True


def _spread(rng: random.Random, total: int, answers: Sequence[str]) -> list[tuple[str, int]]:
    """``total`` split over ``answers`` (each drawn uniformly)."""
    counts = dict.fromkeys(answers, 0)
    for _ in range(total):
        counts[rng.choice(list(answers))] += 1
    return [(a, c) for a, c in counts.items() if c]


def question_column(rng: random.Random, code: str, answered: int, positive: int) -> ColumnPlan:
    header, scale = QUESTIONS[code]
    pos, rest = SCALES[scale]
    return ColumnPlan(header, tuple(_spread(rng, positive, pos) + _spread(rng, answered - positive, rest)))


def sample_plans(report: SampleReport, seed: int, *, every_survey: bool = False,
                 disagrees: tuple[str, str] | None = DISAGREES,
                 unmapped: tuple[str, str, str, tuple[str, ...]] | None = UNMAPPED_COLUMN) -> dict[str, ExtractPlan]:
    """Survey -> plan for one sample report, reproducing the figures its text states.

    ``every_survey``: also plan the surveys the report states no figure from (the pdu-2023
    format has no sentencer figures), with answers drawn freely; otherwise only the surveys it
    states figures from. ``disagrees``: the (inspection id, survey) whose first stated figure is
    computed ``DISAGREE_BY`` points lower; ``unmapped``: the (inspection id, survey, header,
    answers) of the extract with a column no catalogue question knows."""
    spec = sample_spec(report, seed)
    inspection_id = f"{slug(report.pdu_name)}-{report.published_on:%Y-%m}"
    rng = random.Random(f"{seed}:surveys:{inspection_id}")
    stated = {}
    for figure in spec.survey_figures:
        stated.setdefault(figure.survey, []).append(figure)
    if every_survey:
        stated = {survey: stated.get(survey, []) for survey in SURVEY_QUESTIONS}
    plans = {}
    for survey, figures in stated.items():
        n = {"staff": rng.randint(45, 110), "people_on_probation": spec.people_on_probation_respondents,
             "sentencers": rng.randint(12, 28)}[survey]
        by_code = {MEASURE_QUESTIONS[f.measure]: f.percent for f in figures}
        if survey != "people_on_probation":  # the report states how many people on probation took part
            while not all(_reproducible(p, n) for p in by_code.values()):
                n += 1
        columns, disagreeing = [], []
        for i, code in enumerate(SURVEY_QUESTIONS[survey]):
            if code in by_code and not _reproducible(by_code[code], n):
                # the report states how many took part, and no count of them gives its figure
                answered, positive = n, _nearest_not_agreeing(by_code[code], n)
                disagreeing.append(code)
            elif code in by_code:
                answered, positive = counts_for(by_code[code], n)
                if (inspection_id, survey) == disagrees and code == MEASURE_QUESTIONS[figures[0].measure]:
                    positive = max(0, positive - round(answered * DISAGREE_BY / 100))
                    disagreeing.append(code)
            else:
                answered = n - rng.randint(0, 2)
                positive = round(answered * rng.uniform(0.35, 0.9))
            columns.append(question_column(rng, code, answered, positive))
        if survey == "staff":
            comments = [c for c in (rng.choice(COMMENTS) for _ in range(n)) if c]
            columns.append(ColumnPlan("Is there anything else you would like to tell us?",
                                      tuple((c, comments.count(c)) for c in dict.fromkeys(comments))))
        if unmapped is not None and (inspection_id, survey) == unmapped[:2]:
            columns.append(ColumnPlan(unmapped[2], tuple(_spread(rng, n, unmapped[3]))))
        plans[survey] = ExtractPlan(n, tuple(columns), tuple(disagreeing))
    return plans


@dataclass(frozen=True)
class PlannedResponse:
    """One respondent of a plan: ID, start and end time (None without times), answers by column."""

    respondent_id: str
    started: datetime | None
    ended: datetime | None
    answers: tuple[str, ...]


def plan_responses(plan: ExtractPlan, rng: random.Random, id_prefix: str, first_start: datetime,
                   with_times: bool = True) -> list[PlannedResponse]:
    """One response per respondent, each column's answers in a shuffled order; a respondent
    starts about every 37 minutes from ``first_start`` and takes 4 to 25 minutes."""
    cells = []
    for column in plan.columns:
        values = [a for a, k in column.counts for _ in range(k)]
        if len(values) > plan.respondents:
            raise ValueError(f"{column.header}: {len(values)} answers for {plan.respondents} respondents")
        values += [""] * (plan.respondents - len(values))
        rng.shuffle(values)
        cells.append(values)
    out = []
    for i in range(plan.respondents):
        start = end = None
        if with_times:
            start = first_start + timedelta(minutes=37 * i + rng.randint(0, 30))
            end = start + timedelta(minutes=rng.randint(4, 25))
        out.append(PlannedResponse(f"{id_prefix}{i + 1:04d}", start, end, tuple(c[i] for c in cells)))
    return out


def plan_rows(plan: ExtractPlan, rng: random.Random, id_prefix: str, first_start: datetime,
              timestamp_format: str | None) -> list[list[str]]:
    """Header and one row per respondent: ID, start and end time (when a format is given), then
    each column's answers in a shuffled order."""
    header = ["Respondent ID"] + (["Start time", "End time"] if timestamp_format else [])
    header += [c.header for c in plan.columns]
    rows = [header]
    for r in plan_responses(plan, rng, id_prefix, first_start, timestamp_format is not None):
        times = [r.started.strftime(timestamp_format), r.ended.strftime(timestamp_format)] if timestamp_format else []
        rows.append([r.respondent_id, *times, *r.answers])
    return rows


def extract_bytes(rows: list[list[str]], file_format: str, encoding: str | None, separator: str | None) -> bytes:
    if file_format == "xlsx":
        return xlsx_bytes(rows)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_sample_surveys(out_dir: Path, reports: Sequence[SampleReport] = DEFAULT_SAMPLE,
                         seed: int = DEFAULT_SEED) -> list[Path]:
    """Write ``<out_dir>/<inspection id>/<survey>.<csv|xlsx>`` for every sample report; return
    the paths."""
    paths = []
    for index, report in enumerate(reports):
        inspection_id = f"{slug(report.pdu_name)}-{report.published_on:%Y-%m}"
        file_format, encoding, separator, ts_format = SAMPLE_SHAPES[index % len(SAMPLE_SHAPES)]
        rng = random.Random(f"{seed}:survey-rows:{inspection_id}")
        for survey, plan in sample_plans(report, seed).items():
            start = datetime(report.published_on.year, report.published_on.month, 1) - timedelta(days=120)
            rows = plan_rows(plan, rng, f"{survey[:3].upper()}-", start, ts_format)
            path = out_dir / inspection_id / f"{SURVEY_FILES[survey]}.{file_format}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(extract_bytes(rows, file_format, encoding, separator))
            paths.append(path)
    return paths


def _plan(n: int, *columns: tuple[str, dict[str, int]]) -> ExtractPlan:
    return ExtractPlan(n, tuple(ColumnPlan(h, tuple(c.items())) for h, c in columns))


#: Cumbria 2023 (cumbria-2023-07): counts chosen so that each stated survey percentage is
#: reproduced (comments give answered -> positive share). Headers are catalogue variants.
CUMBRIA_PLANS = {
    "staff": _plan(
        80,
        ("I receive supervision often enough to support me in my role",  # 69/78 = 88.5%
         {"Strongly agree": 29, "Agree": 40, "Neither agree nor disagree": 4, "Disagree": 3, "Strongly disagree": 2}),
        ("My supervision improves the quality of my work",  # 63/80 = 78.75%
         {"Strongly agree": 25, "Agree": 38, "Neither agree nor disagree": 9, "Disagree": 6, "Strongly disagree": 2}),
        ("How often is enough attention paid to your wellbeing?",  # 44/80 = 55%
         {"Always": 14, "Most of the time": 30, "Sometimes": 22, "Rarely": 10, "Never": 4}),
        ("Is your workload manageable?",  # No: 64/80 = 80% (the report states the negative outcome)
         {"Yes": 14, "No": 64, "Don\u2019t know": 2}),
        ("How often is good work recognised and rewarded?",  # 41/78 = 52.6%
         {"Always": 12, "Most of the time": 29, "Sometimes": 20, "Rarely": 11, "Never": 6}),
        ("Enough attention is paid to my safety, and to action and learning after incidents",  # 59/80 = 73.75%
         {"Strongly agree": 20, "Agree": 39, "Neither agree nor disagree": 10, "Disagree": 8, "Strongly disagree": 3}),
        ("A culture of learning and continuous improvement is actively promoted",  # 65/80 = 81.25%
         {"Strongly agree": 25, "Agree": 40, "Neither agree nor disagree": 8, "Disagree": 5, "Strongly disagree": 2}),
        ("Is there anything else you would like to tell us?",
         {"More time for training would help.": 6, "Managers are supportive.": 9, "Too many systems to update.": 4}),
    ),
    "people_on_probation": _plan(
        61,
        ("Have you been asked for your views about being on supervision?", {"Yes": 27, "No": 30, "Don\u2019t know": 3}),  # 27/60 = 45%
        ("Do you feel you have a say in how the probation service is run?", {"Yes": 25, "No": 26, "Don\u2019t know": 4}),  # 25/55 = 45.5%
        ("Can you contact your probation practitioner when you need to?", {"Yes": 45, "No": 12, "Don\u2019t know": 2}),  # 45/59 = 76.3%
        ("Can you have conversations with your practitioner in private?", {"Yes": 50, "No": 9, "Don\u2019t know": 2}),  # 50/61 = 82.0%
        ("Do you feel safe when you go to the probation office?", {"Yes": 40, "No": 18, "Don\u2019t know": 3}),  # 40/61 = 65.6%
        ("Has probation helped you get the services you need?", {"Yes": 33, "No": 24, "Don\u2019t know": 4}),  # 33/61 = 54.1%
        ("Do you have access to services that are relevant to your needs?", {"Yes": 33, "No": 25, "Don\u2019t know": 3}),  # 54.1%
        ("Can you get to services in your local area?", {"Yes": 34, "No": 22, "Don\u2019t know": 5}),  # 34/61 = 55.7%
        ("Can you get services within a reasonable time?", {"Yes": 34, "No": 23, "Don\u2019t know": 4}),  # 55.7%
        ("What is your ethnic group?",  # White 56/61 = 91.8%
         {"White": 56, "Mixed or multiple ethnic groups": 2, "Asian or Asian British": 1, "Black or Black British": 1,
          "Prefer not to say": 1}),
        ("What type of supervision are you on?",  # community 26/61 = 42.6%, licence 34/61 = 55.7%
         {"Community sentence": 26, "Licence or post-sentence supervision": 34, "Other": 1}),
    ),
    "sentencers": _plan(
        7,
        ("How would you rate the service probation staff give at court?", {"Very good": 5, "Good": 2}),
        ("I am confident in the advice given by probation court staff", {"Strongly agree": 4, "Agree": 3}),
        ("Breach information presented to court is of good quality",
         {"Strongly agree": 1, "Agree": 3, "Neither agree nor disagree": 2, "Disagree": 1}),
    ),
}
#: File shapes of the Cumbria cases: one of each encoding/format the contract allows.
CUMBRIA_SHAPES = {
    "staff": ("csv", "utf-8-sig", ",", "%Y-%m-%d %H:%M:%S"),
    "people_on_probation": ("csv", "cp1252", ";", "%d/%m/%Y %H:%M"),
    "sentencers": ("xlsx", None, None, None),
}


def write_cumbria_cases(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the Cumbria 2023 extracts (staff.csv, people-on-probation.csv, sentencers.xlsx)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for survey, plan in CUMBRIA_PLANS.items():
        file_format, encoding, separator, ts_format = CUMBRIA_SHAPES[survey]
        rng = random.Random(f"{seed}:cumbria-2023-07:{survey}")
        rows = plan_rows(plan, rng, f"C{survey[:2].upper()}", datetime(2023, 2, 6, 9, 0), ts_format)
        path = out_dir / f"{SURVEY_FILES[survey]}.{file_format}"
        path.write_bytes(extract_bytes(rows, file_format, encoding, separator))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--cumbria", action="store_true", help="write the Cumbria 2023 test cases instead")
    args = parser.parse_args(argv)
    paths = write_cumbria_cases(args.out_dir, args.seed) if args.cumbria else write_sample_surveys(args.out_dir, seed=args.seed)
    for path in paths:
        sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
