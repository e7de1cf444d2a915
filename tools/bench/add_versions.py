"""Add a post to copies of one archive, each rebuilt by another version of
the code, alternated round by round so that all see the same minutes.

    .venv/bin/python tools/bench/add_versions.py ROUNDS PLACE COPY=CODE [COPY=CODE …]

PLACE is the folder ``add_post.py`` built the archive in; each COPY a copy
of it (``cp -a PLACE COPY``) kept beside it, each CODE a folder holding
the ``bindery`` package (see versions.py).  Sphinx keeps its environment
only for the folder it was built in (elsewhere it reads every page
again), so each copy is moved to PLACE for its rebuild and back after.
The first round warms each copy up (a version's first rebuild pays for
what the other left behind) and is not counted.  Each round adds one post
to every copy (``bench.add_post``, imported by the code this script runs
with) and rebuilds it with its CODE; prints each rebuild, then each
version's median and range."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

from common import page_times

from bindery.dev.bench import add_post, sphinx
from bindery.importer.run import import_dumps


def main() -> None:
    rounds, place = int(sys.argv[1]), Path(sys.argv[2])
    pairs = [(Path(copy), Path(code)) for copy, _, code in (arg.partition("=") for arg in sys.argv[3:])]
    if place.exists():
        raise SystemExit(f"{place}: move the archive to its copies first")
    times: dict[Path, list[float]] = {code: [] for _, code in pairs}
    for round_ in range(rounds + 1):
        for copy, code in pairs if round_ % 2 else pairs[::-1]:
            copy.rename(place)
            try:
                src, html = place / "src", place / "html"
                before = page_times(html)
                import_dumps([add_post(src)], src)
                os.environ["PYTHONPATH"] = str(code.resolve())
                done = sphinx(src, html, "auto")
                os.environ.pop("PYTHONPATH")
                rewritten = sum(1 for page, time in page_times(html).items() if before.get(page) != time)
            finally:
                place.rename(copy)
            if round_:
                times[code].append(done.seconds)
            label = f"round {round_}" if round_ else "warm-up"
            print(
                f"{label}: {code}: {done.seconds:.1f} s, CPU {done.cpu_seconds:.1f} s, "
                f"{rewritten} pages rewritten",
                flush=True,
            )
    for code, values in times.items():
        print(
            f"{code}: rebuild after adding one post: median {statistics.median(values):.1f} s "
            f"(from {min(values):.1f} to {max(values):.1f} s, {len(values)} rounds)"
        )


if __name__ == "__main__":
    main()
