"""Small questions asked of a saved page's elements (its classes, its
text, its inner HTML), and one change made to them (an element taken
out, the text after it kept): what every reader of saved pages asks."""

from __future__ import annotations

import functools

from lxml import etree

from bindery.archive.schema import one_line


def class_names(element: etree._Element | None) -> list[str]:
    return (element.get("class") or "").split() if element is not None else []


def has_class(element: etree._Element, *names: str) -> bool:
    return any(name in class_names(element) for name in names)


def first_with_class(element: etree._Element, *names: str) -> etree._Element | None:
    """The first descendant with one of the classes, in the order named."""
    for name in names:
        for node in _with_class(name)(element):
            if name in class_names(node):
                return node  # type: ignore[no-any-return]
    return None


@functools.cache
def _with_class(name: str) -> etree.XPath:
    """The descendants whose class attribute holds ``name`` (found by
    libxml2, not by a Python loop over every node; the caller checks the
    whole word)."""
    return etree.XPath(f".//*[contains(@class, '{name}')]")


def text_of(element: etree._Element | None) -> str:
    return one_line("".join(element.itertext())) if element is not None else ""


def inner_html(element: etree._Element) -> str:
    parts = [_escape_text(element.text or "")]
    parts.extend(
        etree.tostring(child, encoding="unicode", method="html", with_tail=True) for child in element
    )
    return "".join(parts)


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def drop(node: etree._Element) -> None:
    """Remove ``node``, keeping the text after it."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)
