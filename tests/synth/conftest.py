"""Fixtures for the synth package tests: a spec, its rendered text and the real report."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from synth.render import render_report
from synth.spec import ReportSpec, random_spec

#: The real report lives outside the project (../shared); tests only read it.
REAL_REPORT = (
    Path(__file__).resolve().parents[3] / "shared/corpus/reports/cumbria-pdu-2023-07.txt"
)
_FOOTER = re.compile(r"^(\d+|Page \d+ of \d+)$")


def make_spec(seed: int = 7, discretion: bool = False) -> ReportSpec:
    """A spec for Derby City published March 2024."""
    return random_spec(
        random.Random(seed), "Derby City", "East Midlands", date(2024, 3, 1), discretion=discretion
    )


@pytest.fixture
def spec() -> ReportSpec:
    return make_spec()


@pytest.fixture
def text(spec: ReportSpec) -> str:
    return render_report(spec)


@pytest.fixture(scope="session")
def real_text() -> str:
    if not REAL_REPORT.exists():
        pytest.skip(f"real report not available at {REAL_REPORT}")
    return REAL_REPORT.read_text(encoding="utf-8")


def remove_page_furniture(text: str) -> str:
    """Undo ``paginate``: drop each "\\f<header>" line, the footer before it and the last footer."""
    out: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("\f"):
            if out and _FOOTER.match(out[-1]):
                out.pop()
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    if out and _FOOTER.match(out[-1]):
        out.pop()
    return "\n".join(out)


def content_words(text: str) -> list[str]:
    """The words of a text with every variant's presentation changes undone."""
    text = remove_page_furniture(text.lstrip("\ufeff"))
    text = text.translate(str.maketrans("‘’“”⁰¹²³⁴⁵⁶⁷⁸⁹", "''\"\"0123456789"))
    return text.replace("**", "").split()


@pytest.fixture(scope="session")
def words_of() -> Callable[[str], list[str]]:
    return content_words


@pytest.fixture(scope="session")
def unpaginate() -> Callable[[str], str]:
    return remove_page_furniture


@pytest.fixture(scope="session")
def make() -> Callable[..., ReportSpec]:
    """Factory: make(seed=7, discretion=False) -> ReportSpec."""
    return make_spec
