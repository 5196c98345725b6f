"""Report text to the typed fact tables of one inspection.

:func:`parse_report` is the whole pipeline for one file, pure: bytes in, frames
out. It rejects (``RejectedInput``) a file that is not a readable inspection report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import polars as pl

from core.errors import RejectedInput
from core.reference import Reference
from schemas.report_tables import frame_schema
from transforms import pdu_match, quality_rules, report_reasons, stated_figures
from transforms.report_blocks import build_blocks
from transforms.report_formats import Extracted, date_from_file_name, extract_report
from transforms.report_layout import tidy_layout
from transforms.report_sections import SCORE_OF, ReportRecords, read_sections, resolve_unnumbered
from transforms.report_text import DecodedText, clean_lines, split_footnotes

TABLES = (
    "inspection", "case_sample_windows", "standard_ratings", "key_questions",
    "recommendations", "findings", "caseload", "stated_figures", "inspection_field_sources",
    "data_quality",
)

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}


@dataclass
class ReportFacts:
    """The fact tables of one report; each frame's columns are the marts' columns."""

    tables: dict[str, pl.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pl.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def inspection_id(self) -> str:
        return self.tables["inspection"]["inspection_id"][0]


class _NotADate(ValueError):
    """Words where a date should be that make no date (an unknown month, a 45th day)."""


def _date(day: str | None, month: str, year: str) -> dt.date:
    try:
        return dt.date(int(year), _MONTHS[month.lower()], int(day) if day else 1)
    except (KeyError, ValueError):
        raise _NotADate(" ".join(p for p in (day, month, year) if p)) from None


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})")
_WINDOW = re.compile(
    r"(\d{1,2})\s+([A-Z][a-z]+)(?:\s+(\d{4}))?\s+(?:to|and|until|-|\u2013)\s+(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})"
)


def _search_blocks(blocks, pattern: re.Pattern[str]):
    for block in blocks:
        m = pattern.search(block.text)
        if m:
            return m, block
    return None, None


def _context_blocks(rec: ReportRecords) -> list:
    """Where the inspection's context (fieldwork, case sample, caseload) is read: the
    Background section first, then any other text outside the standards (a background
    under a heading no vocabulary knows still gives its facts)."""
    seen = {id(b) for b in rec.background}
    rest = [b for _section, code, _sub, b in rec.prose if code is None and id(b) not in seen]
    return rec.background + rest


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def parse_report(data: bytes, source_file: str, sha256: str, ref: Reference) -> ReportFacts:
    """Parse one report's bytes (text, PDF or web page: ``transforms.report_formats``) into
    its fact tables.

    Raises:
        RejectedInput: the file is empty, binary, not an inspection report, incomplete
            (for example cut off halfway), or its facts break a table's contract.
    """
    doc = extract_report(data, source_file)
    try:
        facts = parse_extracted(doc, source_file, sha256, ref)
    except _NotADate as err:
        raise RejectedInput(source_file, f"not a date: {str(err)[:60]!r}") from None
    return _with_decoding_note(facts, doc.decoding, ref) if doc.decoding is not None else facts


def _with_decoding_note(facts: ReportFacts, decoded: DecodedText, ref: Reference) -> ReportFacts:
    """A data-quality row (rule ``text_decoding``, not passed) when decoding replaced or removed
    bytes, saying which and where; nothing when the text decoded cleanly."""
    if decoded.clean:
        return facts
    row = pl.DataFrame([{"inspection_id": facts.inspection_id, "rule": "text_decoding", "subject": "file bytes",
                         "expected": f"valid {decoded.encoding.upper()}, no NUL bytes", "observed": decoded.note(),
                         "passed": False, "severity": None,
                         "detail": "bytes that are not text were replaced or removed; the rest "
                         "of the text was decoded as it is (facts near those bytes may be missing)"}],
                       schema=frame_schema("data_quality"))
    row = quality_rules.with_severity(row, ref.quality_rules)
    facts.tables["data_quality"] = pl.concat([facts.tables["data_quality"], row])
    return facts


def parse_extracted(doc: Extracted, source_file: str, sha256: str, ref: Reference,
                    published_hint: dt.date | None = None) -> ReportFacts:
    """The fact tables of a report's extracted text; each fact's ``source_location`` is its
    line's place in the file (page, element path), null for a text file."""
    body, _footnotes = split_footnotes(tidy_layout(clean_lines(doc.text)))
    rec = read_sections(build_blocks(body, ref.vocabulary), ref.vocabulary)
    facts = build_tables(rec, source_file, sha256, ref, published_hint, doc)
    if doc.fmt != "text":
        for name, frame in facts.tables.items():
            if "source_location" in frame.columns:
                facts.tables[name] = frame.with_columns(
                    pl.col("source_line").map_elements(doc.location, return_dtype=pl.String)
                    .alias("source_location"))
    return facts


