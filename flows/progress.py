"""Progress of a long run, per kind of input: files done of total, rate and time left.

In a terminal it is a live bar (rich, which Prefect already depends on); anywhere else (a log
file, a scheduled run, CI) it is plain lines, throttled so a national load of hundreds of files
prints a couple of dozen."""

from __future__ import annotations

import sys
import time
from typing import Callable, Protocol, TextIO


def pace(done: int, total: int, elapsed: float) -> tuple[float | None, float | None]:
    """``(files per second, seconds left)``; None where it cannot be known yet."""
    if done <= 0 or elapsed <= 0:
        return None, None
    rate = done / elapsed
    return rate, max(total - done, 0) / rate


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = round(seconds)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def progress_line(label: str, done: int, total: int, elapsed: float, detail: str = "") -> str:
    """One plain progress line, e.g. ``reports 12/220 (4.0 files/s, about 52s left) reports/a.txt loaded``."""
    rate, left = pace(done, total, elapsed)
    speed = f"{rate:.1f} files/s" if rate is not None else "? files/s"
    return f"{label} {done}/{total} ({speed}, about {_duration(left)} left)" + (f" {detail}" if detail else "")


class Progress(Protocol):
    def advance(self, detail: str) -> None: ...
    def close(self) -> None: ...


class LineProgress:
    """Plain lines: the first and the last file, and in between at most every ``every`` files."""

    def __init__(self, label: str, total: int, stream: TextIO, clock: Callable[[], float] = time.monotonic):
        self.label, self.total, self.stream, self.clock = label, total, stream, clock
        self.every = max(1, total // 20)
        self.done = 0
        self.started = clock()

    def advance(self, detail: str) -> None:
        self.done += 1
        if self.done in (1, self.total) or self.done % self.every == 0:
            line = progress_line(self.label, self.done, self.total, self.clock() - self.started, detail)
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        pass


class BarProgress:
    """A live bar on a terminal."""

    def __init__(self, label: str, total: int, stream: TextIO):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn,
                                   TimeRemainingColumn)

        self._bar = RichProgress(TextColumn("{task.description}"), BarColumn(bar_width=24), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                                 TextColumn("{task.fields[detail]}"), console=Console(file=stream))
        self._started = time.monotonic()
        self._task = self._bar.add_task(label, total=total, rate="", detail="")
        self._bar.start()

    def advance(self, detail: str) -> None:
        self._bar.advance(self._task)
        done = self._bar.tasks[0].completed
        rate, _ = pace(int(done), 0, time.monotonic() - self._started)
        self._bar.update(self._task, rate=f"{rate:.1f} files/s" if rate else "", detail=detail.rsplit("/", 1)[-1][-32:])

    def close(self) -> None:
        self._bar.stop()


class NoProgress:
    def advance(self, detail: str) -> None:
        pass

    def close(self) -> None:
        pass


PROGRESS_MODES = ("auto", "bar", "lines", "off")


def progress_for(mode: str, label: str, total: int, stream: TextIO | None = None) -> Progress:
    """``auto``: a bar when ``stream`` (default stderr) is a terminal, plain lines otherwise."""
    if mode not in PROGRESS_MODES:
        raise ValueError(f"progress must be one of {', '.join(PROGRESS_MODES)}, not {mode!r}")
    stream = stream or sys.stderr
    if mode == "off" or total == 0:
        return NoProgress()
    if mode == "bar" or (mode == "auto" and stream.isatty()):
        return BarProgress(label, total, stream)
    return LineProgress(label, total, stream)
