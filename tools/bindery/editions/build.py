"""``bindery editions epub|pdf``: every volume, built again only where its
posts changed.

Each volume is a ``sphinx-build`` of its own (``-D bindery_edition=KEY``,
its own doctree folder; see ``sphinxext/editions/config.py``), then, for
the PDF, ``latexmk`` with xelatex.  A volume's stamp is made from its
plan, its posts' files, ``conf.py`` and the code that builds it
(``volume_stamp``): a volume whose stamp is the one its last edition was
made from is not built again, so adding a post to 2024 rebuilds the 2024
volume alone.  Volumes are built side by side, one per core.

What was built is recorded in ``editions.json`` in the output folder:
each volume's title, posts and, per format, its file, size, date and
stamp.  The web site reads it to link the editions (``sphinxext/editions/site.py``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import runpy
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import bindery
from bindery.book.generate import regenerate
from bindery.book.volumes import MANIFEST, MAX_POSTS, Volume, file_size, volume_stamp, volumes_of
from bindery.editions.tools import check_pdf_tools, latex_failure, missing_characters
from bindery.errors import BinderyError

FORMATS = {"epub": ("epub", ".epub"), "pdf": ("latex", ".pdf")}
WORK = ".work"  # under the output folder: each volume's Sphinx output and doctrees


@dataclass
class Outcome:
    volume: Volume
    built: bool  # False: unchanged since the last edition
    file: str
    size: int
    warnings: list[str]


def code_digest() -> str:
    """The bindery code that makes an edition: a change to it makes every volume anew."""
    hasher = hashlib.sha256()
    package = Path(bindery.__file__).parent
    for path in sorted(package.rglob("*.py")):
        hasher.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


def load_manifest(out: Path) -> dict[str, dict[str, object]]:
    """Volume key → what the last builds recorded of it."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return {entry["key"]: entry for entry in data["volumes"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def build_editions(
    root: Path,
    fmt: str,
    out: Path,
    jobs: int = 0,
    report: Callable[[str], None] = print,
) -> list[Outcome]:
    if fmt == "pdf":
        check_pdf_tools()
    builder, suffix = FORMATS[fmt]
    volumes, _ = volumes_of(root, limit=volume_posts(root))
    # the listings every volume's build would write, written once before they start side by side
    regenerate(root)
    if not volumes:
        raise BinderyError(f"{root}: the archive has no posts to make an edition of")
    conf = root / "conf.py"
    settings = f"{fmt}\0{conf.read_text(encoding='utf-8') if conf.exists() else ''}\0{code_digest()}"
    digests = {doc: _digest(root / f"{doc}.md") for volume in volumes for doc in volume.posts}
    recorded = load_manifest(out)
    out.mkdir(parents=True, exist_ok=True)
    stamps = {v.key: volume_stamp(v, digests, settings) for v in volumes}

    def one(volume: Volume) -> Outcome:
        before = recorded.get(volume.key, {}).get(fmt)
        if (
            isinstance(before, dict)
            and before.get("stamp") == stamps[volume.key]
            and (out / before["file"]).exists()
        ):
            return Outcome(volume, False, str(before["file"]), int(before["bytes"]), [])
        made, warnings = _build_volume(root, volume.key, builder, suffix, out / WORK)
        target = out / made.name
        tmp = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(made, tmp)
        os.replace(tmp, target)
        return Outcome(volume, True, made.name, target.stat().st_size, warnings)

    workers = max(1, min(jobs or os.cpu_count() or 1, len(volumes)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = list(pool.map(one, volumes))
    today = datetime.date.today().isoformat()
    entries = []
    for outcome in outcomes:
        volume = outcome.volume
        entry = dict(recorded.get(volume.key, {}))
        entry.update(
            key=volume.key,
            title=volume.title,
            span=volume.span,
            years=list(volume.years),
            posts=list(volume.posts),
        )
        if outcome.built or fmt not in entry:
            entry[fmt] = {
                "file": outcome.file,
                "bytes": outcome.size,
                "date": today,
                "stamp": stamps[volume.key],
            }
        entries.append(entry)
        state = "built" if outcome.built else "unchanged"
        size = file_size(outcome.size)
        report(f"{fmt} {volume.key}: {state}, {len(volume.posts):,} posts, {size}: {out / outcome.file}")
        for line in outcome.warnings:
            report(f"{fmt} {volume.key}: warning: {line}")
    kept = {e[f]["file"] for e in entries for f in FORMATS if isinstance(e.get(f), dict)}  # type: ignore[index]
    for old in recorded.values():
        for f in FORMATS:
            made = old.get(f)
            if isinstance(made, dict) and made.get("file") not in kept:
                (out / str(made["file"])).unlink(missing_ok=True)  # a volume the plan no longer has
    text = json.dumps({"volumes": entries}, ensure_ascii=False, indent=1) + "\n"
    tmp = out / f".{MANIFEST}.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, out / MANIFEST)
    return outcomes


def volume_posts(root: Path) -> int:
    """``bindery_volume_posts`` as ``conf.py`` sets it (the build reads the same)."""
    conf = root / "conf.py"
    if not conf.exists():
        return MAX_POSTS
    try:
        value = runpy.run_path(str(conf)).get("bindery_volume_posts", MAX_POSTS)
    except Exception as err:  # conf.py's own error: Sphinx would refuse it too
        raise BinderyError(f"{conf}: {err}") from None
    if not isinstance(value, int) or value < 1:
        raise BinderyError(f"{conf}: bindery_volume_posts must be a whole number of 1 or more, not {value!r}")
    return value


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _build_volume(root: Path, key: str, builder: str, suffix: str, work: Path) -> tuple[Path, list[str]]:
    """Build one volume; return its file and what the build warned of."""
    outdir = work / builder / key
    doctrees = work / "doctrees" / f"{builder}-{key}"
    if builder == "epub":
        # the EPUB builder packs every file of its folder: none of a post that left the volume
        # (Sphinx's reading stays incremental: the doctrees are kept)
        shutil.rmtree(outdir, ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-b", builder, "-W", "--keep-going", "-n", "-q"]
    command += ["-D", f"bindery_edition={key}", "-d", str(doctrees), str(root), str(outdir)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        if "Exception occurred:" in lines:  # Sphinx's crash report: its exception, not its preamble
            lines = lines[lines.index("Exception occurred:") + 1 :][-1:] + lines
        first = lines[0] if lines else f"sphinx-build exited with {result.returncode}"
        more = f" (and {len(lines) - 1} more lines)" if len(lines) > 1 else ""
        raise BinderyError(f"{'EPUB' if builder == 'epub' else 'PDF'} edition {key}: {first}{more}")
    if builder == "epub":
        return _one(outdir, suffix, key), []
    tex = _one(outdir, ".tex", key)
    latex = subprocess.run(
        [
            "latexmk",
            "-pdf",
            "-dvi-",
            "-ps-",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-file-line-error",
            tex.name,
        ],
        cwd=outdir,
        capture_output=True,
        text=True,
        errors="replace",
    )
    log_path = tex.with_suffix(".log")
    log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    if latex.returncode != 0:
        raise BinderyError(latex_failure(latex.stdout + "\n" + log, key))
    missing = missing_characters(log)
    warnings = (
        [f"{len(missing)} characters have no glyph in the PDF's fonts: " + "; ".join(missing[:5])]
        if missing
        else []
    )
    return tex.with_suffix(".pdf"), warnings


def _one(folder: Path, suffix: str, key: str) -> Path:
    found = sorted(folder.glob(f"*{suffix}"))
    if len(found) != 1:
        raise BinderyError(f"{folder}: expected one {suffix} file of volume {key}, found {len(found)}")
    return found[0]
