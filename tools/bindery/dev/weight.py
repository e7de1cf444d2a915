"""What a page costs a reader: the bytes Chromium downloads to show it.

Counted from the browser's own network events (Playwright's
``requestfinished``, body sizes as received), for the page and everything
it fetched until the network went quiet, including what its workers
fetched (Pagefind searches in a Web Worker, which the page's Resource
Timing never sees).  The book is served uncompressed, so these are the
uncompressed sizes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CHROMIUM = "/usr/bin/chromium"
# As a sandboxed root user with no network but loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class PageWeight:
    """The resources one page view fetched, address → bytes."""

    resources: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.resources.values())

    def largest(self, count: int = 5) -> list[tuple[str, int]]:
        return sorted(self.resources.items(), key=lambda item: -item[1])[:count]

    def under(self, prefix: str) -> int:
        """Bytes fetched from addresses containing ``prefix`` (e.g. ``/_pagefind/``)."""
        return sum(size for url, size in self.resources.items() if prefix in url)


def received(request: Any) -> int:
    """The body bytes a finished Playwright request received.  Chromium
    reports none for a worker's own script (its Content-Length is taken
    then), and a negative size for one read from its cache."""
    size = request.sizes()["responseBodySize"]
    if size == 0 and request.resource_type == "script":
        response = request.response()
        if response is not None and response.status == 200:
            size = int(response.headers.get("content-length") or 0)
    return max(size, 0)


def page_weight(page: Any, url: str, ready: str | None = None) -> PageWeight:
    """Open ``url`` in a fresh Playwright ``page`` and count what it fetched,
    once ``ready`` (a CSS selector) is shown, if given, and the network is idle."""
    resources: dict[str, int] = {}

    def record(request: Any) -> None:
        resources[request.url] = resources.get(request.url, 0) + received(request)

    page.context.on("requestfinished", record)
    try:
        page.goto(url)
        if ready:
            page.wait_for_selector(ready, timeout=120_000)
        page.wait_for_load_state("networkidle")
    finally:
        page.context.remove_listener("requestfinished", record)
    return PageWeight(resources)
