"""A large export is converted in a pool of processes: the same book as
in one process, and no process left behind when the import is killed or
interrupted."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bindery import pool
from bindery.archive.store import load_posts, parse_post, write_files
from bindery.dev.synthetic import synthetic_wxr
from bindery.errors import DumpError
from bindery.importer.run import import_dumps
from bindery.sphinxext import parallel

from .conftest import read_source
from .test_cli import BINDERY, snapshot
from .test_wxr import new_book


def write_export(path: Path, posts: int, words: int) -> Path:
    with path.open("w", encoding="utf-8") as file:
        file.writelines(synthetic_wxr(posts, words=words))
    return path


def children(pid: int) -> list[int]:
    """The live (not zombie) child processes of ``pid``."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        out.extend(int(c) for c in task.read_text().split())
    return [c for c in out if alive(c)]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.02)
    return False


def test_a_pool_converts_an_export_as_one_process_does(tmp_path, monkeypatch):
    export = write_export(tmp_path / "big.xml", 300, 120)
    submitted = []
    submit = pool.ChunkConverter._submit

    def counting(self, chunk):
        submitted.append(len(chunk))
        return submit(self, chunk)

    monkeypatch.setattr(pool.ChunkConverter, "_submit", counting)
    monkeypatch.setattr(pool, "worker_count", lambda: 2)
    pooled = read_source(export, "raw/big.xml")
    assert sum(submitted) == 256  # four full chunks went to the pool, the rest was done here
    monkeypatch.setattr(pool, "worker_count", lambda: 0)
    alone = read_source(export, "raw/big.xml")
    assert len(pooled.posts) == len(alone.posts) == 270
    assert pooled == alone  # every field of every post, in the same order
    assert [p.key for p in pooled.posts] == [p.key for p in alone.posts]
    assert len(submitted) == 4  # the second read started no pool


