"""``blog.yaml``: the blogs a book archives, as their sources describe them,
and their categories' hierarchy.

For each blog: its title, tagline, address and language (``conf.py`` reads
them for the book's own), and the sources it was imported from, with what
each is (a text copy, an export, a fetch, captures) and its date (the
landing page says so).  For each category: its parent, its slug and its
id on the blog; for each tag, its slug and id (the blog's old addresses,
``?cat=12`` and ``?tag=yiwu``, need them).

The import writes it and only ever adds to it (a value set by hand is
kept); the build reads it; both check it by this one schema, so a bad hand
edit is one line naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from bindery.archive.schema import LOADER, check_name, web_address, yaml_problem
from bindery.book.oldaddresses import url_key
from bindery.dates import ArchiveDate
from bindery.errors import DumpError
from bindery.model import API_FETCH, CAPTURES, EXPORT_FILE, TEXT_COPY, BlogIdentity, Dump

BLOG_FILE = "blog.yaml"
FORMS = (TEXT_COPY, EXPORT_FILE, API_FETCH, CAPTURES)
# what a text copy's header names (``Category Archives: Technology``)
ARCHIVES = ("category", "tag", "monthly", "yearly", "daily", "author")
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")
HEADER = (
    "# The blogs this book archives, as their sources describe them, and their\n"
    "# categories' parents.  `bindery import` adds what a new source tells and never\n"
    "# changes what is here: edit it by hand as you like (conf.py reads the first\n"
    "# blog's title, tagline, address and language; set them there to override).\n"
)


@dataclass
class SourceNote:
    """One source of a blog: its file, what it is, and when it was made."""

    file: str
    form: str = TEXT_COPY
    date: str | None = None
    archive: str | None = None  # a text copy's archive page: "category", "monthly"…
    name: str | None = None  # …and what it is of: "Technology", "March 2012"


@dataclass
class Blog:
    title: str | None = None
    tagline: str | None = None
    address: str | None = None
    language: str | None = None
    about: str | None = None  # the landing page's opening, in the maintainer's words (MyST)
    sources: list[SourceNote] = field(default_factory=list)

    @property
    def key(self) -> str | None:
        return url_key(self.address) if self.address else None


@dataclass
class TermNote:
    parent: str | None = None  # categories only: the parent category's name
    slug: str | None = None
    id: int | None = None


@dataclass
class BlogFile:
    blogs: list[Blog] = field(default_factory=list)
    categories: dict[str, TermNote] = field(default_factory=dict)
    tags: dict[str, TermNote] = field(default_factory=dict)

    @property
    def primary(self) -> Blog:
        """The book's own blog: the first (an empty one in a book without any)."""
        return self.blogs[0] if self.blogs else Blog()

    def parents(self) -> dict[str, str]:
        """Category → its parent, for those that have one."""
        return {name: note.parent for name, note in self.categories.items() if note.parent is not None}

    def blog_of_file(self) -> dict[str, int]:
        """Source file → the index of its blog."""
        return {s.file: n for n, blog in enumerate(self.blogs) for s in blog.sources}

    def ancestors(self, category: str) -> list[str]:
        """The category's parent, its parent's parent…, nearest first."""
        out: list[str] = []
        parent = self.categories[category].parent if category in self.categories else None
        while parent is not None and parent not in out and parent != category:
            out.append(parent)
            parent = self.categories[parent].parent if parent in self.categories else None
        return out

    # -- the import's additions ------------------------------------------------

    def add_dump(self, dump: Dump, rename: Callable[[str], str] = str) -> bool:
        """What ``dump`` says of its blog, its own note and its terms, added
        where missing; True if anything was.  ``rename``: a category's name
        now, where it was renamed (``bindery rename-category``)."""
        before = repr(self)
        blog = self._blog_for(dump.blog)
        if blog is None:
            return False
        if not any(s.file == dump.path for b in self.blogs for s in b.sources):
            blog.sources.append(_note_of(dump))
        names = {(t.kind, t.slug): rename(t.name) if t.kind == "category" else t.name for t in dump.terms}
        for term in dump.terms:
            table = self.categories if term.kind == "category" else self.tags
            name = names[(term.kind, term.slug)]
            note = table.setdefault(name, TermNote())
            parent = names.get(("category", term.parent)) if term.parent else None
            if term.kind == "category" and note.parent is None and parent not in (None, name):
                note.parent = parent
            note.slug = note.slug or term.slug
            note.id = note.id if note.id is not None else term.id
        self._break_cycles()
        return repr(self) != before

    def _blog_for(self, identity: BlogIdentity | None) -> Blog | None:
        """The blog a source with ``identity`` belongs to, added if new.  A
        source that names no blog (a text copy) is the first blog's."""
        if identity is None or not (identity.address or identity.title):
            if not self.blogs:
                self.blogs.append(Blog())
            return self.blogs[0]
        key = url_key(identity.address) if identity.address else None
        found = next((b for b in self.blogs if key is not None and b.key == key), None)
        if found is None and key is None:
            found = next((b for b in self.blogs if b.title == identity.title), None)
        if found is None:
            untitled = [b for b in self.blogs if not (b.title or b.address)]
            found = untitled[0] if untitled else None  # the text copies' blog, now named
        if found is None:
            found = Blog()
            self.blogs.append(found)
        for name in ("title", "tagline", "address", "language"):
            if getattr(found, name) is None and getattr(identity, name):
                setattr(found, name, getattr(identity, name))
        return found

    def _break_cycles(self) -> None:
        """A parent added that would make a loop is dropped (sources that
        disagree: one's child is the other's parent)."""
        for name, note in self.categories.items():
            if note.parent is not None and name in [*self.ancestors(note.parent), note.parent]:
                note.parent = None

    def rename_category(self, old: str, new: str) -> None:
        """``bindery rename-category``: the category keeps its place and children."""
        if old in self.categories and new not in self.categories:
            self.categories[new] = self.categories.pop(old)
        for note in self.categories.values():
            if note.parent == old:
                note.parent = new

    # -- text ------------------------------------------------------------------

    def text(self) -> str:
        data: dict[str, Any] = {"blogs": [_plain(b) for b in self.blogs]}
        for kind in ("categories", "tags"):
            table: dict[str, TermNote] = getattr(self, kind)
            if table:
                data[kind] = {name: _plain(note) for name, note in table.items()}
        body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1 << 16)
        return HEADER + body


