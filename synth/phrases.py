"""Phrase banks for synthetic findings, rationales and recommendations.

All wording here is the project's own, written to sound like probation inspection
prose; none of it is taken from a real report. Templates use ``str.format`` fields:

- ``{pct}`` a percentage in digits (strengths draw it high, improvements low),
- ``{Pct}`` the same percentage in words, for the start of a sentence,
- ``{low_pct}`` a small percentage (8-30),
- ``{n}`` / ``{m}`` "n of m cases" counts (n < m),
- ``{k}`` a small count (1-3),
- ``{unit}`` the unit name without "PDU".
"""

from __future__ import annotations

from synth.ratings import GOOD, INADEQUATE, OUTSTANDING, REQUIRES_IMPROVEMENT

STRENGTH = "strength"
IMPROVEMENT = "improvement"

#: Finding templates keyed by (standard code, subsection or None, kind).
FINDINGS: dict[tuple[str, str | None, str], tuple[str, ...]] = {
    ("1.1", None, STRENGTH): (
        "The head of PDU and senior managers had set a small number of clear priorities, "
        "and staff at every grade could describe them.",
        "Leaders were visible across all offices and made time to meet practitioners "
        "informally as well as through team meetings.",
        "A local improvement plan linked the findings of internal audits to named actions, "
        "owners and review dates.",
        "Partners described the PDU as “open and willing to share the load”, and joint work "
        "with the police and local authorities was well established.",
        "Leaders had used the results of quality audits to target development sessions on "
        "risk assessment.",
        "Managers kept a close eye on how national workload priorities were applied locally "
        "and explained their decisions to staff.",
    ),
    ("1.1", None, IMPROVEMENT): (
        "The priorities set by leaders were not yet visible in the quality of casework, "
        "particularly in work to keep other people safe.",
        "Leaders had limited assurance that oversight of cases was changing practice; actions "
        "set in oversight records were often not followed up.",
        "Work to involve people on probation in shaping services was at an early stage and "
        "depended on individual practitioners.",
        "Staff described communication from the region as “a lot to keep up with”, and some "
        "important messages were lost.",
        "Only {pct} per cent of the cases we inspected showed sufficient management oversight.",
    ),
    ("1.2", None, STRENGTH): (
        "Practitioners we met were committed to their work and spoke warmly about the "
        "support they received from colleagues.",
        "Vacancy rates had fallen over the previous year, and recruitment of probation "
        "officers was close to the local target.",
        "Newly qualified officers received protected caseloads and regular contact with a "
        "named mentor.",
        "Workload pressures were reviewed monthly, and cases were moved between teams when "
        "individual workloads became too high.",
        "Staff described their managers as “approachable and fair”, and one-to-one sessions "
        "took place regularly.",
    ),
    ("1.2", None, IMPROVEMENT): (
        "Caseloads varied widely between teams, and some practitioners carried workloads well "
        "above the level treated as manageable.",
        "A high proportion of staff were newly qualified or in training, which placed heavy "
        "demands on a small group of experienced officers.",
        "Completion of mandatory training was uneven, and managers could not easily see which "
        "staff had finished each module.",
        "Staff told us that administrative tasks took time away from direct work with people "
        "on probation.",
    ),
    ("1.3", None, STRENGTH): (
        "The PDU had built strong links with housing, substance misuse and mental health "
        "providers, and referral routes were well understood.",
        "Unpaid work placements had expanded, with several projects chosen by local community "
        "groups.",
        "Women's services were available from dedicated community venues, where probation "
        "staff could meet women away from the main office.",
        "Integrated offender management arrangements were well embedded, with police and "
        "probation staff sharing an office.",
        "Local funding had been used to commission a mentoring service for young adults "
        "leaving custody.",
    ),
    ("1.3", None, IMPROVEMENT): (
        "Referrals to commissioned rehabilitative services were lower than expected, and "
        "providers reported that referral information about risk was often thin.",
        "Completion rates for accredited programmes were low, and waiting lists for group work "
        "were long.",
        "Accommodation support was in high demand, but few people secured settled housing by "
        "the end of their sentence.",
        "Structured interventions were rarely used, and practitioners were unsure which ones "
        "were available locally.",
        "Services to address the main needs linked to offending were delivered in only {pct} "
        "per cent of the relevant cases we inspected.",
    ),
    ("1.3", "Resettlement work", STRENGTH): (
        "Contact before release was made in good time in {n} of the {m} resettlement cases we "
        "inspected.",
        "A prison link worker helped practitioners share information with custody staff "
        "before release.",
        "Accommodation needs were identified before release in most resettlement cases.",
    ),
    ("1.3", "Resettlement work", IMPROVEMENT): (
        "Practitioners had less contact with people in custody than with those on community "
        "sentences, so their views were rarely reflected in pre-release plans.",
        "Safeguarding enquiries were made in only {n} of the {m} resettlement cases we "
        "inspected.",
        "Arrangements for the day of release were sometimes made at short notice, leaving "
        "little time to secure housing.",
    ),
    ("1.4", None, STRENGTH): (
        "Offices were in accessible locations and had been refurbished to provide private "
        "interview rooms.",
        "Protected development days gave practitioners time to learn together, with topics "
        "drawn from audit findings.",
        "Learning from serious further offence reviews was shared through team briefings and "
        "short written summaries.",
        "A quality development officer worked alongside teams, and staff of all grades valued "
        "the support.",
    ),
    ("1.4", None, IMPROVEMENT): (
        "Data on the diversity of the caseload was collected but not routinely analysed to "
        "shape services.",
        "Wi-Fi in some offices was unreliable, which limited flexible working.",
        "Staff found the volume of guidance and policy updates hard to absorb alongside their "
        "casework.",
        "Leaders did not have a clear picture of how well services were working, because "
        "feedback from people on probation was not gathered systematically.",
    ),
    ("1.4", "Feedback from people on probation", STRENGTH): (
        "One person told User Voice: “My officer rings back when she says she will, and "
        "that matters.”",
        "Several respondents said their practitioner had helped them with housing or benefit "
        "problems early in their sentence.",
    ),
    ("1.4", "Feedback from people on probation", IMPROVEMENT): (
        "Some respondents said appointments were changed at short notice, which made it hard "
        "to keep to work commitments.",
        "One respondent told User Voice: “I’ve had three officers this year and had to "
        "start again each time.”",
    ),
    ("1.4", "Diversity and inclusion", STRENGTH): (
        "Assessments of the women in our sample focused well on the factors linked to their "
        "offending, in {pct} per cent of cases.",
        "Staff networks for colleagues from minority ethnic backgrounds and for neurodivergent "
        "staff had been set up and were well attended.",
        "Reasonable adjustments for staff with disabilities were agreed promptly.",
        "Practitioners routinely asked about communication needs and learning difficulties at "
        "the start of supervision.",
    ),
    ("1.4", "Diversity and inclusion", IMPROVEMENT): (
        "Leaders had not analysed whether outcomes differed for people on probation from "
        "minority ethnic groups.",
        "{Low_pct} per cent of staff had not recorded their ethnicity, leaving a gap in "
        "workforce data.",
        "Few adjustments, such as flexible appointment times, had been made for people on "
        "probation with caring responsibilities.",
    ),
    ("2.1", None, STRENGTH): (
        "The person on probation was involved in preparing the report in all but {k} of the "
        "cases we assessed.",
        "Reports paid close attention to diversity needs and to the person's motivation to "
        "change.",
        "Court staff had good relationships with sentencers, who valued the clarity of oral "
        "reports.",
    ),
    ("2.1", None, IMPROVEMENT): (
        "Domestic abuse enquiries with the police were not completed before sentence in {n} "
        "of the {m} relevant reports.",
        "Checks with children's services were missing in too many reports where there were "
        "signs of safeguarding concerns.",
        "The impact of the offence on victims was not considered sufficiently in {k} reports.",
        "Proposals were not always supported by analysis of the risk of harm the person posed.",
    ),
    ("2.2", None, STRENGTH): (
        "Practitioners involved people well in their assessments, and in {pct} per cent of "
        "cases the person's own view of their circumstances was recorded.",
        "Assessments took good account of motivation and readiness to change.",
        "Diversity factors and barriers to engagement were identified in most assessments.",
    ),
    ("2.2", None, IMPROVEMENT): (
        "Police checks on domestic abuse were missing at the start of supervision in {pct} per "
        "cent of the cases we inspected.",
        "In {n} out of {m} cases with an identified potential victim, assessments did not "
        "analyse the risks posed in enough depth.",
        "Assessments seldom drew on previous convictions, past behaviour or information from "
        "other agencies.",
    ),
    ("2.3", None, STRENGTH): (
        "Plans reflected the views of the person on probation in {pct} per cent of cases.",
        "Plans written by probation services officers were often clear and realistic about "
        "what could be achieved.",
        "Planning to address factors linked to offending was tailored to the individual in "
        "most community cases.",
    ),
    ("2.3", None, IMPROVEMENT): (
        "Contingency arrangements for a change in risk were missing or too vague in {pct} per "
        "cent of cases.",
        "Plans in high-risk cases did not set out how work with other agencies would be "
        "coordinated.",
        "Barriers to engagement identified during assessment were not carried through into "
        "plans.",
    ),
    ("2.4", None, STRENGTH): (
        "{Pct} per cent of the requirements we looked at started promptly.",
        "Practitioners were flexible about appointment times to help people keep to the terms "
        "of their sentence.",
        "Good use was made of local services for people with drug and alcohol problems.",
    ),
    ("2.4", None, IMPROVEMENT): (
        "Appropriate action was not taken on non-compliance in {n} of the {m} cases where it "
        "was needed.",
        "Work to protect actual and potential victims was insufficient in {n} out of {m} "
        "relevant cases.",
        "Home visits were seldom used, even in cases with child safeguarding concerns.",
    ),
    ("2.5", None, STRENGTH): (
        "People on probation took part in reviews of their progress in {pct} per cent of "
        "cases.",
        "Formal reviews were completed in most resettlement cases and focused on supporting "
        "compliance.",
        "Reviews for women on probation were thorough and drew in other agencies.",
    ),
    ("2.5", None, IMPROVEMENT): (
        "Where risk of harm changed, practitioners did not notice and respond in {n} of the {m} "
        "relevant cases.",
        "Information from the police and children's services was rarely sought when reviewing "
        "progress.",
        "Reviews were often a record of contact rather than an analysis of progress.",
    ),
    ("2.6", None, STRENGTH): (
        "No new charges or convictions were recorded in {n} of the {m} cases since the "
        "sentence or licence began.",
        "Several people had found paid work or training during the period we looked at.",
        "Relationships with family had improved for a number of people, supporting their "
        "desistance.",
    ),
    ("2.6", None, IMPROVEMENT): (
        "Only {pct} per cent of people had complied well enough with their sentence or "
        "licence.",
        "Progress was much weaker for people assessed as posing a high risk of serious harm.",
        "Only {n} of {m} people whose drinking was tied to their risk of harm had cut down.",
    ),
}

