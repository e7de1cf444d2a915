"""What each kind of page of the built book in HTML costs a reader in
Chromium, and what a search fetches and how long it takes (``bench.reader_costs``)."""

import sys
from pathlib import Path

from bindery.dev.bench import Report, reader_costs

html = Path(sys.argv[1])
report = Report(len([p for p in (html / "posts").glob("*.html") if p.name != "index.html"]))
reader_costs(html, report)
