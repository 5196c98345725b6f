"""The inspection frameworks a PDU report is written against: standards and key questions.

Constants only, one ``Framework`` per format in ``FRAMEWORKS``:

- ``pdu-2021``: the 2021-2023 PDU framework (reports published October 2021 to mid
  2024): 1.1-1.4 organisational delivery, 2.1 court work, 2.2-2.5 case supervision,
  2.6 outcomes (unrated); nine rated standards, score out of 27.
- ``pdu-2023``: the October 2023-2025 PDU framework (reports published from 2024):
  1.1 Leadership, 1.2 Staffing, 1.3 Services, 2.1-2.4 case supervision (assessment,
  planning, implementation and delivery, reviewing; three key questions each); seven
  rated standards, score out of 21. Court work moved to regional inspections, so there
  is no court work standard, no 1.4 and no outcomes standard.

The key question wording is the framework's standard wording (the same in every
report); the one-sentence standard descriptions are this project's own paraphrases.
The module-level names below the ``Framework`` class (``STANDARDS``, ``KEY_QUESTIONS``,
...) are the pdu-2021 framework's, kept for existing callers.

Assumptions for pdu-2023, not yet checked against a published report (see
reference/frameworks.csv): the key questions keep the pdu-2021 wording of 2.2-2.5;
people-on-probation feedback is reported under 1.3 Services and diversity and
inclusion under 1.1 Leadership; the overall rating follows the score's share of the
maximum with the pdu-2021 cut-offs scaled to 21 (``overall_thresholds``: 0-4
Inadequate, 5-11 Requires improvement, 12-18 Good, 19-21 Outstanding, i.e. the same
shares as 0-6, 7-15, 16-24, 25-27 out of 27, rounded down).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from synth.ratings import overall_for_score

DEFAULT_FRAMEWORK = "pdu-2021"


@dataclass(frozen=True)
class Framework:
    """Everything that differs between the PDU frameworks' report formats.

    Attributes:
        code: framework code as in reference/frameworks.csv.
        standards: (code, name) of every standard, in report order; names as in
            reference/framework_standards.csv.
        domain_headings: domain number -> heading, e.g. "2" -> "2. Case supervision".
        organisational_codes: domain-1 standards (rated, no key questions).
        case_supervision_codes: rated standards with key-question tables.
        unrated_codes: standards reported with a table but not rated (2.6 Outcomes).
        subsections: named subsections of domain-1 standards, in report order.
        key_questions: standard -> key questions in table order.
        key_question_topics: what each key question is about, for rationale sentences.
        descriptions: one-sentence description under each standard heading.
        rating_subjects: lower-case name in "Our rating for <x> is based on ...".
        overall_thresholds: highest score still rated Inadequate, Requires improvement
            and Good; anything above is Outstanding.
        phrase_codes: standard -> the key of its phrase banks in ``synth.phrases``
            (which are keyed by pdu-2021 codes).
        survey_places: survey -> (standard, subsection) whose findings report its figures.
        background_excluded: indexes of ``phrases.BACKGROUND_CONTEXT`` not used.
        body_headings: body headings that differ from "<code>. <name>".
        ratings_page_space_before: standards preceded by a whitespace-only line on the
            ratings page (as PDF extraction leaves them).
        space_line_before_strengths: standards whose Strengths list starts with a
            whitespace-only line.
        contents_pages: (domain-1 page, domain-2 page, annexe page) in the contents.
        case_rationale: the sentence after a three-question table; fields ``unit``,
            ``rating``, ``subject``, ``topic`` (of the lowest question) and ``pct``.
        published: (first, last) publication month of reports in this format.
    """

    code: str
    standards: tuple[tuple[str, str], ...]
    domain_headings: dict[str, str]
    organisational_codes: tuple[str, ...]
    case_supervision_codes: tuple[str, ...]
    unrated_codes: tuple[str, ...]
    subsections: dict[str, tuple[str, ...]]
    key_questions: dict[str, tuple[str, ...]]
    key_question_topics: dict[str, tuple[str, ...]]
    descriptions: dict[str, str]
    rating_subjects: dict[str, str]
    overall_thresholds: tuple[int, int, int]
    phrase_codes: dict[str, str]
    survey_places: dict[str, tuple[str, str | None]]
    background_excluded: tuple[int, ...]
    body_headings: dict[str, str]
    ratings_page_space_before: tuple[str, ...]
    space_line_before_strengths: tuple[str, ...]
    contents_pages: tuple[int, int, int]
    case_rationale: str
    published: tuple[date, date]

    @property
    def standard_names(self) -> dict[str, str]:
        return dict(self.standards)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every standard's code in report order."""
        return tuple(code for code, _ in self.standards)

    @property
    def rated_codes(self) -> tuple[str, ...]:
        return self.organisational_codes + self.case_supervision_codes

    @property
    def max_score(self) -> int:
        """3 points for each rated standard."""
        return 3 * len(self.rated_codes)

    def overall_rating(self, score: int) -> str:
        """Overall rating for a score out of ``max_score``."""
        return overall_for_score(score, self.max_score, self.overall_thresholds)


