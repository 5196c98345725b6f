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
