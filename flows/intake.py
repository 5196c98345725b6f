"""The first step every input file takes: read it, hash it, and stop early if it cannot be
read or its content was loaded before (both recorded in the load ledger)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows.outcomes import FileOutcome
from flows.retry_policy import IO_RETRIES
from warehouse import store


@task(name="read-input-file", cache_policy=NO_CACHE, **IO_RETRIES)
def read_input_file(path: Path) -> bytes:
    """The bytes of one input file (a transient read error is retried with back-off)."""
    return Path(path).read_bytes()


def read_new_file(path: Path, display: str, con, run_id: str, kind: str,
                  loaded_as: Callable[[object, str], str | None]) -> tuple[bytes, str] | FileOutcome:
    """``(bytes, sha256)`` of a file to process, or the outcome that ends its processing:
    rejected (unreadable) or already loaded (``loaded_as(con, sha)`` names an earlier file)."""
    try:
        data = read_input_file(path)
    except OSError as err:
        outcome = FileOutcome(display, "rejected", f"cannot read file: {err.strerror or err}", kind=kind)
        store.record(con, run_id, kind, display, None, outcome.status, outcome.reason)
        return outcome
    sha = hashlib.sha256(data).hexdigest()
    earlier = loaded_as(con, sha)
    if earlier is not None:
        store.record(con, run_id, kind, display, sha, "already loaded",
                     f"same content as {earlier}" if earlier != display else None)
        return FileOutcome(display, "already loaded", kind=kind, parse="not needed")
    return data, sha
