"""Read what ``bindery fetch`` saved of a blog's REST API as a stream of posts.

``raw/<site>/`` holds one folder per fetch (``2024-05-01T120000Z/``),
each with every API response as it was received and ``fetch.json``, the
index that names each response's request address, when it was fetched
and what it lists.  A later fetch holds only what was new or changed
since, so the folders are read in order and a post's (or comment's)
latest version wins; a post the live blog no longer serves stays in an
earlier folder and so stays in the book.

The posts are the ones the WXR reader makes of the same content (the
same fields, the same HTML converter), from what the public API shows
anonymously: published posts and pages, approved comments.  A
password-protected post (the API lists it, its text withheld) is counted
and skipped, as an export's is; anything else not published is too,
should a hand-made file hold one.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bindery.archive.schema import one_line, web_address
from bindery.errors import DumpError
from bindery.markup.htmlconv import Comment, convert_post
from bindery.model import API_FETCH, FETCH, Dump, Post, Source, Term, post_key
from bindery.pool import ChunkConverter
from bindery.sources.wxr import NO_TITLE, decode_entities, wp_date

INDEX = "fetch.json"  # a fetch folder's index of its responses
FORMAT = "bindery-fetch/1"
# what a response lists, as the index names it
POSTS, PAGES, COMMENTS, CATEGORIES, TAGS, USERS = "posts", "pages", "comments", "categories", "tags", "users"
LISTING = "listing"  # ids and modification times only: what changed since the last fetch
KINDS = (POSTS, PAGES, COMMENTS, CATEGORIES, TAGS, USERS, LISTING)
LINKBACKS = ("pingback", "trackback")


def is_fetch(folder: Path) -> bool:
    return (folder / INDEX).is_file()


def fetch_folders(path: Path) -> list[Path]:
    """The fetch folders ``path`` is, or holds, oldest first (their names are
    the times the fetches started)."""
    if is_fetch(path):
        return [path]
    try:
        return sorted(child for child in path.iterdir() if child.is_dir() and is_fetch(child))
    except OSError:
        return []


class RestReader:
    """What ``bindery fetch`` saved of a WordPress site's REST API."""

    name = "a fetch of a blog's REST API"
    rank = FETCH
    ordered = False  # the API's order is the query's, not the blog's pages'

    def sniff(self, path: Path, head: bytes) -> bool:
        """A folder that is, or holds, a fetch (its ``fetch.json``)."""
        return not head and path.is_dir() and bool(fetch_folders(path))

    def read(self, path: Path, display: str, hints: tuple[object, ...]) -> Generator[Post, None, Dump]:
        return (yield from read_fetches(path, display))


READER = RestReader()


@dataclass
class SiteState:
    """Everything the saved responses say, each item at its latest version."""

    items: dict[str, dict[int, dict[str, Any]]] = field(
        default_factory=lambda: {kind: {} for kind in (POSTS, PAGES, COMMENTS, CATEGORIES, TAGS, USERS)}
    )


def load_state(path: Path, display: str) -> SiteState:
    """Every saved response of every fetch under ``path``, in order."""
    state = SiteState()
    for folder in fetch_folders(path):
        shown = display if folder == path else f"{display}/{folder.name}"
        for entry, data in read_responses(folder, shown):
            add_response(state, entry["kind"], data, f"{shown}/{entry['file']}")
    return state


def read_index(folder: Path, display: str) -> dict[str, Any]:
    index = _load_json(folder / INDEX, f"{display}/{INDEX}")
    where = f"{display}/{INDEX}"
    if not isinstance(index, dict) or index.get("format") != FORMAT:
        raise DumpError(where, 1, f'not a fetch\'s index (no "format": "{FORMAT}")')
    responses = index.get("responses")
    if not isinstance(responses, list) or not all(_is_entry(e) for e in responses):
        raise DumpError(where, 1, 'its "responses" must be a list of {"file", "url", "fetched", "kind"}')
    return index


def _is_entry(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and all(isinstance(entry.get(key), str) for key in ("file", "url", "fetched", "kind"))
        and entry["kind"] in KINDS
        and "/" not in entry["file"]
        and not entry["file"].startswith(".")
    )


def read_responses(folder: Path, display: str) -> Iterator[tuple[dict[str, Any], Any]]:
    """Each response the index names, with its parsed JSON."""
    for entry in read_index(folder, display)["responses"]:
        yield entry, _load_json(folder / entry["file"], f"{display}/{entry['file']}")


