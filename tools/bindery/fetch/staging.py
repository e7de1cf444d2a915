"""A fetch in progress, kept out of ``raw/`` until it is complete.

Responses are saved one file each into ``raw/.fetching-<site>/`` (a
hidden folder, which ``bindery import`` never reads) as they arrive, and
listed in ``index.jsonl``, one line each, written after its file.  When
the fetch is complete its index is written as ``fetch.json`` and the
folder is renamed into place, ``raw/<site>/<started>/``, in one step.
An interrupted fetch leaves ``raw/`` as it was; the next run of the same
fetch finds its responses here and asks for none of them again.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from bindery.fetch.client import FetchError, Response
from bindery.sources.rest import FORMAT, INDEX

LOG = "index.jsonl"
META = "meta.json"


class Staging:
    def __init__(self, raw: Path, site: str, scope: dict[str, Any], started: str) -> None:
        self.raw = raw
        self.site = site
        self.folder = raw / f".fetching-{site}"
        self.scope = scope
        self.started = started
        self.entries: list[dict[str, Any]] = []
        self.by_url: dict[str, dict[str, Any]] = {}
        self.resumed = 0  # responses a run before this one saved

    def open(self) -> None:
        """Resume the fetch of the same scope left here, or start one."""
        meta = self._meta()
        if meta is not None and meta.get("scope") == self.scope:
            self.started = str(meta.get("started") or self.started)
            self._load_log()
            self.resumed = len(self.entries)
            return
        if self.folder.exists():
            shutil.rmtree(self.folder)  # another scope's: its responses answer other questions
        try:
            self.folder.mkdir(parents=True)
            self._write(META, json.dumps({"scope": self.scope, "started": self.started}).encode())
        except OSError as err:
            raise _cannot_write(self.folder, err) from None

    def _meta(self) -> dict[str, Any] | None:
        try:
            meta = json.loads((self.folder / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return meta if isinstance(meta, dict) else None

    def _load_log(self) -> None:
        try:
            lines = (self.folder / LOG).read_text(encoding="utf-8").splitlines()
        except OSError:
            lines = []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                break  # the line being written when the fetch stopped
            if isinstance(entry, dict) and (self.folder / str(entry.get("file"))).is_file():
                self.entries.append(entry)
                self.by_url[entry["url"]] = entry

    def saved(self, url: str) -> tuple[dict[str, Any], bytes] | None:
        """The response to ``url`` saved by this fetch (or the run it resumes)."""
        entry = self.by_url.get(url)
        if entry is None:
            return None
        try:
            return entry, (self.folder / entry["file"]).read_bytes()
        except OSError:
            return None

    def save(self, kind: str, response: Response) -> dict[str, Any]:
        """Keep one response, unchanged, with its address and time."""
        name = f"{len(self.entries) + 1:04d}-{kind}.json"
        entry: dict[str, Any] = {
            "file": name,
            "url": response.url,
            "fetched": response.fetched,
            "kind": kind,
            "status": response.status,
            "headers": response.headers,
        }
        if response.final != response.url:
            entry["final"] = response.final
        self._write(name, response.body)
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        try:
            with (self.folder / LOG).open("a", encoding="utf-8") as log:
                log.write(line)
        except OSError as err:
            raise _cannot_write(self.folder / LOG, err) from None
        self.entries.append(entry)
        self.by_url[entry["url"]] = entry
        return entry

    def _write(self, name: str, data: bytes) -> None:
        target = self.folder / name
        part = self.folder / f".{name}.part"
        try:
            with part.open("wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(part, target)
        except OSError as err:
            with contextlib.suppress(OSError):
                part.unlink()
            raise _cannot_write(target, err) from None

    def commit(self, index: dict[str, Any]) -> Path:
        """Move the complete fetch into ``raw/<site>/<started>/`` in one
        rename, its index written first."""
        folder_name = self.started.replace("+00:00", "Z").replace(":", "")
        target = self.raw / self.site / folder_name
        n = 1
        while target.exists():
            n += 1
            target = self.raw / self.site / f"{folder_name}-{n}"
        full = {"format": FORMAT, **index, "started": self.started, "responses": self.entries}
        self._write(INDEX, (json.dumps(full, indent=1, ensure_ascii=False) + "\n").encode())
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(self.folder, target)
        except OSError as err:
            raise _cannot_write(target, err) from None
        for name in (LOG, META):  # the staging's own notes, not the fetch's record
            with contextlib.suppress(OSError):
                (target / name).unlink()
        return target

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _cannot_write(path: Path, err: OSError) -> FetchError:
    return FetchError(
        f"{path}: cannot write: {err.strerror or err}; nothing in raw/ changed, and the next run resumes"
    )
