"""Numbers written in English words, as reports sometimes print percentages
("sixty-one per cent", "Fifty one percent", "one hundred per cent")."""

from __future__ import annotations

import re

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_VALUES = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}

#: a number from zero to one hundred in words (no groups), for embedding in a pattern
NUMBER_WORDS = (
    r"(?:(?:one|a)\s+hundred|(?:" + "|".join(_TENS) + r")(?:[\s-](?:" + "|".join(_UNITS[1:10]) + r"))?"
    r"|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
)
#: any one word of such a number ("sixty", "one", "hundred", "a"), for embedding in a pattern
NUMBER_WORD_TOKENS = "(?:" + "|".join(sorted(_UNITS + _TENS + ["hundred", "a"], key=len, reverse=True)) + ")"
_WHOLE = re.compile(rf"^{NUMBER_WORDS}$", re.I)


def words_to_number(text: str) -> int | None:
    """``"sixty-one"`` -> 61, ``"one hundred"`` -> 100; None unless the text is exactly
    a number from zero to one hundred in words."""
    text = " ".join(text.lower().replace("-", " ").split())
    if not _WHOLE.match(text):
        return None
    if text.endswith("hundred"):
        return 100
    return sum(_VALUES[w] for w in text.split())
