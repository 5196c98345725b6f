"""Every path under ``raw/``, classified before anything is opened: an input file to read, or a
path rejected at once with a one-line reason (so it gets its ledger row like any other input).

One walk, shared by the report and survey flows (``discover_inputs(raw_dir, "reports")`` and
``discover_inputs(raw_dir, "surveys")``); paths directly under ``raw/`` that are neither
``reports/`` nor ``surveys/`` are reported by ``strays(raw_dir)`` (the report flow records them).

The rules (docs/operations.md, "What becomes of each path under raw/"):

* a hidden file or folder (name starting with ``.``) is rejected, not read; a hidden folder gets
  one row and is not entered;
* a symbolic link is never followed outside ``raw/``: a link whose target is outside, or is
  missing, or is a folder, is rejected; a link to a regular file inside ``raw/`` is read (it is
  a second name for an input; its content is loaded once, like any copy);
* a FIFO, socket or device is rejected without being opened (opening a FIFO would block);
* survey extracts must be at ``surveys/<inspection_id>/<file>``: a file at another depth is
  rejected by its path alone, before its content is read;
* a file directly in ``raw/`` or a folder there other than ``reports/`` and ``surveys/`` is
  rejected ("not in reports/ or surveys/"); a folder's own row says how many entries it holds.

Nothing here reads a file's content; only ``lstat``, ``readlink`` and folder listings.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

#: The folders of ``raw/`` that hold inputs, and how deep their files must be (None: any depth).
KIND_DEPTHS: dict[str, int | None] = {"reports": None, "surveys": 2}
#: The survey layout, as the survey flow words it (flows/ingest_surveys.py, LAYOUT).
SURVEY_LAYOUT = "surveys/<unit>-<YYYY>-<MM>/<survey>.csv or .xlsx, e.g. surveys/cumbria-2023-07/staff.csv"


@dataclass(frozen=True)
class Refused:
    """A path rejected before reading: where, and why (one line)."""

    path: Path
    reason: str


@dataclass
class Discovered:
    files: list[Path] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


def _special_kind(mode: int) -> str | None:
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else "not a regular file"


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def _link_problem(path: Path, raw_root: Path) -> str | None:
    """None if the symbolic link ``path`` names a regular file inside ``raw/``, else the reason."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # missing target, or a loop
        return f"broken symbolic link (to {os.readlink(path)!r}): not read"
    if not _inside(target, raw_root):
        return "symbolic link to a path outside raw/: not followed"
    mode = target.stat().st_mode
    if stat.S_ISDIR(mode):
        return "symbolic link to a folder: not followed (put the files themselves here)"
    special = _special_kind(mode)
    if special:
        return f"symbolic link to {special}: not read"
    return None


def _count_entries(folder: Path) -> int:
    try:
        return sum(1 for _ in os.scandir(folder))
    except OSError:
        return 0


def discover_inputs(raw_dir: Path, kind: str) -> Discovered:
    """The files to read under ``raw_dir/<kind>`` (sorted), and the paths refused there, from one
    walk that follows no symbolic link. ``kind``: ``reports`` or ``surveys``."""
    raw_dir = Path(raw_dir)
    top = raw_dir / kind
    found = Discovered()
    if not top.is_dir() or top.is_symlink():
        if top.is_symlink():
            found.refused.append(Refused(top, "symbolic link in place of the folder: not followed"))
        return found
    raw_root = raw_dir.resolve()
    depth_wanted = KIND_DEPTHS[kind]

    def walk(folder: Path, depth: int) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as err:
            found.refused.append(Refused(folder, f"cannot list folder: {err.strerror or err}"))
            return
        for entry in entries:
            path = Path(entry.path)
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError as err:
                found.refused.append(Refused(path, f"cannot read: {err.strerror or err}"))
                continue
            is_dir = stat.S_ISDIR(st.st_mode)
            if entry.name.startswith("."):
                what = (f"hidden folder (name starts with '.', {_count_entries(path)} entries): not read"
                        if is_dir else "hidden file (name starts with '.'): not read; rename it to load it")
                found.refused.append(Refused(path, what))
                continue
            if stat.S_ISLNK(st.st_mode):
                problem = _link_problem(path, raw_root)
                if problem:
                    found.refused.append(Refused(path, problem))
                    continue
            elif is_dir:
                walk(path, depth + 1)
                continue
            elif (special := _special_kind(st.st_mode)) is not None:
                found.refused.append(Refused(path, f"{special}, not a file: not read"))
                continue
            if depth_wanted is not None and depth != depth_wanted:
                found.refused.append(Refused(path, "cannot tie to an inspection: not in a folder named for one "
                                                   f"({SURVEY_LAYOUT}); judged by its path, not read"))
                continue
            found.files.append(path)

    walk(top, 1)
    return found


def strays(raw_dir: Path) -> list[Refused]:
    """Paths directly under ``raw_dir`` that are not ``reports/`` or ``surveys/`` (or that are,
    but are not folders): not inputs, each refused with its reason."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        return []
    out = []
    for entry in sorted(os.scandir(raw_dir), key=lambda e: e.name):
        path = Path(entry.path)
        if entry.name in KIND_DEPTHS and entry.is_dir(follow_symlinks=False):
            continue
        if entry.name in KIND_DEPTHS and entry.is_symlink():
            continue  # refused by discover_inputs for its kind
        if entry.name.startswith("."):
            kind = "folder" if entry.is_dir(follow_symlinks=False) else "file"
            out.append(Refused(path, f"hidden {kind} (name starts with '.') not in reports/ or surveys/: not read"))
        elif entry.is_dir(follow_symlinks=False):
            out.append(Refused(path, f"folder not in reports/ or surveys/ ({_count_entries(path)} entries): not read"))
        else:
            out.append(Refused(path, "not in reports/ or surveys/: not read (reports go in raw/reports/, "
                                     "survey extracts in raw/surveys/<inspection_id>/)"))
    return out


def changed_since(raw_dir: Path, path: Path, folders: tuple[str, ...] = ("reports", "surveys")) -> bool:
    """Whether any file under ``raw_dir/<folder>`` was modified after ``path`` (the warehouse, which
    every run writes), or ``path`` does not exist: a cheap guess, from modification times only, that
    a run has files to parse (so the command line starts the parse workers early). Never decides
    what is loaded: the ledger does."""
    try:
        since = Path(path).stat().st_mtime
    except OSError:
        return True
    for folder in folders:
        for root, _, names in os.walk(Path(raw_dir) / folder):
            for name in names:
                try:
                    if os.stat(os.path.join(root, name)).st_mtime > since:
                        return True
                except OSError:
                    continue
    return False
