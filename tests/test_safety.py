"""Safe writes: one writer at a time, all or nothing, OS errors in one line."""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bindery.archive import journal
from bindery.archive.lock import LOCK_FILE, archive_lock
from bindery.cli import main as bindery
from bindery.dev.synthetic import synthetic_dump
from bindery.sphinxext.buildlock import LOCK_FILE as BUILD_LOCK

from .conftest import BOOK_FILES, ROOT, SEED, sphinx_build
from .test_cli import BINDERY, run, snapshot


def staging_folders(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob(".bindery-*"))


def seed_folder(dest: Path, dumps: dict[str, str] | None = None) -> Path:
    """A book folder with conf.py, index.md and raw dumps, nothing imported."""
    (dest / "raw").mkdir(parents=True)
    for name in BOOK_FILES:
        shutil.copy(ROOT / name, dest / name)
    shutil.copy(SEED, dest / "raw" / "technology.txt")
    for name, text in (dumps or {}).items():
        (dest / "raw" / name).write_text(text, encoding="utf-8")
    return dest


@pytest.fixture
def book(tmp_path: Path) -> Path:
    root = seed_folder(tmp_path / "book")
    assert run(root, "import", "raw/technology.txt").returncode == 0
    return root


# -- one writer at a time ------------------------------------------------------


def titled_dump(category: str, posts: int) -> str:
    """A dump whose titles another dump shares, with different texts."""
    lines = [f"Category Archives: {category}", ""]
    for number in range(posts):
        text = f"{category.upper()} TEXT of post {number}: " + "words of the post " * 40
        lines += [f"Post Number {number}", "", text, "", "Leave a comment", "", f"Filed under {category}", ""]
    return "\n".join(lines)


def test_two_imports_at_once_equal_one_after_the_other(tmp_path):
    # Two dumps whose posts share titles: each import reads the posts,
    # chooses slugs and writes; unserialised, one overwrites the other.
    dumps = {"a.txt": titled_dump("Economy", 300), "b.txt": titled_dump("Politics", 300)}
    orders = {}
    for first, second in (("a.txt", "b.txt"), ("b.txt", "a.txt")):
        root = seed_folder(tmp_path / f"{first}-then-{second}", dumps)
        for name in (first, second):
            assert run(root, "import", f"raw/{name}").returncode == 0
        orders[first] = snapshot(root)
    assert orders["a.txt"] != orders["b.txt"]  # same titles: who comes first matters
    root = seed_folder(tmp_path / "together", dumps)
    both = [
        subprocess.Popen(
            [str(BINDERY), "import", "-q", f"raw/{name}"], cwd=root, stderr=subprocess.PIPE, text=True
        )
        for name in dumps
    ]
    results = [(p.communicate(timeout=120)[1], p.returncode) for p in both]
    waited = f"bindery: {LOCK_FILE}: another bindery command is writing this archive; waiting for it\n"
    assert sorted(results) in ([("", 0), ("", 0)], [("", 0), (waited, 0)])
    assert snapshot(root) in (orders["a.txt"], orders["b.txt"])


def test_a_second_writer_gives_up_in_one_line(book, monkeypatch):
    monkeypatch.setenv("BINDERY_LOCK_WAIT", "0.2")
    before = snapshot(book)
    with archive_lock(book):
        for command in (("import", "raw/technology.txt"), ("pages",), ("move", "the-chips-are-down", "x")):
            result = run(book, *command)
            assert (result.returncode, result.stdout, result.stderr) == (
                1,
                "",
                f"{LOCK_FILE}: another bindery command is writing this archive; gave up after 0.2 s\n",
            )
    assert snapshot(book) == before


@pytest.mark.parametrize("setting", ["soon", "-1", "nan"])
def test_a_bad_lock_wait_is_one_line(book, monkeypatch, setting):
    monkeypatch.setenv("BINDERY_LOCK_WAIT", setting)
    result = run(book, "pages")
    assert (result.returncode, result.stderr) == (
        1,
        f"BINDERY_LOCK_WAIT={setting!r}: not a number of seconds\n",
    )


def test_a_second_writer_waits_for_the_first(book):
    with archive_lock(book):
        waiting = subprocess.Popen(
            [str(BINDERY), "pages"], cwd=book, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=3)
    assert waiting.communicate(timeout=60) == (
        "13 generated files written\n",  # (the landing page's opening, from blog.yaml, among them)
        f"bindery: {LOCK_FILE}: another bindery command is writing this archive; waiting for it\n",
    )
    assert waiting.returncode == 0


# -- all or nothing --------------------------------------------------------------


def _fail_renames_after(monkeypatch: pytest.MonkeyPatch, count: int, error: int) -> None:
    """Let ``count`` renames into the tree succeed, then fail every one."""
    real = os.replace
    done = [0]

    def replace(src: object, dst: object) -> None:
        if journal.JOURNAL not in str(dst):
            done[0] += 1
            if done[0] > count:
                raise OSError(error, os.strerror(error), str(dst))
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(journal.os, "replace", replace)


