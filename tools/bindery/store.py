"""Post files on disk: YAML front matter over a MyST body.

The front matter is the single source of truth for a post's metadata;
category pages and listings are generated from it.  Writes are staged
and moved into place only once every file is ready.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import DumpError
from .model import Source

try:
    _Loader: type = yaml.CSafeLoader
    _Dumper: type = yaml.CSafeDumper
except AttributeError:  # PyYAML built without libyaml
    _Loader, _Dumper = yaml.SafeLoader, yaml.SafeDumper

POSTS = "posts"
CATEGORIES = "categories"
# Front matter keys in the order they are written; others follow as found.
KEY_ORDER = ("title", "slug", "date", "categories", "comments", "sources", "fingerprint", "old_slugs")
FENCE = "---\n"


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
        return [Source(str(s["file"]), int(s["line"])) for s in self.meta.get("sources") or []]

    @property
    def old_slugs(self) -> list[str]:
        return [str(s) for s in self.meta.get("old_slugs") or []]

    def text(self) -> str:
        ordered = {k: self.meta[k] for k in KEY_ORDER if k in self.meta}
        ordered.update((k, v) for k, v in self.meta.items() if k not in ordered)
        front = yaml.dump(
            ordered,
            Dumper=_Dumper,
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=False,
            width=4096,
        )
        return FENCE + front + FENCE + "\n" + self.body


def parse_post(text: str, path: str) -> PostFile:
    """Read a post file, reporting a broken one by file and line."""
    if not text.startswith(FENCE):
        raise DumpError(path, 1, "a post must start with YAML front matter ('---')")
    end = text.find("\n" + FENCE, len(FENCE) - 1)
    if end < 0:
        raise DumpError(path, 1, "the front matter is not closed by a '---' line")
    try:
        meta = yaml.load(text[len(FENCE) : end + 1], Loader=_Loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise DumpError(path, line, f"bad YAML in front matter: {getattr(err, 'problem', err)}") from None
    if not isinstance(meta, dict):
        raise DumpError(path, 2, "the front matter must be a mapping of fields")
    for field in ("title", "slug"):
        if not meta.get(field):
            raise DumpError(path, 2, f"the front matter has no {field!r}")
    if f"{meta['slug']}.md" != Path(path).name:
        raise DumpError(path, 2, f"slug {meta['slug']!r} does not match the file name")
    body = text[end + 1 + len(FENCE) :].removeprefix("\n")
    return PostFile(meta, body)


def load_posts(root: Path) -> dict[str, PostFile]:
    """Every post under ``root/posts``, by slug."""
    posts = {}
    for path in sorted((root / POSTS).glob("*.md")):
        if path.name == "index.md":
            continue
        post = parse_post(path.read_text(encoding="utf-8"), str(path.relative_to(root)))
        posts[post.slug] = post
    return posts


def write_files(root: Path, files: Mapping[str, str], remove: Iterable[str] = ()) -> list[str]:
    """Write the files whose text changed and remove the given ones.

    Every new text is first written into a staging folder beside the
    tree, and only then renamed into place: a failure while writing (a
    full disk, say) leaves the tree as it was, and no file is ever seen
    half-written.  Returns the paths written or removed.
    """
    changed = {}
    for rel, text in files.items():
        target = root / rel
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            changed[rel] = text
    gone = [rel for rel in remove if (root / rel).exists()]
    if not changed and not gone:
        return []
    staging = Path(tempfile.mkdtemp(prefix=".bindery-", dir=root))
    try:
        for index, text in enumerate(changed.values()):
            (staging / str(index)).write_text(text, encoding="utf-8")
        for index, rel in enumerate(changed):
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / str(index), target)
        for rel in gone:
            (root / rel).unlink()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted([*changed, *gone])
