"""The project's error types.

Every error that rejects an input names the file and gives a one-line reason,
so the run summary, the load ledger and the command line can show it as is.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base class of every error this project raises on purpose."""


class RejectedInput(PipelineError):
    """An input file that cannot be loaded; terminal: the file is quarantined, not retried.

    Args:
        source: the file's name or path, as the user knows it.
        reason: one line saying what is wrong, without the file name.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = str(source)
        self.reason = " ".join(reason.split())
        super().__init__(f"{self.source}: {self.reason}")


class InfrastructureError(PipelineError):
    """The run could not complete for a reason outside the data: a full disk, a read-only or
    refused folder. ``str(err)`` is one line saying what failed and what was left as it was;
    the command line prints it and exits 4."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))
