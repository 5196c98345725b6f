"""Blocks to the facts a reader sees in each part of the report, as plain records.

One pass over the blocks with a small state machine: which part of the report we
are in (title pages, ratings page, recommendations, background, a standard's
section), which standard and named subsection, and whether the list is of
strengths or areas for improvement. Every record keeps its source line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transforms.report_blocks import NUMBERED, RATINGS, Block

_STANDARD = re.compile(r"^([1-9])\.(\d)\.?\s+(.+)$")
_DOMAIN = re.compile(r"^([1-9])\.\s+([A-Z].+)$")
_TRAILING_RATING = re.compile(
    r"^(?P<text>.*?)\s*\b(?P<rating>Outstanding|Good|Requires improvement|Inadequate)\.?$"
)
_ROW = re.compile(r"^(?P<question>.+?)\s*(?P<pct>\d{1,3}(?:\.\d+)?)\s?%$")
_ADDRESSEE = re.compile(r"^(?P<who>.+?)\s+should:$", re.I)
_SUBSECTION_MAX_WORDS = 8


@dataclass
class Located:
    """A value and the source line where it was read."""

    value: str
    line: int


@dataclass
class ReportRecords:
    """Everything read from one report, before typing and enrichment."""

    title: dict[str, Located] = field(default_factory=dict)
    ratings_page: dict[str, Located] = field(default_factory=dict)
    standards: dict[str, dict] = field(default_factory=dict)
    key_questions: list[dict] = field(default_factory=list)
    recommendations: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    background: list[Block] = field(default_factory=list)
    prose: list[tuple[str, str | None, str | None, Block]] = field(default_factory=list)
    parts: list[Located] = field(default_factory=list)
    """The report's parts in reading order, as their headings are printed."""
    last_block: Block | None = None


def _rating_name(text: str) -> str:
    for rating in RATINGS:
        if text.lower() == rating.lower():
            return rating
    raise ValueError(text)


