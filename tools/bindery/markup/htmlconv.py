"""A WordPress post's HTML as MyST in which every character of text stays text.

The HTML is parsed by a real parser (lxml) and walked one element at a
time, markdownify-style: each element has its ``convert_<tag>`` method and
an unknown one falls back to its content.  Text is only ever written
through ``escape_inline``/``guard_line``, so nothing in it can become
markup; markup is only ever written here, around text.  Where markup could
not be written safely (emphasis that CommonMark would not close, a link
with no text or an unknown scheme), the text is kept and the markup is
dropped.

WordPress stores classic posts without ``<p>``: blank lines separate
paragraphs and a single newline is a line break (``wpautop``); posts from
the block editor (``<!-- wp:`` comments) are real HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from lxml import etree

from bindery.archive.schema import PLAIN_WEB
from bindery.markup.myst import escape_inline, escape_line, guard_line

PARA = "\x00"  # a paragraph break inside a run of inline text
BREAK = "\x01"  # a line break
TRANSITION = "\x02"  # a thematic break, kept only between blocks
IMAGE_DIRECTIVE = "archive-image"
COMMENT_DIRECTIVE = "archive-comment"
LINKBACK_DIRECTIVE = "archive-linkback"
LINK_SCHEMES = ("http", "https", "mailto")
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
_CAPTION = re.compile(r"\[(?:wp_)?caption([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.DOTALL)
_CAPTION_ATTR = re.compile(r"""\bcaption=(?:"([^"]*)"|'([^']*)')""")
_CAPTIONED_IMAGE = re.compile(r"\s*(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.IGNORECASE)
_ABSOLUTE = re.compile(r"(?:https?|mailto):", re.IGNORECASE)
_URL_UNSAFE = re.compile(r'[\x00-\x20<>\\"`]')
# A blank line, with the spaces before it and all white space after it.  Found by
# its first newline (a fast search), then widened back over the spaces before.
_PARAGRAPHS = re.compile(r"[ \t\r]*\n[ \t\r]*\n\s*")  # what paragraph_breaks replaces
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n\s*")
_MARKUP = "*_[]<>#|~`\\&"  # what myst.escape_inline may escape (``&`` only before an entity)
_BACKTICKS = re.compile(r"`+")
_JSON_ESCAPED = re.compile(r'["\\\x00-\x1f]')  # what json.dumps(ensure_ascii=False) escapes
_ESCAPED = re.compile(r"\\.")
_SPACES = re.compile(r"[\t\r\n\f][ \t\r\n\f]*| [ \t\r\n\f]+")  # runs other than one space
_FULL_HTML = re.compile(r"^\s*<(?:html|!doctype)", re.IGNORECASE)
# libxml2's HTML parser with lxml's plain elements: lxml.html's element classes
# would cost a Python lookup for every node parsed, and nothing here needs them.
# Without huge_tree it drops all of a post after 256 nested elements (unclosed
# tags pasted from a word processor); with it, after 2,048 (see _fragment).
_PARSER = etree.HTMLParser(huge_tree=True)
MAX_DEPTH = 100  # elements nested deeper are their text alone (Python's recursion)
# MyST (markdown-it) drops what is nested 20 blocks deep, and all that follows:
# quotes (one block each) and list items (two) deeper than this are set flat
MAX_NESTING = 16
_TEXT_CONTENT = etree.XPath("string()", smart_strings=False)  # lxml.html's text_content()


@dataclass(frozen=True)
class Comment:
    """An approved comment (or pingback), with nothing private in it."""

    id: str
    parent: str | None
    author: str
    date: str | None
    html: str
    linkback: bool = False
    url: str | None = None  # for a linkback: the page that linked here
    rendered: bool = False  # HTML as a page showed it (paragraphs made), not as stored (wpautop's input)


@dataclass(frozen=True)
class Converted:
    body: str  # MyST: the title heading, the text, the comments
    text: tuple[str, ...]  # the visible text in reading order (comments excluded)


def fence_for(content: str) -> str:
    """Backticks enough to fence ``content`` (longer than any run in it)."""
    if "`" not in content:
        return "```"
    longest = max(map(len, _BACKTICKS.findall(content)), default=0)
    return "`" * max(3, longest + 1)


def option(value: str) -> str:
    """A directive option value that MyST reads back exactly (a quoted string)."""
    value = " ".join(value.split())
    if _JSON_ESCAPED.search(value) is None:  # nothing json.dumps would escape (most values)
        return f'"{value}"'
    return json.dumps(value, ensure_ascii=False)


def directive(name: str, argument: str, options: dict[str, str | None], content: str) -> str:
    lines = [f":{key}: {option(value)}" for key, value in options.items() if value]
    head = "\n".join(lines)
    inner = head + ("\n\n" if head and content else "") + content
    fence = fence_for(inner)
    return f"{fence}{{{name}}}{(' ' + argument) if argument else ''}\n{inner}\n{fence}"


def has_blocks(html: str) -> bool:
    return "<!-- wp:" in html


def convert_post(
    title: str, html: str, comments: Iterable[Comment], base: str = "", rendered: bool = False
) -> Converted:
    """A whole post: title heading, body, then its comments and linkbacks.
    ``rendered``: the HTML is a page's (a capture's), whose paragraphs the
    blog already made, so its line breaks are only white space."""
    converter = HtmlConverter(base, autop=not (rendered or has_blocks(html)))
    blocks = [f"# {escape_line(title)}", *converter.convert(html)]
    text = tuple(converter.texts)
    for comment in comments:
        blocks.append(render_comment(comment, base))
    return Converted("\n\n".join(blocks) + "\n", text)


def render_comment(comment: Comment, base: str) -> str:
    content = "\n\n".join(HtmlConverter(base, autop=not comment.rendered, nested=True).convert(comment.html))
    if comment.linkback:
        url = safe_url(comment.url or "", base) or ""
        return directive(
            LINKBACK_DIRECTIVE,
            url,
            {"author": comment.author, "date": comment.date, "id": comment.id},
            content,
        )
    options = {"author": comment.author, "date": comment.date, "id": comment.id, "parent": comment.parent}
    return directive(COMMENT_DIRECTIVE, "", options, content)


def safe_url(href: str, base: str) -> str | None:
    """An absolute http(s) or mailto address, written so that MyST reads it
    back whole; None for any other scheme."""
    href = href.strip()
    if not href:
        return None
    if PLAIN_WEB.fullmatch(href):  # most links: urlsplit would find nothing amiss
        return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", href)
    try:
        url = href if _ABSOLUTE.match(href) else urljoin(base, href) if base else href
        parts = urlsplit(url)
    except ValueError:  # ``http://[oops``: no address anyone could follow
        return None
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES or (scheme != "mailto" and not parts.netloc):
        return None
    return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", url)


class HtmlConverter:
    """One post's (or comment's) HTML; ``texts`` gathers its visible text."""

    def __init__(self, base: str = "", autop: bool = True, nested: bool = False) -> None:
        self.base = base
        self.autop = autop
        self.texts: list[str] = []
        self.pending: list[str] = []  # images met inside a paragraph, set after it
        self.heading_level = 1
        self.captioned: tuple[etree._Element, str] | None = None  # a figure's last image, its caption
        self.nested = nested  # inside a directive, list or quote: no headings or breaks
        self.depth = 0  # elements entered
        self.nesting = 0  # MyST blocks (quotes, lists) written around what is converted now

    # -- entry -------------------------------------------------------------

    def convert(self, html: str) -> list[str]:
        if "caption]" in html:
            html = _CAPTION.sub(_caption_to_figure, html)
        if not html.strip():
            return []
        if not any(char in html for char in "<&\r\0"):
            # no markup, no reference, nothing libxml2 would rewrite (most
            # comments): its text is the one text node parsing would give
            return self._tidy(self.paragraphs(self.text(html)))
        root = _fragment(html)
        if root is None:  # nested beyond what libxml2 reads: the text, all of it
            return self._tidy(self.paragraphs(self.text(_plain_text(html))))
        return self._tidy(self.blocks(root))

    def _tidy(self, blocks: list[str]) -> list[str]:
        """Transitions only between two blocks, never twice, never by a heading."""
        out: list[str] = []
        for block in blocks:
            if block == TRANSITION and (not out or out[-1] == TRANSITION or out[-1].startswith("#")):
                continue
            if block.startswith("#") and out and out[-1] == TRANSITION:
                out.pop()
            out.append(block)
        while out and out[-1] == TRANSITION:
            out.pop()
        return ["***" if b == TRANSITION else b for b in out]

    # -- blocks ------------------------------------------------------------

    def blocks(self, element: etree._Element) -> list[str]:
        """The element's content as blocks: runs of inline content and text
        become paragraphs, block elements convert themselves."""
        out: list[str] = []
        run: list[str] = []

        def flush() -> None:
            out.extend(self.paragraphs("".join(run)))
            run.clear()
            out.extend(self.pending)
            self.pending.clear()

        if element.text:
            run.append(self.text(element.text))
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if isinstance(child, etree._Comment):
                # <!--more--> only cuts the teaser on the blog's front page: no trace;
                # <!--nextpage--> starts another page of the post: a break here
                if (child.text or "").strip() == "nextpage" and not self.nested:
                    flush()
                    out.append(TRANSITION)
            elif tag.lower() in BLOCK_TAGS:
                flush()
                out.extend(self.block(child))
            elif tag:
                run.append(self.inline(child))
            if child.tail:
                run.append(self.text(child.tail))
        flush()
        return out

    def block(self, element: etree._Element) -> list[str]:
        tag = str(element.tag).lower()
        if tag in DROPPED:
            return []
        if self.depth >= MAX_DEPTH:
            return self.paragraphs(self.text(_subtree_text(element)))
        method = _BLOCK_METHODS.get(tag)
        self.depth += 1
        try:
            return method(self, element) if method is not None else self.blocks(element)
        finally:
            self.depth -= 1

    def paragraphs(self, run: str) -> list[str]:
        out = []
        for part in run.split(PARA):
            lines = [guard_line(line.strip(" \t")) for line in part.split(BREAK)]
            lines = [line for line in lines if line]
            if lines:
                out.append("\\\n".join(lines))
        return out

    def convert_p(self, element: etree._Element) -> list[str]:
        paragraphs = self.paragraphs(self.inline_content(element))
        paragraphs.extend(self.pending)
        self.pending.clear()
        return paragraphs

    def _heading(self, element: etree._Element, level: int) -> list[str]:
        text = " ".join(self.inline_content(element).replace(PARA, " ").replace(BREAK, " ").split())
        out: list[str] = []
        if text:
            if self.nested:
                out = [guard_line(_wrap("**", text))]
            else:
                self.heading_level = max(2, min(level, self.heading_level + 1))
                out = ["#" * self.heading_level + " " + text]
        out.extend(self.pending)
        self.pending.clear()
        return out

    def convert_h1(self, element: etree._Element) -> list[str]:
        return self._heading(element, 1)

    def convert_h2(self, element: etree._Element) -> list[str]:
        return self._heading(element, 2)

    def convert_h3(self, element: etree._Element) -> list[str]:
        return self._heading(element, 3)

    def convert_h4(self, element: etree._Element) -> list[str]:
        return self._heading(element, 4)

    def convert_h5(self, element: etree._Element) -> list[str]:
        return self._heading(element, 5)

    def convert_h6(self, element: etree._Element) -> list[str]:
        return self._heading(element, 6)

    def _nested_blocks(self, element: etree._Element) -> list[str]:
        nested, self.nested = self.nested, True
        try:
            return self._tidy(self.blocks(element))
        finally:
            self.nested = nested

    def _within(self, blocks: int, element: etree._Element) -> list[str]:
        """The element's blocks, to be written ``blocks`` MyST blocks deeper."""
        self.nesting += blocks
        try:
            return self._nested_blocks(element)
        finally:
            self.nesting -= blocks

    def convert_blockquote(self, element: etree._Element) -> list[str]:
        if self.nesting + 1 > MAX_NESTING:
            return self._nested_blocks(element)  # its text, in the quote around it
        inner = "\n\n".join(self._within(1, element))
        if not inner:
            return []
        return ["\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))]

    def _list(self, element: etree._Element, ordered: bool) -> list[str]:
        """Its items; text in the list but in no item (which a browser shows
        too) as paragraphs between them.  Too deep, its items' text alone."""
        flat = self.nesting + 2 > MAX_NESTING
        start = element.get("start", "1")
        number = int(start) if start.isascii() and start.isdigit() and len(start) < 9 else 1
        out: list[str] = []
        items: list[str] = []

        def loose(text: str | None) -> None:
            paragraphs = self.paragraphs(self.text(text)) if text and text.strip() else []
            if paragraphs and items:
                out.append("\n".join(items))
                items.clear()
            out.extend(paragraphs)

        loose(element.text)
        for child in element:
            if isinstance(child.tag, str) and flat:
                out.extend(self._nested_blocks(child))
            elif isinstance(child.tag, str):
                inner = "\n\n".join(self._within(2, child))
                if inner:
                    marker = f"{number}." if ordered else "-"
                    number += 1
                    pad = " " * (len(marker) + 1)
                    lines = inner.split("\n")
                    rest = (pad + line if line else "" for line in lines[1:])
                    items.append("\n".join([f"{marker} {lines[0]}", *rest]))
            loose(child.tail)
        if items:
            out.append("\n".join(items))
        return out

    def convert_ul(self, element: etree._Element) -> list[str]:
        return self._list(element, ordered=False)

    def convert_ol(self, element: etree._Element) -> list[str]:
        return self._list(element, ordered=True)

    def convert_pre(self, element: etree._Element) -> list[str]:
        for br in element.iter("br"):  # a line break in preformatted text is a new line
            br.tail = "\n" + (br.tail or "")
        code = _TEXT_CONTENT(element).removeprefix("\n").rstrip()
        if not code.strip():
            return []
        self.texts.append(code)
        fence = fence_for(code)
        return [f"{fence}text\n{code}\n{fence}"]

    def convert_hr(self, element: etree._Element) -> list[str]:
        return [] if self.nested else [TRANSITION]

    def convert_img(self, element: etree._Element) -> list[str]:
        return self._image(element, "")

    def _image(self, element: etree._Element, caption: str) -> list[str]:
        if self.captioned is not None and self.captioned[0] is element:
            caption = self.captioned[1]
        src = safe_url(element.get("src", ""), self.base)
        alt = element.get("alt", "")
        if src is None:  # an image with no usable address: its alt text is all there is
            return self.paragraphs(self.text(alt)) if alt.strip() else []
        return [directive(IMAGE_DIRECTIVE, src, {"alt": alt}, caption)]

    def convert_figure(self, element: etree._Element) -> list[str]:
        """Images with their caption (also what ``[caption]`` becomes): the
        caption goes with the last image; any other text stays in place."""
        images = list(element.iter("img"))
        captions = [c for c in element if isinstance(c.tag, str) and c.tag == "figcaption"]
        if not images:
            return self.blocks(element)
        caption = ""
        inner_figure = any(a.tag == "figure" for a in images[-1].iterancestors() if a is not element)
        if inner_figure or not captions:  # a gallery: its images have captions of their own
            return self.blocks(element)
        if captions:
            node = captions[0]
            caption = "\n\n".join(self._nested_blocks(node))
            parent = node.getparent()
            if node.tail and parent is not None:
                previous = node.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + node.tail
                else:
                    parent.text = (parent.text or "") + node.tail
            if parent is not None:
                parent.remove(node)
        outer, self.captioned = self.captioned, (images[-1], caption)
        try:
            return self.blocks(element)
        finally:
            self.captioned = outer

    def convert_table(self, element: etree._Element) -> list[str]:
        """Its rows (a table in a cell is set after it, as its images are);
        text in the table but in no cell (which a browser shows above the
        table) as paragraphs before it, then its caption."""
        own = [node for node in element.iter("tr", "caption") if _table_of(node) is element]
        loose = [
            text
            for node in [element, *element.iter("thead", "tbody", "tfoot"), *own]
            if node.tag != "caption" and _table_of(node) is element
            for text in (node.text, *(child.tail for child in node))
            if text and text.strip()
        ]
        before = [block for text in loose for block in self.paragraphs(self.text(text))]
        rows: list[list[str]] = []
        for row in own:
            if row.tag != "tr":
                continue
            cells = []
            for cell in row:
                if isinstance(cell.tag, str) and cell.tag in ("td", "th"):
                    text = self.inline_content(cell).replace(PARA, " ").replace(BREAK, " ")
                    cells.append(" ".join(text.split()))
            if cells:
                rows.append(cells)
        caption = [node for node in own if node.tag == "caption"]
        before += self.paragraphs(self.inline_content(caption[0])) if caption else []
        self.pending, images = [], self.pending
        if not rows:
            return [*before, *images]
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(r) + " |" for r in rows]
        lines.insert(1, "|" + "---|" * width)
        return [*before, "\n".join(lines), *images]

    def convert_iframe(self, element: etree._Element) -> list[str]:
        src = safe_url(element.get("src", ""), self.base)
        if src is None:
            return []
        return [f"[{escape_inline(src)}](<{src}>)"]

    convert_embed = convert_iframe

    def convert_video(self, element: etree._Element) -> list[str]:
        sources = [element, *element.iter("source")]
        for node in sources:
            if node.get("src"):
                return self.convert_iframe(node)
        return self.blocks(element)

    convert_audio = convert_video

    # -- inline ------------------------------------------------------------

    def text(self, raw: str) -> str:
        """Text as HTML shows it (white space collapsed), escaped."""
        if not raw:
            return ""
        self.texts.append(raw)
        if not self.autop or "\n" not in raw:
            return _escape(collapse_spaces(raw))
        # one pass over the whole run: neither pass matches or spans a separator
        return _escape(collapse_spaces(paragraph_breaks(raw).replace("\n", BREAK)))

    def inline_content(self, element: etree._Element) -> str:
        parts = [self.text(element.text or "")]
        for child in element:
            if isinstance(child.tag, str):
                parts.append(self.inline(child))
            if child.tail:
                parts.append(self.text(child.tail))
        return "".join(parts)

    def inline(self, element: etree._Element) -> str:
        tag = str(element.tag).lower()
        if tag in DROPPED:
            return ""
        if tag == "br":
            return BREAK
        if tag == "img" or tag in BLOCK_TAGS:
            # an image or block inside a paragraph: set after the paragraph
            self.pending.extend(self.block(element))
            return ""
        if self.depth >= MAX_DEPTH:
            return self.text(_subtree_text(element))
        method = _INLINE_METHODS.get(tag)
        self.depth += 1
        try:
            return self.inline_content(element) if method is None else method(self, element)
        finally:
            self.depth -= 1

    def inline_em(self, element: etree._Element) -> str:
        return _wrap("*", self.inline_content(element))

    inline_i = inline_cite = inline_dfn = inline_var = inline_em

    def inline_strong(self, element: etree._Element) -> str:
        return _wrap("**", self.inline_content(element))

    inline_b = inline_strong

    def inline_code(self, element: etree._Element) -> str:
        code = collapse_spaces(_TEXT_CONTENT(element))
        if not code.strip():
            return escape_inline(code)
        self.texts.append(code)
        longest = max(map(len, _BACKTICKS.findall(code)), default=0)
        ticks = "`" * (longest + 1)
        pad = " " if code.startswith(("`", " ")) or code.endswith(("`", " ")) else ""
        return f"{ticks}{pad}{code}{pad}{ticks}"

    inline_kbd = inline_tt = inline_samp = inline_code

    def inline_sup(self, element: etree._Element) -> str:
        """``E = MC<sup>2</sup>``, ``H<sub>2</sub>O``: as docutils' roles,
        whose content is taken as it is; plain text where a role cannot
        hold it (markup inside, or a backtick at either end)."""
        role = str(element.tag).lower()
        text = collapse_spaces(_TEXT_CONTENT(element))
        if len(element) or not text.strip() or text.startswith("`") or text.endswith("`"):
            return self.inline_content(element)
        self.texts.append(text)
        ticks = "`" * (max(map(len, _BACKTICKS.findall(text)), default=0) + 1)
        return f"{{{role}}}{ticks}{text}{ticks}"

    inline_sub = inline_sup

    def inline_q(self, element: etree._Element) -> str:
        """An inline quotation, with the marks a browser puts around it."""
        return f"“{self.inline_content(element)}”"

    def inline_a(self, element: etree._Element) -> str:
        inner = self.inline_content(element)
        url = safe_url(element.get("href", ""), self.base)
        text = inner.strip(" " + BREAK)
        if url is None or not text or PARA in text or "](" in _unescaped(text):
            return inner
        lead = inner[: len(inner) - len(inner.lstrip(" " + BREAK))]
        trail = inner[len(inner.rstrip(" " + BREAK)) :]
        return f"{lead}[{text}](<{url}>){trail}"


# each tag's method, found once: ``convert_<tag>`` for blocks, ``inline_<tag>`` for inline
_BLOCK_METHODS: dict[str, Callable[[HtmlConverter, etree._Element], list[str]]] = {
    name.removeprefix("convert_"): getattr(HtmlConverter, name)
    for name in dir(HtmlConverter)
    if name.startswith("convert_")
}
_INLINE_METHODS: dict[str, Callable[[HtmlConverter, etree._Element], str]] = {
    name.removeprefix("inline_"): getattr(HtmlConverter, name)
    for name in dir(HtmlConverter)
    if name.startswith("inline_") and name != "inline_content"
}


def _fragment(html: str) -> etree._Element | None:
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


def _table_of(node: etree._Element) -> etree._Element | None:
    """The table a row, caption or row group belongs to (itself, for a table)."""
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def _subtree_text(element: etree._Element) -> str:
    """An element's text as ``_plain_text`` reads it (no script, no style)."""
    return _plain_text(etree.tostring(element, encoding="unicode", with_tail=False))


def _plain_text(html: str) -> str:
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
    """``_SPACES.sub(" ", text)``: each run of white space other than one
    space as one space; most text has none, and is seen to have none by a
    few fast scans rather than a regular expression tried at every space."""
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
        return _SPACES.sub(" ", text)
    return text


def _escape(text: str) -> str:
    """``escape_inline(text)``, with no regular expression run over text
    that holds none of the characters it escapes (most text)."""
    for char in _MARKUP:
        if char in text:
            return escape_inline(text)
    return text


def paragraph_breaks(text: str) -> str:
    """``_PARAGRAPHS.sub(PARA, text)``: each blank line, with the spaces
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


def _unescaped(text: str) -> str:
    """Text with escaped characters removed: what markup remains in it."""
    return _ESCAPED.sub("", text)


def _wrap(delimiter: str, inner: str) -> str:
    """Emphasis, if CommonMark will read it as such whatever is around it:
    only around text that starts and ends with a letter or digit."""
    core = inner.strip(" " + BREAK)
    if not core or PARA in core or not (core[0].isalnum() and core[-1].isalnum()) or "*" in _unescaped(core):
        return inner
    lead = inner[: len(inner) - len(inner.lstrip(" " + BREAK))]
    trail = inner[len(inner.rstrip(" " + BREAK)) :]
    return f"{lead}{delimiter}{core}{delimiter}{trail}"


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


__all__ = ["Comment", "Converted", "HtmlConverter", "convert_post"]
