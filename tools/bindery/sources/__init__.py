"""Readers of the sources an archive is made from: one module a format.

Each format has one reader (``READER`` in its module) that tells its
own files by their content, never their names (``sniff``), and reads one
as a stream of ``Post``s, returning the rest of its ``Dump``.  Everything
after the reader works on ``Post`` alone (``model.py``), whatever the
format.  A new format is one module and one line in ``READERS``, as
Pelican maps formats to reader classes.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from pathlib import Path

from bindery.errors import DumpError
from bindery.model import Dump, Post
from bindery.sources import feed, rest, saved, textdump, warc, wxr
from bindery.sources.reader import SNIFF, Reader

UPLOADS = "uploads"  # raw/uploads: the blog's images (wp-content/uploads), not a source


# The first whose sniff claims a file (or folder) reads it: a fetch's folder
# before a mirror's, an export before a feed (an export is RSS too); the
# text dump, which reads plain text, comes last.
READERS: tuple[Reader, ...] = (
    rest.READER,
    wxr.READER,
    warc.READER,
    feed.READER,
    saved.MIRROR,
    saved.SAVED_PAGE,
    textdump.READER,
)
FALLBACK: Reader = textdump.READER  # for a file named on the command line that no reader claims


def reader_for(path: Path, display: str, named: bool = True) -> Reader | None:
    """The reader of ``path``; for a file ``named`` on the command line that
    no reader claims, the fallback (whose errors say what is wrong with it),
    else None."""
    head = b""
    if not path.is_dir():
        try:
            with path.open("rb") as file:
                head = file.read(SNIFF)
        except OSError as err:
            raise DumpError(display, 1, f"cannot read: {err.strerror}") from None
    for reader in READERS:
        if reader.sniff(path, head):
            return reader
    return FALLBACK if named and not path.is_dir() else None


def find_sources(paths: Iterable[Path]) -> Iterator[tuple[Path, Reader | None]]:
    """Each source the paths name, with its reader: a file as named; a folder
    no reader claims as a whole (``raw/``), each source in it, in name
    order (hidden files and ``uploads/`` left out), or None as its reader
    where a file is no source any reader knows."""
    for path in paths:
        reader = reader_for(path, path.as_posix())
        if reader is not None or not path.is_dir():
            yield path, reader
            continue
        yield from _in_folder(path)


def _in_folder(folder: Path) -> Iterator[tuple[Path, Reader | None]]:
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or (entry.is_dir() and entry.name == UPLOADS):
            continue
        reader = reader_for(entry, entry.as_posix(), named=False)
        if reader is None and entry.is_dir():
            yield from _in_folder(entry)
        else:
            yield entry, reader


def read(
    path: Path, display: str, hints: tuple[object, ...] = (), reader: Reader | None = None
) -> Generator[Post, None, Dump]:
    """The posts of one source, as ``Reader.read`` gives them."""
    reader = reader or reader_for(path, display)
    assert reader is not None  # a file named: at worst, the fallback reads it
    return (yield from reader.read(path, display, hints))
