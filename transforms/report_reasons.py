"""Why a text is not a loadable report, in one line a person can act on.

Three kinds of answer, most specific first:

* not a report at all: no title block of any known form;
* an incomplete report (cut off, or only its beginning saved): where the text stops,
  what a reader finds in it and what is missing ("stops in the Foreword (mid-sentence):
  title, unit 'Gwent PDU', overall rating 'Requires improvement' found; no publication
  date, no ratings table, no standards");
* a report whose publication date is missing (a web page keeps it in a date element
  that the text lost, and no date was passed in from elsewhere).
"""

from __future__ import annotations

import re

from transforms.report_sections import ReportRecords

NOT_A_REPORT = (
    "not an HM Inspectorate of Probation inspection report: no title block "
    "('An inspection of probation services in:' ... 'HM Inspectorate of Probation, <Month YYYY>')"
)
_UNRATED_KINDS = {"public-protection"}
_SENTENCE_END = re.compile(r"[.!?:)\"']$")


def has_ratings_page(rec: ReportRecords) -> bool:
    overall = "overall_rating" in rec.ratings_page or "foreword_rating" in rec.title
    return overall and "score" in rec.ratings_page


def has_standards(rec: ReportRecords) -> bool:
    return any("body_name" in entry for entry in rec.standards.values())


def found_and_missing(rec: ReportRecords, has_date: bool) -> tuple[list[str], list[str]]:
    """What a reader finds in the records, and what a complete report would also have."""
    t = rec.title
    kind = t["title_kind"].value if "title_kind" in t else "pdu"
    found = ["title" if kind == "pdu" else f"title '{t['title_seen'].value}'"]
    missing = []
    if "unit_name" in t:
        found.append(f"unit '{t['unit_name'].value}'")
    else:
        missing.append("unit")
    if has_date:
        found.append("publication date")
    else:
        missing.append("publication date")
    overall = rec.ratings_page.get("overall_rating") or t.get("foreword_rating")
    if overall:
        found.append(f"overall rating '{overall.value}'")
    rated_rows = sum("rating" in e for e in rec.standards.values())
    if kind not in _UNRATED_KINDS:
        if rated_rows:
            found.append(f"ratings table ({rated_rows} standards)")
        else:
            missing.append("ratings table")
    sections = sum("body_name" in e for e in rec.standards.values())
    if sections:
        found.append(f"{sections} standard sections")
    else:
        missing.append("standards")
    if rec.recommendations:
        found.append(f"{len(rec.recommendations)} recommendations")
    return found, missing


def where_it_stops(rec: ReportRecords) -> str:
    """'in the Foreword (mid-sentence)', 'in 1.3. Services', 'after the title'."""
    last = rec.last_block
    cut = last is not None and last.kind == "paragraph" and not _SENTENCE_END.search(last.text)
    if not rec.parts:
        return "after the title" + (" (mid-sentence)" if cut else "")
    part = rec.parts[-1].value
    part = part if re.match(r"^\d", part) else f"the {part}"
    return f"in {part}" + (" (mid-sentence)" if cut else "")


def incomplete_reason(rec: ReportRecords, has_date: bool) -> str | None:
    """The reason a titled text is an incomplete report, or None when its structure is whole
    enough to read (a ratings page or standard sections, as its kind of inspection has)."""
    kind = rec.title["title_kind"].value if "title_kind" in rec.title else "pdu"
    rated_ok = kind in _UNRATED_KINDS or has_ratings_page(rec)
    if rated_ok and has_standards(rec):
        return None
    found, missing = found_and_missing(rec, has_date)
    if "ratings table" not in missing and not rated_ok:
        has_overall = "overall_rating" in rec.ratings_page or "foreword_rating" in rec.title
        missing += [m for m, has in (("overall rating", has_overall), ("score", "score" in rec.ratings_page))
                    if not has]
    if has_standards(rec):  # the standards are there: not cut off, but no ratings page
        return f"no ratings page (overall rating and score): {', '.join(found)} found; " + ", ".join(
            f"no {m}" for m in missing)
    return (
        f"incomplete report: stops {where_it_stops(rec)}: {', '.join(found)} found; "
        + ", ".join(f"no {m}" for m in missing)
    )


def cut_off_reason(rec: ReportRecords, framework_codes: list[str], framework: str) -> str | None:
    """The reason a report is cut off inside its standards: the standards without a section
    are the framework's last ones and the text ends in a standard's section. A standard
    missing from the middle is a completeness gap instead (loaded, with a data-quality row)."""
    missing = [c for c in framework_codes if "body_name" not in rec.standards.get(c, {})]
    if not missing or missing != framework_codes[len(framework_codes) - len(missing):]:
        return None
    last = rec.parts[-1].value if rec.parts else ""
    if not re.match(r"^(?:Standard\s+)?\d\.\d", last, re.I) and last.lower() not in {
        e["body_name"].value.lower() for e in rec.standards.values() if "body_name" in e
    }:
        return None
    found, _ = found_and_missing(rec, True)
    found = [f for f in found if f != "publication date"]
    return (
        f"incomplete report: stops {where_it_stops(rec)}: {', '.join(found)} found; "
        f"no section for standard(s) {', '.join(missing)} of framework {framework}"
    )
