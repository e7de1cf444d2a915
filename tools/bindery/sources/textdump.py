"""Split the text of a blog's archive page into posts.

A dump is what a browser copies from a WordPress archive page: a header
line (``Category Archives: Technology``), then for each post, newest first,
a title line, optional image captions, paragraphs separated by blank lines,
a comment line (``Leave a comment``, ``1 Comment``, ``N Comments``) and a
category line (``Filed under A, B``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

from bindery.dates import month_of_header
from bindery.errors import DumpError
from bindery.model import DUMP, Block, BulletList, Dump, Paragraph, Post, Quote, Source
from bindery.sources.reader import SNIFF

HEADER = re.compile(r"(?P<kind>Category|Tag|Monthly|Yearly|Daily|Author) Archives: (?P<name>\S.*)")
COMMENTS = re.compile(r"Leave a comment|(?P<n>\d[\d,]{0,12}) Comments?")  # longer: text
FILED = re.compile(r"Filed under(?P<rest>.*)")
BULLET = re.compile(r"[ \t\u00a0]*•[ \t\u00a0]+")
# Captions stand before an opening paragraph led by words in capitals;
# more than this many lines before it and they are ordinary paragraphs.
MAX_CAPTIONS = 2


@dataclass(frozen=True)
class _Chunk:
    """Consecutive non-blank lines, with the number of the first."""

    line: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class TextDumpReader:
    """A text copy of an archive page: the text dump."""

    name = "a text copy of an archive page"
    rank = DUMP
    ordered = True  # an archive page lists its posts newest first

    def sniff(self, path: Path, head: bytes) -> bool:
        """Its first line is an archive header; a ``.txt`` file is one too, so
        that a dump with a mistyped header fails with its line, not unread."""
        if path.is_dir():
            return False
        if path.suffix.lower() == ".txt":
            return True
        first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
        return HEADER.fullmatch(first.decode("utf-8", "replace").strip()) is not None

    def read(self, path: Path, display: str, hints: tuple[object, ...]) -> Generator[Post, None, Dump]:
        try:
            data = path.read_bytes()
        except OSError as err:
            raise DumpError(display, 1, f"cannot read: {err.strerror}") from None
        if b"\0" not in data[:SNIFF]:
            refuse_markup(data[:SNIFF], display)
        dump = parse_dump(decode_dump(data, display), display)
        yield from dump.posts
        return dataclasses.replace(dump, posts=())


READER = TextDumpReader()


def refuse_markup(head: bytes, path: str) -> None:
    """One clear line for markup that no reader took: it is no text dump."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    if not start.startswith(b"<"):
        return
    if b"<html" in start or b"<!doctype html" in start:
        raise DumpError(path, 1, "an HTML page, not a WordPress export (WXR) or an archive dump")
    if b"<rss" in start or b"<feed" in start:
        raise DumpError(
            path, 1, "a news feed without WordPress's export namespace (wp:), not a WordPress export (WXR)"
        )
    raise DumpError(path, 1, "XML, but not a WordPress export (WXR): no xmlns:wp export namespace")


