"""Small web archives for the tests, written with warcio as a crawler
writes them: responses with their HTTP headers, revisits, redirects."""

from __future__ import annotations

import hashlib
import io
import zipfile
from base64 import b32encode
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass(frozen=True)
class Response:
    uri: str
    body: bytes
    date: str = "2015-03-01T12:00:00Z"
    status: str = "200 OK"
    content_type: str = "text/html; charset=UTF-8"
    location: str | None = None


@dataclass(frozen=True)
class Revisit:
    uri: str
    of: Response  # the earlier response whose payload it repeats
    date: str


def digest(body: bytes) -> str:
    return "sha1:" + b32encode(hashlib.sha1(body).digest()).decode("ascii")


def write_warc(path: Path, records: list[Response | Revisit], gzip: bool = True) -> Path:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for record in records:
            if isinstance(record, Revisit):
                http = StatusAndHeaders(
                    "200 OK", [("Content-Type", record.of.content_type)], protocol="HTTP/1.1"
                )
                warc = writer.create_revisit_record(
                    record.uri,
                    digest(record.of.body),
                    record.of.uri,
                    record.of.date,
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": record.date},
                )
            else:
                headers = [("Content-Type", record.content_type), ("Content-Length", str(len(record.body)))]
                if record.location:
                    headers.append(("Location", record.location))
                http = StatusAndHeaders(record.status, headers, protocol="HTTP/1.1")
                warc = writer.create_warc_record(
                    record.uri,
                    "response",
                    payload=io.BytesIO(record.body),
                    length=len(record.body),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": record.date, "WARC-Payload-Digest": digest(record.body)},
                )
            writer.write_record(warc)
    return path


def write_wacz(path: Path, warc: Path) -> Path:
    """A WACZ as Browsertrix writes one: the WARC under archive/, with a datapackage."""
    with zipfile.ZipFile(path, "w") as wacz:
        wacz.writestr("datapackage.json", '{"profile": "data-package", "resources": []}')
        wacz.write(warc, f"archive/{warc.name}", compress_type=zipfile.ZIP_STORED)
        wacz.writestr("pages/pages.jsonl", '{"format": "json-pages-1.0"}\n')
    return path
