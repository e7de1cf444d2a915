"""The progress line ``bindery fetch`` keeps on a terminal: requests made,
where it is, and about how long is left."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class TerminalProgress:
    """One line, rewritten in place; nothing at all where stderr is no terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.start = time.monotonic()
        self.done = 0
        self.what = ""

    def request(self, url: str) -> None:
        self.done += 1
        self.what = url
        self._show("")

    def waiting(self, seconds: float, why: str) -> None:
        self._show(f" · waiting {seconds:.0f} s ({why})")

    def plan(self, what: str, done: int, total: int) -> None:
        """Where a list stands: ``posts 3/12``, and the time the rest of it takes."""
        elapsed = time.monotonic() - self.start
        left = (total - done) * elapsed / self.done if self.done else 0.0
        self.what = f"{what} {done}/{total} · about {left:.0f} s left" if total > done else what
        self._show("")

    def _show(self, extra: str) -> None:
        if not self.live:
            return
        elapsed = time.monotonic() - self.start
        line = f"bindery fetch: {self.done} requests, {elapsed:.0f} s · {self.what}{extra}"
        width = 100
        self.stream.write("\r" + line[:width].ljust(width))
        self.stream.flush()

    def finish(self) -> None:
        if self.live:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()
