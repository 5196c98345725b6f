"""The first step every input file takes: its hash (every file of a run in one task,
``hash-input-files``, retried on transient errors: flows/retry_policy.py), and the ledger rows of
files stopped before they are parsed (rejected, refused). The ingest engine (flows/engine.py) looks
every hash up in the ledger in one query; a file is read whole only when it is to be processed,
after it is checked against the run's limits (flows/input_limits.py). Every reason recorded here
is bounded (``one_line``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Sequence

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows.discover import Refused, strays as raw_strays
from flows.outcomes import FileOutcome, display_name
from flows.retry_policy import IO_RETRIES, is_transient
from core.errors import one_line
from warehouse import store


def sha256_of_file(path: Path, chunk: int = 1 << 20) -> str:
    """The file's SHA-256, read in chunks (a large survey extract is never held whole)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            digest.update(block)
    return digest.hexdigest()


@task(name="hash-input-files", cache_policy=NO_CACHE, **IO_RETRIES)
def hash_input_files(paths: list[Path], max_bytes: int | None = None) -> dict[Path, str]:
    """SHA-256 of every file that can be read (the others are left to the engine's read stage,
    which says why); a transient error fails the task, which is then retried. A file over ``max_bytes``
    is not hashed (it is rejected before it is read)."""
    hashes = {}
    for path in paths:
        try:
            if max_bytes is not None and Path(path).stat().st_size > max_bytes:
                continue
            hashes[path] = sha256_of_file(path)
        except OSError as err:
            if is_transient(err):
                raise
    return hashes


def hash_all(paths: list[Path], max_bytes: int | None = None) -> dict[Path, str]:
    """``hash_input_files``, or no hashes at all when it failed even after its retries (each file
    is then read on its own, with its own retries)."""
    state = hash_input_files(paths, max_bytes, return_state=True)
    return state.result() if state.is_completed() else {}


def reject(con, run_id: str, kind: str, display: str, sha: str | None, reason: str,
           inspection_id: str | None = None, parse: str | None = None) -> FileOutcome:
    """Quarantine a file: its ledger row (the raw file is left as it is) and its outcome. The
    reason is cut to one bounded line here, whatever it quotes."""
    reason = one_line(reason)
    store.record(con, run_id, kind, display, sha, "rejected", reason, inspection_id)
    return FileOutcome(display, "rejected", reason, inspection_id, kind=kind, parse=parse)


def refuse_all(con, run_id: str, raw_dir: Path, kind: str, refused: Sequence[Refused],
               strays: bool = False) -> list[FileOutcome]:
    """A ledger row (rejected) and outcome for every path refused before reading (flows/discover.py);
    with ``strays``, also for the paths directly under ``raw_dir`` that are not inputs' folders
    (input kind ``other``)."""
    outcomes = [reject(con, run_id, kind, display_name(r.path, raw_dir), None, r.reason) for r in refused]
    if strays:
        outcomes += [reject(con, run_id, "other", display_name(r.path, raw_dir), None, r.reason)
                     for r in raw_strays(raw_dir)]
    return outcomes
