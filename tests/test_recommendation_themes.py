"""Recommendation themes: keyword rules as data (reference/recommendation_themes.csv)."""

from __future__ import annotations

from tests.warehouse_rows import load_facts, rows, wh  # noqa: F401 (fixture)


def test_the_real_reports_recommendations_have_primary_themes(wh, cumbria):
    load_facts(wh, cumbria)
    assert rows(wh, "SELECT seq, theme FROM mart.recommendations ORDER BY seq") == [
        (1, "domestic abuse and safeguarding"),
        (2, "risk assessment and management"),     # management oversight ... risk of serious harm
        (3, "management oversight"),
        (4, "risk assessment and management"),     # high-risk cases ... other agencies
        (5, "custody and resettlement"),
        (6, "diversity and inclusion"),
        (7, "enforcement and court"),
        (8, "workload and management capacity"),   # middle managers ... capacity ... oversight
        (9, "learning and development"),
        (10, "interventions and services"),
        (11, "workload and management capacity"),
        (12, "estates and IT"),
        (13, "risk assessment and management"),    # ViSOR ... training
    ]


def test_the_bridge_has_every_matching_theme_and_one_primary(wh, cumbria):
    load_facts(wh, cumbria)
    assert rows(wh, "SELECT theme, is_primary FROM mart.recommendation_themes WHERE seq IN (2, 13) "
                    "ORDER BY seq, theme_priority") == [
        ("risk assessment and management", True), ("management oversight", False),
        ("risk assessment and management", True), ("learning and development", False),
    ]
    assert rows(wh, """SELECT count(*) FROM mart.recommendations AS r
                       WHERE (SELECT count(*) FROM mart.recommendation_themes AS t
                              WHERE t.inspection_id = r.inspection_id AND t.seq = r.seq AND t.is_primary
                                AND t.theme = r.theme) <> 1""") == [(0,)]


def test_a_recommendation_matching_no_theme_is_other(wh, reference):
    from tests.warehouse_rows import SHA, add_inspection

    add_inspection(wh, "x-2023", "N53DRBY", "2023-01-01")
    wh.execute("INSERT INTO staging.recommendations VALUES ('x-2023', 1, 'PDU', 'Derby City PDU', "
               "'celebrate success more often', ?, 1, NULL)", [SHA])
    assert rows(wh, "SELECT theme FROM mart.recommendations") == [("other",)]
    assert rows(wh, "SELECT theme, theme_priority, is_primary FROM mart.recommendation_themes") == [("other", None, True)]
