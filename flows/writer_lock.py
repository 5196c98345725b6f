"""One writer at a time: a run holds an exclusive lock beside the warehouse file from its
first write to its release, so a second run (a schedule firing while a manual run is busy,
or two terminals) stops at once with a message saying who holds it, instead of failing
halfway on DuckDB's own file lock.

The lock is ``<warehouse>.lock``, taken with the ``filelock`` package (``flock(2)`` on POSIX,
``msvcrt.locking`` on Windows): the operating system releases it when the holder exits, however
it exits (kill -9 included), so a crashed run never leaves the warehouse locked. Who holds it
(pid, run id, start time) is written beside it in ``<warehouse>.lock.json`` for the message; that
file's presence means nothing, only the lock does.

``inspections run`` takes the lock *before* it starts Prefect (``hold_for_run``), so a second run
is turned away in a moment rather than after the Prefect server's start-up; the flow it then runs
in the same process takes the lock over (``writer_lock`` finds it held for it) instead of
conflicting with it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout


class WarehouseBusy(RuntimeError):
    """Another run is writing this warehouse file."""


#: Locks ``hold_for_run`` took in this process for a flow about to start here, by lock path.
_HELD_FOR_RUN: dict[Path, FileLock] = {}


def lock_path(warehouse_path: Path) -> Path:
    warehouse_path = Path(warehouse_path)
    return warehouse_path.with_name(warehouse_path.name + ".lock")


def _info_path(warehouse_path: Path) -> Path:
    return Path(f"{lock_path(warehouse_path)}.json")


def _holder_text(warehouse_path: Path) -> str:
    try:
        info = json.loads(_info_path(warehouse_path).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        info = {}
    if not info:
        return "holder unknown"
    return f"run {info.get('run_id')}, pid {info.get('pid')}, since {info.get('started_at')}"


def _say_who(warehouse_path: Path, run_id: str) -> None:
    info = {"pid": os.getpid(), "run_id": run_id,
            "started_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    try:
        _info_path(warehouse_path).write_text(json.dumps(info), encoding="utf-8")
    except OSError:
        pass  # the message then says "holder unknown"; the lock itself is what counts


def _acquire(warehouse_path: Path) -> FileLock:
    path = lock_path(warehouse_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, timeout=0, thread_local=False, is_singleton=False, fallback_to_soft=False)
    try:
        lock.acquire()
    except Timeout:
        raise WarehouseBusy(f"{warehouse_path}: busy, another run is writing it ({_holder_text(warehouse_path)}); "
                            "try again when it has finished") from None
    return lock


def _release(warehouse_path: Path, lock: FileLock) -> None:
    try:
        _info_path(warehouse_path).unlink(missing_ok=True)
    except OSError:
        pass
    lock.release(force=True)


@contextmanager
def writer_lock(warehouse_path: Path, run_id: str) -> Iterator[None]:
    """Hold the warehouse's writer lock, or raise ``WarehouseBusy`` without waiting. If this
    process took it with ``hold_for_run`` for the run now starting, that hold is used."""
    key = lock_path(warehouse_path).resolve()
    handed = _HELD_FOR_RUN.pop(key, None)
    if handed is not None:
        _say_who(warehouse_path, run_id)
        try:
            yield
        finally:
            _HELD_FOR_RUN[key] = handed  # back to hold_for_run, which releases it
        return
    lock = _acquire(warehouse_path)
    try:
        _say_who(warehouse_path, run_id)
        yield
    finally:
        _release(warehouse_path, lock)


@contextmanager
def hold_for_run(warehouse_path: Path) -> Iterator[None]:
    """Take the writer lock now (or raise ``WarehouseBusy``), before anything slow starts, for a
    run that will start in this process: that run's ``writer_lock`` takes it over."""
    lock = _acquire(warehouse_path)
    key = lock_path(warehouse_path).resolve()
    _HELD_FOR_RUN[key] = lock
    _say_who(warehouse_path, "starting")
    try:
        yield
    finally:
        _HELD_FOR_RUN.pop(key, None)
        _release(warehouse_path, lock)


def holder(warehouse_path: Path) -> str | None:
    """Who is writing the warehouse now (for ``inspections status``), or None if nobody is."""
    path = lock_path(warehouse_path)
    if not path.exists():
        return None
    lock = FileLock(path, timeout=0, thread_local=False, is_singleton=False, fallback_to_soft=False)
    try:
        lock.acquire()
    except Timeout:
        return _holder_text(warehouse_path)
    except OSError:
        return None  # cannot even open it (a read-only folder): nobody can be writing through it
    lock.release(force=True)
    return None