# --- pdu-2021 ---------------------------------------------------------------------------

#: (code, name) of every standard, in report order.
STANDARDS: tuple[tuple[str, str], ...] = (
    ("1.1", "Leadership"),
    ("1.2", "Staff"),
    ("1.3", "Services"),
    ("1.4", "Information and facilities"),
    ("2.1", "Court work"),
    ("2.2", "Assessment"),
    ("2.3", "Planning"),
    ("2.4", "Implementation and delivery"),
    ("2.5", "Reviewing"),
    ("2.6", "Outcomes"),
)
STANDARD_NAMES: dict[str, str] = dict(STANDARDS)

ORGANISATIONAL_CODES = ("1.1", "1.2", "1.3", "1.4")
CASE_SUPERVISION_CODES = ("2.1", "2.2", "2.3", "2.4", "2.5")
#: The nine rated standards; 2.6 Outcomes is reported but not rated.
RATED_CODES = ORGANISATIONAL_CODES + CASE_SUPERVISION_CODES
UNRATED_CODES = ("2.6",)

DOMAIN_HEADINGS = {"1": "1. Organisational delivery", "2": "2. Court work and case supervision"}

#: Named subsections of domain-1 standards, in report order.
SUBSECTIONS: dict[str, tuple[str, ...]] = {
    "1.3": ("Resettlement work",),
    "1.4": ("Feedback from people on probation", "Diversity and inclusion"),
}

_ASSESSMENT_QUESTIONS = (
    "Does assessment focus sufficiently on engaging the person on probation?",
    "Does assessment focus sufficiently on the factors linked to offending and desistance?",
    "Does assessment focus sufficiently on keeping other people safe?",
)
_PLANNING_QUESTIONS = (
    "Does planning focus sufficiently on engaging the person on probation?",
    "Does planning focus sufficiently on reducing reoffending and supporting desistance?",
    "Does planning focus sufficiently on keeping other people safe?",
)
_IMPLEMENTATION_QUESTIONS = (
    "Is the sentence or post-custody period implemented effectively with a focus on "
    "engaging the person on probation?",
    "Does the implementation and delivery of services effectively support desistance?",
    "Does the implementation and delivery of services effectively support the safety of "
    "other people?",
)
_REVIEWING_QUESTIONS = (
    "Does reviewing focus sufficiently on supporting the compliance and engagement of the "
    "person on probation?",
    "Does reviewing focus sufficiently on supporting desistance?",
    "Does reviewing focus sufficiently on keeping other people safe?",
)