def _load_json(path: Path, display: str) -> Any:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DumpError(display, 1, f"cannot read: {err.strerror}") from None
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise DumpError(display, line, "not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise DumpError(display, err.lineno, f"not JSON: {err.msg}", err.colno) from None


def add_response(state: SiteState, kind: str, data: Any, display: str) -> None:
    """Fold one response into the state; ``DumpError`` if it is not the
    shape its kind has."""
    if kind == LISTING:
        return  # what the fetch compared; the content responses hold the rest
    problem = shape_problem(kind, data)
    if problem:
        raise DumpError(display, 1, problem)
    items = state.items[kind]
    for item in data:
        items[item["id"]] = item


def shape_problem(kind: str, data: Any) -> str | None:
    """What is wrong with a response of ``kind`` (a list of objects, each
    with a whole-number ``id`` and the fields the reader reads), or None."""
    what = kind[:-1] if kind.endswith("s") else kind
    if not isinstance(data, list):
        return f"not a list of {kind} (a JSON {type(data).__name__.replace('dict', 'object')})"
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict) or not _whole(item.get("id")):
            return f"item {number}: not a {what} (no whole-number id)"
        missing = [name for name, test in _FIELDS.get(kind, {}).items() if not test(item.get(name))]
        if missing:
            return f"item {number} ({what} {item['id']}): no {', no '.join(missing)}"
    return None


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _rendered(value: object) -> bool:
    return isinstance(value, dict) and isinstance(value.get("rendered"), str)


def _text(value: object) -> bool:
    return isinstance(value, str)


def _ids(value: object) -> bool:
    return isinstance(value, list) and all(_whole(v) for v in value)


_ENTRY = {"title": _rendered, "content": _rendered, "date": _text, "link": _text, "status": _text}
_FIELDS: dict[str, dict[str, Any]] = {
    POSTS: {**_ENTRY, "categories": _ids, "tags": _ids},
    PAGES: _ENTRY,
    COMMENTS: {"post": _whole, "content": _rendered, "date": _text},
    CATEGORIES: {"name": _text},
    TAGS: {"name": _text},
    USERS: {"name": _text},
}


def read_fetches(path: Path, display: str) -> Generator[Post, None, Dump]:
    """The posts and pages of every fetch under ``path``, each at its
    latest version; returns the rest of the ``Dump``."""
    state = load_state(path, display)
    skipped: Counter[str] = Counter()
    raws = published(state, skipped)
    with ChunkConverter(functools.partial(_posts, display=display)) as converter:
        yield from converter.run(raws)
    if not raws and not skipped:
        raise DumpError(f"{display}/{INDEX}" if is_fetch(path) else display, 1, "a fetch with no posts")
    return Dump(
        display,
        "Fetch",
        display,
        (),
        skipped=dict(skipped),
        old_terms=old_term_addresses(state),
        form=API_FETCH,
        made=_fetch_day(path),
        terms=fetched_terms(state),
    )


def published(state: SiteState, skipped: Counter[str]) -> list[RawEntry]:
    """The published posts and pages a state holds, with their terms,
    author and comments; the rest counted in ``skipped``.  (A web archive
    holds API responses too: ``sources/warc.py`` reads them through this.)"""
    comments = _comments_by_post(state)
    raws = []
    for kind in (POSTS, PAGES):
        for wp_id in sorted(state.items[kind]):
            raw = _raw_entry(state, kind, wp_id, comments.get(wp_id, []), skipped)
            if raw is not None:
                raws.append(raw)
    return raws


def post_of(raw: RawEntry, display: str) -> Post:
    """A published post or page as a ``Post`` (its text through the HTML converter)."""
    return _post(raw, display)


def _fetch_day(path: Path) -> str | None:
    """The day of the latest fetch (its folder: ``2024-05-01T120000Z``)."""
    days = [f.name[:10] for f in fetch_folders(path)] or [path.name[:10]]
    return days[-1] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", days[-1]) else None


def fetched_terms(state: SiteState) -> tuple[Term, ...]:
    """The blog's categories and tags, with their slugs, ids and (categories) parents."""
    out = []
    slugs = {term.get("id"): term.get("slug") for term in state.items[CATEGORIES].values()}
    for kind, taxonomy in (("category", CATEGORIES), ("tag", TAGS)):
        for term in state.items[taxonomy].values():
            name, slug = _term_name(term), term.get("slug")
            if not name or not isinstance(slug, str) or not slug:
                continue
            parent = slugs.get(term.get("parent")) if kind == "category" else None
            out.append(
                Term(
                    kind,
                    name,
                    unquote(slug),
                    unquote(parent) if isinstance(parent, str) else None,
                    term["id"],
                )
            )
    return tuple(out)


@dataclass(frozen=True)
class RawEntry:
    """A published post's public fields: what a worker process needs to make its ``Post``."""

    kind: str
    item: dict[str, Any]
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    author: str | None
    comments: tuple[Comment, ...]