def _published(rec: ReportRecords, doc: Extracted, source: str,
               published_hint: dt.date | None) -> tuple[dt.date | None, str | None, int | None]:
    """The publication date, where it was read and its line: the title block's text (``text``),
    else the page's ``<time>`` element or date meta tag (``time-element``, ``meta``), else a
    date the caller passed in (``given``), else the file name's ``YYYY-MM`` (``file-name``,
    the first of that month); (None, None, None) when there is none."""
    if "published" in rec.title:
        return None, "text", rec.title["published"].line  # read by _published_on
    if doc.page_date is not None:
        return doc.page_date.value, doc.page_date.source, doc.page_date.line
    if published_hint is not None:
        return published_hint, "given", None
    from_name = date_from_file_name(source)
    if from_name is not None:
        return from_name, "file-name", None
    return None, None, None


def facts_from_text(
    text: str, source_file: str, sha256: str, ref: Reference, published_hint: dt.date | None = None,
) -> ReportFacts:
    """Decoded report text to its fact tables; ``published_hint`` as in :func:`build_tables`."""
    return parse_extracted(Extracted(text, "text"), source_file, sha256, ref, published_hint)


def _required(rec: ReportRecords, source: str, has_date: bool, stated_date: bool) -> None:
    """``has_date``: a publication date was found, the file name's included; ``stated_date``:
    the report itself states one (text, page), which is what an incomplete report's reason reports."""
    if "title_seen" not in rec.title:
        raise RejectedInput(source, report_reasons.NOT_A_REPORT)
    if (reason := report_reasons.incomplete_reason(rec, stated_date)) is not None:
        raise RejectedInput(source, reason)
    if "unit_name" not in rec.title:
        raise RejectedInput(source, "the title block names no inspected unit")
    if not has_date:
        label = rec.title.get("published_label")
        where = f"'{label.value}' on line {label.line} is followed by no date" if label else "no 'Published' line"
        # "elsewhere": the page's <time> element or date meta tag, the file name's YYYY-MM
        raise RejectedInput(source, f"the publication date is missing: {where}, and no date was found elsewhere")


_PUBLISHED = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Z][a-z]+)\s+(\d{4})$")
_NUMERIC_DATE = re.compile(r"^(?:(\d{4})-(\d{2})-(\d{2})|(\d{1,2})/(\d{1,2})/(\d{4}))$")


def _published_on(rec: ReportRecords, source: str, published_hint: dt.date | None) -> dt.date:
    """The publication date printed in the title block, else the one found elsewhere.
    A printed date is "July 2023", "12 July 2023", "2023-07-12" or "12/07/2023" (day first)."""
    if "published" not in rec.title:
        return published_hint
    printed = rec.title["published"].value.strip()
    try:
        if (m := _PUBLISHED.match(printed)) is not None and m.group(2).lower() in _MONTHS:
            return _date(*m.groups())
        if (m := _NUMERIC_DATE.match(printed)) is not None:
            y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(5), m.group(4))
            return dt.date(int(y), int(mo), int(d))
    except ValueError:
        pass
    raise RejectedInput(source, f"publication date not readable: {printed!r} (line {rec.title['published'].line})")


