"""Images, galleries, players and embeds of a post, as the book's directives.

Nothing here is ever loaded from the old site or a third party: an image
or a recording is shown from the book's own copy (``raw/uploads/``) or as
a marked placeholder naming it (``archive-image``, ``archive-media``); a
video, tweet or map from another site is a card with its provider, title
and link (``archive-embed``).  Each reads WordPress's markup in both of
its forms, the one its shortcodes render to (``shortcodes.py``) and the
one a rendered page holds, so that both give the same MyST.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from lxml import etree

from bindery.markup import embeds
from bindery.markup.images import image_addresses, picture_addresses, without_instance
from bindery.markup.links import safe_url
from bindery.markup.myst import directive, guard_line, quoted
from bindery.markup.parsing import drop_keeping_tail, fragment

if TYPE_CHECKING:
    from bindery.markup.htmlconv import HtmlConverter

IMAGE_DIRECTIVE = "archive-image"
GALLERY_DIRECTIVE = "archive-gallery"
MEDIA_DIRECTIVE = "archive-media"
EMBED_DIRECTIVE = "archive-embed"
# the quotes oEmbed providers send, which their scripts turn into frames
EMBED_QUOTES = {
    "twitter-tweet": "Twitter",
    "twitter-video": "Twitter",
    "instagram-media": "Instagram",
    "tiktok-embed": "TikTok",
    "wp-embedded-content": "",
    "bluesky-embed": "Bluesky",
    "fb-xfbml-parse-ignore": "Facebook",
}
COVERS = frozenset({"wp-block-cover", "wp-block-cover-image", "wp-block-cover__image-background"})
_COLUMNS = re.compile(r"(?:gallery-)?columns-(\d)")
_BACKGROUND = re.compile(r"""background(?:-image)?\s*:[^;]*url\(\s*(['"]?)([^'")]+)\1\s*\)""", re.IGNORECASE)
_ITEM_TAGS = frozenset({"figure", "li", "dl"})
_CAPTION_CLASSES = (
    "gallery-caption",
    "wp-caption-text",
    "blocks-gallery-item__caption",
    "tiled-gallery-caption",
)


def _addresses(converter: HtmlConverter, urls: list[str]) -> list[str]:
    out = [safe_url(url, converter.base) for url in urls]
    return list(dict.fromkeys(url for url in out if url))


def image(converter: HtmlConverter, element: etree._Element, caption: str) -> list[str]:
    """An ``<img>`` (or ``<picture>``): one ``archive-image`` for all its
    forms, its largest address first, the others as ``:sources:``; one with
    no address at all is a placeholder with its alt text."""
    img = element if element.tag == "img" else next(element.iter("img"), element)
    urls = picture_addresses(element) if element.tag == "picture" else image_addresses(element)
    addresses = _addresses(converter, urls)
    alt = img.get("alt", "")
    converter.noted.images.append(" ".join(addresses))
    options = {"alt": alt, "sources": " ".join(addresses[1:])}
    return [directive(IMAGE_DIRECTIVE, addresses[0] if addresses else "", options, caption)]


def gallery(converter: HtmlConverter, element: etree._Element) -> list[str]:
    """A gallery, classic (``div.gallery`` of ``figure`` or ``dl`` items)
    or from the block editor (``figure.wp-block-gallery``): its images, each
    with its own caption, in order; the gallery's caption under them; any
    other text in it after."""
    classes = element.get("class", "").split()
    columns = next((m[1] for c in classes if (m := _COLUMNS.fullmatch(c))), "3")
    images: list[str] = []
    pictures = [
        i for i in element.iter("img", "picture") if i.getparent() is None or i.getparent().tag != "picture"
    ]
    for picture in pictures:
        caption_node = _item_caption(picture, element)
        caption = ""
        if caption_node is not None:
            caption = "\n\n".join(converter.nested_blocks(caption_node))
            _remove(caption_node)
        images.extend(image(converter, picture, caption))
        _remove(picture)
    captions = [
        c
        for c in element
        if isinstance(c.tag, str)
        and (c.tag == "figcaption" or "blocks-gallery-caption" in c.get("class", ""))
    ]
    own_caption: list[str] = []
    for node in captions:
        own_caption.extend(converter.nested_blocks(node))
        _remove(node)
    rest = converter.nested_blocks(element)  # what else it held: kept, after it
    if not images:
        return [*own_caption, *rest]
    return [
        directive(GALLERY_DIRECTIVE, "", {"columns": columns}, "\n\n".join([*images, *own_caption])),
        *rest,
    ]


def _item_caption(picture: etree._Element, gallery: etree._Element) -> etree._Element | None:
    """The caption of a gallery's image: in the item (figure, list item,
    ``dl``) that holds it."""
    for item in picture.iterancestors():
        if item is gallery:
            return None
        if item.tag in _ITEM_TAGS or "gallery-item" in item.get("class", "").split():
            for node in item.iter():
                if not isinstance(node.tag, str) or node is picture:
                    continue
                names = node.get("class", "")
                if node.tag in ("figcaption", "dd") or any(c in names for c in _CAPTION_CLASSES):
                    return node
            return None
    return None


def _remove(node: etree._Element) -> None:
    drop_keeping_tail(node)


def captioned(
    converter: HtmlConverter, figure: etree._Element, inner: etree._Element, caption: etree._Element
) -> list[str]:
    """A figure of a table, a player or a frame: its caption goes with it."""
    text = "\n\n".join(converter.nested_blocks(caption))
    _remove(caption)
    outer, converter.captioned = converter.captioned, (inner, text)
    try:
        return converter.blocks(figure)
    finally:
        converter.captioned = outer


def player(converter: HtmlConverter, element: etree._Element, caption: str) -> list[str]:
    """``<audio>`` or ``<video>`` (what ``[audio]`` and ``[video]`` render
    to): one ``archive-media`` for its sources; a YouTube or Vimeo video a
    card.  The fallback inside it (a link) is what no reader sees."""
    kind = str(element.tag).lower()
    urls = [without_instance(node.get("src", "")) for node in [element, *element.iter("source")]]
    addresses = _addresses(converter, [u for u in urls if u])
    if not addresses:
        return [caption] if caption else []
    if kind == "video" and embeds.provider(addresses[0]) in ("YouTube", "Vimeo"):
        return card(converter, addresses[0], embeds.provider(addresses[0]) or "", "", [], [caption])
    converter.noted.media.append(" ".join(addresses))
    options = {"kind": kind, "sources": " ".join(addresses[1:])}
    return [directive(MEDIA_DIRECTIVE, addresses[0], options, caption)]


def playlist(converter: HtmlConverter, element: etree._Element) -> list[str]:
    """WordPress's playlist: its tracks (from the data its script reads),
    each a player captioned with its title."""
    script = next((s for s in element.iter("script") if "wp-playlist-script" in s.get("class", "")), None)
    try:
        data = json.loads(script.text or "") if script is not None else {}
    except ValueError:
        data = {}
    tracks = data.get("tracks") if isinstance(data, dict) else None
    kind = "video" if isinstance(data, dict) and data.get("type") == "video" else "audio"
    out: list[str] = []
    for track in tracks if isinstance(tracks, list) else []:
        if not isinstance(track, dict) or not isinstance(track.get("src"), str):
            continue
        addresses = _addresses(converter, [without_instance(track["src"])])
        if not addresses:
            continue
        parts = [str(track.get(key) or "") for key in ("title", "caption")]
        meta = track.get("meta")
        if isinstance(meta, dict) and meta.get("artist"):
            parts.append(str(meta["artist"]))
        words = " — ".join(" ".join(p.split()) for p in parts if p.strip())
        caption = guard_line(converter.text(words)) if words else ""
        converter.noted.media.append(addresses[0])
        out.append(directive(MEDIA_DIRECTIVE, addresses[0], {"kind": kind}, caption))
    return out


def cover(converter: HtmlConverter, element: etree._Element) -> list[str]:
    """A cover block (or its background): its background image (an
    ``<img>`` in it, or an inline style), then what is written over it."""
    match = _BACKGROUND.search(element.get("style", ""))
    out: list[str] = []
    if match and next(element.iter("img"), None) is None:
        label = element.get("aria-label", "") if element.get("role") == "img" else ""
        out = image(converter, etree.Element("img", src=match[2], alt=label), "")
    return out + converter.blocks(element)


# -- embeds ---------------------------------------------------------------


def card(
    converter: HtmlConverter,
    url: str,
    provider: str,
    title: str,
    quote: list[str],
    caption: list[str],
) -> list[str]:
    """An embed as a card: provider, title, link; the words of the quote
    the post's page held (a tweet's, in a saved page), then the post's
    caption.  No address anyone can follow: what it holds, as it is."""
    address = safe_url(url, converter.base)
    inner = [quoted("\n\n".join(quote))] if quote else []
    inner += [block for block in caption if block]
    if address is None:
        return inner
    converter.noted.embeds.append(address)
    name = provider or embeds.provider(address) or embeds.site_name(address)
    options = {"provider": name, "title": " ".join(title.split())}
    return [directive(EMBED_DIRECTIVE, address, options, "\n\n".join(inner))]


def embed_block(converter: HtmlConverter, element: etree._Element) -> list[str]:
    """``figure.wp-block-embed``: the embed block, what ``[embed]`` and an
    address on a line of its own render to.  Its wrapper holds the address
    (as saved) or the provider's HTML (as a rendered page holds it); the
    title comes from that HTML or from the post's oEmbed cache."""
    classes = element.get("class", "").split()
    slug = next((c.removeprefix("is-provider-") for c in classes if c.startswith("is-provider-")), "")
    provider = embeds.provider_of_slug(slug) or ""
    wrapper = next(
        (n for n in element.iter() if "wp-block-embed__wrapper" in str(n.get("class", ""))), element
    )
    url = next((line.strip() for line in _TEXT(wrapper).split("\n") if line.strip().startswith("http")), "")
    url = url.split()[0] if url else ""
    captions = [c for c in element if isinstance(c.tag, str) and c.tag == "figcaption"]
    caption: list[str] = []
    for node in captions:
        caption.extend(converter.nested_blocks(node))
    rendered = [n for n in wrapper.iter("iframe", "blockquote", "embed", "object") if n is not wrapper]
    if url and not rendered:
        cache = embeds.cached(
            url, converter.context, element.get("data-width", ""), element.get("data-height", "")
        )
        if cache is not None:
            root = fragment(cache)
            rendered = [] if root is None else list(root.iter("iframe", "blockquote", "embed"))
            return _card_from(converter, url, provider, rendered, caption, own=False)
    return _card_from(converter, url, provider, rendered, caption, own=True)


def _card_from(
    converter: HtmlConverter,
    url: str,
    provider: str,
    rendered: list[etree._Element],
    caption: list[str],
    own: bool,
) -> list[str]:
    """A card from what a provider's HTML holds: a frame's title (and,
    with no address, the page it plays), a quote's words.  ``own``: the
    HTML is the post's page's; else the oEmbed cache's, of which only a
    title is taken (its quote, a tweet's words, was never the post's)."""
    title = ""
    quote: list[str] = []
    for node in rendered:
        if node.tag in ("iframe", "embed") and not title:
            title = node.get("title", "")
            url = url or embeds.page_address(node.get("src", "") or node.get("data-src", ""))
        elif node.tag == "blockquote" and not quote and own:
            url = url or _quote_address(node)
            quote = converter.within(1, node)
    if not url:
        return [*([quoted("\n\n".join(quote))] if quote else []), *caption]
    return card(converter, url, provider, title, quote, caption)


def _quote_address(quote: etree._Element) -> str:
    """The page an embed's quote shows: its ``cite``, else its last link."""
    if quote.get("cite", "").startswith("http"):
        return quote.get("cite", "")
    permalink = quote.get("data-instgrm-permalink", "")
    if permalink:
        return permalink
    links = [a.get("href", "") for a in quote.iter("a") if a.get("href", "").startswith("http")]
    return links[-1].split("?", 1)[0] if links else ""


def embed_quote(converter: HtmlConverter, element: etree._Element, classes: list[str]) -> list[str]:
    """A provider's quote in the post itself (a saved page's tweet): a card
    holding its words."""
    provider = next((EMBED_QUOTES[c] for c in classes if c in EMBED_QUOTES), "")
    return _card_from(converter, "", provider, [element], [], own=True)


def frame(converter: HtmlConverter, element: etree._Element, caption: list[str] | None = None) -> list[str]:
    """An ``<iframe>`` or ``<embed>``: a card for what it plays, never the frame."""
    src = element.get("src", "") or element.get("data-src", "")
    if not src.strip():
        return caption or []
    return _card_from(converter, "", "", [element], caption or [], own=True)


_TEXT = etree.XPath("string()", smart_strings=False)
