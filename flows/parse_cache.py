"""Parse results are cached by what decides them: the file's SHA-256, its name (rows carry it),
and a fingerprint of the parser's code and the reference data. An unchanged file is never parsed
twice, across runs and across a full rebuild; a change to the parser or to reference/ (a PDU
reorganisation, say) makes every key new, so nothing stale is reused.

Keys are built from these hashes, never from the parsed frames (which hash unstably). The results
live in a folder of files, one per key (``<warehouse dir>/cache/`` unless configured), read and
written by the ingest engine's parse stage (flows/engine.py; one Prefect task per stage, so the
cache is the project's own, not Prefect's per-task result cache); it outlives the ephemeral
Prefect server and needs no database. Deleting the folder is always safe. A parse result is what
the parser gave, before validation: validation runs on every batch (cheap, and so a change to a
contract is never hidden by the cache).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import core
import inspections
import schemas
import transforms
import warehouse

#: the code whose output a cached parse result is
_PARSER_CODE = (Path(transforms.__file__).parent, Path(schemas.__file__).parent, Path(inspections.__file__).parent,
               Path(core.__file__).parent)
#: and the parse jobs themselves, with the survey checks they run (their SQL included)
_PARSER_FILES = (Path(__file__).with_name("report_parse.py"), Path(__file__).with_name("survey_parse.py"),
                 Path(warehouse.__file__).with_name("survey_load.py"), Path(warehouse.__file__).with_name("survey_load.sql"))


@cache
def _code_digest() -> str:
    digest = hashlib.sha256()
    for path in [p for folder in _PARSER_CODE for p in sorted(folder.glob("*.py"))] + list(_PARSER_FILES):
        digest.update(f"{path.parent.name}/{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def parser_fingerprint(reference_dir: Path) -> str:
    """16 hex digits naming this parser's code and this reference data."""
    digest = hashlib.sha256(_code_digest().encode())
    for path in sorted(Path(reference_dir).glob("*.csv")):
        digest.update(f"{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def parse_cache_key(kind: str, sha256: str, display_name: str, fingerprint: str) -> str:
    """e.g. ``report-<sha256>-<name hash>-<fingerprint>``; a valid file name."""
    name = hashlib.sha256(display_name.encode("utf-8")).hexdigest()[:8]
    return f"{kind}-{sha256}-{name}-{fingerprint}"


def default_cache_dir(warehouse_path: Path) -> Path:
    return Path(warehouse_path).parent / "cache"


def prune_stale(cache_dir: Path, fingerprint: str) -> int:
    """Remove cached results of another parser or reference data (they can never be hit again);
    returns how many were removed. Keys are ``kind-sha256-namehash-fingerprint[-mN]``."""
    removed = 0
    folder = Path(cache_dir)
    for path in folder.iterdir() if folder.is_dir() else []:
        parts = path.name.split("-")
        if path.is_file() and len(parts) >= 4 and parts[0] in ("report", "survey") and parts[3] != fingerprint:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


#: the format of a cached entry (a tuple whose first item is this tag); anything else is a miss
_ENTRY_TAG = "inspections-parse-v2"


def cache_get(cache_dir: Path, key: str):
    """The cached parse result under ``key``, or None (missing, unreadable, or of another format:
    an entry the previous Prefect result storage wrote is simply parsed again)."""
    import pickle

    path = Path(cache_dir) / key
    try:
        with open(path, "rb") as f:
            entry = pickle.load(f)
    except Exception:  # missing, truncated, another format: a miss, never an error
        return None
    if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] == _ENTRY_TAG):
        return None
    return entry[1]


def cache_put(cache_dir: Path, key: str, value) -> None:
    """Store a parse result (written to a temporary name, then renamed: a reader never sees half
    an entry). A cache that cannot be written (disk full, read-only) is skipped, never an error:
    the result is parsed again next time."""
    import os
    import pickle
    import tempfile

    folder = Path(cache_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump((_ENTRY_TAG, value), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / key)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception:  # full, read-only, or a result that cannot be pickled: parsed again next time
        pass
