"""Sample report files: names, determinism and the default sample's variety."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from synth.generate import (
    DEFAULT_SAMPLE,
    report_filename,
    slug,
    write_default_sample,
    write_sample_reports,
)
from synth.render import BANNER

REFERENCE = Path(__file__).resolve().parents[2] / "reference" / "probation_delivery_units.csv"
PDUS = [("Derby City", "East Midlands"), ("Cumbria", "North West")]
MONTHS = [date(2024, 3, 1), date(2023, 7, 1)]


def test_slug_and_filename():
    assert slug("Leicester, Leicestershire and Rutland") == "leicester-leicestershire-and-rutland"
    assert report_filename("Derby City", date(2024, 3, 1)) == "derby-city-pdu-2024-03.txt"


def test_write_sample_reports_names_and_content(tmp_path):
    paths = write_sample_reports(tmp_path, PDUS, MONTHS, seed=1)
    assert [p.name for p in paths] == ["derby-city-pdu-2024-03.txt", "cumbria-pdu-2023-07.txt"]
    text = paths[1].read_text(encoding="utf-8")
    assert "\nCumbria PDU\n" in text and "The Probation Service – North West region" in text
    assert "HM Inspectorate of Probation, July 2023" in text and BANNER in text


def test_same_seed_same_bytes(tmp_path):
    first = write_sample_reports(tmp_path / "a", PDUS, MONTHS, seed=5)
    second = write_sample_reports(tmp_path / "b", PDUS, MONTHS, seed=5)
    other = write_sample_reports(tmp_path / "c", PDUS, MONTHS, seed=6)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]


def test_months_drawn_from_seed_when_not_given(tmp_path):
    paths = write_sample_reports(tmp_path, PDUS, None, seed=3)
    again = write_sample_reports(tmp_path / "again", PDUS, None, seed=3)
    assert [p.name for p in paths] == [p.name for p in again]
    assert all(p.name.endswith(".txt") and "-pdu-20" in p.name for p in paths)


def test_months_must_match_pdus(tmp_path):
    with pytest.raises(ValueError, match="published_months has 1 dates for 2 PDUs"):
        write_sample_reports(tmp_path, PDUS, MONTHS[:1], seed=1)


def test_duplicate_file_names_rejected(tmp_path):
    with pytest.raises(ValueError, match="two reports would share a file name"):
        write_sample_reports(tmp_path, PDUS[:1] * 2, MONTHS[:1] * 2, seed=1)


def test_default_sample_pdus_are_real_and_from_four_regions():
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        regions = {row["pdu_name"]: row["region_name"] for row in csv.DictReader(handle)}
    assert all(regions[r.pdu_name] == r.region_name for r in DEFAULT_SAMPLE)
    assert len({r.pdu_name for r in DEFAULT_SAMPLE}) == 4
    assert len({r.region_name for r in DEFAULT_SAMPLE}) == 4
    assert len(DEFAULT_SAMPLE) == 5
    assert all(r.published_on.day == 1 for r in DEFAULT_SAMPLE)


def test_default_sample_shows_variants(tmp_path):
    paths = {p.name: p.read_bytes() for p in write_default_sample(tmp_path)}
    norfolk = paths["norfolk-pdu-2023-10.txt"]
    assert norfolk.startswith(b"\xef\xbb\xbf") and b"\r\n" in norfolk
    bristol = paths["bristol-and-south-gloucestershire-pdu-2024-02.txt"]
    assert b"\f" in bristol and max(len(l) for l in bristol.decode().split("\n")) <= 80
    plain = [v for k, v in paths.items() if k.startswith(("derby", "gateshead"))]
    assert len(plain) == 3
    assert all(b"\r" not in v and b"\f" not in v and not v.startswith(b"\xef") for v in plain)
    assert "derby-city-pdu-2022-03.txt" in paths and "derby-city-pdu-2024-01.txt" in paths


def test_default_sample_copies_no_long_line_of_the_real_report(tmp_path, real_text):
    """Key-question rows (framework wording + a percentage) may coincide; prose may not."""
    real = {line.strip() for line in real_text.split("\n") if len(line.strip()) > 120}
    for path in write_default_sample(tmp_path):
        lines = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
        assert not [line for line in lines if line.strip() in real and "\t" not in line]


def test_sample_report_items_keep_their_month_and_variants(tmp_path):
    """write_sample_reports(out, DEFAULT_SAMPLE, None, seed) writes the default sample."""
    paths = write_sample_reports(tmp_path / "a", DEFAULT_SAMPLE, None, seed=9)
    expected = write_default_sample(tmp_path / "b", seed=9)
    assert [p.name for p in paths] == [p.name for p in expected]
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in expected]


@pytest.mark.parametrize("seed", [2023, 2024, 1])
def test_sample_texts_are_labelled_synthetic(tmp_path, seed):
    for path in write_default_sample(tmp_path, seed=seed):
        text = path.read_text(encoding="utf-8-sig")
        assert text.count("SYNTHETIC SAMPLE REPORT") == 2
