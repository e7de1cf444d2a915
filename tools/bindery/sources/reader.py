"""What every source's reader is: the interface ``sources/__init__.py``
registers readers by."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Protocol

from bindery.model import Dump, Post

SNIFF = 65536  # the bytes a file is told by: an export's namespaces are in its first few


class Reader(Protocol):
    """A format's reader."""

    @property
    def name(self) -> str:
        """What a report calls the format: "a WordPress export"."""

    @property
    def rank(self) -> int:
        """How rich its posts are (``model.DUMP``, ``model.EXPORT``…): a richer
        source may replace a body a poorer one generated."""

    @property
    def ordered(self) -> bool:
        """True if the order its posts come in is the blog's (an archive page
        lists them newest first), kept for placing undated posts."""

    def sniff(self, path: Path, head: bytes) -> bool:
        """Whether ``path`` is in this format: ``head`` is its first SNIFF
        bytes (empty for a folder)."""

    def read(self, path: Path, display: str, hints: tuple[object, ...]) -> Generator[Post, None, Dump]:
        """Each post as soon as it is read; returns the ``Dump``, its posts
        left out.  May raise ``ReadAgain``."""


class ReadAgain(Exception):
    """A reader met something it can handle only from the start (an
    export's undeclared namespace prefix): read ``display`` again, from the
    beginning, with ``hint`` added to its hints."""

    def __init__(self, display: str, hint: object) -> None:
        super().__init__(f"{display}: read again with {hint!r}")
        self.display = display
        self.hint = hint
