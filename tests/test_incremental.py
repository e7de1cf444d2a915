"""Rebuilds are correct: an incremental or parallel build equals a clean one."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from bindery.cli import main as bindery
from bindery.dev.synthetic import synthetic_dump
from bindery.importer.run import import_dumps
from bindery.sphinxext.assets import BUNDLE, FOLDER

from .conftest import make_book, sphinx_build

# Sphinx's own state, not output: pickles and the build-info stamp.  And
# Pagefind's index, rewritten whole by every build: its filter chunks come
# out in a different order (and so under another hash) on each run of the
# same pages, and a rebuild that changed a few posts indexes them in a
# recent tier, which a clean build has none of; tests/test_search.py and
# tests/test_search_tiers.py check what they hold.
# (.buildinfo.bak: Sphinx's copy of .buildinfo when the settings changed, as a
# copy of a new category's page changes a book's title: "Technology, Astronomy")
NOT_OUTPUT = {".doctrees", ".buildinfo", ".buildinfo.bak", "_pagefind", "_pagefind_recent"}


def differences(one: Path, other: Path) -> list[str]:
    """Files that differ or exist on one side only, as paths."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(prefix + name for name in cmp.left_only + cmp.right_only if name not in NOT_OUTPUT)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(prefix + name for name in mismatch + errors if name not in NOT_OUTPUT)
        for name, sub in cmp.subdirs.items():
            if name not in NOT_OUTPUT:
                walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(one, other), "")
    return sorted(out)


def build(src: Path, out: Path, *options: str) -> None:
    result = sphinx_build(src, out, *options)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr


def clean_build_equals(src: Path, incremental: Path, tmp_path: Path) -> list[str]:
    build(src, tmp_path / "clean")
    return differences(incremental, tmp_path / "clean")


@pytest.fixture
def book(tmp_path: Path) -> Path:
    src = make_book(tmp_path / "src", {"technology.txt": synthetic_dump(30, seed=3, words=80)})
    build(src, tmp_path / "html")
    return src


def test_adding_a_post_rewrites_every_page_it_changes(book, tmp_path):
    extra = synthetic_dump(31, seed=3, words=80)  # the same 30 posts and one more, at the end
    (book / "raw" / "technology.txt").write_text(extra, encoding="utf-8")
    import_dumps([book / "raw" / "technology.txt"], book)
    build(book, tmp_path / "html")
    assert clean_build_equals(book, tmp_path / "html", tmp_path) == []


def test_a_post_in_a_new_category_rewrites_every_sidebar(book, tmp_path):
    dump = (
        "Category Archives: Astronomy\n\nStars\n\nTHE STARS are out.\n\n"
        "Leave a comment\n\nFiled under Astronomy\n"
    )
    (book / "raw" / "astronomy.txt").write_text(dump, encoding="utf-8")
    import_dumps(sorted((book / "raw").glob("*.txt")), book)
    build(book, tmp_path / "html")
    assert clean_build_equals(book, tmp_path / "html", tmp_path) == []


def test_editing_a_title_and_moving_a_post_rebuild_correctly(book, tmp_path):
    post = sorted((book / "posts").glob("*.md"))[5]
    text = post.read_text(encoding="utf-8")
    title = text.split("\ntitle: ", 1)[1].split("\n", 1)[0]
    post.write_text(
        text.replace(f"title: {title}", "title: A New Title").replace(f"# {title}", "# A New Title")
    )
    assert bindery(["--root", str(book), "pages"]) == 0
    build(book, tmp_path / "html")
    assert clean_build_equals(book, tmp_path / "html", tmp_path) == []
    shutil.rmtree(tmp_path / "clean")
    assert bindery(["--root", str(book), "move", post.stem, "moved-post"]) == 0
    build(book, tmp_path / "html")
    assert clean_build_equals(book, tmp_path / "html", tmp_path) == []


def test_a_rebuild_keeps_the_rules_a_new_kind_of_markup_needs(book, tmp_path):
    """The stylesheet trim reads only the pages a rebuild wrote, and keeps
    what it knows of the others: the rules a hand-added code block needs
    (its highlighting's classes, on no other page) reach book.css, as in a
    clean build; in a parallel build too, whose pages are written by other
    processes."""
    bundle = tmp_path / "html" / FOLDER / BUNDLE
    before = bundle.read_text(encoding="utf-8")
    posts = sorted((book / "posts").glob("*.md"))
    first, last = posts[0], posts[-1]  # Sphinx writes the first page itself, the next in another process
    first.write_text(first.read_text(encoding="utf-8") + "\nA sentence added.\n", encoding="utf-8")
    code = '\n```python\nprint(len("exports"))\n```\n'
    last.write_text(last.read_text(encoding="utf-8") + code, encoding="utf-8")
    build(book, tmp_path / "html", "-j", "2")
    assert ".nb {" not in before  # Pygments' class for a builtin such as print
    assert ".nb {" in bundle.read_text(encoding="utf-8")
    assert clean_build_equals(book, tmp_path / "html", tmp_path) == []


def test_parallel_build_gives_the_same_output(book, tmp_path):
    build(book, tmp_path / "parallel", "-j", "2")
    assert differences(tmp_path / "html", tmp_path / "parallel") == []
