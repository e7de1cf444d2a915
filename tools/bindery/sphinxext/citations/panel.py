"""Ready-made citations, glued into the build: a "Cite this post" panel,
metadata that Zotero files as a blog post, listings that offer their posts
to Zotero as a list, and the archive as BibTeX and JSON.

Everything is built from a post's front matter and permanent address.  A
missing date is "n.d."; access dates are left for the reader to fill in.
What depends on ``html_baseurl`` is filled in when a page is written, never
when it is read, so that a changed address reaches every page on the next
incremental build.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx import addnodes
from sphinx.util import docname_join, logging

from bindery.archive.store import POSTS
from bindery.archive.textfile import write_if_changed
from bindery.book.catalog import PostRecord
from bindery.sphinxext.citations.metadata import coins_span, meta_tags
from bindery.sphinxext.citations.model import Citation, opening
from bindery.sphinxext.citations.styles import BIBTEX_FILE, CITE_ID, bibtex, cite_panel
from bindery.sphinxext.identity import cited_blogs
from bindery.sphinxext.listing import listing_link
from bindery.sphinxext.posts.page import DATE_LINE, is_post, post_section
from bindery.sphinxext.state import book

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

CATALOGUE_FILE = "catalogue.json"
# The settings a citation is made from (``Citation.of``).
STAMP_CONFIG = ("bindery_blog_name", "project", "bindery_author", "author", "html_baseurl", "language")
logger = logging.getLogger(__name__)
# Each post's citation, made at most once a build (citation_of).
_citations: WeakKeyDictionary[BuildEnvironment, dict[str, Citation | None]] = WeakKeyDictionary()


class cite_placeholder(nodes.Element):
    """Where the "Cite this post" panel goes, filled in when the page is written."""


@dataclass
class CitationState:
    """What citations need beyond the posts' front matter, kept in (and
    pickled with) the environment."""

    abstracts: dict[str, str] = field(default_factory=dict)  # post → its opening, from reading
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)  # other page → the pages it links to
    cited: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # post → what its COinS said


def state_of(env: BuildEnvironment) -> CitationState:
    state = getattr(env, "bindery_citations", None)
    if state is None:
        state = env.bindery_citations = CitationState()  # type: ignore[attr-defined]
    return state


def _post(env: BuildEnvironment, docname: str) -> PostRecord | None:
    record = book(env).catalog.get(docname)
    return record if record is not None and record.kind == "post" else None


def _posts(env: BuildEnvironment) -> dict[str, PostRecord]:
    return {doc: r for doc, r in book(env).catalog.items() if r.kind == "post"}


def citation_of(app: Sphinx, docname: str) -> Citation | None:
    """A post's citation, made once a build (in each writer process): a
    post is cited by its page and by each listing it is in."""
    made = _citations.setdefault(app.env, {})
    if docname not in made:
        info = _post(app.env, docname)
        if info is None:
            made[docname] = None
        else:
            state = book(app.env)
            blog = cited_blogs(state.blog_file, app.config)[state.post_blogs.get(docname, 0)]
            made[docname] = Citation.of(info, blog, app.config, state_of(app.env).abstracts.get(docname, ""))
    return made[docname]


# -- reading ---------------------------------------------------------------


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    state = state_of(env)
    state.abstracts.pop(docname, None)
    state.links.pop(docname, None)


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment) -> None:
    state, theirs = state_of(env), state_of(other)
    state.abstracts.update(theirs.abstracts)
    state.links.update(theirs.links)


def _opening_text(section: nodes.Element) -> str:
    """The text of the post's first paragraph of prose: not a figure's
    caption, a quotation or a list (as the listings choose it), nor the
    date line put under the title (``posts.date_line``)."""
    for child in section.children:
        if isinstance(child, nodes.paragraph) and DATE_LINE not in child["classes"]:
            text = "".join(str(t) for t in child.findall(nodes.Text))
            if text.strip():
                return text
    return ""


def _linked_docs(doctree: nodes.document, docname: str) -> tuple[str, ...]:
    """The pages a page links to, by MyST link, ``{doc}`` role or a listing's entry."""
    found: dict[str, None] = {}
    for node in doctree.findall(lambda n: isinstance(n, (addnodes.pending_xref, listing_link))):
        assert isinstance(node, nodes.Element)
        if isinstance(node, listing_link):
            found[str(node["docname"])] = None
        elif node.get("refdomain") == "doc":  # MyST: the target is a docname
            found[str(node["reftarget"])] = None
        elif node.get("reftype") == "doc":
            found[docname_join(docname, str(node["reftarget"]))] = None
    return tuple(found)


def add_panel(app: Sphinx, doctree: nodes.document) -> None:
    """Note each post's abstract and mark where its "Cite this post" panel
    goes; note the pages any other page links to."""
    docname = app.env.docname
    state = state_of(app.env)
    info = _post(app.env, docname)
    if info is None:
        if not is_post(docname):
            state.links[docname] = _linked_docs(doctree, docname)
        return
    section = post_section(doctree)
    state.abstracts[docname] = opening(_opening_text(section))
    add_cite_link(section)
    section.append(cite_placeholder())


def add_cite_link(section: nodes.Element) -> None:
    """A "Cite" link beside the post's date, to the panel at its foot
    (below all its comments); on a line of its own under the title where
    the post has no date line."""
    lines = (c for c in section.children if isinstance(c, nodes.paragraph) and DATE_LINE in c["classes"])
    line = next(lines, None)
    if line is None:
        link = nodes.reference("", "Cite this post", refid=CITE_ID, classes=["cite-link"])
        title = next(iter(section.findall(nodes.title)), None)
        line = nodes.paragraph("", "", link, classes=[DATE_LINE, "no-search", "cite-only"])
        section.insert(section.index(title) + 1 if title is not None else 0, line)
    else:
        link = nodes.reference("", "Cite", refid=CITE_ID, classes=["cite-link"])
        line += nodes.inline("", " · ", link, classes=["post-cite"])


