"""The sample data that ships in raw/ is the generator's output and loads cleanly, and no
tracked file repeats a line of the real report."""

from __future__ import annotations

import subprocess

import pytest

from inspections.cli import main
from synth.generate import DEFAULT_SAMPLE, write_sample_reports
from tests.conftest import CORPUS, PROJECT, parse_text

SAMPLE_DIR = PROJECT / "raw" / "reports"


def test_raw_reports_are_exactly_what_the_generator_writes(tmp_path):
    written = write_sample_reports(tmp_path, DEFAULT_SAMPLE, None, 2023)
    assert sorted(p.name for p in SAMPLE_DIR.iterdir()) == sorted(p.name for p in written)
    for path in written:
        assert (SAMPLE_DIR / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.mark.parametrize("path", sorted(SAMPLE_DIR.iterdir()), ids=lambda p: p.name)
def test_each_sample_report_parses_and_says_it_is_synthetic(reference, path):
    facts = parse_text(path.read_bytes(), reference, path.name)
    assert facts.inspection["pdu_code"][0] is not None
    assert "SYNTHETIC SAMPLE REPORT" in path.read_text(encoding="utf-8-sig")


def test_no_tracked_file_repeats_a_line_of_the_real_reports():
    long_lines = {
        line for path in CORPUS.rglob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 120
    }
    tracked = subprocess.run(["git", "ls-files"], cwd=PROJECT, capture_output=True, text=True, check=True)
    offenders = []
    for name in tracked.stdout.splitlines():
        path = PROJECT / name
        if not path.is_file() or path.suffix in {".lock"}:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if any(line in text for line in long_lines):
            offenders.append(name)
    assert offenders == []


@pytest.mark.usefixtures("prefect_harness")
def test_cli_run_on_the_sample_exits_zero_and_summarises(tmp_path, capsys):
    warehouse = tmp_path / "w.duckdb"
    assert main(["run", "--raw", str(PROJECT / "raw"), "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out.splitlines()
    files = len(DEFAULT_SAMPLE) + len([p for p in (PROJECT / "raw" / "surveys").rglob("*") if p.is_file()])
    assert out[0].endswith(f"{files} loaded, 0 already loaded, 0 rejected")
    assert main(["run", "--raw", str(PROJECT / "raw"), "--warehouse", str(warehouse)]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(
        f"0 loaded, {files} already loaded, 0 rejected")


def test_every_command_has_help():
    from inspections.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    helps = {a.dest: a.help for a in sub._choices_actions}
    assert set(helps) == set(sub.choices)
    assert all(helps.values())
