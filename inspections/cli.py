"""The ``inspections`` command line.

    inspections run [--raw DIR] [--warehouse FILE] [--min-answers N] [--rebuild]
                    [--publish if-changed|always|never] [--progress auto|bar|lines|off]
                                                     load every report under DIR/reports, then
                                                     every survey extract under DIR/surveys
    inspections status [--warehouse FILE]            the latest release: when, run, rows, rejections
    inspections serve [--port N]                     run the nightly and weekly schedules
    inspections parse FILE                           print one report's facts as JSON
    inspections generate [--out DIR] [--seed N]      write synthetic sample reports (and, in
                                                     DIR/../surveys, their survey extracts)
    inspections generate --national [--rounds N] [--pdus "A;B"] [--out DIR] [--seed N] [--no-surveys]
                                                     every PDU, both frameworks' formats, and
                                                     each inspection's three survey extracts
    inspections export --out DIR [--warehouse FILE]  write a release (DuckDB, Parquet, CSV, manifest)
    inspections docs [--out FILE]                    write the mart data dictionary as Markdown
    inspections report --out FILE.html [--pdu CODE] [--warehouse FILE]
                                                     write the self-contained PDU comparison page
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import threading
from pathlib import Path

from core.settings import Settings


def _quiet_prefect() -> None:
    """Prefect settings for a command-line run: no telemetry, ephemeral server, terse logs."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")


#: ``inspections run``'s exit codes (docs/operations.md; ``inspections run --help``).
EXIT_LOADED, EXIT_REJECTED, EXIT_USAGE, EXIT_BUSY, EXIT_INCOMPLETE = 0, 1, 2, 3, 4
RUN_EXIT_CODES = """exit codes:
  0  every file loaded (or was loaded before)
  1  the run finished, but some files were rejected (see the summary and mart.load_ledger)
  2  bad invocation: unknown option, bad setting, or the input folder (or its reports/ and surveys/) missing
  3  another run holds the warehouse's writer lock; nothing was done
  4  the run could not complete: disk full, read-only warehouse, Prefect did not start, interrupted;
     the file being loaded was rolled back, the warehouse is as it was before it
Every expected failure prints one line on stderr, never a traceback (INSPECTIONS_DEBUG=1 shows one)."""


def _fail(message: str, code: int) -> int:
    from core.errors import one_line

    print(one_line(message, 600), file=sys.stderr)
    return code


def _prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")


def _needs_own_server() -> bool:
    """True unless a Prefect API is already set (PREFECT_API_URL), or Prefect is already imported in
    this process (a test harness, or a caller that set Prefect up itself): then it is used as is."""
    return not os.environ.get("PREFECT_API_URL") and "prefect" not in sys.modules


