"""Time searches in Chromium, side by side: each search page named on the
command line is opened in turn with each query (a cold browser context
each time), so all of them see the same machine.

    python tools/bench/search.py HTML_DIR search.html [search-old.html …]

Prints, for each page, the median and the largest time from opening
``PAGE?q=WORD`` to the first result shown, the median bytes fetched from
the index folders, and the median time of a second search typed on the
page once it has shown its first results (Enter to first result)."""

import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bindery.bench import SEARCH_WORDS
from bindery.serve import serve
from bindery.weight import CHROMIUM, CHROMIUM_ARGS

ROUNDS = 3
html, pages = Path(sys.argv[1]), sys.argv[2:] or ["search.html"]
times: dict[str, list[float]] = {page: [] for page in pages}
again: dict[str, list[float]] = {page: [] for page in pages}
fetched: dict[str, list[int]] = {page: [] for page in pages}
with serve(html) as site, sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    for _ in range(ROUNDS):
        for word in SEARCH_WORDS:
            for page_name in pages:
                context = browser.new_context()
                page = context.new_page()
                sizes: list[int] = []
                context.on(
                    "requestfinished",
                    lambda r, sizes=sizes: sizes.append(
                        r.sizes()["responseBodySize"] if "/_pagefind" in r.url else 0
                    ),
                )
                start = time.perf_counter()
                page.goto(f"{site}{page_name}?q={word}")
                page.wait_for_selector("#search-results li", timeout=120_000)
                times[page_name].append(time.perf_counter() - start)
                page.wait_for_load_state("networkidle")
                fetched[page_name].append(sum(sizes))
                other = SEARCH_WORDS[(SEARCH_WORDS.index(word) + 1) % len(SEARCH_WORDS)]
                page.fill("#bindery-search-query", other)
                start = time.perf_counter()
                page.press("#bindery-search-query", "Enter")
                page.locator("#search-summary", has_text=other).wait_for(timeout=120_000)
                page.wait_for_selector("#search-results li", timeout=120_000)
                again[page_name].append(time.perf_counter() - start)
                context.close()
    browser.close()
for page_name in pages:
    took, index_kb = times[page_name], statistics.median(fetched[page_name]) / 1024
    print(
        f"{page_name}: median {statistics.median(took) * 1000:,.0f} ms, max {max(took) * 1000:,.0f} ms, "
        f"{len(took)} searches; median {index_kb:,.1f} KB from the index; "
        f"a second search on the page: median {statistics.median(again[page_name]) * 1000:,.0f} ms"
    )
