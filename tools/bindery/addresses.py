"""The manifest of every address the site has published.

An address, once in the manifest, must be served forever: as the page
it was, or as a redirect to where that page went.  New slugs never take
an address in the manifest, so a removed or renamed post's old address
is never handed to another post.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .store import CATEGORIES, POSTS, PostFile

MANIFEST = "addresses.txt"
HEADER = (
    "# Every address this archive has published, relative to html_baseurl.\n"
    "# Written by `bindery import`; `make test` fails if a build stops serving one.\n"
    "# Never remove a line: move a page with a redirect instead (see README).\n"
)


@dataclass
class Manifest:
    addresses: set[str] = field(default_factory=set)
    path: str = MANIFEST

    @classmethod
    def load(cls, root: Path) -> Manifest:
        file = root / MANIFEST
        if not file.exists():
            return cls()
        lines = file.read_text(encoding="utf-8").splitlines()
        return cls({line.strip() for line in lines if line.strip() and not line.startswith("#")})

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
        for rel in files:
            folder, _, name = rel.partition("/")
            if folder == CATEGORIES and not name.startswith("_") and name.endswith(".md"):
                self.addresses.add(f"{CATEGORIES}/{name[: -len('.md')]}.html")

    def text(self) -> str:
        return HEADER + "".join(f"{a}\n" for a in sorted(self.addresses))
