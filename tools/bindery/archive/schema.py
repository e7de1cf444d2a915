"""The front matter of a post: one schema, checked in one place.

The importer and the Sphinx extension both read posts through
``read_front_matter``, so a hand edit is judged by the same rules
wherever it is read, and a bad one is reported by file and line.

``title`` is the title exactly as the source wrote it: a WordPress
title is HTML, and keeps its tags here (``Markup: <em>With</em>``).
How the title is shown is the body's opening heading, written by the
importer: the source's inline formatting (``<em>``, ``<strong>``,
``<code>``…, each closed, and nothing else) as MyST emphasis, strong and
literal text (``# Markup: *With*``); any other title, one that merely
mentions a tag ("Why <div> is bad") or one from a text dump, escaped
as text.  The book names a post as that heading shows it (its listings
with the markup, citations, feeds and ``<title>`` with its plain words:
``book/catalog.py``); a title with no markup is the same either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import yaml

from bindery.archive import yamlout
from bindery.dates import ArchiveDate
from bindery.errors import DumpError

try:
    LOADER: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    LOADER = yaml.SafeLoader

FENCE = "---\n"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")  # the control characters str.split keeps
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# An http(s) address whose host urlsplit reads as it is (no user, no
# brackets, no character it would strip): most addresses, checked without it.
PLAIN_WEB = re.compile(r"https?://[a-z0-9.-]+(?::[0-9]*)?(?:[/?#].*)?", re.IGNORECASE | re.DOTALL)


def check_name(value: object, what: str = "name") -> str:
    """A category, tag or author name: one line of text."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ValueError(f"a {what} must be text, not {type(value).__name__}")
    name = str(value)
    if not name.strip():
        raise ValueError(f"a {what} must not be empty")
    if _CONTROL.search(name):
        raise ValueError(f"{what} {name!r} holds a line break or control character")
    return name


def one_line(text: str) -> str:
    """A name as ``check_name`` takes it: invisible control characters (a
    DEL in an export's category) dropped, white space (a line break in an
    author's name) as single spaces, trimmed."""
    return " ".join(_INVISIBLE.sub("", text).split())


def check_slug(value: object) -> str:
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        raise ValueError(f"{value!r} is not a slug: lowercase ASCII words joined by hyphens")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value).strip():
        raise ValueError("must be non-empty text")
    return str(value)


def _names(what: str) -> Callable[[object], list[str]]:
    def check(value: object) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValueError(f"must be a list of {what} names")
        return list(dict.fromkeys(check_name(v, what) for v in value))

    return check


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"must be a whole number of 0 or more, not {value!r}")
    return value


def _date(value: object) -> str:
    return ArchiveDate.parse(value).text


def _url(value: object) -> str:
    url = _text(value)
    if web_address(url) is None:
        raise ValueError(f"{url!r} is not an http(s) address")
    return url


def web_address(text: str) -> str | None:
    """``text`` if it is an http(s) address with a host, else None (an
    export's addresses may be anything: a commenter's web site given as
    ``http://[my site]``, which ``urlsplit`` refuses, included)."""
    if PLAIN_WEB.fullmatch(text):
        return text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme in ("http", "https") and parts.netloc else None


SOURCE_KEYS = ("file", "line", "url", "captured")


def _sources(value: object) -> list[dict[str, object]]:
    """Where the post came from: each source file, as ``{file: raw/…}``; a
    capture (saved page, mirror, web archive) adds the address the page was
    saved from (``url``) and, where known, when (``captured``, a moment).
    (A ``line`` is still read from the front matter of older books: the
    order of a source's posts is kept in ``posts/sequence.yaml`` now.)"""
    if not isinstance(value, list) or not value:
        raise ValueError("must be a list of {file: ...}")
    out = []
    for item in value:
        if not isinstance(item, dict) or "file" not in item or not set(item) <= set(SOURCE_KEYS):
            raise ValueError(
                f"each source is {{file: ...}} (with url and captured for a capture), not {item!r}"
            )
        source: dict[str, object] = {"file": _text(item["file"])}
        if "line" in item:
            line = item["line"]
            if isinstance(line, bool) or not isinstance(line, int) or line < 1:
                raise ValueError(f"a source's line must be a number of 1 or more, not {line!r}")
            source["line"] = line
        if "url" in item:
            source["url"] = _url(item["url"])
        if "captured" in item:
            captured = ArchiveDate.parse(item["captured"])
            if captured.precision != "time":
                raise ValueError(
                    f"a capture's time is a moment (2015-03-01T12:00:00+00:00), not {captured.text!r}"
                )
            source["captured"] = captured.text
        out.append(source)
    return out