def read_sections(blocks: list[Block]) -> ReportRecords:
    """Walk the blocks in order and sort what they say into records."""
    rec = ReportRecords()
    part = "front"
    standard: str | None = None
    subsection: str | None = None
    kind: str | None = None
    addressee: str | None = None
    pending: str | None = None  # what the next rating block belongs to
    domain: str | None = None
    awaiting_description = False

    for block in blocks:
        text = block.text
        low = text.lower()
        rec.last_block = block

        # --- switches between the report's parts ----------------------------------------
        if block.kind == "heading" and (low in _PARTS or low.startswith("annexe")):
            part = _PARTS.get(low, "annexe")
            rec.parts.append(Located(text, block.line))
            standard = subsection = kind = None
            continue

        if part == "front":
            _read_title(block, rec)
            continue
        if part in {"contents", "annexe"}:
            continue
        if part == "acknowledgements":
            _read_title(block, rec)
            continue
        if part == "foreword":
            rec.prose.append(("Foreword", None, None, block))
            m_overall = _FOREWORD_RATING.search(text)
            if m_overall and "foreword_rating" not in rec.title:
                rec.title["foreword_rating"] = Located(
                    _rating_name(m_overall.group("rating")), block.line_at(m_overall.start("rating")))
            continue

        if part == "ratings":
            m_std = _STANDARD.match(text)
            if block.kind == "heading" and m_std:
                pending = f"{m_std.group(1)}.{m_std.group(2)}"
                rec.standards.setdefault(pending, {})["summary_name"] = Located(m_std.group(3), block.line)
                rec.standards[pending]["domain"] = domain
            elif block.kind == "heading" and _DOMAIN.match(text):
                m = _DOMAIN.match(text)
                domain = m.group(2)
            elif low == "overall rating":
                pending = "overall"
            elif low.startswith("fieldwork started"):
                rec.ratings_page["fieldwork_started"] = Located(text, block.line)
            elif low.startswith("score"):
                rec.ratings_page["score"] = Located(text, block.line)
            elif block.kind == "rating" and pending:
                where = rec.ratings_page if pending == "overall" else rec.standards[pending]
                where["overall_rating" if pending == "overall" else "rating"] = Located(
                    _rating_name(text), block.line
                )
                pending = None
            elif block.kind == "paragraph" and "unit_name" not in rec.ratings_page:
                rec.ratings_page["unit_name"] = Located(text, block.line)
            continue

        if part == "recommendations":
            m_who = _ADDRESSEE.match(text)
            m_num = NUMBERED.match(text)
            if block.kind == "label" and m_who:
                addressee = m_who.group("who")
            elif m_num and addressee and block.kind in {"numbered", "heading"}:
                seq = int(m_num.group(1))
                if rec.recommendations and seq <= rec.recommendations[-1]["seq"]:
                    # numbering restarted under a new addressee (HTML-to-text tools print each
                    # <ol start="7"> from 1): the report's count goes on
                    seq = rec.recommendations[-1]["seq"] + 1
                rec.recommendations.append(
                    {"seq": seq, "addressee_text": addressee,
                     "text": m_num.group(2), "source_line": block.line}
                )
            else:
                rec.prose.append(("Recommendations", None, None, block))
            if block.kind == "heading" and _DOMAIN.match(text) and not m_num:
                part = "body"
            else:
                continue

        # --- background and the standards' sections -------------------------------------
        if part == "background":
            m_dom = _DOMAIN.match(text) if block.kind == "heading" else None
            if m_dom:
                part = "body"
            else:
                rec.background.append(block)
                rec.prose.append(("Background", None, None, block))
                continue

        # part == "body"
        m_std = _STANDARD.match(text) if block.kind == "heading" else None
        m_dom = _DOMAIN.match(text) if block.kind == "heading" else None
        if m_std:
            standard = f"{m_std.group(1)}.{m_std.group(2)}"
            rec.parts.append(Located(text, block.line))
            entry = rec.standards.setdefault(standard, {})
            entry["body_name"] = Located(m_std.group(3).strip(), block.line)
            entry.setdefault("domain", domain)
            subsection = kind = None
            awaiting_description = True
            continue
        if m_dom:
            domain = m_dom.group(2)
            standard = subsection = kind = None
            continue
        if standard is None:
            rec.prose.append(("Body", None, None, block))
            continue
        entry = rec.standards[standard]
        if block.kind == "rating" and "body_rating" not in entry:
            entry["body_rating"] = Located(_rating_name(text), block.line)
            awaiting_description = False
            continue
        if awaiting_description and block.kind == "paragraph":
            m_tr = _TRAILING_RATING.match(text)
            if m_tr and m_tr.group("text").endswith("."):
                entry["body_rating"] = Located(m_tr.group("rating"), block.line_at(m_tr.start("rating")))
                entry["description"] = m_tr.group("text")
            else:
                entry["description"] = text
            awaiting_description = False
            rec.prose.append((_section_name(standard, entry), standard, subsection, block))
            continue
        if block.kind == "label":
            if low == "strengths:":
                kind = "strength"
            elif low == "areas for improvement:":
                kind = "improvement"
            continue
        if block.kind == "row":
            m_row = _ROW.match(text)
            if m_row:
                rec.key_questions.append(
                    {"standard_code": standard, "question_text": m_row.group("question"),
                     "pct_yes": float(m_row.group("pct")), "source_line": block.line,
                     "pct_line": block.line_at(m_row.start("pct")), "block": block}
                )
            continue
        if block.kind == "bullet" and kind is not None:
            rec.findings.append(
                {"standard_code": standard, "subsection": subsection, "kind": kind,
                 "text": text[2:].strip(), "source_line": block.line, "block": block}
            )
            rec.prose.append((_section_name(standard, entry), standard, subsection, block))
            continue
        if block.kind == "paragraph" and _is_subsection_heading(text):
            subsection = text
            kind = None
            continue
        rec.prose.append((_section_name(standard, entry), standard, subsection, block))
    return rec