#: Survey measures: survey -> measure key -> clause following "<NN> per cent".
SURVEY_CLAUSES: dict[str, dict[str, str]] = {
    "staff": {
        "regular_supervision": "said they received regular supervision that helped them in "
        "their work",
        "training_relevant": "said the training they had received was relevant to their role",
        "safety_attention": "said that enough attention was paid to their personal safety",
        "workload_manageable": "said their workload was manageable",
        "work_recognised": "said that good work was noticed and recognised by managers",
    },
    "people_on_probation": {
        "contact_practitioner": "said they were able to contact their probation practitioner "
        "when needed",
        "felt_safe_office": "said they felt safe when visiting the probation office",
        "asked_views": "said they had been asked for their views on how services are run",
        "helped_access_services": "said probation had helped them to get the services they "
        "needed",
    },
    "sentencers": {
        "confident_in_advice": "said they were confident in the advice given by probation "
        "court staff",
        "breach_quality": "said that breach information presented to court was of good quality",
    },
}

#: Sentence shapes for survey figures; {clause} is from SURVEY_CLAUSES.
SURVEY_STRENGTH_FORMS: dict[str, tuple[str, ...]] = {
    "staff": (
        "Of those staff responding to our survey, {pct} per cent {clause}.",
        "{Pct} per cent of staff responding to our survey {clause}.",
    ),
    "people_on_probation": (
        "Of those surveyed by User Voice, {pct} per cent {clause}.",
        "{Pct} per cent of those surveyed by User Voice {clause}.",
    ),
    "sentencers": ("Of the sentencers who responded to our survey, {pct} per cent {clause}.",),
}
SURVEY_IMPROVEMENT_FORMS: dict[str, tuple[str, ...]] = {
    "staff": (
        "Only {pct} per cent of staff responding to our survey {clause}.",
        "Of those staff responding to our survey, only {pct} per cent {clause}.",
    ),
    "people_on_probation": (
        "Only {pct} per cent of those surveyed by User Voice {clause}.",
        "Of those surveyed by User Voice, only {pct} per cent {clause}.",
    ),
    "sentencers": ("Only {pct} per cent of sentencers responding to our survey {clause}.",),
}

