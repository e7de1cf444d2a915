"""Saved pages: one page saved from a browser, or a folder of them (a
mirror, as ``wget --mirror``, HTTrack or a Wayback Machine download
writes it).

A mirror is read as one source: every HTML page and feed in it, told by
its content (images, scripts and styles are passed over by their
suffixes, unread), put together by ``capture.CaptureSet``.  The address
each page was saved from is its canonical link, else its place under a
folder named for the site (``raw/example.com/2012/01/03/post/``).  A
mirror's files hold no date of their capture (a file's time is when it
was copied, not when the page was saved); a page SingleFile saved says
when, and a Wayback Machine address says when it was captured.
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator, Iterator
from pathlib import Path

from bindery.errors import DumpError
from bindery.model import CAPTURE, Dump, Post
from bindery.sources import feed
from bindery.sources.capture import Capture, CaptureSet, skipped
from bindery.sources.document import looks_like_html
from bindery.sources.gather import Saved, read_saved
from bindery.sources.reader import SNIFF

INDEXES = ("index.html", "index.htm")
ASSETS = frozenset(
    [
        ".css",
        ".js",
        ".mjs",
        ".map",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".svg",
        ".webp",
        ".avif",
        ".ico",
        ".bmp",
        ".tif",
        ".tiff",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".mp3",
        ".mp4",
        ".m4a",
        ".ogg",
        ".oga",
        ".webm",
        ".mov",
        ".avi",
        ".pdf",
        ".zip",
        ".gz",
        ".tar",
        ".json",
        ".txt",
        ".php",
    ]
)
MAX_PAGE = 64 << 20  # a page larger than this is no blog page (and is not read into memory)
_HOST = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?|[a-z0-9.-]+:\d+", re.IGNORECASE)


def capture_address(folder: Path, file: Path) -> str | None:
    """The address a mirror's file was saved from, where the folder is
    named for the site (as wget names it); else None."""
    if not _HOST.fullmatch(folder.name):
        return None
    rel = file.relative_to(folder).as_posix()
    rel = rel.removesuffix("index.html").removesuffix("index.htm")
    return f"http://{folder.name}/{rel}"


def read_file(path: Path, display: str, size_limit: int = MAX_PAGE) -> bytes:
    try:
        if path.stat().st_size > size_limit:
            raise DumpError(display, 1, f"larger than {size_limit >> 20} MB: no saved page is")
        return path.read_bytes()
    except OSError as err:
        raise DumpError(display, 1, f"cannot read: {err.strerror}") from None


def saved_file(path: Path, display: str, url: str | None) -> Saved | None:
    """One saved file, if it is a page or a feed."""
    try:
        with path.open("rb") as file:
            head = file.read(SNIFF)
    except OSError as err:
        raise DumpError(display, 1, f"cannot read: {err.strerror}") from None
    is_feed = feed.looks_like_feed(head)
    if not is_feed and not looks_like_html(head):
        return None
    if path.stat().st_size > MAX_PAGE:
        big = f"larger than {MAX_PAGE >> 20} MB, no blog page"
        return Saved(
            b"", Capture(url, None, display), reading=skipped("pages too large to be a blog's", note=big)
        )
    return Saved(read_file(path, display), Capture(url, None, display), is_feed=is_feed)


class SavedPageReader:
    """One page saved from a browser ("Save page as…", SingleFile)."""

    name = "a saved web page"
    rank = CAPTURE
    ordered = True

    def sniff(self, path: Path, head: bytes) -> bool:
        return not path.is_dir() and looks_like_html(head)

    def read(self, path: Path, display: str, hints: tuple[object, ...]) -> Generator[Post, None, Dump]:
        captures = CaptureSet(display)
        read_saved(captures, [s for s in [saved_file(path, display, None)] if s is not None])
        yield from captures.posts()
        return captures.dump()


class MirrorReader:
    """A folder of saved pages: a site's mirror."""

    name = "a mirror of a site (a folder of saved pages)"
    rank = CAPTURE
    ordered = True  # its archive pages give the blog's listing order

    def sniff(self, path: Path, head: bytes) -> bool:
        """A folder with a home page; or a browser's folder of a saved
        page's images and styles (``Post_files/``), which holds no post."""
        if not path.is_dir():
            return False
        if any((path / name).is_file() for name in INDEXES):
            return True
        stem = path.name.removesuffix("_files")
        return stem != path.name and any((path.parent / f"{stem}{s}").is_file() for s in (".html", ".htm"))

    def read(self, path: Path, display: str, hints: tuple[object, ...]) -> Generator[Post, None, Dump]:
        captures = CaptureSet(display)
        if any((path / name).is_file() for name in INDEXES):
            files = ((f, f"{display}/{f.relative_to(path).as_posix()}") for f in _pages(path))
            saved = (saved_file(f, name, capture_address(path, f)) for f, name in files)
            read_saved(captures, (s for s in saved if s is not None))
        yield from captures.posts()
        return captures.dump()


def _pages(folder: Path) -> Iterator[Path]:
    """Every file of the mirror that may be a page or a feed, in name order."""
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or os.path.splitext(name)[1].lower() in ASSETS:
                continue
            yield Path(top) / name


SAVED_PAGE = SavedPageReader()
MIRROR = MirrorReader()