#: Key questions per standard, in table order. Framework wording, except that the court
#: question is paraphrased: its line is long enough that a generated row with the same
#: percentage would repeat a line of a real report word for word.
KEY_QUESTIONS: dict[str, tuple[str, ...]] = {
    "2.1": (
        "Is the pre-sentence information and advice given to the court sufficiently analytical "
        "and personalised to the individual, supporting the court's decisions?",
    ),
    "2.2": _ASSESSMENT_QUESTIONS,
    "2.3": _PLANNING_QUESTIONS,
    "2.4": _IMPLEMENTATION_QUESTIONS,
    "2.5": _REVIEWING_QUESTIONS,
    "2.6": (
        "Do early outcomes demonstrate that reasonable progress has been made, in line with "
        "the personalised needs of the person on probation?",
    ),
}

_ASSESSMENT_TOPICS = ("engaging the person", "offending and desistance", "keeping other people safe")
_PLANNING_TOPICS = ("engaging the person", "supporting desistance", "keeping other people safe")
_IMPLEMENTATION_TOPICS = ("engaging the person", "supporting desistance", "the safety of other people")
_REVIEWING_TOPICS = ("compliance and engagement", "supporting desistance", "keeping other people safe")

#: What each key question is about, for rationale sentences (same order as KEY_QUESTIONS).
KEY_QUESTION_TOPICS: dict[str, tuple[str, ...]] = {
    "2.1": ("the analysis and advice given to court",),
    "2.2": _ASSESSMENT_TOPICS,
    "2.3": _PLANNING_TOPICS,
    "2.4": _IMPLEMENTATION_TOPICS,
    "2.5": _REVIEWING_TOPICS,
    "2.6": ("early progress",),
}

#: One-sentence description under each standard heading (project's own wording).
DESCRIPTIONS: dict[str, str] = {
    "1.1": "Leaders set a clear direction for the PDU and create the conditions for good, "
    "individualised work with everyone on probation.",
    "1.2": "Staff have the capacity, skills and support they need to work well with each "
    "person on probation.",
    "1.3": "A wide and well-targeted range of services is available, so that work with people "
    "on probation can be matched to their needs.",
    "1.4": "Accurate information and suitable premises help staff deliver well-focused, "
    "individualised work with people on probation.",
    "2.1": "Information and advice given to the court are sound and help it reach "
    "well-founded sentencing decisions.",
    "2.2": "Assessment draws on all relevant information, is analytical and individual, and "
    "involves the person on probation.",
    "2.3": "Plans are well-grounded, address the whole person and are shaped with the person "
    "on probation.",
    "2.4": "Services are well-targeted, coordinated and delivered in a way that engages the "
    "person on probation.",
    "2.5": "Progress is reviewed thoroughly and analytically, with the person on probation "
    "taking part.",
    "2.6": "Early signs of progress can be seen in the cases of people on probation.",
}

#: Lower-case name used in "Our rating for <x> is based on ...".
RATING_SUBJECTS: dict[str, str] = {
    "2.1": "court work",
    "2.2": "assessment",
    "2.3": "planning",
    "2.4": "implementation and delivery",
    "2.5": "reviewing",
}

PDU_2021 = Framework(
    code="pdu-2021",
    standards=STANDARDS,
    domain_headings=DOMAIN_HEADINGS,
    organisational_codes=ORGANISATIONAL_CODES,
    case_supervision_codes=CASE_SUPERVISION_CODES,
    unrated_codes=UNRATED_CODES,
    subsections=SUBSECTIONS,
    key_questions=KEY_QUESTIONS,
    key_question_topics=KEY_QUESTION_TOPICS,
    descriptions=DESCRIPTIONS,
    rating_subjects=RATING_SUBJECTS,
    overall_thresholds=(6, 15, 24),
    phrase_codes={code: code for code, _ in STANDARDS},
    survey_places={
        "staff": ("1.2", None),
        "people_on_probation": ("1.4", "Feedback from people on probation"),
        "sentencers": ("1.3", None),
    },
    background_excluded=(),
    body_headings={"2.1": "2.1 Court work"},
    ratings_page_space_before=("2.1", "2.2", "2.3", "2.4"),
    space_line_before_strengths=("2.1", "2.3", "2.4"),
    contents_pages=(7, 16, 22),
    case_rationale=(
        "{unit} is rated as '{rating}' for {subject}. The lowest-scoring key question, on "
        "{topic}, was answered 'Yes' in {pct} per cent of the cases we inspected."
    ),
    published=(date(2021, 10, 1), date(2024, 6, 1)),
)

