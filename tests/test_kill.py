"""An import killed (SIGKILL) at any moment never corrupts the archive,
and the next command finishes or rolls back what it was writing."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

from bindery.archive import journal
from bindery.archive.manifest import MANIFEST, Manifest
from bindery.archive.store import load_posts
from bindery.cli import main as bindery
from bindery.dev.synthetic import synthetic_dump

from .conftest import BOOK_FILES, ROOT
from .test_cli import BINDERY, snapshot

KILLS = 15
POSTS = 100
SAID = {  # what the next command says, by what the kill left
    "committed, unfinished": r"bindery: \.bindery-\w+: finished a write that was cut short "
    r"\(\d+ files still to move were moved into place\)\n",
    "staged, uncommitted": r"bindery: \.bindery-\w+: rolled back a write that was cut short "
    r"before it changed anything\n",
    "finished": "",
    "nothing written": "",
}


def fresh_book(root: Path, dump: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    (root / "raw").mkdir(parents=True)
    for name in BOOK_FILES:
        shutil.copy(ROOT / name, root / name)
    shutil.copy(dump, root / "raw" / dump.name)
    return root


def state_after_kill(root: Path) -> str:
    """What the kill left: every post file must parse, and so must the
    manifest, whatever the moment."""
    load_posts(root)  # raises on a half-written or broken post file
    if (root / MANIFEST).exists():
        Manifest.parse((root / MANIFEST).read_text(encoding="utf-8"))
    if journal.unfinished(root):
        return "committed, unfinished"
    if list(root.glob(f"{journal.STAGING_PREFIX}*")):
        return "staged, uncommitted"
    return "finished" if (root / "posts").exists() else "nothing written"


def kill_at(
    process: subprocess.Popen[str], root: Path, trigger: str, delay: float, sig: int = signal.SIGKILL
) -> None:
    """SIGKILL ``process`` ``delay`` seconds after ``trigger``: its start,
    the moment its staging folder appears, or the moment its journal is
    committed.  Watching the tree, not the clock, puts kills inside the
    short write phase however loaded the machine is."""
    if trigger != "start":
        while process.poll() is None and not _reached(root, trigger):
            time.sleep(0.0002)
    time.sleep(delay)
    process.send_signal(sig)
    process.wait()


def _reached(root: Path, trigger: str) -> bool:
    with os.scandir(root) as entries:
        staging = [e.path for e in entries if e.name.startswith(journal.STAGING_PREFIX)]
    return bool(staging) and (trigger == "staging" or os.path.exists(f"{staging[0]}/{journal.JOURNAL}"))


def test_an_import_killed_at_random_moments(tmp_path, capsys):
    dump = tmp_path / "synthetic.txt"
    dump.write_text(synthetic_dump(POSTS, seed=7, words=60), encoding="utf-8")
    root = tmp_path / "book"
    command = [str(BINDERY), "import", "-q", f"raw/{dump.name}"]

    fresh_book(root, dump)
    started = time.monotonic()
    subprocess.run(command, cwd=root, check=True)
    one_shot = time.monotonic() - started
    clean = snapshot(root)

    rng = random.Random(11)
    states: Counter[str] = Counter()
    for kill in range(KILLS):
        fresh_book(root, dump)
        trigger = ("start", "staging", "journal")[kill % 3]
        if trigger == "start":
            delay = rng.uniform(0, one_shot)
        elif trigger == "staging":
            delay = rng.uniform(0, 0.005)
        else:  # the journal lives only while 100 files are renamed, a millisecond or two
            delay = rng.uniform(0, 0.0005)
        kill_at(subprocess.Popen(command, cwd=root), root, trigger, delay)
        state = state_after_kill(root)
        states[state] += 1
        # the next command finishes (or undoes) the write, says so, and imports
        assert bindery(["--root", str(root), "import", "-q", str(root / "raw" / dump.name)]) == 0
        said = capsys.readouterr().err
        assert re.fullmatch(SAID[state], said), (state, said)
        assert not list(root.glob(f"{journal.STAGING_PREFIX}*"))
        assert snapshot(root) == clean
    with capsys.disabled():
        print(f"\n{KILLS} kills of an import of {POSTS} posts left: {dict(states)}")
    # kills landed in both phases of the write, not only before or after it
    assert states["staged, uncommitted"] and states["committed, unfinished"], states


def test_an_interrupted_import_says_so_in_one_line(tmp_path):
    dump = tmp_path / "synthetic.txt"
    dump.write_text(synthetic_dump(POSTS, seed=7, words=60), encoding="utf-8")
    root = fresh_book(tmp_path / "clean", dump)
    command = [str(BINDERY), "import", "-q", f"raw/{dump.name}"]
    subprocess.run(command, cwd=root, check=True)
    clean = snapshot(root)
    for trigger in ("staging", "journal"):
        root = fresh_book(tmp_path / trigger, dump)
        process = subprocess.Popen(
            command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        kill_at(process, root, trigger, 0, signal.SIGINT)  # Ctrl-C
        out, err = process.communicate()
        if process.returncode == 0:  # finished before the signal came: nothing to check
            continue
        assert (process.returncode, out, err) == (
            130,
            "",
            "bindery: interrupted; the next bindery command finishes any write left undone\n",
        )
        assert subprocess.run(command, cwd=root).returncode == 0
        assert snapshot(root) == clean
