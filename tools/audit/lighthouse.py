"""``make audit``: Lighthouse (mobile) on each kind of page of a built book.

Serves the book on localhost as ``make serve`` does, runs the npm
``lighthouse`` installed in this folder against Debian's Chromium
(``CHROME_PATH``), prints each page's four scores (the median of RUNS runs) and fails
(exit 1) when one is below GOALS.  Usage: ``python tools/audit/lighthouse.py _build/html``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bindery.dev.serve import serve
from bindery.dev.weight import CHROMIUM, CHROMIUM_ARGS

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "landing": "index.html",
    "post": "posts/the-chips-are-down.html",
    "category": "categories/technology.html",
    "all posts": "posts/index.html",
    "search": "search.html?q=chips",
}
GOALS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
# Lighthouse's performance score varies from run to run (its documentation
# advises the median of several): each page is measured RUNS times.
RUNS = 3


def scores(url: str, report: Path) -> dict[str, float]:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}"]
    command += [f"--chrome-flags={flags}", f"--only-categories={','.join(GOALS)}"]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
    subprocess.run(command, check=True, env=env)
    result = json.loads(report.read_text(encoding="utf-8"))
    failed = [f"{audit['id']}" for audit in result["audits"].values() if audit.get("score") not in (None, 1)]
    if failed:
        print(f"    not passed: {', '.join(sorted(failed)[:12])}")
    return {name: result["categories"][name]["score"] or 0.0 for name in GOALS}


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "_build/html")
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE}: not installed (cd tools/audit && npm ci)", file=sys.stderr)
        return 2
    below = []
    with serve(site) as base, tempfile.TemporaryDirectory() as tmp:
        for kind, path in PAGES.items():
            runs = [scores(base + path, Path(tmp) / "report.json") for _ in range(RUNS)]
            found = {name: statistics.median(run[name] for run in runs) for name in GOALS}
            line = "  ".join(f"{name} {round(score * 100)}" for name, score in found.items())
            print(f"{kind:10} {line}")
            below += [
                f"{kind}: {name} {found[name]:.2f} < {goal}"
                for name, goal in GOALS.items()
                if found[name] < goal
            ]
    for failure in below:
        print(f"{site}: Lighthouse: {failure}", file=sys.stderr)
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
