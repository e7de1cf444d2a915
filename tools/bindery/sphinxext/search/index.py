"""Pagefind's index in two tiers, so that adding a post does not index them all.

Pagefind cannot update an index (Pagefind/pagefind#71): each run indexes
every page again, 40 s at 10,000 posts.  So the book keeps two indexes,
as a log-structured store would:

- the **base** (``_pagefind/``), every post as it was when it was last
  indexed in full;
- the **recent** tier (``_pagefind_recent/``), only the posts whose page
  changed since: new posts, edited posts and their neighbours (whose
  "next" and "previous" links changed).  It is made again on every build
  that changed a post, at a cost that grows with the pages in it, not
  with the archive.

The search page merges the two with Pagefind's own ``mergeIndex`` (the
second index shares the first one's WebAssembly, so a reader fetches only
its small metadata and chunks), and drops the base's copy of every post
the recent tier holds: ``recent.json`` lists the base's page ids that are
out of date.  Once the recent tier holds more than one post in twenty
(``FULL_SHARE``), or the base is missing, everything is indexed again into
a fresh base.  The state file is removed before either index is
replaced and written after, so a build cut short in between leaves none,
and the next build indexes everything.

The recent tier's posts are ranked against its own, smaller, collection of
pages (Pagefind's multisite search does the same): until the next full
index, a word's weight in a recent post is not exactly what it will be.

The base is cut into **shards** of about ``SHARD_PAGES`` posts, each
post's by a hash of its address: ``_pagefind/`` and, from 7,500 posts,
``_pagefind/shard-1/`` and on.  Pagefind scores every page that holds a
query's word, one page after another in one worker, so at 10,000 posts a
search took 85 to 150 ms in its WebAssembly alone; the search page searches
each shard in a worker of its own, at once, and merges the results by
score (the way Pagefind merges indexes).  A shard is a random share of the
posts, so its word weights are nearly those of the whole.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import shutil
import time
import zlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

BASE = "_pagefind"
RECENT = "_pagefind_recent"
RECENT_FILE = "recent.json"  # in RECENT: what the search page reads first (_write_recent_file)
STATE_FILE = "bindery-pagefind.json"  # in the doctree folder
FULL_SHARE = 20  # index everything again once more than 1 post in 20 is in the recent tier
SHARD_PAGES = 5000  # about this many posts in one shard of the base
PAGES_FOLDER = "bindery-pagefind-pages"  # in the doctree folder: the pages Pagefind is given
_FRAGMENT_HEADER = b"pagefind_dcd"

Stamp = tuple[int, int]  # a page's size and modification time


def _config(output: Path, excluded: tuple[str, ...]) -> Any:
    from pagefind.index import IndexConfig

    return IndexConfig(exclude_selectors=list(excluded), force_language="en", output_path=str(output))


class IndexWriteError(Exception):
    """Pagefind failed, or left an index that is not whole."""


async def _index(output: Path, excluded: tuple[str, ...], add: Callable[[Any], Awaitable[object]]) -> None:
    """Run Pagefind's service: ``add`` gives it the pages, then it writes
    the index to ``output``, and exits."""
    from pagefind.service import PagefindService

    service = await PagefindService().launch()
    try:
        index = await service.create_index(_config(output, excluded))
        await add(index)
        await index.write_files()
        await _writes_done(service._backend.pid, output)
    except Exception as err:
        if type(err) is not Exception:  # the client raises a plain Exception with Pagefind's message
            raise
        said = err.args[0] if err.args else ""
        raise IndexWriteError(f"Pagefind could not write {output}: {said}") from None
    finally:
        code = await finish(service)
    if code != 0:
        raise IndexWriteError(f"Pagefind exited with status {code} while writing {output}")


async def _writes_done(pid: int, output: Path, timeout: float = 120.0) -> None:
    """Wait until Pagefind has finished writing ``output``.

    Pagefind writes its files through tokio without flushing them: its
    reply to "write the files" comes once every write is *queued*, and a
    process that ends then leaves files cut short (seen at 10,000 posts,
    and again in a test under load: an empty ``pagefind-entry.json``, an
    empty ``pagefind-component-ui.css``), whether it is terminated (the
    library's ``close()``) or left to exit.  Each file stays open until
    its write is done, so on Linux this waits until the process holds no
    file in ``output``; elsewhere, until no file there has grown for a
    fifth of a second."""
    fds = Path(f"/proc/{pid}/fd")
    folder = f"{output.resolve()}{os.sep}"
    deadline = time.monotonic() + timeout
    if fds.is_dir():
        while any(_target(fd).startswith(folder) for fd in fds.iterdir()):
            if time.monotonic() > deadline:
                raise IndexWriteError(f"{output}: Pagefind did not finish writing in {timeout:g} s")
            await asyncio.sleep(0.01)
        return
    last: tuple[int, int] | None = None
    while (now := _sizes(output)) != last:
        if time.monotonic() > deadline:
            raise IndexWriteError(f"{output}: Pagefind did not finish writing in {timeout:g} s")
        last = now
        await asyncio.sleep(0.2)


def _sizes(folder: Path) -> tuple[int, int]:
    """How many files ``folder`` holds, and their bytes."""
    sizes = [p.stat().st_size for p in folder.rglob("*") if p.is_file()]
    return len(sizes), sum(sizes)


def _target(fd: Path) -> str:
    try:
        return os.readlink(fd)
    except OSError:  # closed meanwhile
        return ""


async def finish(service: Any) -> int | None:
    """Let Pagefind's service exit on its own (its input closed), and
    return its exit status: 0, where the library's ``close()`` kills it
    (-15)."""
    service._poll_task.cancel()
    backend = service._backend
    backend.stdin.close()
    return await backend.wait()


def _index_pages(
    pages: dict[str, Path], output: Path, excluded: tuple[str, ...], work: Path
) -> dict[str, str]:
    """Index ``pages`` (address → built file) into ``output``, checked
    whole; returns :func:`page_ids`.  Pagefind is given a folder holding
    the pages at their addresses (hard links, made in ``work``): one
    request, where adding pages one by one costs a tenth of a second each
    (its Python client reads one reply per 0.1 s poll)."""
    shutil.rmtree(work, ignore_errors=True)
    try:
        for url, path in pages.items():
            target = work / url.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:  # another file system, or no hard links
                shutil.copyfile(path, target)
        asyncio.run(_index(output, excluded, lambda index: index.add_directory(str(work))))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return check_written(output)


def shard_count(pages: int, shard_pages: int = SHARD_PAGES) -> int:
    """How many shards the base of ``pages`` posts is cut into: shards of
    about ``shard_pages`` (from three quarters of it to five quarters)."""
    return max(1, (pages + shard_pages // 2) // shard_pages)


def shard_folder(shard: int) -> str:
    """Where a shard of the base is, under ``_pagefind/``."""
    return "" if shard == 0 else f"shard-{shard}"


def shard_of(url: str, shards: int) -> int:
    """The shard a page is in: by a hash of its address, so the shards are
    even and a page stays in its shard while their number does not change."""
    return zlib.crc32(url.encode("utf-8")) % shards


def _entry(folder: Path) -> dict[str, Any] | None:
    """The index's ``pagefind-entry.json``, or None if it is missing or not whole."""
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) and isinstance(entry.get("languages"), dict) else None


