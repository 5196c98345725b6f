"""A release's ``CHANGES.md`` (pure: facts in, Markdown out): inspections added since the
previous release, rows per mart and their change, a data-quality summary, the newest report."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReleaseFacts:
    name: str
    run_id: str
    created_at: str
    counts: dict[str, int]
    added: list[tuple[str, str | None, str | None]]
    """(inspection_id, unit_name, published_on) of inspections not in the previous release."""
    removed: list[str] = field(default_factory=list)
    """Inspection ids of the previous release no longer in this one (after a rebuild)."""
    quality: list[tuple[str, int, int, int]] = field(default_factory=list)
    """(rule, checks, failed, failed in added inspections)."""
    newest_report: str | None = None
    reused: list[str] = field(default_factory=list)
    """Marts whose files were carried over unchanged from the previous release."""


def _cell(value: object) -> str:
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def _change(now: int | None, before: int | None) -> str:
    if before is None:
        return "new"
    if now is None:
        return "removed"
    return f"{now - before:+d}" if now != before else "0"


def render_changes(facts: ReleaseFacts, previous: dict | None) -> str:
    """``previous``: the previous release's manifest (``name``, ``created_at``, ``marts``), or
    None for a first release."""
    lines = [f"# Changes in release {facts.name}", "",
             f"Published {facts.created_at} by run {facts.run_id}."]
    if previous is None:
        lines.append("First release: there is no previous release to compare with.")
    else:
        label = previous.get("name") or previous.get("run_id")
        lines.append(f"Compared with the previous release {label} (published {previous.get('created_at')}).")
    newest = facts.newest_report or "none (no inspection loaded)"
    lines += [f"Newest report in this release: published {newest}.", "",
              f"## Inspections added ({len(facts.added)})", ""]
    if facts.added:
        lines += ["| inspection | unit | published |", "|---|---|---|"]
        lines += [f"| {_cell(i)} | {_cell(u)} | {_cell(p)} |" for i, u, p in facts.added]
    else:
        lines.append("None.")
    if facts.removed:
        lines += ["", f"## Inspections no longer in the warehouse ({len(facts.removed)})", ""]
        lines += [f"- {_cell(i)}" for i in facts.removed]
    before = (previous or {}).get("marts") or {}
    lines += ["", "## Rows per mart", "", "| mart | rows | change |", "|---|---:|---:|"]
    for name in sorted(set(facts.counts) | set(before)):
        now = facts.counts.get(name)
        lines.append(f"| {name} | {'' if now is None else now} | {_change(now, before.get(name) if previous else None)} |")
    if facts.reused:
        lines += ["", f"Unchanged since the previous release, files carried over: {', '.join(sorted(facts.reused))}."]
    lines += ["", "## Data quality", ""]
    if facts.quality:
        lines += ["| rule | checks | failed | failed in added inspections |", "|---|---:|---:|---:|"]
        lines += [f"| {_cell(r)} | {c} | {f} | {a} |" for r, c, f, a in facts.quality]
    else:
        lines.append("No checks recorded.")
    return "\n".join(lines) + "\n"
