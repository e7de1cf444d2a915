"""A post's opening sentence, for listings, feeds and descriptions."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.myst_role import myst_role_plugin

SUMMARY_LIMIT = 280
TRANSITION = "***"  # a thematic break, as the HTML converter writes one: no prose
_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?][”’\"]?(?=\s+\S)")
# a footnote's mark (``[^2]``), not escaped: its note is on the post's page only
_FOOTNOTE_MARK = re.compile(r"(?<!\\)((?:\\\\)*)\[\^\d+\]")
_ANCHOR = re.compile(r"\{archive-anchor\}`[^`]*` ?")  # a place in the post's page


def opening_sentence(body: str) -> str:
    """The first sentence of a post's first paragraph, still as MyST (a
    cut never ends in a backslash, which would escape what follows)."""
    paragraph = _ANCHOR.sub("", _FOOTNOTE_MARK.sub(r"\1", _first_paragraph(body)))
    return first_sentence(paragraph, strip="\\")


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


_MARKDOWN = MarkdownIt("commonmark").use(myst_role_plugin)
# roles whose content is text as it is (``abbr``'s after its explanation in brackets)
_LITERAL_ROLES = frozenset({"sup", "sub", "abbr"})
_MYST_ROLES = frozenset({"del", "ins", "u", "small"})  # their content is MyST inline
_ABBREVIATION = re.compile(r"\s*\((.*)\)$", re.DOTALL)


def plain_text(myst: str) -> str:
    """MyST inline text as a reader reads it: escapes undone, links,
    emphasis and the book's roles reduced to their words (for feeds,
    descriptions, citations and the title of a page)."""
    out: list[str] = []
    for block in _MARKDOWN.parse(myst):
        for token in block.children or ():
            if token.type in ("text", "code_inline"):
                out.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                out.append(" ")
            elif token.type == "myst_role":
                out.append(_role_text(str(token.meta.get("name", "")), token.content))
    return "".join(out).strip()


def _role_text(name: str, content: str) -> str:
    if name in _MYST_ROLES:
        return plain_text(content)
    if name == "abbr":
        return _ABBREVIATION.sub("", content)
    if name in _LITERAL_ROLES:
        return content
    return ""  # an anchor, or a role no importer writes


def heading_text(body: str) -> str | None:
    """A post's title as its page shows it: its opening heading, as MyST;
    None if the body opens with something else (a hand edit)."""
    for line in body.split("\n", 8):
        if line.startswith("# "):
            return line[2:].strip()
        if line.strip():
            return None
    return None
