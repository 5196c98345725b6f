"""The facts of one synthetic PDU inspection report, and a random generator for them.

A ``ReportSpec`` is the ground truth a parser should recover from the rendered text
(``synth.render.render_report``). ``random_spec`` draws one with internally consistent
ratings: each case supervision standard (pdu-2021: 2.1-2.5; pdu-2023: 2.1-2.4) takes
the band of its lowest key question, domain-1 standards sit near the domain-2 level,
the score is the sum of the rated standards' points and the overall rating follows
from the score (``synth.framework`` has each framework's standards and thresholds).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from synth import compose, phrases
from synth.framework import (
    DEFAULT_FRAMEWORK,
    SUBSECTION_PHRASE_CODES,
    Framework,
    get_framework,
)
from synth.phrases import IMPROVEMENT, STRENGTH
from synth.ratings import (
    OUTSTANDING,
    REQUIRES_IMPROVEMENT,
    band_for_percent,
    points,
    raise_band,
    rating_for_points,
)

ADDRESSEES = ("PDU", "Region", "HMPPS")
SURVEYS = ("staff", "people_on_probation", "sentencers")
#: How a standard's rating appears in the body: alone on its line or at the end of the
#: description line, plain or wrapped in **bold**.
RATING_STYLES = ("own_line", "own_line_bold", "end_of_line", "end_of_line_bold")
#: Survey figures at or above this percentage are reported as strengths.
SURVEY_STRENGTH_THRESHOLD = 65


@dataclass(frozen=True)
class StandardRating:
    """The rating of one rated standard."""

    standard_code: str
    name: str
    rating: str


@dataclass(frozen=True)
class KeyQuestion:
    """One row of a key-question table: percentage of inspected cases judged 'Yes'."""

    standard_code: str
    seq: int
    question: str
    percent_yes: int


@dataclass(frozen=True)
class Recommendation:
    """A numbered recommendation; seq runs on across addressees (PDU, Region, HMPPS)."""

    seq: int
    addressee: str
    text: str


@dataclass(frozen=True)
class Finding:
    """One bullet under "Strengths:" or "Areas for improvement:".

    ``seq`` counts from 1 within (standard_code, subsection, kind). ``text`` is the bullet
    without its "- " and without any footnote marker the renderer glues to it.
    """

    standard_code: str
    subsection: str | None
    kind: str
    seq: int
    text: str


@dataclass(frozen=True)
class Caseload:
    """Caseload figures stated in the Background section."""

    community_sentences: int
    post_release_supervision: int
    custody: int
    region_caseload: int


@dataclass(frozen=True)
class SurveyFigure:
    """A percentage stated from a survey; ``measure`` is a key of ``phrases.SURVEY_CLAUSES``."""

    survey: str
    measure: str
    percent: int


@dataclass(frozen=True)
class Layout:
    """Rendering choices that vary between reports but carry no facts."""

    rating_styles: tuple[tuple[str, str], ...]
    background_context: tuple[str, ...]
    organisational_rationales: tuple[tuple[str, str], ...]
    resettlement_cases: int
    chief_inspector: str

    def rating_style(self, code: str) -> str:
        """Rating style of one standard (one of ``RATING_STYLES``)."""
        return dict(self.rating_styles)[code]

    def rationale(self, code: str) -> str:
        """Rationale paragraph of a domain-1 standard."""
        return dict(self.organisational_rationales)[code]


@dataclass(frozen=True)
class ReportSpec:
    """Every fact of one synthetic report. ``unit_name`` excludes the word "PDU"."""

    unit_name: str
    region_name: str
    published_on: date
    fieldwork_started_on: date
    lead_inspector: str
    cases_inspected: int
    practitioner_interviews: int
    case_sample_windows: tuple[tuple[date, date], tuple[date, date]]
    standards: tuple[StandardRating, ...]
    overall_rating: str
    key_questions: tuple[KeyQuestion, ...]
    recommendations: tuple[Recommendation, ...]
    findings: tuple[Finding, ...]
    caseload: Caseload
    survey_figures: tuple[SurveyFigure, ...]
    people_on_probation_respondents: int
    discretion_code: str | None
    layout: Layout
    framework: str = DEFAULT_FRAMEWORK

    @property
    def fw(self) -> Framework:
        """The framework the report is written against (``synth.framework.FRAMEWORKS``)."""
        return get_framework(self.framework)

    @property
    def title_unit(self) -> str:
        """The unit as named in the title: "<unit_name> PDU"."""
        return f"{self.unit_name} PDU"

    @property
    def score(self) -> int:
        """Sum of the rated standards' points."""
        return sum(points(s.rating) for s in self.standards)

    @property
    def max_score(self) -> int:
        """Highest possible score (27 for pdu-2021, 21 for pdu-2023)."""
        return self.fw.max_score

    def rating(self, code: str) -> str:
        """Rating of one rated standard."""
        return next(s.rating for s in self.standards if s.standard_code == code)

    def questions(self, code: str) -> tuple[KeyQuestion, ...]:
        """Key questions of one standard in table order."""
        return tuple(q for q in self.key_questions if q.standard_code == code)

    def findings_for(self, code: str, subsection: str | None, kind: str) -> tuple[Finding, ...]:
        """Findings of one list, in seq order."""
        return tuple(
            f
            for f in self.findings
            if (f.standard_code, f.subsection, f.kind) == (code, subsection, kind)
        )


