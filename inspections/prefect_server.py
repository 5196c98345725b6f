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


# --- the ephemeral server of one `inspections run` -----------------------------------------------
#
# Prefect would start its own ephemeral server on first use, with a 20-second start-up limit and
# no way to stop it when the run is killed. A run starts it here instead, after taking the
# writer lock and before Prefect is imported: the same server (Prefect's API app under uvicorn,
# UI off, database in PREFECT_HOME), with the run's start-up limit, stopped on every way out of
# the run, and watching its parent: when the run dies (kill -9 included), the server stops itself
# within a second, so it never outlives the run.

_PARENT_POLL_SECONDS = 0.5


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ephemeral_command(port: int, parent_pid: int) -> list[str]:
    return [sys.executable, "-m", "inspections.prefect_server", "--ephemeral", str(port), str(parent_pid)]


def stop_process(process: subprocess.Popen, grace: float = 10) -> None:
    """SIGTERM, then SIGKILL after ``grace`` seconds; always reaped."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def ephemeral_server(home: Path, timeout: float) -> Iterator[str]:
    """Start a Prefect API server for this process on a free loopback port, wait up to ``timeout``
    seconds for it to answer (``ServerDidNotStart`` otherwise, with the server stopped), yield its
    API URL, and stop it on the way out. Sets PREFECT_API_URL for the Prefect imported after."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    log = home / "ephemeral-server.log"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_UI_ENABLED="0",
               PREFECT__SERVER_EPHEMERAL="1", PREFECT__SERVER_FINAL="1",
               PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=str(int(timeout)))
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    with open(log, "wb") as out:
        # its own session: a terminal's Ctrl-C reaches the run, which then stops the server in order
        process = subprocess.Popen(ephemeral_command(port, os.getpid()), env=env, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    previous = os.environ.get("PREFECT_API_URL")
    try:
        wait_until_healthy(api_url, process, timeout, log)
        os.environ["PREFECT_API_URL"] = api_url
        yield api_url
    finally:
        stop_process(process)
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous


def _watch_parent(parent_pid: int) -> None:
    """In the server process: stop when the run that started it is gone (its parent changes)."""
    import signal
    import threading

    def watch() -> None:
        while True:
            if os.getppid() != parent_pid:
                os.kill(os.getpid(), signal.SIGTERM)  # uvicorn shuts down cleanly on SIGTERM
                time.sleep(10)
                os._exit(1)
            time.sleep(_PARENT_POLL_SECONDS)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _serve_ephemeral(port: int, parent_pid: int) -> None:
    _watch_parent(parent_pid)
    import uvicorn

    uvicorn.run("prefect.server.api.server:create_app", factory=True, host="127.0.0.1", port=port,
                log_level="error", lifespan="on")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--ephemeral":
        _serve_ephemeral(int(sys.argv[2]), int(sys.argv[3]))
    else:
        sys.exit("usage: python -m inspections.prefect_server --ephemeral PORT PARENT_PID")
