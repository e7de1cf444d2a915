"""Front matter written without PyYAML is what PyYAML writes, byte for
byte (yamlout.py): a re-import never rewrites a file for its format."""

from __future__ import annotations

import random
from pathlib import Path

from bindery import yamlout
from bindery.importer import import_dumps
from bindery.store import load_posts

from .conftest import DUMPS, SEED, make_book

# Characters that matter to YAML at the start, in the middle or at the end
# of a scalar, and some that do not.
ALPHABET = [
    *"aZ09 ._-:#'\"?,[]{}&*!|>%@`~=<+\\/()",
    *["\t", "\n", "\r", "\x85", "\u2028", "\ufeff", "\x7f", "\x9f", "\xa0", "é", "中", "😀", "\x00"],
    *["yes", "no", "on", "null", "true", "2005-01-02", "12:30", "0x1f", "1e3", ".inf", "---", "..."],
]


def _hostile(rng: random.Random) -> str:
    """Up to eight of ALPHABET's pieces, half of them after a letter (so
    that the middles and ends are tried on strings written here)."""
    start = rng.choice(["", "A"])
    return start + "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 8)))


def test_hostile_strings_are_written_as_pyyaml_writes_them():
    rng = random.Random(12)
    written_here = 0
    for _ in range(20_000):
        value = _hostile(rng)
        meta = {
            "title": value,
            "slug": "a-post",
            "categories": [value, "Technology"],
            "comments": rng.randrange(-3, 300),
            "sources": [{"file": value, "line": 3}],
        }
        assert yamlout.dump(meta) == yamlout.pyyaml(meta), repr(value)
        written_here += yamlout._scalar(value) is not None
    assert written_here > 6_000  # the fast path was taken (6,955 times), not only PyYAML


def test_other_shapes_are_left_to_pyyaml():
    for meta in (
        {},
        {"title": "A", "extra": {"nested": 1}},
        {"title": "A", "ratio": 1.5},
        {"title": "A", "none": None},
        {"title": "A", "sources": [{}]},
        {"title": "A", "lists": [[1]]},
        {"yes": "a key read as true"},
        {"title": "x" * 5000},
    ):
        assert yamlout.dump(meta) == yamlout.pyyaml(meta)


def test_every_sample_post_is_written_as_pyyaml_writes_it(tmp_path: Path):
    """The real shapes: the seed dump, a dump of hazards, and the two
    sample WordPress exports (the theme unit test's among them)."""
    sources = [SEED, DUMPS / "hazards.txt", *sorted((DUMPS.parent / "samples").glob("*.xml"))]
    book = make_book(tmp_path / "book", {path.name: path for path in sources})
    import_dumps(sorted((book / "raw").iterdir()), book)
    posts = load_posts(book)
    assert len(posts) > 50
    for post in posts.values():
        assert yamlout.dump(post.meta) == yamlout.pyyaml(post.meta), post.slug