def random_spec(
    rng: random.Random,
    unit_name: str,
    region_name: str,
    published_on: date,
    *,
    discretion: bool = False,
    framework: str = DEFAULT_FRAMEWORK,
) -> ReportSpec:
    """Draw a plausible, internally consistent report for one PDU.

    Args:
        rng: the only source of randomness; the same seed gives the same spec.
        unit_name: PDU name without "PDU", e.g. "Derby City".
        region_name: e.g. "East Midlands".
        published_on: first day of the publication month.
        discretion: raise one case supervision standard one band above the band of
            its lowest key question (professional discretion), recorded in
            ``discretion_code``.
        framework: "pdu-2021" (the default; draws are unchanged from before frameworks
            were added, so existing seeds give the same reports) or "pdu-2023".
    """
    if not unit_name.strip() or unit_name.rstrip().endswith(" PDU"):
        raise ValueError(f"unit_name must be the PDU name without 'PDU', got {unit_name!r}")
    if published_on.day != 1:
        raise ValueError(f"published_on must be the first of a month, got {published_on}")
    fw = get_framework(framework)

    fieldwork = _fieldwork_start(rng, published_on)
    windows = _case_windows(rng, fieldwork)
    cases = rng.randint(36, 72)
    interviews = rng.randint(round(cases * 0.6), cases)

    percents = _key_question_percents(rng, fw)
    ratings = {c: band_for_percent(min(percents[c])) for c in fw.case_supervision_codes}
    discretion_code = None
    if discretion:
        discretion_code = _apply_discretion(rng, percents, ratings, fw)
    ratings.update(_organisational_ratings(rng, ratings, fw))
    names_of = fw.standard_names
    standards = tuple(StandardRating(c, names_of[c], ratings[c]) for c in fw.rated_codes)
    score = sum(points(s.rating) for s in standards)

    key_questions = tuple(
        KeyQuestion(code, i, question, percents[code][i - 1])
        for code, questions in fw.key_questions.items()
        for i, question in enumerate(questions, start=1)
    )
    surveys = _survey_figures(rng, fw)
    findings = _findings(rng, unit_name, cases, surveys, fw)
    names = _people(rng)
    background = tuple(
        s for i, s in enumerate(phrases.BACKGROUND_CONTEXT) if i not in fw.background_excluded
    )
    layout = Layout(
        rating_styles=tuple(
            (c, rng.choices(RATING_STYLES, weights=(6, 1, 2, 1))[0]) for c in fw.rated_codes
        ),
        background_context=tuple(compose.pick(rng, background, 1, 2)),
        organisational_rationales=tuple(
            (c, rng.choice(phrases.ORGANISATIONAL_RATIONALES[ratings[c]]))
            for c in fw.organisational_codes
        ),
        resettlement_cases=rng.randint(8, 16),
        chief_inspector=names[1],
    )
    return ReportSpec(
        unit_name=unit_name,
        region_name=region_name,
        published_on=published_on,
        fieldwork_started_on=fieldwork,
        lead_inspector=names[0],
        cases_inspected=cases,
        practitioner_interviews=interviews,
        case_sample_windows=windows,
        standards=standards,
        overall_rating=fw.overall_rating(score),
        key_questions=key_questions,
        recommendations=_recommendations(rng),
        findings=findings,
        caseload=Caseload(
            community_sentences=rng.randint(450, 1900),
            post_release_supervision=rng.randint(300, 1200),
            custody=rng.randint(250, 900),
            region_caseload=rng.randint(12000, 32000),
        ),
        survey_figures=tuple(f for fs in surveys.values() for f in fs),
        people_on_probation_respondents=rng.randint(30, 85),
        discretion_code=discretion_code,
        layout=layout,
        framework=fw.code,
    )


