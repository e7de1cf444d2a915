"""The manifest of every address the site has published.

An address, once in the manifest, must be served forever: as the page
it was, or as a redirect to where that page went (a line
``old.html -> new.html``).  New slugs never take an address in the
manifest, so a removed or renamed post's old address is never handed to
another post.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .pages import is_first_page
from .store import POSTS, PostFile

MANIFEST = "addresses.txt"
ARROW = " -> "
HEADER = (
    "# Every address this archive has published, relative to html_baseurl.\n"
    "# Written by `bindery import`; a build fails if it stops serving one.\n"
    "# Never remove a line: move a page with a redirect ('old.html -> new.html').\n"
)


@dataclass
class Manifest:
    addresses: set[str] = field(default_factory=set)
    moves: dict[str, str] = field(default_factory=dict)  # old address → new address
    lines: dict[str, int] = field(default_factory=dict)  # address → its line in the file
    path: str = MANIFEST

    @classmethod
    def load(cls, root: Path) -> Manifest:
        file = root / MANIFEST
        return cls.parse(file.read_text(encoding="utf-8")) if file.exists() else cls()

    @classmethod
    def parse(cls, text: str) -> Manifest:
        manifest = cls()
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            old, arrow, new = (part.strip() for part in line.partition(ARROW))
            manifest.addresses.add(old)
            manifest.lines[old] = number
            if arrow:
                manifest.moves[old] = new
        return manifest

    def taken_slugs(self, posts: Mapping[str, PostFile]) -> set[str]:
        """Slugs no new post may take: live, old, or ever published."""
        taken = set(posts)
        for post in posts.values():
            taken.update(post.old_slugs)
        prefix = f"{POSTS}/"
        taken.update(a[len(prefix) : -len(".html")] for a in self.addresses if a.startswith(prefix))
        return taken

    def add_site(self, posts: Mapping[str, PostFile], files: Mapping[str, str]) -> None:
        """Record the addresses of the posts and generated pages."""
        self.addresses.add("index.html")
        self.addresses.update(f"{POSTS}/{slug}.html" for slug in posts)
        # a listing's further pages shift as posts are added: not citable
        self.addresses.update(f"{rel.removesuffix('.md')}.html" for rel in files if is_first_page(rel))

    def move(self, old: str, new: str) -> None:
        self.addresses.update((old, new))
        self.moves[old] = new

    def text(self) -> str:
        lines = (f"{a}{ARROW}{self.moves[a]}" if a in self.moves else a for a in sorted(self.addresses))
        return HEADER + "".join(f"{line}\n" for line in lines)
