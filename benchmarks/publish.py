"""Benchmark: publishing after a nightly run that loaded one file, into a small warehouse and into
the national-sample warehouse, in the same run of this script, reported as a ratio.

    .venv/bin/python benchmarks/publish.py [--repeats 3] [--small 2]

Setup (not timed): ``inspections generate --national`` (220 reports); one report is held back
as "the new file". A small warehouse loads ``--small`` other reports, the national warehouse
the other 219, each with ``inspections run`` (the real command line), and each publishes its
first release. Then the new file is loaded into both (``--publish never``).

Timed, in this process, alternating small and national, on a fresh copy of each warehouse
folder every time (copying is not timed):

1. **publish** (``warehouse.release.publish``): what a nightly run pays. Marts whose inputs did
   not change keep the previous release's files; the others are written once (Parquet, then the
   CSV from it); the DuckDB file is copied.
2. **full publish**: the same with no previous release (every mart written).
3. **old-style export** (national only): what publishing did before, each mart view evaluated
   three times (count, Parquet, CSV).

The median of ``--repeats`` is reported, and the ratio national / small of (1): the target is
at most 1.5. The marts that cost most in the national publish are listed, since a mart that
must be recomputed whenever any report is added costs more as history grows.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLI = Path(sys.executable).with_name("inspections")

from warehouse import mart_export, release, store  # noqa: E402

TARGET = 1.5


def cli(*args: str) -> None:
    done = subprocess.run([str(CLI), *args], capture_output=True, text=True, cwd=ROOT)
    if done.returncode not in (0, 1):
        sys.exit(f"inspections {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")


def load(raw: Path, folder: Path, publish: str) -> None:
    cli("run", "--progress", "off", "--raw", str(raw), "--warehouse", str(folder / "inspections.duckdb"),
        "--publish", publish)


def scratch_copy(folder: Path, into: Path, keep_current: bool) -> Path:
    """A copy of a warehouse folder (working file, releases, current link); the parse cache
    is left out."""
    shutil.copytree(folder, into, symlinks=True, ignore=shutil.ignore_patterns("cache", "*.lock"))
    if not keep_current:
        (into / "current").unlink()
        (into / "current.duckdb").unlink()
        shutil.rmtree(into / "releases")
    return into / "inspections.duckdb"


def timed_publish(folder: Path, scratch: Path, keep_current: bool) -> tuple[float, dict, dict]:
    working = scratch_copy(folder, scratch, keep_current)
    per_mart: dict[str, float] = {}
    original = mart_export.write_parquet

    def timed_write(con, name, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(con, name, *args, **kwargs)
        finally:
            per_mart[name] = time.perf_counter() - started

    mart_export.write_parquet = timed_write
    try:
        started = time.perf_counter()
        published = release.publish(working, "benchmark-run")
        elapsed = time.perf_counter() - started
    finally:
        mart_export.write_parquet = original
    shutil.rmtree(scratch)
    return elapsed, published.manifest, per_mart


def old_style_export(folder: Path, scratch: Path) -> float:
    """Before: per mart view, count(*), COPY to Parquet, COPY to CSV (three evaluations)."""
    working = scratch_copy(folder, scratch, keep_current=False)
    out = scratch / "old"
    (out / "parquet").mkdir(parents=True)
    (out / "csv").mkdir()
    started = time.perf_counter()
    with store.connect(working) as con:
        con.execute("CHECKPOINT")
        names = [r[0] for r in con.execute(store.statements()["mart_relations"]).fetchall()]
        for name in names:
            view = mart_export.ident(name)
            con.execute(f"SELECT count(*) FROM mart.{view}").fetchall()
            con.execute(f"COPY (SELECT * FROM mart.{view}) TO {mart_export.literal(out / 'parquet' / (name + '.parquet'))} (FORMAT parquet)")
            con.execute(f"COPY (SELECT * FROM mart.{view}) TO {mart_export.literal(out / 'csv' / (name + '.csv'))} (FORMAT csv, HEADER true)")
    shutil.copyfile(working, out / "inspections.duckdb")
    elapsed = time.perf_counter() - started
    shutil.rmtree(scratch)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--small", type=int, default=2, help="reports in the small warehouse (default 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as tmp:
        tmp = Path(tmp)
        national_raw, small_raw = tmp / "national", tmp / "small"
        cli("generate", "--national", "--out", str(national_raw / "reports"))
        reports = sorted((national_raw / "reports").iterdir())
        new_file = reports[len(reports) // 2]
        held = tmp / "held" / new_file.name
        held.parent.mkdir()
        shutil.move(new_file, held)
        (small_raw / "reports").mkdir(parents=True)
        for path in [p for p in reports if p != new_file][: args.small]:
            shutil.copy(path, small_raw / "reports" / path.name)
        folders = {"small": tmp / "wh-small", "national": tmp / "wh-national"}
        raws = {"small": small_raw, "national": national_raw}
        for kind in folders:
            load(raws[kind], folders[kind], "always")  # the first release
            shutil.copy(held, raws[kind] / "reports" / held.name)
            load(raws[kind], folders[kind], "never")  # tonight's one new file, not yet published
        files = {k: sum(1 for _ in (raws[k] / "reports").iterdir()) for k in raws}

        times: dict[str, list[float]] = {f"{s} {k}": [] for s in ("publish", "full publish") for k in folders}
        times["old-style export national"] = []
        manifests, costs = {}, {}
        for repeat in range(args.repeats):
            for kind in (("small", "national") if repeat % 2 == 0 else ("national", "small")):
                seconds, manifests[kind], costs[kind] = timed_publish(folders[kind], tmp / "scratch", True)
                times[f"publish {kind}"].append(seconds)
                seconds, *_ = timed_publish(folders[kind], tmp / "scratch", False)
                times[f"full publish {kind}"].append(seconds)
            times["old-style export national"].append(old_style_export(folders["national"], tmp / "scratch"))

    median = {k: statistics.median(v) for k, v in times.items()}
    ratio = median["publish national"] / median["publish small"]
    print(f"reports: small {files['small']}, national {files['national']}; one new file loaded into each; "
          f"median of {args.repeats}\n")
    print("| step | small (s) | national (s) | national / small |")
    print("|---|---:|---:|---:|")
    for step in ("publish", "full publish"):
        s, n = median[f"{step} small"], median[f"{step} national"]
        print(f"| {step} | {s:.2f} | {n:.2f} | {n / s:.2f} |")
    print(f"| old-style export (3 evaluations per mart, no reuse) |  | {median['old-style export national']:.2f} |  |")
    for kind in ("small", "national"):
        m = manifests[kind]
        print(f"\n{kind}: {len(m['marts']) - len(m['reused'])} marts written, {len(m['reused'])} reused "
              f"({', '.join(sorted(m['reused']))})")
    top = sorted(costs["national"].items(), key=lambda kv: -kv[1])[:5]
    print("national publish, costliest marts (s, Parquet write including the view's evaluation): "
          + ", ".join(f"{n} {s:.2f}" for n, s in top))
    slow = [n for n, _ in top[:3]]
    rest = {k: median[f"publish {k}"] - sum(costs[k].get(n, 0.0) for n in slow) for k in ("small", "national")}
    print(f"publish without those 3 marts: small {rest['small']:.2f} s, national {rest['national']:.2f} s, "
          f"ratio {rest['national'] / rest['small']:.2f}")
    print(f"\npublish national / small = {ratio:.2f} (target <= {TARGET})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