def _raw_entry(
    state: SiteState, kind: str, wp_id: int, comments: list[Comment], skipped: Counter[str]
) -> RawEntry | None:
    item = state.items[kind][wp_id]
    status = item.get("status")
    if status != "publish":
        skipped[{"future": "scheduled"}.get(str(status), str(status or "no status"))] += 1
        return None
    if item["content"].get("protected") or item.get("excerpt", {}).get("protected"):
        skipped["password-protected"] += 1
        return None

    def names(taxonomy: str) -> tuple[str, ...]:
        terms = state.items[taxonomy]
        found = (terms.get(term_id) for term_id in item.get(taxonomy) or [])
        return tuple(dict.fromkeys(n for n in (_term_name(t) for t in found if t) if n))

    return RawEntry(
        kind=POSTS if kind == POSTS else PAGES,
        item=item,
        categories=names(CATEGORIES) if kind == POSTS else (),
        tags=names(TAGS) if kind == POSTS else (),
        author=_author(state, item),
        comments=tuple(comments),
    )


def _term_name(term: dict[str, Any]) -> str:
    return one_line(decode_entities(str(term.get("name") or "")))


def _author(state: SiteState, item: dict[str, Any]) -> str | None:
    """The author's public display name: embedded in the post (``_embed``),
    or from the users' list where the site shows one."""
    author = item.get("author")
    embedded = (item.get("_embedded") or {}).get("author") or []
    for user in embedded if isinstance(embedded, list) else []:
        if isinstance(user, dict) and user.get("id") == author and isinstance(user.get("name"), str):
            return one_line(decode_entities(user["name"])) or None
    user = state.items[USERS].get(author) if isinstance(author, int) else None
    return (one_line(decode_entities(user["name"])) or None) if user else None


def _comments_by_post(state: SiteState) -> dict[int, list[Comment]]:
    """Each post's approved comments and linkbacks, oldest (lowest id) first."""
    out: dict[int, list[Comment]] = {}
    for comment_id in sorted(state.items[COMMENTS]):
        item = state.items[COMMENTS][comment_id]
        if item.get("status", "approved") != "approved":
            continue  # the public API shows no other; a hand-made file might
        kind = str(item.get("type") or "comment")
        parent = item.get("parent")
        url = str(item.get("author_url") or "").strip()
        out.setdefault(item["post"], []).append(
            Comment(
                id=str(comment_id),
                parent=str(parent) if _whole(parent) and parent else None,
                author=one_line(decode_entities(str(item.get("author_name") or ""))) or "Anonymous",
                date=wp_date(str(item["date"]), str(item.get("date_gmt") or "")),
                html=item["content"]["rendered"],
                linkback=kind in LINKBACKS,
                url=web_address(url),
                rendered=True,  # as WordPress shows it: its paragraphs are made
            )
        )
    return out


def _posts(chunk: list[RawEntry], display: str) -> list[Post]:
    return [_post(raw, display) for raw in chunk]


def _post(raw: RawEntry, display: str) -> Post:
    item = raw.item
    # the title as WordPress shows it; markup in it stays text, as an export's does
    title = " ".join(decode_entities(item["title"]["rendered"]).split()) or NO_TITLE
    link = item["link"].strip()
    # "rendered": WordPress made its paragraphs already (wpautop), as a page shows them
    converted = convert_post(title, item["content"]["rendered"], raw.comments, base=link, rendered=True)
    guid = item.get("guid")
    guid_text = (
        decode_entities(guid["rendered"]).strip() if isinstance(guid, dict) and _rendered(guid) else ""
    )
    name = unquote(str(item.get("slug") or "").strip())
    return Post(
        title=title,
        captions=(),
        blocks=(),
        comments=len(raw.comments),
        categories=raw.categories,
        source=Source(display, 0),
        body=converted.body,
        fingerprint=post_key(title, list(converted.text)),
        tags=raw.tags,
        date=wp_date(item["date"], str(item.get("date_gmt") or "")),
        updated=wp_date(str(item.get("modified") or ""), str(item.get("modified_gmt") or "")),
        author=raw.author,
        original_url=web_address(link),
        guid=guid_text or None,
        wp_id=item["id"],
        name=name or None,
        kind="post" if raw.kind == POSTS else "page",
        rank=FETCH,
    )


def old_term_addresses(state: SiteState) -> tuple[tuple[str, str, str], ...]:
    """(kind, name, the blog's address of its archive page) for each term,
    from the address the API gives it: ``category/parent/child/index.html``."""
    out = []
    for kind, taxonomy in (("category", CATEGORIES), ("tag", TAGS)):
        for term in state.items[taxonomy].values():
            name, link = _term_name(term), str(term.get("link") or "")
            if not name or web_address(link) is None:
                continue
            path = unquote(urlsplit(link).path).strip("/")
            address = f"{path}/index.html" if path else ""
            if not address or any(c.isspace() or not c.isprintable() for c in address):
                continue
            out.append((kind, name, address))
    return tuple(out)