def in_force(fw: dict, published: dt.date) -> bool:
    """Whether a framework (a ``frameworks.csv`` row) was in force at ``published``;
    a null end date means still in force, a null start date open since ever."""
    starts, ends = fw["published_from"], fw["published_to"]
    return (starts is None or starts <= published) and (ends is None or published <= ends)


def _pick_framework(rec: ReportRecords, published: dt.date, ref: Reference, source: str) -> str:
    """The framework whose standards the report has: most standards matching by code and
    name (or by name alone, for a heading printed without its number), fewest of its
    standards missing, then the one in force at publication."""
    def name_of(entry: dict) -> str:
        located = entry.get("summary_name") or entry.get("body_name")
        return located.value.strip().lower() if located else ""

    seen = {code: name_of(entry) for code, entry in rec.standards.items()}
    numbered = {c: n for c, n in seen.items() if not c.startswith("?")}
    unnumbered = {c[1:] for c in seen if c.startswith("?")}
    best: tuple[tuple[int, int, int], str] | None = None
    by_framework: dict[str, dict[str, str]] = {}
    for fw_code, code, name in ref.framework_standards.select("framework_code", "standard_code",
                                                              "standard_name").rows():
        by_framework.setdefault(fw_code, {})[code] = name.lower()
    for fw in ref.frameworks.iter_rows(named=True):
        standards = by_framework.get(fw["framework_code"], {})
        if not standards or not set(numbered) <= set(standards) or not unnumbered <= set(standards.values()):
            continue
        named = sum(numbered[c] == standards[c] for c in numbered) + len(unnumbered)
        codes = set(numbered) | {c for c, n in standards.items() if n in unnumbered}
        missing = len(set(standards) - codes)
        score = (named, -missing, int(in_force(fw, published)))
        if best is None or score > best[0]:
            best = (score, fw["framework_code"])
    if best is None:
        shown = sorted(numbered) + sorted(f"'{n}'" for n in unnumbered)
        raise RejectedInput(source, f"standards {', '.join(shown) or 'none'} match no known inspection framework")
    return best[1]


_SCORE = re.compile(rf"(-?\d+)\s*{SCORE_OF}\s*(-?\d+)", re.I)


def _check_numbers(rec: ReportRecords, source: str) -> None:
    """Reject a report with a number nobody can read, quoting its line; never coerce."""
    for bad in rec.unreadable_numbers:
        raise RejectedInput(source, f"unreadable key-question percentage on line {bad.line}: {bad.value!r}")
    for kq in rec.key_questions:
        if not 0 <= kq["pct_yes"] <= 100:
            raise RejectedInput(
                source, f"key-question percentage out of range (0-100) on line {kq['pct_line']}: {kq['block'].text!r}")


