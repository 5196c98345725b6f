"""Matching report titles to PDU codes by the reference README's rules."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.pdu_index import name_key, pdu_name_index
from tests.conftest import examples
from transforms.pdu_match import match_pdu


@pytest.fixture(scope="module")
def index(reference):
    return pdu_name_index(reference.pdus, reference.superseded_pdus, reference.pdu_aliases)


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Cumbria PDU", "N51CUMB"),
        ("An inspection of probation services in: Cumbria PDU", "N51CUMB"),
        ("cumbria probation delivery unit", "N51CUMB"),
        ("Blackburn with Darwen PDU", "N51BLDA"),  # an alias seen in HMIP titles
        ("Leicester, Leicestershire & Rutland", "N53LEIS"),
        ("Rutland, Leicestershire and Leicester", "N53LEIS"),  # word order
        ("Portsmouth and the Isle of Wight PDU", "N59SOPO"),
        ("East and West Lincolnshire PDU", "N53EWL"),
    ],
)
def test_titles_match(index, title, code):
    assert match_pdu(title, dt.date(2023, 7, 1), index).pdu_code == code


def test_superseded_pdu_matches_before_its_reorganisation_only(index):
    before = match_pdu("Salford PDU", dt.date(2024, 6, 1), index)
    after = match_pdu("Salford PDU", dt.date(2025, 6, 1), index)
    assert (before.pdu_code, before.status) == ("N50SATR", "matched")
    assert (after.pdu_code, after.status) == (None, "unmatched")


def test_unknown_name_is_reported_not_guessed(index):
    result = match_pdu("North Kent and Medway PDU", dt.date(2026, 1, 1), index)
    assert (result.pdu_code, result.status, result.candidates) == (None, "unmatched", ())


def test_every_reference_pdu_matches_its_own_name(reference, index):
    for code, name in reference.pdus.select("pdu_code", "pdu_name").iter_rows():
        assert match_pdu(f"{name} PDU", dt.date(2025, 7, 1), index).pdu_code == code, name


@settings(max_examples=examples(60), deadline=None)
@given(st.data())
def test_case_punctuation_and_word_order_do_not_matter(reference, index, data):
    code, name = data.draw(st.sampled_from(reference.pdus.select("pdu_code", "pdu_name").rows()))
    words = name.replace(",", " ").split()
    shuffled = data.draw(st.permutations(words))
    cased = [w.upper() if data.draw(st.booleans()) else w.lower() for w in shuffled]
    variant = " , ".join(cased) if data.draw(st.booleans()) else " ".join(cased)
    variant = variant.replace(" and ", " & ") if data.draw(st.booleans()) else variant
    assert name_key(variant + " PDU") == name_key(name)
    assert match_pdu(variant, dt.date(2025, 7, 1), index).pdu_code == code
