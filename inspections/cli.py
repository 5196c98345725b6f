"""The ``inspections`` command line.

    inspections run [--raw DIR] [--warehouse FILE]   load every report under DIR/reports
    inspections parse FILE                           print one report's facts as JSON
    inspections generate [--out DIR] [--seed N]      write synthetic sample reports
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

from inspections.settings import Settings


def _quiet_prefect() -> None:
    """Prefect settings for a command-line run: no telemetry, ephemeral server, terse logs."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the ingest flow and print its summary; non-zero exit when any file was rejected."""
    _quiet_prefect()
    from flows.pipeline import run_pipeline

    summary = run_pipeline(
        raw_dir=args.raw or settings.raw_dir,
        warehouse_path=args.warehouse or settings.warehouse_path,
        reference_dir=settings.reference_dir,
    )
    print(summary.render())
    return 0 if summary.ok else 1


def cmd_parse(args: argparse.Namespace, settings: Settings) -> int:
    """Print the facts of one report as JSON; a one-line error and exit 1 if it is not one."""
    from inspections.errors import RejectedInput
    from inspections.reference import load_reference
    from inspections.report_json import facts_json
    from schemas.validate import validate_report_tables
    from transforms.report_facts import ReportFacts, parse_report

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as err:
        print(f"{path}: cannot read file: {err.strerror}", file=sys.stderr)
        return 1
    try:
        facts = parse_report(data, str(path), hashlib.sha256(data).hexdigest(), load_reference(settings.reference_dir))
        facts = ReportFacts(validate_report_tables(facts.tables, str(path)))
    except RejectedInput as err:
        print(str(err), file=sys.stderr)
        return 1
    print(facts_json(facts))
    return 0


def cmd_generate(args: argparse.Namespace, settings: Settings) -> int:
    """Write synthetic sample reports (clearly labelled) for a few PDUs."""
    from synth.generate import DEFAULT_SAMPLE, write_sample_reports

    out = Path(args.out or settings.raw_dir / "reports")
    paths = write_sample_reports(out, DEFAULT_SAMPLE, None, args.seed)
    for p in paths:
        print(p)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="inspections", description=__doc__.splitlines()[0] if __doc__ else None,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="load every report under RAW/reports into the warehouse (a Prefect flow)")
    p_run.add_argument("--raw", type=Path, help="folder of raw inputs (default: raw/)")
    p_run.add_argument("--warehouse", type=Path, help="DuckDB file (default: warehouse/inspections.duckdb)")
    p_run.set_defaults(func=cmd_run)
    p_parse = sub.add_parser("parse", help="print the facts of one report as JSON; loads nothing")
    p_parse.add_argument("file", help="report text file")
    p_parse.set_defaults(func=cmd_parse)
    p_gen = sub.add_parser("generate", help="write synthetic sample reports")
    p_gen.add_argument("--out", type=Path, help="output folder (default: raw/reports)")
    p_gen.add_argument("--seed", type=int, default=2023, help="random seed (default 2023)")
    p_gen.set_defaults(func=cmd_generate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args, Settings.from_env())


if __name__ == "__main__":
    sys.exit(main())
