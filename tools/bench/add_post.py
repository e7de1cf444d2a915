"""Build an archive of N synthetic posts in WORK, then add one post: what
does each step cost, and which pages does the rebuild rewrite?

    .venv/bin/python tools/bench/add_post.py N WORK

Imports ``bindery bench``'s dump of N posts (150 words each), makes a full
build and a rebuild that changes nothing, then adds one post as a newly
copied archive page (``bench.add_post``) and rebuilds.  ``add_one.py WORK``
adds another to the same archive, as often as it is run."""

import sys
import time
from pathlib import Path

from common import build, new_book, page_times, report_rewritten

from bindery.dev.bench import add_post
from bindery.dev.synthetic import synthetic_dump
from bindery.importer.run import import_dumps

N = int(sys.argv[1])
work = Path(sys.argv[2])
src, html = work / "src", work / "html"
start = time.perf_counter()
new_book(src, synthetic_dump(N, words=150))
print(f"import {time.perf_counter() - start:.1f} s", flush=True)
build("full build", src, html)
build("no-change rebuild", src, html)
before = page_times(html)
import_dumps([add_post(src)], src)
build("rebuild after adding one post", src, html)
report_rewritten(html, before)
