"""The ``bindery`` command: what it reports, and what it leaves on disk."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bindery.archive.sequence import Sequence
from bindery.archive.store import load_posts, parse_post
from bindery.errors import DumpError

from .conftest import SEED

BINDERY = Path(sys.executable).parent / "bindery"
NBSP = "\u00a0"


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BINDERY), *args], cwd=root, capture_output=True, text=True)


def snapshot(root: Path) -> dict[str, str]:
    """Every file under the book, by path, as a digest of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "raw").mkdir()
    shutil.copy(SEED, tmp_path / "raw" / "technology.txt")
    result = run(tmp_path, "import", "raw/technology.txt")
    assert (result.returncode, result.stderr) == (0, "")
    # ten posts, the manifest, posts/sequence.yaml and blog.yaml (naming the copy as the blog's source)
    assert result.stdout == "10 added, 0 merged, 0 unchanged; 6 categories; 13 files written\n"
    return tmp_path


def test_reimport_changes_no_file(book):
    before = snapshot(book)
    mtimes = {p: p.stat().st_mtime_ns for p in book.rglob("*.md")}
    result = run(book, "import", "raw/technology.txt")
    assert result.stdout == "0 added, 0 merged, 10 unchanged; 6 categories; 0 files written\n"
    assert snapshot(book) == before
    assert {p: p.stat().st_mtime_ns for p in book.rglob("*.md")} == mtimes


def test_pages_command_regenerates_categories(book):
    result = run(book, "pages")
    # (the listings, the landing page's fragments, its opening from blog.yaml included, and the manifest)
    assert (result.returncode, result.stdout) == (0, "13 generated files written\n")
    (book / "categories" / "technology.md").unlink()
    (book / "categories" / "gone.md").write_text("# Gone\n", encoding="utf-8")
    result = run(book, "pages")
    assert (result.returncode, result.stdout) == (0, "2 generated files written\n")
    assert (book / "categories" / "technology.md").exists()
    assert not (book / "categories" / "gone.md").exists()


def _economy_dump() -> str:
    seed = SEED.read_text(encoding="utf-8").split("\n")
    # "Policy Shift…" (lines 119-138 of the seed) as the Economy archive shows
    # it: a plain space where the Technology archive has a no-break space,
    # and a comment posted since.
    shared = "\n".join(seed[118:135]).replace(NBSP, " ") + "\n\n1 Comment\n\nFiled under Economy, Technology"
    return (
        "Category Archives: Economy\n\n"
        "A New Post On Rates\n\nTHE CENTRAL BANK cut rates.\n\nLeave a comment\n\nFiled under Economy\n\n"
        f"{shared}\n\n"
        f"The Chips Are{NBSP}Down\n\nA DIFFERENT POST under the same title.\n\nLeave a comment\n\n"
        "Filed under Economy\n"
    )


def test_second_dump_merges_shared_posts(book):
    (book / "raw" / "economy.txt").write_text(_economy_dump(), encoding="utf-8")
    result = run(book, "import", "raw/technology.txt", "raw/economy.txt")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("2 added, 1 merged, 9 unchanged; 6 categories;")
    posts = load_posts(book)
    merged = posts["policy-shift-will-favour-chinas-tech-platform-and-real-estate-firms"]
    assert merged.categories == ["Economy", "Technology"]
    assert merged.meta["comments"] == 1
    assert merged.meta["sources"] == [{"file": "raw/economy.txt"}, {"file": "raw/technology.txt"}]
    assert merged.title == f"Policy Shift Will Favour China’s Tech Platform And Real Estate{NBSP}Firms"
    assert posts["the-chips-are-down"].meta["sources"] == [{"file": "raw/technology.txt"}]
    assert posts["the-chips-are-down-2"].meta["sources"] == [{"file": "raw/economy.txt"}]
    # each dump's order of its posts, for placing undated ones, is kept beside the posts
    listed = Sequence.load(book).lists
    assert listed["raw/economy.txt"] == [
        "a-new-post-on-rates",
        "policy-shift-will-favour-chinas-tech-platform-and-real-estate-firms",
        "the-chips-are-down-2",
    ]
    assert (
        listed["raw/technology.txt"][5]
        == "policy-shift-will-favour-chinas-tech-platform-and-real-estate-firms"
    )
    assert "a-new-post-on-rates" in posts
    assert run(book, "pages").returncode == 0
    economy = (book / "categories" / "economy.md").read_text(encoding="utf-8")
    listed_posts = [json.loads(line)["doc"] for line in economy.splitlines() if line.startswith("{")]
    linked = {doc.removeprefix("posts/") for doc in listed_posts}
    assert linked == {
        "a-new-post-on-rates",
        "policy-shift-will-favour-chinas-tech-platform-and-real-estate-firms",
        "the-chips-are-down-2",
    }


