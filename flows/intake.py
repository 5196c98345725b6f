"""The first step every input file takes: hash it, and stop early if its content was loaded
before; otherwise read it (or stop, if it cannot be read). Both endings are recorded in the
load ledger.

Hashing every file of a run is one task (``hash-input-files``), so a run over unchanged input
costs one task, not one per file; a file is read whole only when it is to be processed.
Both tasks do I/O and retry transient errors with back-off (flows/retry_policy.py).

Before a file is hashed or read, it is checked against the run's limits (``Limits`` in
core/settings.py; flows/input_limits.py): a file over one is rejected with a one-line
reason without ever being held in memory. Every reason recorded here is bounded (``one_line``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable, Sequence

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows.discover import Refused, strays as raw_strays
from flows.input_limits import over_limits
from flows.outcomes import FileOutcome, display_name
from flows.progress import progress_for
from flows.retry_policy import IO_RETRIES, is_transient
from core.errors import RunCannotComplete, one_line
from core.settings import Limits
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
    """SHA-256 of every file that can be read (the others are left to ``read_new_file``, which
    says why); a transient error fails the task, which is then retried. A file over ``max_bytes``
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


@task(name="read-input-file", cache_policy=NO_CACHE, **IO_RETRIES)
def read_input_file(path: Path) -> bytes:
    """The bytes of one input file (a transient read error is retried with back-off)."""
    return Path(path).read_bytes()


def _already_loaded(display: str, con, run_id: str, kind: str, sha: str, earlier: str) -> FileOutcome:
    store.record(con, run_id, kind, display, sha, "already loaded",
                 f"same content as {earlier}" if earlier != display else None)
    return FileOutcome(display, "already loaded", kind=kind, parse="not needed")


def read_new_file(path: Path, display: str, con, run_id: str, kind: str,
                  loaded_as: Callable[[object, str], str | None],
                  known_sha: str | None = None, limits: Limits | None = None) -> tuple[bytes, str] | FileOutcome:
    """``(bytes, sha256)`` of a file to process, or the outcome that ends its processing:
    already loaded (``loaded_as(con, sha)`` names an earlier file) or rejected (unreadable, or over
    one of ``limits``, checked before the file is read). ``known_sha``: the file's hash from
    ``hash_all``, which spares reading a loaded file."""
    if known_sha is not None and (earlier := loaded_as(con, known_sha)) is not None:
        return _already_loaded(display, con, run_id, kind, known_sha, earlier)
    try:
        problem = over_limits(Path(path), limits or Limits())
    except OSError as err:
        return reject(con, run_id, kind, display, known_sha, f"cannot read file: {err.strerror or err}")
    if problem is not None:
        return reject(con, run_id, kind, display, known_sha, problem)
    try:
        data = read_input_file(path)
    except OSError as err:
        return reject(con, run_id, kind, display, None, f"cannot read file: {err.strerror or err}")
    sha = hashlib.sha256(data).hexdigest()
    if sha != known_sha and (earlier := loaded_as(con, sha)) is not None:  # changed since it was hashed
        return _already_loaded(display, con, run_id, kind, sha, earlier)
    return data, sha


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


def ingest_each(files: Sequence[Path], label: str, progress: str,
                ingest_one: Callable[[Path, str | None], FileOutcome],
                limits: Limits | None = None, display: Callable[[Path], str] = str) -> list[FileOutcome]:
    """``ingest_one(path, sha256 or None)`` for every file in order, after hashing them all in one
    task, showing progress (``progress``: auto, bar, lines or off). When ``ingest_one`` raises
    ``RunCannotComplete`` (the warehouse cannot be written), it is raised again naming every file
    not loaded (that one and those after it, by ``display``)."""
    hashes = hash_all(list(files), (limits or Limits()).max_file_bytes)
    shown = progress_for(progress, label, len(files))
    outcomes = []
    try:
        for i, path in enumerate(files):
            try:
                outcome = ingest_one(path, hashes.get(path))
            except RunCannotComplete as err:
                raise RunCannotComplete(err.reason, tuple(display(p) for p in files[i:])) from err
            outcomes.append(outcome)
            shown.advance(f"{outcome.source_file} {outcome.status}")
    finally:
        shown.close()
    return outcomes
