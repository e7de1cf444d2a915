"""The order the sources list their posts in, kept apart from the posts.

An archive page lists its posts newest first, and that order is all the
archive knows of when an undated post was written (``book/order.py``
places it by its dated neighbours).  The order is kept here, one list of
slugs per source file, rather than as a line number in each post's front
matter: a new copy of a dump with one post more at its top then changes
one line of this file and one new post file, not every post below it.

``posts/sequence.yaml`` is written by the importer (and by ``bindery
move``); nobody need edit it.  A post missing from it (a file of an
older book whose front matter still has ``line:``) keeps that line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bindery.archive import yamlout
from bindery.archive.schema import LOADER, check_slug, yaml_problem
from bindery.errors import DumpError

SEQUENCE = "posts/sequence.yaml"
HEADER = (
    "# The order each source lists its posts in, newest first: it places undated posts.\n"
    "# Written by `bindery import` and `bindery move`; no need to edit it.\n"
)


@dataclass
class Sequence:
    """Source file → its posts' slugs, in the order it lists them."""

    lists: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> Sequence:
        try:
            text = (root / SEQUENCE).read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        except UnicodeDecodeError:
            raise DumpError(SEQUENCE, 1, "not UTF-8; delete it and import again") from None
        return cls.parse(text)

    @classmethod
    def parse(cls, text: str) -> Sequence:
        try:
            data = yaml.load(text, Loader=LOADER)
        except yaml.YAMLError as err:
            line, problem = yaml_problem(err, text)
            raise DumpError(SEQUENCE, line + 1, f"bad YAML: {problem}") from None
        if data is None:
            return cls()
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, list) for k, v in data.items()
        ):
            raise DumpError(SEQUENCE, 1, "must map each source file to a list of slugs")
        lists: dict[str, list[str]] = {}
        for file, slugs in data.items():
            try:
                lists[file] = [check_slug(slug) for slug in slugs]
            except ValueError as err:
                raise DumpError(SEQUENCE, 1, f"{file}: {err}") from None
        return cls(lists)

    def record(self, file: str, slugs: Iterable[str]) -> None:
        """``file`` lists ``slugs`` now (a post listed twice keeps its first place)."""
        self.lists[file] = list(dict.fromkeys(slugs))

    def rename(self, old: str, new: str) -> None:
        """A post moved to a new slug keeps its places."""
        for slugs in self.lists.values():
            slugs[:] = [new if slug == old else slug for slug in slugs]

    def positions(self) -> dict[str, dict[str, int]]:
        """Source file → slug → its place in the file, from 1."""
        return {file: {slug: n for n, slug in enumerate(slugs, 1)} for file, slugs in self.lists.items()}

    def text(self) -> str:
        return HEADER + (yamlout.dump({f: self.lists[f] for f in sorted(self.lists)}) if self.lists else "")
