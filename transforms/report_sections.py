"""Blocks to the facts a reader sees in each part of the report, as plain records.

One pass over the blocks with a small state machine: which part of the report we
are in (title pages, ratings page, recommendations, background, a standard's
section), which standard and named subsection, and whether the list is of
strengths or areas for improvement. Every record keeps its source line.

The structure is read by meaning, with the vocabularies of ``reference/`` (see
:mod:`core.vocabulary`): parts in any order and under other names,
standard headings with or without numbers or a "Standard" prefix, finding labels and
their synonyms with or without a colon, recommendations numbered or bulleted to any
addressee. What cannot be read is kept for the completeness rules: unknown labels
inside a standard, key-question rows whose number is unreadable.

A standard whose heading has no number is keyed ``?<name>`` until the framework is
known (:func:`resolve_unnumbered`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transforms.number_words import words_to_number
from transforms.report_blocks import (
    ADDRESSEE, DOMAIN_HEADING, NUMBERED, ROW, STANDARD_HEADING, Block, row_complete,
)
from core.vocabulary import Vocabulary

_SUBSECTION_MAX_WORDS = 8
_UNKNOWN_LABEL_MAX_WORDS = 6
_SEP = r"\s*[:\u2013\u2014-]?\s*"
#: between a score and its maximum: "6/27", "6 out of 27", "6 out of a possible 27", "6 of 27"
SCORE_OF = r"(?:/|out of(?: a (?:possible|maximum(?: of)?))?|of(?: a possible)?)"


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
    unknown_labels: list[tuple[str, Located]] = field(default_factory=list)
    """(standard key, label) for an ``X:`` label inside a standard that no vocabulary knows."""
    unsorted_bullets: list[tuple[str, Located]] = field(default_factory=list)
    """(standard key, bullet) for a bullet inside a standard under no finding label."""
    unreadable_numbers: list[Located] = field(default_factory=list)
    """Lines where a number belongs but none can be read (a key-question row's percentage)."""


@dataclass
class _Patterns:
    """Per-vocabulary patterns, compiled once per call."""

    overall: re.Pattern[str]
    score: re.Pattern[str]
    score_label: re.Pattern[str]
    trailing_rating: re.Pattern[str]
    named_rating: re.Pattern[str]
    foreword_rating: re.Pattern[str]
    body_rating: re.Pattern[str]


def _patterns(vocab: Vocabulary) -> _Patterns:
    r = vocab.rating_word
    return _Patterns(
        overall=re.compile(rf"^(?:{vocab.overall_label}){_SEP}(?:['\"]?(?P<rating>{r})['\"]?)?\.?$", re.I),
        score=re.compile(
            rf"^(?:(?:{vocab.score_label}){_SEP})?(?P<score>-?\d+)\s*{SCORE_OF}\s*(?P<max>-?\d+)"
            r"(?:\s*(?:points|possible points))?\.?$", re.I),
        score_label=re.compile(rf"^(?:{vocab.score_label}):?$", re.I),
        trailing_rating=re.compile(rf"^(?P<text>.*?)\s*\b(?P<rating>{r})\.?$", re.I),
        named_rating=re.compile(rf"^(?P<name>.+?){_SEP}['\"]?(?P<rating>{r})['\"]?\.?$", re.I),
        foreword_rating=re.compile(rf"\brat(?:ed|ing)\b[^.]{{0,80}}?'(?P<rating>{r})'", re.I),
        body_rating=re.compile(rf"^(?:our |standard )?rating{_SEP}['\"]?(?P<rating>{r})['\"]?\.?$", re.I),
    )


def _standard_heading(block: Block, vocab: Vocabulary) -> tuple[str, str] | None:
    """(key, name as printed) of a standard's heading: the code when numbered, else ``?name``."""
    if block.kind != "heading":
        return None
    if (m := STANDARD_HEADING.match(block.text)) is not None:
        return f"{m.group(1)}.{m.group(2)}", m.group(3).strip()
    low = block.text.lower()
    if low in vocab.standard_names:
        return f"?{low}", block.text
    return None


def _domain_heading(block: Block, vocab: Vocabulary) -> str | None:
    if block.kind != "heading":
        return None
    if (m := DOMAIN_HEADING.match(block.text)) is not None:
        return m.group(2)
    return block.text if block.text.lower() in vocab.domain_names else None


def _next_structure(blocks: list[Block], i: int) -> Block | None:
    """The first block after ``i`` that is not a plain paragraph."""
    return next((b for b in blocks[i + 1:] if b.kind != "paragraph"), None)


def read_sections(blocks: list[Block], vocab: Vocabulary) -> ReportRecords:
    """Walk the blocks in order and sort what they say into records."""
    pat = _patterns(vocab)
    rec = ReportRecords()
    part = "front"
    standard: str | None = None
    subsection: str | None = None
    kind: str | None = None
    addressee: str | None = None
    pending: str | None = None  # what the next rating (or score) block belongs to
    domain: str | None = None
    ratings_domains: set[str] = set()
    awaiting_description = False

    for i, block in enumerate(blocks):
        text = block.text
        rec.last_block = block
        std = _standard_heading(block, vocab)
        dom = _domain_heading(block, vocab) if std is None else None

        # --- switches between the report's parts ----------------------------------------
        opens = vocab.part_of(text) if block.kind == "heading" else None
        if opens == "background" and part == "body" and standard is not None:
            opens = None  # "Context" inside a standard's section is its subsection, not the Background
            block.kind = "paragraph"
        if opens and opens != "front":
            part = opens
            rec.parts.append(Located(text, block.line))
            standard = subsection = kind = None
            continue
        if part == "ratings" and (
            (std and "summary_name" in rec.standards.get(std[0], {}))
            or (dom and dom.lower() in ratings_domains)
        ):
            part = "body"  # the ratings page is over: its headings come round again
        if part == "background" and (std or dom):
            part = "body"
        if part == "recommendations" and (std or dom) and not (
            addressee and NUMBERED.match(text) and not STANDARD_HEADING.match(text)
            and (dom or "").lower() not in vocab.domain_names
        ):
            part = "body"  # a numbered recommendation that looks like a heading stays one

        if part in {"front", "acknowledgements"}:
            _read_title(block, rec)
            continue
        if part in {"contents", "annexe"}:
            continue
        if part == "foreword":
            rec.prose.append(("Foreword", None, None, block))
            m_overall = pat.foreword_rating.search(text)
            if m_overall and "foreword_rating" not in rec.title:
                rec.title["foreword_rating"] = Located(
                    vocab.rating(m_overall.group("rating")), block.line_at(m_overall.start("rating")))
            continue

        if part == "ratings":
            box = [pending, domain]
            _read_ratings_block(block, std, dom, rec, pat, vocab, ratings_domains, box)
            pending, domain = box
            continue

        if part == "recommendations":
            m_who = ADDRESSEE.match(text)
            m_num = NUMBERED.match(text)
            if m_who and (block.kind == "label" or (block.kind == "paragraph" and len(text.split()) <= 12)):
                addressee = m_who.group("who").strip()
            elif m_num and block.kind in {"numbered", "heading"}:
                last = rec.recommendations[-1]["seq"] if rec.recommendations else 0
                printed = int(m_num.group(1))  # numbering that restarts per addressee is counted on
                _add_recommendation(rec, printed if printed > last else last + 1, addressee, m_num.group(2), block)
            elif block.kind == "bullet":
                seq = rec.recommendations[-1]["seq"] + 1 if rec.recommendations else 1
                _add_recommendation(rec, seq, addressee, text[2:].strip(), block)
            else:
                rec.prose.append(("Recommendations", None, None, block))
            continue

        if part == "background":
            rec.background.append(block)
            rec.prose.append(("Background", None, None, block))
            continue

        # part == "body"
        if std:
            standard = std[0]
            rec.parts.append(Located(text, block.line))
            entry = rec.standards.setdefault(standard, {})
            name = std[1]
            if (m_named := pat.named_rating.match(name)) is not None:  # "1.1 Leadership: Good"
                name = m_named.group("name")
                entry["body_rating"] = Located(vocab.rating(m_named.group("rating")), block.line)
            entry["body_name"] = Located(name, block.line)
            entry.setdefault("domain", domain)
            subsection = kind = None
            awaiting_description = True
            continue
        if dom:
            domain = dom
            standard = subsection = kind = None
            continue
        if standard is None:
            rec.prose.append(("Body", None, None, block))
            continue
        entry = rec.standards[standard]
        rating = vocab.rating(text) if block.kind == "rating" else None
        m_body = pat.body_rating.match(text)
        if (rating or m_body) and "body_rating" not in entry:
            entry["body_rating"] = Located(rating or vocab.rating(m_body.group("rating")), block.line)
            awaiting_description = False
            continue
        if awaiting_description and block.kind == "paragraph":
            m_tr = pat.trailing_rating.match(text)
            if m_tr and m_tr.group("text").endswith("."):
                entry["body_rating"] = Located(vocab.rating(m_tr.group("rating")),
                                               block.line_at(m_tr.start("rating")))
                entry["description"] = m_tr.group("text")
            else:
                entry["description"] = text
            awaiting_description = False
            rec.prose.append((_section_name(standard, entry), standard, subsection, block))
            continue
        if block.kind == "label":
            found_kind = vocab.finding_kind(text)
            if found_kind:
                kind = found_kind
            elif not vocab.table_header.match(text):  # "Leaders should:" inside a standard
                rec.unknown_labels.append((standard, Located(text, block.line)))
                kind = None
            continue
        if block.kind == "row":
            _read_row(block, standard, rec, entry, subsection)
            continue
        m_num = NUMBERED.match(text) if block.kind == "numbered" else None
        if (block.kind == "bullet" or m_num) and kind is not None:  # bulleted or numbered findings
            rec.findings.append(
                {"standard_code": standard, "subsection": subsection, "kind": kind,
                 "text": m_num.group(2).strip() if m_num else text[2:].strip(), "source_line": block.line,
                 "block": block}
            )
            rec.prose.append((_section_name(standard, entry), standard, subsection, block))
            continue
        if block.kind == "bullet":  # a bullet under no finding label: kept as prose, and counted
            rec.unsorted_bullets.append((standard, Located(text, block.line)))
        if block.kind == "paragraph" and text.endswith(":") and len(text.split()) <= _UNKNOWN_LABEL_MAX_WORDS:
            rec.unknown_labels.append((standard, Located(text, block.line)))
            kind = None  # what follows an unknown label is not sorted into strengths or improvements
            continue
        if block.kind == "paragraph" and _is_subsection_heading(text):
            following = _next_structure(blocks, i)
            if following is not None and following.kind == "label" and vocab.finding_kind(following.text):
                subsection = text
                kind = None
                continue
            # otherwise a caption: it does not end the list it sits in
        rec.prose.append((_section_name(standard, entry), standard, subsection, block))
    return rec


def _add_recommendation(rec: ReportRecords, seq: int, addressee: str | None, text: str, block: Block) -> None:
    rec.recommendations.append(
        {"seq": seq, "addressee_text": addressee, "text": text, "source_line": block.line}
    )


def _read_ratings_block(block, std, dom, rec, pat, vocab, ratings_domains, box) -> None:
    pending, domain = box
    text = block.text
    low = text.lower()
    if std:
        name, rating = std[1], None
        m_named = pat.named_rating.match(name)
        if m_named:  # "1.1 Leadership Requires improvement" on one line
            name, rating = m_named.group("name"), vocab.rating(m_named.group("rating"))
        entry = rec.standards.setdefault(std[0], {})
        entry["summary_name"] = Located(name.strip(), block.line)
        entry["domain"] = domain
        if rating:
            entry["rating"] = Located(rating, block.line)
            pending = None
        else:
            pending = std[0]
    elif dom:
        domain = dom
        ratings_domains.add(dom.lower())
    elif (m := pat.overall.match(text)) is not None:
        if m.group("rating"):
            rec.ratings_page["overall_rating"] = Located(vocab.rating(m.group("rating")), block.line)
            pending = None
        else:
            pending = "overall"
    elif low.startswith("fieldwork started"):
        rec.ratings_page["fieldwork_started"] = Located(text, block.line)
    elif pat.score.match(text) and "score" not in rec.ratings_page:
        rec.ratings_page["score"] = Located(text, block.line)
    elif pat.score_label.match(text):
        pending = "score"
    elif block.kind == "rating" and pending and pending != "score":
        rating = Located(vocab.rating(text), block.line)
        if pending == "overall":
            rec.ratings_page["overall_rating"] = rating
        else:
            rec.standards[pending]["rating"] = rating
        pending = None
    elif block.kind == "paragraph" and "unit_name" not in rec.ratings_page and pending is None:
        rec.ratings_page["unit_name"] = Located(text, block.line)
    box[:] = [pending, domain]


def _read_row(block: Block, standard: str, rec: ReportRecords, entry: dict, subsection) -> None:
    text = block.text
    m_row = ROW.match(text)
    if m_row is None:
        if row_complete(text) or "?" in text:  # a question whose percentage cannot be read
            rec.unreadable_numbers.append(Located(text, block.line))  # text where the percentage belongs
        else:
            rec.prose.append((_section_name(standard, entry), standard, subsection, block))
        return
    question = (m_row.group("question") or m_row.group("question2")).strip(" |:.\u2013\u2014-")
    written = m_row.group("pct") or m_row.group("pct2")
    start = m_row.start("pct") if m_row.group("pct") else m_row.start("pct2")
    number = words_to_number(written)
    rec.key_questions.append(
        {"standard_code": standard, "question_text": question,
         "pct_yes": float(number if number is not None else written),
         "pct_written": text[start:].strip(" |"), "source_line": block.line,
         "pct_line": block.line_at(start), "block": block}
    )


def _section_name(code: str, entry: dict) -> str:
    name = entry.get("body_name") or entry.get("summary_name")
    return f"{code} {name.value}" if name else code


_CAPTION = re.compile(r"^(?:figure|table|chart|graph|source|note|image|photo)\b|:", re.I)


def _is_subsection_heading(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= _SUBSECTION_MAX_WORDS
        and text[:1].isupper()
        and not re.search(r"[.!?:;,\"%]$|\d", text)
        and not text.startswith('"')
        and not _CAPTION.search(text)  # "Source: case inspections", "Figure: ..." are captions
    )


def resolve_unnumbered(rec: ReportRecords, codes_by_name: dict[str, str]) -> None:
    """Re-key standards read from unnumbered headings (``?name``) by their framework code,
    in place, everywhere they are referred to."""
    renames = {key: codes_by_name[key[1:]] for key in rec.standards if key.startswith("?") and key[1:] in codes_by_name}
    if not renames:
        return
    merged: dict[str, dict] = {}
    for key, entry in rec.standards.items():
        merged.setdefault(renames.get(key, key), {}).update(entry)
    rec.standards = merged
    for rows in (rec.key_questions, rec.findings):
        for row in rows:
            row["standard_code"] = renames.get(row["standard_code"], row["standard_code"])
    rec.prose = [
        (section.replace(code, renames[code], 1) if code in renames else section, renames.get(code, code), sub, block)
        for section, code, sub, block in rec.prose
    ]
    rec.unknown_labels = [(renames.get(code, code), label) for code, label in rec.unknown_labels]
    rec.unsorted_bullets = [(renames.get(code, code), bullet) for code, bullet in rec.unsorted_bullets]


_DASH = r"\s*[\u2013\u2014-]\s*"
#: title forms: (pattern, kind of inspection); a named group ``unit`` or ``region`` is the unit
_TITLES = (
    (re.compile(r"^An inspection of probation services in:?\s*(?P<unit>.*)$", re.I), "pdu"),
    (re.compile(rf"^An inspection of probation services{_DASH}(?P<region>.+?)\s+region$", re.I), "region"),
    (re.compile(rf"^National Inspection(?:{_DASH}(?P<period>[A-Z][a-z]+\s+\d{{4}}))?$", re.I), "national"),
    (re.compile(r"^Dynamic Inspection of Public Protection in\s+(?P<area>.+)$", re.I), "public-protection"),
)
#: the end of a unit's name that a wrap cut off a one-line title: "PDU", "Talbot PDU"
_UNIT_TAIL = re.compile(r"^(?:(?:[A-Z][\w'&.,-]*|and|of|upon|on)\s+){0,5}(?:PDU|Probation Delivery Unit)$")
_UNIT_END = re.compile(r"\b(?:PDU|Probation Delivery Unit)$")
_TITLE_REGION = re.compile(rf"^The Probation Service{_DASH}(.+?)\s+region$", re.I)
_TITLE_PUBLISHED = re.compile(r"^HM Inspectorate of Probation,\s+((?:\d{1,2}\s+)?[A-Z][a-z]+\s+\d{4})$")
#: a web page's "Published:" line; the date itself may sit in an element the text lost
_WEB_PUBLISHED = re.compile(
    r"^(?:Published|Publication date|Date published|First published)(?:\s+on)?\s*:?\s*"
    r"(?P<date>(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]+\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})?$", re.I)
_LEAD = re.compile(r"\bled by HM Inspector\s+([A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)+)")


def _read_title(block: Block, rec: ReportRecords) -> None:
    text = block.text
    title = rec.title
    if title.pop("unit_open", None) and _UNIT_TAIL.match(text) and not _UNIT_END.search(title["unit_name"].value):
        unit = title["unit_name"]  # a one-line title cut by a wrap
        title["unit_name"] = Located(f"{unit.value} {text}", unit.line)
        return
    if "title_seen" not in title:
        for pattern, kind in _TITLES:
            if (m := pattern.match(text)) is None:
                continue
            title["title_seen"] = Located(text, block.line)
            title["title_kind"] = Located(kind, block.line)
            groups = m.groupdict()
            if groups.get("unit"):
                title["unit_name"] = Located(groups["unit"], block.line)
                title["unit_open"] = Located("", block.line)
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