#: Recommendation texts by addressee (no final full stop; the renderer adds it).
RECOMMENDATIONS: dict[str, tuple[str, ...]] = {
    "PDU": (
        "make sure domestic abuse and child safeguarding information is requested and used in "
        "every assessment and plan",
        "strengthen management oversight so that actions set by managers are completed and "
        "checked",
        "improve contingency planning in cases where the risk of serious harm could change "
        "quickly",
        "increase contact with people in custody before release so that plans are ready on the "
        "day they leave prison",
        "use diversity data to understand and reduce the barriers faced by people on probation "
        "and by staff",
        "review how information from other agencies is used when progress is reviewed",
        "involve people on probation in the design and review of local services",
    ),
    "Region": (
        "review the regional enforcement arrangements so that breach action is timely and "
        "court staff have confidence in it",
        "make sure middle managers have enough time to oversee the work of newly qualified "
        "staff",
        "evaluate whether learning and development activity is improving the quality of "
        "casework",
        "increase the number of people who complete accredited programmes and structured "
        "interventions",
        "improve the use of commissioned rehabilitative services, including the quality of "
        "referral information",
    ),
    "HMPPS": (
        "give practitioners reliable access to police domestic abuse and safeguarding "
        "information before sentence",
        "improve the reliability of Wi-Fi and remote access in probation offices",
        "review how many staff each middle manager is expected to supervise",
        "simplify the way guidance and policy changes are communicated to frontline staff",
        "make it easier to record management oversight in nDelius",
    ),
}
#: Word in a recommendation that gets a footnote explaining it, and that footnote.
RECOMMENDATION_FOOTNOTE = (
    "nDelius",
    "nDelius is the national case management system that probation practitioners use to "
    "record their work.",
)

