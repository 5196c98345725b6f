"""PDU register marts: regions, PDUs, successors, and mart.pdu_latest over all 108 PDUs."""

from __future__ import annotations

import datetime as dt

from tests.warehouse_rows import add_inspection, load_facts, rows, wh  # noqa: F401 (fixture)

CASE = {"2.1": "Good", "2.2": "Requires improvement", "2.3": "Good", "2.4": "Good", "2.5": "Good"}
ORG = {"1.1": "Good", "1.2": "Good", "1.3": "Requires improvement", "1.4": "Good"}


def test_register_has_12_regions_108_current_and_4_superseded_pdus(wh):
    assert rows(wh, "SELECT count(*), sum(current_pdus), sum(superseded_pdus) FROM mart.regions") == [(12, 108, 4)]
    assert rows(wh, "SELECT status, count(*) FROM mart.pdus GROUP BY status ORDER BY status") == [
        ("current", 108), ("superseded", 4)]
    assert rows(wh, "SELECT pdu_code, superseded_on, successor_pdu_codes FROM mart.pdus "
                    "WHERE status = 'superseded' ORDER BY pdu_code") == [
        ("N50SATR", dt.date(2025, 4, 1), ["N50SFTR"]),
        ("N50STTR", dt.date(2025, 4, 1), ["N50SFTR", "N50STTA"]),
        ("N50TAST", dt.date(2025, 4, 1), ["N50STTA"]),
        ("N52STST", dt.date(2024, 12, 1), ["N52STF", "N52STFS"]),
    ]


def test_superseded_pdus_map_to_their_successors(wh):
    assert rows(wh, "SELECT superseded_pdu_code, successor_pdu_code, successor_pdu_name FROM mart.pdu_successors "
                    "WHERE superseded_pdu_code IN ('N50STTR', 'N52STST') ORDER BY 1, 2") == [
        ("N50STTR", "N50SFTR", "Salford and Trafford"),
        ("N50STTR", "N50STTA", "Stockport and Tameside"),
        ("N52STST", "N52STF", "Staffordshire North"),
        ("N52STST", "N52STFS", "Staffordshire South"),
    ]
    assert rows(wh, "SELECT predecessor_pdu_codes FROM mart.pdus WHERE pdu_code IN ('N50SFTR', 'N52STFS') "
                    "ORDER BY pdu_code") == [(["N50SATR", "N50STTR"],), (["N52STST"],)]


def test_pdu_latest_has_every_current_pdu_when_nothing_is_loaded(wh):
    assert rows(wh, "SELECT count(*), count(DISTINCT pdu_code), min(inspection_status), max(inspection_status) "
                    "FROM mart.pdu_latest") == [(108, 108, "not inspected", "not inspected")]


def test_an_inspection_of_a_superseded_pdu_shows_up_under_its_successors(wh):
    add_inspection(wh, "stockport-and-trafford-2023-03", "N50STTR", "2023-03-01", ratings={**ORG, **CASE},
                   overall="Requires improvement")
    add_inspection(wh, "salford-2024-06", "N50SATR", "2024-06-01", ratings={**ORG, **CASE}, overall="Good")
    got = rows(wh, "SELECT pdu_code, inspection_status, latest_inspection_id, inspected_pdu_code, overall_rating, "
                   "previous_inspection_id, direction_of_change, note FROM mart.pdu_latest "
                   "WHERE pdu_code IN ('N50SFTR', 'N50STTA', 'N50MANC') ORDER BY pdu_code")
    assert got == [
        ("N50MANC", "not inspected", None, None, None, None, None, None),
        ("N50SFTR", "inspected as predecessor", "salford-2024-06", "N50SATR", "Good",
         "stockport-and-trafford-2023-03", "improved",
         "latest inspection was of Salford (N50SATR), superseded 2025-04: it describes that PDU as it then was"),
        ("N50STTA", "inspected as predecessor", "stockport-and-trafford-2023-03", "N50STTR", "Requires improvement",
         None, "first inspection",
         "latest inspection was of Stockport and Trafford (N50STTR), superseded 2025-04: it describes that PDU as "
         "it then was"),
    ]
    assert rows(wh, "SELECT count(*) FROM mart.pdu_latest") == [(108,)]


def test_overall_ratings_are_not_compared_across_frameworks(wh):
    add_inspection(wh, "norfolk-2023-01", "N56NOSU", "2023-01-01", ratings={**ORG, **CASE}, overall="Good")
    add_inspection(wh, "norfolk-2025-01", "N56NOSU", "2025-01-01", framework="pdu-2023", overall="Requires improvement",
                   ratings={"1.1": "Good", "1.2": "Good", "1.3": "Good", "2.1": "Inadequate", "2.2": "Good",
                            "2.3": "Good", "2.4": "Requires improvement"})
    assert rows(wh, "SELECT framework_code, score, max_score, score_pct, leadership_rating, information_facilities_rating, "
                    "court_work_rating, assessment_rating, reviewing_rating, previous_overall_rating, "
                    "direction_of_change, note FROM mart.pdu_latest WHERE pdu_code = 'N56NOSU'") == [
        ("pdu-2023", 11, 21, 100 * 11 / 21, "Good", None, None, "Inadequate", "Requires improvement", "Good",
         "not comparable",
         "previous inspection used framework pdu-2021, latest pdu-2023: overall ratings are not compared across "
         "frameworks"),
    ]


def test_the_real_cumbria_report_is_n51cumb_in_pdu_latest(wh, cumbria):
    load_facts(wh, cumbria)
    assert rows(wh, "SELECT pdu_code, pdu_name, region_name, inspection_status, latest_inspection_id, overall_rating, "
                    "score, court_work_rating, assessment_rating, direction_of_change FROM mart.pdu_latest "
                    "WHERE inspection_status <> 'not inspected'") == [
        ("N51CUMB", "Cumbria", "North West", "inspected", "cumbria-2023-07", "Requires improvement", 6,
         "Requires improvement", "Inadequate", "first inspection"),
    ]


def test_region_summary_counts_latest_overall_ratings_by_their_points_not_their_words(wh):
    add_inspection(wh, "bolton-2023-03", "N50BOLT", "2023-03-01", ratings={**ORG, **CASE}, overall="Good")
    add_inspection(wh, "bolton-2024-06", "N50BOLT", "2024-06-01", ratings={**ORG, **CASE}, overall="Outstanding")
    add_inspection(wh, "oldham-2024-01", "N50OLD", "2024-01-01", ratings={**ORG, **CASE}, overall="Inadequate")
    # the rating words are reference data (reference/rating_scale.csv): a band renamed there is
    # still counted in its column, which stands for its points (1: requires improvement)
    wh.execute("UPDATE ref.rating_scale SET rating = 'Needs improvement' WHERE rating = 'Requires improvement'")
    add_inspection(wh, "manchester-north-2023-09", "N50MANC", "2023-09-01", ratings={**ORG, **CASE},
                   overall="Needs improvement")
    assert rows(wh, "SELECT pdus_inspected, latest_inspections, rated_outstanding, rated_good, "
                    "rated_requires_improvement, rated_inadequate FROM mart.region_summary "
                    "WHERE region_code = 'N50'") == [(3, 3, 1, 0, 1, 1)]  # Bolton's latest only: Outstanding
    assert rows(wh, "SELECT sum(latest_inspections), sum(rated_good) FROM mart.region_summary") == [(3, 0)]
