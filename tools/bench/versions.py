"""Full builds of the same posts by two or more versions of the code and
by plain Sphinx, alternated round by round, so that each version's time is
read as a ratio to plain Sphinx measured in the same minutes.

    .venv/bin/python tools/bench/versions.py N WORK [--rounds R] [--jobs J] CODE [CODE…]

Each CODE is a folder holding the ``bindery`` package (``tools/`` of a
checkout; ``git archive REV tools | tar -x -C DIR`` gives an older one), put
first on ``PYTHONPATH`` for its builds.  The posts are imported once, by
the code this script runs with (``bindery bench``'s synthetic dump of N
posts).  Prints each build as it ends, then, for each version, the median
and the range of its time over plain Sphinx's in the same round."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
from pathlib import Path

from common import ROOT

from bindery.book.listings import generated_patterns
from bindery.dev.bench import sphinx, write_plain_book, write_source
from bindery.importer.run import import_dumps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("posts", type=int)
    parser.add_argument("work", type=Path)
    parser.add_argument("code", type=Path, nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", default="auto")
    args = parser.parse_args()
    book, plain = args.work / "book", args.work / "plain"
    if not (book / "posts").exists():
        (book / "raw").mkdir(parents=True, exist_ok=True)
        for name in ("conf.py", "index.md"):
            shutil.copy(ROOT / name, book / name)
        dump = book / "raw" / "synthetic.txt"
        write_source(dump, args.posts, wxr=False)
        import_dumps([dump], book)
        write_plain_book(book, plain)
    ratios: dict[Path, list[float]] = {code: [] for code in args.code}
    for round_ in range(1, args.rounds + 1):
        order = args.code if round_ % 2 else args.code[::-1]  # neither version always goes first
        times = {}
        for code in order:
            out = args.work / f"html-{len(times)}"
            shutil.rmtree(out, ignore_errors=True)
            for pattern in generated_patterns():  # the listings: each build makes them
                for path in book.glob(pattern):
                    path.unlink()
            os.environ["PYTHONPATH"] = str(code.resolve())
            times[code] = sphinx(book, out, args.jobs)
            done = times[code]
            print(
                f"round {round_}: {code}: {done.seconds:.1f} s, CPU {done.cpu_seconds:.1f} s, "
                f"peak {done.peak_mb:,.0f} MB"
            )
        os.environ.pop("PYTHONPATH")
        shutil.rmtree(args.work / "plain-html", ignore_errors=True)
        reference = sphinx(plain, args.work / "plain-html", args.jobs)
        print(
            f"round {round_}: plain Sphinx: {reference.seconds:.1f} s, CPU {reference.cpu_seconds:.1f} s, "
            f"peak {reference.peak_mb:,.0f} MB"
        )
        for code, build in times.items():
            ratios[code].append(build.seconds / reference.seconds)
        print(flush=True)
    for code, values in ratios.items():
        print(
            f"{code}: {args.posts:,} posts, book / plain Sphinx: median {statistics.median(values):.2f} "
            f"(from {min(values):.2f} to {max(values):.2f}, {len(values)} rounds)"
        )


if __name__ == "__main__":
    main()
