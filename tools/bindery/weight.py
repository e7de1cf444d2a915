"""What a page costs a reader: the bytes Chromium downloads to show it.

Counted with the browser's own Resource Timing (the page itself and every
resource it loaded, decoded sizes, as the book is served uncompressed), so
the figure is what a reader's browser fetched, not what a template holds.
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

_RESOURCES = """() => {
  const entries = [
    ...performance.getEntriesByType("navigation"),
    ...performance.getEntriesByType("resource"),
  ];
  return entries.map((e) => [e.name, e.decodedBodySize || e.encodedBodySize || 0]);
}"""


@dataclass(frozen=True)
class PageWeight:
    """The resources one page view fetched, address → bytes."""

    resources: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.resources.values())

    def largest(self, count: int = 5) -> list[tuple[str, int]]:
        return sorted(self.resources.items(), key=lambda item: -item[1])[:count]


def page_weight(page: Any, url: str) -> PageWeight:
    """Open ``url`` in a fresh Playwright ``page`` and count what it fetched."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return PageWeight({name: size for name, size in page.evaluate(_RESOURCES)})
