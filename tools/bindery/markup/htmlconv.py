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
the block editor (``<!-- wp:`` comments) are real HTML.  Shortcodes are
first rendered as WordPress renders them (``shortcodes.py``); galleries,
players and embeds (``media.py``), tables (``tables.py``) and the block
editor's footnotes and quotes (``blocks.py``) have modules of their own.
Meaning HTML has and CommonMark lacks (struck-out, inserted, underlined
and small text, abbreviations) is kept by roles the book defines, whose
content is text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lxml import etree

from bindery.markup import blocks as wp_blocks
from bindery.markup import media, tables
from bindery.markup.context import Noted, Omissions, PostContext
from bindery.markup.images import resolve_noscript
from bindery.markup.links import safe_url
from bindery.markup.myst import (
    directive,
    escape_inline,
    escape_line,
    fence_for,
    guard_line,
    list_item,
    quoted,
)
from bindery.markup.parsing import (
    BLOCK_TAGS,
    BREAK,
    DROPPED,
    PARA,
    TEXT_CONTENT,
    collapse_spaces,
    drop_keeping_tail,
    fragment,
    html_text,
    paragraph_breaks,
    subtree_text,
)
from bindery.markup.shortcodes import Shortcodes

TRANSITION = "\x02"  # a thematic break, kept only between blocks
IMAGE_DIRECTIVE = "archive-image"
COMMENT_DIRECTIVE = "archive-comment"
LINKBACK_DIRECTIVE = "archive-linkback"
TERMS_DIRECTIVE = "archive-terms"
ANCHOR_ROLE = "archive-anchor"
# what a title may hold and still be read as HTML (anything else in it is text)
TITLE_TAGS = frozenset(
    {
        "em",
        "i",
        "strong",
        "b",
        "code",
        "kbd",
        "sup",
        "sub",
        "del",
        "s",
        "strike",
        "ins",
        "u",
        "small",
        "q",
        "abbr",
    }
)
_TITLE_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
_MARKUP = "*_[]<>#|~`\\&"  # what myst.escape_inline may escape (``&`` only before an entity)
_BACKTICKS = re.compile(r"`+")
_ESCAPED = re.compile(r"\\.")
_ANCHOR_ID = re.compile(r"[^\s<>`\\\[\]()]{1,200}")  # an id the page can carry and MyST can link
MAX_DEPTH = 100  # elements nested deeper are their text alone (Python's recursion)
# MyST (markdown-it) drops what is nested 20 blocks deep, and all that follows:
# quotes (one block each) and list items (two) deeper than this are set flat
MAX_NESTING = 16


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
    omissions: Omissions = field(default_factory=Omissions)  # what was not carried over


def has_blocks(html: str) -> bool:
    return "<!-- wp:" in html


def convert_post(
    title: str,
    html: str,
    comments: Iterable[Comment],
    base: str = "",
    rendered: bool = False,
    context: PostContext | None = None,
    title_html: str | None = None,
) -> Converted:
    """A whole post: title heading, body, then its comments and linkbacks.

    ``rendered``: the HTML is a page's (a capture's, the REST API's), whose
    paragraphs, galleries and embeds WordPress already made: its line
    breaks are only white space and a bracketed word is text; else it is
    what WordPress stores (an export's), whose shortcodes and addresses on
    a line of their own are rendered here as WordPress renders them.
    ``title_html`` is the title as the source wrote it, where that is HTML
    (a WordPress title): its inline formatting is kept (``title_myst``)."""
    comments = list(comments)
    noted = Noted()
    page_ids = {f"comment-{c.id}" for c in comments if c.id}
    autop = not (rendered or has_blocks(html))
    converter = HtmlConverter(base, autop=autop, context=context, noted=noted, page_ids=page_ids)
    converter.shortcodes = not rendered
    heading = title_myst(title, title_html)
    blocks = [f"# {heading}", *converter.convert(html)]
    text = tuple(converter.texts)
    for comment in comments:
        blocks.append(render_comment(comment, base, page_ids))
    return Converted("\n\n".join(blocks) + "\n", text, noted.frozen())


def title_myst(title: str, html: str | None = None) -> str:
    """A title as the page's heading shows it: the source's HTML where it
    holds inline formatting alone (``<em>``, ``<b>``, ``<code>``…, each
    closed), else every character of ``title`` as text ("Why <div> is bad")."""
    if html and "<" in html and _formatting_only(html):
        root = fragment(f"<span>{html}</span>")
        if root is not None and len(root):
            converter = HtmlConverter(autop=False, nested=True)
            inline = converter.inline_content(root[0]).replace(PARA, " ").replace(BREAK, " ")
            shown = guard_line(collapse_spaces(inline).strip())
            if shown:
                return shown
    return escape_line(title)


