"""Progress lines of a long run: files done of total, rate, time left."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, strategies as st

from flows.progress import LineProgress, NoProgress, pace, progress_for, progress_line


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_plain_lines_say_done_of_total_rate_and_time_left():
    out, clock = io.StringIO(), Clock()
    shown = LineProgress("reports", 40, out, clock)  # 40 files: a line every 2 files, and the first
    for i in range(4):
        clock.now += 0.5
        shown.advance(f"raw/reports/r{i}.txt loaded")
    assert out.getvalue().splitlines() == [
        "reports 1/40 (2.0 files/s, about 20s left) raw/reports/r0.txt loaded",
        "reports 2/40 (2.0 files/s, about 19s left) raw/reports/r1.txt loaded",
        "reports 4/40 (2.0 files/s, about 18s left) raw/reports/r3.txt loaded",
    ]


def test_a_long_wait_is_shown_in_minutes():
    assert progress_line("surveys", 10, 1000, 50.0) == "surveys 10/1000 (0.2 files/s, about 82m30s left)"


def test_the_last_file_always_gets_a_line():
    out, clock = io.StringIO(), Clock()
    shown = LineProgress("surveys", 3, out, clock)
    for _ in range(3):
        clock.now += 1
        shown.advance("x")
    assert out.getvalue().splitlines()[-1] == "surveys 3/3 (1.0 files/s, about 0s left) x"


def test_auto_is_lines_off_a_terminal_and_nothing_for_no_files():
    assert isinstance(progress_for("auto", "reports", 5, io.StringIO()), LineProgress)
    assert isinstance(progress_for("auto", "reports", 0, io.StringIO()), NoProgress)
    assert isinstance(progress_for("off", "reports", 5, io.StringIO()), NoProgress)
    with pytest.raises(ValueError, match="progress must be one of auto, bar, lines, off, not 'loud'"):
        progress_for("loud", "reports", 5)


@given(total=st.integers(1, 10_000), data=st.data(), elapsed=st.floats(0.001, 1e5))
def test_pace_is_consistent(total, data, elapsed):
    done = data.draw(st.integers(1, total))
    rate, left = pace(done, total, elapsed)
    assert rate * elapsed == pytest.approx(done)
    assert left == pytest.approx((total - done) * elapsed / done)
    assert (left == 0) == (done == total)


def test_pace_before_the_first_file_is_unknown():
    assert pace(0, 10, 3.0) == (None, None)
