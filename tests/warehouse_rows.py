"""Test helpers: a prepared DuckDB warehouse and hand-made staging rows for mart tests."""

from __future__ import annotations

import datetime as dt

import pytest

from warehouse import store

POINTS = {"Inadequate": 0, "Requires improvement": 1, "Good": 2, "Outstanding": 3}
SHA = "0" * 64


def add_inspection(con, inspection_id: str, pdu_code: str | None, published_on: str, *,
                   framework: str = "pdu-2021", overall: str = "Requires improvement",
                   score: int | None = None, max_score: int | None = None,
                   ratings: dict[str, str] | None = None, key_questions: dict[tuple[str, str], float] | None = None,
                   unit_name: str | None = None, region_name: str | None = None) -> None:
    """Insert one inspection with its standard ratings ({code: rating}) and key questions
    ({(code, theme): pct}) into staging. Standard names come from ref.framework_standards;
    score defaults to the sum of the ratings' points, max_score to 3 x rated standards."""
    ratings = ratings or {}
    key_questions = key_questions or {}
    names = {code: (name, domain) for code, name, domain in con.execute(
        "SELECT standard_code, standard_name, domain FROM ref.framework_standards WHERE framework_code = ?",
        [framework]).fetchall()}
    points = sum(POINTS[r] for r in ratings.values() if r)
    con.execute(
        "INSERT INTO staging.inspection (inspection_id, unit_name, pdu_code, region_name, published_on, overall_rating, "
        "score, max_score, framework, source_file, source_sha256, source_line, published_on_source) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'text')",
        [inspection_id, unit_name or inspection_id, pdu_code, region_name, dt.date.fromisoformat(published_on), overall,
         points if score is None else score,
         3 * sum(1 for r in ratings.values() if r) if max_score is None else max_score,
         framework, f"{inspection_id}.txt", SHA])
    for code, rating in ratings.items():
        name, domain = names[code]
        con.execute("INSERT INTO staging.standard_ratings VALUES (?, ?, ?, ?, ?, ?, ?, 1, NULL)",
                    [inspection_id, code, name, domain, rating, POINTS.get(rating), SHA])
    for (code, theme), pct in key_questions.items():
        if code not in ratings:
            name, domain = names[code]
            con.execute("INSERT INTO staging.standard_ratings VALUES (?, ?, ?, ?, NULL, NULL, ?, 1, NULL)",
                        [inspection_id, code, name, domain, SHA])
            ratings[code] = None
        con.execute("INSERT INTO staging.key_questions VALUES (?, ?, ?, ?, ?, ?, 1, NULL)",
                    [inspection_id, code, theme, f"{theme}?", pct, SHA])


def rows(con, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


@pytest.fixture
def wh(tmp_path, reference):
    """A connection to a new warehouse file with layers, reference tables and marts."""
    with store.connect(tmp_path / "warehouse" / "inspections.duckdb") as con:
        store.prepare(con, reference.tables())
        yield con


def load_facts(con, facts, name: str = "report.txt") -> None:
    """Load parsed, validated report facts as the ingest flow does (without Prefect)."""
    store.load_report(con, "test-run", name, facts.tables["inspection"]["source_sha256"][0], "text", 4,
                      facts.tables)