def check_written(folder: Path) -> dict[str, str]:
    """Check that an index Pagefind wrote is whole (its entry file reads,
    and every page it counts has a fragment that decompresses); returns
    :func:`page_ids`."""
    entry = _entry(folder)
    if entry is None:
        raise IndexWriteError(f"{folder / 'pagefind-entry.json'}: missing or cut short")
    try:
        ids = page_ids(folder)
        for chunk in folder.glob("*/*.pf_*"):
            if chunk.parent.name != "fragment":
                gzip.decompress(chunk.read_bytes())
        for language in entry["languages"].values():
            gzip.decompress((folder / f"pagefind.{language['hash']}.pf_meta").read_bytes())
    except (OSError, EOFError, ValueError, KeyError, TypeError) as error:
        raise IndexWriteError(f"{folder}: an index file is missing or cut short ({error})") from None
    counted = sum(language.get("page_count", 0) for language in entry["languages"].values())
    if counted != len(ids):
        raise IndexWriteError(f"{folder}: {counted} pages indexed but {len(ids)} fragments written")
    return ids


def page_ids(folder: Path) -> dict[str, str]:
    """Each indexed page's address (``/posts/x.html``) → its Pagefind id
    (the name of its fragment file, ``en_1a2b3c4``)."""
    ids = {}
    for fragment in (folder / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        ids[json.loads(data[len(_FRAGMENT_HEADER) :])["url"]] = fragment.stem
    return ids


def _replace(staging: Path, folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)


def _write_recent_file(folder: Path, base: Path, merge: bool, stale: list[str], shards: int) -> None:
    """What the search page reads first: how many shards the base has,
    the name of Pagefind's WebAssembly in ``base`` (which the page fetches
    once for all of them), whether there is a recent tier to merge, and
    which of the base's pages to leave out."""
    folder.mkdir(parents=True, exist_ok=True)
    recent = {"shards": shards, "wasm": wasm_name(base), "merge": merge, "stale": stale}
    (folder / RECENT_FILE).write_text(json.dumps(recent), encoding="utf-8")


def wasm_name(base: Path) -> str | None:
    """The WebAssembly file Pagefind loads for ``base``: its language with
    the most pages (the one it picks in a worker, which has no page
    language to go by)."""
    languages = (_entry(base) or {}).get("languages") or {}
    if not languages:
        return None
    top = max(languages.values(), key=lambda language: language.get("page_count", 0))
    return f"wasm.{top.get('wasm') or 'unknown'}.pagefind"


def write_tiers(
    out: Path,
    state_file: Path,
    pages: dict[str, Path],
    excluded: tuple[str, ...],
    shard_pages: int = SHARD_PAGES,
) -> str:
    """Bring the indexes up to date with ``pages`` (address → built
    file, every page that search covers, less those not on disk).
    Returns what was done."""
    stamps: dict[str, Stamp] = {}
    for url, path in pages.items():
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            continue  # not written (a page Sphinx was told to leave out)
        stamps[url] = (stat.st_size, stat.st_mtime_ns)
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
        base: dict[str, Stamp] = {url: tuple(s) for url, s in state["base"].items()}  # type: ignore[misc]
        ids: dict[str, str] = state["ids"]
        recent: dict[str, Stamp] = {url: tuple(s) for url, s in state["recent"].items()}  # type: ignore[misc]
        shards = int(state["shards"])
    except (OSError, ValueError, KeyError, TypeError):
        base, ids, recent, shards = {}, {}, {}, 0
    changed = {url for url, stamp in stamps.items() if base.get(url) != stamp}
    removed = set(base) - set(stamps)
    has_base = base and all(_entry(out / BASE / shard_folder(k)) is not None for k in range(shards))
    work = state_file.parent / PAGES_FOLDER
    if not has_base or len(changed) * FULL_SHARE > len(stamps):
        state_file.unlink(missing_ok=True)
        staging = out / f"{BASE}.new"
        shutil.rmtree(staging, ignore_errors=True)
        shards = shard_count(len(stamps), shard_pages)
        parts: list[dict[str, Path]] = [{} for _ in range(shards)]
        for url in stamps:
            parts[shard_of(url, shards)][url] = pages[url]
        ids = {}
        for shard, part in enumerate(parts):  # one after another: Pagefind's memory grows with the pages
            ids.update(_index_pages(part, staging / shard_folder(shard), excluded, work))
        _replace(staging, out / BASE)
        shutil.rmtree(out / RECENT, ignore_errors=True)
        _write_recent_file(out / RECENT, out / BASE, False, [], shards)
        _save(state_file, stamps, ids, {}, shards)
        return f"all {len(stamps)} pages indexed" + (f" in {shards} shards" if shards > 1 else "")
    now_recent = {url: stamps[url] for url in sorted(changed)}
    if now_recent == recent and not removed and (out / RECENT / RECENT_FILE).exists():
        return "nothing to index"
    staging = out / f"{RECENT}.new"
    shutil.rmtree(staging, ignore_errors=True)
    if now_recent:
        recent_ids = set(
            _index_pages({url: pages[url] for url in now_recent}, staging, excluded, work).values()
        )
    else:
        recent_ids = set()
    # The base's copy of a page the recent tier holds again, or of a page
    # gone; a page whose text did not change keeps its id in both tiers.
    stale = sorted({ids[url] for url in (changed | removed) if url in ids} - recent_ids)
    _write_recent_file(staging, out / BASE, bool(now_recent), stale, shards)
    state_file.unlink(missing_ok=True)
    _replace(staging, out / RECENT)
    _save(state_file, base, ids, now_recent, shards)
    return f"{len(now_recent)} of {len(stamps)} pages indexed in {RECENT}/"


def _save(
    state_file: Path, base: dict[str, Stamp], ids: dict[str, str], recent: dict[str, Stamp], shards: int
) -> None:
    state = {"base": base, "ids": ids, "recent": recent, "shards": shards}
    state_file.write_text(json.dumps(state), encoding="utf-8")