def _slugs(value: object) -> list[str]:
    if not isinstance(value, list):
        raise ValueError("must be a list of slugs")
    return [check_slug(v) for v in value]


@dataclass(frozen=True)
class Field:
    name: str
    check: Callable[[object], object]
    required: bool = False


# In the order they are written; unknown keys are refused (a typo would
# otherwise be silently ignored).
FIELDS = (
    Field("title", _text, required=True),
    Field("slug", check_slug, required=True),
    Field("parent", check_slug),  # a page's parent page, by slug (pages/<parent>.md)
    Field("date", _date),
    Field("updated", _date),
    Field("author", lambda v: check_name(v, "author")),
    Field("categories", _names("category")),
    Field("tags", _names("tag")),
    Field("comments", _count),
    Field("original_url", _url),
    Field("guid", _text),
    Field("wp_id", _count),
    Field("sources", _sources),
    Field("fingerprint", _text),
    Field("generated", _text),
    Field("old_slugs", _slugs),
)
BY_NAME = {f.name: f for f in FIELDS}
KEY_ORDER = tuple(BY_NAME)


def closing_fence(text: str) -> int:
    """Where the '---' line that closes the front matter of ``text`` starts
    (less its line break, so the YAML is ``text[len(FENCE) : end + 1]``); -1
    if none does."""
    return text.find("\n" + FENCE, len(FENCE) - 1)


def read_front_matter(text: str, path: str) -> tuple[dict[str, Any], str]:
    """Split and check a post file: (front matter, body).  A problem is a
    DumpError naming the file and the line to fix."""
    if not text.startswith(FENCE):
        raise DumpError(path, 1, "a post must start with YAML front matter ('---')")
    end = closing_fence(text)
    if end < 0:
        raise DumpError(path, 1, "the front matter is not closed by a '---' line")
    front = text[len(FENCE) : end + 1]
    simple = yamlout.read(front)  # as the importer writes it: read without PyYAML's constructor
    if simple is not None:
        meta, lines = simple[0], {key: line + 2 for key, line in simple[1].items()}
    else:
        meta, lines = _pyyaml(front, path)
    body = text[end + 1 + len(FENCE) :].removeprefix("\n")
    return validate(meta, path, lines), body


def yaml_problem(err: yaml.YAMLError, text: str) -> tuple[int, str]:
    """Where in ``text`` (its line, counted from 0) and what PyYAML found wrong."""
    mark = getattr(err, "problem_mark", None)
    if mark is not None:
        line = mark.line
    elif isinstance(err, yaml.reader.ReaderError):  # a character YAML does not allow: a NUL, say
        line = text[: err.position].count("\n")
    else:
        line = 0
    # (a reader error's text goes on to name "<unicode string>" on a line of its own)
    return line, getattr(err, "problem", None) or str(err).partition("\n")[0]


def _pyyaml(front: str, path: str) -> tuple[dict[Any, Any], dict[str, int]]:
    """Front matter in any shape, read by PyYAML: the mapping and each key's line."""
    loader = LOADER(front)
    node = None
    try:
        node = loader.get_single_node()
        _refuse_repeated_keys(node, path)
        meta = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as err:
        line, problem = yaml_problem(err, front)
        line += 2  # (the front matter starts on the file's second line)
        quoted = _unclosed_quote(front, err)
        if quoted is not None:
            line, problem = quoted + 2, "the quote opened on this line is not closed"
        raise DumpError(path, line, f"bad YAML in front matter: {problem}") from None
    except _REFUSED as err:  # a value YAML reads as a type that refuses it: a date in month 13
        refused = _refused(node)
        line = int(refused.start_mark.line) + 2 if refused is not None else 2
        if isinstance(err, ValueError) or refused is None:
            problem = str(err).split(";")[0]  # (not Python's advice on its limit for long numbers)
        else:  # PyYAML's own failure (`!!bool maybe`, `!!timestamp soon`): say what it was given
            problem = f"{refused.value[:60]!r} is not a {str(refused.tag).rsplit(':', 1)[-1]}"
        raise DumpError(path, line, f"bad value in front matter: {problem}") from None
    finally:
        loader.dispose()
    if not isinstance(meta, dict) or node is None:
        raise DumpError(path, 2, "the front matter must be a mapping of fields")
    return meta, {str(k.value): k.start_mark.line + 2 for k, _ in node.value}


