"""A post as an edition prints it, before any writer sees it.

In a volume (``bindery_edition``) a post has no web page around it, so:

- its permanent address is printed under its title (and date line);
- its categories, tags and author are text, and each category and tag
  is an entry of the volume's index (page numbers in the PDF, links in
  the EPUB), instead of links to the site's listings;
- a link to another post of the same volume stays a link, and in the PDF
  gains "(see p. 214)"; a link to a post of another volume, or to one the
  blog's own address names, points to that post's permanent address
  (which the PDF prints in a footnote, as every address outside the book);
- the citation panel, the "Cite" link to it and the site's ¶ links are left out;
- control characters, which XHTML cannot hold and TeX will not print,
  are left out of the text (the site's pages do not show them either).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from bindery.sphinxext.addresses.oldlinks import post_of
from bindery.sphinxext.citations.panel import cite_placeholder
from bindery.sphinxext.posts.page import DATE_LINE, page_url, permanent_address, post_section, term_links
from bindery.sphinxext.state import book

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.latex import LaTeXTranslator

# C0 and C1 controls but tab and newline, and the non-characters XML refuses
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
INDEX_HEADINGS = {"category": "Categories", "tag": "Tags"}
ADDRESS = "post-address"


class page_reference(nodes.Inline, nodes.Element):
    """ " (see p. 214)" after a link to another post of the same volume."""


def visit_page_reference(translator: LaTeXTranslator, node: page_reference) -> None:
    label = translator.idescape(f"{node['target']}::doc")
    translator.body.append(r" (see p.~\pageref{" + label + "})")
    raise nodes.SkipNode


def volume_of(app: Sphinx) -> set[str] | None:
    """The docnames of the posts of the volume being built (the posts its
    configuration lets Sphinx find); None in the site's build."""
    if not app.config.bindery_edition:
        return None
    catalog = book(app.env).catalog
    return {doc for doc in app.env.found_docs if doc in catalog}


# -- reading ---------------------------------------------------------------


class IndexEntries(SphinxTransform):
    """Each category and tag of a post, as an index entry at its title.
    A transform, run before Sphinx's domains collect the index entries
    (``SphinxDomains``, priority 850), so the EPUB's index has them too."""

    default_priority = 840

    def apply(self, **kwargs: Any) -> None:
        if not self.config.bindery_edition:
            return
        record = book(self.env).catalog.get(self.env.docname)
        if record is None or record.kind != "post":
            return
        section = post_section(self.document)
        if not section["ids"]:
            return
        entries = [
            ("single", f"{INDEX_HEADINGS[kind]}; {name}", section["ids"][0], "", None)
            for kind, names in (("category", record.categories), ("tag", record.tags))
            for name in names
        ]
        if entries:
            title = next(iter(section.findall(nodes.title)), None)
            at = section.index(title) + 1 if title is not None else 0
            section.insert(at, addnodes.index(entries=entries, inline=False))


# -- writing ---------------------------------------------------------------


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, before the site's handlers: what is said above."""
    volume = volume_of(app)
    if volume is None:
        return
    for placeholder in list(doctree.findall(cite_placeholder)):
        placeholder.replace_self([])
    _without_cite_links(doctree)
    for text in list(doctree.findall(nodes.Text)):
        if CONTROLS.search(text):
            text.parent.replace(text, nodes.Text(CONTROLS.sub("", text)))
    baseurl = app.config.html_baseurl
    for address in list(doctree.findall(permanent_address)):
        _address_under_title(address, page_url(baseurl, address["address"]) if baseurl else "")
    for node in list(doctree.findall(term_links)):
        parts: list[nodes.Node] = []
        for name in node["terms"]:
            if parts:
                parts.append(nodes.Text(", "))
            parts.append(nodes.Text(name))
        node.replace_self(parts)
    _links(app, doctree, docname, volume)


