"""Cross-table domain rules and completeness rules, recorded as data-quality findings
rather than errors: inspectors may use professional discretion, so a disagreement is
information, and a fact the parser could not find is a gap named in a row, never a guess.

Every rule, its kind (``consistency`` or ``completeness``) and its severity (``error``:
an expected fact is missing; ``warning``: a fact is doubtful; ``info``: a documented
discretion) is a row of ``reference/quality_rules.csv``; see docs/report-wording.md.

Consistency rules, each kept per framework in the reference data:
* ``score_sum``: the printed score equals the sum of the rated standards' points;
* ``max_score``: the printed maximum is 3 x the number of rated standards;
* ``rating_band``: each banded (case-supervision) standard's rating is the band of
  its lowest key-question percentage;
* ``body_rating``: the rating in a standard's own section agrees with the ratings page;
* ``pdu_match``: the unit name matched exactly one PDU code;
* ``foreword_rating``: the overall rating the Foreword states agrees with the ratings page.

Completeness rules (:func:`check_completeness`), per framework from
``framework_standards.csv`` and ``frameworks.csv``: a section and a rating for every
standard, the expected number of key questions, strengths and areas for improvement in
each standard, at least one recommendation (each with an addressee), the publication
date inside the framework's dates, and no unknown ``X:`` label inside a standard.
"""

from __future__ import annotations

from collections import Counter

import polars as pl

from schemas.report_tables import frame_schema


def _rows(frame: pl.DataFrame, *columns: str):
    """The frame's rows as tuples of ``columns`` (a report's few rows: no polars query)."""
    return zip(*(frame[c].to_list() for c in columns))


def _bands(rating_scale: pl.DataFrame, framework: str) -> list[tuple[float, str]]:
    """(lower bound, rating) of each band of a framework's scale, highest first."""
    return sorted(((lo, r) for fw, lo, r in _rows(rating_scale, "framework_code", "band_min_pct", "rating")
                   if fw == framework and lo is not None), reverse=True)


def _band(pct: float, bands: list[tuple[float, str]]) -> str | None:
    """The rating band a percentage falls in."""
    return next((rating for lower, rating in bands if pct >= lower), None)


def check_inspection(
    inspection: pl.DataFrame,
    standard_ratings: pl.DataFrame,
    key_questions: pl.DataFrame,
    framework_standards: pl.DataFrame,
    rating_scale: pl.DataFrame,
    body_ratings: dict[str, str],
    pdu_status: tuple[str, tuple[str, ...]],
    foreword_rating: str | None = None,
) -> pl.DataFrame:
    """Every consistency rule's outcome for one inspection, one row per check (passed or not);
    severities are added by :func:`with_severity`."""
    insp = inspection.row(0, named=True)
    iid, framework = insp["inspection_id"], insp["framework"]
    rated = [points for rating, points in _rows(standard_ratings, "rating", "rating_points")
             if rating is not None]
    rows: list[dict] = []

    def add(rule: str, subject: str, expected, observed, detail: str) -> None:
        rows.append({
            "inspection_id": iid, "rule": rule, "subject": subject,
            "expected": None if expected is None else str(expected),
            "observed": None if observed is None else str(observed),
            "passed": expected == observed, "detail": detail, "severity": None,
        })

    add("score_sum", "score", sum(p for p in rated if p is not None), insp["score"],
        "printed score against the sum of the rated standards' rating points")
    add("max_score", "max_score", 3 * len(rated), insp["max_score"],
        "printed maximum against 3 x the number of rated standards")

    # the frames are a report's few rows: plain Python, not a polars query per standard
    banded = [code for fw_code, code, is_banded in
              _rows(framework_standards, "framework_code", "standard_code", "banded")
              if fw_code == framework and is_banded]
    ratings: dict[str, str | None] = {}
    for code, rating in _rows(standard_ratings, "standard_code", "rating"):
        ratings.setdefault(code, rating)
    lowest: dict[str, float] = {}
    for code, pct in _rows(key_questions, "standard_code", "pct_yes"):
        if pct is not None and (code not in lowest or pct < lowest[code]):
            lowest[code] = pct
    bands = _bands(rating_scale, framework)
    for code in banded:
        if code not in ratings or code not in lowest:
            continue
        pct = lowest[code]
        add("rating_band", code, _band(pct, bands), ratings[code],
            f"rating against the band of the lowest key-question percentage ({pct:g}%)")

    for code, body in sorted(body_ratings.items()):
        if code in ratings:
            add("body_rating", code, ratings[code], body,
                "rating in the standard's own section against the ratings page")

    if foreword_rating is not None:
        add("foreword_rating", "overall_rating", insp["overall_rating"], foreword_rating,
            "overall rating stated in the Foreword against the ratings page")

    status, candidates = pdu_status
    rows.append({
        "inspection_id": iid, "rule": "pdu_match", "subject": insp["unit_name"],
        "expected": "one PDU code", "observed": ", ".join(candidates) or None,
        "passed": status == "matched",
        "detail": f"unit name {status}" + (f": candidates {', '.join(candidates)}" if status == "ambiguous" else ""),
        "severity": None,
    })
    return pl.DataFrame(rows, schema=frame_schema("data_quality"))


#: inspection-level fields every report of a rated framework states
INSPECTION_FIELDS = ("region_name", "fieldwork_started_on", "cases_inspected", "practitioner_interviews",
                     "lead_inspector")