def _refuse_repeated_keys(node: yaml.Node | None, path: str) -> None:
    """YAML lets the last of two equal keys win (``comments: 19`` then
    ``comments: 0``), so a hand edit that adds a field already there would
    silently lose one of the two values: refuse it, naming both lines."""
    nodes = [node] if node is not None else []
    while nodes:
        current = nodes.pop()
        if isinstance(current, yaml.SequenceNode):
            nodes.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            seen: dict[tuple[str, str], int] = {}
            for key, value in current.value:
                nodes.append(value)
                if not isinstance(key, yaml.ScalarNode):
                    continue
                line = key.start_mark.line + 2
                first = seen.setdefault((key.tag, key.value), line)
                if first != line:
                    raise DumpError(
                        path, line, f"{key.value!r} is given twice, on lines {first} and {line}: keep one"
                    )


def _unclosed_quote(front: str, err: yaml.YAMLError) -> int | None:
    """The line (0-based) of the quote a hand edit left open, if that is
    what ``err`` is about.  A quoted value may run over several lines, so
    YAML reads on to the end of the front matter (and reports its last
    line), or to the next quote, as if it closed this one (and reports
    what follows it); either way the line to fix is the one the quote
    opened on."""
    context, problem = getattr(err, "context_mark", None), getattr(err, "problem_mark", None)
    if getattr(err, "context", None) == "while scanning a quoted scalar" and context is not None:
        trouble, opened = context, int(context.line)
    elif problem is not None:
        trouble, opened = problem, None
    else:
        return None
    # the quoted value over several lines that runs into the trouble (with
    # nothing after it but on the line it ends on)
    found = None
    try:
        for token in yaml.scan(front, Loader=LOADER):
            if token.start_mark.index >= trouble.index:
                break
            if found is not None and token.start_mark.line > found.end_mark.line:
                found = None
            quoted = isinstance(token, yaml.ScalarToken) and not token.plain
            if quoted and token.start_mark.line < token.end_mark.line:
                found = token
    except yaml.YAMLError:
        pass
    return int(found.start_mark.line) if found is not None else opened


# what PyYAML's safe constructor raises on a value that its type (implicit, or
# given by a tag) refuses, besides its own errors: a ValueError from datetime or
# int, and a KeyError or AttributeError where it assumes its regular expression matched
_REFUSED = (ValueError, KeyError, AttributeError, TypeError, OverflowError)


def _refused(node: yaml.Node | None) -> yaml.ScalarNode | None:
    """The first value in ``node`` that YAML's safe constructor refuses."""
    nodes = [node] if node is not None else []
    while nodes:
        current = nodes.pop(0)
        if isinstance(current, yaml.ScalarNode):
            try:
                yaml.constructor.SafeConstructor().construct_object(current)
            except _REFUSED:
                return current
            except yaml.YAMLError:  # another refusal (an unknown tag), which PyYAML met later
                pass  # (it builds nested lists last): not the value looked for
        elif isinstance(current, yaml.SequenceNode):
            nodes[:0] = current.value
        elif isinstance(current, yaml.MappingNode):
            nodes[:0] = [part for pair in current.value for part in pair]
    return None


def validate(meta: dict[Any, Any], path: str, lines: dict[str, int] | None = None) -> dict[str, Any]:
    """The front matter, checked and in canonical form (dates as ISO text)."""
    lines = lines or {}
    out: dict[str, Any] = {}
    for key, value in meta.items():
        line = lines.get(str(key), 2)
        field = BY_NAME.get(str(key))
        if field is None:
            known = ", ".join(KEY_ORDER)
            raise DumpError(path, line, f"unknown front matter field {key!r} (known: {known})")
        try:
            out[field.name] = field.check(value)
        except ValueError as err:
            raise DumpError(path, line, f"{field.name}: {err}") from None
    for field in FIELDS:
        if field.required and field.name not in out:
            raise DumpError(path, 2, f"the front matter has no {field.name!r}")
    return out
