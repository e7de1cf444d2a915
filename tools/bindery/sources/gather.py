"""Saved pages and feeds read in worker processes, their posts gathered in
order: reading a page (parsing it, finding its posts) is Python's work,
and a capture of a blog holds thousands of pages.  The files or records
are read here, in order, as a stream; ``pool.ChunkConverter`` hands them
to the workers a chunk at a time (a few chunks in flight: memory stays
bounded) and gives back each page's ``Reading`` in the same order."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from bindery.pool import ChunkConverter
from bindery.sources import feed, page
from bindery.sources.capture import Capture, CaptureSet, Reading


class Saved(NamedTuple):
    """One saved page or feed, as its file or record gives it."""

    data: bytes
    capture: Capture
    content_type: str = ""
    is_feed: bool = False
    reading: Reading | None = None  # already known (a record cut short): nothing to read


def read_saved(captures: CaptureSet, saved: Iterable[Saved]) -> None:
    """Read each page or feed and add its posts to ``captures``, in order."""
    with ChunkConverter(_read_chunk) as reader:
        for reading, capture in reader.run(saved):
            captures.take(reading, capture)


def _read_chunk(chunk: list[Saved]) -> list[tuple[Reading, Capture]]:
    return [(_read(s), s.capture) for s in chunk]


def _read(saved: Saved) -> Reading:
    if saved.reading is not None:
        return saved.reading
    if saved.is_feed:
        return feed.read_feed(saved.data, saved.capture)
    return page.read_page(saved.data, saved.capture, saved.content_type)
