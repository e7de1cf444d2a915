"""Generated text files, written only when their text changed.

An unchanged file keeps its time, so Sphinx does not read it again (nor
a browser fetch it again), a rebuild that changed nothing touches
nothing, and diffs stay quiet (as python/peps ``subindices.update_sphinx``
writes its indexes).  The new text goes into a temporary file beside the
target, renamed into place, so that no reader ever sees half of one.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TEMPORARY_PREFIX = ".bindery-"


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` (making its folder if need be) unless the
    file holds it already; returns whether it wrote."""
    try:
        with open(path, encoding="utf-8", newline="") as file:
            if file.read() == text:
                return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    except UnicodeDecodeError:
        pass  # not this text
    data = text.encode("utf-8")
    while True:
        temporary = path.parent / f"{TEMPORARY_PREFIX}{secrets.token_hex(6)}"
        try:  # created as any new file is, with the umask's permissions
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True
