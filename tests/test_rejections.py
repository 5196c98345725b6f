"""Files that are not readable inspection reports are rejected with one line naming the
file and the reason (``inspections parse``), and nothing else is printed."""

from __future__ import annotations

import json

import pytest

from inspections.cli import main
from tests.conftest import CUMBRIA


def _bad_inputs(tmp_path, cumbria_text):
    cases = {
        "empty.txt": b"",
        "blank.txt": b"  \n\n\t\n",
        "binary.txt": bytes(range(256)) * 8,
        "not-a-report.txt": b"Minutes of the allotment society\n\nItem 1. Compost bins.\n",
        "cut-off.txt": "\n".join(cumbria_text.splitlines()[:300]).encode(),
    }
    paths = {}
    for name, data in cases.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(data)
    return paths


EXPECTED_REASONS = {
    "empty.txt": "file is empty",
    "blank.txt": "file is empty",
    "binary.txt": "binary file, not report text (contains NUL bytes)",
    "not-a-report.txt": "not an HM Inspectorate of Probation inspection report: no title block "
    "('An inspection of probation services in:' ... 'HM Inspectorate of Probation, <Month YYYY>')",
    # the first 300 lines end inside 1.3 Services, after the Recommendations (read by eye)
    "cut-off.txt": "incomplete report: stops in 1.3. Services: title, unit 'Cumbria PDU', overall rating "
    "'Requires improvement', ratings table (9 standards), 3 standard sections, 13 recommendations found; "
    "no section for standard(s) 1.4, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6 of framework pdu-2021",
}


@pytest.mark.parametrize("name", sorted(EXPECTED_REASONS))
def test_parse_rejects_with_one_line(tmp_path, cumbria_text, capsys, name):
    path = _bad_inputs(tmp_path, cumbria_text)[name]
    assert main(["parse", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"{path}: {EXPECTED_REASONS[name]}\n"


def test_binary_without_nul_bytes_is_rejected(tmp_path, capsys):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(b for b in range(1, 32) if b not in (9, 10, 12, 13)) * 40)
    assert main(["parse", str(path)]) == 1
    assert capsys.readouterr().err == f"{path}: binary file, not report text (too many control characters)\n"


def test_missing_file(tmp_path, capsys):
    path = tmp_path / "nowhere.txt"
    assert main(["parse", str(path)]) == 1
    assert capsys.readouterr().err == f"{path}: cannot read file: No such file or directory\n"


def test_parse_prints_one_json_document(capsys):
    assert main(["parse", str(CUMBRIA)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert list(doc)[:7] == [
        "inspection", "standard_ratings", "key_questions", "recommendations", "findings", "caseload", "stated_figures",
    ]
    assert doc["inspection"]["published_on"] == "2023-07-01"
    assert doc["inspection"]["case_sample_windows"][1] == {"starts_on": "2022-11-07", "ends_on": "2022-11-13"}
    assert doc["caseload"]["custody"] == 563
    assert len(doc["findings"]) == 106
    assert {r["addressee"] for r in doc["recommendations"]} == {"PDU", "Region", "HMPPS"}
