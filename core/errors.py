"""The project's error types.

Every error that rejects an input names the file and gives a one-line reason,
so the run summary, the load ledger and the command line can show it as is.
A reason is bounded (:func:`one_line`): whatever input it quotes, it is one line of at
most ``MAX_REASON_CHARS`` characters.
"""

from __future__ import annotations

#: The longest reason (ledger row, run summary, command line); a longer one is cut with "...".
MAX_REASON_CHARS = 500


def one_line(text: object, limit: int = MAX_REASON_CHARS) -> str:
    """``text`` on one line (runs of white space, line breaks included, become one space), cut
    to ``limit`` characters with a trailing "..." when longer. Control characters are dropped."""
    text = str(text)
    if len(text) > 4 * limit:  # never split a huge string: only its beginning can be shown
        text = text[: 4 * limit]
        cut = True
    else:
        cut = False
    flat = " ".join("".join(ch if ch.isprintable() or ch.isspace() else " " for ch in text).split())
    if cut or len(flat) > limit:
        return flat[: limit - 3].rstrip() + "..."
    return flat


class PipelineError(Exception):
    """Base class of every error this project raises on purpose."""


class RejectedInput(PipelineError):
    """An input file that cannot be loaded; terminal: the file is quarantined, not retried.

    Args:
        source: the file's name or path, as the user knows it.
        reason: one line saying what is wrong, without the file name (bounded by ``one_line``).
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = str(source)
        self.reason = one_line(reason)
        super().__init__(f"{self.source}: {self.reason}")


class RunCannotComplete(PipelineError):
    """The run stopped for a reason outside the data (exit code 4): the disk is full, the warehouse
    or its folder is read-only, the Prefect server did not start. The file being loaded was rolled
    back; ``not_loaded`` names the files the run did not get to."""

    def __init__(self, reason: str, not_loaded: tuple[str, ...] = ()) -> None:
        self.reason = one_line(reason)
        self.not_loaded = tuple(not_loaded)
        super().__init__(self.reason)

