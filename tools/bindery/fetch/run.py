"""What one ``bindery fetch`` downloads: only what is new or changed.

The blog's lists of post, page and comment ids (with each post's
modification time: a few bytes a post) are compared with what earlier
fetches saved under ``raw/<site>/``; only the posts and pages that are
new or were modified since, and the comments that are new, are then
downloaded in full (``include=``, 100 at a time), with the category and
tag lists.  A post the blog no longer lists is reported, once, and kept:
its saved responses stay in ``raw/``.  A fetch that finds nothing new
saves nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bindery.fetch.client import USER_AGENT, Client, FetchError, Progress, Quiet, host_of, now_utc
from bindery.fetch.discovery import Api, discover, json_answer
from bindery.fetch.staging import Staging
from bindery.sources import rest
from bindery.sources.rest import CATEGORIES, COMMENTS, LISTING, PAGES, POSTS, TAGS, SiteState

PER_PAGE = 100  # the most the API gives at once
MAX_PAGES = 100_000  # a bound on following an API that never says it has no more


@dataclass(frozen=True)
class Scope:
    """What part of the blog to fetch: categories and tags (names or
    slugs; a post in any of them), and a date range (ISO dates)."""

    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    after: str | None = None
    before: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"categories": list(self.categories), "tags": list(self.tags),
                "after": self.after, "before": self.before}  # fmt: skip

    @property
    def by_terms(self) -> bool:
        return bool(self.categories or self.tags)


@dataclass
class Counts:
    new: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)


@dataclass
class FetchReport:
    site: str
    folder: Path | None = None  # where the fetch was saved; None if it found nothing new
    posts: Counts = field(default_factory=Counts)
    pages: Counts = field(default_factory=Counts)
    comments: int = 0  # new approved comments
    terms_changed: bool = False
    requests: int = 0
    resumed: int = 0  # responses an interrupted run had saved, not asked for again
    removed_links: list[str] = field(default_factory=list)

    def summary(self) -> str:
        p, g = self.posts, self.pages
        line = (
            f"{len(p.new)} new posts, {len(p.updated)} updated, {len(p.removed)} removed; "
            f"{len(g.new)} new pages, {len(g.updated)} updated, {len(g.removed)} removed; "
            f"{self.comments} new comments"
        )
        requests = f"{self.requests} requests" + (
            f", {self.resumed} responses resumed" if self.resumed else ""
        )
        where = f"saved in {self.folder}" if self.folder else "nothing new: raw/ unchanged"
        lines = [f"{self.site}: {line} ({requests}); {where}"]
        lines.extend(f"removed from the blog, kept in the book: {link}" for link in self.removed_links)
        return "\n".join(lines)


def site_folder(home: str) -> str:
    """``raw/<this>/``: the site's host (and port and path), as a folder name."""
    parts = urlsplit(home)
    name = (parts.hostname or "site").lower()
    if parts.port:
        name += f"-{parts.port}"
    path = "-".join(p for p in parts.path.split("/") if p)
    name = f"{name}-{path}" if path else name
    return "".join(c if c.isalnum() or c in ".-_" else "_" for c in name).lstrip(".") or "site"


def fetch_site(
    url: str,
    raw: Path,
    scope: Scope = Scope(),
    *,
    delay: float = 1.0,
    retries: int = 4,
    progress: Progress | None = None,
) -> FetchReport:
    """Fetch what is new on the blog at ``url`` into ``raw/<site>/``."""
    progress = progress or Quiet()
    client = Client({host_of(url)}, delay=delay, retries=retries, progress=progress)
    try:
        api = discover(client, url)
        client.hosts.update({host_of(api.root), host_of(api.home)})
        site = site_folder(api.home)
        known, reported = _known(raw / site, f"{raw.name}/{site}")
        staging = Staging(raw, site, {"api": api.root, **scope.as_dict()}, now_utc())
        staging.open()
        report = FetchReport(site=f"{raw.name}/{site}", resumed=staging.resumed)
        _Fetch(client, api, staging, known, reported, scope, report).run()
        report.requests = client.requests_made
        return report
    finally:
        client.close()


