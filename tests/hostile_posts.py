"""Posts whose text TeX or XHTML would choke on, as a monthly archive dump:
what the editions must still set word for word (tests/test_editions.py)."""

from __future__ import annotations

import random

_RANDOM = random.Random(25)
LONG_WORD = "".join(_RANDOM.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(10_000))
EMOJI = "I 😀 chips 🚀 and a thumbs-up 👍🏽 from the family 👨‍👩‍👧 ✅"
HEBREW = "זהו משפט בעברית על שבבים וסחר עם סין"
ARABIC = "هذه جملة باللغة العربية عن الرقائق والتجارة مع الصين"
CHINESE = "中国是全球最大的芯片进口国。去年，芯片进口额超过了石油。"
KOREAN = "한국은 반도체 수출 대국이다. 삼성과 하이닉스가 있다."
JAPANESE = "日本は半導体の素材で強い。東京エレクトロンもある。"
TEX = (
    r"TeX's own: \ backslash \textbf{not bold} \\ {braces} }{ 100% of # hashes,"
    r" $dollars$, ^caret, ~tilde, _under and & ampersand."
)
CONTROL = "A bell\x07 and an escape\x1b in the text."
BIG_PARAGRAPH = "The semiconductor supply chain runs through Shenzhen, Hsinchu and Eindhoven, and its weakest link is often a supplier nobody has heard of. "  # noqa: E501

POSTS = {
    "TeX Specials": [TEX, r"A path C:\Users\new\table and a macro \def\x{y} stay text."],
    "Control Characters": [CONTROL],
    "A Very Long Word": [f"Before {LONG_WORD} after."],
    "Emoji": [EMOJI],
    "Right To Left": [f"Hebrew: {HEBREW}.", ARABIC, "And back to English."],
    "Chinese Japanese Korean": [CHINESE, KOREAN, JAPANESE],
}


def big_post(megabytes: float) -> list[str]:
    """Paragraphs of about ``megabytes`` MB, each numbered so an order can be checked."""
    count = int(megabytes * 1_000_000 / (len(BIG_PARAGRAPH) + 12))
    return [f"Paragraph {n}. {BIG_PARAGRAPH}" for n in range(1, count + 1)]


def dump(posts: dict[str, list[str]]) -> str:
    """A monthly archive page's text: every post dated March 2012."""
    parts = ["Monthly Archives: March 2012", ""]
    for title, paragraphs in posts.items():
        parts += [
            title,
            "",
            *(p + "\n" for p in paragraphs),
            "Leave a comment",
            "",
            "Filed under Hazards",
            "",
        ]
    return "\n".join(parts)
