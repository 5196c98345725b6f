"""mart.key_question_benchmarks: exact benchmark values on small hand-computed sets, and
comparability across frameworks (never compared on a standard one of them lacks)."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from tests.warehouse_rows import add_inspection, rows, wh  # noqa: F401 (fixture)

COLUMNS = ("inspection_id, in_benchmark, national_n, national_mean_pct, national_median_pct, national_q1_pct, "
           "national_q3_pct, national_rank, national_percentile, regional_n, regional_mean_pct, regional_median_pct, "
           "regional_q1_pct, regional_q3_pct, regional_rank, regional_percentile, previous_inspection_id, "
           "previous_pct_yes, change_from_previous_pct")


def _safety(con, theme_pcts):
    for iid, pdu, published, pct in theme_pcts:
        add_inspection(con, iid, pdu, published, key_questions={("2.2", "safety"): pct})


def test_benchmarks_on_a_hand_computed_set(wh):
    # Assessment / safety. Latest per PDU: Derby City 40, Derbyshire 60 (East Midlands),
    # Norfolk 80, Suffolk 60 (East of England); Derby City's earlier 50 is not in the population.
    _safety(wh, [("derby-2022", "N53DRBY", "2022-03-01", 50.0), ("derby-2024", "N53DRBY", "2024-01-01", 40.0),
                 ("derbyshire-2023", "N53DERS", "2023-06-01", 60.0), ("norfolk-2023", "N56NOSU", "2023-10-01", 80.0),
                 ("suffolk-2023", "N56SUFF", "2023-11-01", 60.0)])
    got = rows(wh, f"SELECT {COLUMNS} FROM mart.key_question_benchmarks ORDER BY inspection_id")
    # national [40, 60, 60, 80]: mean 60, median 60, q1 = 40 + 0.75 x 20 = 55, q3 = 60 + 0.25 x 20 = 65
    # rank (1 = highest): 80 -> 1, 60 -> 2, 60 -> 2, 40 -> 4; percentile = 100 x below / (n - 1)
    # East Midlands [40, 60]: mean 50, median 50, q1 45, q3 55; East of England [60, 80]: 70, 70, 65, 75
    assert got == [
        ("derby-2022", False, 4, 60.0, 60.0, 55.0, 65.0, None, None, 2, 50.0, 50.0, 45.0, 55.0, None, None,
         None, None, None),
        ("derby-2024", True, 4, 60.0, 60.0, 55.0, 65.0, 4, 0.0, 2, 50.0, 50.0, 45.0, 55.0, 2, 0.0,
         "derby-2022", 50.0, -10.0),
        ("derbyshire-2023", True, 4, 60.0, 60.0, 55.0, 65.0, 2, pytest.approx(100 / 3), 2, 50.0, 50.0, 45.0, 55.0,
         1, 100.0, None, None, None),
        ("norfolk-2023", True, 4, 60.0, 60.0, 55.0, 65.0, 1, 100.0, 2, 70.0, 70.0, 65.0, 75.0, 1, 100.0,
         None, None, None),
        ("suffolk-2023", True, 4, 60.0, 60.0, 55.0, 65.0, 2, pytest.approx(100 / 3), 2, 70.0, 70.0, 65.0, 75.0,
         2, 0.0, None, None, None),
    ]


PDU_2021 = {("2.1", "court"): 70.0, ("2.2", "safety"): 50.0, ("2.3", "safety"): 60.0}
PDU_2023 = {("2.1", "safety"): 80.0, ("2.2", "safety"): 90.0}  # 2.1 is Assessment, 2.2 Planning in 2023-2025


def test_frameworks_are_compared_only_on_standards_both_have(wh):
    add_inspection(wh, "derby-2023", "N53DRBY", "2023-01-01", key_questions=PDU_2021)
    add_inspection(wh, "derby-2025", "N53DRBY", "2025-01-01", framework="pdu-2023", key_questions=PDU_2023)
    add_inspection(wh, "norfolk-2023", "N56NOSU", "2023-10-01", key_questions=PDU_2021)
    add_inspection(wh, "provider-2019", None, "2019-05-01", framework="provider-2018", unit_name="Some CRC",
                   key_questions={("2.1", "safety"): 10.0})
    got = rows(wh, "SELECT inspection_id, standard_code, standard_name, comparison_key, in_benchmark, "
                   "benchmark_framework_codes, national_n, national_mean_pct, previous_inspection_id, "
                   "change_from_previous_pct FROM mart.key_question_benchmarks ORDER BY inspection_id, standard_code")
    assert got == [
        # Derby 2023 is superseded as Derby's latest on assessment and planning, not on court work
        ("derby-2023", "2.1", "Court work", "court_work", True, ["pdu-2021"], 2, 70.0, None, None),
        ("derby-2023", "2.2", "Assessment", "assessment", False, ["pdu-2021", "pdu-2023"], 2, 65.0, None, None),
        ("derby-2023", "2.3", "Planning", "planning", False, ["pdu-2021", "pdu-2023"], 2, 75.0, None, None),
        # 2023-2025 standard 2.1 is Assessment: compared with 2021-2023 2.2 Assessment, never with Court work
        ("derby-2025", "2.1", "Assessment", "assessment", True, ["pdu-2021", "pdu-2023"], 2, 65.0, "derby-2023", 30.0),
        ("derby-2025", "2.2", "Planning", "planning", True, ["pdu-2021", "pdu-2023"], 2, 75.0, "derby-2023", 30.0),
        ("norfolk-2023", "2.1", "Court work", "court_work", True, ["pdu-2021"], 2, 70.0, None, None),
        ("norfolk-2023", "2.2", "Assessment", "assessment", True, ["pdu-2021", "pdu-2023"], 2, 65.0, None, None),
        ("norfolk-2023", "2.3", "Planning", "planning", True, ["pdu-2021", "pdu-2023"], 2, 75.0, None, None),
        # a provider (2018-2021) is compared with nothing but providers
        ("provider-2019", "2.1", "Assessment", "provider-2018:assessment", True, ["provider-2018"], 1, 10.0, None, None),
    ]
    # every framework in a benchmark population has a standard with the row's comparison key
    assert rows(wh, """
        SELECT b.inspection_id, b.standard_code, f.framework
        FROM mart.key_question_benchmarks AS b, unnest(b.benchmark_framework_codes) AS f(framework)
        WHERE NOT EXISTS (SELECT 1 FROM mart.framework_standards AS s
                          WHERE s.framework_code = f.framework AND s.comparison_key = b.comparison_key)""") == []


def test_a_successor_pdu_replaces_its_predecessor_in_the_benchmark(wh):
    _safety(wh, [("stockport-and-trafford-2023", "N50STTR", "2023-03-01", 40.0),
                 ("stockport-and-tameside-2026", "N50STTA", "2026-01-01", 70.0),
                 ("salford-2024", "N50SATR", "2024-06-01", 60.0)])
    assert rows(wh, "SELECT inspection_id, in_benchmark, national_n, previous_inspection_id, change_from_previous_pct "
                    "FROM mart.key_question_benchmarks ORDER BY inspection_id") == [
        ("salford-2024", True, 2, None, None),
        ("stockport-and-tameside-2026", True, 2, "stockport-and-trafford-2023", 30.0),
        ("stockport-and-trafford-2023", False, 2, None, None),
    ]


PDU_CODES = ["N53DRBY", "N53DERS", "N53LEIS", "N56BEDS", "N56CAMB", "N56NOSU", "N51CUMB", "N54SOT", "N58BSG"]


@settings(max_examples=examples(30), deadline=None)
@given(st.lists(st.integers(0, 100), min_size=1, max_size=len(PDU_CODES)))
def test_national_benchmark_matches_its_definition(tmp_path_factory, reference, pcts):
    from warehouse import store

    with store.connect(tmp_path_factory.mktemp("wh") / "w.duckdb") as con:
        store.prepare(con, reference.tables())
        _safety(con, [(f"i{k}", PDU_CODES[k], "2023-01-01", float(p)) for k, p in enumerate(pcts)])
        got = rows(con, "SELECT inspection_id, pct_yes, national_n, national_mean_pct, national_median_pct, "
                        "national_rank, national_percentile FROM mart.key_question_benchmarks ORDER BY inspection_id")
    n = len(pcts)
    for iid, pct, n_got, mean, median, rank, percentile in got:
        assert n_got == n
        assert mean == pytest.approx(statistics.mean(pcts))
        assert median == pytest.approx(statistics.median(pcts))
        assert rank == 1 + sum(p > pct for p in pcts)
        assert percentile == pytest.approx(0.0 if n == 1 else 100 * sum(p < pct for p in pcts) / (n - 1))
