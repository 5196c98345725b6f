"""What the benchmarks share: timing a step the same way in each."""

from __future__ import annotations

import statistics
import time


def timed(fn, repeats: int) -> tuple[float, object]:
    """Median seconds over ``repeats`` runs, and the last run's result."""
    samples, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def best_by_size(sizes: list[int], repeats: int, run) -> tuple[dict[int, float], dict[int, object]]:
    """Best seconds of ``run(size) -> (seconds, result)`` for each size over ``repeats`` rounds
    (sizes in turn, the order alternating each round so that drift evens out), and each size's
    first result."""
    best: dict[int, float] = {}
    results: dict[int, object] = {}
    for repeat in range(repeats):
        for size in (sizes if repeat % 2 == 0 else sizes[::-1]):
            seconds, result = run(size)
            best[size] = min(best.get(size, seconds), seconds)
            results.setdefault(size, result)
    return best, results


def size_lines(what: str, sizes: list[int], best: dict[int, float], items: int) -> list[str]:
    """The report of ``best_by_size``: seconds and ms per item of each size, and the ratios of
    the first size to each other."""
    lines = [f"  {what} of {size:>3}: {best[size]:7.2f} s  {best[size] / items * 1000:6.1f} ms per extract"
             for size in sizes]
    lines += [f"  {what} of {sizes[0]} / {what} of {size}: {best[sizes[0]] / best[size]:.2f}x" for size in sizes[1:]]
    return lines
