"""Add one post, in a dump of its own, to the archive ``add_post.py`` built
in WORK; rebuild; report the time and the pages rewritten.

    .venv/bin/python tools/bench/add_one.py WORK

Each run adds another post (``bench.add_post``), so it can be run again."""

import sys
import time
from pathlib import Path

from common import build, page_times, report_rewritten

from bindery.dev.bench import add_post
from bindery.importer.run import import_dumps

work = Path(sys.argv[1])
src, html = work / "src", work / "html"
before = page_times(html)
start = time.perf_counter()
import_dumps([add_post(src)], src)
print(f"import {time.perf_counter() - start:.1f} s", flush=True)
build("rebuild after adding one post", src, html)
report_rewritten(html, before)
