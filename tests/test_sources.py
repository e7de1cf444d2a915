"""The source readers' registry: formats told by content, one module and one
line a format, and folders of sources such as ``raw/``."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from bindery import sources
from bindery.archive.sequence import Sequence
from bindery.archive.store import load_posts
from bindery.importer.run import import_dumps

from .conftest import ROOT, SEED, copy_repository_book
from .test_cli import run
from .test_wxr import LINKS

# A format no reader knows: one post a line, "title | text", after a header.
FAKE_READER = """
from __future__ import annotations

import dataclasses

from bindery.model import DUMP, Dump, Paragraph, Post, Source


class PipeReader:
    name = "a pipe-separated list of posts"
    rank = DUMP
    ordered = True

    def sniff(self, path, head):
        return head.startswith(b"#pipes\\n")

    def read(self, path, display, hints):
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        for number, line in enumerate(lines, start=2):
            title, text = line.split(" | ")
            yield Post(title, (), (Paragraph(text, number),), 0, ("Pipes",), Source(display, number))
        return Dump(display, "Pipes", display)


READER = PipeReader()
"""


def test_a_new_format_is_one_module_and_one_registration(tmp_path, monkeypatch):
    module_path = tmp_path / "pipes.py"
    module_path.write_text(FAKE_READER, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("pipes_reader", module_path)
    assert spec is not None and spec.loader is not None
    pipes = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "pipes_reader", pipes)
    spec.loader.exec_module(pipes)
    monkeypatch.setattr(sources, "READERS", (pipes.READER, *sources.READERS))  # the registration

    book = tmp_path / "book"
    (book / "raw").mkdir(parents=True)
    (book / "raw" / "list.pipes").write_text(
        "#pipes\nFirst | ONE TEXT.\nSecond | TWO TEXT.\n", encoding="utf-8"
    )
    report = import_dumps([book / "raw"], book)
    assert report.added == ["first", "second"]
    posts = load_posts(book)
    assert posts["first"].categories == ["Pipes"]
    assert posts["second"].body == "# Second\n\nTWO TEXT.\n"
    assert Sequence.load(book).lists == {"raw/list.pipes": ["first", "second"]}


def test_a_folder_of_sources_is_read_by_content(tmp_path):
    """``bindery import raw`` (what ``make posts`` runs) reads each source in
    it by its reader, leaves out the uploads folder and hidden files, and
    names each file no reader knows."""
    book = tmp_path / "book"
    raw = book / "raw"
    (raw / "uploads" / "2010").mkdir(parents=True)
    (raw / "uploads" / "2010" / "notes.txt").write_text("not a dump", encoding="utf-8")
    shutil.copy(SEED, raw / "technology.txt")
    (raw / "blog.data").write_text(LINKS, encoding="utf-8")  # an export, whatever its name
    (raw / "README.md").write_text("Where these files came from.\n", encoding="utf-8")
    (raw / ".hidden.txt").write_text("Category Archives: X\n", encoding="utf-8")
    shutil.copy(ROOT / "conf.py", book / "conf.py")
    result = run(book, "import", "raw")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "raw/README.md: skipped: not a source any reader knows\n"
    posts = load_posts(book)
    assert len(posts) == 10 + 2  # the dump's ten and the export's two posts
    assert {s.file for p in posts.values() for s in p.sources} == {"raw/technology.txt", "raw/blog.data"}


def test_a_file_named_that_no_reader_knows_is_refused_in_one_line(tmp_path):
    book = copy_repository_book(tmp_path / "book")
    # (an HTML page is a source now: a saved page, read by sources/saved.py)
    (book / "raw" / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    result = run(book, "import", "raw/drawing.svg")
    assert (result.returncode, result.stdout) == (1, "")
    assert (
        result.stderr
        == "raw/drawing.svg:1: XML, but not a WordPress export (WXR): no xmlns:wp export namespace\n"
    )


def test_a_post_inserted_at_the_top_of_a_dump_writes_one_post_file(tmp_path):
    """The order of a dump's posts is kept in posts/sequence.yaml, not as
    line numbers in every post: a new copy of the dump with one post more
    at its top rewrites no other post."""
    book = copy_repository_book(tmp_path / "book")
    assert run(book, "import", "raw").returncode == 0
    header, rest = SEED.read_text(encoding="utf-8").split("\n", 1)
    new_post = "A Newer Post\n\nTHE NEWEST WORDS of all.\n\nLeave a comment\n\nFiled under Technology\n"
    (book / "raw" / "technology.txt").write_text(f"{header}\n\n{new_post}{rest}", encoding="utf-8")
    result = run(book, "import", "raw")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1 added, 0 merged, 10 unchanged; 6 categories; 3 files written\n"
    listed = Sequence.load(book).lists["raw/technology.txt"]
    assert listed[0] == "a-newer-post" and len(listed) == 11
    changed = run_git_free_diff(ROOT / "posts", book / "posts")
    assert changed == ["a-newer-post.md", "sequence.yaml"]


def run_git_free_diff(before: Path, after: Path) -> list[str]:
    """Names of the files under ``after`` that are new or differ from ``before``."""
    return sorted(
        p.name
        for p in after.iterdir()
        if not (before / p.name).exists() or (before / p.name).read_bytes() != p.read_bytes()
    )


@pytest.mark.parametrize("name", ["raw/technology.txt", "raw"])
def test_the_seed_re_imported_changes_nothing(tmp_path, name):
    book = copy_repository_book(tmp_path / "book")
    result = run(book, "import", name)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("0 files written\n")
