"""The suppression threshold is a setting: default, environment, command line."""

from __future__ import annotations

import pytest

from inspections.cli import build_parser
from core.settings import DEFAULT_MIN_ANSWERS, Settings


def test_default_and_environment(monkeypatch):
    monkeypatch.delenv("INSPECTIONS_MIN_ANSWERS", raising=False)
    assert Settings.from_env().min_answers == DEFAULT_MIN_ANSWERS == 10
    monkeypatch.setenv("INSPECTIONS_MIN_ANSWERS", "5")
    assert Settings.from_env().min_answers == 5


def test_command_line_option():
    assert build_parser().parse_args(["run", "--min-answers", "7"]).min_answers == 7
    assert build_parser().parse_args(["run"]).min_answers is None
    with pytest.raises(SystemExit):
        build_parser().parse_args(["run", "--min-answers", "0"])
