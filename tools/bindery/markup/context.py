"""What a source holds about a post besides its HTML, for the converter.

WordPress renders a post from more than its body: ``[gallery]`` shows the
images attached to the post (or those it names by id), an address on a
line of its own shows what the oEmbed cache in the post's meta holds,
and ``core/footnotes`` reads its notes from the ``footnotes`` meta.  A
reader gathers what a post needs into a ``PostContext`` (small, so it
travels to a worker process with the post); the converter only reads it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

IMAGE_TYPES = frozenset(
    {"jpg", "jpeg", "jpe", "png", "gif", "webp", "avif", "bmp", "tif", "tiff", "svg", "heic"}
)
AUDIO_TYPES = frozenset({"mp3", "m4a", "ogg", "oga", "wav", "flac", "aac", "wma", "opus"})
VIDEO_TYPES = frozenset({"mp4", "m4v", "webm", "ogv", "mov", "wmv", "flv", "avi", "3gp", "mkv"})


def file_type(url: str) -> str:
    """``jpg`` of ``…/a.JPG?x=1``: the address's extension, lower case."""
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return ""
    return posixpath.splitext(path)[1][1:].lower()


def media_kind(url: str, mime: str = "") -> str:
    """``image``, ``audio``, ``video`` or ``""``, by MIME type or extension."""
    head = mime.split("/", 1)[0].lower()
    if head in ("image", "audio", "video"):
        return head
    kind = file_type(url)
    if kind in IMAGE_TYPES:
        return "image"
    if kind in AUDIO_TYPES:
        return "audio"
    if kind in VIDEO_TYPES:
        return "video"
    return ""


@dataclass(frozen=True)
class Attachment:
    """A file uploaded to the blog (WordPress's ``attachment`` item): what
    a gallery or playlist shows of it.  Never a page of its own."""

    id: int
    url: str
    title: str = ""
    caption: str = ""  # HTML, as WordPress stores an attachment's excerpt
    alt: str = ""
    parent: int = 0
    order: int = 0  # menu order: a gallery without ids shows them by it, then by id
    mime: str = ""

    @property
    def kind(self) -> str:
        return media_kind(self.url, self.mime)


@dataclass(frozen=True)
class PostContext:
    """What the source holds for one post besides its body."""

    post_id: int | None = None
    # the attachments its body may show: its own, and any it names by id
    attachments: tuple[Attachment, ...] = ()
    # WordPress's oEmbed cache: (key, HTML) from the ``_oembed_<md5>`` post meta
    oembed: tuple[tuple[str, str], ...] = ()
    footnotes: str = ""  # the ``footnotes`` post meta (JSON), for core/footnotes

    def attachment(self, ident: int) -> Attachment | None:
        return next((a for a in self.attachments if a.id == ident), None)

    def children(self, parent: int | None) -> list[Attachment]:
        """The attachments of ``parent``, in the order a gallery shows them."""
        if parent is None:
            return []
        return sorted((a for a in self.attachments if a.parent == parent), key=lambda a: (a.order, a.id))


@dataclass(frozen=True)
class Omissions:
    """What a post's conversion could not carry over as the blog showed it,
    for the import report: shortcodes and blocks by name, the addresses of
    images and of audio and video (the importer keeps those with no local
    copy), and the embeds shown as cards."""

    shortcodes: tuple[str, ...] = ()
    blocks: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    embeds: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.shortcodes or self.blocks or self.images or self.media or self.embeds)

    def __add__(self, other: Omissions) -> Omissions:
        return Omissions(
            self.shortcodes + other.shortcodes,
            self.blocks + other.blocks,
            self.images + other.images,
            self.media + other.media,
            self.embeds + other.embeds,
        )


@dataclass
class Noted:
    """``Omissions`` as a conversion gathers them."""

    shortcodes: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    embeds: list[str] = field(default_factory=list)

    def frozen(self) -> Omissions:
        return Omissions(
            tuple(self.shortcodes),
            tuple(self.blocks),
            tuple(self.images),
            tuple(self.media),
            tuple(self.embeds),
        )


def ids_in(text: str) -> list[int]:
    """``"1, 2,3"`` → [1, 2, 3]: the ids a gallery or playlist lists."""
    return [int(part) for part in text.replace(" ", "").split(",") if part.isascii() and part.isdigit()]


def unique(items: Iterable[Attachment]) -> tuple[Attachment, ...]:
    return tuple({a.id: a for a in items}.values())
