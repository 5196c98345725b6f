"""What a run shows in Prefect: its files table and its data-quality scoreboard (Markdown).
Pure functions from the run's outcomes and the warehouse's scoreboard frames."""

from __future__ import annotations

from typing import Iterable, Mapping

import polars as pl

FILE_COLUMNS = ("file", "kind", "status", "parse", "inspection_id", "reason")
_FOUND_EXPECTED = (("standards_rated", "standards_expected"), ("key_questions_found", "key_questions_expected"),
                   ("headline_fields_found", "headline_fields_expected"),
                   ("caseload_fields_found", "caseload_fields_expected"))


def files_table(outcomes: Iterable) -> list[dict]:
    """One row per input file: loaded, already loaded or rejected, how it was parsed, and why."""
    return [{"file": o.source_file, "kind": o.kind, "status": o.status, "parse": o.parse or "",
             "inspection_id": o.inspection_id or "", "reason": o.reason or ""} for o in outcomes]


def mart_changes(before: Mapping[str, int] | None, after: Mapping[str, int]) -> pl.DataFrame:
    """Rows per mart now, in the last release, and the change (null where the mart is new or
    there was no release)."""
    before = before or {}
    names = sorted(set(after) | set(before))
    return pl.DataFrame({
        "mart": names,
        "rows": [after.get(n) for n in names],
        "last_release": [before.get(n) for n in names],
    }, schema={"mart": pl.String, "rows": pl.Int64, "last_release": pl.Int64}).with_columns(
        change=pl.col("rows") - pl.col("last_release"))


def extraction_rate(extraction: pl.DataFrame) -> tuple[int, int]:
    """(fields found, fields expected) over every report in ``extraction``."""
    found = sum(int(extraction[f].sum() or 0) for f, _ in _FOUND_EXPECTED)
    expected = sum(int(extraction[e].sum() or 0) for _, e in _FOUND_EXPECTED)
    return found, expected


def _cell(value) -> str:
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(frame: pl.DataFrame) -> str:
    """A GitHub-flavoured Markdown table (Prefect renders artifacts as Markdown)."""
    if frame.is_empty():
        return "_none_"
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * frame.width]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.iter_rows()]
    return "\n".join(lines)


def render_scoreboard(run_id: str, outcomes: list, frames: Mapping[str, pl.DataFrame], changes: pl.DataFrame) -> str:
    """The run's data-quality scoreboard as Markdown."""
    statuses = {s: sum(o.status == s for o in outcomes) for s in ("loaded", "already loaded", "rejected")}
    parses = {p: sum(o.parse == p for o in outcomes) for p in ("parsed", "cache hit", "not needed")}
    extraction = frames["extraction"]
    found, expected = extraction_rate(extraction)
    per_report = extraction.select(
        "inspection_id", "framework",
        *[pl.format("{}/{}", pl.col(f), pl.col(e)).alias(f.rsplit("_", 1)[0]) for f, e in _FOUND_EXPECTED],
        "recommendations")
    rate = f"{found}/{expected} ({100 * found / expected:.1f}%)" if expected else "no report loaded this run"
    parts = [
        f"# Run {run_id}",
        f"Files: {statuses['loaded']} loaded, {statuses['already loaded']} already loaded, "
        f"{statuses['rejected']} rejected.",
        f"Parsing: {parses['parsed']} parsed, {parses['cache hit']} from the parse cache, "
        f"{parses['not needed']} not needed (content loaded before).",
        "## Fields extracted per report loaded in this run",
        f"Fields found of those expected: {rate}.",
        markdown_table(per_report),
        "## Data-quality findings by rule (whole warehouse)",
        markdown_table(frames["rules"]),
        "## Unmatched or ambiguous PDU names",
        markdown_table(frames["unmatched_pdus"]),
        "## Survey figures that disagree with their report",
        markdown_table(frames["survey_disagreements"]),
        "## Rows per mart, and change since the last release",
        markdown_table(changes),
    ]
    return "\n\n".join(parts) + "\n"
