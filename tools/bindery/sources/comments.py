"""The approved comments a saved WordPress page shows: its comment list
(``li#comment-N``, a block theme's too), each comment's author, date,
text and place in its thread (by nesting).  A comment awaiting
moderation (which WordPress shows only to its author) is no public
comment; a page shows no commenter's e-mail, and the avatars (which
encode one) are left out."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from lxml import etree

from bindery.archive.schema import web_address
from bindery.markup.htmlconv import Comment
from bindery.sources.elements import class_names, drop, has_class, inner_html, text_of
from bindery.sources.extract import markup_date

_COMMENT_ID = re.compile(r"(?:li-)?comment-(\d{1,19})")


def comments_of(root: etree._Element, content: etree._Element) -> tuple[Comment, ...]:
    """The approved comments the page shows, each with its parent (a
    comments block in the post's own text is part of the text)."""
    nodes: dict[str, etree._Element] = {}
    for element in root.iter("li", "article", "div"):
        match = _COMMENT_ID.fullmatch(element.get("id") or "")
        if match and match[1] not in nodes and not any(a is content for a in element.iterancestors()):
            nodes[match[1]] = element
    out = []
    for ident, node in nodes.items():
        comment = _comment(ident, node, nodes)
        if comment is not None:
            out.append(comment)
    return tuple(out)


def _own(node: etree._Element) -> Iterator[etree._Element]:
    """The comment's own elements, not its replies'."""
    stack = list(node)
    while stack:
        element = stack.pop(0)
        if not isinstance(element.tag, str):
            continue
        if _COMMENT_ID.fullmatch(element.get("id") or "") or has_class(element, "children"):
            continue
        yield element
        stack[:0] = list(element)


def _comment(ident: str, node: etree._Element, nodes: dict[str, etree._Element]) -> Comment | None:
    own = list(_own(node))
    if any(has_class(e, "comment-awaiting-moderation") for e in own):
        return None  # shown only to its author, never approved
    parent = None
    for ancestor in node.iterancestors():
        match = _COMMENT_ID.fullmatch(ancestor.get("id") or "")
        if match and match[1] != ident and nodes.get(match[1]) is ancestor:
            parent = match[1]
            break
    linkback = has_class(node, "pingback", "trackback")
    fn = next((e for e in own if has_class(e, "fn", "wp-block-comment-author-name")), None)
    author = text_of(fn) or "Anonymous"
    link = next((a for a in fn.iter("a")), None) if fn is not None else None
    url = web_address((link.get("href") or "").strip()) if link is not None else None
    time = next((e for e in own if e.tag == "time" and e.get("datetime")), None)
    date = markup_date(time.get("datetime")) if time is not None else None
    content = next((e for e in own if has_class(e, "comment-content", "wp-block-comment-content")), None)
    if linkback:
        html = ""
        if fn is None:  # the linking page's name is the link in the body
            link = next((e for e in own if e.tag == "a" and e.get("href")), None)
            author = text_of(link) or author
            url = web_address((link.get("href") or "").strip()) if link is not None else None
    elif content is not None:
        html = inner_html(_without(content, "reply", "comment-meta", "comment-metadata"))
    else:
        body = next((e for e in own if has_class(e, "comment-body")), node)
        html = inner_html(
            _without(body, "comment-author", "comment-meta", "commentmetadata", "reply", "comment-metadata")
        )
    return Comment(ident, parent, author, date, html, linkback=linkback, url=url, rendered=True)


def _without(element: etree._Element, *names: str) -> etree._Element:
    """A copy of ``element`` without its replies and the furniture named."""
    copied = copy.deepcopy(element)
    for node in list(copied.iter()):
        if not isinstance(node.tag, str) or node is copied:
            continue
        if (
            any(n in class_names(node) for n in names)
            or has_class(node, "children", "avatar")
            or _COMMENT_ID.fullmatch(node.get("id") or "")
            or node.tag == "form"
        ):
            drop(node)
    return copied


# -- pages no WordPress theme printed --------------------------------------------


def in_comments(element: etree._Element) -> bool:
    return any(
        _COMMENT_ID.fullmatch(a.get("id") or "") or a.get("id") == "comments" for a in element.iterancestors()
    )
