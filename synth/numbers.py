"""How numbers and dates are written in report prose."""

from __future__ import annotations

from datetime import date

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
#: English month names (not strftime, which follows the process locale).
MONTHS = (
    "January February March April May June July August September October November December"
).split()


def number_words(n: int) -> str:
    """0-100 in words, hyphenated like "ninety-two"."""
    if not 0 <= n <= 100:
        raise ValueError(f"number_words handles 0-100, got {n}")
    if n == 100:
        return "one hundred"
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    return _TENS[tens] + ("" if unit == 0 else "-" + _UNITS[unit])


def sentence_start(n: int) -> str:
    """A number as written at the start of a sentence: "Ninety-two"."""
    words = number_words(n)
    return words[0].upper() + words[1:]


def superscript(n: int) -> str:
    """Footnote marker for n: 4 -> "⁴", 12 -> "¹²"."""
    return "".join(_SUPERSCRIPTS[int(d)] for d in str(n))


def thousands(n: int) -> str:
    """24011 -> "24,011"."""
    return f"{n:,}"


def month_year(d: date) -> str:
    """date(2023, 7, 1) -> "July 2023"."""
    return f"{MONTHS[d.month - 1]} {d.year}"


def day_month_year(d: date, pad: bool = False) -> str:
    """date(2023, 5, 3) -> "3 May 2023", or "03 May 2023" with pad=True."""
    day = f"{d.day:02d}" if pad else str(d.day)
    return f"{day} {month_year(d)}"


def day_month(d: date) -> str:
    """date(2022, 11, 7) -> "07 November" (zero-padded, as in case-sample windows)."""
    return f"{d.day:02d} {MONTHS[d.month - 1]}"
