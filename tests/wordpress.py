"""A real WordPress on 127.0.0.1, loaded from a WordPress export, for the
tests of the sources a blog's readers have (its REST API, its pages, a
mirror or a web archive of it): the harness beside the repository,
``../shared/wordpress`` (its README says what it loads and how).

Tests that need one skip, saying why, where it cannot start here; under
CI (``CI`` set), where ``.ci/run`` installs what it needs, they fail
instead, so that CI never skips them.
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

HARNESS = ROOT.parent / "shared" / "wordpress"
SAMPLES = Path(__file__).parent / "samples"
START_SECONDS = 600  # a first start installs Debian's packages


@dataclass(frozen=True)
class Site:
    url: str  # http://127.0.0.1:PORT
    port: int
    export: Path  # the WXR file it was loaded from
    home: Path  # the harness's state folder (its logs)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def unavailable(why: str) -> None:
    """Skip, saying why; under CI, where nothing may be skipped, fail."""
    if os.environ.get("CI"):
        pytest.fail(f"a real WordPress is needed and {why}", pytrace=False)
    pytest.skip(f"a real WordPress cannot run here: {why}")


@contextmanager
def wordpress(export: Path, *options: str) -> Iterator[Site]:
    """A WordPress loaded from ``export``, on a free port, for the block."""
    start, stop = HARNESS / "start", HARNESS / "stop"
    if not start.exists():
        unavailable(f"its harness is not beside the repository ({start})")
    port = free_port()
    home = Path(f"/tmp/wordpress-test-{port}")
    env = {**os.environ, "WORDPRESS_HOME": str(home)}
    try:
        result = subprocess.run(
            [str(start), str(export), "--port", str(port), *options],
            capture_output=True,
            text=True,
            env=env,
            timeout=START_SECONDS,
        )
    except subprocess.TimeoutExpired:
        unavailable(f"{start} did not finish in {START_SECONDS} s")
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["(no message)"])[-1]
        unavailable(f"{start} failed: {last}")
    try:
        yield Site(result.stdout.split()[0], port, export, home)
    finally:
        subprocess.run([str(stop), "--port", str(port), "--clean"], capture_output=True, env=env, check=False)
