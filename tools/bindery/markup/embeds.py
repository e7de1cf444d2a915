"""Embedded media from other sites (oEmbed), as cards that load nothing.

WordPress shows a video, tweet or map from an address on a line of its
own, an ``[embed]`` shortcode or an embed block, by asking the provider
for HTML (an iframe and a script) and caching it in the post's meta as
``_oembed_<md5 of the address and the embed's size>``.  The archive never
loads a third party's frame or script: it shows a card naming the
provider, the title the cache holds (or the words of a cached quote,
such as a tweet's) and the link.  This module knows the providers and
reads the cache; ``htmlconv`` writes the card.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qs, urlsplit

from bindery.markup.context import PostContext

# WordPress's own oEmbed providers (wp-includes/class-wp-oembed.php) and
# WordPress.com's: host (or a parent domain of it) → the provider's name
PROVIDERS = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "youtube-nocookie.com": "YouTube",
    "vimeo.com": "Vimeo",
    "dailymotion.com": "Dailymotion",
    "dai.ly": "Dailymotion",
    "flickr.com": "Flickr",
    "flic.kr": "Flickr",
    "smugmug.com": "SmugMug",
    "scribd.com": "Scribd",
    "wordpress.tv": "WordPress.tv",
    "videopress.com": "VideoPress",
    "video.wordpress.com": "VideoPress",
    "crowdsignal.com": "Crowdsignal",
    "polldaddy.com": "Crowdsignal",
    "poll.fm": "Crowdsignal",
    "survey.fm": "Crowdsignal",
    "twitter.com": "Twitter",
    "x.com": "Twitter",
    "soundcloud.com": "SoundCloud",
    "slideshare.net": "SlideShare",
    "instagram.com": "Instagram",
    "instagr.am": "Instagram",
    "facebook.com": "Facebook",
    "spotify.com": "Spotify",
    "imgur.com": "Imgur",
    "meetup.com": "Meetup",
    "meetu.ps": "Meetup",
    "issuu.com": "Issuu",
    "mixcloud.com": "Mixcloud",
    "ted.com": "TED",
    "animoto.com": "Animoto",
    "video214.com": "Animoto",
    "tumblr.com": "Tumblr",
    "kickstarter.com": "Kickstarter",
    "kck.st": "Kickstarter",
    "cloudup.com": "Cloudup",
    "reverbnation.com": "ReverbNation",
    "reddit.com": "Reddit",
    "speakerdeck.com": "Speaker Deck",
    "screencast.com": "Screencast",
    "amazon.com": "Amazon",
    "amzn.to": "Amazon",
    "someecards.com": "Someecards",
    "some.ly": "Someecards",
    "tiktok.com": "TikTok",
    "pinterest.com": "Pinterest",
    "wolframcloud.com": "Wolfram Cloud",
    "pca.st": "Pocket Casts",
    "anghami.com": "Anghami",
    "bsky.app": "Bluesky",
    "hulu.com": "Hulu",
    "collegehumor.com": "CollegeHumor",
    "funnyordie.com": "Funny or Die",
    "photobucket.com": "Photobucket",
    "maps.google.com": "Google Maps",
    "google.com/maps": "Google Maps",
}
# what an embed block's class names (``is-provider-wordpress-tv``) call a provider
_SLUG = re.compile(r"[^a-z0-9]+")


def slug(provider: str) -> str:
    """``WordPress.tv`` → ``wordpress-tv``, as an embed block's class names it."""
    return _SLUG.sub("-", provider.lower()).strip("-")


SLUGS = {slug(name): name for name in PROVIDERS.values()}
SLUGS.update({"wordpress-tv": "WordPress.tv", "videopress": "VideoPress", "twitter": "Twitter"})
UNKNOWN = "{{unknown}}"  # what WordPress caches for an address no provider answered
MAX_WIDTH = 3000  # content widths tried for a cache key


def provider(url: str) -> str | None:
    """The provider WordPress would ask to embed ``url``, if any."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    if host.startswith("www."):
        host = host[4:]
    path = parts.path
    if host.endswith("google.com") and path.startswith("/maps"):
        return "Google Maps"
    labels = host.split(".")
    for start in range(len(labels) - 1):
        name = PROVIDERS.get(".".join(labels[start:]))
        if name:
            return name
    return None


def provider_of_slug(slug: str) -> str | None:
    return SLUGS.get(slug.lower())


def site_name(url: str) -> str:
    """The host an address is on (``example.com``), for a card with no known provider."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _serialized(value: str | int | float) -> str:
    """A PHP ``serialize()`` of a width or height as WordPress passes it."""
    if isinstance(value, str):
        return f's:{len(value.encode("utf-8"))}:"{value}";'
    if isinstance(value, float):
        return f"d:{value:g};"
    return f"i:{value};"


def cache_keys(url: str, width: str = "", height: str = "") -> list[str]:
    """The meta keys WordPress may have cached ``url`` under: the md5 of the
    address and ``serialize(['width' => …, 'height' => …])``, the width
    being the theme's content width (unknown here: every one is tried)
    unless the shortcode gave one, the height 1.5 times it (at most 1,000)."""
    keys = []
    widths: list[str | int] = [width] if width else list(range(1, MAX_WIDTH + 1))
    for w in widths:
        if height:
            h: str | int | float = height
        else:
            number = int(w) if isinstance(w, int) or w.isdigit() else 500
            h = float(min(-(-number * 3 // 2), 1000))
        attrs = f'a:2:{{s:5:"width";{_serialized(w)}s:6:"height";{_serialized(h)}}}'
        keys.append(hashlib.md5((url + attrs).encode("utf-8")).hexdigest())
    return keys


def cached(url: str, context: PostContext, width: str = "", height: str = "") -> str | None:
    """The HTML the post's oEmbed cache holds for ``url`` (None if it holds
    none, or WordPress found no provider for it)."""
    if not context.oembed:
        return None
    cache = {key.removeprefix("_oembed_"): html for key, html in context.oembed}
    for key in cache_keys(url, width, height):
        html = cache.get(key)
        if html is not None:
            return None if html.strip() == UNKNOWN else html
    # a cache written under other settings: the entry that names the address's own id
    for token in _distinctive(url):
        for html in cache.values():
            if token in html and html.strip() != UNKNOWN:
                return html
    return None


def _distinctive(url: str) -> list[str]:
    """Parts of an address that name what it shows (a video's id), long
    enough not to be found by chance in another entry."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    tokens = [values[0] for values in parse_qs(parts.query).values() if values and len(values[0]) >= 6]
    segments = [s for s in parts.path.split("/") if len(s) >= 6]
    return [*tokens, *segments[-1:]]


def page_address(src: str) -> str:
    """The page an embedded player shows, from the player's own address
    (a saved page holds only the frame): YouTube and Vimeo players lead to
    their videos; any other address is kept as it is."""
    try:
        parts = urlsplit(src)
    except ValueError:
        return src
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path
    if host in ("youtube.com", "youtube-nocookie.com") and path.startswith("/embed/"):
        video = path.split("/")[2]
        if video and video != "videoseries":
            return f"https://www.youtube.com/watch?v={video}"
    if host == "player.vimeo.com" and path.startswith("/video/"):
        video = path.split("/")[2]
        if video.isdigit():
            return f"https://vimeo.com/{video}"
    if host == "videopress.com" and path.startswith("/embed/"):
        return f"https://videopress.com/v/{path.split('/')[2]}"
    return src
