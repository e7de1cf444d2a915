"""Which address an image (or a player) of a post shows.

Pages served by WordPress and its plugins rarely put an image's address
in ``src`` alone: lazy loading keeps it in ``data-src`` or
``data-lazy-src`` (with a blank ``src``) and repeats the image in a
``<noscript>`` for readers without JavaScript; ``srcset`` lists the same
image in several sizes; Jetpack names the original in ``data-orig-file``.
Each ``<img>`` becomes one image here: its addresses, largest first, of
which the book shows the largest it holds a copy of.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree

# where lazy-loading scripts keep the real address, most telling first
LAZY = ("data-orig-file", "data-lazy-src", "data-src", "data-original", "data-large-file", "data-image")
LAZY_SRCSET = ("data-lazy-srcset", "data-srcset")
_DESCRIPTOR = re.compile(r"^(\d+(?:\.\d+)?)([wx])$")


def srcset(value: str) -> list[tuple[str, float]]:
    """``a.jpg 300w, b.jpg 1024w`` → [(address, size)], as the HTML
    standard splits a srcset (an address may hold commas)."""
    out: list[tuple[str, float]] = []
    at, end = 0, len(value)
    while at < end:
        while at < end and (value[at].isspace() or value[at] == ","):
            at += 1
        start = at
        while at < end and not value[at].isspace():
            at += 1
        url = value[start:at]
        descriptors = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            comma = value.find(",", at)
            descriptors = value[at : comma if comma >= 0 else end].strip()
            at = comma + 1 if comma >= 0 else end
        if not url:
            continue
        size = 1.0
        for descriptor in descriptors.split():
            match = _DESCRIPTOR.match(descriptor)
            if match:
                size = float(match[1]) * (1 if match[2] == "w" else 0.001)
        out.append((url, size))
    return out


def image_addresses(img: etree._Element) -> list[str]:
    """Every address the element gives for its image, largest first, each
    once: the original (``data-orig-file``), the srcset by size, then the
    lazy and plain sources.  A ``src`` that is a data URI (a lazy loader's
    blank) is none."""
    names = img.keys()
    if "srcset" not in names and not any(name.startswith("data-") for name in names):
        src = img.get("src", "").strip()  # (most images: their src alone)
        return [src] if src and not src.lower().startswith("data:") else []
    candidates: list[str] = []
    original = img.get("data-orig-file", "").strip()
    if original:
        candidates.append(original)
    sized: list[tuple[str, float]] = []
    for name in ("srcset", *LAZY_SRCSET):
        sized.extend(srcset(img.get(name, "")))
    candidates.extend(url for url, _ in sorted(sized, key=lambda pair: -pair[1]))
    candidates.extend(img.get(name, "").strip() for name in LAZY[1:])
    candidates.append(img.get("src", "").strip())
    return [url for url in dict.fromkeys(candidates) if url and not url.lower().startswith("data:")]


def picture_addresses(picture: etree._Element) -> list[str]:
    """A ``<picture>``'s sources and its ``<img>``, as one image."""
    sized: list[tuple[str, float]] = []
    for source in picture.iter("source"):
        for name in ("srcset", *LAZY_SRCSET):
            sized.extend(srcset(source.get(name, "")))
    candidates = [url for url, _ in sorted(sized, key=lambda pair: -pair[1])]
    for img in picture.iter("img"):
        candidates.extend(image_addresses(img))
    return [url for url in dict.fromkeys(candidates) if url and not url.lower().startswith("data:")]


def without_instance(url: str) -> str:
    """An address without the ``_=1`` WordPress adds to a player's source."""
    if "_=" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "_"]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _holds_image(element: etree._Element) -> bool:
    return element.tag == "img" or element.tag == "picture" or next(element.iter("img"), None) is not None


def resolve_noscript(root: etree._Element) -> None:
    """One image for each lazily loaded one: a ``<noscript>`` copy of an
    image beside it (or of one already shown) is dropped, its address
    given to the lazy image if that has none; a ``<noscript>`` image with
    no twin is kept in place.  A ``<noscript>`` without images is dropped
    (what a page says to readers without JavaScript)."""
    for noscript in list(root.iter("noscript")):
        parent = noscript.getparent()
        if parent is None:
            continue
        images = list(noscript.iter("img"))
        twin = _twin(noscript) if images else None
        if twin is not None:
            shown = [twin] if twin.tag == "img" else list(twin.iter("img"))
            if shown and not any(image_addresses(img) for img in shown):
                for name in ("src", "srcset", "alt"):
                    value = images[0].get(name)
                    if value and not shown[0].get(name):
                        shown[0].set(name, value)
        _remove(noscript, keep_children=twin is None and bool(images))


def _twin(noscript: etree._Element) -> etree._Element | None:
    """The lazy image a ``<noscript>`` repeats: its nearest element sibling
    (before or after) that holds an image."""
    for sibling in (noscript.getprevious(), noscript.getnext()):
        element = isinstance(sibling, etree._Element) and isinstance(sibling.tag, str)
        if element and sibling.tag != "noscript" and _holds_image(sibling):
            return sibling
    return None


def _remove(element: etree._Element, keep_children: bool) -> None:
    """Take ``element`` out of the tree, keeping its tail (and, if asked,
    its content in its place)."""
    parent = element.getparent()
    assert parent is not None
    index = parent.index(element)
    moved: list[etree._Element] = list(element) if keep_children else []
    text = (element.text or "") if keep_children else ""
    tail = element.tail or ""
    for child in moved:
        element.remove(child)
    for offset, child in enumerate(moved):
        parent.insert(index + 1 + offset, child)
    if moved:
        moved[-1].tail = (moved[-1].tail or "") + tail
        tail = ""
    text += tail
    previous = element.getprevious()
    if text:
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
    parent.remove(element)
