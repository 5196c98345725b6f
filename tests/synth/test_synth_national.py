"""The national sample: every PDU, two rounds in two formats, units as they existed then."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from inspections.cli import main
from synth.generate import report_filename
from synth.national import (
    ROUNDS,
    inspection_id,
    load_units,
    national_sample,
    write_national_sample,
)
from synth.variants import VARIANTS
from tests.conftest import parse_text

REFERENCE = Path(__file__).resolve().parents[2] / "reference"
OLD_NAMES = {"Salford": date(2025, 4, 1), "Stockport and Trafford": date(2025, 4, 1),
             "Tameside": date(2025, 4, 1), "Staffordshire and Stoke": date(2024, 12, 1)}
NEW_NAMES = {"Salford and Trafford": date(2025, 4, 1), "Stockport and Tameside": date(2025, 4, 1),
             "Staffordshire North": date(2024, 12, 1), "Staffordshire South": date(2024, 12, 1)}


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def sample():
    return national_sample(2023)


def test_covers_all_108_current_pdus_in_their_regions(sample):
    current = {r["pdu_name"]: r["region_name"] for r in _rows("probation_delivery_units.csv")}
    assert len(current) == 108
    named = {r.pdu_name for r in sample}
    assert set(current) <= named
    assert all(current.get(r.pdu_name, r.region_name) == r.region_name for r in sample)
    assert named - set(current) == set(OLD_NAMES)


def test_rounds_formats_and_windows(sample):
    for rnd in ROUNDS:
        reports = [r for r in sample if r.framework == rnd.framework]
        assert reports and all(rnd.first <= r.published_on <= rnd.last for r in reports)
        assert all(r.published_on.day == 1 for r in reports)
    assert {r.framework for r in sample} == {"pdu-2021", "pdu-2023"}
    assert ROUNDS[0].first == date(2021, 10, 1) and ROUNDS[0].last == date(2023, 12, 1)
    assert ROUNDS[1].last == date(2025, 12, 1) and ROUNDS[1].first >= date(2024, 2, 1)


def test_every_unit_is_named_as_it_existed_when_published(sample):
    for report in sample:
        if report.pdu_name in OLD_NAMES:
            assert report.published_on < OLD_NAMES[report.pdu_name], report
        if report.pdu_name in NEW_NAMES:
            assert report.published_on >= NEW_NAMES[report.pdu_name], report
    # old names in both rounds, new names only in round 2
    assert {(r.pdu_name, r.framework) for r in sample if r.pdu_name in OLD_NAMES} == {
        (n, f) for n in OLD_NAMES for f in ("pdu-2021", "pdu-2023")}
    assert {r.framework for r in sample if r.pdu_name in NEW_NAMES} == {"pdu-2023"}


def test_units_come_from_the_reference_files():
    current, superseded = load_units(REFERENCE)
    assert len(current) == 108 and {u.name for u in superseded} == set(OLD_NAMES)
    assert {u.name: u.valid_from for u in current if u.valid_from} == NEW_NAMES
    assert {u.name: u.valid_to for u in superseded} == OLD_NAMES


def test_ids_and_file_names_are_unique(sample):
    ids = [inspection_id(r) for r in sample]
    assert len(ids) == len(set(ids)) == 220
    assert len({report_filename(r.pdu_name, r.published_on, r.published_as) for r in sample}) == 220


def test_deterministic_and_seed_dependent(sample):
    assert national_sample(2023) == sample
    assert national_sample(2024) != sample


def test_a_pdu_gets_the_same_reports_whatever_else_is_selected(sample):
    subset = national_sample(2023, pdus=["Derby City", "york"])
    assert subset == [r for r in sample if r.pdu_name in {"Derby City", "York"}]


def test_a_successor_brings_the_pdus_it_replaced():
    names = {r.pdu_name for r in national_sample(1, pdus=["Salford and Trafford"])}
    assert names == {"Salford and Trafford", "Salford", "Stockport and Trafford"}
    assert {r.pdu_name for r in national_sample(1, pdus=["Tameside"])} == {"Tameside"}


def test_rounds_selection():
    assert {r.framework for r in national_sample(1, rounds=1)} == {"pdu-2021"}
    assert {r.framework for r in national_sample(1, rounds=[2])} == {"pdu-2023"}
    for bad in (0, 3, [5]):
        with pytest.raises(ValueError, match="rounds must be"):
            national_sample(1, rounds=bad)


def test_unknown_pdu_is_rejected():
    with pytest.raises(ValueError, match="unknown PDU name.*Atlantis"):
        national_sample(1, pdus=["Derby City", "Atlantis"])


def test_a_fraction_of_files_is_varied(sample):
    varied = [r for r in sample if r.variants]
    assert 0.15 * len(sample) < len(varied) < 0.6 * len(sample)
    assert all(v in VARIANTS for r in varied for v in r.variants)
    used = {v for r in varied for v in r.variants}
    assert {"crlf", "bom", "hard_wrap", "paginate", "curly_quotes", "plain_footnote_markers",
            "strip_markdown"} <= used
    assert any(r.discretion for r in sample) and not all(r.discretion for r in sample)


def test_written_files_parse_in_their_framework_and_match_the_pdu_then(tmp_path, reference):
    pdus = ["Salford and Trafford", "Staffordshire North", "Derby City"]
    paths = write_national_sample(tmp_path, 5, pdus=pdus, reference_dir=REFERENCE)
    reports = national_sample(5, pdus=pdus, reference_dir=REFERENCE)
    codes = {r["pdu_name"]: r["pdu_code"] for r in _rows("probation_delivery_units.csv")}
    codes |= {r["pdu_name"]: r["pdu_code"] for r in _rows("superseded_pdus.csv")}
    assert [p.name for p in paths] == [report_filename(r.pdu_name, r.published_on, r.published_as) for r in reports]
    for path, report in zip(paths, reports):
        facts = parse_text(path.read_bytes(), reference, path.name)
        insp = facts.inspection.row(0, named=True)
        assert insp["inspection_id"] == inspection_id(report)
        assert insp["framework"] == report.framework
        assert insp["max_score"] == (27 if report.framework == "pdu-2021" else 21)
        assert insp["pdu_code"] == codes[report.pdu_name]


def test_cli_generate_national(tmp_path, capsys):
    out = tmp_path / "nat" / "reports"
    assert main(["generate", "--national", "--rounds", "1", "--pdus", "Derby City; Tameside",
                 "--out", str(out), "--seed", "3"]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        report_filename(r.pdu_name, r.published_on, r.published_as)
        for r in national_sample(3, rounds=1, pdus=["Derby City", "Tameside"]))
    assert "inspections run --raw" in capsys.readouterr().out
    # beside the reports, each inspection's three extracts, where `run --raw nat` reads them
    ids = sorted(inspection_id(r) for r in national_sample(3, rounds=1, pdus=["Derby City", "Tameside"]))
    surveys = tmp_path / "nat" / "surveys"
    assert sorted(p.name for p in surveys.iterdir()) == ids
    assert all(sorted(p.stem for p in (surveys / i).iterdir() if p.suffix in (".csv", ".xlsx")
                      and "." not in p.stem) == ["people-on-probation", "sentencers", "staff"] for i in ids)
    bare = tmp_path / "bare" / "reports"
    assert main(["generate", "--national", "--rounds", "1", "--pdus", "Tameside", "--out", str(bare),
                 "--no-surveys"]) == 0
    assert sorted(p.name for p in bare.parent.iterdir()) == ["reports"]
    assert main(["generate", "--national", "--pdus", "Atlantis", "--out", str(out)]) == 2
    assert main(["generate", "--rounds", "1", "--out", str(tmp_path / "x")]) == 2
    assert main(["generate", "--no-surveys", "--out", str(tmp_path / "x")]) == 2


def test_cli_national_is_never_written_into_the_default_sample_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("INSPECTIONS_RAW_DIR", str(tmp_path / "raw"))
    assert main(["generate", "--national", "--pdus", "York", "--out", str(tmp_path / "raw" / "reports")]) == 2
    # nor its surveys: with --out raw the extracts would land in raw/surveys
    assert main(["generate", "--national", "--pdus", "York", "--out", str(tmp_path / "raw")]) == 2
    assert not (tmp_path / "raw").exists()


def test_a_share_is_published_as_pdfs_and_web_pages(sample):
    forms = {form: [r for r in sample if r.published_as == form] for form in ("text", "pdf", "html")}
    assert len(forms["pdf"]) >= 10 and len(forms["html"]) >= 10 and len(forms["text"]) > len(sample) / 2
    assert all(r.published_on < date(2025, 1, 1) for r in forms["pdf"])
    assert all(r.published_on >= date(2025, 1, 1) for r in forms["html"])
    assert not any(r.variants for r in forms["pdf"] + forms["html"])  # layout replaces text shapes
