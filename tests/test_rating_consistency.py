"""mart.rating_consistency: printed score and ratings against the framework's rules, as data."""

from __future__ import annotations

from tests.warehouse_rows import add_inspection, load_facts, rows, wh  # noqa: F401 (fixture)

CHECKS = ("SELECT rule, subject, observed, expected, lowest_pct, passed, detail FROM mart.rating_consistency "
          "WHERE inspection_id = ? ORDER BY rule, subject")


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


RULE_CHECKS = ("SELECT rule, subject, observed, expected, passed, severity, checked_by, sources_agree "
               "FROM mart.rule_checks WHERE inspection_id = ? ORDER BY rule, subject")


def test_rule_checks_merge_the_parsers_and_the_warehouses_checks_of_the_real_report(wh, cumbria):
    load_facts(wh, cumbria)
    got = rows(wh, RULE_CHECKS, ["cumbria-2023-07"])
    by_rule = {}
    for row in got:
        by_rule.setdefault(row[0], []).append(row)
    # the parser checks body_rating (9 rated standards) and pdu_match; the warehouse alone limiting rules
    # (the parser's completeness checks are in tests/test_ingest_flow.py and docs/report-wording.md)
    rating_rules = ("body_rating", "limiting_rule", "max_score", "pdu_match", "rating_band", "score_sum")
    assert {r: len(v) for r, v in by_rule.items() if r in rating_rules} == {
        "body_rating": 9, "limiting_rule": 2, "max_score": 1, "pdu_match": 1, "rating_band": 5, "score_sum": 1}
    assert by_rule["score_sum"] == [("score_sum", "score", "6", "6", True, "error", ["parser", "warehouse"], True)]
    assert by_rule["rating_band"][0] == ("rating_band", "2.1", "Requires improvement", "Requires improvement", True,
                                         "warning", ["parser", "warehouse"], True)
    assert {r[6] == ["warehouse"] and r[7] is None for r in by_rule["limiting_rule"]} == {True}
    assert {r[6] == ["parser"] and r[5] == "error" for r in by_rule["body_rating"] + by_rule["pdu_match"]} == {True}
    # mart.data_quality is the parser's rows of the same mart: 9 + 1 + 1 + 5 + 1 rating checks
    assert rows(wh, "SELECT count(*) FROM mart.data_quality WHERE inspection_id = 'cumbria-2023-07' "
                    "AND rule IN ('body_rating', 'max_score', 'pdu_match', 'rating_band', 'score_sum')") == [(17,)]


def test_a_disagreement_between_the_sources_fails_the_check_and_says_so(wh):
    add_inspection(wh, "odd-2023", "N53DRBY", "2023-01-01", score=12, ratings={"1.1": "Good", "1.2": "Good"})
    # the parser saw score 12 as consistent (say, it read a different rating); the warehouse recomputes 4
    wh.execute("INSERT INTO staging.data_quality (inspection_id, rule, subject, expected, observed, passed, detail, "
               "severity) VALUES ('odd-2023', 'score_sum', 'score', '12', '12', true, 'x', 'error')")
    # add_inspection prints a maximum of 3 x 2 rated standards: only the warehouse checks it against ref
    assert [r for r in rows(wh, RULE_CHECKS, ["odd-2023"]) if r[0] == "max_score"] == [
        ("max_score", "max_score", "6", "27", False, "error", ["warehouse"], None)]
    assert rows(wh, "SELECT observed, expected, passed, checked_by, sources_agree FROM mart.rule_checks "
                    "WHERE rule = 'score_sum'") == [("12", "4", False, ["parser", "warehouse"], False)]


def test_a_severity_written_by_the_parser_wins_over_the_reference_default(wh):
    add_inspection(wh, "odd-2023", "N53DRBY", "2023-01-01", ratings={"1.1": "Good"})
    wh.execute("INSERT INTO staging.data_quality (inspection_id, rule, subject, expected, observed, passed, detail, "
               "severity) VALUES ('odd-2023', 'completeness', '2.1', 'a section', 'none', false, 'x', 'gap'), "
               "('odd-2023', 'body_rating', '1.1', 'Good', 'Good', true, 'y', 'info')")
    # reference/quality_rules.csv says 'error' for body_rating; the parser's own row says 'info'
    assert rows(wh, "SELECT rule, severity, checked_by FROM mart.rule_checks WHERE checked_by = ['parser'] "
                    "ORDER BY rule") == [("body_rating", "info", ["parser"]), ("completeness", "gap", ["parser"])]
