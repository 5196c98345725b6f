"""The parse stage's workers: parse jobs run in a pool of processes started with **spawn** (a
forked child can deadlock on a lock polars' threads held at the fork), or in this process.

Each worker loads the reference data once, in the pool's initializer, never per job. A job is
small and picklable: a report's bytes, or a survey extract's path (the worker reads its header).
A job that raises (a bug) gives back its exception, so the engine quarantines that file alone.

Nothing here imports Prefect or the warehouse: a spawned worker imports only what parsing needs."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

#: what a worker loaded once (by its initializer), or what this process loaded for in-process jobs
_LOADED: dict[str, object] = {}


def _load(kind: str, reference_dir: str) -> object:
    key = f"{kind}:{reference_dir}"
    if key not in _LOADED:
        if kind == "report":
            from core.reference import load_reference
            _LOADED[key] = load_reference(Path(reference_dir))
        else:
            from core.survey_catalogue import load_survey_catalogue
            _LOADED[key] = load_survey_catalogue(Path(reference_dir))
    return _LOADED[key]


def _init_worker(kind: str, reference_dir: str) -> None:
    _load(kind, reference_dir)


def _picklable(err: Exception) -> Exception:
    try:
        pickle.dumps(err)
        return err
    except Exception:
        return RuntimeError(f"{type(err).__name__}: {err}")


def run_job(kind: str, reference_dir: str, job: tuple):
    """One parse: a ``ParsedReport`` / ``ParsedSurvey``, or the exception the parser raised."""
    try:
        data = _load(kind, reference_dir)
        if kind == "report":
            from flows.report_parse import parse_report_bytes
            return parse_report_bytes(*job, data)
        from flows.survey_parse import parse_survey_file
        path, context = job
        return parse_survey_file(path, context, data)
    except Exception as err:  # a bug in the parser: that file is quarantined, the others go on
        return _picklable(err)


def _run_in_worker(args: tuple):
    return run_job(*args)


class ParsePool:
    """Runs a kind's parse jobs; the worker processes are started on the first call that has
    two jobs or more (and only when ``processes`` > 1), and kept until ``close``."""

    def __init__(self, kind: str, reference_dir: Path, processes: int):
        self.kind, self.reference_dir, self.processes = kind, str(reference_dir), max(1, int(processes))
        self._pool: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def run(self, jobs: list[tuple]) -> list:
        """Every job's result, in the jobs' order."""
        if self.processes == 1 or len(jobs) < 2:
            return [run_job(self.kind, self.reference_dir, job) for job in jobs]
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.processes,
                                             mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init_worker, initargs=(self.kind, self.reference_dir))
        return list(self._pool.map(_run_in_worker, [(self.kind, self.reference_dir, job) for job in jobs]))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "ParsePool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
