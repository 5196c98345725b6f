"""Day first or month first: decided per file from evidence, never guessed.

Evidence, in order:
1. the extract's settings say so (``dates = "day-first"`` or ``"month-first"``);
2. a number above 12 in the first place of a date (13/02/2023: day first) or the second
   (02/13/2023: month first);
3. one reading is impossible: it dates an answer after the latest date answers can have (the end
   of the report's publication month, and no later than ``FIELDWORK_GRACE_DAYS`` after its
   fieldwork started: surveys are run before and during fieldwork), or makes a response end
   before it starts.
When both readings stay possible the dates are ambiguous: the file loads with the start and end
times null and a data-quality row naming the columns and both readings.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

ISO_FORMATS = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S.%f",
               "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M"]
_TIMES = [" %H:%M:%S", " %H:%M", " %I:%M:%S %p", " %I:%M %p", ""]
# two-digit years first: DuckDB's %Y would read "23" as the year 23
DAY_FIRST = [f"%d/%m/%y{t}" for t in _TIMES] + [f"%d{s}%m{s}%Y{t}" for s in "/.-" for t in _TIMES]
MONTH_FIRST = [f"%m/%d/%y{t}" for t in _TIMES] + [f"%m{s}%d{s}%Y{t}" for s in "/.-" for t in _TIMES]
#: A survey answer dated later than this many days after fieldwork started is impossible.
FIELDWORK_GRACE_DAYS = 14
#: A date written with the day and month as numbers, day or month first.
NUMERIC_DATE = r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b"
ORDERS = {"day-first": DAY_FIRST, "month-first": MONTH_FIRST}


@dataclass(frozen=True)
class Reading:
    """What one reading of the numeric dates gives (from the SQL evidence query)."""

    earliest: datetime | None
    latest: datetime | None
    unparsed: int
    ends_before_starts: int


@dataclass(frozen=True)
class DateEvidence:
    numeric: int              # values written as nn/nn/yyyy
    max_first: int | None
    max_second: int | None
    example: str | None
    readings: dict[str, Reading]


@dataclass(frozen=True)
class DateDecision:
    formats: list[str] | None   # None: ambiguous, the dates load null
    order: str                  # iso, day-first, month-first, ambiguous
    why: str


def latest_possible(published_on: date, fieldwork_started_on: date | None) -> date:
    """The last day a survey answer of this inspection can be dated."""
    end_of_month = published_on.replace(day=calendar.monthrange(published_on.year, published_on.month)[1])
    if fieldwork_started_on is None:
        return end_of_month
    return min(end_of_month, fieldwork_started_on + timedelta(days=FIELDWORK_GRACE_DAYS))


def _long(d: datetime) -> str:
    return f"{d.day} {d:%B %Y}"


def _both_readings(example: str | None) -> str:
    """"'03/06/2023' reads as 3 June 2023 (day first) or 6 March 2023 (month first)"."""
    m = re.match(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})", example or "")
    if m is None:
        return f"{example!r} can be read day first or month first"
    a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    y = y + 2000 if y < 100 else y
    try:
        return (f"{m.group(0).strip()!r} reads as {_long(datetime(y, b, a))} (day first) or "
                f"{_long(datetime(y, a, b))} (month first)")
    except ValueError:
        return f"{example!r} can be read day first or month first"


def _readings_agree(example: str | None) -> bool:
    m = re.match(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-]", example or "")
    return m is not None and int(m.group(1)) == int(m.group(2))


def decide(evidence: DateEvidence, stated: str | None, latest: date, columns: list[str],
           settings_name: str) -> DateDecision:
    if evidence.numeric == 0:
        return DateDecision(ISO_FORMATS, "iso", "dates are not written day/month")
    if stated in ORDERS:
        return DateDecision(ISO_FORMATS + ORDERS[stated], stated, f"{settings_name} says {stated}")
    first, second = evidence.max_first or 0, evidence.max_second or 0
    if first > 12 and second <= 12:
        return DateDecision(ISO_FORMATS + DAY_FIRST, "day-first", f"a day above 12 comes first ({first})")
    if second > 12 and first <= 12:
        return DateDecision(ISO_FORMATS + MONTH_FIRST, "month-first", f"a day above 12 comes second ({second})")
    if first > 12 and second > 12:  # neither reading parses every value: day first, whose bad values are named
        return DateDecision(ISO_FORMATS + DAY_FIRST, "day-first", "numbers above 12 in both places")
    if _readings_agree(evidence.example):  # the example is one whose readings differ, when any does
        return DateDecision(ISO_FORMATS + DAY_FIRST, "day-first",
                            "every date has the same day and month number: both readings give the same dates")
    possible, ruled_out = [], []
    for order, r in evidence.readings.items():
        if r.latest is not None and r.latest.date() > latest:
            ruled_out.append(f"{order} dates an answer {_long(r.latest)}, after {_long(datetime.combine(latest, datetime.min.time()))}")
        elif r.ends_before_starts:
            ruled_out.append(f"{order} makes {r.ends_before_starts} response(s) end before they start")
        else:
            possible.append(order)
    if len(possible) == 1:
        return DateDecision(ISO_FORMATS + ORDERS[possible[0]], possible[0], "; ".join(ruled_out))
    cols = " and ".join(repr(c) for c in columns)
    if not possible:
        return DateDecision(None, "ambiguous", f"dates in {cols} fit neither reading ({'; '.join(ruled_out)})")
    both = _both_readings(evidence.example)
    return DateDecision(None, "ambiguous",
                        f"dates in {cols} are ambiguous: {both}, and nothing in the file or the inspection's dates "
                        f"settles which; loaded without start and end times: re-export with ISO dates (YYYY-MM-DD) or "
                        f"set dates = \"day-first\" or \"month-first\" in {settings_name}")