def _without_cite_links(doctree: nodes.document) -> None:
    """The "Cite" links to the panel left out (``citations.panel.add_cite_link``):
    the line that holds only one, or the " · Cite" beside the date."""
    for ref in list(doctree.findall(nodes.reference)):
        if "cite-link" not in ref["classes"] or ref.parent is None:
            continue
        holder = ref.parent
        if "post-cite" in holder["classes"] or "cite-only" in holder["classes"]:
            holder.parent.remove(holder)
        else:
            holder.remove(ref)


def _post_of_node(node: nodes.Node) -> tuple[nodes.Element | None, str | None]:
    """The section of the post that holds ``node``, and its docname where
    the LaTeX builder has put every document in one tree (``start_of_file``)."""
    section = None
    parent = node.parent
    while parent is not None and not isinstance(parent, (addnodes.start_of_file, nodes.document)):
        if isinstance(parent, nodes.section):
            section = parent
        parent = parent.parent
    docname = parent["docname"] if isinstance(parent, addnodes.start_of_file) else None
    return section, docname


def _address_under_title(node: nodes.Element, url: str) -> None:
    section, _ = _post_of_node(node)
    node.parent.remove(node)
    if not url or section is None:
        return
    line = nodes.container(classes=[ADDRESS])
    line += nodes.paragraph("", "Permanent address: ", nodes.reference(url, url, refuri=url))
    after: nodes.Element | None = next(
        (c for c in section.children if isinstance(c, nodes.paragraph) and DATE_LINE in c["classes"]), None
    )
    if after is None:
        after = next((c for c in section.children if isinstance(c, nodes.title)), None)
    section.insert(section.index(after) + 1 if after is not None else 0, line)


def _links(app: Sphinx, doctree: nodes.document, docname: str, volume: set[str]) -> None:
    """Links to the blog's own posts (by address or ``?p=``), and to posts
    (as Sphinx resolved them), by where their target is."""
    table: dict[str, str] = getattr(app.env, "bindery_oldlinks", {})
    catalog = book(app.env).catalog
    latex = app.builder.name == "latex"
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        here = _post_of_node(ref)[1] or docname
        if ref.get("internal"):
            target = _internal_target(uri, latex)
            if latex and target in volume and target != here:
                ref.parent.insert(ref.parent.index(ref) + 1, page_reference(target=target))
            continue
        if not uri.startswith(("http://", "https://")):
            continue
        found = post_of(uri, table)
        if found is None or found not in catalog:
            continue
        target = found
        fragment = urlsplit(uri).fragment
        if target in volume:
            ref["refuri"] = app.builder.get_relative_uri(here, target) + (f"#{fragment}" if fragment else "")
            ref["internal"] = True
            if latex and target != here:
                ref.parent.insert(ref.parent.index(ref) + 1, page_reference(target=target))
        elif app.config.html_baseurl:
            address = page_url(app.config.html_baseurl, catalog[target].address)
            ref["refuri"] = address + (f"#{fragment}" if fragment else "")


def _internal_target(uri: str, latex: bool) -> str:
    """The docname an internal reference leads to (LaTeX: ``%docname#id``)."""
    if latex:
        return uri[1:].split("#", 1)[0] if uri.startswith("%") else ""
    return ""


class OtherVolumes(SphinxPostTransform):
    """A link written in a post to another post (``[x](/posts/y.md)``) that
    is in another volume: to its permanent address, not a missing page.
    Runs before MyST's and Sphinx's resolvers."""

    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        volume = volume_of(self.app)
        if volume is None:
            return
        catalog = book(self.env).catalog
        baseurl = self.config.html_baseurl
        for xref in list(self.document.findall(addnodes.pending_xref)):
            target = str(xref.get("reftarget", ""))
            if xref.get("refdomain") != "doc" or target not in catalog or target in volume:
                continue
            url = page_url(baseurl, catalog[target].address) if baseurl else ""
            contents = xref.children[0].deepcopy() if xref.children else nodes.Text(catalog[target].title)
            if xref.get("reftargetid"):
                url += f"#{xref['reftargetid']}"
            xref.replace_self(nodes.reference("", "", contents, refuri=url) if url else contents)
