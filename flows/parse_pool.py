"""The parse stage's workers: parse jobs run in a pool of processes started with **spawn** (a
forked child can deadlock on a lock polars' threads held at the fork), or in this process.

Each worker loads the reference data once, in the pool's initializer, never per job. A job is
small and picklable: a report's bytes, or a survey extract's path (the worker reads and checks it).
A job that raises (a bug) gives back its exception, so the engine quarantines that file alone.

Nothing here imports Prefect or the warehouse: a spawned worker imports only what parsing needs."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

#: what a worker process loaded once (by its initializer); jobs run in the flow's own process use
#: the data their ``ParsePool`` holds instead (reference data may change between two runs of one process)
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
    _exit_with_parent()
    _load(kind, reference_dir)


def _exit_with_parent(every: float = 1.0) -> None:
    """A worker outlives a run killed with SIGKILL otherwise (it waits on the pool's queue, whose
    writing end it holds itself): a daemon thread ends it once its parent is gone."""
    import os
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(every)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _picklable(err: Exception) -> Exception:
    try:
        pickle.dumps(err)
        return err
    except Exception:
        return RuntimeError(f"{type(err).__name__}: {err}")


def run_job(kind: str, reference_dir: str, job: tuple, data: object = None):
    """One parse: a ``ParsedReport`` / ``ParsedSurvey``, or the exception the parser raised.
    ``data``: the reference data (reports) or survey catalogue (surveys) to parse with; None: the
    worker's own, loaded once by its initializer."""
    try:
        data = data if data is not None else _load(kind, reference_dir)
        if kind == "report":
            from flows.report_parse import parse_report_bytes
            return parse_report_bytes(*job, data)
        from flows.survey_parse import parse_and_stage
        return parse_and_stage(*job, data)
    except Exception as err:  # a bug in the parser: that file is quarantined, the others go on
        return _picklable(err)


def _run_in_worker(args: tuple):
    return run_job(*args)


def _ready() -> bool:
    return True


class ParsePool:
    """Runs a kind's parse jobs; the worker processes are started on the first call that has
    two jobs or more (and only when ``processes`` > 1), and kept until ``close``."""

    def __init__(self, kind: str, reference_dir: Path, processes: int, local: object = None):
        """``local``: the reference data (or survey catalogue) this process already holds, for the
        jobs run here (loaded once for this pool when not given; a worker loads its own)."""
        self.kind, self.reference_dir, self.processes = kind, str(reference_dir), max(1, int(processes))
        self._local = local
        self._pool: ProcessPoolExecutor | None = None

    def _local_data(self) -> object:
        if self._local is None:
            if self.kind == "report":
                from core.reference import load_reference
                self._local = load_reference(Path(self.reference_dir))
            else:
                from core.survey_catalogue import load_survey_catalogue
                self._local = load_survey_catalogue(Path(self.reference_dir))
        return self._local

    @property
    def started(self) -> bool:
        return self._pool is not None

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.processes,
                                             mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init_worker, initargs=(self.kind, self.reference_dir))
        return self._pool

    def warm(self) -> None:
        """Start the workers now, without waiting for them: they import the parser and load the
        reference data while this process goes on (reading the files to parse)."""
        if self.processes > 1 and self._pool is None:
            pool = self._start()
            for _ in range(self.processes):
                pool.submit(_ready)

    def run(self, jobs: list[tuple]) -> list:
        """Every job's result, in the jobs' order."""
        if self.processes == 1 or (len(jobs) < 2 and self._pool is None):
            return [run_job(self.kind, self.reference_dir, job, self._local_data()) for job in jobs]
        return list(self._start().map(_run_in_worker, [(self.kind, self.reference_dir, job) for job in jobs]))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "ParsePool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
