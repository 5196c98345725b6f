"""The scheduled deployments on a real local Prefect server, as users run them: ``inspections
serve`` starts the server and serves the deployments; the test triggers one by its deployment
and checks the run completed, its artifacts exist, and the warehouse changed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import duckdb
import pytest

from tests.conftest import PROJECT

CLI = os.path.join(os.path.dirname(sys.executable), "inspections")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    """``inspections serve`` on a free port, with its own Prefect home, raw folder and warehouse."""
    raw = tmp_path / "raw"
    shutil.copytree(PROJECT / "raw" / "reports", raw / "reports")
    warehouse = tmp_path / "warehouse" / "inspections.duckdb"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               INSPECTIONS_RAW_DIR=str(raw), INSPECTIONS_WAREHOUSE=str(warehouse))
    log = open(tmp_path / "serve.log", "wb")
    process = subprocess.Popen([CLI, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}/api", warehouse, tmp_path / "serve.log"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            assert process.wait(timeout=60) == 0
        finally:
            if process.poll() is None:
                process.kill()
            log.close()


def _deployment(client, name: str, deadline: float, log):
    """The deployment once ``inspections serve`` has created it (the server takes a while to start)."""
    while True:
        try:
            return client.read_deployment_by_name(name)
        except Exception as err:  # not served yet, or the server not answering yet
            last = err
        if time.monotonic() > deadline:
            pytest.fail(f"deployment {name} never appeared ({last!r}); serve log:\n{log.read_text()[-3000:]}")
        time.sleep(1)


def test_a_scheduled_deployment_runs_end_to_end_on_a_local_prefect_server(served):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    api_url, warehouse, log = served
    assert not warehouse.exists()
    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        with get_client(sync_client=True) as client:
            deadline = time.monotonic() + 240
            nightly = _deployment(client, "inspections-pipeline/nightly-ingest", deadline, log)
            weekly = _deployment(client, "inspections-rebuild/weekly-rebuild", deadline, log)
            assert [(s.schedule.cron, s.schedule.timezone, s.active) for s in nightly.schedules] == [
                ("30 2 * * *", "Europe/London", True)]
            assert [(s.schedule.cron, s.schedule.timezone, s.active) for s in weekly.schedules] == [
                ("0 4 * * 0", "Europe/London", True)]
            assert nightly.parameters["warehouse_path"] == str(warehouse)
            assert nightly.parameters["publish"] == "if-changed"

            flow_run = run_deployment("inspections-pipeline/nightly-ingest", timeout=300)
            assert flow_run.state.is_completed(), f"{flow_run.state}; serve log:\n{log.read_text()[-3000:]}"
            artifacts = client.read_artifacts(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run.id])))
    by_key = {a.key: a for a in artifacts}
    assert sorted(by_key) == ["inspections-files", "inspections-quality"]
    files = json.loads(by_key["inspections-files"].data) if isinstance(by_key["inspections-files"].data, str) \
        else by_key["inspections-files"].data
    assert sorted((row["file"], row["status"], row["parse"]) for row in files) == [
        ("raw/reports/bristol-and-south-gloucestershire-pdu-2024-02.txt", "loaded", "parsed"),
        ("raw/reports/derby-city-pdu-2022-03.txt", "loaded", "parsed"),
        ("raw/reports/derby-city-pdu-2024-01.txt", "loaded", "parsed"),
        ("raw/reports/gateshead-and-south-tyneside-pdu-2023-05.txt", "loaded", "parsed"),
        ("raw/reports/norfolk-pdu-2023-10.txt", "loaded", "parsed"),
    ]
    # the warehouse changed: the run's five inspections, and a release named for the flow run
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM mart.inspections").fetchall() == [(5,)]
    manifest = json.loads((warehouse.parent / "current" / "manifest.json").read_text())
    assert manifest["run_id"] == str(flow_run.id)
    assert manifest["run"]["files"] == {"loaded": 5, "already loaded": 0, "rejected": 0}