def _note_of(dump: Dump) -> SourceNote:
    if dump.form == TEXT_COPY:
        return SourceNote(dump.path, TEXT_COPY, dump.made, dump.kind.lower(), dump.name)
    return SourceNote(dump.path, dump.form, dump.made)


def _plain(item: Any) -> dict[str, Any]:
    """A note as YAML writes it: its fields that are set, in order."""
    out: dict[str, Any] = {}
    for f in fields(item):
        value = getattr(item, f.name)
        if isinstance(value, list):
            if value:
                out[f.name] = [_plain(v) for v in value]
        elif value is not None:
            out[f.name] = value
    return out


# -- reading -------------------------------------------------------------------


def load_blog_file(root: Path) -> BlogFile:
    """The book's ``blog.yaml``, checked; an empty one where there is none."""
    path = root / BLOG_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return BlogFile()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DumpError(BLOG_FILE, data[: err.start].count(b"\n") + 1, "not UTF-8") from None
    return parse_blog_file(text)


def parse_blog_file(text: str, path: str = BLOG_FILE) -> BlogFile:
    loader = LOADER(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as err:
        line, problem = yaml_problem(err, text)
        raise DumpError(path, line + 1, f"bad YAML: {problem}") from None
    finally:
        loader.dispose()
    if root is None:
        return BlogFile()
    check = _Checker(path)
    top = check.mapping(root, "the file", {"blogs", "categories", "tags"})
    out = BlogFile()
    if "blogs" in top:
        out.blogs = [check.blog(node) for node in check.sequence(top["blogs"][1], "blogs")]
    for kind in ("categories", "tags"):
        if kind in top:
            table = check.mapping(top[kind][1], kind, None)
            keys = {"parent", "slug", "id"} if kind == "categories" else {"slug", "id"}
            notes = {}
            for name, (key_node, value) in table.items():
                check.text(key_node, f"a {kind[:-1] if kind == 'tags' else 'category'} name", check_name)
                notes[name] = check.term(value, keys)
            setattr(out, kind, notes)
    check.hierarchy(out, top.get("categories", (None, None))[1])
    return out


class _Checker:
    """Reads the YAML nodes into notes, each problem a DumpError at its line."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, node: yaml.Node, message: str) -> DumpError:
        return DumpError(self.path, node.start_mark.line + 1, message)

    def mapping(
        self, node: yaml.Node, what: str, allowed: set[str] | None
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping of names to values")
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            name = str(key.value)
            if not isinstance(key, yaml.ScalarNode):
                raise self.fail(key, f"a key of {what} must be text")
            if allowed is not None and name not in allowed:
                raise self.fail(
                    key, f"unknown field {name!r} in {what} (known: {', '.join(sorted(allowed))})"
                )
            if name in out:
                first = out[name][0].start_mark.line + 1
                raise self.fail(key, f"{name!r} is given twice in {what} (first on line {first})")
            out[name] = (key, value)
        return out

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        return list(node.value)

    def text(self, node: yaml.Node, what: str, check: Callable[[str], object] | None = None) -> str:
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            raise self.fail(node, f"{what} must be non-empty text")
        value = str(node.value)
        if check is not None:
            try:
                check(value)
            except ValueError as err:
                raise self.fail(node, f"{what}: {err}") from None
        return value

    def blog(self, node: yaml.Node) -> Blog:
        keys = {"title", "tagline", "address", "language", "about", "sources"}
        given = self.mapping(node, "a blog", keys)
        blog = Blog()
        for name in ("title", "tagline", "about"):
            if name in given:
                setattr(blog, name, self.text(given[name][1], name))
        if "address" in given:
            blog.address = self.text(given["address"][1], "address", _address)
        if "language" in given:
            blog.language = self.text(given["language"][1], "language", _language)
        if "sources" in given:
            blog.sources = [self.source(n) for n in self.sequence(given["sources"][1], "sources")]
        return blog

    def source(self, node: yaml.Node) -> SourceNote:
        given = self.mapping(node, "a source", {"file", "form", "date", "archive", "name"})
        if "file" not in given:
            raise self.fail(node, "a source must name its file")
        note = SourceNote(self.text(given["file"][1], "file"))
        if "form" in given:
            note.form = self.text(given["form"][1], "form", _one_of(FORMS))
        if "date" in given:
            note.date = self.text(given["date"][1], "date", ArchiveDate.parse)
        if "archive" in given:
            note.archive = self.text(given["archive"][1], "archive", _one_of(ARCHIVES))
        if "name" in given:
            note.name = self.text(given["name"][1], "name")
        return note

    def term(self, node: yaml.Node, keys: set[str]) -> TermNote:
        if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
            return TermNote()
        given = self.mapping(node, "a category or tag", keys)
        note = TermNote()
        if "parent" in given:
            note.parent = self.text(given["parent"][1], "parent", check_name)
        if "slug" in given:
            note.slug = self.text(given["slug"][1], "slug")
        if "id" in given:
            value = self.text(given["id"][1], "id")
            if not value.isdigit():
                raise self.fail(given["id"][1], f"id: must be a whole number, not {value!r}")
            note.id = int(value)
        return note

    def hierarchy(self, blog_file: BlogFile, node: yaml.Node | None) -> None:
        """Every parent is a category of the file, and no category is its own ancestor."""
        if node is None:
            return
        lines = {str(k.value): v for k, v in node.value}
        for name, note in blog_file.categories.items():
            if note.parent is None:
                continue
            where = self.mapping(lines[name], "a category", None)["parent"][1]
            if note.parent not in blog_file.categories:
                raise self.fail(where, f"parent: {note.parent!r} is not a category of this file")
            if name == note.parent or name in blog_file.ancestors(note.parent):
                raise self.fail(where, f"parent: {name!r} would be its own ancestor")


def _address(value: str) -> None:
    if web_address(value) is None:
        raise ValueError(f"{value!r} is not an http(s) address")


def _language(value: str) -> None:
    if not _LANGUAGE.fullmatch(value):
        raise ValueError(f"{value!r} is not a language tag such as 'en' or 'zh-CN'")


def _one_of(choices: Iterable[str]) -> Callable[[str], None]:
    allowed = tuple(choices)

    def check(value: str) -> None:
        if value not in allowed:
            raise ValueError(f"{value!r} is none of {', '.join(allowed)}")

    return check