def _check_input_folder(raw: Path) -> str | None:
    if not raw.is_dir():
        return f"{raw}: no such input folder (it should hold reports/ and surveys/)"
    if not (raw / "reports").is_dir() and not (raw / "surveys").is_dir():
        return f"{raw}: no reports/ or surveys/ folder in it: nothing to load (is --raw the right folder?)"
    return None


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the ingest (or, with --rebuild, the rebuild) flow and print its summary. In this order:
    check the input folder (exit 2), take the writer lock (exit 3 at once if another run holds it),
    start the run's own Prefect server (exit 4 if it does not answer within the start-up limit), run,
    stop the server, release the lock. Every expected failure is one line (RUN_EXIT_CODES)."""
    import contextlib
    import logging
    import signal

    raw = Path(args.raw or settings.raw_dir)
    warehouse = Path(args.warehouse or settings.warehouse_path)
    if (problem := _check_input_folder(raw)) is not None:
        return _fail(problem, EXIT_USAGE)
    _quiet_prefect()
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", str(settings.prefect_startup_timeout))
    from flows.writer_lock import WarehouseBusy, hold_for_run
    from core.errors import RunCannotComplete
    from flows.discover import changed_since
    from flows.early_parse import send_new_reports
    from flows.parse_cache import default_cache_dir
    from flows.parse_pool import shared_workers
    from inspections.prefect_server import ServerDidNotStart, ephemeral_server

    _INTERRUPTED.clear()
    try:  # SIGTERM (a service manager's stop) unwinds like Ctrl-C: the server is stopped, the lock released
        previous_term = signal.signal(signal.SIGTERM, _interrupt)
        previous_int = signal.signal(signal.SIGINT, _interrupt)
    except ValueError:  # not the main thread (a test calling main() from another thread)
        previous_term = previous_int = None
    try:
        with contextlib.ExitStack() as stack:
            stack.enter_context(hold_for_run(warehouse))
            # when files under raw/ changed since the warehouse was last written, the parse
            # workers start and parse the new reports while Prefect's server starts
            workers = stack.enter_context(shared_workers(settings.throughput.processes))
            if not args.rebuild and changed_since(raw, warehouse):
                workers.warm()
                send_new_reports(raw, warehouse, settings.cache_dir or default_cache_dir(warehouse),
                                 settings.reference_dir, workers, settings.limits, 2 * settings.throughput.batch_files)
            if _needs_own_server():
                stack.enter_context(ephemeral_server(_prefect_home(), settings.prefect_startup_timeout))
                stack.callback(_drain_prefect)  # Prefect's logs and events reach the server before it stops
            summary = _run_flow(args, settings, raw, warehouse)
    except WarehouseBusy as err:
        return _fail(str(err), EXIT_BUSY)
    except ServerDidNotStart as err:
        return _fail(f"run could not complete: Prefect's server did not start ({err}); nothing was loaded. "
                     f"On a busy machine raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS "
                     f"(now {settings.prefect_startup_timeout})", EXIT_INCOMPLETE)
    except RunCannotComplete as err:
        return _fail(_incomplete_line(err), EXIT_INCOMPLETE)
    except KeyboardInterrupt:
        return _fail(INTERRUPTED, EXIT_INCOMPLETE)
    except Exception as err:  # noqa: BLE001 - the command line's edge: one line, never a traceback
        if _was_interrupted(err):  # the signal surfaced as another error (DuckDB's, Prefect's)
            return _fail(INTERRUPTED, EXIT_INCOMPLETE)
        return _unexpected(err, warehouse)
    finally:
        if previous_term is not None:
            signal.signal(signal.SIGTERM, previous_term)
            signal.signal(signal.SIGINT, previous_int)
        logging.disable(logging.NOTSET)  # _interrupt silenced logging for the unwinding only
    print(summary.render())
    _print_published(warehouse, settings, summary.run_id)
    return EXIT_LOADED if summary.ok else EXIT_REJECTED


INTERRUPTED = ("run could not complete: interrupted; the file being loaded was rolled back and "
               "the warehouse is as it was before it; run again to finish")
_INTERRUPTED = threading.Event()


def _was_interrupted(err: BaseException) -> bool:
    """Whether ``err`` comes of SIGTERM or Ctrl-C: our handler ran, or the error's chain holds the
    interrupt or Prefect's own termination signal (Prefect's engine may take SIGTERM first, and
    DuckDB turns an interrupt inside a query into "Query interrupted")."""
    if _INTERRUPTED.is_set():
        return True
    from prefect.exceptions import ExternalSignal

    seen: set[int] = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if isinstance(err, (KeyboardInterrupt, ExternalSignal)):
            return True
        err = err.__cause__ or err.__context__
    return False


def _interrupt(signum, frame) -> None:
    """SIGTERM or Ctrl-C: unwind the run (its transaction rolls back, the server stops, the lock is
    released) quietly: Prefect's own crash reports are not printed, the run's one line is. Raised
    while DuckDB runs a query, the interrupt comes back as DuckDB's own error: the flag says why."""
    import logging

    _INTERRUPTED.set()
    logging.disable(logging.CRITICAL)
    raise KeyboardInterrupt


def _drain_prefect() -> None:
    """Send Prefect's queued logs and events to the run's server before it is stopped."""
    if "prefect" not in sys.modules:
        return
    try:
        from prefect.events.worker import EventsWorker
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=5)
        EventsWorker.drain_all(timeout=5)
    except Exception:  # noqa: BLE001 - best effort: losing a log line must not fail the run
        pass


