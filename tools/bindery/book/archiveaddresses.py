"""The old blog's archive addresses, and the book's listings they lead to.

WordPress answers, besides its posts, its year, month and day archives
(``/2012/``, ``/2012/01/``, ``/2012/01/05/``), the pages of each archive
(``/page/2/``, ``/category/x/page/2/``), its feeds (``/feed/``,
``/comments/feed/``) and its authors' pages (``/author/NAME/``).  Readers'
bookmarks and other sites' links hold them, so a book hosted at the blog's
old domain answers each with a redirect to its own equivalent: the year's
or month's listing (a day's posts are in its month's), the listing itself
for any of its pages, the Atom feed.

Where the date archives live follows the blog's own permalinks, as its
posts' addresses show them (``permalink_front``), never an assumed one.
Query forms (``?m=201201``, ``?cat=12``, ``?tag=yiwu``, ``?s=word``) are
the landing page's script's (``sphinxext/addresses/redirects.py``); the
term ids and slugs it needs become ``cat/ID.html`` and ``tag/SLUG.html``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from urllib.parse import unquote, urlsplit

from bindery.archive.blogfile import BlogFile
from bindery.book.catalog import PostRecord
from bindery.book.listings import ALL_POSTS, Listing
from bindery.book.oldaddresses import url_key

PER_PAGE = 10  # posts on a page of a WordPress archive: its default ("Blog pages show at most")
FEED = "posts/index.atom.xml"  # the archive's Atom feed (sphinxext/feeds.py)
BY_CATEGORY_ID, BY_TAG_SLUG = "cat", "tag"  # where ?cat=ID and ?tag=SLUG are sent


def _segments(url: str) -> list[str]:
    return [unquote(part) for part in urlsplit(url).path.split("/") if part]


def home_path(blog_address: str | None) -> list[str]:
    """The blog's own path on its host (``blog`` of ``example.com/blog``)."""
    return _segments(blog_address) if blog_address else []


def permalink_front(posts: Sequence[PostRecord], home: list[str]) -> list[str] | None:
    """Where the blog's date archives start, as its posts' addresses show:
    before the year and month where the addresses hold them
    (``/blog/2012/01/05/slug/`` → ``blog``); else the part every address
    shares (``/archives/slug/`` → ``archives``), and under it ``date`` where
    the post's id follows (WordPress moves the date archives there then).
    None where no post has an address with a path (``?p=123`` permalinks)."""
    dated: Counter[tuple[str, ...]] = Counter()
    paths: list[list[str]] = []
    for post in posts:
        parts = _segments(post.original_url or "")
        if not parts:
            continue
        paths.append(parts)
        date = post.archive_date
        if date is None:
            continue
        for at in range(len(parts) - 1):
            if parts[at] == f"{date.year:04d}" and parts[at + 1] == f"{date.month:02d}":
                dated[tuple(parts[:at])] += 1
                break
    if dated:
        return list(dated.most_common(1)[0][0])
    if not paths:
        return None
    shared = paths[0][:-1]
    for parts in paths[1:]:
        while shared != parts[: len(shared)]:
            shared = shared[:-1]
    if len(shared) < len(home) or shared[: len(home)] != home:
        shared = list(home)
    ids = [str(p.wp_id) for p in posts if p.wp_id is not None]
    after = [parts[len(shared)] for parts in paths if len(parts) > len(shared)]
    if ids and after and set(after) <= set(ids):
        shared = [*shared, "date"]
    return shared


def _join(*parts: str) -> str:
    return "/".join(p for p in parts if p)


def _index(*parts: str) -> str:
    return _join(*parts, "index.html")


