"""``make serve``: the built book on a port of the reader's choosing, and
one clear line when it cannot have it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT, make, terminal_env

VENV = Path(sys.executable).parent.parent


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A folder as ``make html`` leaves it, as far as serving goes."""
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "index.html").write_text("<!DOCTYPE html><title>Book</title>", "utf-8")
    return tmp_path


@pytest.fixture
def taken() -> Iterator[int]:
    """A port another program listens on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def make_serve(built: Path, *options: str, timeout: float | None = 30) -> subprocess.CompletedProcess[str]:
    """``make serve`` as the reader runs it, on a book already built (``-o
    html``: not built again here)."""
    command = ["-s", "-f", str(ROOT / "Makefile"), "-o", "html", "serve"]
    return make(*command, f"VENV={VENV}", f"BUILDDIR={built}", *options, cwd=built, timeout=timeout)


def test_a_taken_port_is_one_clear_line(built, taken):
    result = make_serve(built, f"PORT={taken}")
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        f"{built}/html: cannot serve on port {taken}: another program (another make serve?) is using it; "
        "choose another: make serve PORT=8000"
    )
    # (make adds its own line naming the target that failed)
    assert [line.split(":")[0] for line in result.stderr.splitlines()[1:]] == ["make"]


@pytest.mark.parametrize(
    ("port", "message"),
    [
        ("http", "PORT must be a number from 1 to 65535, not 'http'"),
        ("70000", "PORT must be a number from 1 to 65535, not '70000'"),
    ],
)
def test_a_port_that_is_none_is_one_line(built, port, message):
    result = make_serve(built, f"PORT={port}")
    assert (result.returncode, result.stdout, result.stderr.splitlines()[0]) == (2, "", message)


def test_no_book_is_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bindery.dev.serve", str(tmp_path / "html"), "--port", "8000"],
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        f"{tmp_path}/html: no book here (make html builds it)\n",
    )


def test_the_book_is_served_on_the_port_given(built):
    with socket.socket() as probe:  # a port free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = ["make", "-s", "-f", str(ROOT / "Makefile"), "-o", "html", "serve"]
    command += [f"VENV={VENV}", f"BUILDDIR={built}", f"PORT={port}"]
    server = subprocess.Popen(
        command,
        cwd=built,
        env=terminal_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert server.stdout is not None
        assert (
            server.stdout.readline() == f"Serving {built}/html on http://localhost:{port}/ (Ctrl+C stops)\n"
        )
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=10) as response:
            assert b"<title>Book</title>" in response.read()
    finally:
        os.killpg(server.pid, signal.SIGINT)  # Ctrl+C in the terminal: to make and the server
        _, errors = server.communicate(timeout=10)
    assert "Traceback" not in errors


def test_make_html_ends_by_naming_make_serve():
    """Opened from the files, a page cannot search: the last line ``make
    html`` prints says what can."""
    result = make("-n", "-f", str(ROOT / "Makefile"), "html")
    last = result.stdout.splitlines()[-1]
    assert last.startswith("echo ") and last.endswith('to read it with search, run: make serve"')
