"""``inspections status``: the latest release in a few lines (pure: manifest in, text out)."""

from __future__ import annotations


def render_status(manifest: dict | None, location: str, writing: str | None = None) -> str:
    """When and by which run the current release was published, what that run did, its row
    counts, and what it rejected. ``writing``: who holds the writer lock now, if anyone."""
    lines = []
    if writing:
        lines.append(f"a run is writing the warehouse now ({writing})")
    if manifest is None:
        lines.append(f"no release published yet at {location}: run `inspections run`")
        return "\n".join(lines)
    run = manifest.get("run") or {}
    kind = f" ({run['kind']})" if run.get("kind") else ""
    lines.append(f"latest release: run {manifest['run_id']}{kind}, published {manifest['created_at']}")
    lines.append(f"  at {location}; report files in the warehouse: {manifest['source_files']}")
    if run:
        f, p = run["files"], run["parse"]
        lines.append(f"  that run: {f['loaded']} loaded, {f['already loaded']} already loaded, {f['rejected']} rejected;"
                     f" {p['parsed']} parsed, {p['cache hit']} from the parse cache")
    lines.append("  rows per mart:")
    width = max((len(name) for name in manifest["marts"]), default=0)
    lines += [f"    {name:<{width}}  {rows:>8}" for name, rows in sorted(manifest["marts"].items())]
    if "rejected" in run:
        if run["rejected"]:
            lines.append(f"  rejected by that run ({len(run['rejected'])}):")
            lines += [f"    {r['file']}: {r['reason']}" for r in run["rejected"]]
        else:
            lines.append("  rejected by that run: none")
    return "\n".join(lines)