def _pages(base: str, count: int) -> dict[str, int]:
    """The addresses of an archive's later pages (``base/page/2/``…) by number."""
    return {_index(base, "page", str(n)): n for n in range(2, -(-count // PER_PAGE) + 1)}


def archive_addresses(
    catalog: Mapping[str, PostRecord],
    every: Sequence[Listing],
    blog_file: BlogFile,
    term_moves: Mapping[str, str],
) -> dict[str, str]:
    """The blog's archive address → where it leads in the book: a docname,
    or the Atom feed (``FEED``).  ``term_moves``: the blog's category and
    tag addresses the manifest keeps (``category/x/index.html`` →
    ``categories/x.html``)."""
    blog = blog_file.primary
    home = home_path(blog.address)
    host = url_key(blog.address).split("/", 1)[0] if blog.address else None
    own = [
        r
        for r in catalog.values()
        if r.kind == "post" and r.original_url and (host is None or url_key(r.original_url).startswith(host))
    ]
    if not own:  # no post's address on the blog is known (text copies): nor are its archives'
        return _by_term(blog_file, every)
    by_doc = {x.doc: x for x in every}
    out: dict[str, str] = {}
    root = "/".join(home)
    if root:  # the blog's home, below the host: the landing page (its ?p=123 kept)
        out[_index(root)] = "index"
    total = len(by_doc[ALL_POSTS].posts) if ALL_POSTS in by_doc else 0
    out.update(dict.fromkeys(_pages(root, total), ALL_POSTS))
    feed = FEED if any(r.date for r in catalog.values() if r.kind == "post") else ALL_POSTS
    for path in ("feed", "feed/atom", "feed/rss2", "comments/feed"):
        out[_index(root, path)] = feed
    front = permalink_front(own, home)
    if front is not None:
        out.update(_date_archives("/".join(front), catalog, every))
    for old, new in term_moves.items():
        doc = new.removesuffix(".html")
        listing = by_doc.get(doc)
        if listing is None or not old.endswith("/index.html"):
            continue
        base = old.removesuffix("/index.html")
        out.update(dict.fromkeys(_pages(base, len(listing.posts)), doc))
        out[_index(base, "feed")] = f"{doc}.atom.xml" if feed == FEED else doc
    out.update(_by_term(blog_file, every))
    return out


def _date_archives(front: str, catalog: Mapping[str, PostRecord], every: Sequence[Listing]) -> dict[str, str]:
    """Year, month and day archives and their pages: a day leads to its month."""
    out: dict[str, str] = {}
    for listing in every:
        if listing.kind not in ("year", "month"):
            continue
        folder = listing.doc.removeprefix("posts/").removesuffix("/index")  # 2012, 2012/01
        base = _join(front, folder)
        out[_index(base)] = listing.doc
        out.update(dict.fromkeys(_pages(base, len(listing.posts)), listing.doc))
    days: Counter[tuple[int, int, int]] = Counter()
    for record in catalog.values():
        date = record.archive_date if record.kind == "post" else None
        if date is not None and date.day is not None:
            days[(date.year, date.month, date.day)] += 1
    for (year, month, day), count in days.items():
        base = _join(front, f"{year:04d}", f"{month:02d}", f"{day:02d}")
        month_doc = f"posts/{year:04d}/{month:02d}/index"
        out[_index(base)] = month_doc
        out.update(dict.fromkeys(_pages(base, count), month_doc))
    return out


def _by_term(blog_file: BlogFile, every: Sequence[Listing]) -> dict[str, str]:
    """``cat/12.html`` and ``tag/yiwu.html``, where the landing page sends
    ``?cat=12`` and ``?tag=yiwu``: the blog's term ids and slugs."""
    docs = {(x.kind, x.name): x.doc for x in every if x.name is not None}
    out: dict[str, str] = {}
    for kind, table, folder, key in (
        ("category", blog_file.categories, BY_CATEGORY_ID, "id"),
        ("tag", blog_file.tags, BY_TAG_SLUG, "slug"),
    ):
        for name, note in table.items():
            value = getattr(note, key)
            doc = docs.get((kind, name))
            text = "" if value is None else str(value)
            if doc is not None and text not in ("", ".", "..") and "/" not in text:
                out[f"{folder}/{text}.html"] = doc
    return out