def decode_dump(data: bytes, path: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # as Windows' Notepad saves "Unicode"
        raise DumpError(path, 1, "UTF-16 text; save the file as UTF-8")
    if b"\0" in data:
        if _utf16_without_mark(data):
            raise DumpError(path, 1, "UTF-16 text without a byte-order mark; save the file as UTF-8")
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise DumpError(path, line, "binary data (a NUL byte), not a text dump")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise DumpError(
            path, line, f"not UTF-8 (byte 0x{data[err.start]:02x}); save the dump as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _utf16_without_mark(data: bytes) -> bool:
    """Text saved as UTF-16 with no byte-order mark: at its start (the
    header, in Latin letters), every other byte is NUL and the rest are
    not, and it reads as UTF-16 text (printable, or line breaks)."""
    head = data[:512]
    head = head[: len(head) // 2 * 2]
    for encoding, text_at, high_at in (("utf-16-le", 0, 1), ("utf-16-be", 1, 0)):
        highs = head[high_at::2]
        if highs and highs.count(0) * 2 >= len(highs) and 0 not in head[text_at::2]:
            try:
                text = head.decode(encoding)
            except UnicodeDecodeError:
                continue
            return all(c.isprintable() or c in "\t\r\n" for c in text)
    return False


def parse_dump(text: str, path: str) -> Dump:
    chunks = _chunks(text)
    if not chunks:
        raise DumpError(path, 1, "empty dump")
    head = chunks[0]
    match = HEADER.fullmatch(head.lines[0].strip())
    if match is None or len(head.lines) > 1:
        raise DumpError(
            path,
            head.line,
            'no archive header: the first line must be like "Category Archives: Technology"',
        )
    posts: list[Post] = []
    at = 1
    while at < len(chunks):
        post, at = _parse_post(chunks, at, path)
        posts.append(post)
    if not posts:
        raise DumpError(path, head.line, "the dump holds no posts")
    kind, name = match["kind"], match["name"].strip()
    if kind == "Monthly":
        month = month_of_header(name)
        if month is None:
            raise DumpError(
                path, head.line, f'a Monthly archive names its month like "March 2012", not {name!r}'
            )
        posts = [dataclasses.replace(post, date=month.text) for post in posts]
    return Dump(path, kind, name, tuple(posts))


def _chunks(text: str) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip(" \t"):
            if not current:
                start = number
            current.append(line)
        elif current:
            chunks.append(_Chunk(start, tuple(current)))
            current = []
    if current:
        chunks.append(_Chunk(start, tuple(current)))
    return chunks


def _parse_post(chunks: list[_Chunk], at: int, path: str) -> tuple[Post, int]:
    head = chunks[at]
    title = head.lines[0].strip(" \t")
    if _is_comment_line(head) or FILED.fullmatch(title):
        raise DumpError(path, head.line, f"expected a post title, found {title!r}")
    body: list[_Chunk] = []
    if len(head.lines) > 1:  # text straight under the title, no blank line
        body.append(_Chunk(head.line + 1, head.lines[1:]))
    at += 1
    while at < len(chunks) and not _is_comment_line(chunks[at]):
        chunk = chunks[at]
        if FILED.fullmatch(chunk.lines[0].strip()):
            raise DumpError(
                path,
                chunk.line,
                f"post {title!r} has no comment line "
                '("Leave a comment", "1 Comment", "N Comments") before "Filed under"',
            )
        body.append(chunk)
        at += 1
    if at == len(chunks):
        raise DumpError(
            path,
            head.line,
            f'post {title!r} is cut off: the dump ends before its comment and "Filed under" lines',
        )
    if not body:
        raise DumpError(path, head.line, f"post {title!r} has a title but no text")
    comment_chunk = chunks[at]
    comments = _comment_count(comment_chunk.lines[0].strip())
    at += 1
    if at == len(chunks):
        raise DumpError(path, comment_chunk.line, f'post {title!r} is cut off: no "Filed under" line')
    filed = chunks[at]
    match = FILED.fullmatch(filed.lines[0].strip())
    if match is None:
        raise DumpError(path, filed.line, f'post {title!r} has no "Filed under" line after its comment line')
    categories = tuple(c.strip() for c in match["rest"].split(",") if c.strip())
    if not categories or not match["rest"].startswith(" "):
        raise DumpError(path, filed.line, f'post {title!r} has an empty "Filed under" line')
    trailing = filed.lines[1:]
    if trailing:
        raise DumpError(
            path,
            filed.line + 1,
            f'expected a blank line after post {title!r}\'s "Filed under" line',
        )
    captions, blocks = _parse_body(body)
    post = Post(
        title=title,
        captions=captions,
        blocks=blocks,
        comments=comments,
        categories=tuple(dict.fromkeys(categories)),
        source=Source(path, head.line),
    )
    return post, at + 1


def _is_comment_line(chunk: _Chunk) -> bool:
    return len(chunk.lines) == 1 and COMMENTS.fullmatch(chunk.lines[0].strip()) is not None


def _comment_count(line: str) -> int:
    match = COMMENTS.fullmatch(line)
    assert match is not None
    return int(match["n"].replace(",", "")) if match["n"] else 0


def _parse_body(chunks: list[_Chunk]) -> tuple[tuple[str, ...], tuple[Block, ...]]:
    captions: tuple[str, ...] = ()
    for index, chunk in enumerate(chunks[: MAX_CAPTIONS + 1]):
        if index and _opens_in_capitals(chunk.text):
            if all(len(c.lines) == 1 for c in chunks[:index]):
                captions = tuple(c.lines[0] for c in chunks[:index])
                chunks = chunks[index:]
            break
    blocks: list[Block] = []
    for chunk in chunks:
        blocks.extend(_blocks(chunk))
    for index, block in enumerate(blocks[1:], start=1):
        before = blocks[index - 1]
        if (
            isinstance(block, Paragraph)
            and isinstance(before, Paragraph)
            and before.text.rstrip().endswith(":")
        ):
            blocks[index] = Quote(block.text, block.line)
    return captions, tuple(blocks)


def _blocks(chunk: _Chunk) -> list[Block]:
    """A chunk is a paragraph, a bullet list, or a paragraph and a list."""
    out: list[Block] = []
    prose: list[str] = []
    items: list[str] = []
    start = chunk.line
    for offset, line in enumerate(chunk.lines):
        bullet = BULLET.match(line)
        if bullet:
            if prose:
                out.append(Paragraph("\n".join(prose), start))
                prose = []
            if not items:
                start = chunk.line + offset
            items.append(line[bullet.end() :])
        else:
            if items:
                out.append(BulletList(tuple(items), start))
                items = []
            if not prose:
                start = chunk.line + offset
            prose.append(line)
    if prose:
        out.append(Paragraph("\n".join(prose), start))
    if items:
        out.append(BulletList(tuple(items), start))
    return out


def _opens_in_capitals(text: str) -> bool:
    """``THE SEMICONDUCTOR INDUSTRY has been…``: the blog's opening style."""
    words = text.split()[:2]
    if len(words) < 2:
        return False
    letters = ["".join(ch for ch in word if ch.isalpha()) for word in words]
    return len(letters[0]) >= 2 and all(w and w.isupper() for w in letters)
