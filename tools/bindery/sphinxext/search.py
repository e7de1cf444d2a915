"""Search that loads only what a query needs, indexed by Pagefind.

Sphinx writes one ``searchindex.js`` holding every word of every page (21
MB at 10,000 posts), and its search code then downloads each hit's page to
cut an excerpt.  After the build, Pagefind (run in-process through its
Python API) indexes the posts' own text into ``_pagefind/``: a fragmented
index of which a query fetches a few small chunks, with excerpts,
ranking and filters.  ``bindery-search.js`` drives it on the search page.

Only posts are indexed: their text is marked ``data-pagefind-body``
(``layout.html``), so listings, the landing page and the colophon, the
citations and the paragraph links (EXCLUDED) never reach the index.  Each
post carries its categories, and its year when it has a date, as filters.

``searchindex.js`` stays in the output: Sphinx reads it back to update the
index on an incremental build.  No page loads it.
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.search.en import SearchEnglish
from sphinx.util import logging

from .state import book

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

FOLDER = "_pagefind"
# What is on a post page but is not the post's text.
EXCLUDED = (
    ".post-colophon",
    ".cite-panel",
    ".headerlink",
    ".archive-figure-missing",
    "#jb-print-docs-body",
)


class CachedEnglish(SearchEnglish):
    """Sphinx's English search index, stemming each distinct word once.

    The Snowball stemmer is pure Python and Sphinx calls it for every word
    of every page: at 1,000 posts of realistic prose that was 40% of the
    whole build, for a vocabulary a tenth the size of the text.  The
    stems, and so the index, are the same.
    """

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        try:
            return self._stems[word]
        except KeyError:
            stem = self._stems[word] = super().stem(word)
            return stem


def filters_of(categories: tuple[str, ...], date: str | None) -> list[tuple[str, str]]:
    """A post's search filters: each category, and the year of its date."""
    filters = [("category", name) for name in categories]
    if date and date[:4].isdigit():
        filters.append(("year", date[:4]))
    return filters


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Marks a post's text for the index (``layout.html``); other pages get none."""
    info = book(app.env).catalog.get(pagename)
    context["bindery_search_filters"] = filters_of(info.categories, info.date) if info else None


async def _index(site: Path, output: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(exclude_selectors=list(EXCLUDED), force_language="en", output_path=str(output))
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site))
    return int(result["page_count"])


def posts_stamp(app: Sphinx) -> str:
    """What the index was made from: each post page's name, size and time.

    A rebuild that rewrote no post (Sphinx writes only the pages that
    changed) then keeps the index instead of indexing every post again."""
    digest = hashlib.sha256()
    for docname in sorted(book(app.env).catalog):
        path = Path(app.outdir) / app.builder.get_target_uri(docname)
        stat = path.stat() if path.exists() else None
        digest.update(f"{docname}\0{stat and stat.st_size}\0{stat and stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def write_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    stamp_file = Path(app.doctreedir) / "bindery-pagefind.stamp"
    stamp = posts_stamp(app)
    if (out / FOLDER).is_dir() and stamp_file.exists() and stamp_file.read_text(encoding="utf-8") == stamp:
        return
    staging = out / f"{FOLDER}.new"
    shutil.rmtree(staging, ignore_errors=True)
    pages = asyncio.run(_index(out, staging))
    shutil.rmtree(out / FOLDER, ignore_errors=True)
    staging.rename(out / FOLDER)
    stamp_file.write_text(stamp, encoding="utf-8")
    logger.info("bindery: search index of %d posts written to %s/", pages, FOLDER)
