"""Shared fixtures: the real corpus (read from ../shared, never copied), reference data,
one Prefect test harness per session, and a fresh DuckDB file per test."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import settings

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("INSPECTIONS_CORPUS", PROJECT.parent / "shared" / "corpus"))
CUMBRIA = CORPUS / "reports" / "cumbria-pdu-2023-07.txt"

# Property tests (hypothesis) draw fresh random examples on every run, in CI too: they must pass
# because the code is right, not because the same examples come round. HYPOTHESIS_PROFILE picks
# how hard they look: "ci" (the default) keeps each test's run short; "thorough" runs
# THOROUGH_FACTOR times as many examples, to look for bugs locally before a change goes in
# (HYPOTHESIS_PROFILE=thorough pytest tests/test_synthetic_roundtrip.py). A failure prints
# the seed and a blob that replays it (@reproduce_failure). No deadline: machines are shared
# and noisy, and timing is measured in benchmarks/, not in tests.
THOROUGH_FACTOR = 20
settings.register_profile("ci", deadline=None, print_blob=True)
settings.register_profile("thorough", settings.get_profile("ci"), max_examples=100 * THOROUGH_FACTOR)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def examples(ci: int) -> int:
    """The examples a property test with costly examples runs: ``ci`` under the "ci" profile,
    THOROUGH_FACTOR times as many under "thorough"."""
    return ci * THOROUGH_FACTOR if settings.get_current_profile_name() == "thorough" else ci


def pytest_configure(config):
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    if not CUMBRIA.is_file():
        raise pytest.UsageError(
            f"the real report is missing: {CUMBRIA}. Put the shared folder beside the project "
            "(../shared) or set INSPECTIONS_CORPUS."
        )


@pytest.fixture(scope="session")
def reference():
    from core.reference import load_reference

    return load_reference()


@pytest.fixture(scope="session")
def cumbria_bytes() -> bytes:
    return CUMBRIA.read_bytes()


@pytest.fixture(scope="session")
def cumbria_text(cumbria_bytes) -> str:
    return cumbria_bytes.decode("utf-8")


def parse_text(text: str | bytes, reference, name: str = "report.txt"):
    """Parse report text (or bytes) as the pipeline does, validated."""
    from schemas.validate import validate_report_tables
    from transforms.report_facts import ReportFacts, parse_report

    data = text.encode("utf-8") if isinstance(text, str) else text
    facts = parse_report(data, name, hashlib.sha256(data).hexdigest(), reference)
    return ReportFacts(validate_report_tables(facts.tables, name))


PROVENANCE = ("source_sha256", "source_file")


def facts_of(facts, keep_lines: bool) -> dict[str, list[dict]]:
    """A report's facts as rows per table, without the columns saying which file they came from
    (and without ``source_line`` unless ``keep_lines``): what two texts of one report must share."""
    out = {}
    for name, frame in facts.tables.items():
        drop = [c for c in frame.columns if c in PROVENANCE or (not keep_lines and c == "source_line")]
        out[name] = frame.drop(drop).to_dicts()
    return out


def assert_change_keeps_facts(change, text: str, original, reference, keep_lines: bool):
    """``change(text)`` is another text, which reads to ``original``'s facts (and to its line
    numbers too when ``keep_lines``); returns the changed text's facts."""
    changed = change(text)
    assert changed != text
    facts = parse_text(changed, reference)
    assert facts_of(facts, keep_lines) == facts_of(original, keep_lines)
    return facts


def change_cases(same_lines: dict, moved_lines: dict) -> list:
    """Parameters ``(change, keep_lines)`` for ``assert_change_keeps_facts``: the changes that keep
    every line where it was (their line numbers must agree too), then those that move lines."""
    return ([pytest.param(change, True, id=f"same-lines-{name}") for name, change in sorted(same_lines.items())]
            + [pytest.param(change, False, id=f"moved-lines-{name}") for name, change in sorted(moved_lines.items())])


@pytest.fixture(scope="session")
def cumbria(cumbria_bytes, reference):
    return parse_text(cumbria_bytes, reference, "cumbria-pdu-2023-07.txt")


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def warehouse_file(tmp_path) -> Path:
    return tmp_path / "warehouse" / "inspections.duckdb"


@pytest.fixture(scope="session")
def national_sample(tmp_path_factory, prefect_harness) -> Path:
    """The national synthetic sample (`inspections generate --national`, default seed: 220
    reports of all 108 PDUs in two rounds, and each inspection's three survey extracts) loaded
    and published once per session (~2-4 min). Returns the folder: raw/reports/, raw/surveys/,
    inspections.duckdb (working file), current/ (the release)."""
    from flows.pipeline import run_pipeline
    from inspections.cli import main

    folder = tmp_path_factory.mktemp("national")
    # the raw folder apart from the warehouse: a file directly under raw/ is a stray (rejected)
    assert main(["generate", "--national", "--out", str(folder / "raw" / "reports")]) == 0
    summary = run_pipeline(folder / "raw", folder / "inspections.duckdb", progress="off")
    assert summary.ok
    return folder


@pytest.fixture
def small_disk(tmp_path):
    """A real 64 MB file system (tmpfs) at tmp_path/disk for the disk-full and read-only fault
    tests, unmounted after the test; skipped, saying why, without root or mount(8)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root and mount(8) to mount a small tmpfs")
    point = tmp_path / "disk"
    point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)


@pytest.fixture
def cumbria_raw(tmp_path):
    """A raw folder holding only the real Cumbria report (tmp_path/raw/reports)."""
    folder = tmp_path / "raw" / "reports"
    folder.mkdir(parents=True)
    shutil.copy(CUMBRIA, folder / CUMBRIA.name)
    return folder.parent
