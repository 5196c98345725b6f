"""``inspections status``: the latest release in a few lines (pure: manifest in, text out)."""

from __future__ import annotations

import datetime as dt


def age(since: dt.datetime, now: dt.datetime) -> str:
    """A duration in words, to the largest whole unit: ``3 days``, ``5 hours``, ``1 minute``."""
    seconds = max(0, int((now - since).total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'' if n == 1 else 's'}"
    return "less than a minute"


def freshness(manifest: dict, now: dt.datetime) -> str:
    """How recent the release is: the newest report's publication date and its age then, and
    the age of the release now."""
    created = dt.datetime.fromisoformat(manifest["created_at"])
    newest = manifest.get("newest_report")
    if newest:
        report = dt.datetime.combine(dt.date.fromisoformat(newest), dt.time(), tzinfo=dt.timezone.utc)
        news = f"newest report published {newest} ({age(report, now)} ago)"
    elif "newest_report" in manifest:
        news = "no report in this release"
    else:
        news = "newest report not recorded by this release"
    return f"  freshness: {news}; release {manifest.get('name', manifest['run_id'])} is {age(created, now)} old"


def render_status(manifest: dict | None, location: str, writing: str | None = None,
                  now: dt.datetime | None = None) -> str:
    """When and by which run the current release was published, how fresh it is (given
    ``now``), what that run did, its row counts, and what it rejected. ``writing``: who holds
    the writer lock now, if anyone."""
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
    if now is not None:
        lines.append(freshness(manifest, now))
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
