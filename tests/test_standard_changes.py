"""mart.standard_changes and mart.key_question_changes: pairs of inspections of one PDU on the same
comparison key, never on a different one. Hand-made cases, then the national synthetic sample
against values worked out from the generator's own specification (synth/), not from the marts."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict

import duckdb
import pytest

from tests.conftest import PROJECT
from tests.warehouse_rows import add_inspection, rows, wh  # noqa: F401 (fixture)

SEED = 2023   # `inspections generate --national` default

# read off the frameworks' published standard lists: the same standard, numbered differently
ASSESSMENT = {"pdu-2021": "2.2", "pdu-2023": "2.1"}
PLANNING = {"pdu-2021": "2.3", "pdu-2023": "2.2"}


def test_a_framework_change_pairs_assessment_with_assessment_and_says_why_court_work_is_not_compared(wh):
    add_inspection(wh, "derby-2023", "N53DRBY", "2023-01-01",
                   ratings={"2.1": "Good", "2.2": "Inadequate", "2.3": "Good"},
                   key_questions={("2.1", "court"): 70.0, ("2.2", "safety"): 40.0, ("2.3", "safety"): 66.0})
    add_inspection(wh, "derby-2025", "N53DRBY", "2025-01-01", framework="pdu-2023",
                   ratings={"2.1": "Requires improvement", "2.2": "Good"},
                   key_questions={("2.1", "safety"): 55.0, ("2.2", "safety"): 81.0})
    got = rows(wh, "SELECT comparison_key, previous_standard_code, latest_standard_code, previous_rating, latest_rating, "
                   "points_change, direction_of_change, previous_safety_pct, latest_safety_pct, safety_pct_change, "
                   "comparable, reason FROM mart.standard_changes WHERE pdu_code = 'N53DRBY' ORDER BY comparison_key")
    assert got == [
        ("assessment", "2.2", "2.1", "Inadequate", "Requires improvement", 1, "improved", 40.0, 55.0, 15.0, True, None),
        ("court_work", "2.1", None, "Good", None, None, None, None, None, None, False,
         "the latest inspection (derby-2025, framework pdu-2023) has no standard with comparison key court_work "
         "(No 2023-2025 counterpart: court work moved to regional inspections)"),
        ("planning", "2.3", "2.2", "Good", "Good", 0, "unchanged", 66.0, 81.0, 15.0, True, None),
    ]
    assert rows(wh, "SELECT comparison_key, theme, previous_pct_yes, latest_pct_yes, pct_change, comparable "
                    "FROM mart.key_question_changes ORDER BY comparison_key, theme") == [
        ("assessment", "safety", 40.0, 55.0, 15.0, True),
        ("court_work", "court", 70.0, None, None, False),
        ("planning", "safety", 66.0, 81.0, 15.0, True),
    ]


def test_a_successor_pdu_is_not_compared_with_its_predecessor(wh):
    add_inspection(wh, "salford-2024", "N50SATR", "2024-06-01", framework="pdu-2023", ratings={"2.1": "Good"})
    add_inspection(wh, "salford-and-trafford-2025", "N50SFTR", "2025-09-01", framework="pdu-2023",
                   ratings={"2.1": "Inadequate"})
    add_inspection(wh, "norfolk-2024", "N56NOSU", "2024-06-01", framework="pdu-2023", ratings={"2.1": "Good"})
    assert rows(wh, "SELECT pdu_code, previous_inspection_id, comparable, reason FROM mart.standard_changes "
                    "ORDER BY pdu_code") == [
        ("N50SATR", None, False, "first inspection of N50SATR: nothing earlier to compare with"),
        ("N50SFTR", None, False, "no earlier inspection of N50SFTR; the previous inspection of its area was of "
                                 "Salford (N50SATR, salford-2024), a different PDU before a reorganisation: not compared"),
        ("N56NOSU", None, False, "first inspection of N56NOSU: nothing earlier to compare with"),
    ]


# --- the national sample ---------------------------------------------------------------------

def _codes() -> dict[str, str]:
    """PDU name (as the generator names units) -> code, current and superseded."""
    out = {}
    for name in ("probation_delivery_units.csv", "superseded_pdus.csv"):
        with (PROJECT / "reference" / name).open(encoding="utf-8", newline="") as f:
            out.update({r["pdu_name"]: r["pdu_code"] for r in csv.DictReader(f)})
    return out


def _keys() -> dict[str, set[str]]:
    with (PROJECT / "reference" / "standard_comparability.csv").open(encoding="utf-8", newline="") as f:
        keys = defaultdict(set)
        for r in csv.DictReader(f):
            keys[r["framework_code"]].add(r["comparison_key"])
    return keys


@pytest.fixture(scope="module")
def spec():
    """Every report of the national sample, by PDU code, oldest first: (published_on, framework, spec)."""
    from synth.generate import sample_spec
    from synth.national import national_sample

    codes, by_code = _codes(), defaultdict(list)
    for report in national_sample(SEED):
        by_code[codes[report.pdu_name]].append((report.published_on, report.framework, sample_spec(report, SEED)))
    return {code: sorted(reports, key=lambda r: r[0]) for code, reports in by_code.items()}


@pytest.fixture(scope="module")
def national(national_sample):
    with duckdb.connect(str(national_sample / "current" / "inspections.duckdb"), read_only=True) as con:
        yield con


def test_the_sample_is_what_the_generator_says(spec):
    assert sum(len(r) for r in spec.values()) == 220
    assert len(spec) == 112                                          # 108 current + 4 superseded codes
    assert sum(len(r) == 2 for r in spec.values()) == 108            # 4 successors are inspected once


def test_every_pair_compares_equal_comparison_keys(national):
    assert rows(national, "SELECT count(*), count(previous_inspection_id) FROM mart.standard_changes") == [(1108, 1080)]
    mismatched = rows(national, """
        SELECT c.pdu_code, c.comparison_key, l.comparison_key, p.comparison_key
        FROM mart.standard_changes AS c
        LEFT JOIN mart.framework_standards AS l
               ON l.framework_code = c.latest_framework_code AND l.standard_code = c.latest_standard_code
        LEFT JOIN mart.framework_standards AS p
               ON p.framework_code = c.previous_framework_code AND p.standard_code = c.previous_standard_code
        WHERE (c.latest_standard_code IS NOT NULL AND l.comparison_key IS DISTINCT FROM c.comparison_key)
           OR (c.previous_standard_code IS NOT NULL AND p.comparison_key IS DISTINCT FROM c.comparison_key)
           OR (c.comparable AND (c.latest_standard_code IS NULL OR c.previous_standard_code IS NULL))""")
    assert mismatched == []
    # the same through the key questions each pair's percentages come from
    assert rows(national, """
        SELECT count(*) FROM mart.key_question_changes AS c
        JOIN mart.key_questions AS l ON l.inspection_id = c.latest_inspection_id AND l.theme = c.theme
                                    AND l.pct_yes = c.latest_pct_yes AND l.comparison_key <> c.comparison_key
        WHERE c.comparable AND NOT EXISTS (
            SELECT 1 FROM mart.key_questions AS x WHERE x.inspection_id = c.latest_inspection_id
              AND x.theme = c.theme AND x.comparison_key = c.comparison_key AND x.pct_yes = c.latest_pct_yes)""") == [(0,)]


def test_pdus_with_a_comparable_change_are_those_with_two_inspections_of_comparable_standards(national, spec):
    keys = _keys()
    expected = set()
    for code, reports in spec.items():
        *earlier, (_, latest_fw, _) = reports
        for _, fw, _ in earlier:
            expected |= {(code, key) for key in keys[latest_fw] & keys[fw]}
    got = set(rows(national, "SELECT pdu_code, comparison_key FROM mart.standard_changes WHERE comparable"))
    assert got == expected
    assert len({code for code, _ in expected}) == 108
    assert rows(national, "SELECT count(DISTINCT pdu_code) FROM mart.standard_changes WHERE comparable") == [(108,)]
    # the rest say why: a key the 2023-2025 framework lacks (3 keys x 108 PDUs), or a successor PDU
    # whose only earlier inspection is its predecessor's (4 successors x 7 keys)
    reasons = rows(national, "SELECT regexp_extract(reason, '^(the latest inspection|no earlier inspection)'), "
                             "count(*) FROM mart.standard_changes WHERE NOT comparable GROUP BY 1 ORDER BY 1")
    assert reasons == [("no earlier inspection", 28), ("the latest inspection", 324)]


def _safety(spec_, code: str) -> float:
    (q,) = [q for q in spec_.questions(code) if "safe" in q.question]
    return float(q.percent_yes)


def _headline_query() -> str:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    (query,) = [q for q in re.findall(r"```sql\n(.*?)```", readme, re.S)
                if "region_name = 'North West'" in q and "comparison_key = 'assessment'" in q]
    return query


def test_the_readme_headline_query_gives_the_hand_derived_north_west_assessment_trend(national, spec):
    with (PROJECT / "reference" / "probation_delivery_units.csv").open(encoding="utf-8", newline="") as f:
        north_west = {r["pdu_code"]: r["pdu_name"] for r in csv.DictReader(f) if r["region_name"] == "North West"}
    expected = []
    for code, name in north_west.items():
        (d1, fw1, s1), (d2, fw2, s2) = spec[code]
        assert (fw1, fw2) == ("pdu-2021", "pdu-2023")
        before, after = _safety(s1, ASSESSMENT[fw1]), _safety(s2, ASSESSMENT[fw2])
        expected.append((name, d2, after, d1, before, after - before,
                         s1.rating(ASSESSMENT[fw1]), s2.rating(ASSESSMENT[fw2])))
    expected.sort(key=lambda r: (r[2], r[0]))
    got = rows(national, _headline_query())
    assert [r[:8] for r in got] == expected
    assert len(got) == 13
    # the naive query the README used to give set 2023-25 Planning (2.2) against 2021-23 Assessment (2.2)
    wrong = {name: _safety(spec[c][1][2], "2.2") - _safety(spec[c][0][2], "2.2") for c, name in north_west.items()}
    assert [r[5] for r in got] != [wrong[r[0]] for r in got]
    assert isinstance(got[0][1], dt.date)


def test_every_percentage_in_the_marts_is_on_the_0_to_100_scale(national):
    """The naming note: *_pct and pct_* columns are 0-100 (a change in points -100..100), never 0-1."""
    columns = rows(national, "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'mart' "
                             "AND (column_name LIKE '%pct%' OR column_name LIKE '%percentile%') "
                             "AND data_type IN ('DOUBLE', 'INTEGER', 'BIGINT') ORDER BY 1, 2")
    assert ("pdu_latest", "score_pct") in columns and ("standard_changes", "safety_pct_change") in columns
    out_of_scale, filled = [], 0
    for view, column in columns:
        (low, high, n), = rows(national, f'SELECT min("{column}"), max("{column}"), count("{column}") FROM mart.{view}')
        if n == 0:
            continue
        filled += 1
        bound = -100 if "change" in column else 0
        if low < bound or high > 100 or (high <= 1 and "change" not in column and "percentile" not in column):
            out_of_scale.append((view, column, low, high))
    assert out_of_scale == []
    assert filled >= 20
