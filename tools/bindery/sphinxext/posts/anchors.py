"""Stable anchors on every paragraph of a post, for citing a passage.

A paragraph's anchor is its position in the post (``#p-3`` is the third
block of text), so it is the same in every build and on every machine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

PREFIX = "p-"
# What the ¶ is called, by a pointer's tooltip and by a screen reader (which
# would otherwise read out "pilcrow" for each paragraph).
LABEL = "Link to this paragraph"


class paragraph_link(nodes.Element):
    """The ¶ link a reader sees when pointing at a paragraph (HTML only)."""


def add_anchors(section: nodes.Element, document: nodes.document) -> None:
    """Number the post's paragraphs, list items and quotes, in order."""
    number = 0
    for node in section.findall(nodes.paragraph):
        if not _is_text(node, section):
            continue
        number += 1
        anchor = f"{PREFIX}{number}"
        if anchor in document.ids:  # a heading took it; keep the position visible
            anchor = f"{anchor}-text"
        node["ids"].append(anchor)
        document.ids[anchor] = node
        node += paragraph_link(anchor=anchor)


def _is_text(node: nodes.paragraph, section: nodes.Element) -> bool:
    parent = node.parent
    while parent is not section and parent is not None:
        if isinstance(parent, (nodes.figure, nodes.container)):
            return False
        parent = parent.parent
    return True


def visit_html(translator: HTML5Translator, node: paragraph_link) -> None:
    anchor = node["anchor"]
    translator.body.append(
        f'<a class="headerlink paragraph-link" href="#{anchor}" title="{LABEL}" aria-label="{LABEL}">¶</a>'
    )
    raise nodes.SkipNode


def skip(translator: object, node: paragraph_link) -> None:
    raise nodes.SkipNode


def skip_node(translator: object, node: object) -> None:
    """Writers other than HTML: the node's text, as plain text."""
