"""One ingest engine for every kind of input (reports, survey extracts, and any reader to come).

A kind (``Kind``; flows/ingest_reports.py, flows/ingest_surveys.py) plugs in what is its own:
how a file is tied to an inspection, how it is parsed (pure), how a batch is validated and how
a batch is loaded. The engine runs the stages, each a coarse Prefect task (per stage or per batch,
never per file: the load ledger, not the task list, is the record of each file):

1. discover (flows/discover.py) -> hash every file (one task) -> look every hash up in the ledger
   in ONE query, and record every 'already loaded' row in ONE insert: a run over unchanged input
   costs little more than a run over an empty folder;
2. per batch of new files (``Throughput.batch_files``): limits and read (one task, retried on
   transient I/O errors, flows/retry_policy.py), tie to an inspection;
3. parse (one task): from the parse cache (flows/parse_cache.py), else in a pool of worker
   processes started with spawn (flows/parse_pool.py; one set of workers for the run's kinds),
   or in this process with one. A batch's jobs are sent to the pool before the batch before it
   is validated and loaded (``run_kind``): the workers parse the next batch while this process
   loads, and the task only waits for what is not parsed yet (a report the command line sent
   early, flows/early_parse.py, is taken by its cache key);
   then, for a kind with checks that need the warehouse connection (surveys: one file per
   survey per inspection), check (one task), before the parse's own reasons are given (a clash
   is what to fix first); what a file keeps for its load is freed once the batch is decided;
4. validate (one task): each table once for the whole batch; when the batch fails, only its
   files are validated again one by one, so each bad file is rejected with its own reason;
5. load (one task, retried on transient errors): one transaction for the batch, one insert per
   table; a file that fails inside it is found (each tried alone, rolled back), rejected, and
   the batch loaded again without it. A file is loaded whole or not at all. Files of the batch
   that must not both load (``Kind.clash_key``: one report per inspection) load in turn: the
   second is checked against the warehouse once the first is loaded or rejected, so it loads when
   the first did not, and a clash reason only ever names a file that is loaded.

A fault of the machine (disk full, read-only; flows/faults.py) stops the run with
``RunCannotComplete`` naming every file not loaded; any other error quarantines its file with
``unexpected_reason`` and the run goes on.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from core.errors import RejectedInput, RunCannotComplete, one_line
from core.settings import Limits, Throughput
from flows.discover import Discovered, discover_inputs
from flows.faults import infrastructure_failure
from flows.input_limits import over_limits
from flows.intake import hash_all, refuse_all, reject, sha256_of_file
from flows.outcomes import FileOutcome, RunSummary, display_name, unexpected_reason
from flows.parse_cache import cache_get, cache_put, default_cache_dir
from flows.parse_pool import ParsePool
from flows.progress import progress_for
from flows.retry_policy import IO_RETRIES, is_transient
from warehouse import store


@dataclass
class Item:
    """One new file on its way through the stages. ``outcome`` is set once it is decided."""

    path: Path
    display: str
    sha: str | None = None
    data: bytes | None = None  # the file's bytes, for a kind that reads them (reports)
    byte_size: int = 0
    tie: Any = None  # what the kind tied the file to before parsing (a survey's inspection and dates)
    cache_key: str | None = None
    parsed: Any = None
    parse: str | None = None  # parsed / cache hit
    staged: Any = None  # what the kind's check kept for the load (a survey's frames and temporary tables)
    outcome: FileOutcome | None = None


class Kind:
    """The parts of ingesting that belong to one kind of input. Every method but ``parse_job``
    runs in the flow's process; ``parse_job``'s tuple is parsed by flows/parse_pool.py."""

    name = "report"  # ledger input_kind, parse-pool kind
    folder = "reports"  # under raw/
    label = "reports"  # progress
    reads_bytes = True  # read the file into memory (else a loader streams it from its path)
    records_strays = False  # also record the paths directly under raw/ that are no input's
    checks = False  # has checks that need the warehouse connection (``check``, task check-files)
    parse_chunk = 1  # parse jobs sent to a worker at once (a kind whose parse checks a chunk together: more)

    def select(self, found: Discovered) -> list[Path]:
        return found.files

    def setup(self, con, run_id: str, raw_dir: Path) -> None:
        raise NotImplementedError

    def tie(self, con, items: list[Item]) -> dict[str, tuple[str, str | None]]:
        """Tie each file to what it belongs to before parsing (``item.tie``); ``{display: (reason,
        inspection_id or None)}`` of those that cannot be."""
        return {}

    def cache_key(self, item: Item) -> str:
        raise NotImplementedError

    def parse_job(self, item: Item) -> tuple:
        raise NotImplementedError

    def parse_data(self) -> object:
        """What this process parses with (reference data, survey catalogue), for jobs run here."""
        return None

    def check(self, con, run_id: str, items: list[Item]) -> dict[str, str]:
        """Checks of each file that need the warehouse connection, after parsing (``items``
        include the files whose parse gave a reason: a check's reason comes first) and before
        validation, writing nothing; ``{display: reason}`` of the files rejected. A fault of the
        machine is raised."""
        return {}

    def release(self, con, items: list[Item]) -> None:
        """Free what ``check`` kept for the load (``item.staged``), once the batch is decided."""

    def validate(self, items: list[Item]) -> dict[str, str]:
        """Validate the batch (each table once); ``{display: reason}`` of the files rejected."""
        return {}

    def clash_key(self, item: Item) -> str | None:
        """What two files of this kind must not share (a report's inspection), or None. Of the files
        of a batch that share one, only the first is loaded at a time; the next is decided once
        the load has said whether the first went in (``conflicts``)."""
        return None

    def conflicts(self, con, items: list[Item]) -> dict[str, str]:
        """``{display: reason}`` of the files that clash with a file the warehouse holds (loaded,
        never one merely earlier in the batch: that one may still be rejected at load)."""
        return {}

    def load(self, con, run_id: str, items: list[Item], commit: bool = True) -> None:
        """Load ``items`` in one transaction (rolled back, not committed, when ``commit`` is false)."""
        raise NotImplementedError

    def loaded(self, item: Item) -> FileOutcome:
        raise NotImplementedError


# --- stage tasks --------------------------------------------------------------------------

def _read_one(path: Path, reads_bytes: bool, limits: Limits) -> tuple[str, Any]:
    """("data", bytes) / ("size", byte size) / ("rejected", reason); a transient error raises."""
    try:
        problem = over_limits(Path(path), limits)
        if problem is not None:
            return "rejected", problem
        if reads_bytes:
            return "data", Path(path).read_bytes()
        return "size", Path(path).stat().st_size
    except OSError as err:
        if is_transient(err) and infrastructure_failure(err) is None:
            raise
        return "rejected", f"cannot read file: {err.strerror or err}"


@task(name="read-input-files", cache_policy=NO_CACHE, **IO_RETRIES)
def read_input_files(paths: list[Path], reads_bytes: bool, limits: Limits) -> list[tuple[str, Any]]:
    """Check each file against the limits, then read it (or only its size, for a file a loader
    streams). A transient error fails the task, which is retried with back-off."""
    return [_read_one(p, reads_bytes, limits) for p in paths]


def start_parse(kind: Kind, items: list[Item], pool: ParsePool, cache_dir: Path) -> tuple[list[Item], Any]:
    """Look every file of the batch up in the parse cache and send the others' jobs to the pool,
    returning at once: (the files sent, what ``parse_files`` waits on; an error if the pool could
    not take them)."""
    todo = []
    for item in items:
        item.cache_key = kind.cache_key(item)
        cached = cache_get(cache_dir, item.cache_key)
        if cached is not None:
            item.parsed, item.parse = cached, "cache hit"
        else:
            todo.append(item)
    if not todo:
        return todo, None
    try:
        return todo, pool.submit([kind.parse_job(i) for i in todo], [i.cache_key for i in todo])
    except Exception as err:  # the pool is broken (a worker killed): parse_files parses them here
        return todo, err


@task(name="parse-files", cache_policy=NO_CACHE)
def parse_files(kind: Kind, todo: list[Item], pending: Any, pool: ParsePool, cache_dir: Path) -> None:
    """The parses of the batch's files not in the parse cache (pure, never retried), sent to the
    pool by ``start_parse``: wait for them and cache them."""
    if not todo:
        return
    try:
        if isinstance(pending, BaseException):
            raise pending
        results = pending.result()
    except Exception as err:  # the pool itself failed (a worker killed, out of memory): parse here
        get_run_logger().warning(f"parse pool failed ({unexpected_reason(err)}); parsing in the run's process")
        pool.restart()
        results = ParsePool(kind.name, getattr(pool, "reference_dir", ""), 1, kind.parse_data()).run(
            [kind.parse_job(i) for i in todo])
    for item, result in zip(todo, results):
        item.parsed, item.parse = result, "parsed"
        if not isinstance(result, BaseException):
            cache_put(cache_dir, item.cache_key, result)


def concat_tables(frames: list[dict[str, pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    """The files' tables, each table's frames one after the other."""
    return {name: pl.concat([f[name] for f in frames], how="vertical") for name in frames[0]}


def validate_batch_or_each(items: list[Item], tables_of, validate) -> dict[str, str]:
    """Each table validated once for the batch (``tables_of(item)``: a file's tables;
    ``validate(tables, source)`` raises ``RejectedInput``); only when that fails, each file alone,
    so each bad file is named with its own reason. ``{display: reason}`` of the files rejected."""
    try:
        validate(concat_tables([tables_of(i) for i in items]), "batch")
        return {}
    except Exception:  # a contract broken (or frames that do not stack): find the files at fault
        pass
    failed = {}
    for item in items:
        try:
            validate(tables_of(item), item.display)
        except RejectedInput as err:
            failed[item.display] = err.reason
        except Exception as err:  # a bug: this file is quarantined, the batch goes on
            failed[item.display] = unexpected_reason(err)
    return failed


@task(name="check-files", cache_policy=NO_CACHE)
def check_files(kind: Kind, con, run_id: str, items: list[Item]) -> dict[str, str]:
    return kind.check(con, run_id, items)


@task(name="validate-batch", cache_policy=NO_CACHE)
def validate_batch(kind: Kind, items: list[Item]) -> dict[str, str]:
    return kind.validate(items)


@task(name="load-batch", cache_policy=NO_CACHE, **IO_RETRIES)
def load_batch(kind: Kind, con, run_id: str, items: list[Item]) -> dict[str, str]:
    """Load the batch in one transaction. When it fails for a reason of the data (not of the
    machine: that is raised, and retried when transient), each file is tried alone in a
    transaction that is rolled back; those that fail are left out (``{display: reason}``) and
    the rest loaded together again; should that fail too, each is loaded on its own."""
    try:
        kind.load(con, run_id, items)
        return {}
    except Exception as err:
        if is_transient(err) or infrastructure_failure(err) is not None:
            raise
    failed = _each_alone(kind, con, run_id, items, commit=False)
    rest = [i for i in items if i.display not in failed]
    try:
        if rest:
            kind.load(con, run_id, rest)
    except Exception as err:
        if is_transient(err) or infrastructure_failure(err) is not None:
            raise
        failed |= _each_alone(kind, con, run_id, rest, commit=True)  # files that fail only together
    return failed


def _each_alone(kind: Kind, con, run_id: str, items: list[Item], commit: bool) -> dict[str, str]:
    """Load each file in a transaction of its own (committed, or rolled back to find out whether
    it fails); ``{display: reason}`` of those that fail. A fault of the machine is raised."""
    failed: dict[str, str] = {}
    for item in items:
        try:
            kind.load(con, run_id, [item], commit=commit)
        except RejectedInput as err:
            failed[item.display] = err.reason
        except Exception as err:
            if is_transient(err) or infrastructure_failure(err) is not None:
                raise
            failed[item.display] = unexpected_reason(err)
    return failed


# --- the run --------------------------------------------------------------------------------

class _Run:
    """One kind's files through the stages, under one connection and run id."""

    def __init__(self, kind: Kind, con, run_id: str, raw_dir: Path, cache_dir: Path, pool: ParsePool,
                 limits: Limits, progress):
        self.kind, self.con, self.run_id, self.raw_dir = kind, con, run_id, raw_dir
        self.cache_dir, self.pool, self.limits, self.progress = cache_dir, pool, limits, progress
        self.logger = get_run_logger()

    def decide(self, item: Item, outcome: FileOutcome) -> None:
        item.outcome = outcome
        self.progress.advance(f"{outcome.source_file} {outcome.status}")

    def reject(self, item: Item, reason: str, inspection_id: str | None = None) -> None:
        self.decide(item, reject(self.con, self.run_id, self.kind.name, item.display, item.sha, reason,
                                 inspection_id, parse=item.parse))

    def already_loaded(self, items: list[tuple[Item, str]]) -> None:
        """Every file whose content is loaded: its ledger rows in ONE insert, then its outcome."""
        store.record_many(self.con, [
            (self.run_id, self.kind.name, item.display, item.sha, "already loaded",
             f"same content as {earlier}" if earlier != item.display else None, None) for item, earlier in items])
        for item, _ in items:
            self.decide(item, FileOutcome(item.display, "already loaded", kind=self.kind.name, parse="not needed"))

    def prepare(self, items: list[Item]) -> tuple[list[Item], list[Item], Any] | None:
        """Read and tie a batch, and send its parse jobs to the pool (``start_parse``), without
        waiting for them: (the files still live, those sent, what ``finish`` waits on), or None
        when every file is decided already."""
        kind = self.kind
        self.read(items)
        live = [i for i in items if i.outcome is None]
        untied = kind.tie(self.con, live)
        for item in live:
            if item.display in untied:
                reason, inspection_id = untied[item.display]
                self.logger.warning(f"{item.display}: {reason}")
                self.reject(item, reason, inspection_id)
        live = [i for i in live if i.outcome is None]
        if not live:
            return None
        return (live, *start_parse(kind, live, self.pool, self.cache_dir))

    def finish(self, prepared: tuple[list[Item], list[Item], Any]) -> None:
        """A prepared batch's parses, then its checks, validation and load."""
        kind = self.kind
        live, todo, pending = prepared
        parse_files(quote(kind), quote(todo), quote(pending), quote(self.pool), self.cache_dir)
        for item in live:
            if isinstance(item.parsed, BaseException):  # the parser failed (a bug): that file only
                self.unexpected(item, item.parsed)
        live = [i for i in live if i.outcome is None]
        if live and kind.checks:  # before the files' own reasons: a clash is what to fix first
            self.reject_all(live, check_files(quote(kind), quote(self.con), self.run_id, quote(live)))
        for item in live:
            reason = getattr(item.parsed, "reason", None)
            if item.outcome is None and reason is not None:
                self.logger.warning(f"{item.display}: {reason}")
                self.reject(item, reason, getattr(item.tie, "inspection_id", None))
        live = [i for i in live if i.outcome is None]
        if not live:
            return
        try:
            self.check_validate_load(live)
        finally:
            kind.release(self.con, live)

    def check_validate_load(self, live: list[Item]) -> None:
        kind = self.kind
        self.reject_all(live, validate_batch(quote(kind), quote(live)))
        waiting = [i for i in live if i.outcome is None]
        while waiting:  # one round unless files of the batch clash (kind.clash_key)
            self.reject_all(waiting, kind.conflicts(self.con, waiting))
            live, waiting = _first_of_each([i for i in waiting if i.outcome is None], kind.clash_key)
            if live:
                self.load(live)

    def load(self, live: list[Item]) -> None:
        """Load files that do not clash with each other; decide each one's outcome."""
        kind = self.kind
        try:
            failed = load_batch(quote(kind), quote(self.con), self.run_id, quote(live))
        except Exception as err:  # still failing after the retries
            if infrastructure_failure(err) is not None:
                raise  # the machine's fault: the run stops (run_kind names the files not loaded)
            failed = {i.display: unexpected_reason(err) for i in live if i.outcome is None}
        for item in live:
            if item.outcome is not None:  # decided inside the load (a kind that loads file by file)
                self.progress.advance(f"{item.outcome.source_file} {item.outcome.status}")
            elif item.display in failed:
                self.logger.error(f"{item.display}: {failed[item.display]}")
                self.reject(item, failed[item.display], getattr(item.tie, "inspection_id", None))
            else:
                outcome = kind.loaded(item)
                self.logger.info(f"{item.display}: loaded as {outcome.inspection_id} ({item.parse})")
                self.decide(item, outcome)

    def reject_all(self, items: list[Item], failed: dict[str, str]) -> None:
        for display, reason in failed.items():
            item = next(i for i in items if i.display == display)
            self.logger.warning(f"{display}: {reason}")
            self.reject(item, reason, getattr(item.tie, "inspection_id", None))

    def unexpected(self, item: Item, err: BaseException) -> None:
        if (why := infrastructure_failure(err)) is not None:
            raise RunCannotComplete(f"{item.display} not loaded: {why}") from err
        reason = unexpected_reason(err)
        self.logger.error(f"{item.display}: {reason}")
        self.reject(item, reason, getattr(item.tie, "inspection_id", None))

    def read(self, items: list[Item]) -> None:
        """Limits and read; then, for a file whose hash was not known (or changed since it was
        hashed), the ledger again: its content may be loaded already."""
        paths = [i.path for i in items]
        state = read_input_files(paths, self.kind.reads_bytes, self.limits, return_state=True)
        if state.is_completed():
            results = state.result()
        else:  # a transient error outlasted the retries: each file on its own, its error its reason
            results = []
            for path in paths:
                try:
                    results.append(_read_one(path, self.kind.reads_bytes, self.limits))
                except OSError as err:
                    results.append(("rejected", f"cannot read file: {err.strerror or err}"))
        recheck = []
        for item, (what, value) in zip(items, results):
            if what == "rejected":
                self.reject(item, value)
                continue
            if what == "data":
                item.data, item.byte_size = value, len(value)
                sha = hashlib.sha256(value).hexdigest()
            else:
                item.byte_size = value
                try:
                    sha = item.sha or sha256_of_file(item.path)
                except OSError as err:
                    self.reject(item, f"cannot read file: {err.strerror or err}")
                    continue
            if sha != item.sha:
                item.sha = sha
                recheck.append(item)
        earlier = store.files_loaded(self.con, self.kind.name, [i.sha for i in recheck])
        self.already_loaded([(i, earlier[i.sha]) for i in recheck if i.sha in earlier])


def ingest_kind(kind: Kind, raw_dir: Path, warehouse_path: Path, reference_dir: Path, run_id: str | None = None,
                cache_dir: Path | None = None, progress: str = "off", limits: Limits | None = None,
                throughput: Throughput | None = None) -> RunSummary:
    """The body of a kind's flow: every input under ``raw_dir/<kind.folder>`` into the DuckDB file
    at ``warehouse_path``, in a run of its own (``run_id``, default the flow run's id). ``cache_dir``:
    parse results (default ``<warehouse dir>/cache``); the rest as ``run_kind``."""
    run_id = run_id or str(flow_run.get_id() or uuid.uuid4())
    raw_dir, warehouse_path = Path(raw_dir), Path(warehouse_path)
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir(warehouse_path)
    found = discover_inputs(raw_dir, kind.folder)
    with store.connect(warehouse_path) as con:
        kind.setup(con, run_id, raw_dir)
        outcomes = run_kind(kind, con, run_id, raw_dir, found, cache_dir, Path(reference_dir), progress, limits,
                            throughput)
        store.finish_run(con, run_id)
    return RunSummary(run_id, outcomes)


def run_kind(kind: Kind, con, run_id: str, raw_dir: Path, found: Discovered, cache_dir: Path,
             reference_dir: Path, progress: str, limits: Limits | None = None,
             throughput: Throughput | None = None, pool=None) -> list[FileOutcome]:
    """Every input of one kind through the stages; the outcomes in file order (refused paths
    first). Raises ``RunCannotComplete`` naming every file not loaded when the machine is at fault.
    ``pool``: what runs the parse jobs (``submit``, ``warm``, ``restart``, ``close``; default a
    ``ParsePool`` of ``throughput.processes``, on the run's shared workers if any; docs/scaling.md
    shows one over a Dask cluster)."""
    limits, throughput = limits or Limits(), throughput or Throughput()
    files = kind.select(found)
    outcomes = refuse_all(con, run_id, raw_dir, kind.name, found.refused, strays=kind.records_strays)
    items = [Item(path, display_name(path, raw_dir)) for path in files]
    hashes = hash_all(files, limits.max_file_bytes)
    for item in items:
        item.sha = hashes.get(item.path)
    shown = progress_for(progress, kind.label, len(items))
    try:
        pool = pool or ParsePool(kind.name, reference_dir, throughput.processes, kind.parse_data(),
                                 chunk=kind.parse_chunk)
        try:
            run = _Run(kind, con, run_id, raw_dir, cache_dir, pool, limits, shown)
            earlier = store.files_loaded(con, kind.name, [i.sha for i in items if i.sha])
            run.already_loaded([(i, earlier[i.sha]) for i in items if i.sha in earlier])
            todo, copies = _first_of_each([i for i in items if i.outcome is None], lambda i: i.sha)
            if _likely_misses(kind, todo, cache_dir) >= 2:
                pool.warm()  # the workers start while the first batch is read
            batches = [todo[start:start + throughput.batch_files]
                       for start in range(0, len(todo), throughput.batch_files)]
            # each batch is read, tied and sent to the pool before the one before it is finished
            # (validated and loaded): the workers parse while this process loads
            prepared = None
            for batch in batches:
                ready = _step(run.prepare, batch, todo + copies)
                if prepared is not None:
                    _step(run.finish, prepared, todo + copies)
                prepared = ready
            if prepared is not None:
                _step(run.finish, prepared, todo + copies)
            if copies:  # a second file of the same content as one of this run's
                earlier = store.files_loaded(con, kind.name, [i.sha for i in copies])
                run.already_loaded([(i, earlier[i.sha]) for i in copies if i.sha in earlier])
                batch = [i for i in copies if i.outcome is None]  # its first was rejected: on its own
                if batch and (ready := _step(run.prepare, batch, todo + copies)) is not None:
                    _step(run.finish, ready, todo + copies)
        finally:
            pool.close()
    finally:
        shown.close()
    return outcomes + [item.outcome for item in items]


def _step(stage, batch, every: list[Item]):
    """``stage(batch)`` (prepare or finish a batch); a fault of the machine raises
    ``RunCannotComplete`` naming every file of ``every`` not decided yet."""
    try:
        return stage(batch)
    except RunCannotComplete as err:
        raise RunCannotComplete(err.reason, _not_loaded(every)) from err
    except Exception as err:
        if (why := infrastructure_failure(err)) is None:
            raise
        items = batch[0] if isinstance(batch, tuple) else batch
        first = next((i.display for i in items if i.outcome is None), items[0].display)
        raise RunCannotComplete(f"{first} not loaded: {why}", _not_loaded(every)) from err


def _first_of_each(items: list[Item], key) -> tuple[list[Item], list[Item]]:
    """(the first file of each ``key(item)`` in order, and every file whose key is None; the later
    files of a key). Content (the SHA-256): a copy is recorded as already loaded once its first is
    loaded, as a later run would. A kind's clash key: the later files are decided after the first
    is loaded or rejected."""
    seen, first, later = set(), [], []
    for item in items:
        k = key(item)
        if k is not None and k in seen:
            later.append(item)
        else:
            if k is not None:
                seen.add(k)
            first.append(item)
    return first, later


def _likely_misses(kind: Kind, items: list[Item], cache_dir: Path) -> int:
    """How many of ``items`` the parse cache has no entry for (a file whose key is not known yet,
    before it is tied, counts as one)."""
    misses = 0
    for item in items:
        try:
            key = kind.cache_key(item)
        except Exception:  # needs what tie() finds
            key = None
        misses += key is None or not (Path(cache_dir) / key).is_file()
    return misses


def _not_loaded(items: list[Item]) -> tuple[str, ...]:
    return tuple(i.display for i in items if i.outcome is None)


def note(*parts: str | None) -> str | None:
    """A run summary's note from its parts (None when there is nothing to say)."""
    text = "; ".join(p for p in parts if p)
    return one_line(text) if text else None