# -- between reading and writing -------------------------------------------


def pages_citing_changed_posts(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages whose COinS offer a post whose citation changed (its
    author, date or abstract, say), so that Sphinx rewrites them too: a
    listing's own text need not change when a post's front matter does."""
    _citations.pop(env, None)  # the posts and their abstracts are read: cite them afresh
    state = state_of(env)
    old = state.cited
    posts, abstracts = _posts(env), state.abstracts
    blogs = cited_blogs(book(env).blog_file, app.config)
    of_post = book(env).post_blogs
    state.cited = {
        doc: (
            info.title,
            info.author,
            info.date,
            info.categories,
            info.original_url,
            info.sources,
            abstracts.get(doc),
            blogs[of_post.get(doc, 0)],
        )
        for doc, info in posts.items()
    }
    changed = {doc for doc in old.keys() | state.cited.keys() if old.get(doc) != state.cited.get(doc)}
    if not changed:
        return []
    # the posts themselves too: a post's citation changes with blog.yaml while its file does not
    citing = {page for page, targets in state.links.items() if not changed.isdisjoint(targets)}
    return sorted(citing | (changed & set(posts)))


# -- writing ---------------------------------------------------------------


def linked_posts(app: Sphinx, doctree: nodes.document, docname: str) -> list[str]:
    """The posts a page links to, in the order it lists them."""
    suffix = app.builder.out_suffix if hasattr(app.builder, "out_suffix") else ".html"
    here = posixpath.dirname(docname)
    found: dict[str, None] = {}
    for ref in doctree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if not ref.get("internal") or not uri.endswith(suffix) or "://" in uri:
            continue
        target = posixpath.normpath(posixpath.join(here, uri.split("#")[0]))[: -len(suffix)]
        if target != docname and _post(app.env, target) is not None:
            found[target] = None
    return list(found)


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill in the cite panel, and give Zotero each post the page cites:
    a post its own, a listing each post it links to."""
    if is_post(docname):
        citation = citation_of(app, docname)
        for placeholder in list(doctree.findall(cite_placeholder)):
            if citation is None:
                placeholder.replace_self([])
                continue
            href = app.builder.get_target_uri(docname)
            href = posixpath.relpath(BIBTEX_FILE, posixpath.dirname(href) or ".")
            top = placeholder.parent["ids"][:1] if isinstance(placeholder.parent, nodes.Element) else []
            placeholder.replace_self(cite_panel(citation, href, top[0] if top else None))
        cited = [citation] if citation else []
    else:
        cited = [c for doc in linked_posts(app, doctree, docname) if (c := citation_of(app, doc))]
    if cited:
        spans = "".join(coins_span(c) for c in cited)
        doctree.append(nodes.raw("", spans, format="html", classes=["no-search"]))


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    citation = citation_of(app, pagename)
    if citation is not None:
        context["metatags"] = context.get("metatags", "") + meta_tags(citation)


def write_catalogue(app: Sphinx, exception: Exception | None) -> None:
    """The whole archive as one BibTeX file and one JSON catalogue."""
    if exception is not None or app.builder.format != "html":
        return
    env = app.env
    posts, order = book(env).catalog, book(env).order
    out = Path(app.outdir)
    # What the two files are made of; when it is unchanged, so are they
    # (making them again took 3 s of every build at 10,000 posts).
    config = app.config
    inputs = (
        [posts[doc] for doc in order],
        [state_of(env).abstracts.get(doc) for doc in order],
        [config[name] for name in STAMP_CONFIG],
        book(env).blog_file,
        book(env).post_blogs,
    )
    stamp = hashlib.sha256(pickle.dumps(inputs)).hexdigest()
    stamp_file = Path(app.doctreedir) / "bindery-catalogue.stamp"
    written = [out / BIBTEX_FILE, out / CATALOGUE_FILE]
    if stamp_file.exists() and stamp_file.read_text() == stamp and all(p.exists() for p in written):
        return
    citations = [(posts[doc], citation_of(app, doc)) for doc in order]
    write_if_changed(out / BIBTEX_FILE, "\n".join(bibtex(c) for _, c in citations if c))
    catalogue = {
        "blog": app.config.bindery_blog_name,
        "author": app.config.bindery_author or app.config.author,
        "base_url": app.config.html_baseurl,
        "posts": [
            {
                "address": c.url,
                "path": info.address,
                "slug": info.slug,
                "title": info.title,
                "categories": list(info.categories),
                "blog": c.blog,
                **({"blog_address": c.blog_url} if c.blog_url else {}),
                "comments": info.comments,
                "sources": [
                    {
                        "file": s.file,
                        **({"url": s.url} if s.url else {}),
                        **({"captured": s.captured} if s.captured else {}),
                    }
                    for s in info.sources
                ],
                **({"date": info.date} if info.date else {}),
                **({"author": info.author} if info.author else {}),
                **({"original_url": info.original_url} if info.original_url else {}),
                **(
                    {"old_addresses": [f"{POSTS}/{s}.html" for s in info.old_slugs]} if info.old_slugs else {}
                ),
            }
            for info, c in citations
            if c
        ],
    }
    write_if_changed(out / CATALOGUE_FILE, json.dumps(catalogue, ensure_ascii=False, indent=1) + "\n")
    stamp_file.write_text(stamp)
