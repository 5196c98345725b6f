"""The inspection framework a PDU report is written against: standards and key questions.

Constants only. The key question wording is the framework's standard wording (the
same in every report); the one-sentence standard descriptions are this project's own
paraphrases.
"""

from __future__ import annotations

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

#: Key questions per standard, in table order. Framework wording, except that the court
#: question is paraphrased: its line is long enough that a generated row with the same
#: percentage would repeat a line of a real report word for word.
KEY_QUESTIONS: dict[str, tuple[str, ...]] = {
    "2.1": (
        "Is the pre-sentence information and advice given to the court sufficiently analytical "
        "and personalised to the individual, supporting the court's decisions?",
    ),
    "2.2": (
        "Does assessment focus sufficiently on engaging the person on probation?",
        "Does assessment focus sufficiently on the factors linked to offending and desistance?",
        "Does assessment focus sufficiently on keeping other people safe?",
    ),
    "2.3": (
        "Does planning focus sufficiently on engaging the person on probation?",
        "Does planning focus sufficiently on reducing reoffending and supporting desistance?",
        "Does planning focus sufficiently on keeping other people safe?",
    ),
    "2.4": (
        "Is the sentence or post-custody period implemented effectively with a focus on "
        "engaging the person on probation?",
        "Does the implementation and delivery of services effectively support desistance?",
        "Does the implementation and delivery of services effectively support the safety of "
        "other people?",
    ),
    "2.5": (
        "Does reviewing focus sufficiently on supporting the compliance and engagement of the "
        "person on probation?",
        "Does reviewing focus sufficiently on supporting desistance?",
        "Does reviewing focus sufficiently on keeping other people safe?",
    ),
    "2.6": (
        "Do early outcomes demonstrate that reasonable progress has been made, in line with "
        "the personalised needs of the person on probation?",
    ),
}

#: What each key question is about, for rationale sentences (same order as KEY_QUESTIONS).
KEY_QUESTION_TOPICS: dict[str, tuple[str, ...]] = {
    "2.1": ("the analysis and advice given to court",),
    "2.2": ("engaging the person", "offending and desistance", "keeping other people safe"),
    "2.3": ("engaging the person", "supporting desistance", "keeping other people safe"),
    "2.4": ("engaging the person", "supporting desistance", "the safety of other people"),
    "2.5": ("compliance and engagement", "supporting desistance", "keeping other people safe"),
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
