"""Retries with back-off, for the tasks that do I/O (reading an input file, writing the
warehouse, publishing a release) and only for errors that may pass: a network share that
blinks, a file briefly held by a copy. A missing file, a permission refused or a bad report
fails at once; parsing is pure and never retried."""

from __future__ import annotations

import duckdb
from prefect.tasks import exponential_backoff

#: errors that retrying cannot fix
_PERMANENT = (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)


def is_transient(exc: BaseException | None) -> bool:
    """Whether an error from an I/O task is worth another try."""
    if isinstance(exc, _PERMANENT):
        return False
    return isinstance(exc, (OSError, duckdb.IOException))


def _retry_condition(task, task_run, state) -> bool:
    return is_transient(state.result(raise_on_failure=False))


#: keyword arguments for ``@task`` on an I/O task: 3 retries after 0.5 s, 1 s and 2 s (±50%)
IO_RETRIES = dict(
    retries=3,
    retry_delay_seconds=exponential_backoff(backoff_factor=0.5),
    retry_jitter_factor=0.5,
    retry_condition_fn=_retry_condition,
)
