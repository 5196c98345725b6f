#!/usr/bin/env python3
"""Set up the project's virtual environment from the lock file, then run a job.

Needs nothing but Python 3.11+ (standard library only).

    python3 bootstrap.py run     # set up .venv, then `inspections run` on the sample data in raw/
    python3 bootstrap.py test    # set up .venv, then the test suite
    python3 bootstrap.py serve   # set up .venv, then `inspections serve`: the nightly and weekly schedules
    python3 bootstrap.py lock    # maintainers: re-resolve requirements.lock (needs `uv`)

Any further arguments are passed on to `inspections run`, `inspections serve` or `pytest`.
The environment is rebuilt only when requirements.lock or pyproject.toml change.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".installed-from"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _run(*cmd: str | Path) -> None:
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT)


def ensure_venv() -> None:
    """Create .venv and install exactly what requirements.lock pins, plus this project."""
    if sys.version_info < (3, 11):
        sys.exit(f"bootstrap.py: Python 3.11+ is needed, this is {sys.version.split()[0]}")
    wanted = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("bootstrap: creating .venv", flush=True)
        venv.create(VENV, with_pip=True)
    python = BIN / "python"
    print("bootstrap: installing pinned dependencies from requirements.lock", flush=True)
    _run(python, "-m", "pip", "install", "--quiet", "--require-hashes", "--no-deps", "-r", LOCK)
    _run(python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", ROOT)
    STAMP.write_text(wanted)


def lock() -> None:
    """Re-resolve requirements.lock from pyproject.toml (runtime + test extras + build backend)."""
    spec = ".[test]\nsetuptools>=75\n"
    # No index is named here: uv resolves against the index the user's uv configuration (or
    # UV_INDEX_URL / UV_DEFAULT_INDEX) names, and falls back to pip's configured index-url.
    extra: list[str] = []
    if not any(os.environ.get(v) for v in ("UV_INDEX_URL", "UV_DEFAULT_INDEX", "UV_INDEX")):
        pip_index = os.environ.get("PIP_INDEX_URL") or _pip_config("global.index-url")
        if pip_index:
            extra = ["--default-index", pip_index]
    subprocess.run(
        ["uv", "pip", "compile", "-", "--python-version", "3.11", "--universal",
         "--generate-hashes", "--no-header", "--no-emit-package", "probation-inspections",
         *extra, "-o", str(LOCK)],
        input=spec, text=True, check=True, cwd=ROOT,
    )


def _pip_config(key: str) -> str | None:
    """A value from pip's own configuration (``pip config get``), or None when unset."""
    found = subprocess.run([sys.executable, "-m", "pip", "config", "get", key],
                           capture_output=True, text=True, check=False)
    return found.stdout.strip() or None if found.returncode == 0 else None


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "serve", "lock"}:
        print(__doc__)
        return 2
    job, rest = argv[0], argv[1:]
    if job == "lock":
        lock()
        return 0
    ensure_venv()
    env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false")
    if job == "serve" and os.name == "posix":
        # become `inspections serve`, so Ctrl-C and a service manager's SIGTERM reach it (and the
        # Prefect server it started is stopped by it), with no bootstrap process in between
        serve = str(BIN / "inspections")
        os.execve(serve, [serve, "serve", *rest], env)
    if job in ("run", "serve"):
        cmd = [str(BIN / "inspections"), job, *rest]
    else:
        cmd = [str(BIN / "python"), "-m", "pytest", *rest]
    return subprocess.run(cmd, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