def _section_name(code: str, entry: dict) -> str:
    name = entry.get("body_name") or entry.get("summary_name")
    return f"{code} {name.value}" if name else code


def _is_subsection_heading(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= _SUBSECTION_MAX_WORDS
        and text[:1].isupper()
        and not re.search(r"[.!?:;,\"%]$|\d", text)
        and not text.startswith('"')
    )


#: part headings, as printed (lower case), to the part of the report they open
_PARTS = {
    "contents": "contents", "foreword": "foreword", "foreword from the hm chief inspector": "foreword",
    "chief inspector's judgement": "foreword", "ratings": "ratings", "recommendations": "recommendations",
    "background": "background", "acknowledgements": "acknowledgements",
}
_RATING_WORDS = "|".join(RATINGS)
#: the overall rating as a foreword states it ("rated 'Inadequate'", "an overall rating of 'Good'")
_FOREWORD_RATING = re.compile(rf"\brat(?:ed|ing)\b[^.]{{0,80}}?'(?P<rating>{_RATING_WORDS})'", re.I)
_DASH = r"\s*[\u2013\u2014-]\s*"
#: title forms: (pattern, kind of inspection); a named group ``unit`` or ``region`` is the unit
_TITLES = (
    (re.compile(r"^An inspection of probation services in:?\s*(?P<unit>.*)$", re.I), "pdu"),
    (re.compile(rf"^An inspection of probation services{_DASH}(?P<region>.+?)\s+region$", re.I), "region"),
    (re.compile(rf"^National Inspection(?:{_DASH}(?P<period>[A-Z][a-z]+\s+\d{{4}}))?$", re.I), "national"),
    (re.compile(r"^Dynamic Inspection of Public Protection in\s+(?P<area>.+)$", re.I), "public-protection"),
)
_TITLE_REGION = re.compile(rf"^The Probation Service{_DASH}(.+?)\s+region$", re.I)
_TITLE_PUBLISHED = re.compile(r"^HM Inspectorate of Probation,\s+([A-Z][a-z]+\s+\d{4})$")
#: a web page's "Published:" line; the date itself may sit in an element the text lost
_WEB_PUBLISHED = re.compile(
    r"^Published(?:\s+on)?\s*:?\s*(?P<date>(?:\d{1,2}\s+)?[A-Z][a-z]+\s+\d{4})?$", re.I)
_LEAD = re.compile(r"\bled by HM Inspector\s+([A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)+)")


def _read_title(block: Block, rec: ReportRecords) -> None:
    text = block.text
    title = rec.title
    if "title_seen" not in title:
        for pattern, kind in _TITLES:
            if (m := pattern.match(text)) is None:
                continue
            title["title_seen"] = Located(text, block.line)
            title["title_kind"] = Located(kind, block.line)
            groups = m.groupdict()
            if groups.get("unit"):
                title["unit_name"] = Located(groups["unit"], block.line)
            elif groups.get("region"):
                title["unit_name"] = Located(f"{groups['region']} region", block.line)
                title["region_name"] = Located(groups["region"], block.line)
            elif groups.get("area"):
                title["unit_name"] = Located(groups["area"], block.line)
            elif kind == "national":
                title["unit_name"] = Located("HMPPS", block.line)
            return
    if "title_seen" in title and "unit_name" not in title and block.kind == "paragraph":
        title["unit_name"] = Located(text, block.line)
        return
    if (m := _TITLE_REGION.match(text)) is not None:
        title["region_name"] = Located(m.group(1), block.line)
    elif (m := _TITLE_PUBLISHED.match(text)) is not None:
        title["published"] = Located(m.group(1), block.line)
    elif (m := _WEB_PUBLISHED.match(text)) is not None and "published" not in title:
        title["published_label"] = Located(text, block.line)
        if m.group("date"):
            title["published"] = Located(m.group("date"), block.line)
    elif (m := _LEAD.search(text)) is not None:
        title["lead_inspector"] = Located(m.group(1), block.line_at(m.start(1)))
