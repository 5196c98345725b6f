"""A local Prefect server for ``inspections serve``: Prefect's ephemeral mode runs flows but not
schedules, so serving deployments needs a real server. This starts ``prefect server start`` on
loopback with its SQLite database under ``PREFECT_HOME`` (the project's ``.prefect/`` unless
set), waits until its API answers, and stops it on the way out. Standard library only: it runs
before Prefect is imported, so the API address is in the environment when Prefect reads it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class ServerDidNotStart(RuntimeError):
    pass


def server_command(port: int) -> list[str]:
    prefect = Path(sys.executable).with_name("prefect")
    return [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port), "--analytics-off"]


def wait_until_healthy(api_url: str, process: subprocess.Popen | None, timeout: float, log: Path | None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace").strip().splitlines()[-5:] if log and log.exists() else []
            raise ServerDidNotStart(f"prefect server exited with code {process.returncode}: " + " / ".join(tail))
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise ServerDidNotStart(f"no answer from {api_url}/health within {timeout:.0f} s"
                            + (f"; see {log}" if log else ""))


@contextmanager
def local_server(home: Path, port: int, timeout: float = 180) -> Iterator[str]:
    """Run a Prefect server on ``127.0.0.1:port`` with its database in ``home``; yields its API URL."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    api_url = f"http://127.0.0.1:{port}/api"
    log = home / "server.log"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    with open(log, "ab") as out:
        process = subprocess.Popen(server_command(port), env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_healthy(api_url, process, timeout, log)
        yield api_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