def _formatting_only(html: str) -> bool:
    open_tags: list[str] = []
    for match in _TITLE_TAG.finditer(html):
        closing, name = match[1], match[2].lower()
        if name == "br" or name not in TITLE_TAGS:
            return False
        if closing:
            if not open_tags or open_tags.pop() != name:
                return False
        else:
            open_tags.append(name)
    stripped = _TITLE_TAG.sub("", html)
    return not open_tags and "<" not in stripped and ">" not in stripped


def render_comment(comment: Comment, base: str, page_ids: Iterable[str] = ()) -> str:
    converter = HtmlConverter(base, autop=not comment.rendered, nested=True, page_ids=set(page_ids))
    content = "\n\n".join(converter.convert(comment.html))
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


class HtmlConverter:
    """One post's (or comment's) HTML; ``texts`` gathers its visible text."""

    def __init__(
        self,
        base: str = "",
        autop: bool = True,
        nested: bool = False,
        context: PostContext | None = None,
        noted: Noted | None = None,
        page_ids: set[str] | None = None,
    ) -> None:
        self.base = base
        self.autop = autop
        self.context = context or PostContext()
        self.noted = noted if noted is not None else Noted()
        self.shortcodes = False  # a post's body (not a comment): shortcodes are rendered
        self.texts: list[str] = []
        self.pending: list[str] = []  # images met inside a paragraph, set after it
        self.heading_level = 1
        self.captioned: tuple[etree._Element, str] | None = None  # a figure's last image, its caption
        self.nested = nested  # inside a directive, list or quote: no headings or breaks
        self.depth = 0  # elements entered
        self.nesting = 0  # MyST blocks (quotes, lists) written around what is converted now
        self.page_ids = page_ids or set()  # ids the page will carry (comments' anchors)
        self.targets: set[str] = set()  # ids of this HTML that a link of it leads to
        self.anchors: list[str] = []  # targets met, to be set at the start of the next paragraph
        self._footnotes: wp_blocks.Footnotes | None = None  # made when a post has any

    @property
    def footnotes(self) -> wp_blocks.Footnotes:
        if self._footnotes is None:
            self._footnotes = wp_blocks.Footnotes(self)
        return self._footnotes

    def reader(self, base: str | None = None, noted: Noted | None = None) -> HtmlConverter:
        """A converter for HTML the post shows besides its body (a note, an
        embed's quote): its context and its page's places, nested."""
        reader = HtmlConverter(
            self.base if base is None else base,
            autop=False,
            nested=True,
            context=self.context,
            noted=self.noted if noted is None else noted,
        )
        reader.page_ids = self.page_ids
        return reader

    # -- entry -------------------------------------------------------------

    def convert(self, html: str) -> list[str]:
        if self.shortcodes and ("[" in html or "http" in html):
            html = Shortcodes(self.context, self.noted).expand(html)
        if not html.strip():
            return self._finish([])
        if not any(char in html for char in "<&\r\0"):
            # no markup, no reference, nothing libxml2 would rewrite (most
            # comments): its text is the one text node parsing would give
            return self._finish(self.paragraphs(self.text(html)))
        root = fragment(html)
        if root is None:  # nested beyond what libxml2 reads: the text, all of it
            return self._finish(self.paragraphs(self.text(html_text(html))))
        if "<noscript" in html:
            resolve_noscript(root)
        if 'href="#' in html or "href='#" in html:
            self._find_targets(root)
        return self._finish(self.blocks(root))

    def _finish(self, blocks: list[str]) -> list[str]:
        if self.anchors:  # targets with nothing after them to carry them
            blocks.append(" ".join(self._anchor_roles()))
        if self._footnotes is not None:
            blocks = self._footnotes.place(blocks)
        return self._tidy(blocks)

    def _find_targets(self, root: etree._Element) -> None:
        """The ids (``id``, ``<a name>``) that a link of this HTML leads to
        (``href="#id"``): each keeps its anchor, so the link stays in the page."""
        linked = {a.get("href", "")[1:] for a in root.iter("a") if a.get("href", "").startswith("#")}
        linked.discard("")
        if not linked:
            return
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for name in (element.get("id"), element.get("name") if element.tag == "a" else None):
                if name and name in linked and _ANCHOR_ID.fullmatch(name):
                    self.targets.add(name)

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
                note = (child.text or "").strip()
                if note == "nextpage" and not self.nested:
                    flush()
                    out.append(TRANSITION)
                elif note.startswith("wp:"):
                    marker = wp_blocks.block_comment(self, note)
                    if marker:
                        flush()
                        out.append(marker)
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
            return self.paragraphs(self.text(subtree_text(element)))
        method = _BLOCK_METHODS.get(tag)
        self.depth += 1
        try:
            if self.targets:
                self._target(element.get("id"))
            classes = element.get("class")
            if classes is not None:
                special = _by_class(self, element, tag, classes.split())
                if special is not None:
                    return special
            return method(self, element) if method is not None else self.blocks(element)
        finally:
            self.depth -= 1

    def _target(self, ident: str | None) -> None:
        if ident and ident in self.targets:
            self.targets.discard(ident)  # one anchor per id
            self.page_ids.add(ident)
            self.anchors.append(ident)

    def _anchor_roles(self) -> list[str]:
        roles = [f"{{{ANCHOR_ROLE}}}`{ident}`" for ident in self.anchors]
        self.anchors.clear()
        return roles

    def paragraphs(self, run: str) -> list[str]:
        out = []
        for part in run.split(PARA):
            lines = [guard_line(line.strip(" \t")) for line in part.split(BREAK)]
            lines = [line for line in lines if line]
            if lines:
                if self.anchors:
                    lines[0] = " ".join(self._anchor_roles()) + " " + lines[0]
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
            if self.anchors:
                text = " ".join(self._anchor_roles()) + " " + text
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

    def nested_blocks(self, element: etree._Element) -> list[str]:
        nested, self.nested = self.nested, True
        try:
            # footnotes are set where a block of the post's own says, never in a quote or list
            return [block for block in self._tidy(self.blocks(element)) if block != wp_blocks.FOOTNOTES]
        finally:
            self.nested = nested

    def within(self, blocks: int, element: etree._Element) -> list[str]:
        """The element's blocks, to be written ``blocks`` MyST blocks deeper."""
        self.nesting += blocks
        try:
            return self.nested_blocks(element)
        finally:
            self.nesting -= blocks

    def in_directive(self, element: etree._Element, blocks: int = 0) -> list[str]:
        """The element's blocks as a directive's content, which MyST parses
        on its own (its nesting starts again), ``blocks`` deep in it."""
        nesting, self.nesting = self.nesting, blocks
        try:
            return self.nested_blocks(element)
        finally:
            self.nesting = nesting

    def convert_blockquote(self, element: etree._Element) -> list[str]:
        if self.nesting + 1 > MAX_NESTING:
            return self.nested_blocks(element)  # its text, in the quote around it
        inner = "\n\n".join(self.within(1, element))
        if not inner:
            return []
        return [quoted(inner)]

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
                out.extend(self.nested_blocks(child))
            elif isinstance(child.tag, str):
                inner = "\n\n".join(self.within(2, child))
                if inner:
                    marker = f"{number}." if ordered else "-"
                    number += 1
                    items.append(list_item(marker, inner))
            loose(child.tail)
        if items:
            out.append("\n".join(items))
        return out

    def convert_ul(self, element: etree._Element) -> list[str]:
        return self._list(element, ordered=False)

    def convert_ol(self, element: etree._Element) -> list[str]:
        return self._list(element, ordered=True)

    def convert_dl(self, element: etree._Element) -> list[str]:
        """A definition list, as the book's ``archive-terms`` directive: a
        list whose items open with their term, their definitions after it.
        Definitions before any term are set as they are, before it."""
        items: list[tuple[str, list[str]]] = []
        before: list[str] = []
        if element.text and element.text.strip():
            before = self.paragraphs(self.text(element.text))
        for child in element:
            tag = str(child.tag).lower() if isinstance(child.tag, str) else ""
            if tag == "dt":
                term = self.inline_content(child).replace(PARA, " ").replace(BREAK, " ")
                items.append((guard_line(collapse_spaces(term).strip()), [*self.pending]))
                self.pending.clear()
            elif tag:
                (items[-1][1] if items else before).extend(self.in_directive(child, 2))
            if child.tail and child.tail.strip():
                (items[-1][1] if items else before).extend(self.paragraphs(self.text(child.tail)))
        items = [(term, definition) for term, definition in items if term or definition]
        if not items:
            return before
        lines = []
        for term, definition in items:
            # an item opens with its term, a paragraph (one with no words: an empty term)
            lines.append(list_item("-", "\n\n".join([term or "&#8203;", *definition])))
        return [*before, directive(TERMS_DIRECTIVE, "", {}, "\n".join(lines))]

    def convert_pre(self, element: etree._Element) -> list[str]:
        for br in element.iter("br"):  # a line break in preformatted text is a new line
            br.tail = "\n" + (br.tail or "")
        code = TEXT_CONTENT(element).removeprefix("\n").rstrip()
        if not code.strip():
            return []
        self.texts.append(code)
        fence = fence_for(code)
        return [f"{fence}text\n{code}\n{fence}"]

    def convert_hr(self, element: etree._Element) -> list[str]:
        return [] if self.nested else [TRANSITION]

    def convert_img(self, element: etree._Element) -> list[str]:
        return media.image(self, element, self.caption_of(element))

    def convert_picture(self, element: etree._Element) -> list[str]:
        caption = ""
        if self.captioned is not None and any(img is self.captioned[0] for img in element.iter("img")):
            caption = self.captioned[1]
        return media.image(self, element, caption)

    def convert_figure(self, element: etree._Element) -> list[str]:
        """Images with their caption (also what ``[caption]`` becomes): the
        caption goes with the last image; any other text stays in place.
        A figure of a table, a player or an embed takes its caption too."""
        captions = [c for c in element if isinstance(c.tag, str) and c.tag == "figcaption"]
        images = [
            i
            for i in element.iter("img", "picture")
            if i.getparent() is None or i.getparent().tag != "picture"
        ]
        if not images:
            for kind in ("table", "audio", "video", "iframe", "embed"):
                inner = next(element.iter(kind), None)
                if inner is not None and captions:
                    return media.captioned(self, element, inner, captions[0])
            return self.blocks(element)
        inner_figure = any(a.tag == "figure" for a in images[-1].iterancestors() if a is not element)
        if inner_figure or not captions:  # a gallery: its images have captions of their own
            return self.blocks(element)
        node = captions[0]
        caption = "\n\n".join(self.nested_blocks(node))
        drop_keeping_tail(node)
        outer, self.captioned = self.captioned, (images[-1], caption)
        try:
            return self.blocks(element)
        finally:
            self.captioned = outer

    def caption_of(self, element: etree._Element) -> str:
        """The caption of the figure ``element`` is in, if it has one."""
        return self.captioned[1] if self.captioned is not None and self.captioned[0] is element else ""

    def convert_table(self, element: etree._Element) -> list[str]:
        return tables.convert(self, element, self.caption_of(element))

    def convert_iframe(self, element: etree._Element) -> list[str]:
        caption = self.caption_of(element)
        return media.frame(self, element, [caption] if caption else [])

    convert_embed = convert_iframe

    def convert_video(self, element: etree._Element) -> list[str]:
        return media.player(self, element, self.caption_of(element))

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
        if tag in ("img", "picture") or tag in BLOCK_TAGS:
            # an image or block inside a paragraph: set after the paragraph
            self.pending.extend(self.block(element))
            return ""
        if self.depth >= MAX_DEPTH:
            return self.text(subtree_text(element))
        if tag == "sup" or tag == "span":
            note = self.footnotes.mark(element, tag)
            if note is not None:
                return note
        lead = ""
        if self.targets:
            ident = element.get("id") or (element.get("name") if tag == "a" else None)
            if ident in self.targets:
                self._target(ident)
                lead = " ".join(self._anchor_roles())
        method = _INLINE_METHODS.get(tag)
        self.depth += 1
        try:
            return lead + (self.inline_content(element) if method is None else method(self, element))
        finally:
            self.depth -= 1

    def inline_em(self, element: etree._Element) -> str:
        return _wrap("*", self.inline_content(element))

    inline_i = inline_cite = inline_dfn = inline_var = inline_em

    def inline_strong(self, element: etree._Element) -> str:
        return _wrap("**", self.inline_content(element))

    inline_b = inline_strong

    def inline_code(self, element: etree._Element) -> str:
        code = collapse_spaces(TEXT_CONTENT(element))
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
        text = collapse_spaces(TEXT_CONTENT(element))
        if len(element) or not text.strip() or text.startswith("`") or text.endswith("`"):
            return self.inline_content(element)
        self.texts.append(text)
        ticks = "`" * (max(map(len, _BACKTICKS.findall(text)), default=0) + 1)
        return f"{{{role}}}{ticks}{text}{ticks}"

    inline_sub = inline_sup

    def _role(self, role: str, element: etree._Element) -> str:
        """Inline content in one of the book's roles (``{del}``, ``{u}``…),
        whose content is MyST read as text and inline markup; the content
        alone where a role cannot hold it (a paragraph break, a backtick
        at either end)."""
        inner = self.inline_content(element)
        core = inner.strip(" " + BREAK).replace(BREAK, " ")
        if not core or PARA in core or core.startswith("`") or core.endswith("`"):
            return inner
        lead = inner[: len(inner) - len(inner.lstrip(" " + BREAK))]
        trail = inner[len(inner.rstrip(" " + BREAK)) :]
        ticks = "`" * (max(map(len, _BACKTICKS.findall(core)), default=0) + 1)
        return f"{lead}{{{role}}}{ticks}{core}{ticks}{trail}"

    def inline_del(self, element: etree._Element) -> str:
        return self._role("del", element)

    inline_s = inline_strike = inline_del

    def inline_ins(self, element: etree._Element) -> str:
        return self._role("ins", element)

    def inline_u(self, element: etree._Element) -> str:
        return self._role("u", element)

    def inline_small(self, element: etree._Element) -> str:
        return self._role("small", element)

    def inline_abbr(self, element: etree._Element) -> str:
        """``<abbr title="…">``: Sphinx's ``abbr`` role (``LIFO (last in,
        first out)``), where the abbreviation is plain text without "("."""
        title = " ".join((element.get("title") or "").split())
        text = collapse_spaces(TEXT_CONTENT(element))
        if not title or len(element) or not text.strip() or "(" in text or text.strip() != text:
            return self.inline_content(element)
        if "`" in text + title and (text.startswith("`") or (title + ")").endswith("`")):
            return self.inline_content(element)
        self.texts.append(text)
        content = f"{text} ({title})"
        ticks = "`" * (max(map(len, _BACKTICKS.findall(content)), default=0) + 1)
        return f"{{abbr}}{ticks}{content}{ticks}"

    inline_acronym = inline_abbr

    def inline_q(self, element: etree._Element) -> str:
        """An inline quotation, with the marks a browser puts around it."""
        return f"“{self.inline_content(element)}”"

    def inline_a(self, element: etree._Element) -> str:
        inner = self.inline_content(element)
        href = element.get("href", "").strip()
        if href.startswith("#"):  # within the page: kept where the page has the place
            place = href[1:]
            url = f"#{place}" if place in self.page_ids or place in self.targets else None
        else:
            url = safe_url(href, self.base)
        text = inner.strip(" " + BREAK)
        if url is None or not text or PARA in text or "](" in _unescaped(text):
            return inner
        lead = inner[: len(inner) - len(inner.lstrip(" " + BREAK))]
        trail = inner[len(inner.rstrip(" " + BREAK)) :]
        return f"{lead}[{text}](<{url}>){trail}"


