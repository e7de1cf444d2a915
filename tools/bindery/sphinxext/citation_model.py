"""What any citation of a post says, read from its front matter and the
book's configuration: the model every citation format is written from.

Dates keep the precision the source gives: a post dated "2012-03" is cited
as March 2012, never on an invented day.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..catalog import PostRecord
from ..slugs import slug_for
from ..summary import first_sentence
from .posts import page_url

if TYPE_CHECKING:
    from sphinx.config import Config

NO_DATE = "n.d."
_MONTH = re.compile(r"(\d{4})-(\d{2})")
# a sentence's end, as bindery.pages finds it for the listings


@dataclass(frozen=True)
class PublicationDate:
    """A date as precise as its source: a day, or only a month."""

    year: int
    month: int
    day: int | None
    stamp: str  # as given, for article:published_time (may carry a time and offset)

    @classmethod
    def parse(cls, text: str) -> PublicationDate | None:
        """``2022-01-18T09:30:00+08:00``, ``2022-01-18`` or ``2012-03``; None
        for anything else (the build warns, and cites the text as it stands)."""
        text = text.strip()
        if _MONTH.fullmatch(text):
            year, month = int(text[:4]), int(text[5:])
            return cls(year, month, None, text) if 1 <= month <= 12 else None
        try:
            if len(text) > 10:  # with a time: YAML may have turned its "T" into a space
                moment = datetime.datetime.fromisoformat(text)
                day, text = moment.date(), moment.isoformat()
            else:
                day = datetime.date.fromisoformat(text)
        except ValueError:
            return None
        return cls(day.year, day.month, day.day, text)

    @property
    def month_name(self) -> str:
        return datetime.date(self.year, self.month, 1).strftime("%B")

    def iso(self) -> str:
        """``2022-01-18`` or ``2012-03``."""
        return f"{self.year:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")

    def slashed(self) -> str:
        """``2022/01/18`` or ``2012/03``, as Google Scholar's tags write dates."""
        return self.iso().replace("-", "/")


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
    date: PublicationDate | None
    date_text: str | None  # a date the source gives that is not ISO
    updated: PublicationDate | None
    categories: tuple[str, ...]
    key: str
    language: str
    abstract: str
    original_url: str | None

    @classmethod
    def of(cls, info: PostRecord, config: Config, abstract: str = "") -> Citation:
        date = PublicationDate.parse(info.date) if info.date else None
        blog = config.bindery_blog_name or config.project
        if info.author:
            author = Author(" ".join(info.author.split()), person=True)
        else:
            author = Author(config.bindery_author or config.author, person=False)
        return cls(
            title=info.title,
            author=author,
            blog=blog,
            url=page_url(config.html_baseurl, info.address),
            date=date,
            date_text=None if date or not info.date else info.date,
            updated=PublicationDate.parse(info.updated) if info.updated else None,
            categories=info.categories,
            key=f"{slug_for(blog, 'archive')}:{info.slug}",
            language=config.language or "en",
            abstract=abstract,
            original_url=info.original_url,
        )


def opening(text: str) -> str:
    """A post's abstract: the opening sentence of its first paragraph, by
    the rule the listings show it (``bindery.summary.first_sentence``), so
    that a listing is rewritten whenever an abstract it offers changes."""
    return first_sentence(" ".join(text.split()))