def _known(folder: Path, display: str) -> tuple[SiteState, set[int]]:
    """What earlier fetches saved, and the posts they reported removed."""
    if not folder.is_dir():
        return SiteState(), set()
    reported: set[int] = set()
    for fetch in rest.fetch_folders(folder):
        index = rest.read_index(fetch, f"{display}/{fetch.name}")
        reported.update(i for i in index.get("removed") or [] if isinstance(i, int))
    return rest.load_state(folder, display), reported


class _Fetch:
    def __init__(
        self,
        client: Client,
        api: Api,
        staging: Staging,
        known: SiteState,
        reported: set[int],
        scope: Scope,
        report: FetchReport,
    ) -> None:
        self.client = client
        self.api = api
        self.staging = staging
        self.known = known
        self.reported = reported
        self.scope = scope
        self.report = report
        self.fetched = SiteState()
        self._category_ids: set[int] = set()
        self._tag_ids: set[int] = set()

    def run(self) -> None:
        categories = self._all(CATEGORIES, "categories", {"orderby": "id", "order": "asc"})
        tags = self._all(TAGS, "tags", {"orderby": "id", "order": "asc"})
        self.report.terms_changed = any(
            self.known.items[kind].get(term["id"]) != term
            for kind, terms in ((CATEGORIES, categories), (TAGS, tags))
            for term in terms
        )
        filters = self._filters(categories, tags)
        live = {POSTS: self._entries(POSTS, "posts", filters, self.report.posts)}
        if not self.scope.by_terms:  # pages are in no category
            dates = {k: v for k, v in filters.items() if k in ("after", "before")}
            live[PAGES] = self._entries(PAGES, "pages", dates, self.report.pages)
        self.report.comments = self._comments(live)
        changed = (
            self.report.posts.new or self.report.posts.updated or self.report.pages.new
            or self.report.pages.updated or self.report.comments or self.report.terms_changed
            or self.report.posts.removed or self.report.pages.removed
        )  # fmt: skip
        if not changed:
            self.staging.discard()
            return
        index = {
            "tool": USER_AGENT,
            "site": self.api.home,
            "api": self.api.root,
            "scope": self.scope.as_dict(),
            "finished": now_utc(),
            "removed": sorted(self.report.posts.removed + self.report.pages.removed),
        }
        self.report.folder = self.staging.commit(index)

    # -- what changed -------------------------------------------------------

    def _entries(self, kind: str, route: str, filters: dict[str, str], counts: Counts) -> list[int]:
        """Posts (or pages): list them all, download the new and modified;
        the ids the blog lists."""
        listed = self._all(LISTING, route, {**filters, "_fields": "id,modified_gmt", "orderby": "id",
                                            "order": "asc"})  # fmt: skip
        known = self.known.items[kind]
        changed = []
        for entry in listed:
            before = known.get(entry["id"])
            if before is None:
                counts.new.append(entry["id"])
            elif before.get("modified_gmt") != entry.get("modified_gmt"):
                counts.updated.append(entry["id"])
            else:
                continue
            changed.append(entry["id"])
        for batch in _batches(changed):
            for item in self._all(kind, route, {"include": ",".join(map(str, batch)), "_embed": "author"}):
                self.fetched.items[kind][item["id"]] = item
        live = [entry["id"] for entry in listed]
        listed_ids = set(live)
        for wp_id, item in sorted(known.items()):
            if wp_id not in listed_ids and wp_id not in self.reported and self._in_scope(kind, item):
                counts.removed.append(wp_id)
                self.report.removed_links.append(str(item.get("link") or f"{route}/{wp_id}"))
        return live

    def _in_scope(self, kind: str, item: dict[str, Any]) -> bool:
        """Whether a post saved before is one this fetch would list."""
        date = str(item.get("date") or "")
        if (self.scope.after and date < self.scope.after) or (
            self.scope.before and date >= self.scope.before
        ):
            return False
        if not self.scope.by_terms:
            return True
        if kind != POSTS:
            return False
        return bool(set(item.get("categories") or []) & self._category_ids
                    or set(item.get("tags") or []) & self._tag_ids)  # fmt: skip

    def _comments(self, live: dict[str, list[int]]) -> int:
        """The new approved comments of the listed posts and pages whose text
        is public (a password-protected post's are not asked for)."""
        public = []
        for kind, ids in live.items():
            for wp_id in ids:
                item = self.fetched.items[kind].get(wp_id) or self.known.items[kind].get(wp_id) or {}
                if not (item.get("content") or {}).get("protected"):
                    public.append(wp_id)
        new: list[int] = []
        for batch in _batches(sorted(public)):
            params = {
                "post": ",".join(map(str, batch)),
                "_fields": "id,post",
                "orderby": "id",
                "order": "asc",
            }
            listed = self._all(LISTING, "comments", params)
            new.extend(c["id"] for c in listed if c["id"] not in self.known.items[COMMENTS])
        for batch in _batches(new):
            self._all(
                COMMENTS, "comments", {"include": ",".join(map(str, batch)), "orderby": "id", "order": "asc"}
            )
        return len(new)

    def _filters(self, categories: list[dict[str, Any]], tags: list[dict[str, Any]]) -> dict[str, str]:
        self._category_ids = _term_ids("category", self.scope.categories, categories)
        self._tag_ids = _term_ids("tag", self.scope.tags, tags)
        filters = {}
        if self._category_ids:
            filters["categories"] = ",".join(map(str, sorted(self._category_ids)))
        if self._tag_ids:
            filters["tags"] = ",".join(map(str, sorted(self._tag_ids)))
        for name in ("after", "before"):
            value = getattr(self.scope, name)
            if value:
                filters[name] = value if "T" in value else f"{value}T00:00:00"
        return filters

    # -- requests -----------------------------------------------------------

    def _all(self, kind: str, route: str, params: dict[str, str]) -> list[dict[str, Any]]:
        """Every page of a list, ``per_page=100``, as ``X-WP-TotalPages`` says."""
        out: list[dict[str, Any]] = []
        page, total = 1, None
        while page <= MAX_PAGES:
            data, headers = self._get(kind, route, {**params, "per_page": str(PER_PAGE), "page": str(page)})
            out.extend(data)
            pages = headers.get("x-wp-totalpages", "")
            total = int(pages) if pages.isdigit() else total
            self.client.progress.plan(route, page, total or page)
            if (total is not None and page >= total) or (total is None and len(data) < PER_PAGE) or not data:
                break
            page += 1
        return out

    def _get(
        self, kind: str, route: str, params: dict[str, str]
    ) -> tuple[list[dict[str, Any]], dict[str, str]]:
        url = self.api.url(route, params)
        saved = self.staging.saved(url)
        if saved is not None:
            entry, body = saved
            return json.loads(body), dict(entry.get("headers") or {})
        response = self.client.get(url)
        what = f"its {route}" if kind != LISTING else f"its list of {route}"
        data = json_answer(self.api, response, what)
        problem = rest.shape_problem(kind, data)
        if problem:
            raise FetchError(f"{url}: not what WordPress's REST API answers for {route}: {problem}")
        self.staging.save(kind, response)
        return data, response.headers


def _batches(ids: Iterable[int], size: int = PER_PAGE) -> Iterator[list[int]]:
    batch: list[int] = []
    for wp_id in ids:
        batch.append(wp_id)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _term_ids(what: str, wanted: tuple[str, ...], terms: list[dict[str, Any]]) -> set[int]:
    """The ids of the terms named (by name or slug, in any case)."""
    ids: set[int] = set()
    for name in wanted:
        key = name.strip().lower()
        found = [t["id"] for t in terms if key in (str(t.get("slug", "")).lower(), str(t["name"]).lower())]
        if not found:
            known = ", ".join(sorted(str(t["name"]) for t in terms)[:12])
            raise FetchError(
                f"the blog has no {what} {name!r} (it has: {known}{'…' if len(terms) > 12 else ''})"
            )
        ids.update(found)
    return ids