def _quiet_engine_console() -> None:
    """Prefect's console shows no tracebacks and no engine reports of a failed or crashed run: the
    run's own one line says what went wrong (they still reach the Prefect API's log)."""
    import logging
    import re

    engine_report = re.compile(r"^(?:Encountered exception during execution|Crash detected|"
                               r"Finished in state (?:Failed|Crashed)|An error was encountered while committing)")

    class OneLineConsole(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            if not record.name.startswith("prefect"):
                return True
            if record.name.startswith(("prefect.flow_runs", "prefect.task_runs")) and \
                    engine_report.match(str(record.msg)):
                return False
            record.exc_info, record.exc_text, record.stack_info = None, None, None
            return True

    for handler in logging.getLogger().handlers:
        if type(handler).__name__ == "PrefectConsoleHandler" and \
                not any(isinstance(f, OneLineConsole) for f in handler.filters):
            handler.addFilter(OneLineConsole())


def _run_flow(args: argparse.Namespace, settings: Settings, raw: Path, warehouse: Path):
    from flows.pipeline import rebuild_warehouse, run_pipeline

    _quiet_engine_console()

    options = dict(
        raw_dir=raw,
        warehouse_path=warehouse,
        reference_dir=settings.reference_dir,
        releases_dir=settings.releases_dir,
        keep_releases=settings.keep_releases,
        min_answers=args.min_answers if args.min_answers is not None else settings.min_answers,
        cache_dir=settings.cache_dir,
        progress=args.progress,
        limits=settings.limits,
        throughput=settings.throughput,
    )
    if args.rebuild:
        return rebuild_warehouse(**options)
    return run_pipeline(**options, publish=args.publish)


def _incomplete_line(err) -> str:
    line = f"run could not complete: {err.reason}; nothing was half-loaded (a file loads whole or not at all)"
    if err.not_loaded:
        shown = ", ".join(err.not_loaded[:5])
        more = f" and {len(err.not_loaded) - 5} more" if len(err.not_loaded) > 5 else ""
        line += f"; not loaded: {shown}{more}"
    return line + "; fix it and run again"


def _unexpected(err: Exception, warehouse: Path) -> int:
    """An error that escaped the flows: one line (exit 4), its traceback only with INSPECTIONS_DEBUG."""
    from flows.faults import infrastructure_failure
    from flows.outcomes import unexpected_reason

    if os.environ.get("INSPECTIONS_DEBUG"):
        import traceback

        traceback.print_exc()
    why = infrastructure_failure(err)
    if why is not None:
        return _fail(f"run could not complete: {why}, at warehouse {warehouse}; nothing was half-loaded; "
                     "fix it and run again", EXIT_INCOMPLETE)
    return _fail(f"run could not complete: {unexpected_reason(err)} (INSPECTIONS_DEBUG=1 shows the traceback)",
                 EXIT_INCOMPLETE)


def cmd_parse(args: argparse.Namespace, settings: Settings) -> int:
    """Print the facts of one report as JSON; a one-line error and exit 1 if it is not one."""
    from core.errors import RejectedInput
    from core.reference import load_reference
    from inspections.report_json import facts_json
    from schemas.validate import validate_report_tables
    from transforms.report_facts import ReportFacts, parse_report

    from flows.input_limits import over_limits

    path = Path(args.file)
    try:
        problem = over_limits(path, settings.limits)  # never opens a FIFO, never reads a file over a limit
        data = path.read_bytes() if problem is None else b""
    except OSError as err:
        print(f"{path}: cannot read file: {err.strerror}", file=sys.stderr)
        return 1
    if problem is not None:
        print(f"{path}: {problem}", file=sys.stderr)
        return 1
    ref = load_reference(settings.reference_dir)
    try:
        facts = parse_report(data, str(path), hashlib.sha256(data).hexdigest(), ref)
        facts = ReportFacts(validate_report_tables(facts.tables, str(path)))
    except RejectedInput as err:
        print(str(err), file=sys.stderr)
        return 1
    print(facts_json(facts))
    _print_gaps(path, facts, ref)
    return 0


def _print_gaps(path: Path, facts, ref) -> None:
    """What the report was expected to have and the parser did not find (stderr)."""
    from transforms.quality_rules import describe_gaps

    missing = describe_gaps(facts.tables["data_quality"], ref.quality_rules)
    if missing:
        print(f"{path}: loaded with {len(missing)} gaps; expected and not found:", file=sys.stderr)
        for line in missing:
            print(f"  {line}", file=sys.stderr)


def cmd_generate(args: argparse.Namespace, settings: Settings) -> int:
    """Write synthetic sample reports (clearly labelled): the small default sample for a few
    PDUs, or with --national one report per PDU per inspection round."""
    if not args.national:
        if args.rounds is not None or args.pdus is not None or args.no_surveys:
            print("--rounds, --pdus and --no-surveys need --national", file=sys.stderr)
            return 2
        from synth.generate import DEFAULT_SAMPLE, write_sample_reports
        from synth.surveys import write_sample_surveys

        out = Path(args.out or settings.raw_dir / "reports")
        paths = write_sample_reports(out, DEFAULT_SAMPLE, None, args.seed)
        # the survey extracts consistent with those reports, beside them: <out>/../surveys
        paths += write_sample_surveys(out.parent / "surveys", DEFAULT_SAMPLE, args.seed)
        for p in paths:
            print(p)
        return 0

    from core.settings import PROJECT_ROOT
    from synth.national import write_national_sample

    out = Path(args.out or PROJECT_ROOT / "build" / "national" / "reports")
    # the survey extracts go where `run --raw` will look: beside reports/, or in --out itself
    surveys = None if args.no_surveys else (out.parent if out.name == "reports" else out) / "surveys"
    default = {(settings.raw_dir / "reports").resolve(), (settings.raw_dir / "surveys").resolve()}
    if out.resolve() in default or (surveys is not None and surveys.resolve() in default):
        print(f"{out}: the national sample is not written into the default sample's folder; "
              "choose another --out", file=sys.stderr)
        return 2
    pdus = [name for name in args.pdus.split(";") if name.strip()] if args.pdus is not None else None
    try:
        paths = write_national_sample(out, args.seed, args.rounds or 2, pdus, reference_dir=settings.reference_dir,
                                      surveys_dir=surveys)
    except ValueError as err:
        print(str(err), file=sys.stderr)
        return 2
    wrote = f"wrote {len(paths)} reports to {out}"
    if surveys is not None:
        wrote += f" and their survey extracts to {surveys}"
    if out.name == "reports":
        print(f"{wrote}; load them with: inspections run --raw {out.parent}")
    else:  # `run` reads RAW/reports (and RAW/surveys): name the folder that will work
        print(f"{wrote}; `inspections run` reads RAW/reports, so move the reports to "
              f"{out / 'reports'} and run: inspections run --raw {out}")
    return 0


def _print_published(warehouse: Path, settings: Settings, run_id: str) -> None:
    from warehouse import release

    releases_dir = settings.releases_dir or release.default_releases_dir(warehouse)
    manifest = release.current_manifest(releases_dir)
    if manifest is not None and manifest["run_id"] == run_id:
        print(f"published release {manifest.get('name', run_id)}: {release.current_link(releases_dir)}")
    elif manifest is not None:
        print(f"nothing new to publish; the current release is still {manifest.get('name', manifest['run_id'])}: "
              f"{release.current_link(releases_dir)}")


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write a release of the warehouse (working) file into a new or empty folder."""
    from warehouse import release

    warehouse = Path(args.warehouse or settings.warehouse_path)
    if not warehouse.is_file():
        print(f"{warehouse}: no warehouse file; run `inspections run` first", file=sys.stderr)
        return 1
    try:
        run_id = release.last_run_id(warehouse) or "no-run"
        exported = release.export(warehouse, Path(args.out), run_id)
    except (FileExistsError, OSError) as err:
        print(f"cannot export: {err}", file=sys.stderr)
        return 1
    except Exception as err:  # duckdb: the file is held read-write by a running pipeline
        print(f"cannot export {warehouse}: {' '.join(str(err).split())[:300]}", file=sys.stderr)
        return 1
    print(f"exported run {run_id}: {exported.path} ({len(exported.manifest['marts'])} marts)")
    return 0


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    """Print the latest release (when, which run, row counts, rejections); exit 1 if there is none.
    Reads only the release's manifest and the lock file: never blocked by a running pipeline."""
    import datetime as dt

    from flows.writer_lock import holder
    from inspections.status import render_status
    from warehouse import release

    warehouse = Path(args.warehouse or settings.warehouse_path)
    releases_dir = settings.releases_dir or release.default_releases_dir(warehouse)
    manifest = release.current_manifest(releases_dir)
    print(render_status(manifest, str(release.current_link(releases_dir)), holder(warehouse),
                        dt.datetime.now(dt.timezone.utc)))
    return 0 if manifest is not None else 1


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the scheduled deployments (flows/deployments.py) until stopped (Ctrl-C or SIGTERM),
    against PREFECT_API_URL if set, else a local Prefect server started here and stopped after."""
    import contextlib
    import signal

    from inspections.prefect_server import ServerDidNotStart, local_server

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # a service manager's stop = Ctrl-C
    try:
        with contextlib.ExitStack() as stack:
            api_url = os.environ.get("PREFECT_API_URL")
            if not api_url:
                port = args.port or settings.server_port
                print(f"starting a local Prefect server on 127.0.0.1:{port} (database and log in "
                      f"{settings.prefect_home})", flush=True)
                api_url = stack.enter_context(local_server(settings.prefect_home, port))
                os.environ["PREFECT_API_URL"] = api_url
            print(f"Prefect API {api_url}; UI {api_url.removesuffix('/api')}", flush=True)
            from prefect import serve

            from flows.deployments import deployments

            serve(*deployments(settings), limit=1)
    except ServerDidNotStart as err:
        return _fail(f"cannot start the local Prefect server: {err}", EXIT_INCOMPLETE)
    except KeyboardInterrupt:
        pass
    return 0


def cmd_docs(args: argparse.Namespace, settings: Settings) -> int:
    """Write the mart data dictionary (Markdown) from the DuckDB catalog of a fresh in-memory
    warehouse: no warehouse file is opened."""
    from core.reference import load_reference
    from transforms.data_dictionary import render_dictionary
    from warehouse import catalog, store

    with store.connect(Path(":memory:")) as con:
        store.prepare(con, load_reference(settings.reference_dir).tables())
        text = render_dictionary(*catalog.mart_catalog(con))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text, encoding="utf-8")
        print(args.out)
    else:
        print(text, end="")
    return 0


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    """Write the PDU comparison page (one self-contained HTML file) from the published release
    (``current/inspections.duckdb`` beside the working file) if there is one, else from the
    working file, or from --warehouse; always opened read-only, so a running pipeline is never
    blocked. Exit 2 for an unknown --pdu code, 1 when the warehouse cannot be read."""
    import json

    from pictures.comparison import UnknownPdu, build_page, resolve_highlight
    from warehouse import release, store

    if args.warehouse:
        warehouse = Path(args.warehouse)
    else:
        releases_dir = settings.releases_dir or release.default_releases_dir(settings.warehouse_path)
        published = release.current_link(releases_dir) / release.DUCKDB_NAME
        warehouse = published if published.is_file() else Path(settings.warehouse_path)
    if not warehouse.is_file():
        print(f"{warehouse}: no warehouse file; run `inspections run` first", file=sys.stderr)
        return 1
    manifest = warehouse.parent / release.MANIFEST_NAME
    if manifest.is_file():  # a release: say which
        created = json.loads(manifest.read_text(encoding="utf-8")).get("created_at", "?")
        source = f"the published release {warehouse.parent.resolve().name} (created {created})"
    else:  # no local path on the page: the file's name only
        source = f"the warehouse file {warehouse.name}"
    try:
        with store.connect(warehouse, read_only=True) as con:
            frames = store.page_frames(con)
    except Exception as err:  # duckdb: not a warehouse, or held read-write by another process
        print(f"cannot read {warehouse}: {' '.join(str(err).split())[:300]}", file=sys.stderr)
        return 1
    try:
        highlight = resolve_highlight(frames["pdus"], args.pdu)
    except UnknownPdu as err:
        print(str(err), file=sys.stderr)
        return 2
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build_page(frames, highlight, source), encoding="utf-8")
    print(out)
    return 0


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="inspections", description=__doc__.splitlines()[0] if __doc__ else None,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="load every report under RAW/reports into the warehouse (a Prefect flow)",
                           description="Load every report under RAW/reports, then every survey extract under "
                                       "RAW/surveys, into the warehouse (a Prefect flow); publish a release.",
                           epilog=RUN_EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p_run.add_argument("--raw", type=Path, help="folder of raw inputs (default: raw/)")
    p_run.add_argument("--warehouse", type=Path, help="DuckDB file (default: warehouse/inspections.duckdb)")
    p_run.add_argument("--min-answers", type=_positive_int, metavar="N",
                       help="suppress a survey percentage answered by fewer than N people (default 10)")
    p_run.add_argument("--rebuild", action="store_true",
                       help="build a new warehouse from all of RAW (unchanged files from the parse cache), swap it in, publish")
    p_run.add_argument("--publish", choices=("if-changed", "always", "never"), default="if-changed",
                       help="publish a release: if the warehouse changed since the current one (default), always, or never")
    p_run.add_argument("--progress", choices=("auto", "bar", "lines", "off"), default="auto",
                       help="progress: a bar in a terminal, plain lines otherwise (default auto)")
    p_run.set_defaults(func=cmd_run)
    p_status = sub.add_parser("status", help="print the latest release: when, which run, row counts, rejections")
    p_status.add_argument("--warehouse", type=Path, help="DuckDB working file (default: warehouse/inspections.duckdb)")
    p_status.set_defaults(func=cmd_status)
    p_serve = sub.add_parser("serve", help="run the nightly and weekly schedules (local Prefect server unless "
                                           "PREFECT_API_URL is set)")
    p_serve.add_argument("--port", type=int, help="the local server's port on 127.0.0.1 (default 4200)")
    p_serve.set_defaults(func=cmd_serve)
    p_parse = sub.add_parser("parse", help="print the facts of one report as JSON; loads nothing")
    p_parse.add_argument("file", help="report file: text (.txt, .md), PDF (.pdf) or saved web page (.html, .htm)")
    p_parse.set_defaults(func=cmd_parse)
    p_gen = sub.add_parser("generate", help="write synthetic sample reports")
    p_gen.add_argument("--out", type=Path,
                       help="output folder (default: raw/reports; with --national build/national/reports)")
    p_gen.add_argument("--seed", type=int, default=2023, help="random seed (default 2023)")
    p_gen.add_argument("--national", action="store_true",
                       help="every PDU in reference/, one report per inspection round (not into raw/reports)")
    p_gen.add_argument("--rounds", type=int, help="with --national: rounds 1..N (1: 2021-23 format; default 2)")
    p_gen.add_argument("--pdus", help='with --national: only these PDUs, e.g. "Derby City;Salford and Trafford"')
    p_gen.add_argument("--no-surveys", action="store_true",
                       help="with --national: write the reports only, not every inspection's survey extracts")
    p_gen.set_defaults(func=cmd_generate)
    p_export = sub.add_parser("export", help="write a release: DuckDB copy, Parquet and CSV per mart, manifest")
    p_export.add_argument("--out", type=Path, required=True, help="new or empty output folder")
    p_export.add_argument("--warehouse", type=Path, help="DuckDB working file (default: warehouse/inspections.duckdb)")
    p_export.set_defaults(func=cmd_export)
    p_docs = sub.add_parser("docs", help="write the mart data dictionary as Markdown")
    p_docs.add_argument("--out", type=Path, help="Markdown file (default: print it)")
    p_docs.set_defaults(func=cmd_docs)
    p_report = sub.add_parser("report", help="write the PDU comparison page: one self-contained HTML file")
    p_report.add_argument("--out", type=Path, required=True, metavar="FILE.html", help="the HTML file to write")
    p_report.add_argument("--pdu", metavar="CODE", help="highlight this PDU: a code or name from the register (N51CUMB, Cumbria)")
    p_report.add_argument("--warehouse", type=Path, metavar="FILE",
                          help="DuckDB file to read (default: the published release current/inspections.duckdb "
                               "beside the working file, else the working file)")
    p_report.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # a bad invocation exits 2 (argparse)
    try:
        settings = Settings.from_env()
    except ValueError as err:
        return _fail(f"bad setting in the environment: {err}", EXIT_USAGE)
    return args.func(args, settings)


if __name__ == "__main__":
    sys.exit(main())