def test_hand_edits_survive_reimport(book):
    page = book / "posts" / "the-chips-are-down.md"
    edited = page.read_text(encoding="utf-8").replace(
        "BY VALUE, CHINA imports", "BY VALUE, CHINA now imports"
    )
    page.write_text(edited, encoding="utf-8")
    run(book, "import", "raw/technology.txt")
    assert page.read_text(encoding="utf-8") == edited


BAD_DUMPS = {
    "empty": (b"", "raw/bad.txt:1: empty dump"),
    "not utf-8": (
        "Category Archives: A\n\nCaf\u00e9\n".encode("cp1252"),
        "raw/bad.txt:3: not UTF-8 (byte 0xe9); save the dump as UTF-8",
    ),
    "binary": (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "raw/bad.txt:3: binary data (a NUL byte), not a text dump"),
    "utf-16": (
        "Category Archives: A\n".encode("utf-16"),
        "raw/bad.txt:1: UTF-16 text; save the file as UTF-8",
    ),
    "utf-16 without a byte-order mark": (
        "Category Archives: 科技\n\nTitle\n".encode("utf-16-be"),
        "raw/bad.txt:1: UTF-16 text without a byte-order mark; save the file as UTF-8",
    ),
    "no header": (
        b"Title\n\nText.\n\nLeave a comment\n\nFiled under A\n",
        'raw/bad.txt:1: no archive header: the first line must be like "Category Archives: Technology"',
    ),
    "no comment line": (
        b"Category Archives: A\n\nTitle\n\nText.\n\nFiled under A\n",
        "raw/bad.txt:7: post 'Title' has no comment line "
        '("Leave a comment", "1 Comment", "N Comments") before "Filed under"',
    ),
    "no category line": (
        b"Category Archives: A\n\nTitle\n\nText.\n\n2 Comments\n\nNext\n\nText.\n",
        "raw/bad.txt:9: post 'Title' has no \"Filed under\" line after its comment line",
    ),
    "empty category list": (
        b"Category Archives: A\n\nTitle\n\nText.\n\n2 Comments\n\nFiled under \n",
        "raw/bad.txt:9: post 'Title' has an empty \"Filed under\" line",
    ),
    "title with no body": (
        b"Category Archives: A\n\nTitle\n\nLeave a comment\n\nFiled under A\n",
        "raw/bad.txt:3: post 'Title' has a title but no text",
    ),
    "cut off": (
        b"Category Archives: A\n\nOne\n\nText.\n\n1 Comment\n\nFiled under A\n\nTwo\n\nThe text sto",
        "raw/bad.txt:11: post 'Two' is cut off: the dump ends before its comment and \"Filed under\" lines",
    ),
}


@pytest.mark.parametrize("case", BAD_DUMPS, ids=list(BAD_DUMPS))
def test_bad_input_fails_cleanly_and_writes_nothing(book, case):
    data, message = BAD_DUMPS[case]
    (book / "raw" / "bad.txt").write_bytes(data)
    before = snapshot(book)
    result = run(book, "import", "raw/technology.txt", "raw/bad.txt")
    assert (result.returncode, result.stdout, result.stderr) == (1, "", message + "\n")
    assert snapshot(book) == before


def test_missing_file(book):
    result = run(book, "import", "raw/nowhere.txt")
    assert (result.returncode, result.stderr) == (
        1,
        "raw/nowhere.txt:1: cannot read: No such file or directory\n",
    )


