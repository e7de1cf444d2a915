"""The block editor's own structures: footnotes, pull quotes, and blocks
whose content WordPress makes only when a page is served.

Footnotes (``core/footnotes``) are kept in the post's ``footnotes`` meta
as JSON, their marks in the text as ``<sup data-fn="…">``; a rendered
page lists them in an ``<ol class="wp-block-footnotes">``.  The Academic
Blogger's Toolkit plugin (``abt/footnotes``) keeps a note in its mark's
``data-note`` and lists them in a ``section.abt-footnotes``.  Either
becomes MyST footnotes, numbered in the order of their marks and linked
both ways, set where the post's footnotes block stands.

A block saved with no content (``<!-- wp:latest-posts /-->``) was made
only when the page was served: the export holds nothing of it, and the
import report names it.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from lxml import etree

from bindery.markup.myst import directive, guard_line
from bindery.markup.parsing import BREAK, PARA, collapse_spaces, drop_keeping_tail

if TYPE_CHECKING:
    from bindery.markup.htmlconv import HtmlConverter

FOOTNOTES = "\x04"  # a block: where the post's footnotes are written
_BLOCK = re.compile(r"wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)(.*?)(/?)$", re.DOTALL)
# blocks saved with no content that leave nothing out
_EMPTY_BY_DESIGN = frozenset(
    {"core/more", "core/nextpage", "core/footnotes", "core/spacer", "core/separator"}
)


def block_comment(converter: HtmlConverter, comment: str) -> str | None:
    """A block's opening comment: FOOTNOTES where the footnotes block
    stands; a block saved with no content noted as not carried over."""
    match = _BLOCK.match(comment)
    if match is None:
        return None
    name = match[1] if "/" in match[1] else f"core/{match[1]}"
    if name == "core/footnotes":
        converter.footnotes.seen_block = True
        return FOOTNOTES
    if match[3] and name not in _EMPTY_BY_DESIGN:
        converter.noted.blocks.append(name)
    return None


def is_footnote_list(classes: list[str]) -> bool:
    """A rendered list of a post's footnotes (core's, or the toolkit's)."""
    return (
        "wp-block-footnotes" in classes or "abt-footnotes" in classes or "wp-block-abt-footnotes" in classes
    )


class Footnotes:
    """A post's footnotes: their marks, numbered in order, and their notes."""

    def __init__(self, converter: HtmlConverter) -> None:
        self.converter = converter
        self.numbers: dict[str, int] = {}  # note id → its number, in the order of the marks
        self.notes: dict[str, list[str]] = {}  # note id → its MyST blocks
        self.fallback: dict[str, str] = {}  # note id → the HTML its mark holds (``data-note``)
        self.seen_block = False
        self._meta_read = False

    def mark(self, element: etree._Element, tag: str) -> str | None:
        """A footnote mark (``<sup data-fn>``, ``span.abt-footnote``) as
        a MyST footnote reference; None for any other element."""
        if tag == "sup" and element.get("data-fn"):
            ident = element.get("data-fn", "")
        elif tag == "span" and "abt-footnote" in element.get("class", "").split() and element.get("id"):
            ident = element.get("id", "")
            self.fallback.setdefault(ident, element.get("data-note", ""))
        else:
            return None
        number = self.numbers.setdefault(ident, len(self.numbers) + 1)
        return f"[^{number}]"

    def collect(self, element: etree._Element, classes: list[str]) -> list[str]:
        """A rendered list of notes: each note's content by its id, the
        list itself replaced by FOOTNOTES."""
        for item in element.iter("li"):
            ident = item.get("id", "")
            if not ident:
                continue
            ident = ident.removesuffix("-ref") if "abt-footnotes-item" in item.get("class", "") else ident
            content = next(
                (n for n in item.iter() if "abt-footnotes-item__content" in n.get("class", "").split()), item
            )
            for back in list(content.iter("a")):  # the ↩︎ link back to the mark
                if back.get("href", "").startswith("#") and back.get("href", "").endswith("-link"):
                    drop_keeping_tail(back)
            self.notes[ident] = self._nested(content)
        return [FOOTNOTES]

    def _convert(self, html: str) -> list[str]:
        reader = self.converter.reader()
        reader.nesting = 1  # in a footnote's definition
        blocks = reader.convert(html)
        self.converter.texts.extend(reader.texts)
        return blocks

    def _nested(self, element: etree._Element) -> list[str]:
        return self.converter.in_directive(element, 1)

    def _from_meta(self) -> None:
        """The notes of ``core/footnotes``, from the post's meta."""
        if self._meta_read:
            return
        self._meta_read = True
        try:
            notes = json.loads(self.converter.context.footnotes or "[]")
        except ValueError:
            return
        for note in notes if isinstance(notes, list) else []:
            if isinstance(note, dict) and isinstance(note.get("id"), str) and note["id"] not in self.notes:
                self.notes[note["id"]] = self._convert(str(note.get("content") or ""))

    def place(self, blocks: list[str]) -> list[str]:
        """The post's blocks with its footnotes where the first FOOTNOTES
        stands (or at the end): referenced notes as footnotes, in order;
        a note no mark refers to, as its words."""
        if FOOTNOTES not in blocks and not self.numbers:
            return blocks
        if self.numbers or self.seen_block:
            self._from_meta()
        for ident, html in self.fallback.items():
            if ident not in self.notes and html.strip():
                self.notes[ident] = self._convert(html)
        written: list[str] = []
        for ident, number in self.numbers.items():
            content = self.notes.get(ident) or []
            written.append(_definition(number, content))
        written.extend(
            block for ident, note in self.notes.items() if ident not in self.numbers for block in note
        )
        out: list[str] = []
        for block in blocks:
            if block == FOOTNOTES:
                out.extend(written)
                written = []
            else:
                out.append(block)
        return out + written


def _definition(number: int, content: list[str]) -> str:
    """``[^3]: …``, its blocks after the first indented under it."""
    text = "\n\n".join(content) if content else ""
    lines = text.split("\n") if text else [""]
    rest = ["    " + line if line else "" for line in lines[1:]]
    return "\n".join([f"[^{number}]: {lines[0]}".rstrip(), *rest])


def pullquote(converter: HtmlConverter, element: etree._Element) -> list[str]:
    """A pull quote: docutils' ``pull-quote``, its ``<cite>`` the attribution."""
    cites = list(element.iter("cite"))
    attribution = ""
    if cites:
        cite = cites[-1]
        text = converter.inline_content(cite).replace(PARA, " ").replace(BREAK, " ")
        attribution = collapse_spaces(text).strip()
        drop_keeping_tail(cite)
    # the figure of a pull quote holds its quote alone: the quote's content is the pull quote's
    only = [child for child in element if isinstance(child.tag, str)]
    loose = (element.text or "").strip() or any((child.tail or "").strip() for child in element)
    quote = only[0] if len(only) == 1 and only[0].tag == "blockquote" and not loose else element
    inner = converter.in_directive(quote, 1)
    if not inner:
        return [guard_line(attribution)] if attribution else []
    if attribution:
        inner.append(f"-- {attribution}")
    return [directive("pull-quote", "", {}, "\n\n".join(inner))]
