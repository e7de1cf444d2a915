"""Time searches in Chromium, side by side: each search page named on the
command line is opened in turn with each query (a cold browser context
each time), so all of them see the same machine.

    python tools/bench/search.py HTML_DIR search.html [search-old.html …] [THINK_MS]

Times are the page's own (``bindery-search.js`` marks
``bindery-search-submit`` and ``bindery-search-results``), not
Playwright's, whose polling adds up to a few hundred milliseconds.  Prints,
for each page, the median and the largest time from navigation to the
first results shown, the median bytes fetched from the index folders (and
the search worker's script), and
the median time of a second search typed on the page (submit to results
shown), THINK_MS (default 0) after the first results.

    python tools/bench/search.py --type-ms MS HTML_DIR search.html …

types the second query one key every MS milliseconds, as a reader does,
instead of filling it in at once (the page may fetch what it needs while
the reader types); the time is still from submit to results."""

import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from bindery.dev.bench import SEARCH_WORDS
from bindery.dev.serve import serve
from bindery.dev.weight import CHROMIUM, CHROMIUM_ARGS, received

ROUNDS = 3
TYPE_MS = None  # fill the second query in at once
if sys.argv[1] == "--type-ms":
    TYPE_MS = int(sys.argv[2])
    del sys.argv[1:3]
THINK = int(sys.argv.pop()) if sys.argv[-1].isdigit() else 0
RESULTS = "performance.getEntriesByName('bindery-search-results')"
SUBMIT = "performance.getEntriesByName('bindery-search-submit')"
html, pages = Path(sys.argv[1]), sys.argv[2:] or ["search.html"]
times: dict[str, list[float]] = {page: [] for page in pages}
again: dict[str, list[float]] = {page: [] for page in pages}
fetched: dict[str, list[int]] = {page: [] for page in pages}
fetched_again: dict[str, list[int]] = {page: [] for page in pages}
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
                        received(r) if "/_pagefind" in r.url or "search-worker" in r.url else 0
                    ),
                )
                page.goto(f"{site}{page_name}?q={word}")
                page.wait_for_function(f"{RESULTS}.length === 1", timeout=120_000)
                times[page_name].append(page.evaluate(f"{RESULTS}[0].startTime"))
                page.wait_for_load_state("networkidle")
                fetched[page_name].append(sum(sizes))
                page.wait_for_timeout(THINK)
                other = SEARCH_WORDS[(SEARCH_WORDS.index(word) + 1) % len(SEARCH_WORDS)]
                if TYPE_MS is None:
                    page.fill("#bindery-search-query", other)
                else:
                    page.fill("#bindery-search-query", "")
                    page.type("#bindery-search-query", other, delay=TYPE_MS)
                page.press("#bindery-search-query", "Enter")
                page.wait_for_function(f"{RESULTS}.length === 2", timeout=120_000)
                again[page_name].append(page.evaluate(f"{RESULTS}[1].startTime - {SUBMIT}[0].startTime"))
                page.wait_for_load_state("networkidle")
                fetched_again[page_name].append(sum(sizes) - fetched[page_name][-1])
                context.close()
    browser.close()
for page_name in pages:
    took, index_kb = times[page_name], statistics.median(fetched[page_name]) / 1024
    print(
        f"{page_name}: median {statistics.median(took):,.0f} ms, max {max(took):,.0f} ms "
        f"from navigation to results, {len(took)} searches; median {index_kb:,.1f} KB from the index; "
        f"a second search on the page: median {statistics.median(again[page_name]):,.0f} ms, "
        f"max {max(again[page_name]):,.0f} ms, median "
        f"{statistics.median(fetched_again[page_name]) / 1024:,.1f} KB more"
    )
