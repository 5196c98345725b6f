"""Every path under raw/ is classified before anything is opened: an input to read, or a path
refused with its reason (hidden, a link out of raw/, a FIFO, a survey at the wrong depth, a stray),
and each refused path gets a ledger row (tests/test_hostile_ingest.py)."""

from __future__ import annotations

import os

import pytest

from flows.discover import discover_inputs, strays


@pytest.fixture
def raw(tmp_path):
    raw = tmp_path / "raw"
    (raw / "reports" / "2023").mkdir(parents=True)
    (raw / "surveys" / "cumbria-2023-07" / "old").mkdir(parents=True)
    (raw / "reports" / "a.txt").write_text("a")
    (raw / "reports" / "2023" / "b.txt").write_text("b")
    (raw / "reports" / ".c.txt").write_text("hidden")
    (raw / "reports" / ".git").mkdir()
    (raw / "reports" / ".git" / "HEAD").write_text("ref")
    os.symlink("/etc/passwd", raw / "reports" / "passwd.txt")
    os.symlink(raw / "reports" / "a.txt", raw / "reports" / "a-again.txt")
    os.symlink(tmp_path, raw / "reports" / "outside-folder")
    os.symlink(raw / "reports" / "2023", raw / "reports" / "inside-folder")
    os.symlink(raw / "reports" / "gone.txt", raw / "reports" / "broken.txt")
    os.mkfifo(raw / "reports" / "pipe.txt")
    (raw / "surveys" / "staff.csv").write_text("too shallow")
    (raw / "surveys" / "cumbria-2023-07" / "staff.csv").write_text("right")
    (raw / "surveys" / "cumbria-2023-07" / "old" / "staff.csv").write_text("too deep")
    (raw / "notes.txt").write_text("stray")
    (raw / ".DS_Store").write_text("finder")
    (raw / "archive").mkdir()
    (raw / "archive" / "x.txt").write_text("x")
    return raw


def _relative(raw, paths):
    return [str(p.relative_to(raw)) for p in paths]


def test_reports_read_and_refused(raw):
    found = discover_inputs(raw, "reports")
    assert _relative(raw, found.files) == ["reports/2023/b.txt", "reports/a-again.txt", "reports/a.txt"]
    assert {str(r.path.relative_to(raw)): r.reason for r in found.refused} == {
        "reports/.c.txt": "hidden file (name starts with '.'): not read; rename it to load it",
        "reports/.git": "hidden folder (name starts with '.', 1 entries): not read",
        "reports/broken.txt": f"broken symbolic link (to {str(raw / 'reports' / 'gone.txt')!r}): not read",
        "reports/inside-folder": "symbolic link to a folder: not followed (put the files themselves here)",
        "reports/outside-folder": "symbolic link to a path outside raw/: not followed",
        "reports/passwd.txt": "symbolic link to a path outside raw/: not followed",
        "reports/pipe.txt": "a FIFO (named pipe), not a file: not read",
    }


def test_surveys_are_judged_by_their_depth_before_their_content(raw):
    found = discover_inputs(raw, "surveys")
    assert _relative(raw, found.files) == ["surveys/cumbria-2023-07/staff.csv"]
    wrong = ("cannot tie to an inspection: not in a folder named for one (surveys/<unit>-<YYYY>-<MM>/<survey>.csv "
             "or .xlsx, e.g. surveys/cumbria-2023-07/staff.csv); judged by its path, not read")
    assert {str(r.path.relative_to(raw)): r.reason for r in found.refused} == {
        "surveys/cumbria-2023-07/old/staff.csv": wrong,
        "surveys/staff.csv": wrong,
    }


def test_paths_beside_reports_and_surveys_are_strays(raw):
    assert {str(r.path.relative_to(raw)): r.reason for r in strays(raw)} == {
        ".DS_Store": "hidden file (name starts with '.') not in reports/ or surveys/: not read",
        "archive": "folder not in reports/ or surveys/ (1 entries): not read",
        "notes.txt": "not in reports/ or surveys/: not read (reports go in raw/reports/, "
                     "survey extracts in raw/surveys/<inspection_id>/)",
    }


def test_a_symlinked_input_folder_is_not_followed(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "r.txt").write_text("r")
    os.symlink(tmp_path / "elsewhere", raw / "reports")
    found = discover_inputs(raw, "reports")
    assert found.files == []
    assert [(r.path, r.reason) for r in found.refused] == [
        (raw / "reports", "symbolic link in place of the folder: not followed")]
    assert strays(raw) == []


def test_a_missing_folder_has_nothing(tmp_path):
    found = discover_inputs(tmp_path, "surveys")
    assert (found.files, found.refused) == ([], [])