def build_tables(
    rec: ReportRecords, source_file: str, sha: str, ref: Reference, published_hint: dt.date | None = None,
    doc: Extracted | None = None,
) -> ReportFacts:
    """Type, enrich and check the records of one report.

    The publication date printed in the title block wins; else the page's own date
    (``doc.page_date``), else ``published_hint`` (a date found outside the text by the
    caller), else the file name's ``YYYY-MM``: ``published_on_source`` says which.
    """
    doc = doc or Extracted("", "text")
    found_on, published_source, published_line = _published(rec, doc, source_file, published_hint)
    _required(rec, source_file, published_source is not None, published_source not in {None, "file-name"})
    t = rec.title
    unit_name = t["unit_name"].value
    published_on = _published_on(rec, source_file, found_on)
    _check_numbers(rec, source_file)
    framework = _pick_framework(rec, published_on, ref, source_file)
    fw_standards = ref.framework_standards.filter(pl.col("framework_code") == framework)
    resolve_unnumbered(rec, dict(fw_standards.select(pl.col("standard_name").str.to_lowercase(), "standard_code").rows()))
    if (reason := report_reasons.cut_off_reason(rec, fw_standards["standard_code"].to_list(), framework)) is not None:
        raise RejectedInput(source_file, reason)
    iid = f"{slug(_strip_pdu(unit_name))}-{published_on:%Y-%m}"
    field_lines: dict[str, int] = {"unit_name": t["unit_name"].line}
    if published_line is not None:
        field_lines["published_on"] = published_line

    # inspection-level facts
    m_field, b_field = _search_blocks(_context_blocks(rec), re.compile(r"beginning\s+(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})"))
    if m_field:
        fieldwork = _date(*m_field.groups())
        field_lines["fieldwork_started_on"] = b_field.line_at(m_field.start(1))
    elif "fieldwork_started" in rec.ratings_page:
        loc = rec.ratings_page["fieldwork_started"]
        m = re.search(r"([A-Z][a-z]+)\s+(\d{4})", loc.value)
        fieldwork = _date(None, *m.groups()) if m else None
        field_lines["fieldwork_started_on"] = loc.line
    else:
        fieldwork = None
    m_cases, b_cases = _search_blocks(_context_blocks(rec), re.compile(r"\binspected\s+(\d+)\s+cases\b"))
    m_int, b_int = _search_blocks(_context_blocks(rec), re.compile(r"\b(\d+)\s+interviews with probation practitioners"))
    m_score = _SCORE.search(rec.ratings_page["score"].value)
    if not m_score or int(m_score.group(1)) < 0 or int(m_score.group(2)) <= 0:
        located = rec.ratings_page["score"]
        raise RejectedInput(source_file, f"score not readable on line {located.line}: {located.value!r}")
    field_lines["score"] = field_lines["max_score"] = rec.ratings_page["score"].line
    # the ratings page's overall rating, else the one the Foreword states ("rated 'X'")
    overall = rec.ratings_page.get("overall_rating") or t["foreword_rating"]
    field_lines["overall_rating"] = overall.line
    if m_cases:
        field_lines["cases_inspected"] = b_cases.line_at(m_cases.start(1))
    if m_int:
        field_lines["practitioner_interviews"] = b_int.line_at(m_int.start(1))
    for key in ("region_name", "lead_inspector"):
        if key in t:
            field_lines[key] = t[key].line

    match = pdu_match.match_pdu(unit_name, published_on, ref.pdu_index)
    if match.pdu_code:
        field_lines["pdu_code"] = t["unit_name"].line

    inspection = pl.DataFrame(
        [{
            "inspection_id": iid, "unit_name": unit_name, "pdu_code": match.pdu_code,
            "region_name": t["region_name"].value if "region_name" in t else None,
            "published_on": published_on, "published_on_source": published_source,
            "fieldwork_started_on": fieldwork,
            "overall_rating": overall.value,
            "score": int(m_score.group(1)), "max_score": int(m_score.group(2)),
            "cases_inspected": int(m_cases.group(1)) if m_cases else None,
            "practitioner_interviews": int(m_int.group(1)) if m_int else None,
            "lead_inspector": t["lead_inspector"].value if "lead_inspector" in t else None,
            "framework": framework, "source_file": source_file, "source_sha256": sha,
            "source_line": t["unit_name"].line,
        }],
        schema=frame_schema("inspection"),
    )

    tables = {
        "inspection": inspection,
        "case_sample_windows": _windows(rec, iid, sha),
        "standard_ratings": _standard_ratings(rec, iid, sha, fw_standards, ref.rating_scale, framework),
        "key_questions": _key_questions(rec, iid, sha, framework, ref.key_question_themes),
        "recommendations": _recommendations(rec, iid, sha, ref.vocabulary),
        "findings": _findings(rec, iid, sha),
        "caseload": _caseload(rec, iid, sha),
        "stated_figures": _stated_figures(rec, iid, sha, ref.stated_figure_measures),
    }
    tables["inspection_field_sources"] = pl.DataFrame(
        {"inspection_id": iid, "field": list(field_lines), "source_line": list(field_lines.values()),
         "source_sha256": sha, "source_location": None},
        schema=frame_schema("inspection_field_sources"),
    )
    body_ratings = {c: e["body_rating"].value for c, e in rec.standards.items() if "body_rating" in e}
    consistency = quality_rules.check_inspection(
        inspection, tables["standard_ratings"], tables["key_questions"], ref.framework_standards,
        ref.rating_scale, body_ratings, (match.status, match.candidates),
        t["foreword_rating"].value if "foreword_rating" in t else None,
    )
    completeness = quality_rules.check_completeness(
        inspection, {c for c, e in rec.standards.items() if "body_name" in e}, tables["standard_ratings"],
        tables["key_questions"], tables["findings"], tables["recommendations"], ref.framework_standards,
        ref.frameworks.filter(pl.col("framework_code") == framework).row(0, named=True),
        [(code, label.value, label.line) for code, label in rec.unknown_labels],
        tables["case_sample_windows"], tables["caseload"],
        [(code, bullet.line) for code, bullet in rec.unsorted_bullets],
    )
    tables["data_quality"] = quality_rules.with_severity(pl.concat([consistency, completeness]), ref.quality_rules)
    return ReportFacts(tables)


