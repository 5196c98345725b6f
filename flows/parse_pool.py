"""The parse stage's workers: parse jobs run in a pool of processes started with **spawn** (a
forked child can deadlock on a lock polars' threads held at the fork), or in this process.

``Workers`` are the processes; a run starts them once (``shared_workers``: the main job's
reports and survey extracts use the same ones, and the command line starts them while
Prefect's server starts). A ``ParsePool`` sends one kind's jobs to them, a chunk of jobs per
call (a kind whose checks are set-based checks a chunk at once: surveys), and ``submit``
returns at once, so the engine reads and ties its next batch, and validates and loads this one,
while the workers parse.

Each worker loads a kind's reference data once, on its first job of that kind, never per job. A
job is small and picklable: a report's bytes, or a survey extract's path (the worker reads and
checks it). A job that raises (a bug) gives back its exception, so the engine quarantines that
file alone.

Nothing here imports Prefect or the warehouse: a spawned worker imports only what parsing needs."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

#: what a worker process loaded once; jobs run in the flow's own process use the data their
#: ``ParsePool`` holds instead (reference data may change between two runs of one process)
_LOADED: dict[str, object] = {}
#: how far a worker steps back in priority (os.nice) from the run's own process
WORKER_NICENESS = 5
#: the module of each kind's parse job
_PARSERS = {"report": "flows.report_parse", "survey": "flows.survey_parse"}


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


def _init_worker(kinds: tuple[str, ...] = ("report", "survey")) -> None:
    """A worker's start: watch its parent, step back in priority (the run's own process, which
    loads, and Prefect's server come first: the workers use what they leave), and import the
    parsers of ``kinds`` now (while the parent goes on: starting Prefect's server, reading the
    first batch), not on its first job."""
    import importlib
    import os

    _exit_with_parent()
    if hasattr(os, "nice"):
        try:
            os.nice(WORKER_NICENESS)
        except OSError:
            pass
    for kind in kinds:
        importlib.import_module(_PARSERS[kind])


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
    worker's own, loaded once."""
    try:
        data = data if data is not None else _load(kind, reference_dir)
        if kind == "report":
            from flows.report_parse import parse_report_bytes
            return parse_report_bytes(*job, data)
        from flows.survey_parse import parse_and_stage
        return parse_and_stage(*job, data)
    except Exception as err:  # a bug in the parser: that file is quarantined, the others go on
        return _picklable(err)


def run_jobs(kind: str, reference_dir: str, jobs: list[tuple], data: object = None) -> list:
    """A chunk of parses, in the jobs' order: survey extracts checked together
    (``parse_and_stage_many``). Should that raise (a bug), the exception reaches the engine, which
    says so and parses the batch again one file at a time, each bad file with its own exception."""
    if kind == "survey" and len(jobs) > 1:
        from flows.survey_parse import parse_and_stage_many
        return parse_and_stage_many(jobs, data if data is not None else _load(kind, reference_dir))
    return [run_job(kind, reference_dir, job, data) for job in jobs]


def _run_in_worker(args: tuple) -> list:
    return run_jobs(*args)


def _ready() -> bool:
    return True


