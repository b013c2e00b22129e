"""Progress of the long steps of a build (PDFs, the offline pack): a count and an estimate of the time left.

On a terminal one line is rewritten in place; elsewhere (CI logs, a file) a plain line is written now and
then, so that a log stays short and readable. Small and dependency-free: the two steps only need a count.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from . import messages


def _duration(seconds: float) -> str:
    seconds = max(int(round(seconds)), 1)
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


class Progress:
    """`total` units of work named `label`; call `update(done)` as they finish and `close()` at the end."""

    def __init__(self, label: str, total: int, *, lang: str = "en", stream: TextIO | None = None) -> None:
        self.label, self.total, self.lang = label, total, lang
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.started = time.monotonic()
        self.done = 0
        self._printed = -1
        self._width = 0
        self.update(0)

    def text(self) -> str:
        text = f"{self.label}: {self.done}/{self.total}"
        if 0 < self.done < self.total:
            left = (time.monotonic() - self.started) / self.done * (self.total - self.done)
            text += ", " + messages.ui(self.lang, "left", time=_duration(left))
        return text

    def update(self, done: int) -> None:
        self.done = min(done, self.total)
        if self.terminal:
            text = self.text()
            self.stream.write("\r" + text.ljust(self._width))
            self._width = len(text)
            self.stream.flush()
            return
        # Plain lines: the start, about every tenth, and the end.
        step = max(self.total // 10, 1)
        due = self.done in (0, self.total) or self.done - self._printed >= step
        if due and self.done != self._printed:
            self.stream.write(self.text() + "\n")
            self.stream.flush()
            self._printed = self.done

    def close(self) -> None:
        if self.terminal:
            self.stream.write("\n")
            self.stream.flush()
        elif self._printed != self.done:
            self.stream.write(self.text() + "\n")
            self.stream.flush()
