"""The blogs a book archives (``blog.yaml``), in the build: a bad hand edit
of the file stops the build in one line, and each post is cited under its
own blog's name and address.

The book's first blog is named as ``conf.py`` says (which reads the file,
and may override it); any other blog as the file says.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bindery.archive.blogfile import BlogFile, load_blog_file
from bindery.book.identity import settings_of
from bindery.errors import BinderyError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


@dataclass(frozen=True)
class CitedBlog:
    """A blog as its posts' citations name it."""

    name: str
    address: str
    author: str  # the one-field author of a post that names no person
    language: str


def check_blog_file(app: Sphinx, config: Config) -> None:
    """``conf.py`` read blog.yaml without a word about a problem in it: say it now."""
    try:
        load_blog_file(Path(app.srcdir))
    except BinderyError as err:
        print(err, file=sys.stderr)
        raise SystemExit(1) from None


def cited_blogs(blog_file: BlogFile, config: Config) -> list[CitedBlog]:
    """Each blog of the file, by index; the first as ``conf.py`` names it."""
    first = CitedBlog(
        name=config.bindery_blog_name or config.project,
        address=config.bindery_blog_url,
        author=config.bindery_author or config.author,
        language=config.language or "en",
    )
    out = [first]
    for blog in blog_file.blogs[1:]:
        settings = settings_of(blog)
        name = settings.name or settings.title
        out.append(CitedBlog(name, settings.address, name, settings.language))
    return out