class Workers:
    """Spawned worker processes (started on first use, or by ``warm``), shared by the parse pools
    of one run; each imports the parsers of ``kinds`` as it starts."""

    def __init__(self, processes: int, kinds: tuple[str, ...] = tuple(_PARSERS)):
        self.processes, self.kinds = max(1, int(processes)), tuple(kinds)
        self._executor: ProcessPoolExecutor | None = None
        self._early: dict[str, Future] = {}  # parses sent before the run asked for them, by cache key

    @property
    def started(self) -> bool:
        return self._executor is not None

    def executor(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(max_workers=self.processes,
                                                 mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_init_worker, initargs=(self.kinds,))
        return self._executor

    def warm(self) -> None:
        """Start the workers now, without waiting for them: they import the parsers while this
        process goes on."""
        if self.processes > 1 and self._executor is None:
            executor = self.executor()
            for _ in range(self.processes):
                executor.submit(_ready)

    def send_early(self, key: str, kind: str, reference_dir: str, job: tuple) -> None:
        """Parse ``job`` now, before the run asks for it (``take_early`` with its cache key)."""
        if self.processes > 1 and key not in self._early:
            self._early[key] = self.executor().submit(_run_in_worker, (kind, reference_dir, [job]))

    def take_early(self, key: str) -> Future | None:
        """The parse sent early under ``key`` (once), or None."""
        return self._early.pop(key, None)

    def close(self) -> None:
        self._early.clear()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


_SHARED: list[Workers] = []  # the workers of the run in progress in this process (shared_workers)


@contextmanager
def shared_workers(processes: int, warm: bool = False) -> Iterator[Workers]:
    """Inside, every ``ParsePool`` of ``processes`` processes made in this process uses these
    workers (one start-up for a run's reports and survey extracts); ``warm``: start them now.
    They are stopped on the way out. Nested: the outer one's workers are used."""
    if _SHARED:
        yield _SHARED[-1]
        return
    workers = Workers(processes)
    _SHARED.append(workers)
    try:
        if warm:
            workers.warm()
        yield workers
    finally:
        _SHARED.remove(workers)
        workers.close()


class Pending:
    """A batch's parses on their way: ``result()`` waits for them, in the jobs' order. ``parts``:
    (the jobs' positions, a future of their results in that order)."""

    def __init__(self, parts: list[tuple[list[int], Future]] | None = None, compute=None):
        self._parts, self._compute = parts, compute

    def result(self) -> list:
        if self._compute is not None:
            return self._compute()
        results: dict[int, object] = {}
        for positions, future in self._parts:
            results.update(zip(positions, future.result()))
        return [results[i] for i in range(len(results))]


class ParsePool:
    """Runs a kind's parse jobs, ``chunk`` jobs per call; on the run's shared workers (when
    ``shared_workers`` is in force with the same number of processes), else on workers of its
    own, started on the first call that has two jobs or more (and only when ``processes`` > 1),
    and stopped by ``close``."""

    def __init__(self, kind: str, reference_dir: Path, processes: int, local: object = None, chunk: int = 1):
        """``local``: the reference data (or survey catalogue) this process already holds, for the
        jobs run here (loaded once for this pool when not given; a worker loads its own)."""
        self.kind, self.reference_dir, self.processes = kind, str(reference_dir), max(1, int(processes))
        self.chunk = max(1, int(chunk))
        self._local = local
        shared = _SHARED[-1] if _SHARED and _SHARED[-1].processes == self.processes else None
        self._workers, self._own = (shared, False) if shared else (Workers(self.processes, (kind,)), True)

    def _local_data(self) -> object:
        if self._local is None:
            if self.kind == "report":
                from core.reference import load_reference
                self._local = load_reference(Path(self.reference_dir))
            else:
                from core.survey_catalogue import load_survey_catalogue
                self._local = load_survey_catalogue(Path(self.reference_dir))
        return self._local

    def warm(self) -> None:
        """Start the workers now, without waiting for them (see ``Workers.warm``)."""
        self._workers.warm()

    def _chunks(self, jobs: list[tuple]) -> list[list[tuple]]:
        """Chunks of at most ``chunk`` jobs, at least one per worker when there are enough jobs."""
        size = max(1, min(self.chunk, -(-len(jobs) // self.processes)))
        return [jobs[i:i + size] for i in range(0, len(jobs), size)]

    def submit(self, jobs: list[tuple], keys: list[str] | None = None) -> Pending:
        """Send the jobs to the workers and return at once (in this process: parsed on ``result()``).
        ``keys``: the jobs' cache keys; a job sent early under its key (``Workers.send_early``) is
        not sent again."""
        early = [self._workers.take_early(k) for k in keys] if keys else [None] * len(jobs)
        if self.processes == 1 or (len(jobs) < 2 and not self._workers.started):
            data = self._local_data()
            return Pending(compute=lambda: [r for c in self._chunks(jobs)
                                            for r in run_jobs(self.kind, self.reference_dir, c, data)])
        parts = [([i], f) for i, f in enumerate(early) if f is not None]
        rest = [i for i, f in enumerate(early) if f is None]
        executor = self._workers.executor()
        for chunk in self._chunks(rest):
            parts.append((chunk, executor.submit(_run_in_worker, (self.kind, self.reference_dir,
                                                                  [jobs[i] for i in chunk]))))
        return Pending(parts)

    def run(self, jobs: list[tuple]) -> list:
        """Every job's result, in the jobs' order."""
        return self.submit(jobs).result()

    def restart(self) -> None:
        """Stop the workers, shared or not (a broken pool: a worker killed); the next ``submit``
        starts new ones."""
        self._workers.close()

    def close(self) -> None:
        """Stop this pool's own workers (the run's shared ones are stopped by their owner)."""
        if self._own:
            self._workers.close()

    def __enter__(self) -> "ParsePool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
