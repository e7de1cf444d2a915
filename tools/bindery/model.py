"""What a dump holds: posts made of paragraphs, lists and quotes."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Quote:
    text: str
    line: int


Block = Paragraph | BulletList | Quote


@dataclass(frozen=True)
class Source:
    """Where a post stands in a dump: the dump's path and the title's line."""

    file: str
    line: int


@dataclass(frozen=True)
class Post:
    title: str
    captions: tuple[str, ...]
    blocks: tuple[Block, ...]
    comments: int
    categories: tuple[str, ...]
    source: Source

    @cached_property
    def key(self) -> str:
        return post_key(self.title, self.texts())

    def texts(self) -> list[str]:
        """Every piece of the post's text after its title, in order."""
        out = list(self.captions)
        for block in self.blocks:
            if isinstance(block, BulletList):
                out.extend(block.items)
            else:
                out.append(block.text)
        return out


@dataclass(frozen=True)
class Dump:
    path: str
    kind: str  # "Category", "Tag", "Monthly", ...
    name: str  # "Technology"
    posts: tuple[Post, ...] = field(default=())


def normalise(text: str) -> str:
    """Text as a reader sees it: Unicode-normalised, any run of spaces
    (no-break spaces included) as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def post_key(title: str, texts: list[str]) -> str:
    """The identity of a post: the same post copied from two category
    archives has the same key; two posts that share a title do not."""
    digest = hashlib.sha256()
    for part in [title, *texts]:
        digest.update(normalise(part).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]
