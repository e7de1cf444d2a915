"""What each kind of page of the built book in HTML costs a reader in
Chromium, and what a search fetches and how long it takes (``bench.reader_costs``).

``reader_costs`` weighs the first post page by name, which in an archive
of ``bindery bench`` is its one-paragraph added post; a post page of the
median size, a post of the archive's usual length, is weighed too."""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from bindery.dev.bench import Report, reader_costs
from bindery.dev.serve import serve
from bindery.dev.weight import CHROMIUM, CHROMIUM_ARGS, page_weight

html = Path(sys.argv[1])
posts = sorted(
    (page.stat().st_size, page.name) for page in (html / "posts").glob("*.html") if page.name != "index.html"
)
report = Report(len(posts))
reader_costs(html, report)
median = posts[len(posts) // 2][1]
with serve(html) as site, sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    context = browser.new_context()
    weight = page_weight(context.new_page(), f"{site}posts/{median}")
    context.close()
    browser.close()
report.add("post page of the median size, all it loads in Chromium", f"{weight.total / 1024:,.1f} KB")
