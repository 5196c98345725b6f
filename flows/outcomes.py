"""What became of each input file in a run, and the run's summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.errors import one_line


@dataclass
class FileOutcome:
    source_file: str
    status: str  # loaded / already loaded / rejected
    reason: str | None = None
    inspection_id: str | None = None
    kind: str = "report"
    #: how its facts were had: "parsed", "cache hit" (flows/parse_cache.py), "not needed"
    #: (content loaded before), or None (never got that far)
    parse: str | None = None

    def __post_init__(self) -> None:
        if self.reason is not None:  # a reason or note is one bounded line, whatever it quotes
            self.reason = one_line(self.reason)


@dataclass
class RunSummary:
    run_id: str
    outcomes: list[FileOutcome] = field(default_factory=list)

    def of(self, status: str) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == status]

    def parses(self, how: str) -> int:
        return sum(o.parse == how for o in self.outcomes)

    def extend(self, other: "RunSummary") -> None:
        self.outcomes.extend(other.outcomes)

    @property
    def ok(self) -> bool:
        return not self.of("rejected")

    def render(self) -> str:
        """The short summary printed at the end of a run."""
        lines = [
            f"run {self.run_id}: {len(self.of('loaded'))} loaded, "
            f"{len(self.of('already loaded'))} already loaded, {len(self.of('rejected'))} rejected"
        ]
        for o in self.of("loaded"):
            lines.append(f"  loaded          {o.source_file} -> {o.inspection_id}" + (f" ({o.reason})" if o.reason else ""))
        for o in self.of("already loaded"):
            lines.append(f"  already loaded  {o.source_file}")
        for o in self.of("rejected"):
            lines.append(f"  rejected        {o.source_file}: {o.reason}")
        lines.append(f"parsing: {self.parses('parsed')} parsed, {self.parses('cache hit')} from the parse cache, "
                     f"{self.parses('not needed')} not needed (content loaded before)")
        return "\n".join(lines)


def display_name(path: Path, raw_dir: Path) -> str:
    """How a file is named in the summary and ledger: relative to the folder above ``raw_dir``."""
    try:
        return str(path.relative_to(raw_dir.parent)) if raw_dir.parent != Path("") else str(path)
    except ValueError:
        return str(path)


def unexpected_reason(err: BaseException) -> str:
    """The one-line reason for a file quarantined by an error nobody expected (a bug, a warehouse error)."""
    return f"unexpected {type(err).__name__}: {' '.join(str(err).split())[:300]}"
