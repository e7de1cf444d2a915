"""All-or-nothing writes: stage every file, journal the renames, then rename.

A write goes through three states, each safe to be cut short in:

1. staging: the new texts are written into a ``.bindery-*`` folder beside
   the tree; the tree is untouched.  Cut short here, the next command
   rolls back: it deletes the folder.
2. committed: a journal naming every staged file's target and every
   file to remove appears in the folder, atomically (written aside, then
   renamed).  From here on the write is as good as done: the next
   command rolls it forward, renaming what is still staged.
3. done: every rename made, the journal and the folder are removed.

Renames within one file system are atomic, so a reader (or a crash)
never sees a half-written file, only a tree part old and part new, and
only while a journal exists; the Sphinx extension refuses to build then.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

from bindery.errors import BinderyError

STAGING_PREFIX = ".bindery-"
JOURNAL = "journal.json"
log = logging.getLogger("bindery")


def write_atomically(root: Path, changed: Iterable[tuple[str, str]], remove: Sequence[str]) -> list[str]:
    """Write ``changed`` (path, text pairs) and remove ``remove`` under
    ``root``, all or nothing (see the module's docstring); returns the
    paths written.  ``changed`` may be a stream: each text is staged as it
    comes (while the next is still being made), and nothing is committed
    before the last.  An OS error (a full disk, a read-only folder) is a
    BinderyError naming the file."""
    pairs = iter(changed)
    first = next(pairs, None)
    if first is None and not remove:
        return []
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    except OSError as err:
        raise BinderyError(f"{root}: cannot write here: {err.strerror}; nothing was changed") from None
    committed = False
    try:
        # a path given twice is written as last given (the first staged copy
        # stays behind, and goes with the folder)
        writes: dict[str, str] = {}
        folder = str(staging)
        for index, (rel, text) in enumerate(itertools.chain([first] if first else [], pairs)):
            try:
                _write_new(os.path.join(folder, str(index)), text.encode("utf-8"))
            except OSError as err:
                raise BinderyError(f"{rel}: cannot write: {err.strerror}; nothing was changed") from None
            writes.pop(rel, None)
            writes[rel] = str(index)
        entry = staging / f"{JOURNAL}.part"
        plan = [[name, rel] for rel, name in writes.items()]
        try:
            entry.write_text(json.dumps({"write": plan, "remove": list(remove)}), encoding="utf-8")
            os.replace(entry, staging / JOURNAL)
        except OSError as err:
            raise BinderyError(f"{entry}: cannot write: {err.strerror}; nothing was changed") from None
        committed = True
        _roll_forward(root, staging)
    finally:
        if not committed:
            shutil.rmtree(staging, ignore_errors=True)
    return list(writes)


def _write_new(path: str, data: bytes) -> None:
    """``data`` into a new file: by file descriptor, at half what a
    ``Path.write_text`` costs (an import stages thousands of files)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def unfinished(root: Path) -> list[Path]:
    """Journals of writes that were committed but never finished."""
    return sorted(root.glob(f"{STAGING_PREFIX}*/{JOURNAL}"))


def recover(root: Path) -> None:
    """Finish every committed write an earlier command left behind, and
    delete the staging folders of uncommitted ones; log what was done.
    Call it only while holding the archive's lock."""
    for staging in sorted(p for p in root.glob(f"{STAGING_PREFIX}*") if p.is_dir()):
        if (staging / JOURNAL).exists():
            moved = _roll_forward(root, staging)
            log.warning(
                f"{staging.name}: finished a write that was cut short "
                f"({moved} files still to move were moved into place)"
            )
        else:
            shutil.rmtree(staging)
            log.warning(f"{staging.name}: rolled back a write that was cut short before it changed anything")


def _roll_forward(root: Path, staging: Path) -> int:
    """Make every rename and removal the journal names; idempotent, so a
    recovery cut short is finished by the next one.  Returns the number
    of files moved."""
    journal = staging / JOURNAL
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
        writes = [(str(name), _inside(rel)) for name, rel in plan["write"]]
        removes = [_inside(rel) for rel in plan["remove"]]
    except (ValueError, KeyError, TypeError) as err:
        raise BinderyError(f"{journal}:1: unreadable journal ({err}); restore the tree from git") from None
    moved = 0
    rel = ""
    folders: set[str] = set()  # made (or found) already: one mkdir a folder, not a file
    # strings, not paths: pathlib would cost more than the renames
    base, folder = str(root), str(staging)
    try:
        for name, rel in writes:
            target = os.path.join(base, rel)
            parent = os.path.dirname(target)
            if parent not in folders:
                os.makedirs(parent, exist_ok=True)
                folders.add(parent)
            try:
                os.replace(os.path.join(folder, name), target)
            except FileNotFoundError:
                if os.path.exists(os.path.join(folder, name)):
                    raise
                continue  # moved already, by a recovery cut short
            moved += 1
        for rel in removes:
            (root / rel).unlink(missing_ok=True)
        journal.unlink()
        shutil.rmtree(staging)
    except OSError as err:
        raise BinderyError(
            f"{rel or journal.relative_to(root)}: cannot move into place: {err.strerror}; the write "
            f"is kept in {staging.name} and finished by the next bindery command"
        ) from None
    return moved


def _inside(rel: object) -> str:
    """A path the journal names, checked to lie inside the book."""
    path = PurePosixPath(str(rel))
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"{rel!r} is not a path inside the book")
    return path.as_posix()
