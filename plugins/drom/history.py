"""When each curriculum file was first and last changed, from the Git history (no MkDocs).

Dates come from commits, never from the clock, so two builds of one commit agree. Outside a Git checkout (a
downloaded archive, a copy) there is no history: a file is then dated by its modification time.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Dates:
    first: datetime
    last: datetime


class History:
    """First and last commit dates of every file under a folder, read with one `git log`."""

    def __init__(self, folder: Path, fallback: datetime) -> None:
        self.fallback = fallback
        self._dates: dict[Path, Dates] = {}
        self._resolved: dict[Path, Path] = {}
        """Each path asked about, resolved once (like the history, read once per process)."""
        self._read(folder.resolve())

    def _read(self, folder: Path) -> None:
        try:
            top = subprocess.run(
                ["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True, timeout=30
            )
            if top.returncode != 0:
                return
            log = subprocess.run(
                ["git", "log", "--format=@%ct", "--name-only", "--no-renames", "--", "."],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=120,
            )
        except (OSError, subprocess.SubprocessError):
            return
        root = Path(top.stdout.strip())
        stamp: datetime | None = None
        for line in log.stdout.splitlines():  # newest commit first
            if line.startswith("@") and line[1:].isdigit():
                stamp = datetime.fromtimestamp(int(line[1:]), tz=UTC)
            elif line.strip() and stamp is not None:
                path = (root / line.strip()).resolve()
                known = self._dates.get(path)
                self._dates[path] = Dates(first=stamp, last=known.last if known else stamp)

    def dates(self, paths: list[Path]) -> Dates:
        """The first and the last change among `paths`. Files Git does not know (a copy outside a checkout) are
        dated by their modification time, which a copy keeps, so two builds of one copy agree."""
        found: list[Dates] = []
        if self._dates:  # without a history nothing is found: no path need be resolved (a stat per folder)
            resolved = [self._resolved.get(p) or self._resolved.setdefault(p, p.resolve()) for p in paths]
            found = [self._dates[p] for p in resolved if p in self._dates]
        if not found:
            times = [p.stat().st_mtime for p in paths if p.is_file()]
            stamp = datetime.fromtimestamp(int(max(times)), tz=UTC) if times else self.fallback
            return Dates(stamp, stamp)
        return Dates(first=min(d.first for d in found), last=max(d.last for d in found))