def _by_class(
    converter: HtmlConverter, element: etree._Element, tag: str, classes: list[str]
) -> list[str] | None:
    """What WordPress's own markup (a gallery, an embed, a pull quote,
    footnotes, a playlist) becomes, found by its class; None for the rest."""
    if tag in ("div", "figure", "ul") and (
        "gallery" in classes or "wp-block-gallery" in classes or "tiled-gallery" in classes
    ):
        return media.gallery(converter, element)
    if tag in ("figure", "div") and "wp-block-embed" in classes:
        return media.embed_block(converter, element)
    if tag == "blockquote" and any(c in media.EMBED_QUOTES for c in classes):
        return media.embed_quote(converter, element, classes)
    if tag == "iframe" and "wp-embedded-content" in classes:
        return []  # a WordPress post's embed: its quote beside it has the link
    if tag == "div" and "wp-playlist" in classes:
        return media.playlist(converter, element)
    if "wp-block-pullquote" in classes:
        return wp_blocks.pullquote(converter, element)
    if tag in ("div", "section", "ol", "ul") and wp_blocks.is_footnote_list(classes):
        return converter.footnotes.collect(element, classes)
    if tag == "div" and any(c in media.COVERS for c in classes):
        return media.cover(converter, element)
    return None


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


def _escape(text: str) -> str:
    """``escape_inline(text)``, with no regular expression run over text
    that holds none of the characters it escapes (most text)."""
    for char in _MARKUP:
        if char in text:
            return escape_inline(text)
    return text


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


__all__ = [
    "Comment",
    "Converted",
    "HtmlConverter",
    "convert_post",
    "directive",
    "fence_for",
    "safe_url",
    "title_myst",
]