# --- pdu-2023 ---------------------------------------------------------------------------

PDU_2023 = Framework(
    code="pdu-2023",
    standards=(
        ("1.1", "Leadership"),
        ("1.2", "Staffing"),
        ("1.3", "Services"),
        ("2.1", "Assessment"),
        ("2.2", "Planning"),
        ("2.3", "Implementation and delivery"),
        ("2.4", "Reviewing"),
    ),
    domain_headings={"1": "1. Organisational delivery", "2": "2. Case supervision"},
    organisational_codes=("1.1", "1.2", "1.3"),
    case_supervision_codes=("2.1", "2.2", "2.3", "2.4"),
    unrated_codes=(),
    subsections={
        "1.1": ("Diversity and inclusion",),
        "1.3": ("Resettlement work", "Feedback from people on probation"),
    },
    key_questions={
        "2.1": _ASSESSMENT_QUESTIONS,
        "2.2": _PLANNING_QUESTIONS,
        "2.3": _IMPLEMENTATION_QUESTIONS,
        "2.4": _REVIEWING_QUESTIONS,
    },
    key_question_topics={
        "2.1": _ASSESSMENT_TOPICS,
        "2.2": _PLANNING_TOPICS,
        "2.3": _IMPLEMENTATION_TOPICS,
        "2.4": _REVIEWING_TOPICS,
    },
    descriptions={
        "1.1": DESCRIPTIONS["1.1"],
        "1.2": DESCRIPTIONS["1.2"],
        "1.3": DESCRIPTIONS["1.3"],
        "2.1": DESCRIPTIONS["2.2"],
        "2.2": DESCRIPTIONS["2.3"],
        "2.3": DESCRIPTIONS["2.4"],
        "2.4": DESCRIPTIONS["2.5"],
    },
    rating_subjects={
        "2.1": "assessment",
        "2.2": "planning",
        "2.3": "implementation and delivery",
        "2.4": "reviewing",
    },
    overall_thresholds=(4, 11, 18),
    phrase_codes={"1.1": "1.1", "1.2": "1.2", "1.3": "1.3",
                  "2.1": "2.2", "2.2": "2.3", "2.3": "2.4", "2.4": "2.5"},
    survey_places={
        "staff": ("1.2", None),
        "people_on_probation": ("1.3", "Feedback from people on probation"),
    },
    background_excluded=(1,),  # the court team sentence: court work is inspected by region
    body_headings={},
    ratings_page_space_before=("2.1", "2.2", "2.3"),
    space_line_before_strengths=("2.2", "2.3"),
    contents_pages=(7, 14, 19),
    case_rationale=(
        "Our judgement of '{rating}' for {subject} follows the weakest of the three key "
        "questions: work on {topic} was sufficient in {pct} per cent of the cases we looked at."
    ),
    published=(date(2024, 1, 1), date(2026, 3, 1)),
)

#: Every framework by code.
FRAMEWORKS: dict[str, Framework] = {fw.code: fw for fw in (PDU_2021, PDU_2023)}

#: Subsection name -> the standard code its phrase banks are keyed by in ``synth.phrases``.
SUBSECTION_PHRASE_CODES: dict[str, str] = {
    "Resettlement work": "1.3",
    "Feedback from people on probation": "1.4",
    "Diversity and inclusion": "1.4",
}


def get_framework(code: str) -> Framework:
    """The framework with this code; ValueError naming the known codes otherwise."""
    try:
        return FRAMEWORKS[code]
    except KeyError:
        raise ValueError(
            f"unknown framework {code!r}; expected one of {', '.join(FRAMEWORKS)}"
        ) from None

