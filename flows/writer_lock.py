"""One writer at a time: a run holds an exclusive lock beside the warehouse file from its
first write to its release, so a second run (a schedule firing while a manual run is busy,
or two terminals) stops at once with a message saying who holds it, instead of failing
halfway on DuckDB's own file lock.

The lock is ``flock(2)`` on ``<warehouse>.lock``: the operating system releases it when the
holder exits, however it exits, so a crashed run never leaves the warehouse locked. The file
says who holds it (pid, run id, start time) for the message; its presence means nothing.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class WarehouseBusy(RuntimeError):
    """Another run is writing this warehouse file."""


def lock_path(warehouse_path: Path) -> Path:
    warehouse_path = Path(warehouse_path)
    return warehouse_path.with_name(warehouse_path.name + ".lock")


def _holder(fd: int) -> str:
    try:
        info = json.loads(os.pread(fd, 4096, 0).decode("utf-8") or "{}")
    except (OSError, ValueError):
        info = {}
    if not info:
        return "holder unknown"
    return f"run {info.get('run_id')}, pid {info.get('pid')}, since {info.get('started_at')}"


@contextmanager
def writer_lock(warehouse_path: Path, run_id: str) -> Iterator[None]:
    """Hold the warehouse's writer lock, or raise ``WarehouseBusy`` without waiting."""
    path = lock_path(warehouse_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fd)
        os.close(fd)
        raise WarehouseBusy(f"{warehouse_path}: busy, another run is writing it ({holder}); "
                            "try again when it has finished") from None
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "run_id": run_id,
                                  "started_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
                                 ).encode("utf-8"), 0)
        yield
    finally:
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def holder(warehouse_path: Path) -> str | None:
    """Who is writing the warehouse now (for ``inspections status``), or None if nobody is."""
    path = lock_path(warehouse_path)
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _holder(fd)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)
