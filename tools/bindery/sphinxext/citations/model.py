"""What any citation of a post says, read from its front matter and the
book's configuration: the model every citation format is written from.

Dates keep the precision the source gives: a post dated "2012-03" is cited
as March 2012, never on an invented day.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bindery.archive.slugs import slug_for
from bindery.book.catalog import PostRecord
from bindery.dates import ArchiveDate
from bindery.markup.summary import first_sentence
from bindery.sphinxext.posts.page import page_url

if TYPE_CHECKING:
    from bindery.sphinxext.identity import CitedBlog

NO_DATE = "n.d."


@dataclass(frozen=True)
class Author:
    """A post's author: a person (family and given names), or the blog
    itself, which citations must keep as one name."""

    name: str
    person: bool

    @property
    def family(self) -> str:
        return self.name.rpartition(" ")[2] if self.person else self.name

    @property
    def given(self) -> str:
        return self.name.rpartition(" ")[0] if self.person else ""

    def inverted(self) -> str:
        """``Hammersley, Ben``; a one-field name stays as it is."""
        return f"{self.family}, {self.given}" if self.person and self.given else self.name


@dataclass(frozen=True)
class Citation:
    """What any citation of a post says."""

    title: str
    author: Author
    blog: str
    url: str
    date: ArchiveDate | None  # as precise as the source: a month, a day or an instant
    updated: ArchiveDate | None
    categories: tuple[str, ...]
    key: str
    language: str
    abstract: str
    original_url: str | None
    blog_url: str = ""  # the blog's own address

    @classmethod
    def of(cls, info: PostRecord, blog: CitedBlog, baseurl: str, abstract: str = "") -> Citation:
        """The post's citation, under its own blog's name (``identity.cited_blogs``)."""
        if info.author:
            author = Author(" ".join(info.author.split()), person=True)
        else:
            author = Author(blog.author, person=False)
        return cls(
            title=info.title,
            author=author,
            blog=blog.name,
            url=page_url(baseurl, info.address),
            date=_date(info.date),
            updated=_date(info.updated),
            categories=info.categories,
            key=f"{slug_for(blog.name, 'archive')}:{info.slug}",
            language=blog.language,
            abstract=abstract,
            original_url=info.original_url,
            blog_url=blog.address,
        )


def _date(text: str | None) -> ArchiveDate | None:
    """A front-matter date, checked when the post was read (``schema.py``)."""
    return ArchiveDate.parse(text) if text else None


def opening(text: str) -> str:
    """A post's abstract: the opening sentence of its first paragraph, by
    the rule the listings show it (``bindery.markup.summary.first_sentence``), so
    that a listing is rewritten whenever an abstract it offers changes."""
    return first_sentence(" ".join(text.split()))
