"""mart.rating_consistency: printed score and ratings against the framework's rules, as data."""

from __future__ import annotations

from tests.warehouse_rows import add_inspection, load_facts, rows, wh  # noqa: F401 (fixture)

CHECKS = ("SELECT check_kind, subject, printed, expected, lowest_pct, consistent, reason FROM mart.rating_consistency "
          "WHERE inspection_id = ? ORDER BY check_kind, subject")


def test_the_real_report_is_consistent_score_6_and_court_work_61_percent(wh, cumbria):
    load_facts(wh, cumbria)
    got = rows(wh, CHECKS, ["cumbria-2023-07"])
    assert got[:4] == [
        ("limiting_rule", "1.1", "Requires improvement", "not Good or Outstanding", None, True,
         "case-supervision-limits-leadership: an Inadequate case-supervision standard (2.2-2.5) rules out Good or "
         "Outstanding for 1.1 Leadership; Inadequate: 2.2, 2.3, 2.4, 2.5; Leadership printed Requires improvement"),
        ("limiting_rule", "1.3", "Requires improvement", "not Good or Outstanding", None, True,
         "implementation-limits-services: an Inadequate 2.4 Implementation and delivery rules out Good or Outstanding "
         "for 1.3 Services; Inadequate: 2.4; Services printed Requires improvement"),
        ("max_score", "max_score", "27", "27", None, True, "printed maximum 27 against 27 for framework pdu-2021"),
        ("rating_band", "2.1", "Requires improvement", "Requires improvement", 61.0, True,
         "Court work: printed Requires improvement; lowest key question 61% (court) is in band Requires improvement"),
    ]
    assert [(r[1], r[2], r[4], r[5]) for r in got if r[0] == "rating_band"] == [
        ("2.1", "Requires improvement", 61.0, True), ("2.2", "Inadequate", 25.0, True),
        ("2.3", "Inadequate", 31.0, True), ("2.4", "Inadequate", 37.0, True), ("2.5", "Inadequate", 44.0, True)]
    assert got[-1] == ("score_sum", "score", "6", "6", None, True,
                       "printed score 6 against 6, the sum of the points of its 9 rated standards")
    assert len(got) == 9


def test_each_disagreement_is_shown_with_its_reason(wh):
    add_inspection(wh, "odd-2023", "N53DRBY", "2023-01-01", score=12,
                   ratings={"1.1": "Good", "1.2": "Good", "1.3": "Good", "1.4": "Good", "2.1": "Good",
                            "2.2": "Good", "2.3": "Inadequate", "2.4": "Requires improvement", "2.5": "Good"},
                   key_questions={("2.1", "court"): 70.0, ("2.2", "safety"): 64.0, ("2.2", "engagement"): 90.0,
                                  ("2.3", "safety"): 40.0, ("2.4", "safety"): 55.0, ("2.5", "safety"): 65.0})
    got = [r for r in rows(wh, CHECKS, ["odd-2023"]) if not r[5]]
    assert got == [
        ("limiting_rule", "1.1", "Good", "not Good or Outstanding", None, False,
         "case-supervision-limits-leadership: an Inadequate case-supervision standard (2.2-2.5) rules out Good or "
         "Outstanding for 1.1 Leadership; Inadequate: 2.3; Leadership printed Good"),
        ("rating_band", "2.2", "Good", "Requires improvement", 64.0, False,
         "Assessment: printed Good; lowest key question 64% (safety) is in band Requires improvement"),
        ("score_sum", "score", "12", "15", None, False,
         "printed score 12 against 15, the sum of the points of its 9 rated standards"),
    ]