def started_import(tmp_path: Path) -> tuple[subprocess.Popen[str], Path, list[int]]:
    """A large import under way, once its workers are converting."""
    book = new_book(tmp_path / "book", {})
    write_export(book / "raw" / "big.xml", 3000, 300)
    process = subprocess.Popen(
        [str(BINDERY), "import", "raw/big.xml"],
        cwd=book,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    if not wait_for(lambda: len(children(process.pid)) == 2, 60):
        process.kill()
        pytest.fail(f"the import started no workers: {process.communicate()}")
    return process, book, children(process.pid)


def test_a_killed_import_leaves_no_worker_behind(tmp_path):
    process, book, workers = started_import(tmp_path)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for pipe in (process.stdout, process.stderr):  # a worker left behind would hold them open
        assert pipe is not None
        pipe.close()
    assert wait_for(lambda: not any(alive(w) for w in workers), 5), "workers outlived the import"
    # the lock the workers shared is free: the next command runs at once
    started = time.monotonic()
    result = subprocess.run(
        [str(BINDERY), "recover"],
        cwd=book,
        capture_output=True,
        text=True,
        env={**os.environ, "BINDERY_LOCK_WAIT": "2"},
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert time.monotonic() - started < 5
    assert not (book / "posts").exists()  # killed while reading: nothing was written


def _worker_of(parent: int) -> None:
    try:
        pool._start_worker(parent)
    except BaseException:
        os._exit(3)  # not the watcher's exit
    time.sleep(30)  # a worker waiting for work


def test_a_worker_whose_caller_died_before_it_started_exits():
    """A worker forked just before its caller was killed starts with
    another parent already: told the caller's id before the fork, it
    exits rather than wait for work forever."""
    ended = subprocess.Popen(["true"])
    ended.wait()  # a process id that is no one's now
    worker = multiprocessing.get_context("fork").Process(target=_worker_of, args=(ended.pid,))
    worker.start()
    worker.join(5)
    if worker.exitcode is None:
        worker.kill()
    assert worker.exitcode == 1


def test_an_interrupted_import_says_so_once(tmp_path):
    process, book, workers = started_import(tmp_path)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the workers too
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr == ("bindery: interrupted; the next bindery command finishes any write left undone\n")
    assert not any(alive(w) for w in workers)
    assert not (book / "posts").exists()


def test_an_import_in_worker_processes_writes_what_one_process_writes(tmp_path, monkeypatch):
    """Posts converted by the pool: the same book, byte for byte, as with
    no pool at all."""
    books = []
    for workers in (2, 0):
        monkeypatch.setattr(pool, "worker_count", lambda workers=workers: workers)
        book = new_book(tmp_path / f"book{workers}", {})
        write_export(book / "raw" / "big.xml", 300, 120)
        import_dumps([book / "raw" / "big.xml"], book)
        books.append(snapshot(book))
    assert len([p for p in books[0] if p.startswith("posts/")]) == 270
    assert books[0] == books[1]


def test_a_stream_of_files_that_fails_midway_writes_nothing(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "kept.md").write_text("old\n", encoding="utf-8")
    before = snapshot(tmp_path)

    def files():
        yield "posts/kept.md", "new\n"
        yield "posts/a.md", "a\n"
        raise RuntimeError("the third text could not be made")

    with pytest.raises(RuntimeError):
        write_files(tmp_path, files())
    assert snapshot(tmp_path) == before  # nothing moved in, no staging folder left
    assert write_files(tmp_path, iter([("posts/kept.md", "old\n")])) == []  # unchanged: nothing done
    assert snapshot(tmp_path) == before


def test_posts_read_by_workers_are_the_posts_read_here(tmp_path, monkeypatch):
    book = new_book(tmp_path / "book", {})
    import_dumps([write_export(book / "raw" / "big.xml", 300, 60)], book)
    monkeypatch.setattr(pool, "worker_count", lambda: 2)
    pooled = load_posts(book)
    monkeypatch.setattr(pool, "worker_count", lambda: 0)
    alone = load_posts(book)
    assert len(pooled) == 270
    assert list(pooled.items()) == list(alone.items())  # every post, front matter and body, in order


def test_a_bad_post_read_by_a_worker_is_the_first_bad_one_in_one_line(tmp_path, monkeypatch):
    """Two hand edits gone wrong among 270 posts, read in chunks by worker
    processes: the error is the first bad file's, named with its line,
    whichever worker read it, and the tree is left as it was."""
    book = new_book(tmp_path / "book", {})
    import_dumps([write_export(book / "raw" / "big.xml", 300, 60)], book)
    names = sorted(p.name for p in (book / "posts").glob("*.md") if p.name != "index.md")
    for name in (names[250], names[130]):  # in the third chunk and the fifth
        path = book / "posts" / name
        path.write_text(
            path.read_text(encoding="utf-8").replace("comments:", "comments: [", 1), encoding="utf-8"
        )
    first = f"posts/{names[130]}"
    with pytest.raises(DumpError) as alone:
        parse_post((book / first).read_text(encoding="utf-8"), first)
    assert alone.value.path == first and "bad YAML in front matter" in alone.value.message
    monkeypatch.setattr(pool, "worker_count", lambda: 2)
    with pytest.raises(DumpError) as pooled:
        load_posts(book)
    assert str(pooled.value) == str(alone.value)
    before = snapshot(book)
    result = subprocess.run([str(BINDERY), "import", "raw/big.xml"], cwd=book, capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (1, f"{alone.value}\n")
    assert snapshot(book) == before


def _send_freeze_count(send) -> None:
    send.send(gc.get_freeze_count())


def test_a_forked_process_leaves_what_it_inherits_out_of_its_collections():
    """sphinxext/parallel.py: each reader and writer Sphinx forks starts
    with the main process's heap frozen (its collections do not walk it
    again); the main process collects as before."""
    parallel.freeze_heap_for_forks()
    context = multiprocessing.get_context("fork")  # as Sphinx starts them
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_send_freeze_count, args=(send,))
    child.start()
    inherited = receive.recv()
    child.join()
    assert inherited > 10_000  # the test process's own objects, frozen in the child
    assert gc.get_freeze_count() == 0
