"""A built book served over HTTP on localhost: for ``make serve``, the
browser tests and the benchmark.  A missing address is answered as a
static host answers it: the book's ``404.html``, with status 404."""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

NOT_FOUND = "404.html"


class BookHandler(http.server.SimpleHTTPRequestHandler):
    """Python's file server, with the book's own page for a missing address."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / NOT_FOUND
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _QuietHandler(BookHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a browser that leaves a page mid-transfer is not an error here


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: Sequence[str] | None = None) -> int:
    """``make serve``: the built book on http://127.0.0.1:PORT/ until Ctrl+C."""
    parser = argparse.ArgumentParser(prog="python -m bindery.dev.serve", description=main.__doc__)
    parser.add_argument("folder", type=Path, help="the built book, e.g. _build/html")
    parser.add_argument("--port", type=int, default=8000, help="default 8000")
    args = parser.parse_args(argv)
    handler = functools.partial(BookHandler, directory=str(args.folder))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as err:
        print(f"port {args.port}: {err.strerror}; choose another: make serve PORT=8001", file=sys.stderr)
        return 1
    print(f"Serving {args.folder} on http://127.0.0.1:{args.port}/ (Ctrl+C stops)")
    with server, contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
