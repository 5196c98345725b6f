"""Cache keys for parse results, and which tasks retry what."""

from __future__ import annotations

import errno
import shutil

import duckdb

from flows.engine import load_batch, parse_files, read_input_files, validate_batch
from flows.intake import hash_input_files
from flows.parse_cache import parse_cache_key, parser_fingerprint
from flows.publish import publish_release
from flows.retry_policy import is_transient
from core.errors import RejectedInput
from tests.conftest import PROJECT


def test_the_key_names_content_file_and_parser():
    sha = "ab" * 32
    key = parse_cache_key("report", sha, "raw/reports/cumbria.txt", "0123456789abcdef")
    kind, content, name, fingerprint = key.split("-")
    assert (kind, content, fingerprint) == ("report", sha, "0123456789abcdef")
    assert len(name) == 8
    assert parse_cache_key("report", sha, "raw/reports/other.txt", "0123456789abcdef") != key


def test_a_change_to_reference_data_changes_the_fingerprint(tmp_path):
    ref = tmp_path / "reference"
    shutil.copytree(PROJECT / "reference", ref)
    before = parser_fingerprint(ref)
    assert parser_fingerprint(ref) == before and len(before) == 16
    aliases = ref / "pdu_aliases.csv"
    aliases.write_text(aliases.read_text() + "\n")
    assert parser_fingerprint(ref) != before


def test_a_change_to_the_survey_checks_changes_the_fingerprint(tmp_path, monkeypatch):
    """The survey checks run in the parse stage and are cached with it: their SQL and code are
    part of the parser's fingerprint, as the transforms are."""
    from flows import parse_cache

    checks = tmp_path / "survey_load.sql"
    shutil.copy(PROJECT / "warehouse" / "survey_load.sql", checks)
    files = tuple(checks if p.name == "survey_load.sql" else p for p in parse_cache._PARSER_FILES)
    assert len(files) == len(set(files)) and checks in files  # the project's SQL file is one of them
    monkeypatch.setattr(parse_cache, "_PARSER_FILES", files)
    parse_cache._code_digest.cache_clear()
    before = parser_fingerprint(PROJECT / "reference")
    checks.write_text(checks.read_text() + "\n-- a changed check\n")
    parse_cache._code_digest.cache_clear()
    assert parser_fingerprint(PROJECT / "reference") != before
    parse_cache._code_digest.cache_clear()


def test_only_errors_that_may_pass_are_retried():
    assert is_transient(OSError(errno.EIO, "Input/output error"))
    assert is_transient(TimeoutError(errno.ETIMEDOUT, "timed out"))
    assert is_transient(duckdb.IOException("could not write"))
    assert not is_transient(FileNotFoundError(errno.ENOENT, "No such file"))
    assert not is_transient(PermissionError(errno.EACCES, "Permission denied"))
    assert not is_transient(duckdb.ConstraintException("duplicate key"))
    assert not is_transient(RejectedInput("a.txt", "empty file"))
    assert not is_transient(ValueError("bug"))


def test_io_tasks_retry_with_back_off_and_parsing_never_does():
    for io_task in (hash_input_files, read_input_files, load_batch, publish_release):
        assert io_task.retries == 3, io_task.name
        assert io_task.retry_delay_seconds == [0.5, 1.0, 2.0], io_task.name
    for pure in (parse_files, validate_batch):  # cached by the engine's own file cache, not by Prefect
        assert pure.retries == 0, pure.name


def test_pruning_removes_only_entries_of_another_parser_or_reference_data(tmp_path):
    from flows.parse_cache import prune_stale

    sha = "cd" * 32
    current, old = "0123456789abcdef", "fedcba9876543210"
    names = [f"report-{sha}-1a2b3c4d-{current}", f"survey-{sha}-1a2b3c4d-{current}-m10",
             f"report-{sha}-1a2b3c4d-{old}", f"survey-{sha}-1a2b3c4d-{old}-m10", "notes.txt"]
    for name in names:
        (tmp_path / name).write_text("x")
    assert prune_stale(tmp_path, current) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([names[0], names[1], "notes.txt"])
    assert prune_stale(tmp_path / "missing", current) == 0
