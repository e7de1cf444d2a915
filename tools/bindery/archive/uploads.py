"""Where a blog's uploaded file lives in the book's copy of its uploads.

A blog's images, recordings and videos are its ``wp-content/uploads/``
folder; a maintainer who has it copies it to ``raw/uploads/``, and the
book shows a file from there (never from the old site).  The importer
reports the files it finds no copy of; the build shows those as marked
placeholders.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

UPLOADS = "raw/uploads"


def upload_path(url: str) -> str | None:
    """Where a file lives under the uploads folder, from its address:
    ``…/wp-content/uploads/2010/01/a.jpg`` or ``*.files.wordpress.com/2010/01/a.jpg``."""
    try:
        parts = urlsplit(url)
    except ValueError:  # ``http://[oops``, in a hand edit: shown as not kept
        return None
    path = unquote(parts.path)
    if "/wp-content/uploads/" in path:
        rel = path.split("/wp-content/uploads/", 1)[1]
    elif parts.netloc.endswith(".files.wordpress.com"):
        rel = path.lstrip("/")
    else:
        return None
    if not rel or any(part in ("", ".", "..") for part in rel.split("/")):
        return None
    return rel


def local_copy(root: Path, addresses: list[str]) -> str | None:
    """The first of a file's addresses (largest first) that the book holds
    a copy of, as its path under ``root``; None if it holds none."""
    for url in addresses:
        rel = upload_path(url)
        if rel is not None and (root / UPLOADS / rel).is_file():
            return f"{UPLOADS}/{rel}"
    return None
