"""A built book served over HTTP on localhost: ``make serve`` (``python -m
bindery.dev.serve _build/html --port 8000``), the browser tests and the
benchmark.  Search needs it: a browser gives pages opened from the files
themselves (``file://``) no module scripts and no workers.  A missing
address is answered as a static host answers it: the book's ``404.html``,
with status 404."""

from __future__ import annotations

import argparse
import errno
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
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


def make_server(folder: Path, port: int = 0, quiet: bool = True) -> _Server:
    """A server of ``folder`` on ``port`` of 127.0.0.1 (0: a free one),
    bound but not yet serving; OSError if the port cannot be had."""
    handler_class = _QuietHandler if quiet else BookHandler
    handler = functools.partial(handler_class, directory=str(folder))
    return _Server((HOST, port), handler)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1; yields the base URL."""
    server = make_server(folder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ValueError(f"PORT must be a number from 1 to 65535, not {text!r}")
    return int(text)


def _refusal(folder: Path, port: int, err: OSError) -> str:
    """Why ``port`` cannot be had, in one line, with what to do instead."""
    other = DEFAULT_PORT if port != DEFAULT_PORT else DEFAULT_PORT + 1
    if err.errno == errno.EADDRINUSE:
        why = "another program (another make serve?) is using it"
    elif err.errno == errno.EACCES:
        why = "only root may use a port below 1024" if port < 1024 else "permission denied"
    else:
        why = err.strerror or str(err)
    return f"{folder}: cannot serve on port {port}: {why}; choose another: make serve PORT={other}"


def main(argv: list[str] | None = None) -> int:
    """``make serve``: the book on http://127.0.0.1:PORT/ until Ctrl+C;
    a port in use, or no book, is one line and exit status 1."""
    parser = argparse.ArgumentParser(prog="python -m bindery.dev.serve", description=main.__doc__)
    parser.add_argument("folder", type=Path, help="the built book (_build/html)")
    parser.add_argument("--port", default=str(DEFAULT_PORT), help=f"default {DEFAULT_PORT}")
    args = parser.parse_args(argv)
    try:
        port = _port(args.port)
    except ValueError as err:
        print(err, file=sys.stderr)
        return 1
    if not (args.folder / "index.html").is_file():
        print(f"{args.folder}: no book here (make html builds it)", file=sys.stderr)
        return 1
    try:
        server = make_server(args.folder, port, quiet=False)
    except OSError as err:
        print(_refusal(args.folder, port, err), file=sys.stderr)
        return 1
    print(f"Serving {args.folder} on http://localhost:{port}/ (Ctrl+C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
