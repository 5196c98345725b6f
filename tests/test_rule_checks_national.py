"""mart.rule_checks on the national sample: the parser's 29 failed checks and the SQL
re-derivation's 38, reconciled, against counts worked out from the generator's specification."""

from __future__ import annotations

import duckdb
import pytest

SEED = 2023
GOOD = {"Good", "Outstanding"}


@pytest.fixture(scope="module")
def expected():
    from synth.generate import sample_spec
    from synth.national import national_sample

    raised, limited = 0, 0
    for report in national_sample(SEED):
        raised += report.discretion      # one case-supervision rating raised above its band
        if report.framework != "pdu-2021":
            continue                     # reference/limiting_rules.csv: 2021-2023 rules only
        spec = sample_spec(report, SEED)
        inadequate = {s.standard_code for s in spec.standards if s.rating == "Inadequate"}
        # an Inadequate 2.2-2.5 rules out Good/Outstanding for 1.1; an Inadequate 2.4 for 1.3
        limited += bool(inadequate & {"2.2", "2.3", "2.4", "2.5"}) and spec.rating("1.1") in GOOD
        limited += "2.4" in inadequate and spec.rating("1.3") in GOOD
    return raised, limited


@pytest.fixture(scope="module")
def national(national_sample):
    with duckdb.connect(str(national_sample / "current" / "inspections.duckdb"), read_only=True) as con:
        yield con


def test_the_29_and_the_38_are_the_same_rating_bands_plus_the_limiting_rules(national, expected):
    raised, limited = expected
    assert (raised, limited) == (29, 9)
    assert national.execute("SELECT count(*) FROM mart.data_quality WHERE NOT passed").fetchall() == [(raised,)]
    assert national.execute("SELECT count(*) FROM mart.rating_consistency WHERE NOT passed").fetchall() == [
        (raised + limited,)]
    assert national.execute("""
        SELECT rule, checked_by, sources_agree, severity, count(*) FROM mart.rule_checks WHERE NOT passed
        GROUP BY ALL ORDER BY rule""").fetchall() == [
        ("limiting_rule", ["warehouse"], None, "warning", limited),
        ("rating_band", ["parser", "warehouse"], True, "warning", raised),
    ]
    # no check the two sources both make disagrees anywhere in the sample
    assert national.execute("SELECT count(*) FROM mart.rule_checks WHERE NOT sources_agree").fetchall() == [(0,)]
