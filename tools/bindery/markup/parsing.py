"""Reading a post's HTML: its tree, its text as a browser shows it.

The converter (``htmlconv``) and its helpers for tables, media and blocks
read a post through these: a fragment parsed by libxml2 as
``lxml.html`` would (and what to do when it cannot be read whole), which
elements are blocks, and white space as HTML collapses it, with the blank
lines of a classic post (``wpautop``) as paragraph breaks.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from lxml import etree

PARA = "\x00"  # a paragraph break inside a run of inline text
BREAK = "\x01"  # a line break
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "ul",
        "ol",
        "li",
        "table",
        "pre",
        "figure",
        "figcaption",
        "hr",
        "img",
        "picture",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "main",
        "address",
        "dl",
        "dt",
        "dd",
        "details",
        "summary",
        "center",
        "form",
        "fieldset",
        "iframe",
        "video",
        "audio",
        "object",
        "embed",
        "script",
        "style",
        "noscript",
        "template",
    ]
)
DROPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link"})
_FULL_HTML = re.compile(r"^\s*<(?:html|!doctype)", re.IGNORECASE)
# libxml2's HTML parser with lxml's plain elements: lxml.html's element classes
# would cost a Python lookup for every node parsed, and nothing here needs them.
# Without huge_tree it drops all of a post after 256 nested elements (unclosed
# tags pasted from a word processor); with it, after 2,048 (see fragment).
_PARSER = etree.HTMLParser(huge_tree=True)
TEXT_CONTENT = etree.XPath("string()", smart_strings=False)  # lxml.html's text_content()
# A blank line, with the spaces before it and all white space after it.  Found by
# its first newline (a fast search), then widened back over the spaces before.
PARAGRAPHS = re.compile(r"[ \t\r]*\n[ \t\r]*\n\s*")  # what paragraph_breaks replaces
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n\s*")
SPACES = re.compile(r"[\t\r\n\f][ \t\r\n\f]*| [ \t\r\n\f]+")  # runs other than one space


def fragment(html: str) -> etree._Element | None:
    """The fragment's content under one element, as
    ``lxml.html.fragment_fromstring(html, create_parent=True)`` gives it
    (its ``<body>``, text before the first element kept only if not blank);
    None if libxml2 stopped reading it (nested over 2,048 elements deep)."""
    if not _FULL_HTML.match(html):
        html = f"<html><body>{html}</body></html>"
    document = etree.fromstring(html, _PARSER)
    # only a document with that many tags can be that deep: the log is read only then
    if html.count("<") > 2048 and any(e.level_name == "FATAL" for e in _PARSER.error_log):
        return None
    body = None
    for child in document if document is not None else ():  # <head> and <body>: less than find()
        if child.tag == "body":
            body = child
            break
    if body is None:
        return etree.Element("div")
    if body.text is not None and not body.text.strip():
        body.text = None
    return body


def drop_keeping_tail(node: etree._Element) -> None:
    """Take ``node`` out of its parent; the text after it stays in place."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def subtree_text(element: etree._Element) -> str:
    """An element's text as ``html_text`` reads it (no script, no style)."""
    return html_text(etree.tostring(element, encoding="unicode", with_tail=False))


def html_text(html: str) -> str:
    """The text of HTML nested too deep for libxml2 (2,048 elements), read by
    Python's own tokenizer, which keeps no tree: every piece of text but
    scripts and styles, in order, a block element's as a paragraph."""
    parser = _TextOnly(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


_HIDDEN = DROPPED - {"head", "meta", "link"}  # what holds text no reader sees (and is closed)
_BREAKING = BLOCK_TAGS - _HIDDEN  # what starts and ends a paragraph


class _TextOnly(HTMLParser):
    def __init__(self, *, convert_charrefs: bool) -> None:
        super().__init__(convert_charrefs=convert_charrefs)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _HIDDEN:
            self.skipping += 1
        self.parts.append("\n\n" if tag in _BREAKING else "\n" if tag == "br" else "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.skipping:
            self.skipping -= 1
        self.parts.append("\n\n" if tag in _BREAKING else "")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def collapse_spaces(text: str) -> str:
    """``SPACES.sub(" ", text)``: each run of white space other than one
    space as one space; most text has none, and is seen to have none by a
    few fast scans rather than a regular expression tried at every space."""
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
        return SPACES.sub(" ", text)
    return text


def paragraph_breaks(text: str) -> str:
    """``PARAGRAPHS.sub(PARA, text)``: each blank line, with the spaces
    before it and the white space after it, as one paragraph break."""
    out: list[str] = []
    done = 0
    for blank in _BLANK_LINE.finditer(text):
        start = blank.start()
        while start > done and text[start - 1] in " \t\r":
            start -= 1
        out.append(text[done:start])
        out.append(PARA)
        done = blank.end()
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)
