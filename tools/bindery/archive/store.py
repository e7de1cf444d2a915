"""Post files on disk: YAML front matter over a MyST body.

The front matter is the single source of truth for a post's metadata;
category pages and listings are generated from it.  Writes are staged
and moved into place only once every file is ready.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bindery.archive import yamlout
from bindery.archive.journal import write_atomically
from bindery.archive.schema import FENCE, KEY_ORDER, read_front_matter
from bindery.errors import DumpError
from bindery.model import Source
from bindery.pool import ChunkConverter

POSTS = "posts"
PAGES = "pages"  # the blog's pages (About…): outside the post listings
CATEGORIES = "categories"


@dataclass
class PostFile:
    """One ``posts/<slug>.md``: its front matter and its MyST body."""

    meta: dict[str, Any]
    body: str

    @property
    def slug(self) -> str:
        return str(self.meta["slug"])

    @property
    def title(self) -> str:
        return str(self.meta["title"])

    @property
    def categories(self) -> list[str]:
        return [str(c) for c in self.meta.get("categories") or []]

    @property
    def sources(self) -> list[Source]:
        return [
            Source(str(s["file"]), int(s.get("line", 0)), s.get("url"), s.get("captured"))
            for s in self.meta.get("sources") or []
        ]

    @property
    def old_slugs(self) -> list[str]:
        return [str(s) for s in self.meta.get("old_slugs") or []]

    def text(self) -> str:
        ordered = {k: self.meta[k] for k in KEY_ORDER if k in self.meta}
        ordered.update((k, v) for k, v in self.meta.items() if k not in ordered)
        return FENCE + yamlout.dump(ordered) + FENCE + "\n" + self.body


def body_digest(body: str) -> str:
    """What ``generated`` holds: the digest of the body as the importer
    wrote it.  A body that still matches was not edited by hand."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def decode_text(data: bytes, path: str) -> str:
    """A post file's text; one that is not UTF-8 (saved by an editor in
    another encoding, say) is reported by the line of its first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise DumpError(
            path, line, f"not UTF-8 (byte 0x{data[err.start]:02x}); save the file as UTF-8"
        ) from None


def parse_post(text: str, path: str) -> PostFile:
    """Read a post file, reporting a broken one by file and line."""
    meta, body = read_front_matter(text, path)
    if f"{meta['slug']}.md" != Path(path).name:
        line = next((n for n, t in enumerate(text.split("\n"), 1) if t.startswith("slug:")), 2)
        raise DumpError(
            path, line, f"slug {meta['slug']!r} does not match the file name (the slug is the address)"
        )
    return PostFile(meta, body)


def load_posts(root: Path, folder: str = POSTS) -> dict[str, PostFile]:
    """Every post under ``root/posts`` (or the pages under ``root/pages``),
    by slug; read in chunks by worker processes where there are more than
    a chunk's worth (``pool.ChunkConverter``), in order, so the first bad
    file in name order is still the one reported."""
    names = sorted(path.name for path in (root / folder).glob("*.md") if path.name != "index.md")
    with ChunkConverter(functools.partial(_read_posts, root=str(root), folder=folder)) as reader:
        return {post.slug: post for post in reader.run(names)}


def _read_posts(names: list[str], root: str, folder: str) -> list[PostFile]:
    posts = []
    for name in names:
        rel = f"{folder}/{name}"
        with open(os.path.join(root, rel), "rb") as file:
            posts.append(parse_post(decode_text(file.read(), rel), rel))
    return posts


def write_files(
    root: Path, files: Mapping[str, str] | Iterable[tuple[str, str]], remove: Iterable[str] = ()
) -> list[str]:
    """Write the files whose text changed and remove the given ones, all
    or nothing (``journal.write_atomically``): a failure or a crash
    leaves the tree as it was, or lets the next command finish the
    write.  ``files`` may be a stream of (path, text) pairs, written as
    they come.  Returns the paths written or removed."""
    pairs = files.items() if isinstance(files, Mapping) else files
    changed = ((rel, text) for rel, text in pairs if _differs(os.path.join(root, rel), text))
    gone = [rel for rel in remove if (root / rel).exists()]
    written = write_atomically(root, changed, gone)
    return sorted([*written, *gone])


def _differs(target: str, text: str) -> bool:
    """True if ``target`` is missing or holds another text.  A stat first:
    failing to open a missing file costs more (strace -c)."""
    if not os.path.exists(target):
        return True
    with open(target, "rb") as file:
        return file.read() != text.encode("utf-8")
