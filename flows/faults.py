"""Which errors are the machine's, not the data's: a full disk, a read-only file system or folder,
a warehouse DuckDB has given up on. Such an error stops the run (exit 4, ``RunCannotComplete``)
instead of quarantining the file it happened on: the next file would fail the same way, and the
file is not at fault. See docs/operations.md, "Faults"."""

from __future__ import annotations

import errno

import duckdb

from core.errors import one_line

_INFRA_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}
_INFRA_WORDS = (
    ("no space left on device", "the disk is full"),
    ("disk quota exceeded", "the disk quota is used up"),
    ("read-only file system", "the file system is read-only"),
    ("permission denied", "permission denied"),
    ("database has been invalidated", "the warehouse file could not be written"),
    ("could not write", "the warehouse file could not be written"),
    ("could not fsync", "the warehouse file could not be written"),
    ("could not truncate", "the warehouse file could not be written"),
    ("input/output error", "an input/output error"),
)


def _chain(err: BaseException):
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        yield err
        err = err.__cause__ or err.__context__


def infrastructure_failure(err: BaseException) -> str | None:
    """What failed, in one line (e.g. "the disk is full (IOException: Could not write ...)"), when
    ``err`` or an error it came from is a fault of the machine rather than of an input file, else
    None. The error named is the one that says so, not a later one it caused (a failed ROLLBACK)."""
    for e in _chain(err):
        meaning = _meaning(e)
        if meaning is not None:
            return f"{meaning} ({type(e).__name__}: {one_line(e, 200)})"
    return None


def _meaning(e: BaseException) -> str | None:
    if isinstance(e, OSError) and e.errno in _INFRA_ERRNOS:
        return {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
                errno.EROFS: "the file system is read-only", errno.EIO: "an input/output error"}.get(
            e.errno, "permission denied")
    if isinstance(e, (duckdb.Error, OSError)):
        text = str(e).lower()
        for words, meaning in _INFRA_WORDS:
            if words in text:
                return meaning
        if isinstance(e, duckdb.FatalException):
            return "the warehouse file could not be written"
    return None