def check_completeness(
    inspection: pl.DataFrame,
    sections: set[str],
    standard_ratings: pl.DataFrame,
    key_questions: pl.DataFrame,
    findings: pl.DataFrame,
    recommendations: pl.DataFrame,
    framework_standards: pl.DataFrame,
    framework: dict,
    unknown_labels: list[tuple[str, str, int]],
    case_sample_windows: pl.DataFrame,
    caseload: pl.DataFrame,
    unsorted_bullets: list[tuple[str, int]] = (),
) -> pl.DataFrame:
    """Every completeness rule's outcome for one inspection, one row per check (passed or
    not). ``sections``: the standard codes that have their own section; ``framework``: the
    framework's ``frameworks.csv`` row; ``unknown_labels``: (standard, label, line);
    ``unsorted_bullets``: (standard, line) of bullets under no finding label."""
    insp = inspection.row(0, named=True)
    iid = insp["inspection_id"]
    rows: list[dict] = []

    def add(rule: str, subject: str, expected, observed, passed: bool, detail: str) -> None:
        rows.append({
            "inspection_id": iid, "rule": rule, "subject": subject,
            "expected": None if expected is None else str(expected),
            "observed": None if observed is None else str(observed),
            "passed": passed, "detail": detail, "severity": None,
        })

    standards = framework_standards.filter(pl.col("framework_code") == framework["framework_code"])
    rated = dict(_rows(standard_ratings, "standard_code", "rating"))
    kq_counts = Counter(key_questions["standard_code"].to_list())
    found_kinds = Counter(_rows(findings, "standard_code", "kind"))
    for fw in standards.iter_rows(named=True):
        code, name = fw["standard_code"], fw["standard_name"]
        has = code in sections
        add("standard_section", code, "a section", "found" if has else None, has,
            f"{code} {name}: its own section" + ("" if has else " not found"))
        if fw["rated"]:
            rating = rated.get(code)
            add("standard_rating", code, "a rating", rating, rating is not None,
                f"{code} {name}: rating" + ("" if rating else " not found"))
        if fw["key_questions"]:
            n = kq_counts.get(code, 0)
            assumed = "" if fw.get("evidence") == "confirmed" else " (the framework's number is inferred, not confirmed)"
            add("key_question_count", code, fw["key_questions"], n, n == fw["key_questions"],
                f"{code} {name}: key questions found against the framework's number{assumed}")
        for kind, rule, words in (("strength", "strengths_present", "strengths"),
                                  ("improvement", "improvements_present", "areas for improvement")):
            n = found_kinds.get((code, kind), 0)
            add(rule, code, "at least 1", n, n > 0, f"{code} {name}: {words} listed")
        lines = [str(line) for std, line in unsorted_bullets if std == code]
        add("unsorted_bullets", code, 0, len(lines), not lines,
            f"{code} {name}: bullets under no strengths or improvements label"
            + (f" (lines {', '.join(lines)})" if lines else ""))
        labels = [f"{label!r} (line {line})" for std, label, line in unknown_labels if std == code]
        add("unknown_label", code, None, "; ".join(labels) or None, not labels,
            f"{code} {name}: labels no vocabulary knows" + (f": {', '.join(labels)}" if labels else ""))
    for name in INSPECTION_FIELDS:
        value = insp.get(name)
        add("inspection_field", name, "a value", value, value is not None, f"inspection field {name}")
    for name, table in (("case_sample_windows", case_sample_windows), ("caseload", caseload)):
        add("inspection_field", name, "at least 1 row", table.height, table.height > 0, f"{name} stated in the report")
    add("recommendations_present", "recommendations", "at least 1", recommendations.height,
        recommendations.height > 0, "numbered or bulleted recommendations found")
    unaddressed = [seq for seq, text in _rows(recommendations, "seq", "addressee_text") if text is None]
    add("recommendation_addressee", "recommendations", 0, len(unaddressed), not unaddressed,
        "recommendations without an addressee line"
        + (f": {', '.join(map(str, unaddressed))}" if unaddressed else ""))
    published = insp["published_on"]
    starts, ends = framework["published_from"], framework["published_to"]
    inside = (starts is None or starts <= published) and (ends is None or published <= ends)
    add("published_in_framework", "published_on", f"{starts or '...'} to {ends or 'now'}", published, inside,
        f"publication date against framework {framework['framework_code']}'s dates")
    return pl.DataFrame(rows, schema=frame_schema("data_quality"))


def with_severity(checks: pl.DataFrame, rules: pl.DataFrame) -> pl.DataFrame:
    """The checks with each rule's severity from ``quality_rules.csv``."""
    severity = dict(_rows(rules, "rule", "severity"))
    return checks.with_columns(pl.col("rule").replace_strict(severity, default=None).alias("severity"))


def gaps(checks: pl.DataFrame, rules: pl.DataFrame) -> pl.DataFrame:
    """The failed completeness checks: the facts expected and not found."""
    completeness = rules.filter(pl.col("kind") == "completeness")["rule"].to_list()
    return checks.filter(pl.col("rule").is_in(completeness) & ~pl.col("passed"))


def describe_gaps(checks: pl.DataFrame, rules: pl.DataFrame) -> list[str]:
    """One line per fact expected and not found: ``[error] key_question_count 2.2: ...``."""
    return [
        f"[{row['severity']}] {row['rule']} {row['subject']}: {row['detail']}"
        + (f" (expected {row['expected']}, found {row['observed'] if row['observed'] is not None else 'none'})"
           if row["expected"] is not None and row["rule"] in {"key_question_count"} else "")
        for row in gaps(checks, rules).iter_rows(named=True)
    ]
