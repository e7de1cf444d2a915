"""The ``bindery`` command: the library raises, this reports."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bindery.archive.lock import archive_lock
from bindery.book.generate import regenerate
from bindery.errors import BinderyError
from bindery.importer.losses import write_report
from bindery.importer.moves import move_post, rename_category
from bindery.importer.run import import_dumps


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bindery", description="Turn blog archive dumps into a Sphinx book."
    )
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="the book's folder (default: the current one)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser(
        "import", help="import sources (text dumps, WordPress exports…) into posts/ and pages/"
    )
    imp.add_argument("dumps", nargs="+", type=Path, help="source files, or folders of them: raw")
    imp.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    imp.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="also write the whole report, post by post (what was not carried over), as JSON",
    )
    commands.add_parser("pages", help="regenerate the listings (categories/, posts/index) from the posts")
    commands.add_parser("recover", help="finish (or roll back) a write that was cut short, and nothing else")
    move = commands.add_parser("move", help="give a post a new slug; its old address redirects")
    move.add_argument("old", help="the post's slug now")
    move.add_argument("new", help="its new slug")
    rename = commands.add_parser("rename-category", help="file a category's posts under a new name")
    rename.add_argument("old", help="the category's name now")
    rename.add_argument("new", help="its new name")
    fetch = commands.add_parser(
        "fetch", help="save a public WordPress blog's posts through its REST API into raw/, then import"
    )
    fetch.add_argument("url", help="the blog's address: https://example.wordpress.com")
    fetch.add_argument(
        "--category", action="append", default=[], help="only posts in this category (repeatable)"
    )
    fetch.add_argument("--tag", action="append", default=[], help="only posts with this tag (repeatable)")
    fetch.add_argument(
        "--after", type=_iso_day, help="only posts published on or after this day (2012-03-01)"
    )
    fetch.add_argument("--before", type=_iso_day, help="only posts published before this day")
    fetch.add_argument(
        "--delay",
        type=_seconds,
        default=1.0,
        help="seconds between requests (default 1; robots.txt may ask more)",
    )
    fetch.add_argument("--retries", type=int, default=4, help="tries again after a network error (default 4)")
    fetch.add_argument(
        "--no-import", action="store_true", help="only fetch into raw/; import later (make posts)"
    )
    fetch.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    editions = commands.add_parser(
        "editions", help="build the book's EPUB or PDF volumes (only those whose posts changed)"
    )
    editions.add_argument("format", choices=["epub", "pdf"])
    editions.add_argument(
        "--out", type=Path, help="where the editions go (default: _build/editions in the book's folder)"
    )
    editions.add_argument("--jobs", type=int, default=0, help="volumes built at once (default: one per core)")
    bench_editions = commands.add_parser(
        "bench-editions", help="what make epub and make pdf cost at N synthetic posts, and their alternatives"
    )
    bench_editions.add_argument("posts", type=int, nargs="?", default=1000, help="items in the export")
    bench_editions.add_argument(
        "--work", type=Path, help="folder for the builds (default: a new temporary one)"
    )
    bench = commands.add_parser("bench", help="build a synthetic archive of N posts and print the costs")
    bench.add_argument("posts", type=int, nargs="?", default=1000, help="how many posts (default 1000)")
    bench.add_argument("--jobs", default="auto", help="sphinx-build -j (default auto)")
    bench.add_argument("--no-plain", action="store_true", help="skip the plain-Sphinx reference build")
    bench.add_argument("--work", type=Path, help="folder for the builds (default: a new temporary one)")
    bench.add_argument(
        "--rounds", type=int, default=2, help="full builds of each kind, alternated (default 2)"
    )
    bench.add_argument(
        "--browser", action="store_true", help="also count what pages and searches cost in Chromium"
    )
    bench.add_argument("--wxr", action="store_true", help="import a synthetic WordPress export, not a dump")
    bench.add_argument("--import-only", action="store_true", help="time the import and re-import, no build")
    args = parser.parse_args(argv)
    report_recoveries()
    try:
        if args.command == "import":
            if args.report is not None and not args.report.parent.is_dir():
                raise BinderyError(f"{args.report}: no such folder for the report; nothing was imported")
            report = import_dumps(args.dumps, args.root)
            for note in report.sources.notes:  # repairs made to an export: warnings
                print(note, file=sys.stderr)
            if args.report is not None:
                write_report(report, args.report)
            if not args.quiet:
                print(report.summary())
        elif args.command == "fetch":
            return run_fetch(args)
        elif args.command == "pages":
            written = regenerate(args.root)
            print(f"{len(written)} generated files written")
        elif args.command == "move":
            move_post(args.root, args.old, args.new)
            print(f"posts/{args.old}.html now redirects to posts/{args.new}.html")
        elif args.command == "editions":
            from bindery.editions.build import build_editions  # runs Sphinx: not for the other commands

            out = args.out if args.out is not None else args.root / "_build" / "editions"
            build_editions(args.root.resolve(), args.format, out.resolve(), jobs=args.jobs)
        elif args.command == "bench-editions":
            from bindery.dev.editions_bench import run as run_editions_bench

            run_editions_bench(args.posts, args.root, work=args.work)
        elif args.command == "bench":
            from bindery.dev.bench import (
                run as run_bench,  # its builds and browser: not for the other commands
            )

            run_bench(
                args.posts,
                args.root,
                work=args.work,
                jobs=args.jobs,
                plain=not args.no_plain,
                rounds=args.rounds,
                browser=args.browser,
                wxr=args.wxr,
                import_only=args.import_only,
            )
        elif args.command == "recover":
            with archive_lock(args.root):
                pass
        elif args.command == "rename-category":
            rename_category(args.root, args.old, args.new)
            print(f"posts filed under {args.old!r} are now filed under {args.new!r}")
    except BinderyError as err:
        print(err, file=sys.stderr)
        return 1
    except OSError as err:  # one the library did not expect: still one line, naming the file
        print(f"{err.filename or args.root}: {err.strerror or err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # a write under way was rolled back, or is journalled and finished by the next command
        print(
            "bindery: interrupted; the next bindery command finishes any write left undone", file=sys.stderr
        )
        return 130
    return 0


def run_fetch(args: argparse.Namespace) -> int:
    """``bindery fetch``: the blog's new posts into raw/<site>/, then (unless
    --no-import) the import ``make posts`` runs."""
    from bindery.fetch.progress import TerminalProgress
    from bindery.fetch.run import Scope, fetch_site

    progress = TerminalProgress()
    scope = Scope(tuple(args.category), tuple(args.tag), args.after, args.before)
    try:
        report = fetch_site(
            args.url, args.root / "raw", scope, delay=args.delay, retries=args.retries, progress=progress
        )
    except KeyboardInterrupt:
        progress.finish()
        print(
            "bindery: interrupted; raw/ is as it was, and the same command resumes the fetch", file=sys.stderr
        )
        return 130
    finally:
        progress.finish()
    if not args.quiet:
        print(report.summary())
    if args.no_import:
        return 0
    imported = import_dumps([args.root / "raw"], args.root)
    for note in imported.sources.notes:
        print(note, file=sys.stderr)
    if not args.quiet:
        print(imported.summary())
    return 0


def _iso_day(text: str) -> str:
    import datetime

    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day: write 2012-03-01") from None


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r}: a number of seconds from 0 to 3600")
    return value


class _StderrLine(logging.Handler):
    """Each record as one plain line on whatever stderr is now."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"bindery: {record.getMessage()}", file=sys.stderr)


def report_recoveries() -> None:
    """Print what the library logs (a write cut short, finished or rolled
    back) as one line on stderr."""
    logger = logging.getLogger("bindery")
    if not any(isinstance(h, _StderrLine) for h in logger.handlers):
        logger.addHandler(_StderrLine())
        logger.propagate = False


if __name__ == "__main__":
    sys.exit(main())