#: Rationale paragraphs for domain-1 standards, by rating.
ORGANISATIONAL_RATIONALES: dict[str, tuple[str, ...]] = {
    INADEQUATE: (
        "Leaders and managers had not yet put in place the arrangements needed to support "
        "consistent practice, and the weaknesses we found in casework were widespread.",
        "Too little had changed since earlier audits identified the same problems, and staff "
        "were not well supported to improve.",
    ),
    REQUIRES_IMPROVEMENT: (
        "There were real strengths here, but they had not yet led to consistently sound "
        f"work with people on probation, so a rating of '{REQUIRES_IMPROVEMENT}' was given.",
        "Arrangements were improving, although the quality of casework we inspected shows "
        "that more needs to be done before this standard can be judged good.",
    ),
    GOOD: (
        "Arrangements were sound and well understood by staff, and they supported good "
        "work with most people on probation.",
        "Most of what we expected to see was in place and working well, with a few gaps "
        "that leaders already knew about.",
    ),
    OUTSTANDING: (
        "Arrangements were strong throughout and were clearly making a difference to the "
        "quality of work with people on probation.",
        "This was a notable strength of the PDU, with practice that others could learn from.",
    ),
}

#: Short foreword openings by overall rating (after the "We have rated" sentence).
FOREWORD_LINES: dict[str, str] = {
    INADEQUATE: "The quality of casework fell well short of what is needed to keep people "
    "safe and to support change, and urgent action is required.",
    REQUIRES_IMPROVEMENT: "Leaders have laid some good foundations, but these have yet to "
    "show in the quality of work with the people the PDU supervises.",
    GOOD: "Casework was sound in most of the areas we examined, and leaders understood "
    "where further work was needed.",
    OUTSTANDING: "Work with people on probation was of a consistently high standard, "
    "supported by strong leadership and a settled workforce.",
}

#: Background context sentences ({unit} is the unit name without "PDU").
BACKGROUND_CONTEXT: tuple[str, ...] = (
    "{unit} PDU covers a mix of urban and rural communities, and staff work from several "
    "offices across the area.",
    "Court work is managed by a team that covers both the magistrates' and the Crown courts "
    "serving the area.",
    "Since unification, the PDU has brought together staff from two former organisations "
    "with different ways of working.",
    "The PDU works with two local authorities and one police force area.",
)

#: Fictional people for the lead inspector and foreword signature.
FIRST_NAMES = (
    "Alex", "Priya", "Gareth", "Morag", "Tomasz", "Yvonne", "Imran", "Claire", "Bethan",
    "Desmond", "Farah", "Owen",
)
SURNAMES = (
    "Hartley", "Okafor", "Lindqvist", "Pemberton", "Rahman", "Whitlock", "Castell", "Ferris",
    "Nwosu", "Draycott", "Ashdown", "Quayle",
)