def _fieldwork_start(rng: random.Random, published_on: date) -> date:
    day = published_on - timedelta(weeks=rng.randint(8, 13))
    day -= timedelta(days=day.weekday())  # a Monday
    while (day.month, day.day) >= (12, 18) or (day.month, day.day) <= (1, 3):
        day -= timedelta(weeks=1)  # no fieldwork over Christmas
    return day


def _case_windows(
    rng: random.Random, fieldwork: date
) -> tuple[tuple[date, date], tuple[date, date]]:
    """Two one-week windows about seven months before fieldwork, neither crossing a year end."""
    start = fieldwork - timedelta(weeks=rng.randint(28, 34))
    gap = timedelta(weeks=rng.choice((4, 5, 6)))
    while True:
        first = (start, start + timedelta(days=6))
        second = (start + gap, start + gap + timedelta(days=6))
        if first[0].year == first[1].year and second[0].year == second[1].year:
            return first, second
        start -= timedelta(weeks=2)


def _clamp(value: float, low: int = 5, high: int = 100) -> int:
    return max(low, min(high, round(value)))


def _key_question_percents(rng: random.Random, fw: Framework) -> dict[str, list[int]]:
    """Percentages per standard: engagement highest, keeping others safe lowest; a
    single-question standard (court work) near the level; outcomes (unrated) below it."""
    quality = max(40.0, min(90.0, rng.gauss(68, 10)))
    out: dict[str, list[int]] = {}
    for code in fw.case_supervision_codes:
        level = quality + rng.gauss(0, 5)
        if len(fw.key_questions[code]) == 1:
            out[code] = [_clamp(level + rng.gauss(0, 8))]
        else:
            out[code] = [
                _clamp(level + rng.gauss(6, 5)),
                _clamp(level + rng.gauss(0, 5)),
                _clamp(level + rng.gauss(-10, 6)),
            ]
    for code in fw.unrated_codes:
        out[code] = [_clamp(quality + rng.gauss(-8, 8))]
    return out


def _apply_discretion(
    rng: random.Random, percents: dict[str, list[int]], ratings: dict[str, str], fw: Framework
) -> str:
    """Raise one case supervision rating one band; returns its code."""
    candidates = [c for c in fw.case_supervision_codes if ratings[c] != OUTSTANDING]
    if not candidates:  # everything outstanding: pull one lowest question into Good first
        code = rng.choice(fw.case_supervision_codes)
        values = percents[code]
        values[values.index(min(values))] = rng.randint(65, 79)
        ratings[code] = band_for_percent(min(values))
        candidates = [code]
    code = rng.choice(candidates)
    ratings[code] = raise_band(ratings[code])
    return code


def _organisational_ratings(
    rng: random.Random, case_ratings: dict[str, str], fw: Framework
) -> dict[str, str]:
    """Domain-1 ratings near the domain-2 average; leadership capped when casework is poor."""
    mean = sum(points(r) for r in case_ratings.values()) / len(case_ratings)
    out = {}
    for code in fw.organisational_codes:
        out[code] = rating_for_points(round(mean) + rng.choice((-1, 0, 0, 0, 1)))
    inadequate = sum(1 for r in case_ratings.values() if points(r) == 0)
    if inadequate >= 2 and points(out["1.1"]) > points(REQUIRES_IMPROVEMENT):
        out["1.1"] = REQUIRES_IMPROVEMENT
    return out


def _survey_figures(rng: random.Random, fw: Framework) -> dict[str, list[SurveyFigure]]:
    """Staff (3), people on probation (3) and sentencer (1) figures, for the surveys the
    framework reports (pdu-2023 has no court work, so no sentencer figure); the first
    staff figure is high."""
    spread = {"staff": (70, 12, 3), "people_on_probation": (65, 13, 3), "sentencers": (75, 15, 1)}
    out: dict[str, list[SurveyFigure]] = {}
    for survey, (mu, sigma, k) in spread.items():
        if survey not in fw.survey_places:
            continue
        measures = rng.sample(list(phrases.SURVEY_CLAUSES[survey]), k)
        out[survey] = [
            SurveyFigure(survey, m, _clamp(rng.gauss(mu, sigma), 20, 98)) for m in measures
        ]
    first = out["staff"][0]
    out["staff"][0] = SurveyFigure(first.survey, first.measure, rng.randint(65, 95))
    return out


