"""The ``bindery`` command: the library raises, this reports."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import BinderyError
from .importer import import_dumps, regenerate_pages


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bindery", description="Turn blog archive dumps into a Sphinx book."
    )
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="the book's folder (default: the current one)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="import archive dumps into posts/ and categories/")
    imp.add_argument("dumps", nargs="+", type=Path, help="dump files, e.g. raw/*.txt")
    imp.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    commands.add_parser("pages", help="regenerate categories/ from the posts' front matter")
    args = parser.parse_args(argv)
    try:
        if args.command == "import":
            report = import_dumps(args.dumps, args.root)
            if not args.quiet:
                print(report.summary())
        elif args.command == "pages":
            written = regenerate_pages(args.root)
            print(f"{len(written)} category files written")
    except BinderyError as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