def _strip_pdu(name: str) -> str:
    return re.sub(r"\s*\b(?:PDU|Probation Delivery Unit)\s*$", "", name, flags=re.I)


def _windows(rec: ReportRecords, iid: str, sha: str) -> pl.DataFrame:
    rows = []
    m_between, block = _search_blocks(_context_blocks(rec), re.compile(r"commenced between\s+(.+?)(?:\.\s|\.$|$)"))
    if m_between:
        for m in _WINDOW.finditer(m_between.group(1)):
            d1, mon1, y1, d2, mon2, y2 = m.groups()
            rows.append({
                "inspection_id": iid, "window_seq": len(rows) + 1,
                "starts_on": _date(d1, mon1, y1 or y2), "ends_on": _date(d2, mon2, y2),
                "source_sha256": sha,
                "source_line": block.line_at(m_between.start(1) + m.start()),
            })
    return pl.DataFrame(rows, schema=frame_schema("case_sample_windows"))


def _standard_ratings(rec, iid, sha, fw_standards: pl.DataFrame, scale: pl.DataFrame, framework: str) -> pl.DataFrame:
    points = dict(scale.filter(pl.col("framework_code") == framework).select("rating", "rating_points").iter_rows())
    rows = []
    for fw in fw_standards.iter_rows(named=True):
        if fw["standard_code"] not in rec.standards:
            continue  # no section and no ratings row: a completeness gap (data_quality), not a guess
        entry = rec.standards[fw["standard_code"]]
        rated = entry.get("rating") or (entry.get("body_rating") if fw["rated"] else None)
        name = entry.get("body_name") or entry.get("summary_name")
        rows.append({
            "inspection_id": iid, "standard_code": fw["standard_code"], "standard_name": name.value,
            "domain": entry.get("domain") or fw["domain"],
            "rating": rated.value if rated else None,
            "rating_points": points.get(rated.value) if rated else None,
            "source_sha256": sha, "source_line": rated.line if rated else name.line,
        })
    return pl.DataFrame(rows, schema=frame_schema("standard_ratings"))


def _key_questions(rec, iid, sha, framework: str, themes: pl.DataFrame) -> pl.DataFrame:
    # a rule for the question's own standard wins over a rule for any standard ("*")
    rules = (
        themes.filter(pl.col("framework_code") == framework)
        .sort(pl.col("standard_code") == "*", "priority")
        .select("standard_code", "question_pattern", "theme")
        .rows()
    )
    rows = []
    for kq in rec.key_questions:
        theme = next(
            (theme for code, pattern, theme in rules
             if code in {"*", kq["standard_code"]} and re.search(pattern, kq["question_text"], re.I)),
            None,
        )
        rows.append({"inspection_id": iid, "standard_code": kq["standard_code"], "theme": theme,
                     "question_text": kq["question_text"], "pct_yes": kq["pct_yes"],
                     "source_sha256": sha, "source_line": kq["source_line"]})
    return pl.DataFrame(rows, schema=frame_schema("key_questions"))