def _survey_text(rng: random.Random, figure: SurveyFigure) -> tuple[str, str]:
    """(kind, sentence) of a survey figure."""
    clause = phrases.SURVEY_CLAUSES[figure.survey][figure.measure]
    if figure.percent >= SURVEY_STRENGTH_THRESHOLD:
        forms = phrases.SURVEY_STRENGTH_FORMS[figure.survey]
        return STRENGTH, compose.survey_sentence(rng, forms, clause, figure.percent)
    forms = phrases.SURVEY_IMPROVEMENT_FORMS[figure.survey]
    return IMPROVEMENT, compose.survey_sentence(rng, forms, clause, figure.percent)


#: Phrase-bank key (pdu-2021 code, subsection) -> ((min, max) strengths, (min, max)
#: improvements) drawn from that bank.
_LIST_SIZES: dict[tuple[str, str | None], tuple[tuple[int, int], tuple[int, int]]] = {
    ("1.1", None): ((3, 5), (2, 4)),
    ("1.2", None): ((3, 4), (2, 3)),
    ("1.3", None): ((3, 4), (2, 4)),
    ("1.3", "Resettlement work"): ((1, 3), (1, 3)),
    ("1.4", None): ((2, 4), (2, 3)),
    ("1.4", "Feedback from people on probation"): ((1, 2), (1, 2)),
    ("1.4", "Diversity and inclusion"): ((2, 3), (1, 3)),
    **{(c, None): ((2, 3), (2, 3)) for c in ("2.1", "2.2", "2.3", "2.4", "2.5", "2.6")},
}


def _finding_lists(fw: Framework) -> list[tuple[str, str | None, tuple[str, str | None]]]:
    """(code, subsection, phrase-bank key) of every findings list, in report order."""
    out: list[tuple[str, str | None, tuple[str, str | None]]] = []
    for code in fw.codes:
        out.append((code, None, (fw.phrase_codes[code], None)))
        out += [(code, sub, (SUBSECTION_PHRASE_CODES[sub], sub)) for sub in fw.subsections.get(code, ())]
    return out


def _findings(
    rng: random.Random, unit: str, cases: int, surveys: dict[str, list[SurveyFigure]],
    fw: Framework,
) -> tuple[Finding, ...]:
    lists: dict[tuple[str, str | None, str], list[str]] = {}
    for code, sub, bank_key in _finding_lists(fw):
        for kind, (low, high) in zip((STRENGTH, IMPROVEMENT), _LIST_SIZES[bank_key]):
            bank = phrases.FINDINGS[(*bank_key, kind)]
            lists[(code, sub, kind)] = [
                compose.fill(t, rng, kind, unit, cases) for t in compose.pick(rng, bank, low, high)
            ]
    for survey, figures in surveys.items():
        code, sub = fw.survey_places[survey]
        for figure in figures:
            kind, text = _survey_text(rng, figure)
            target = lists[(code, sub, kind)]
            target.insert(rng.randint(0, len(target)), text)
    return tuple(
        Finding(code, sub, kind, seq, text)
        for (code, sub, kind), texts in lists.items()
        for seq, text in enumerate(texts, start=1)
    )


def _recommendations(rng: random.Random) -> tuple[Recommendation, ...]:
    sizes = {"PDU": (3, 6), "Region": (2, 4), "HMPPS": (1, 3)}
    texts = [
        (addressee, text)
        for addressee in ADDRESSEES
        for text in compose.pick(rng, phrases.RECOMMENDATIONS[addressee], *sizes[addressee])
    ]
    return tuple(Recommendation(i, a, t) for i, (a, t) in enumerate(texts, start=1))


def _people(rng: random.Random) -> tuple[str, str]:
    """Two different fictional names."""
    first = rng.sample(phrases.FIRST_NAMES, 2)
    last = rng.sample(phrases.SURNAMES, 2)
    return f"{first[0]} {last[0]}", f"{first[1]} {last[1]}"
