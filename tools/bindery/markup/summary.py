"""A post's opening sentence, for listings, feeds and descriptions."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

SUMMARY_LIMIT = 280
TRANSITION = "***"  # a thematic break, as the HTML converter writes one: no prose
_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?][”’\"]?(?=\s+\S)")


def opening_sentence(body: str) -> str:
    """The first sentence of a post's first paragraph, still as MyST (a
    cut never ends in a backslash, which would escape what follows)."""
    return first_sentence(_first_paragraph(body), strip="\\")


def first_sentence(text: str, strip: str = "") -> str:
    """``text`` up to the end of its first sentence, or cut at a word
    before SUMMARY_LIMIT characters and marked with an ellipsis."""
    match = _SENTENCE_END.search(text)
    if match and match.end() <= SUMMARY_LIMIT:
        return text[: match.end()]
    if len(text) <= SUMMARY_LIMIT:
        return text
    cut = text.rfind(" ", 0, SUMMARY_LIMIT)
    return text[: cut if cut > 0 else SUMMARY_LIMIT].rstrip(strip) + " …"


def _first_paragraph(body: str) -> str:
    """The first run of prose lines: not a heading, fence, quote, list or break."""
    lines: list[str] = []
    fenced = False
    for line in body.split("\n"):
        if line.startswith("```"):
            # a fence opens with a directive's name; a bare fence closes it
            if not fenced or not line.strip("`"):
                fenced = not fenced
            if lines:
                break
            continue
        if fenced or not line.strip():
            if lines:
                break
            continue
        if (line[0] in "#>-%(+:{" or line == TRANSITION) and not lines:
            continue
        lines.append(line)
    return " ".join(lines)


_MARKDOWN = MarkdownIt("commonmark")


def plain_text(myst: str) -> str:
    """MyST inline text as a reader reads it: escapes undone, links and
    emphasis reduced to their words (for feeds and descriptions)."""
    out: list[str] = []
    for block in _MARKDOWN.parse(myst):
        for token in block.children or ():
            if token.type in ("text", "code_inline"):
                out.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                out.append(" ")
    return "".join(out).strip()
