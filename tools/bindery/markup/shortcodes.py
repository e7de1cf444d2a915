"""WordPress's shortcodes, rendered as WordPress renders them.

A post's body holds ``[gallery]``, ``[audio …]``, ``[embed]…[/embed]``
where the blog showed a gallery, a player, a video.  Each is replaced by
the HTML WordPress itself would have served (``<div class="gallery">``,
``<audio class="wp-audio-shortcode">``, ``<figure class="wp-block-embed">``),
built from what the source holds (the post's attachments, its oEmbed
cache), so that the converter meets one form whether a source kept the
shortcode (an export) or the page WordPress rendered from it (the REST
API, a saved page): both give the same MyST.

The shortcodes are found as WordPress finds them (``get_shortcode_regex``,
``shortcode_parse_atts``): ``[[gallery]]`` is the text ``[gallery]``.
Unknown ones stay in the text, as WordPress shows a shortcode no plugin
answers, and are noted by name for the import report.  An address on a
line (or paragraph) of its own is what WordPress's ``autoembed`` makes an
embed of.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

from bindery.markup import embeds
from bindery.markup.context import Attachment, Noted, PostContext, ids_in, media_kind

# shortcodes rendered here (``caption`` has its own, older, pattern below)
RENDERED = frozenset(
    {
        "gallery",
        "audio",
        "video",
        "playlist",
        "embed",
        "youtube",
        "vimeo",
        "tweet",
        "googlemaps",
        "dailymotion",
        "soundcloud",
        "instagram",
        "wpvideo",
        "videopress",
        "spotify",
        "flickr",
        "ted",
    }
)
# names that are shortcodes wherever they appear, attributes or not
KNOWN_UNRENDERED = frozenset(
    {
        "contact-form",
        "contact-field",
        "wpforms",
        "gravityform",
        "contact-form-7",
        "polldaddy",
        "crowdsignal",
        "archives",
        "sitemap",
        "googleapps",
        "slideshow",
        "recipe",
        "portfolio",
        "testimonials",
        "latex",
        "sourcecode",
        "code",
        "footnote",
        "fn",
        "ref",
        "pdf",
        "scribd",
        "slideshare",
        "simple-payment",
        "subscribe",
        "blog_subscription_form",
        "jetpack_subscription_form",
        "getty",
        "bandcamp",
        "twitch",
        "gist",
        "mixcloud",
        "kickstarter",
        "vine",
        "hulu",
        "wufoo",
        "office",
        "brightcove",
    }
)
# WordPress's shortcode pattern, for any name: [[escaped]], [name attrs /],
# [name attrs]…[/name]; the name is followed by no word character or hyphen
_SHORTCODE = re.compile(
    r"\[(\[?)([A-Za-z][\w-]*)(?![\w-])"
    r"([^\]/]*+(?:/(?!\])[^\]/]*+)*+)"
    r"(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)"
    r"(\]?)"
)
_ATTRS = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_CAPTION = re.compile(r"\[(?:wp_)?caption([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.DOTALL)
_CAPTION_ATTR = re.compile(r"""\bcaption=(?:"([^"]*)"|'([^']*)')""")
_CAPTIONED_IMAGE = re.compile(r"\s*(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.IGNORECASE)
# autoembed: an address alone on a line, or alone in a paragraph
_URL_LINE = re.compile(r"(?m)^([ \t]*)(https?://[^\s<>\"]+)([ \t]*)$")
_URL_PARAGRAPH = re.compile(r"(<p(?: [^>]*)?>\s*)(https?://[^\s<>\"]+)(\s*</p>)", re.IGNORECASE)
_WRAPPER = re.compile(r"""<div class=["']wp-block-embed__wrapper["']>\s*$""")
_IN_TAG = "\x03"  # a newline inside a tag, while lines are looked at
AUDIO_SOURCES = ("src", "mp3", "m4a", "ogg", "oga", "wav", "wma", "flac")
VIDEO_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov")


def parse_attrs(text: str) -> dict[str, str]:
    """``shortcode_parse_atts``: named values by lower-case name, and
    values with no name under "0", "1"…"""
    text = re.sub("[\u00a0\u200b]+", " ", text)
    out: dict[str, str] = {}
    position = 0
    for match in _ATTRS.finditer(text):
        if match[1]:
            out[match[1].lower()] = match[2]
        elif match[3]:
            out[match[3].lower()] = match[4]
        elif match[5]:
            out[match[5].lower()] = match[6]
        else:
            value = match[7] if match[7] is not None else match[8] if match[8] is not None else match[9]
            out[str(position)] = value
            position += 1
    return out


def looks_like_shortcode(name: str, attrs: str, closed: bool) -> bool:
    """Whether bracketed text is a shortcode (to count it), not prose such
    as "[sic]" or "[laughs]": it has attributes, a closing tag, a name no
    word has (``contact-form``, ``wp_caption``), or a well-known name."""
    return bool(
        closed
        or "=" in attrs
        or "-" in name
        or "_" in name
        or name.lower() in KNOWN_UNRENDERED
        or attrs.strip().startswith(("http://", "https://"))
    )


class Shortcodes:
    """One post's shortcodes, rendered from its context; what was left as
    text noted in ``noted``."""

    def __init__(self, context: PostContext, noted: Noted) -> None:
        self.context = context
        self.noted = noted
        self.instance = 0

    def expand(self, text: str) -> str:
        if "caption]" in text:
            text = _CAPTION.sub(_caption_to_figure, text)
        if "[" in text:
            text = self._shortcodes(text)
        if "http" in text:
            text = self._autoembed(text)
        return text

    def _shortcodes(self, text: str) -> str:
        tags: list[tuple[int, int]] | None = None  # the tags' spans, found once a shortcode is
        out: list[str] = []
        done = 0
        for match in _SHORTCODE.finditer(text):
            if tags is None:
                tags = [(m.start(), m.end()) for m in _TAG.finditer(text)] if "<" in text else []
            if _inside(tags, match.start()):
                continue  # in a tag's attribute: WordPress leaves those to the tag
            name = match[2].lower()
            out.append(text[done : match.start()])
            done = match.end()
            if name not in RENDERED:
                inner = match[5]
                if looks_like_shortcode(name, match[3], inner is not None or bool(match[4])):
                    self.noted.shortcodes.append(name)
                # unknown: the text as it is, its content's shortcodes rendered
                if inner is not None and "[" in inner:
                    closing = f"[/{match[2]}]{match[6]}"
                    opening = match.group()[: len(match.group()) - len(inner) - len(closing)]
                    out.append(opening + self._shortcodes(inner) + closing)
                else:
                    out.append(match.group())
            elif match[1] and match[6]:  # [[gallery]]: the text [gallery]
                out.append(match.group()[1:-1])
            else:
                out.append(match[1] + self.render(name, parse_attrs(match[3]), match[5] or "") + match[6])
        out.append(text[done:])
        return "".join(out)

    def render(self, name: str, attrs: dict[str, str], content: str) -> str:
        own: dict[str, Callable[[dict[str, str], str], str]] = {
            "gallery": self.render_gallery,
            "audio": self.render_audio,
            "video": self.render_video,
            "playlist": self.render_playlist,
            "embed": self.render_embed,
        }
        method = own.get(name)
        return method(attrs, content) if method else self.render_service(name, attrs, content)

    # -- galleries and players ---------------------------------------------

    def _attachments(self, attrs: dict[str, str], kind: str) -> list[Attachment]:
        """What a gallery or playlist shows: the ids it lists (``ids``,
        ``include``), in order, else the post's own (or ``id``'s) attached
        files by menu order; ``exclude`` left out.  ``orderby="rand"`` is
        shown in the listed order: a random order cannot be kept."""
        listed = ids_in(attrs.get("ids") or attrs.get("include") or "")
        if listed:
            # one the export does not hold: a file with no address (a placeholder)
            found = [self.context.attachment(i) or Attachment(i, "", mime=kind) for i in listed]
            chosen = list(found)
        else:
            parent = ids_in(attrs.get("id", ""))
            chosen = self.context.children(parent[0] if parent else self.context.post_id)
            if attrs.get("orderby", "").lower() in ("id",):
                chosen.sort(key=lambda a: a.id)
            elif attrs.get("orderby", "").lower() == "title":
                chosen.sort(key=lambda a: a.title)
            if attrs.get("order", "").upper() == "DESC":
                chosen.reverse()
        excluded = set(ids_in(attrs.get("exclude", "")))
        return [a for a in chosen if a.id not in excluded and (a.kind == kind or not a.url)]

    def render_gallery(self, attrs: dict[str, str], content: str) -> str:
        columns = attrs.get("columns", "3").strip()
        columns = columns if columns.isdigit() and 0 < int(columns) < 10 else "3"
        images = self._attachments(attrs, "image")
        if not images:  # the post's images are not in the export: one placeholder says so
            images = [Attachment(0, "", mime="image")]
        items = []
        for image in images:
            caption = f'<figcaption class="wp-caption-text gallery-caption">{image.caption}</figcaption>'
            source = f' src="{_attr(image.url)}"' if image.url else ""
            items.append(
                '<figure class="gallery-item"><div class="gallery-icon">'
                f'<img{source} alt="{html.escape(image.alt)}"/></div>'
                f"{caption if image.caption.strip() else ''}</figure>"
            )
        return f'<div class="gallery gallery-columns-{columns}">{"".join(items)}</div>'

    def _player(self, tag: str, sources: list[str], attrs: dict[str, str], content: str) -> str:
        self.instance += 1
        poster = f' poster="{_attr(attrs["poster"])}"' if attrs.get("poster") else ""
        inner = "".join(f'<source src="{_attr(src)}?_={self.instance}"/>' for src in sources)
        fallback = f'<a href="{_attr(sources[0])}">{html.escape(sources[0])}</a>'
        player = f'<{tag} class="wp-{tag}-shortcode"{poster} controls="controls">{inner}{fallback}</{tag}>'
        # words inside an [audio]…[/audio] WordPress would drop; they stay, after it
        after = f"<p>{content}</p>" if content.strip() else ""
        return (f'<div class="wp-video">{player}</div>' if tag == "video" else player) + after

    def _sources(self, attrs: dict[str, str], names: tuple[str, ...], kind: str) -> list[str]:
        sources = [attrs[name].strip() for name in names if attrs.get(name, "").strip()]
        positional = attrs.get("0", "").strip().lstrip("=")
        if not sources and positional.startswith(("http://", "https://", "/")):
            sources = [positional]
        if not sources:  # WordPress plays the post's first attached file of the kind
            own = [a for a in self.context.children(self.context.post_id) if a.kind == kind]
            sources = [own[0].url] if own else []
        return sources

    def render_audio(self, attrs: dict[str, str], content: str) -> str:
        sources = self._sources(attrs, AUDIO_SOURCES, "audio")
        return self._player("audio", sources, attrs, content) if sources else content

    def render_video(self, attrs: dict[str, str], content: str) -> str:
        sources = self._sources(attrs, VIDEO_SOURCES, "video")
        if sources and embeds.provider(sources[0]) in ("YouTube", "Vimeo"):
            return _embed_figure(sources[0], embeds.provider(sources[0]) or "") + content
        return self._player("video", sources, attrs, content) if sources else content

    def render_playlist(self, attrs: dict[str, str], content: str) -> str:
        kind = "video" if attrs.get("type", "").lower() == "video" else "audio"
        tracks = [
            {
                "src": a.url,
                "title": a.title,
                "caption": a.caption,
                "meta": {},
            }
            for a in self._attachments(attrs, kind)
        ]
        if not tracks:
            return ""
        data = json.dumps({"type": kind, "tracks": tracks}, ensure_ascii=False).replace("<", "\\u003c")
        return (
            f'<div class="wp-playlist wp-{kind}-playlist">'
            f'<script type="application/json" class="wp-playlist-script">{data}</script></div>'
        )

    # -- embeds ------------------------------------------------------------

    def render_embed(self, attrs: dict[str, str], content: str) -> str:
        url = (content or attrs.get("src", "") or attrs.get("url", "")).strip()
        if not url:
            return ""
        width, height = attrs.get("width", ""), attrs.get("height", "")
        if embeds.provider(url) or embeds.cached(html.unescape(url), self.context, width, height):
            return _embed_figure(url, "", width, height)
        return f'<a href="{_attr(url)}">{url}</a>'  # no provider: WordPress links the address

    def render_service(self, service: str, attrs: dict[str, str], content: str) -> str:
        """WordPress.com's ``[youtube …]``, ``[vimeo …]``, ``[tweet …]``,
        ``[googlemaps …]`` and their kind: a card for the address."""
        raw = (
            attrs.get("url")
            or attrs.get("src")
            or attrs.get("tweet")
            or attrs.get("id")
            or attrs.get("0", "")
        )
        raw = html.unescape(raw.strip().lstrip("="))
        inner = content.strip()
        url = _service_address(service, raw or inner)
        if not url:
            return content
        return _embed_figure(url, embeds.provider(url) or "") + ("" if not raw else content)

    def _autoembed(self, text: str) -> str:
        """``autoembed``: an address alone on a line, or in a paragraph, is
        an embed if a provider answers for it (or the cache holds it),
        else a link to itself."""
        if not _may_autoembed(text):
            return text  # (most posts)
        if "\n" in text and "<" in text:
            text = _TAG.sub(lambda m: m.group().replace("\n", _IN_TAG), text)

        def line(match: re.Match[str]) -> str:
            before = text[: match.start()]
            if _WRAPPER.search(before[-200:]):
                return match.group()  # an embed block's own address
            return match[1] + self._embed_or_link(match[2]) + match[3]

        text = _URL_LINE.sub(line, text)
        text = _URL_PARAGRAPH.sub(lambda m: m[1] + self._embed_or_link(m[2]) + m[3], text)
        return text.replace(_IN_TAG, "\n")

    def _embed_or_link(self, url: str) -> str:
        if embeds.provider(url) or embeds.cached(html.unescape(url), self.context):
            return _embed_figure(url, "")
        return f'<a href="{_attr(url)}">{url}</a>'


def _may_autoembed(text: str) -> bool:
    """Whether an address may stand alone on a line or in a paragraph: one
    that follows a line's start or a tag, and ends at a line's end or a
    tag (a quick look at each "http", cheaper than the patterns)."""
    at = text.find("http")
    while at >= 0:
        start = at
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        if start == 0 or text[start - 1] in "\n>":
            end = at
            while end < len(text) and not text[end].isspace() and text[end] not in '<>"':
                end += 1
            rest = text[end : end + 80].lstrip(" \t")
            if not rest or rest[0] in "\n\r<":
                return True
        at = text.find("http", at + 4)
    return False


def _service_address(service: str, value: str) -> str:
    """The page a WordPress.com shortcode shows, from its address or id."""
    if value.startswith(("http://", "https://")):
        return value
    if not value or any(c.isspace() or c in "<>\"'" for c in value):
        return ""
    pages = {
        "youtube": "https://www.youtube.com/watch?v={}",
        "vimeo": "https://vimeo.com/{}",
        "tweet": "https://twitter.com/i/status/{}",
        "dailymotion": "https://www.dailymotion.com/video/{}",
        "wpvideo": "https://videopress.com/v/{}",
        "videopress": "https://videopress.com/v/{}",
        "instagram": "https://www.instagram.com/p/{}/",
        "ted": "https://www.ted.com/talks/{}",
    }
    page = pages.get(service)
    return page.format(value) if page else ""


def _embed_figure(url: str, provider: str, width: str = "", height: str = "") -> str:
    """An embed as WordPress's embed block saves it: the address alone in
    its wrapper (a source's rendered page holds the provider's HTML there)."""
    slug = embeds.slug(provider)
    size = "".join(f' data-{k}="{_attr(v)}"' for k, v in (("width", width), ("height", height)) if v)
    address = html.escape(html.unescape(url), quote=False)
    return (
        f'<figure class="wp-block-embed{" is-provider-" + slug if slug else ""}"{size}>'
        f'<div class="wp-block-embed__wrapper">\n{address}\n</div></figure>'
    )


def _inside(tags: list[tuple[int, int]], at: int) -> bool:
    """Whether ``at`` falls inside one of the (sorted) tag spans."""
    low, high = 0, len(tags)
    while low < high:
        mid = (low + high) // 2
        if tags[mid][1] <= at:
            low = mid + 1
        else:
            high = mid
    return low < len(tags) and tags[low][0] < at


def _attr(value: str) -> str:
    """A value written into an attribute as HTML holds it: its references
    kept (the source is HTML), quotes and brackets escaped."""
    return value.replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _caption_to_figure(match: re.Match[str]) -> str:
    attrs, inner = match[1], match[2]
    caption = _CAPTION_ATTR.search(attrs)
    if caption:
        inner += f"<figcaption>{caption[1] or caption[2] or ''}</figcaption>"
    else:  # the caption is what follows the (linked) image
        image = _CAPTIONED_IMAGE.match(inner)
        if image:
            inner = image.group() + f"<figcaption>{inner[image.end() :]}</figcaption>"
    return f"<figure>{inner}</figure>"


__all__ = ["Shortcodes", "looks_like_shortcode", "media_kind", "parse_attrs"]