def test_a_file_name_that_cannot_be_cited_or_read_is_one_line(book):
    undecodable = os.fsdecode(b"raw/a\xff.txt")  # bytes the file system holds, not UTF-8
    shutil.copy(book / "raw" / "technology.txt", book / undecodable)
    shutil.copy(book / "raw" / "technology.txt", book / "raw" / "b\nc.txt")
    (book / "raw" / "loop").symlink_to("loop")
    before = snapshot(book)
    for name, message in (
        (undecodable, "raw/a\\xff.txt:1: a file name sources cannot cite (not printable UTF-8); rename it"),
        ("raw/b\nc.txt", "raw/b\\nc.txt:1: a file name sources cannot cite (not printable UTF-8); rename it"),
        ("raw/loop", "raw/loop:1: cannot read: Too many levels of symbolic links"),
    ):
        result = run(book, "import", name)
        assert (result.returncode, result.stdout, result.stderr) == (1, "", message + "\n")
        assert snapshot(book) == before


def test_broken_post_file_is_reported(book):
    (book / "posts" / "the-chips-are-down.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    before = snapshot(book)
    result = run(book, "import", "raw/technology.txt")
    assert result.returncode == 1
    assert result.stderr.startswith("posts/the-chips-are-down.md:")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert snapshot(book) == before


CHIPS = "the-chips-are-down"
TAKEN = "reining-in-all-round"  # another post of the seed
MOVE_REFUSALS = {
    "same slug": (CHIPS, f"posts/{CHIPS}.md: the new slug is the post's slug already; nothing to move"),
    "empty": ("", "'' is not a slug: it is empty"),
    "blank": ("  ", "'  ' is not a slug: it is empty"),
    "comma": ("chips,down", "'chips,down' is not a slug: it holds a comma"),
    "newline": ("chips\ndown", "'chips\\ndown' is not a slug: it holds a line break"),
    "not a slug": ("Chips Down", "'Chips Down' is not a slug: use lowercase ASCII words joined by hyphens"),
    "another post's": (TAKEN, f"posts/{TAKEN}.html is taken: it is, or was, another post's address"),
    **{
        f"reserved {name}": (
            name,
            f"posts/{name}.html is reserved for the site's own pages: choose another slug",
        )
        for name in ("search", "genindex", "index", "page", "categories", "tags")
    },
}


@pytest.mark.parametrize("case", MOVE_REFUSALS, ids=list(MOVE_REFUSALS))
def test_move_refuses_and_changes_nothing(book, case):
    new, message = MOVE_REFUSALS[case]
    before = snapshot(book)
    result = run(book, "move", CHIPS, new)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", message + "\n")
    assert snapshot(book) == before


def test_move_refuses_a_formerly_published_address(book):
    assert run(book, "move", TAKEN, "reining-in").returncode == 0
    before = snapshot(book)
    result = run(book, "move", CHIPS, TAKEN)
    assert (result.returncode, result.stderr) == (
        1,
        f"posts/{TAKEN}.html is taken: it is, or was, another post's address\n",
    )
    assert snapshot(book) == before


def test_move_there_and_back_keeps_one_post_and_both_addresses(book):
    assert run(book, "move", CHIPS, "chips-down").returncode == 0
    assert run(book, "move", "chips-down", CHIPS).returncode == 0
    posts = load_posts(book)
    assert posts[CHIPS].old_slugs == ["chips-down"] and "chips-down" not in posts
    addresses = (book / "addresses.txt").read_text(encoding="utf-8").splitlines()
    assert {f"posts/{CHIPS}.html", "posts/chips-down.html"} <= set(addresses)


def _front_matter_edit(text: str, case: str) -> str | bytes:
    if case == "non-utf-8":
        # a Latin-1 "Ï" typed into the body by an editor in another encoding
        return text.encode("utf-8").replace(b"BY VALUE, CHINA", b"BY VALUE, CH\xcfNA")
    old, new = {
        "comments: many": ("comments: 0\n", "comments: many\n"),
        "malformed sources": (
            "- file: raw/technology.txt\n",
            "- file: raw/technology.txt\n  line: two hundred\n",
        ),
        "sources not a list": ("sources:\n- file: raw/technology.txt\n", "sources: raw\n"),
        "unknown key": ("comments: 0\n", "comments: 0\ncoments: 1\n"),
        "slug not the file name": (f"slug: {CHIPS}\n", "slug: chips-down\n"),
        "no title": (f"title: The Chips Are{NBSP}Down\n", ""),
        "unparseable address": ("comments: 0\n", "comments: 0\noriginal_url: http://[blog\n"),
        "no such date": ("comments: 0\n", "comments: 0\ndate: 2010-13-45\n"),
        "a number too long to read": ("comments: 0\n", f"comments: {'9' * 5000}\n"),
        "a tag PyYAML trips on": ("comments: 0\n", "comments: !!bool maybe\n"),
        "a field given twice": ("comments: 0\n", "comments: 19\ncomments: 0\n"),
        "a source's file given twice": (
            "- file: raw/technology.txt\n",
            "- file: raw/technology.txt\n  file: raw/economy.txt\n",
        ),
        "an unclosed quote": (f"title: The Chips Are{NBSP}Down\n", f'title: "The Chips Are{NBSP}Down\n'),
        "a quote closed by the next field's": ("comments: 0\n", 'comments: "0\nauthor: "Ben"\n'),
    }[case]
    assert old in text
    return text.replace(old, new, 1)


KNOWN = (
    "title, slug, parent, date, updated, author, categories, tags, comments, original_url, guid, wp_id, "
    "sources, fingerprint, generated, old_slugs"
)
BAD_EDITS = {
    "comments: many": "posts/the-chips-are-down.md:6: "
    "comments: must be a whole number of 0 or more, not 'many'",
    "malformed sources": "posts/the-chips-are-down.md:7: sources: "
    "a source's line must be a number of 1 or more, not 'two hundred'",
    "sources not a list": "posts/the-chips-are-down.md:7: sources: must be a list of {file: ...}",
    "unknown key": f"posts/the-chips-are-down.md:7: unknown front matter field 'coments' (known: {KNOWN})",
    "non-utf-8": "posts/the-chips-are-down.md:15: not UTF-8 (byte 0xcf); save the file as UTF-8",
    "slug not the file name": "posts/the-chips-are-down.md:3: "
    "slug 'chips-down' does not match the file name (the slug is the address)",
    "no title": "posts/the-chips-are-down.md:2: the front matter has no 'title'",
    "unparseable address": "posts/the-chips-are-down.md:7: "
    "original_url: 'http://[blog' is not an http(s) address",
    # values YAML reads as a date or a number, which then refuse them
    "no such date": "posts/the-chips-are-down.md:7: bad value in front matter: month must be in 1..12",
    "a number too long to read": "posts/the-chips-are-down.md:6: bad value in front matter: "
    "Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits",
    "a tag PyYAML trips on": "posts/the-chips-are-down.md:6: "
    "bad value in front matter: 'maybe' is not a bool",
    # YAML lets the last of two equal keys win: one of them is a mistake
    "a field given twice": "posts/the-chips-are-down.md:7: "
    "'comments' is given twice, on lines 6 and 7: keep one",
    "a source's file given twice": "posts/the-chips-are-down.md:9: "
    "'file' is given twice, on lines 8 and 9: keep one",
    # where the quote opened, not where YAML gave up looking for its end
    "an unclosed quote": "posts/the-chips-are-down.md:2: bad YAML in front matter: "
    "the quote opened on this line is not closed",
    "a quote closed by the next field's": "posts/the-chips-are-down.md:6: bad YAML in front matter: "
    "the quote opened on this line is not closed",
}
# what a hand may type into front matter: YAML's indicators and tags, and
# dates and numbers that no date or number type takes
TYPED = [
    *" :-'#\n\"[]{}&*!|>%@\t\r,?~",
    *[
        "- ",
        "\n- ",
        "\n  ",
        ": ",
        "''",
        "yes",
        "null",
        "1.5",
        "&a ",
        "*a",
        "<<: ",
        "\ufeff",
        "\x85",
        "\u2028",
        "\x00",
    ],
    *["!!binary ", "!!timestamp ", "!!float ", "!!int ", "!!bool ", "2010-13-45", "2010-02-30 10:00:00"],
    *["25:00:00", "1e400", ".nan", "9" * 5000, "0o17", "1:30:00"],
]


def test_any_hand_edit_of_the_front_matter_is_read_or_refused_in_one_line(book):
    """Characters typed into or taken out of a post's front matter at
    random: the post is read, or refused by a DumpError naming the file
    and a line of it, never by another exception (a traceback)."""
    page = book / "posts" / f"{CHIPS}.md"
    text = page.read_text(encoding="utf-8")
    end = text.index("\n---\n", 3)
    rng = random.Random(3)
    refused = 0
    for _ in range(3000):
        edited = text
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(4, end)
            if rng.random() < 0.7:
                edited = edited[:at] + rng.choice(TYPED) + edited[at:]
            else:
                edited = edited[:at] + edited[at + rng.randint(1, 4) :]
        try:
            parse_post(edited, page.name)
        except DumpError as err:
            refused += 1
            assert err.path == page.name and 1 <= err.line <= edited.count("\n") + 1, str(err)
            assert "\n" not in str(err)
    assert refused > 1000


COMMANDS = {
    "import": ("import", "raw/technology.txt"),
    "pages": ("pages",),
    "move": ("move", TAKEN, "reining-in"),
    "rename-category": ("rename-category", "Technology", "Tech"),
}


@pytest.mark.parametrize("case", BAD_EDITS)
def test_bad_hand_edit_is_one_line_from_every_command(book, case):
    page = book / "posts" / f"{CHIPS}.md"
    edited = _front_matter_edit(page.read_text(encoding="utf-8"), case)
    if isinstance(edited, bytes):
        page.write_bytes(edited)
    else:
        page.write_text(edited, encoding="utf-8")
    before = snapshot(book)
    for command in COMMANDS.values():
        result = run(book, *command)
        assert (command, result.returncode, result.stdout, result.stderr) == (
            command,
            1,
            "",
            BAD_EDITS[case] + "\n",
        )
        assert snapshot(book) == before


def test_the_report_ends_with_what_was_not_carried_over_and_writes_it_in_full(tmp_path):
    from .test_wxr import item, wxr

    (tmp_path / "raw").mkdir()
    body = (
        '[contact-form to="a@b.example"] [contact-form] [polldaddy poll=1]\n\n'
        "https://www.youtube.com/watch?v=WzBxYi7IKzc\n\n<img src='https://blog.example/wp-content/uploads/a.jpg'>"
        "\n\n<!-- wp:latest-posts /-->"
    )
    (tmp_path / "raw" / "blog.xml").write_text(wxr(item(1, "One", body, name="one")), encoding="utf-8")
    result = run(tmp_path, "import", "raw/blog.xml", "--report", "report.json")
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[-6].startswith("1 added, 0 merged, 0 unchanged; 1 categories; ")
    assert lines[-5:] == [
        "not carried over, in 1 post (--report FILE lists each):",
        "  3 unknown shortcodes, shown as text: [contact-form] 2, [polldaddy] 1",
        "  1 image with no copy in raw/uploads/, shown as placeholders",
        "  1 embed from other sites, shown as cards with a link",
        "  1 block WordPress made when serving a page, not in the export: core/latest-posts 1",
    ]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["not_carried_over"]["posts"] == {
        "posts/one.md": {
            "unknown_shortcodes": {"contact-form": 2, "polldaddy": 1},
            "images_without_copy": ["https://blog.example/wp-content/uploads/a.jpg"],
            "audio_video_without_copy": [],
            "embeds_shown_as_cards": ["https://www.youtube.com/watch?v=WzBxYi7IKzc"],
            "blocks_not_in_export": {"core/latest-posts": 1},
        }
    }
    # with the image's copy kept, a second import reports it no more
    (tmp_path / "raw" / "uploads").mkdir()
    (tmp_path / "raw" / "uploads" / "a.jpg").write_bytes(b"kept")
    result = run(tmp_path, "import", "-q", "raw/blog.xml", "--report", "report.json")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["not_carried_over"]["posts"]["posts/one.md"]["images_without_copy"] == []
    assert report["unchanged"] == ["one"]


def test_a_report_with_nowhere_to_go_is_one_line_and_imports_nothing(book):
    before = snapshot(book)
    result = run(book, "import", "raw/technology.txt", "--report", "no/such/folder/report.json")
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        "no/such/folder/report.json: no such folder for the report; nothing was imported\n",
    )
    assert snapshot(book) == before
