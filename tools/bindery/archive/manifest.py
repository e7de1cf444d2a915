"""The manifest of every address the site has published.

An address, once in the manifest, must be served forever: as the page
it was, or as a redirect to where that page went.  A line is

    ADDRESS [-> NEW_ADDRESS] [= NAME]

``-> NEW_ADDRESS`` says the page moved; ``= NAME`` names the category,
tag or author a listing's address belongs to, so that the name keeps its
address for good: a new look-alike name ("China U.S." beside
"China-U.S.") gets a new one.  New slugs never take an address in the
manifest, so a removed or renamed page's address is never handed on.

A listing renamed to a name that makes the same slug ("Template" to
"template") keeps its address, under its new name; its former name is
kept on a line of its own, ``= FORMER NAME -> ADDRESS``, so that a later
source that still uses it files its posts under the name the address
has now (as a moved address's ``= NAME`` does for a rename that moved).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bindery.archive.slugs import slug_for, unique_slug
from bindery.errors import BinderyError, DumpError

MANIFEST = "addresses.txt"
ARROW = "->"
NAMED = "="
HEADER = (
    "# Every address this archive has published, relative to html_baseurl.\n"
    "# Written by `bindery` and by the build; a build fails if it stops serving one.\n"
    "# Never remove a line: move a page with a redirect ('old.html -> new.html').\n"
    "# '= Name' keeps a category's, tag's or author's address for that name alone.\n"
)
# Listings named by a category, tag or author: their folder and what to call
# a nameless slug.
LISTING_FOLDERS = {"category": "categories", "tag": "tags", "author": "authors"}


@dataclass
class Manifest:
    addresses: set[str] = field(default_factory=set)
    moves: dict[str, str] = field(default_factory=dict)  # old address → new address
    names: dict[str, str] = field(default_factory=dict)  # listing address → the name it is for
    lines: dict[str, int] = field(default_factory=dict)  # address → its line in the file
    # (listing folder, a name it had) → the address that name's listing kept when renamed
    former: dict[tuple[str, str], str] = field(default_factory=dict)
    path: str = MANIFEST

    @classmethod
    def load(cls, root: Path) -> Manifest:
        file = root / MANIFEST
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        except UnicodeDecodeError as err:
            raise DumpError(MANIFEST, text_line(file.read_bytes(), err.start), "not UTF-8") from None
        return cls.parse(text)

    @classmethod
    def parse(cls, text: str) -> Manifest:
        manifest = cls()
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith(NAMED):  # a listing's former name: "= NAME -> ADDRESS"
                name, arrow, target = line[len(NAMED) :].strip().rpartition(f" {ARROW} ")
                if not arrow or not name.strip() or not target or " " in target:
                    raise DumpError(MANIFEST, number, f"expected '= former name -> address': {line!r}")
                manifest.former[(target.partition("/")[0], name.strip())] = target
                continue
            address, _, rest = line.partition(" ")
            rest = rest.strip()
            if rest.startswith(ARROW):
                target, _, rest = rest[len(ARROW) :].strip().partition(" ")
                if not target:
                    raise DumpError(MANIFEST, number, f"'{address} ->' names no new address")
                manifest.moves[address] = target
                rest = rest.strip()
            if rest.startswith(NAMED):
                manifest.names[address] = rest[len(NAMED) :].strip()
            elif rest:
                raise DumpError(MANIFEST, number, f"expected 'address [-> new address] [= name]': {line!r}")
            manifest.addresses.add(address)
            manifest.lines[address] = number
        return manifest

    # -- posts ----------------------------------------------------------------

    def taken_slugs(
        self, folder: str, files: Mapping[str, object], old_slugs: Iterable[str] = ()
    ) -> set[str]:
        """Slugs no new post (``folder`` "posts") or page ("pages") may take:
        live, old, or ever published."""
        taken = set(files) | set(old_slugs)
        prefix = f"{folder}/"
        taken.update(
            a[len(prefix) : -len(".html")]
            for a in self.addresses
            if a.startswith(prefix) and a.count("/") == 1
        )
        return taken

    # -- named listings (categories, tags, authors) ----------------------------

    def slugs_for(self, kind: str, names: Iterable[str]) -> dict[str, str]:
        """Name → slug of each listing of ``kind``: the one the manifest
        keeps for that exact name, else a new one no address has had.
        Recorded in the manifest, so that it is kept from now on."""
        folder = LISTING_FOLDERS[kind]
        prefix = f"{folder}/"
        kept: dict[str, str] = {}
        taken: set[str] = set()
        for address in self.addresses:
            if address.startswith(prefix) and address.count("/") == 1:
                taken.add(address[len(prefix) : -len(".html")])
                name = self.names.get(address)
                if name is not None and name not in kept:
                    kept[name] = address[len(prefix) : -len(".html")]
        unnamed = {
            a[len(prefix) : -len(".html")]
            for a in self.addresses
            if a.startswith(prefix) and a.count("/") == 1 and a not in self.names and a not in self.moves
        }
        out: dict[str, str] = {}
        for name in sorted(set(names), key=lambda n: (n.casefold(), n)):
            slug = kept.get(name)
            if slug is None and slug_for(name, kind) in unnamed:
                # a line written before names were kept: its name is the one
                # that first made that slug, as the build then did
                slug = slug_for(name, kind)
                unnamed.discard(slug)
                self.names[f"{prefix}{slug}.html"] = name
            if slug is None:
                slug = unique_slug(slug_for(name, kind), taken)
                taken.add(slug)
                address = f"{prefix}{slug}.html"
                self.addresses.add(address)
                self.names[address] = name
            out[name] = slug
        return out

    def named(self, kind: str) -> set[str]:
        """The names that hold an address of ``kind``."""
        prefix = f"{LISTING_FOLDERS[kind]}/"
        return {name for address, name in self.names.items() if address.startswith(prefix)}

    def alias(self, kind: str, name: str) -> str:
        """The name a renamed category (tag, author) now has, following its
        redirects; ``name`` itself if it was never renamed."""
        folder = LISTING_FOLDERS[kind]
        by_name = {n: a for a, n in self.names.items() if a.startswith(f"{folder}/")}
        address = by_name.get(name)
        if address is None:
            address = self.former.get((folder, name))
            if address is None:
                return name
        elif address not in self.moves:
            return name
        final = self.final(address)
        return self.names.get(final, name)

    def rename(self, address: str, name: str) -> None:
        """The listing at ``address`` is ``name``'s from now on, at the same
        address; the name it had is kept as a former one (see ``alias``)."""
        folder = address.partition("/")[0]
        was = self.names.get(address)
        self.names[address] = name
        self.former.pop((folder, name), None)
        if was is not None and was != name:
            self.former[(folder, was)] = address

    def final(self, address: str) -> str:
        """Where an address ends up after every move (chains followed)."""
        seen = {address}
        while address in self.moves:
            address = self.moves[address]
            if address in seen:
                raise BinderyError(f"{MANIFEST}: the moves of {address} go round in a loop")
            seen.add(address)
        return address

    def move(self, old: str, new: str) -> None:
        """``old`` now redirects to ``new``: every address that led to
        ``old`` leads straight to ``new``, and ``new`` is a page again if it
        had moved away (a rename undone)."""
        self.addresses.update((old, new))
        self.moves.pop(new, None)
        for address, target in list(self.moves.items()):
            if target == old:
                self.moves[address] = new
        if old != new:
            self.moves[old] = new

    def add(self, addresses: Iterable[str]) -> None:
        self.addresses.update(addresses)

    def text(self) -> str:
        def line(address: str) -> str:
            out = address
            if address in self.moves:
                out += f" {ARROW} {self.moves[address]}"
            if address in self.names:
                out += f" {NAMED} {self.names[address]}"
            return out

        former = "".join(f"{NAMED} {n} {ARROW} {a}\n" for (_, n), a in sorted(self.former.items()))
        return HEADER + "".join(f"{line(a)}\n" for a in sorted(self.addresses)) + former


def text_line(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1
