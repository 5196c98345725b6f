"""Web-page reports: the title block of the inspectorate's pages (licence block, "Skip to
content", a one-line title with no colon, "Published:" whose date the text loses,
headings followed by "(Back to top)").

The seven real beginnings in ../shared/corpus/beginnings are cut short, so each is
rejected, with a reason saying it is incomplete, where it stops and what it holds. Every
expected reason below was written from reading the files by eye."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from core.errors import RejectedInput
from synth.wording import web_page_text
from tests.conftest import CORPUS, facts_of, parse_text
from transforms.report_facts import facts_from_text

BEGINNINGS = CORPUS / "beginnings"
_CUT = "stops in the Foreword (mid-sentence)"
_NOT_FOUND = "no publication date, no ratings table, no standards"

EXPECTED = {
    "county-durham-and-darlington-pdu-2025-xx.txt":
        f"incomplete report: {_CUT}: title, unit 'County Durham and Darlington PDU', "
        f"overall rating 'Inadequate' found; {_NOT_FOUND}",
    # the Foreword states the overall rating before the text stops
    "gwent-pdu-2025-xx.txt":
        f"incomplete report: {_CUT}: title, unit 'Gwent PDU', overall rating 'Requires improvement' found; "
        f"{_NOT_FOUND}",
    # a dynamic public-protection inspection is unrated: no ratings table is expected
    "kent-surrey-and-sussex-region-dipp-2026-01.txt":
        "incomplete report: stops in the Chief Inspector's judgement (mid-sentence): title 'Dynamic Inspection "
        "of Public Protection in Kent, Surrey and Sussex', unit 'Kent, Surrey and Sussex' found; "
        "no publication date, no standards",
    "national-inspection-2025-04.txt":
        "incomplete report: stops in the Foreword from the HM Chief Inspector (mid-sentence): title 'National "
        "Inspection \u2013 April 2025', unit 'HMPPS', overall rating 'Requires improvement' found; "
        f"{_NOT_FOUND}",
    "newcastle-upon-tyne-pdu-2025-xx.txt":
        f"incomplete report: {_CUT}: title, unit 'Newcastle Upon Tyne PDU', overall rating 'Inadequate' found; "
        f"{_NOT_FOUND}",
    "north-east-region-2025-xx.txt":
        f"incomplete report: {_CUT}: title 'An inspection of Probation Services \u2013 North East region', "
        f"unit 'North East region', overall rating 'Requires improvement' found; {_NOT_FOUND}",
    # no blank lines and no "Published:" in this copy
    "sunderland-pdu-2025-xx.txt":
        f"incomplete report: {_CUT}: title, unit 'Sunderland PDU', overall rating 'Requires improvement' found; "
        f"{_NOT_FOUND}",
}


def test_every_beginning_has_an_expected_reason():
    assert sorted(p.name for p in BEGINNINGS.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_beginning_is_rejected_as_incomplete(reference, name):
    with pytest.raises(RejectedInput) as caught:
        parse_text((BEGINNINGS / name).read_bytes(), reference, name)
    assert caught.value.reason == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_beginning_with_a_date_from_the_page_is_still_incomplete(reference, name):
    text = (BEGINNINGS / name).read_text(encoding="utf-8")
    with pytest.raises(RejectedInput) as caught:
        facts_from_text(text, name, "0" * 64, reference, published_hint=dt.date(2025, 6, 1))
    found, _, missing = caught.value.reason.partition(" found; ")
    assert found.startswith("incomplete report: stops in ")
    assert ", publication date" in found
    assert "publication date" not in missing and missing.endswith("no standards")


def _without(facts, table: str, field: str):
    out = facts_of(facts, keep_lines=False)
    out[table] = [row for row in out[table] if row.get("field") != field]
    # where the date was read is the one difference the date's absence from the text makes
    out["inspection"] = [{k: v for k, v in row.items() if k != "published_on_source"} for row in out["inspection"]]
    return out


def test_web_page_text_with_a_date_from_the_page_reads_to_the_same_facts(cumbria, cumbria_text, reference):
    text = web_page_text(cumbria_text)
    assert "Published:\n" in text and "An inspection of probation services in Cumbria PDU\n" in text
    data = text.encode()
    facts = facts_from_text(text, "cumbria.html.txt", hashlib.sha256(data).hexdigest(), reference,
                            published_hint=dt.date(2023, 7, 1))
    # the date did not come from a line of the text, so no line is given for it
    assert "published_on" not in facts.inspection_field_sources["field"].to_list()
    assert _without(facts, "inspection_field_sources", "published_on") == _without(
        cumbria, "inspection_field_sources", "published_on")


def test_web_page_text_with_the_date_after_published_reads_to_the_same_facts(cumbria, cumbria_text, reference):
    facts = parse_text(web_page_text(cumbria_text, published="1 July 2023"), reference)
    assert facts_of(facts, keep_lines=False) == facts_of(cumbria, keep_lines=False)


def test_web_page_text_without_any_date_is_rejected_for_the_missing_date(cumbria_text, reference):
    text = web_page_text(cumbria_text)
    line = text.split("\n").index("Published:") + 1
    with pytest.raises(RejectedInput) as caught:
        parse_text(text, reference)
    assert caught.value.reason == (
        f"the publication date is missing: 'Published:' on line {line} is followed by no date, "
        "and no date was found elsewhere"
    )


def test_a_text_that_is_not_a_report_still_says_so(reference):
    with pytest.raises(RejectedInput) as caught:
        parse_text("Skip to content\n\nParish newsletter\n\nPublished: 3 May 2025\n\nForeword (Back to top)\n\n"
                   "The hall roof is mended.\n", reference)
    assert caught.value.reason.startswith("not an HM Inspectorate of Probation inspection report")


@pytest.mark.parametrize(("printed", "expected"), [
    ("Published: 1 July 2023", "2023-07-01"),
    ("Published: 12 July 2023", "2023-07-12"),
    ("Published: 12th July 2023", "2023-07-12"),
    ("Publication date: 2023-07-12", "2023-07-12"),
    ("Published 12/07/2023", "2023-07-12"),
    ("Published: July 2023", "2023-07-01"),
])
def test_web_page_publication_date_forms(cumbria_text, reference, printed, expected):
    text = web_page_text(cumbria_text).replace("\nPublished:\n", f"\n{printed}\n")
    facts = parse_text(text, reference)
    assert str(facts.inspection["published_on"][0]) == expected


def test_an_impossible_publication_date_is_rejected(cumbria_text, reference):
    text = web_page_text(cumbria_text, published="31/02/2023")
    line = text.split("\n").index("Published: 31/02/2023") + 1
    with pytest.raises(RejectedInput) as caught:
        parse_text(text, reference)
    assert caught.value.reason == f"publication date not readable: '31/02/2023' (line {line})"


def test_web_page_title_without_pdu_names_the_same_unit(cumbria, cumbria_text, reference):
    text = web_page_text(cumbria_text, published="1 July 2023").replace(
        "An inspection of probation services in Cumbria PDU\n", "An inspection of probation services in Cumbria\n")
    facts = parse_text(text, reference)
    row = facts.inspection.row(0, named=True)
    assert (row["unit_name"], row["pdu_code"], row["inspection_id"]) == ("Cumbria", "N51CUMB", "cumbria-2023-07")
    got, want = facts_of(facts, keep_lines=False), facts_of(cumbria, keep_lines=False)
    got["inspection"][0]["unit_name"] = "Cumbria PDU"
    for row in got["data_quality"]:  # the pdu_match check names the unit as printed
        if row["rule"] == "pdu_match":
            row["subject"] = "Cumbria PDU"
    assert got == want
