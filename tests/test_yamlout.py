"""Front matter written without PyYAML is what PyYAML writes, byte for
byte (yamlout.py): a re-import never rewrites a file for its format."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml

from bindery.archive import yamlout
from bindery.archive.schema import read_front_matter
from bindery.archive.store import load_posts
from bindery.errors import DumpError
from bindery.importer.run import import_dumps

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
    read_here = 0
    for post in posts.values():
        front = yamlout.dump(post.meta)
        assert front == yamlout.pyyaml(post.meta), post.slug
        got = yamlout.read(front)  # and read back, without PyYAML where it can
        assert got is None or got == _pyyaml_read(front), post.slug
        read_here += got is not None
    assert read_here > len(posts) * 0.8


def _pyyaml_read(text: str) -> tuple[dict, dict[str, int]] | str:
    """What the YAML safe loader reads: the mapping and each key's line, or "error"."""
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        meta = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError:
        return "error"
    finally:
        loader.dispose()
    if not isinstance(meta, dict) or node is None:
        return "not a mapping"
    return meta, {str(k.value): k.start_mark.line for k, _ in node.value}


def _meta(rng: random.Random) -> dict:
    value = _hostile(rng)
    return {
        "title": value,
        "slug": "a-post",
        "categories": [value, "Technology"],
        "tags": [],
        "comments": rng.randrange(-3, 300),
        "flag": rng.choice([True, False]),
        "sources": [{"file": value, "line": 3}, {"file": "raw/x.xml", "line": rng.randrange(0, 99)}],
    }


def test_front_matter_written_here_is_read_back_as_pyyaml_reads_it():
    """Front matter as PyYAML writes it, hostile strings and all: what
    ``read`` reads (types too: ``repr`` tells 1 from True) is what PyYAML
    reads, and the rest is left to PyYAML."""
    rng = random.Random(5)
    read_here = 0
    for _ in range(20_000):
        text = yamlout.pyyaml(_meta(rng))
        got = yamlout.read(text)
        if got is not None:
            read_here += 1
            assert repr(got) == repr(_pyyaml_read(text)), text
    assert read_here > 5_000  # the short path was taken (6,824 times)


# edits a hand might make: spaces, indicators, quotes, list markers, line breaks
EDITS = [*" :-'#\n\"[]{}&*!|>%@\t\r", "  ", "- ", "\n- ", "\n  ", ": ", "''", "yes", "null", "01", "1.5", "x"]


def test_hand_edited_front_matter_is_read_as_pyyaml_reads_it_or_left_to_it():
    """Front matter with characters put in or taken out at random places:
    whatever ``read`` accepts, PyYAML reads the same (never an error);
    anything else goes to PyYAML."""
    rng = random.Random(9)
    read_here = 0
    for _ in range(20_000):
        text = yamlout.pyyaml(_meta(rng))
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            if rng.random() < 0.6:
                text = text[:at] + rng.choice(EDITS + ALPHABET) + text[at:]
            else:
                text = text[:at] + text[at + rng.randint(1, 3) :]
        got = yamlout.read(text)
        if got is not None:
            read_here += 1
            assert repr(got) == repr(_pyyaml_read(text)), text
    assert read_here > 1_000  # edited text the short path read (1,626 times), and PyYAML agreed


def test_a_number_python_will_not_read_is_left_to_pyyaml():
    """Python refuses to turn 4,301 digits into an int: ``read`` declines
    (and PyYAML's refusal becomes a one-line error: test_cli)."""
    for text in ("a: " + "1" * 4301 + "\n", "a:\n- " + "9" * 4301 + "\n", "a:\n- b: -" + "1" * 4301 + "\n"):
        assert yamlout.read(text) is None
    assert yamlout.read("a: " + "1" * 1000 + "\n") == ({"a": int("1" * 1000)}, {"a": 0})


def _front(text: str) -> str:
    return f"---\n{text}---\n"


def _rows(rng: random.Random) -> list[str]:
    """The lines of front matter written for a hostile value (none that
    YAML, but not an editor, counts as a line break: NEL, LS, PS, CR)."""
    text = yamlout.pyyaml(_meta(rng))
    while any(c in text for c in "\x85\u2028\u2029\r"):
        text = yamlout.pyyaml(_meta(rng))
    return text.split("\n")[:-1]


_KEY = re.compile(r"(\w+):(?: |$)|(?:- |  )(file|line): ")  # a field's, or a source's


def test_a_key_given_twice_is_left_to_pyyaml_and_refused_with_both_lines():
    """A field, or a source's ``file`` or ``line``, copied below the one
    there (YAML would let the last win): the short path declines it, and
    the schema refuses it naming both lines."""
    rng = random.Random(14)
    tried = 0
    for _ in range(6_000):
        rows = _rows(rng)
        if yamlout.read("\n".join(rows) + "\n") is None:
            continue  # a value over several lines: a line copied could land inside it
        tried += 1
        keys = {n: m[1] or m[2] for n, row in enumerate(rows) if (m := _KEY.match(row))}
        first = rng.choice(list(keys))
        key = keys[first]
        if rows[first].startswith(("- ", "  ")):  # a source's: right under it
            rows.insert(first + 1, f"  {key}: 7")
            second = first + 1
        else:  # a field: at the end
            rows.append(f"{key}: 7")
            second = len(rows) - 1
        text = "\n".join(rows) + "\n"
        assert yamlout.read(text) is None, text
        with pytest.raises(DumpError) as refused:
            read_front_matter(_front(text), "x.md")
        lines = f"lines {first + 2} and {second + 2}"
        assert str(refused.value) == f"x.md:{second + 2}: {key!r} is given twice, on {lines}: keep one"
    assert tried > 1_000


def test_a_quote_left_open_is_reported_on_its_own_line():
    """The closing quote of a quoted value taken out: where YAML then
    fails, the error names the line the quote opened on (YAML would name
    the end of the front matter, or the next quoted value)."""
    rng = random.Random(15)
    tried = 0
    for _ in range(3_000):
        rows = _rows(rng)
        quoted = [n for n, row in enumerate(rows) if re.fullmatch(r"(?:- |  )?(?:\w+: |- )(['\"]).*\1", row)]
        if not quoted:
            continue
        row = rng.choice(quoted)
        rows[row] = rows[row][:-1]
        text = "\n".join(rows) + "\n"
        try:
            read_front_matter(_front(text), "x.md")
        except DumpError as err:
            if "bad YAML" in err.message:
                tried += 1
                assert (err.line, err.message) == (
                    row + 2,
                    "bad YAML in front matter: the quote opened on this line is not closed",
                ), text
    assert tried > 500
