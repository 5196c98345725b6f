"""What a run shows and what it guards: its Prefect artifacts (files table, data-quality
scoreboard), the parse cache by file SHA-256, the writer lock, and ``inspections status``."""

from __future__ import annotations

import json
import shutil

import pytest

from flows import writer_lock
from flows.pipeline import rebuild_warehouse, run_pipeline
from inspections.cli import main
from tests.conftest import CUMBRIA

pytestmark = pytest.mark.usefixtures("prefect_harness")

LETTER_REASON = ("not an HM Inspectorate of Probation inspection report: no title block "
                 "('An inspection of probation services in:' ... 'HM Inspectorate of Probation, <Month YYYY>')")


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "raw" / "reports"
    folder.mkdir(parents=True)
    shutil.copy(CUMBRIA, folder / CUMBRIA.name)
    (folder / "letter.txt").write_text("Dear colleague,\n\nThank you for your letter.\n")
    return folder.parent


def _artifacts(flow_run_id: str) -> dict:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return {a.key: (json.loads(a.data) if isinstance(a.data, str) and a.type == "table" else a.data) for a in found}


def test_a_run_publishes_its_files_table_and_scoreboard(raw, warehouse_file):
    summary = run_pipeline(raw, warehouse_file)
    artifacts = _artifacts(summary.run_id)
    assert sorted(artifacts) == ["inspections-files", "inspections-quality"]
    assert artifacts["inspections-files"] == [
        {"file": "raw/reports/cumbria-pdu-2023-07.txt", "kind": "report", "status": "loaded", "parse": "parsed",
         "inspection_id": "cumbria-2023-07", "reason": ""},
        {"file": "raw/reports/letter.txt", "kind": "report", "status": "rejected", "parse": "parsed",
         "inspection_id": "", "reason": LETTER_REASON},
    ]
    board = artifacts["inspections-quality"]
    assert "Files: 1 loaded, 0 already loaded, 1 rejected." in board
    assert "Parsing: 2 parsed, 0 from the parse cache, 0 not needed (content loaded before)." in board
    # Cumbria, read by a person: 9 rated standards, 14 key questions with a percentage; rating,
    # score, maximum, 52 cases, 45 interviews, lead inspector, fieldwork start, PDU; 4 caseload figures
    assert "Fields found of those expected: 35/35 (100.0%)." in board
    assert "| cumbria-2023-07 | pdu-2021 | 9/9 | 14/14 | 8/8 | 4/4 | 13 |" in board
    assert "| inspections | 1 |  |  |" in board  # rows per mart; no earlier release to compare with


def test_a_rebuild_takes_every_unchanged_file_from_the_parse_cache(raw, warehouse_file):
    first = run_pipeline(raw, warehouse_file)
    assert [o.parse for o in first.outcomes] == ["parsed", "parsed"]
    second = run_pipeline(raw, warehouse_file)  # the rejected file is not parsed again either
    assert [(o.status, o.parse) for o in second.outcomes] == [("already loaded", "not needed"),
                                                               ("rejected", "cache hit")]
    assert "Parsing: 0 parsed, 1 from the parse cache, 1 not needed (content loaded before)." in \
        _artifacts(second.run_id)["inspections-quality"]
    rebuilt = rebuild_warehouse(raw, warehouse_file)
    assert [(o.status, o.parse) for o in rebuilt.outcomes] == [("loaded", "cache hit"), ("rejected", "cache hit")]
    files = _artifacts(rebuilt.run_id)["inspections-files"]
    assert [(row["status"], row["parse"]) for row in files] == [("loaded", "cache hit"), ("rejected", "cache hit")]
    board = _artifacts(rebuilt.run_id)["inspections-quality"]
    assert "Parsing: 0 parsed, 2 from the parse cache, 0 not needed (content loaded before)." in board
    assert "| inspections | 1 | 1 | 0 |" in board  # the same as the release before
    manifest = json.loads((warehouse_file.parent / "current" / "manifest.json").read_text())
    assert (manifest["run_id"], manifest["run"]["kind"]) == (rebuilt.run_id, "rebuild")


def test_a_renamed_file_is_parsed_again_because_its_rows_carry_its_name(raw, warehouse_file):
    run_pipeline(raw, warehouse_file)
    (raw / "reports" / "letter.txt").rename(raw / "reports" / "letter-2.txt")
    again = run_pipeline(raw, warehouse_file)
    assert [(o.source_file, o.parse) for o in again.outcomes if o.status == "rejected"] == [
        ("raw/reports/letter-2.txt", "parsed")]


def test_a_second_writer_is_turned_away_with_who_holds_the_warehouse(raw, warehouse_file, capsys):
    with writer_lock.writer_lock(warehouse_file, "run-a"):
        with pytest.raises(writer_lock.WarehouseBusy, match=r"busy, another run is writing it \(run run-a, pid \d+"):
            run_pipeline(raw, warehouse_file)
        assert main(["run", "--raw", str(raw), "--warehouse", str(warehouse_file)]) == 3
        err = capsys.readouterr().err.strip()
        assert err.startswith(f"{warehouse_file}: busy, another run is writing it (run run-a, pid ")
        assert err.endswith("try again when it has finished") and "\n" not in err
        assert main(["status", "--warehouse", str(warehouse_file)]) == 1
        assert capsys.readouterr().out.startswith("a run is writing the warehouse now (run run-a, pid ")
    assert writer_lock.holder(warehouse_file) is None
    assert run_pipeline(raw, warehouse_file).outcomes[0].status == "loaded"  # free again


def test_status_prints_the_latest_release(raw, warehouse_file, capsys):
    summary = run_pipeline(raw, warehouse_file)
    capsys.readouterr()
    assert main(["status", "--warehouse", str(warehouse_file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"latest release: run {summary.run_id} (ingest), published 20")
    assert lines[1] == f"  at {warehouse_file.parent / 'current'}; report files in the warehouse: 1"
    assert lines[2] == "  that run: 1 loaded, 0 already loaded, 1 rejected; 2 parsed, 0 from the parse cache"
    assert "    inspections                      1" in lines
    assert lines[-2:] == ["  rejected by that run (1):",
                          f"    raw/reports/letter.txt: {LETTER_REASON}"]


def test_status_of_an_exported_release_without_run_facts():
    from inspections.status import render_status

    manifest = {"run_id": "r1", "created_at": "2026-11-01T02:30:00+00:00", "source_files": 3,
                "marts": {"regions": 12, "inspections": 3}}
    assert render_status(manifest, "wh/current").splitlines() == [
        "latest release: run r1, published 2026-11-01T02:30:00+00:00",
        "  at wh/current; report files in the warehouse: 3",
        "  rows per mart:",
        "    inspections         3",
        "    regions            12",
    ]
    assert render_status(None, "wh/current") == "no release published yet at wh/current: run `inspections run`"
