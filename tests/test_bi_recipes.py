"""docs/bi-tools.md: the Python recipe runs, as written, against a real release (the national
sample's), and the DuckDB version note is true of the published file."""

from __future__ import annotations

import re
import subprocess
import sys

import duckdb

from tests.conftest import PROJECT

DOC = PROJECT / "docs" / "bi-tools.md"


def _python_recipe() -> str:
    (block,) = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return block


def test_the_release_file_needs_duckdb_2_as_the_doc_says(national_sample):
    release = national_sample / "current" / "inspections.duckdb"
    with duckdb.connect(str(release), read_only=True) as con:
        (tags,) = con.execute("SELECT tags FROM duckdb_databases() WHERE database_name = 'inspections'").fetchone()
    assert tags == {"storage_version": "v2.0.0+"}
    assert "{storage_version=v2.0.0+}" in DOC.read_text(encoding="utf-8")


def test_the_python_recipe_runs_against_the_release(national_sample):
    # the recipe's relative path, warehouse/current/inspections.duckdb, from the folder holding warehouse/
    (national_sample / "warehouse").mkdir(exist_ok=True)
    link = national_sample / "warehouse" / "current"
    if not link.exists():
        link.symlink_to(national_sample / "current")
    done = subprocess.run([sys.executable, "-c", _python_recipe()], cwd=national_sample,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "v2.0.0+"
    # 112 PDU codes have an assessment row; 108 of them a comparable change (tests/test_standard_changes.py)
    assert lines[1] == "112 PDUs; 108 with a comparable change"
    assert lines[2] == "shape: (5, 5)"
