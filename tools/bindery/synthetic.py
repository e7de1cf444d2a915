"""Synthetic archive dumps, seeded so that every run writes the same text.

They have the shape of the real ones: capitals opening each post, some
image captions, bullet lists and quotes, one to three of fifteen
categories, and some titles used twice.
"""

from __future__ import annotations

import functools
import itertools
import random

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
