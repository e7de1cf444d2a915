"""Refuse to build a tree that a bindery write left half-done.

A write cut short after its journal was committed leaves the tree part
old, part new (a post moved but its listings not yet, say); building it
would publish that.  The next bindery command finishes such a write, so
the build only has to refuse and say which command to run.

It exits with the message (``SystemExit``) rather than raising a Sphinx
error: Sphinx answers any exception from an extension with a 30-line
crash report, but lets ``SystemExit`` through, so the maintainer reads
one line, as from every other refusal of the archive's tools.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bindery.archive.journal import unfinished

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def refuse_unfinished_write(app: Sphinx, config: Config) -> None:
    journals = unfinished(Path(app.srcdir))
    if journals:
        folder = journals[0].parent.name
        raise SystemExit(
            f"{folder}: a bindery write did not finish: run `bindery recover` (or any bindery command)"
        )