def _recommendations(rec, iid, sha, vocab) -> pl.DataFrame:
    rows = []
    for r in rec.recommendations:
        addressee = vocab.addressee(r["addressee_text"]) if r["addressee_text"] is not None else None
        rows.append({"inspection_id": iid, "seq": r["seq"], "addressee": addressee,
                     "addressee_text": r["addressee_text"], "text": r["text"],
                     "source_sha256": sha, "source_line": r["source_line"]})
    return pl.DataFrame(rows, schema=frame_schema("recommendations"))


def _findings(rec, iid, sha) -> pl.DataFrame:
    counters: dict[tuple, int] = {}
    rows = []
    for f in rec.findings:
        key = (f["standard_code"], f["subsection"], f["kind"])
        counters[key] = counters.get(key, 0) + 1
        rows.append({"inspection_id": iid, "standard_code": f["standard_code"], "subsection": f["subsection"],
                     "kind": f["kind"], "seq": counters[key], "text": f["text"],
                     "source_sha256": sha, "source_line": f["source_line"]})
    return pl.DataFrame(rows, schema=frame_schema("findings"))


_CASELOAD = {
    "region_caseload": re.compile(r"caseload for the .+? region was\s+([\d,]+)", re.I),
    "community_sentences": re.compile(r"([\d,]+)\s+people on community sentences", re.I),
    "post_release_supervision": re.compile(r"([\d,]+)\s+people on post-release supervision", re.I),
    "custody": re.compile(r"([\d,]+)\s+cases in (?:the )?custod(?:ial estate|y)", re.I),
}


def _caseload(rec, iid, sha) -> pl.DataFrame:
    row: dict = {"inspection_id": iid}
    line = None
    for name, pattern in _CASELOAD.items():
        m, block = _search_blocks(_context_blocks(rec), pattern)
        row[name] = int(m.group(1).replace(",", "")) if m else None
        if m and line is None:
            line = block.line_at(m.start(1))
    row["source_sha256"], row["source_line"] = sha, line
    frame = pl.DataFrame([row], schema=frame_schema("caseload"))
    return frame if line is not None else frame.clear()


def _stated_figures(rec, iid, sha, measure_rules: pl.DataFrame) -> pl.DataFrame:
    rules = stated_figures.compile_measure_rules(measure_rules)
    rows = []
    for section, code, subsection, block in rec.prose:
        for offset, sentence in stated_figures.split_sentences(block.text):
            for pos, value, written in stated_figures.find_percentages(sentence):
                rows.append({
                    "section": section, "standard_code": code, "subsection": subsection,
                    "pct": value, "pct_text": written,
                    "measure": stated_figures.classify_measure(sentence, pos, subsection, rules),
                    "sentence": sentence.lstrip("- ").strip(), "source_line": block.line_at(offset + pos),
                })
    for kq in rec.key_questions:
        entry = rec.standards[kq["standard_code"]]
        name = entry.get("body_name") or entry.get("summary_name")
        rows.append({
            "section": f"{kq['standard_code']} {name.value}", "standard_code": kq["standard_code"],
            "subsection": None, "pct": kq["pct_yes"], "pct_text": f"{kq['pct_yes']:g}%",
            "measure": "key_question", "sentence": kq["question_text"], "source_line": kq["pct_line"],
        })
    rows.sort(key=lambda r: r["source_line"])
    for seq, r in enumerate(rows, start=1):
        r.update({"inspection_id": iid, "seq": seq, "source_sha256": sha})
    return pl.DataFrame(rows, schema=frame_schema("stated_figures"))
