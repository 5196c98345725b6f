"""A raw/ folder a hostile or unlucky user might leave: every path ends up loaded or with a
ledger row saying why not, in one run of the real flow on a real DuckDB file; nothing is
followed out of raw/, no FIFO is opened, no zip bomb inflated, no reason longer than a line."""

from __future__ import annotations

import os
import shutil
import zipfile

import duckdb
import pytest

from flows.pipeline import run_pipeline
from core.errors import MAX_REASON_CHARS
from tests.conftest import CUMBRIA

pytestmark = pytest.mark.usefixtures("prefect_harness")


@pytest.fixture
def hostile_raw(tmp_path, cumbria_bytes):
    raw = tmp_path / "raw"
    reports, surveys = raw / "reports", raw / "surveys" / "cumbria-2023-07"
    reports.mkdir(parents=True)
    surveys.mkdir(parents=True)
    shutil.copy(CUMBRIA, reports / CUMBRIA.name)
    (reports / ".hidden-copy.txt").write_bytes(cumbria_bytes)
    os.symlink("/etc/hostname", reports / "system-file.txt")
    os.mkfifo(reports / "pipe.txt")
    with open(reports / "huge.txt", "wb") as f:  # sparse: 200 MB on paper
        f.truncate(200 * 2**20)
    (reports / "one-long-line.txt").write_bytes(b"An inspection " + b"x" * 70_000 + b"\n")
    with zipfile.ZipFile(surveys / "staff.xlsx", "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet><c><is><t>" + b"=HYPERLINK(" * 10_000_000 + b"</t></is></c>")
    (raw / "surveys" / "sentencers.csv").write_text("Respondent ID,Q1\n1,Yes\n")
    (surveys / "staff.csv").write_text("Respondent ID,Is your workload manageable?\na,Yes\n"
                                       "b,=HYPERLINK(" + "x" * 20_000 + "\n")  # loads; its note quotes the answer
    (raw / "stray.txt").write_text("not an input")
    return raw


def test_every_hostile_path_is_loaded_or_recorded(hostile_raw, warehouse_file):
    assert (hostile_raw / "surveys" / "cumbria-2023-07" / "staff.xlsx").stat().st_size < 1_000_000
    summary = run_pipeline(hostile_raw, warehouse_file, publish="never")
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        ledger = dict(con.execute("SELECT source_file, status || ': ' || coalesce(reason, '') "
                                  "FROM mart.load_ledger WHERE run_id = ?", [summary.run_id]).fetchall())
        kinds = dict(con.execute("SELECT source_file, input_kind FROM mart.load_ledger").fetchall())
    note = ledger.pop("raw/surveys/cumbria-2023-07/staff.csv")
    assert note.startswith("loaded: 1 answer(s) quarantined (not on the scale), e.g. respondent 'b' column "
                           "'Is your workload manageable?': '=HYPERLINK(xxxxx")
    assert note.endswith("xxx...") and len(note) == len("loaded: ") + MAX_REASON_CHARS
    assert ledger == {
        "raw/reports/cumbria-pdu-2023-07.txt": "loaded: ",
        "raw/reports/.hidden-copy.txt": "rejected: hidden file (name starts with '.'): not read; rename it to load it",
        "raw/reports/system-file.txt": "rejected: symbolic link to a path outside raw/: not followed",
        "raw/reports/pipe.txt": "rejected: a FIFO (named pipe), not a file: not read",
        "raw/reports/huge.txt": "rejected: file is 209,715,200 bytes, over the limit of 5,242,880 bytes "
                                "(INSPECTIONS_MAX_FILE_BYTES): not read",
        "raw/reports/one-long-line.txt": "rejected: line 1 is over the limit of 65,536 bytes a line "
                                         "(INSPECTIONS_MAX_LINE_CHARS): not read",
        "raw/surveys/cumbria-2023-07/staff.xlsx": "rejected: XLSX would inflate to 110,000,034 bytes (its zip "
                                                  "directory says), over the limit of 33,554,432 bytes "
                                                  "(INSPECTIONS_MAX_XLSX_UNCOMPRESSED_BYTES): not read",
        "raw/surveys/sentencers.csv": "rejected: cannot tie to an inspection: not in a folder named for one "
                                      "(surveys/<unit>-<YYYY>-<MM>/<survey>.csv or .xlsx, e.g. "
                                      "surveys/cumbria-2023-07/staff.csv); judged by its path, not read",
        "raw/stray.txt": "rejected: not in reports/ or surveys/: not read (reports go in raw/reports/, "
                         "survey extracts in raw/surveys/<inspection_id>/)",
    }
    assert (kinds["raw/stray.txt"], kinds["raw/surveys/sentencers.csv"]) == ("other", "survey")
    assert len(summary.outcomes) == len(ledger) + 1
    assert max(len(o.reason or "") for o in summary.outcomes) <= MAX_REASON_CHARS
    assert not summary.ok
