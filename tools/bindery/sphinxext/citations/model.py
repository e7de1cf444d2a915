"""What any citation of a post says, read from its front matter and the
book's configuration: the model every citation format is written from.

Dates keep the precision the source gives: a post dated "2012-03" is cited
as March 2012, never on an invented day.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nameparser import HumanName

from bindery.archive.slugs import slug_for
from bindery.book.catalog import PostRecord
from bindery.dates import ArchiveDate
from bindery.markup.summary import first_sentence
from bindery.sphinxext.posts.page import captures, page_url

if TYPE_CHECKING:
    from sphinx.config import Config

    from bindery.sphinxext.identity import CitedBlog

NO_DATE = "n.d."


# Han characters, kana and hangul: a name written in them is never split
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]")


@dataclass(frozen=True)
class Author:
    """A post's author as citations name them: a person's family and given
    names, with a suffix (Jr., III) kept apart, or a name kept whole as one
    field: the blog itself, or a name written in Chinese, Japanese or Korean
    characters.  The name as written (``name``) is what pages show."""

    name: str
    family: str
    given: str = ""
    suffix: str = ""
    person: bool = True

    @classmethod
    def organisation(cls, name: str) -> Author:
        return cls(name, name, person=False)

    @classmethod
    def parse(cls, name: str, family_first: Collection[str] = ()) -> Author:
        """A person's name, by a clear rule: "Family, Given" as given; a name
        in CJK characters whole; a name the book declares written family
        first (``bindery_family_first``: "Xi Jinping") split after its first
        word; any other by nameparser (particles with the family name,
        titles left out, suffixes apart)."""
        name = " ".join(name.split())
        if _CJK.search(name) and not re.search(r"[A-Za-z]", name):
            return cls(name, name)
        if name.casefold() in {n.casefold() for n in family_first}:
            family, _, given = name.partition(" ")
            return cls(name, family, given)
        parsed = HumanName(name)
        given = " ".join(part for part in (parsed.first, parsed.middle) if part)
        if not parsed.last:  # one word: "Bystander"
            return cls(name, given or name, suffix=parsed.suffix)
        return cls(name, parsed.last, given, parsed.suffix)

    @property
    def whole(self) -> bool:
        """Cited as one field (no given name to invert)."""
        return not self.person or not self.given

    @property
    def given_and_suffix(self) -> str:
        """``Martin Luther, Jr.``: where Zotero keeps a suffix, after the given names."""
        return f"{self.given}, {self.suffix}" if self.suffix else self.given

    def inverted(self) -> str:
        """``Hammersley, Ben``, ``King, Martin Luther, Jr.``; one field as it is."""
        if self.whole:
            return self.name
        return f"{self.family}, {self.given_and_suffix}"

    def demoted(self) -> str:
        """Inverted with the family name's particle after the given names
        (``Beethoven, Ludwig van``), as Chicago and CSL's default sort it."""
        words = self.family.split(" ")
        lead = 0
        while lead < len(words) - 1 and words[lead][:1].islower():
            lead += 1
        if self.whole or not lead:
            return self.inverted()
        particle, family = " ".join(words[:lead]), " ".join(words[lead:])
        suffix = f", {self.suffix}" if self.suffix else ""
        return f"{family}, {self.given} {particle}{suffix}"


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
    # the capture the post was read from (a saved page, a web archive), newest first: its
    # address and, where known, when it was saved (the archived copy)
    archived: tuple[str, ArchiveDate | None] | None = None
    blog_url: str = ""  # the blog's own address

    @classmethod
    def of(cls, info: PostRecord, blog: CitedBlog, config: Config, abstract: str = "") -> Citation:
        """The post's citation, under its own blog's name (``identity.cited_blogs``)."""
        if info.author:
            author = Author.parse(info.author, config.bindery_family_first)
        else:
            author = Author.organisation(blog.author)
        return cls(
            title=info.title,
            author=author,
            blog=blog.name,
            url=page_url(config.html_baseurl, info.address),
            date=_date(info.date),
            updated=_date(info.updated),
            categories=info.categories,
            key=f"{slug_for(blog.name, 'archive')}:{info.slug}",
            language=blog.language,
            abstract=abstract,
            original_url=info.original_url,
            archived=next(iter(captures(info)), None),
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
