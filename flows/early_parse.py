"""Parsing a run's new reports before its flow starts: the command line sends them to the run's
parse workers (flows/parse_pool.py ``Workers.send_early``) while it waits for Prefect's server,
and the engine takes each result by its parse-cache key instead of sending the job again.

Only a guess at what the run will parse, so it never decides anything: a report is sent early
when it was modified after the warehouse was last written (``flows/discover.changed_since``'s
rule), is within the input limits, and is not in the parse cache; at most ``most`` of them (the
first batches), so results wait in memory for a bounded number of files. A result the run does
not ask for (its content was loaded already) is dropped with the workers. Nothing here imports
Prefect: the command line decides whether to start its own server from whether Prefect is
imported."""

from __future__ import annotations

import hashlib
from pathlib import Path

from core.settings import Limits
from flows.discover import discover_inputs
from flows.input_limits import over_limits
from flows.outcomes import display_name
from flows.parse_cache import parser_fingerprint
from flows.parse_pool import Workers


def send_new_reports(raw_dir: Path, warehouse_path: Path, cache_dir: Path, reference_dir: Path, workers: Workers,
                     limits: Limits, most: int) -> int:
    """Send the reports under ``raw_dir/reports`` modified after ``warehouse_path`` (all, if it does
    not exist) and not in ``cache_dir`` to ``workers``, at most ``most``; how many were sent."""
    if workers.processes < 2:
        return 0
    try:
        return _send(Path(raw_dir), Path(warehouse_path), Path(cache_dir), Path(reference_dir), workers, limits, most)
    except Exception:  # noqa: BLE001 - only a head start: the run reads, parses and reports every file itself
        return 0


def _send(raw_dir: Path, warehouse_path: Path, cache_dir: Path, reference_dir: Path, workers: Workers,
          limits: Limits, most: int) -> int:
    from flows.report_parse import report_cache_key, report_job

    try:
        since = warehouse_path.stat().st_mtime
    except OSError:
        since = None
    fingerprint, sent = parser_fingerprint(reference_dir), 0
    for path in discover_inputs(raw_dir, "reports").files:
        if sent >= most:
            break
        try:
            if (since is not None and path.stat().st_mtime <= since) or over_limits(path, limits) is not None:
                continue
            data = path.read_bytes()
        except OSError:  # the run reads it again and says why
            continue
        sha, display = hashlib.sha256(data).hexdigest(), display_name(path, raw_dir)
        key = report_cache_key(sha, display, fingerprint)
        if not (cache_dir / key).is_file():
            workers.send_early(key, "report", str(reference_dir), report_job(data, display, sha, path))
            sent += 1
    return sent
