"""Synthetic archive dumps, seeded so that every run writes the same text.

They have the shape of the real ones: capitals opening each post, some
image captions, bullet lists and quotes, one to three of fifteen
categories, and some titles used twice.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import random
from collections.abc import Iterator
from xml.sax.saxutils import escape

CATEGORIES = (
    "Technology", "Economy", "Politics & Society", "China-U.S.", "Banking",
    "Financial Services", "Energy", "Environment", "Foreign Policy", "Military",
    "Trade", "Agriculture", "Health", "Hong Kong", "Taiwan",
)  # fmt: skip
WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "that",
    "is",
    "for",
    "on",
    "as",
    "with",
    "by",
    "it",
    "be",
    "at",
    "from",
    "this",
    "are",
    "an",
    "has",
    "was",
    "its",
    "which",
    "will",
    "have",
    "not",
    "but",
    "more",
    "their",
    "than",
    "been",
    "they",
    "would",
    "or",
    "also",
    "can",
    "there",
    "new",
    "one",
    "China",
    "Beijing",
    "Washington",
    "state",
    "policy",
    "market",
    "growth",
    "industry",
    "sector",
    "government",
    "investment",
    "chips",
    "semiconductor",
    "technology",
    "export",
    "controls",
    "trade",
    "data",
    "security",
    "economy",
    "bank",
    "credit",
    "property",
    "debt",
    "reform",
    "leadership",
    "party",
    "officials",
    "provinces",
    "regulators",
    "platform",
    "firms",
    "capital",
    "supply",
    "chain",
    "lithography",
    "Huawei",
    "rural",
    "energy",
    "coal",
    "solar",
    "grid",
    "manufacturing",
    "consumers",
    "households",
    "prices",
    "inflation",
    "yuan",
    "bonds",
    "local",
    "national",
    "central",
    "strategic",
    "innovation",
    "self-sufficiency",
    "pressure",
    "sanctions",
    "announced",
    "reported",
    "suggests",
    "expected",
    "remains",
    "likely",
    "could",
    "further",
    "between",
    "however",
]


VOCABULARY = 30_000  # words beyond the common ones, used with Zipf's law
_ONSETS = [
    "b",
    "ch",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "qu",
    "r",
    "s",
    "sh",
    "t",
    "v",
    "w",
    "x",
    "z",
]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ao", "ei", "ou", "ia"]


@functools.cache
def _lexicon() -> tuple[list[str], list[float]]:
    """Common words, then invented ones, with cumulative Zipf weights, so
    that an index of the text grows as an index of real prose does."""
    rng = random.Random(0)
    invented: set[str] = set()
    while len(invented) < VOCABULARY:
        syllables = rng.randint(2, 4)
        invented.add("".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables)))
    ranked = sorted(invented)
    rng.shuffle(ranked)
    words = [*WORDS, *ranked]
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))
    return words, weights


def _sentence(rng: random.Random, lo: int = 8, hi: int = 24) -> str:
    words, weights = _lexicon()
    chosen = rng.choices(words, cum_weights=weights, k=rng.randint(lo, hi))
    return chosen[0][:1].upper() + " ".join(chosen)[1:] + "."


def _paragraph(rng: random.Random, words: int) -> str:
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        out.append(_sentence(rng))
    return " ".join(out)


def _title(rng: random.Random) -> str:
    return " ".join(w.capitalize() for w in rng.choices(WORDS[40:], k=rng.randint(4, 8)))


def synthetic_dump(posts: int, seed: int = 1, words: int = 600, category: str = "Technology") -> str:
    """A dump of ``posts`` posts of about ``words`` words each."""
    rng = random.Random(seed)
    titles: list[str] = []
    lines = [f"Category Archives: {category}", ""]
    for number in range(posts):
        title = rng.choice(titles) if titles and number % 40 == 39 else _title(rng)
        titles.append(title)
        lines += [title, ""]
        if rng.random() < 0.15:
            lines += [f"Photo credit: {_sentence(rng, 5, 10)}", ""]
        opening = _paragraph(rng, 40).split(" ", 3)
        lines += [" ".join(w.upper() for w in opening[:3]) + " " + opening[3], ""]
        remaining = words - 40
        while remaining > 0:
            roll = rng.random()
            if roll < 0.08:
                items = [_sentence(rng, 6, 14) for _ in range(rng.randint(3, 5))]
                lines += [_sentence(rng)[:-1] + ":", "", *(f"  • {item}" for item in items), ""]
                remaining -= sum(len(i.split()) for i in items)
            elif roll < 0.14:
                quote = _paragraph(rng, 30)
                lines += [_sentence(rng)[:-1] + " that:", "", quote, ""]
                remaining -= len(quote.split())
            else:
                paragraph = _paragraph(rng, rng.randint(40, 90))
                lines += [paragraph, ""]
                remaining -= len(paragraph.split())
        comments = rng.choice([0, 0, 0, 1, 2, 5])
        lines += [
            "Leave a comment" if comments == 0 else f"{comments} Comment{'s' if comments > 1 else ''}",
            "",
        ]
        filed = [category, *rng.sample([c for c in CATEGORIES if c != category], rng.randint(0, 2))]
        rng.shuffle(filed)
        lines += [f"Filed under {', '.join(filed)}", ""]
    return "\n".join(lines)


def synthetic_wxr(posts: int, seed: int = 1, words: int = 600) -> Iterator[str]:
    """A WordPress export (WXR 1.2) of ``posts`` published posts of about
    ``words`` words, as WordPress writes one: HTML without ``<p>`` (blank
    lines), emphasis, links, lists, captioned images, comments (some
    unapproved, with e-mails and IPs that must never be published), and
    a draft and an attachment every 20 posts.  Yielded in pieces, so an
    export of any size is written without being held in memory."""
    rng = random.Random(seed)
    ns = "http://wordpress.org/export/1.2/"
    yield (
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        f'xmlns:excerpt="{ns}excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        f'xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:wp="{ns}">\n<channel>\n<title>Synthetic</title>\n<link>https://blog.example</link>\n'
        "<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_blog_url>https://blog.example</wp:base_blog_url>\n"
        "<wp:author><wp:author_login><![CDATA[editor]]></wp:author_login>"
        "<wp:author_email><![CDATA[editor@blog.example]]></wp:author_email>"
        "<wp:author_display_name><![CDATA[The Editor]]></wp:author_display_name></wp:author>\n"
    )
    for number in range(1, posts + 1):
        title = _title(rng)
        parts = []
        remaining = words
        while remaining > 0:
            roll = rng.random()
            if roll < 0.08:
                items = [_sentence(rng, 6, 14) for _ in range(rng.randint(3, 5))]
                parts.append("<ul>\n" + "\n".join(f"\t<li>{i}</li>" for i in items) + "\n</ul>")
                remaining -= sum(len(i.split()) for i in items)
            elif roll < 0.12:
                caption = _sentence(rng, 5, 10)
                parts.append(
                    f'[caption id="attachment_{number}" width="600"]<img src="https://blog.example/'
                    f'wp-content/uploads/2010/01/p{number}.jpg" alt="{caption[:20]}" /> {caption}[/caption]'
                )
                remaining -= len(caption.split())
            else:
                words_in = _paragraph(rng, rng.randint(40, 90)).split(" ")
                at = rng.randrange(len(words_in))
                words_in[at] = f"<em>{words_in[at]}</em>"
                if rng.random() < 0.3:
                    link = rng.randint(1, posts)
                    words_in[0] = f'<a href="https://blog.example/{link}/">{words_in[0]}</a>'
                parts.append(" ".join(words_in))
                remaining -= len(words_in)
        comments = []
        for cid in range(rng.choice([0, 0, 1, 2, 5])):
            approved = "1" if rng.random() < 0.8 else "0"
            comments.append(
                f"<wp:comment><wp:comment_id>{number * 10 + cid}</wp:comment_id>"
                "<wp:comment_author><![CDATA[Reader]]></wp:comment_author>"
                f"<wp:comment_author_email><![CDATA[reader{cid}@mail.example]]></wp:comment_author_email>"
                f"<wp:comment_author_IP><![CDATA[198.51.100.{cid}]]></wp:comment_author_IP>"
                "<wp:comment_date>2010-01-09 08:00:00</wp:comment_date>"
                "<wp:comment_date_gmt>2010-01-09 00:00:00</wp:comment_date_gmt>"
                f"<wp:comment_content><![CDATA[{_sentence(rng)}]]></wp:comment_content>"
                f"<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type></wp:comment_type>"
                f"<wp:comment_parent>{number * 10 if cid else 0}</wp:comment_parent></wp:comment>"
            )
        day = datetime.date(2005, 1, 1) + datetime.timedelta(days=number % 6000)
        status, kind = "publish", "post"
        if number % 20 == 0:
            status = "draft"
        elif number % 20 == 10:
            kind, status = "attachment", "inherit"
        category = rng.choice(CATEGORIES)
        body = "\n\n".join(parts)
        yield (
            f"<item>\n<title>{escape(title)}</title>\n<link>https://blog.example/{number}/</link>\n"
            "<dc:creator><![CDATA[editor]]></dc:creator>\n"
            f'<guid isPermaLink="false">https://blog.example/?p={number}</guid>\n'
            f"<content:encoded><![CDATA[{body}]]></content:encoded>\n"
            f"<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n<wp:post_id>{number}</wp:post_id>\n"
            f"<wp:post_date>{day} 12:00:00</wp:post_date>\n"
            f"<wp:post_date_gmt>{day} 04:00:00</wp:post_date_gmt>\n"
            f"<wp:post_name><![CDATA[post-{number}]]></wp:post_name>\n<wp:status>{status}</wp:status>\n"
            f"<wp:post_type>{kind}</wp:post_type>\n<wp:post_password></wp:post_password>\n"
            f'<category domain="category" nicename="c"><![CDATA[{escape(category)}]]></category>\n'
            f"{''.join(comments)}\n</item>\n"
        )
    yield "</channel>\n</rss>\n"