def test_a_write_cut_short_is_refused_by_sphinx_and_finished_by_the_next_command(
    tmp_path, monkeypatch, capsys
):
    root = seed_folder(tmp_path / "book")
    clean = seed_folder(tmp_path / "clean")
    assert run(clean, "import", "raw/technology.txt").returncode == 0
    _fail_renames_after(monkeypatch, 5, errno.EACCES)
    assert bindery(["--root", str(root), "import", str(root / "raw" / "technology.txt")]) == 1
    [staging] = staging_folders(root)
    err = capsys.readouterr().err
    assert err.endswith(
        f": cannot move into place: Permission denied; the write is kept in {staging} "
        "and finished by the next bindery command\n"
    )
    assert err.count("\n") == 1
    monkeypatch.undo()
    # the tree is part old, part new: the build must not publish it
    built = sphinx_build(root, tmp_path / "html")
    assert (built.returncode, built.stderr) == (
        1,
        f"{staging}: a bindery write did not finish: run `bindery recover` (or any bindery command)\n",
    )
    assert not (tmp_path / "html" / "index.html").exists()
    result = run(root, "recover")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.startswith(f"bindery: {staging}: finished a write that was cut short (")
    assert result.stderr.count("\n") == 1
    assert staging_folders(root) == []
    assert snapshot(root) == snapshot(clean)
    assert sphinx_build(root, tmp_path / "html").returncode == 0


def test_a_write_cut_short_before_its_journal_is_rolled_back(book):
    before = snapshot(book)
    crashed = book / ".bindery-crashed"
    crashed.mkdir()
    (crashed / "0").write_text("half a post", encoding="utf-8")
    result = run(book, "import", "raw/technology.txt")
    assert (result.returncode, result.stderr) == (
        0,
        "bindery: .bindery-crashed: rolled back a write that was cut short before it changed anything\n",
    )
    assert staging_folders(book) == []
    assert snapshot(book) == before


def test_an_unreadable_journal_is_one_line(book):
    crashed = book / ".bindery-crashed"
    crashed.mkdir()
    (crashed / journal.JOURNAL).write_text('{"write": [["0", "../outside.md"]], "remove": []}')
    result = run(book, "pages")
    assert (result.returncode, result.stderr) == (
        1,
        ".bindery-crashed/journal.json:1: unreadable journal "
        "('../outside.md' is not a path inside the book); restore the tree from git\n",
    )


# -- OS errors: one line, nothing changed ----------------------------------------


def test_a_full_disk_is_one_line_and_changes_nothing(book, monkeypatch, capsys):
    real = journal._write_new

    def write_new(path: str, data: bytes) -> None:  # the fourth file staged finds the disk full
        if Path(path).parent.name.startswith(".bindery-") and Path(path).name == "3":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        real(path, data)

    (book / "raw" / "more.txt").write_text(synthetic_dump(20, words=80), encoding="utf-8")
    before = snapshot(book)
    monkeypatch.setattr(journal, "_write_new", write_new)
    raw = book / "raw"
    assert bindery(["--root", str(book), "import", str(raw / "technology.txt"), str(raw / "more.txt")]) == 1
    err = capsys.readouterr().err
    assert err.endswith(": cannot write: No space left on device; nothing was changed\n")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert staging_folders(book) == []
    assert snapshot(book) == before


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 512 KB tmpfs, unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def test_a_real_full_disk(small_disk, tmp_path):
    root = seed_folder(small_disk / "book")
    assert run(root, "import", "raw/technology.txt").returncode == 0
    big = tmp_path / "big.txt"  # outside the small disk: only the archive fills it
    big.write_text(synthetic_dump(400, words=300), encoding="utf-8")
    before = snapshot(root)
    result = run(root, "import", "raw/technology.txt", str(big))
    assert result.returncode == 1
    assert result.stderr.endswith(": cannot write: No space left on device; nothing was changed\n")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert staging_folders(root) == []
    assert snapshot(root) == before


def test_a_read_only_tree(small_disk):
    root = seed_folder(small_disk / "book")
    assert run(root, "import", "raw/technology.txt").returncode == 0
    before = snapshot(root)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    for command in (("import", "raw/technology.txt"), ("pages",), ("move", "the-chips-are-down", "x")):
        result = run(root, *command)
        assert (result.returncode, result.stdout, result.stderr) == (
            1,
            "",
            f"{LOCK_FILE}: cannot lock the archive for writing: Read-only file system\n",
        )
    assert snapshot(root) == before


def test_a_folder_the_command_may_not_write(tmp_path, monkeypatch, capsys):
    more = {"more.txt": synthetic_dump(5, words=80)}
    clean = seed_folder(tmp_path / "clean", more)
    assert run(clean, "import", "raw/technology.txt", "raw/more.txt").returncode == 0
    root = seed_folder(tmp_path / "book", more)
    _fail_renames_after(monkeypatch, 0, errno.EACCES)
    assert bindery(["--root", str(root), "import", *(str(p) for p in sorted(root.glob("raw/*.txt")))]) == 1
    err = capsys.readouterr().err
    assert re.fullmatch(
        r"posts/[a-z0-9-]+\.md: cannot move into place: Permission denied; "
        r"the write is kept in \.bindery-\w+ and finished by the next bindery command\n",
        err,
    )
    monkeypatch.undo()
    assert bindery(["--root", str(root), "recover"]) == 0
    assert staging_folders(root) == []
    assert snapshot(root) == snapshot(clean)


def test_a_second_build_of_the_same_folder_is_refused_in_one_line(tmp_path):
    root = seed_folder(tmp_path / "book")
    assert run(root, "import", "raw/technology.txt").returncode == 0
    out = tmp_path / "html"
    lock = out / ".doctrees" / BUILD_LOCK
    lock.parent.mkdir(parents=True)
    with lock.open("w") as held:  # as a build still running holds it
        fcntl.flock(held, fcntl.LOCK_EX)
        built = sphinx_build(root, out)
        assert (built.returncode, built.stderr) == (
            1,
            f"{lock}: another build is writing {out}; run one build at a time\n",
        )
        assert not (out / "index.html").exists()
    assert sphinx_build(root, out).returncode == 0  # the first build done, the next one runs
