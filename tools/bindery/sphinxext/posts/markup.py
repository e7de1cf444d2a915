"""What HTML means and Markdown cannot say, as roles and a directive whose
output is made from text: struck-out, inserted, underlined and small
text (``{del}``, ``{ins}``, ``{u}``, ``{small}``), definition lists
(``archive-terms``), and the places in a post its own links lead to
(``{archive-anchor}``).

A role's content is MyST read as inline text (escapes, emphasis, links):
what a post's ``<del><em>…</em></del>`` held stays emphasis, and text
stays text.  No role writes anything the source's HTML said: each writes
its own element around nodes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from docutils.parsers.rst.states import Inliner
    from sphinx.writers.html5 import HTML5Translator

ANCHOR = "archive-anchor"
TERMS = "archive-terms"


class marked(nodes.Inline, nodes.TextElement):
    """Inline text in an HTML element of its own (``node["tag"]``)."""


TAGS = {"del": "del", "ins": "ins", "u": "u", "small": "small"}


def visit_marked(translator: HTML5Translator, node: marked) -> None:
    translator.body.append(translator.starttag(node, node["tag"], ""))


def depart_marked(translator: HTML5Translator, node: marked) -> None:
    translator.body.append(f"</{node['tag']}>")


def marked_role(tag: str) -> Callable[..., tuple[list[nodes.Node], list[nodes.system_message]]]:
    def role(
        name: str,
        rawtext: str,
        text: str,
        lineno: int,
        inliner: Inliner,
        options: dict[str, Any] | None = None,
        content: Sequence[str] = (),
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        children, messages = inliner.parse(text, lineno, inliner, inliner.parent)  # type: ignore[arg-type]
        return [marked(rawtext, "", *children, tag=tag)], list(messages)

    return role


def anchor_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, Any] | None = None,
    content: Sequence[str] = (),
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """A place a link of the post leads to: an empty element with the id
    the source gave it (unless the page already has that id)."""
    ident = text.strip()
    node = nodes.inline("", "", classes=["archive-anchor"])
    document = inliner.document
    if ident and ident not in document.ids:
        node["ids"].append(ident)
        document.ids[ident] = node
    return [node], []


class InPageLinks(SphinxTransform):
    """A post's links to places in its own page (``[…](#id)``), led to the
    element with that id (an anchor, a comment): before MyST would look
    for a heading or a label of that name elsewhere in the book."""

    default_priority = 870  # before MyST's ResolveAnchorIds (879)

    def apply(self, **kwargs: Any) -> None:
        links = [ref for ref in self.document.findall(nodes.reference) if ref.get("id_link")]
        if not links:
            return
        ids = {ident for node in self.document.findall(nodes.Element) for ident in node["ids"]}
        for ref in links:
            target = str(ref.get("refuri", ""))[1:]
            if target in ids:
                del ref["refuri"]
                del ref["id_link"]
                ref["refid"] = target
                ref["internal"] = True


class ArchiveTerms(SphinxDirective):
    """A definition list: the content is a list whose items open with
    their term (a paragraph), their definitions after it."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        inner = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, inner)
        out = nodes.definition_list(classes=["archive-terms"])
        self.set_source_info(out)
        result: list[nodes.Node] = [out]
        for child in inner.children:
            if not isinstance(child, nodes.bullet_list):
                result.append(child)  # (nothing the importer writes: a hand edit's)
                continue
            for item in child.children:
                first = item.children[0] if item.children else None
                term = nodes.term()
                rest = list(item.children)
                if isinstance(first, nodes.paragraph):
                    term.extend(first.children)
                    rest = rest[1:]
                out += nodes.definition_list_item("", term, nodes.definition("", *rest))
        return result


# -- a title's markup, for search results -----------------------------------

TITLE_PARTS = "title_parts"  # the Pagefind meta the search page builds a result's title from
_PART_TAGS: dict[type[nodes.Node], str] = {
    nodes.emphasis: "em",
    nodes.strong: "strong",
    nodes.literal: "code",
    nodes.superscript: "sup",
    nodes.subscript: "sub",
    nodes.abbreviation: "abbr",
}


class search_title(nodes.General, nodes.Element):
    """A post's title as (tags, text) parts, for its search result (HTML only)."""


def title_parts(node: nodes.Element, tags: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    """The title's text, piece by piece, each with the elements around it."""
    out: list[tuple[tuple[str, ...], str]] = []
    for child in node.children:
        if isinstance(child, nodes.Text):
            out.append((tags, child.astext()))
        elif isinstance(child, nodes.Element) and "headerlink" not in child["classes"]:
            tag = child["tag"] if isinstance(child, marked) else _PART_TAGS.get(type(child))
            out.extend(title_parts(child, (*tags, tag) if tag else tags))
    return out


def note_title(app: object, doctree: nodes.document) -> None:
    """A post whose title holds emphasis (or code…) keeps it in search
    results: its parts go into the page for Pagefind to keep."""
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is None or all(isinstance(child, nodes.Text) for child in title.children):
        return
    parts = title_parts(title)
    if any(tags for tags, _ in parts):
        section = title.parent
        section.insert(section.index(title) + 1, search_title(parts=parts))


def visit_search_title(translator: HTML5Translator, node: search_title) -> None:
    import json

    value = translator.attval(json.dumps([[list(tags), text] for tags, text in node["parts"]]))
    meta = f"{TITLE_PARTS}[data-title-parts]"
    translator.body.append(f'<span hidden data-pagefind-meta="{meta}" data-title-parts="{value}"></span>')
    raise nodes.SkipNode
