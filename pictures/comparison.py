"""Pure: the page's frames (warehouse.store.page_frames) -> the comparison page's HTML.
Picks the figures, writes each section's sentence and the provenance notes."""

from __future__ import annotations

import polars as pl

from pictures import figures
from pictures.explore import explorer_html
from pictures.page import Section, render_page

SECTION_TITLES = {
    "explore": "Explore a PDU",
    "ratings": "Ratings by PDU and standard",
    "themes": "Key-question results by theme",
    "mix": "Rating mix over time",
    "surveys": "Survey results",
}


class UnknownPdu(ValueError):
    """--pdu names no PDU code of the register."""


def resolve_highlight(pdus: pl.DataFrame, code: str | None) -> str | None:
    """The PDU code to highlight, None for none. ``code`` is a code of the register (current or
    superseded, any case) or a PDU's name (any case, with or without "PDU"); UnknownPdu when it
    names no PDU."""
    if code is None:
        return None
    wanted = code.strip().upper()
    if wanted in set(pdus["pdu_code"].to_list()):
        return wanted
    name = " ".join(code.replace("PDU", " ").replace("pdu", " ").split()).casefold()
    matches = [c for c, n in zip(pdus["pdu_code"], pdus["pdu_name"]) if (n or "").casefold() == name]
    if len(matches) == 1:
        return matches[0]
    raise UnknownPdu(f"unknown PDU {code!r}: not a code or name in the PDU register "
                     "(reference/probation_delivery_units.csv)")


def provenance(meta: pl.DataFrame, source: str) -> list[str]:
    """The lines under the page title: what it was built from."""
    m = meta.row(0, named=True)
    run = f"run {m['run_id']} ({m['run_at']})" if m["run_id"] else "no recorded run"
    return [
        f"Built from {source}, {run}.",
        f"{m['inspections']} inspection(s) loaded; {m['inspected_pdus']} of {m['current_pdus']} current PDUs "
        "have an inspection, and each is shown by its latest (its own or a predecessor's).",
    ]


def synthetic_note(meta: pl.DataFrame) -> str | None:
    """A warning when some or all loaded reports are the project's synthetic samples."""
    m = meta.row(0, named=True)
    synthetic, total = m["synthetic_report_files"], m["report_files"]
    if not synthetic:
        return None
    if synthetic == total:
        return (f"Synthetic data: all {total} reports loaded are synthetic samples written by this project's "
                "generator (synth/). No figure on this page describes a real inspection.")
    return (f"Partly synthetic: {synthetic} of {total} reports loaded are synthetic samples written by this "
            "project's generator (synth/), not real inspections.")


def highlight_note(pdus: pl.DataFrame, cells: pl.DataFrame, highlight: str | None) -> str:
    if highlight is None:
        return "No PDU highlighted (choose one with --pdu CODE or NAME)."
    name = pdus.filter(pl.col("pdu_code") == highlight)["pdu_name"][0]
    if highlight in set(cells["pdu_code"].to_list()):
        return f"Highlighted: {name} ({highlight})."
    return f"{name} ({highlight}) has no inspection in this warehouse: nothing is highlighted."


def sections(frames: dict[str, pl.DataFrame], highlight: str | None) -> list[Section]:
    cells, kq, mix, surveys = (frames[k] for k in ("standard_cells", "key_questions", "rating_mix", "survey_results"))
    meta = frames["meta"].row(0, named=True)
    withheld = figures.suppressed_results(surveys)
    not_inspected = meta["current_pdus"] - meta["inspected_pdus"]
    not_shown = f" {not_inspected} current PDU(s) with no inspection loaded are not shown." if not_inspected else ""
    return [
        Section("explore", SECTION_TITLES["explore"],
                "Choose a region and a PDU (by name or code): its key-question results over time for each "
                "comparison key (the same standard across frameworks), its latest results beside the national and "
                "regional distribution of comparable latest inspections, and the table of what is shown.",
                None, body_html=explorer_html(frames["explore"], frames["pdus"], highlight)),
        Section("ratings", SECTION_TITLES["ratings"],
                "The rating of every rated standard in each inspected PDU's latest inspection, PDUs grouped by "
                "region. Standards of different frameworks share a column when they are the same standard; a "
                "blank cell is a standard that inspection's framework does not have." + not_shown,
                figures.rating_heatmap(cells, frames["ratings"], highlight) if cells.height else None),
        Section("themes", SECTION_TITLES["themes"],
                "The share of inspected cases judged sufficient on each key question of each PDU's latest "
                "inspection, by theme: each point is one key question of one PDU.",
                figures.theme_distribution(kq, highlight) if kq.height else None),
        Section("mix", SECTION_TITLES["mix"],
                "Overall ratings of every inspection loaded, as shares of the inspections published in each "
                "half-year: England and Wales, then each region with inspections.",
                figures.rating_mix(mix, frames["ratings"]) if mix.height else None),
        Section("surveys", SECTION_TITLES["surveys"],
                "The percentage of respondents answering positively to each survey question in each PDU's latest "
                "inspection, with its 95% Wilson score interval. A result answered by too few people is "
                "suppressed: it is listed below, not plotted.",
                figures.survey_intervals(surveys, highlight) if surveys.height else None,
                empty="Nothing to show: no survey extract of a latest inspection is loaded.",
                table_caption="Suppressed survey results (too few answers to publish a percentage)",
                table_columns=("PDU", "code", "survey", "question", "answered", "minimum answers"),
                table_rows=[tuple(r) for r in withheld.iter_rows()]),
    ]


def build_page(frames: dict[str, pl.DataFrame], highlight: str | None, source: str,
               plotlyjs: str | None = None) -> str:
    """The comparison page as one HTML string; ``highlight`` is a code from resolve_highlight."""
    notes = provenance(frames["meta"], source)
    notes.append(highlight_note(frames["pdus"], frames["standard_cells"], highlight))
    return render_page(sections(frames, highlight), notes, synthetic_note(frames["meta"]), plotlyjs)
