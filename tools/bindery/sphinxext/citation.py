"""Ready-made citations: a "Cite this post" panel, metadata in the page's
head that Zotero files as a blog post, and the archive as BibTeX and JSON.

Everything is built from a post's front matter and permanent address.  A
missing date is "n.d."; access dates are left for the reader to fill in.
"""

from __future__ import annotations

import datetime
import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..catalog import PostRecord
from ..slugs import slug_for
from ..store import POSTS
from .posts import page_url, post_section
from .state import book

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

BIBTEX_FILE = "archive.bib"
CATALOGUE_FILE = "catalogue.json"
NO_DATE = "n.d."
ACCESSED = "[date]"
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}


@dataclass(frozen=True)
class Citation:
    """What any citation of a post says."""

    title: str
    author: str
    blog: str
    url: str
    date: datetime.date | None
    date_text: str | None  # a date the source gives that is not ISO
    categories: tuple[str, ...]
    key: str

    @classmethod
    def of(cls, info: PostRecord, config: Config) -> Citation:
        date = None
        if info.date:
            try:
                date = datetime.date.fromisoformat(info.date[:10])
            except ValueError:
                date = None
        return cls(
            title=info.title,
            author=config.bindery_author or config.author,
            blog=config.bindery_blog_name or config.project,
            url=page_url(config.html_baseurl, info.address),
            date=date,
            date_text=None if date or not info.date else info.date,
            categories=info.categories,
            key=f"{slug_for(config.bindery_blog_name or config.project, 'archive')}:{info.slug}",
        )

    def long_date(self) -> str:
        if self.date:
            return f"{self.date:%B} {self.date.day}, {self.date.year}"
        return self.date_text or NO_DATE


def chicago(c: Citation) -> list[nodes.Node]:
    """Chicago (17th ed.), notes and bibliography, for a blog post."""
    when = c.long_date()
    return [
        nodes.Text(f"{c.author}. “{c.title}.” "),
        nodes.emphasis("", c.blog),
        nodes.Text(f" (blog), {when}{'' if when.endswith('.') else '.'} Accessed {ACCESSED}. {c.url}."),
    ]


def apa(c: Citation) -> list[nodes.Node]:
    """APA (7th ed.) for a blog post."""
    if c.date:
        when = f"{c.date.year}, {c.date:%B} {c.date.day}"
    else:
        when = c.date_text or NO_DATE
    return [
        nodes.Text(f"{c.author}. ({when}). {c.title}. "),
        nodes.emphasis("", c.blog),
        nodes.Text(f". Retrieved {ACCESSED}, from {c.url}"),
    ]


def _latex(text: str) -> str:
    return "".join(_LATEX.get(ch, ch) for ch in text)


def bibtex(c: Citation) -> str:
    fields = [
        ("author", "{" + _latex(c.author) + "}"),
        ("title", "{" + _latex(c.title) + "}"),
        ("howpublished", _latex(f"{c.blog} (blog)")),
    ]
    if c.date:
        fields += [("year", str(c.date.year)), ("month", str(c.date.month)), ("date", c.date.isoformat())]
    fields += [
        ("url", c.url),
        ("keywords", _latex(", ".join(c.categories))),
        ("note", _latex("Blog post" + ("" if c.date else ", undated"))),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{c.key},\n{body}\n}}\n"


def cite_panel(c: Citation) -> nodes.Element:
    """The panel under each post: each style with a button to copy it."""
    panel = nodes.container(classes=["cite-panel", "no-search"], ids=["cite-this-post"])
    panel += nodes.rubric("", "Cite this post")
    for label, body in (("Chicago", chicago(c)), ("APA", apa(c))):
        style = nodes.container(classes=["citation-style"])
        style += nodes.paragraph("", label, classes=["citation-label"])
        style += nodes.paragraph("", "", *body, classes=["citation-text"])
        panel += style
    style = nodes.container(classes=["citation-style"])
    style += nodes.paragraph("", "BibTeX", classes=["citation-label"])
    text = bibtex(c).rstrip("\n")  # the highlighter ends the block with one
    style += nodes.literal_block(text, text, classes=["citation-text"], language="none")
    panel += style
    panel += nodes.paragraph(
        "",
        "Replace [date] with the day you read the post. ",
        nodes.reference("", "All posts as BibTeX", refuri=f"../{BIBTEX_FILE}"),
        classes=["citation-note"],
    )
    return panel


def meta_tags(c: Citation) -> str:
    """Dublin Core, Highwire (Google Scholar) and Open Graph tags.

    ``DC.type`` names the Zotero item type, which Zotero's RDF reader
    prefers to the journal article it guesses from ``citation_title``.
    """
    tags: list[tuple[str, str, str]] = [
        ("name", "DC.type", "blogPost"),
        ("name", "DC.title", c.title),
        ("name", "DC.creator", c.author),
        ("name", "DC.source", c.blog),
        ("name", "DC.publisher", c.blog),
        ("name", "DC.identifier", c.url),
        ("name", "DC.language", "en"),
        *(("name", "DC.subject", name) for name in c.categories),
        ("name", "prism.genre", "blogentry"),
        ("name", "citation_title", c.title),
        ("name", "citation_author", c.author),
        ("name", "citation_public_url", c.url),
        ("name", "citation_keywords", "; ".join(c.categories)),
        ("property", "og:type", "article"),
        ("property", "og:title", c.title),
        ("property", "og:url", c.url),
        ("property", "og:site_name", c.blog),
        *(("property", "article:tag", name) for name in c.categories),
    ]
    if c.date:
        tags += [
            ("name", "DC.date", c.date.isoformat()),
            ("name", "citation_publication_date", f"{c.date:%Y/%m/%d}"),
            ("property", "article:published_time", c.date.isoformat()),
        ]
    lines = [
        '<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/" />',
        '<link rel="schema.prism" href="http://prismstandard.org/namespaces/1.2/basic/" />',
    ]
    lines += [f'<meta {attr}="{name}" content="{html.escape(value)}" />' for attr, name, value in tags]
    return "\n".join(lines) + "\n"


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    info = book(app.env).catalog.get(pagename)
    if info is not None and info.kind == "post":
        context["metatags"] = context.get("metatags", "") + meta_tags(Citation.of(info, app.config))


def write_catalogue(app: Sphinx, exception: Exception | None) -> None:
    """The whole archive as one BibTeX file and one JSON catalogue."""
    if exception is not None or app.builder.format != "html":
        return
    env = app.env
    posts, order = book(env).catalog, book(env).order
    citations = [(posts[doc], Citation.of(posts[doc], app.config)) for doc in order]
    out = Path(app.outdir)
    _write(out / BIBTEX_FILE, "\n".join(bibtex(c) for _, c in citations))
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
                "comments": info.comments,
                "sources": [{"file": s.file, "line": s.line} for s in info.sources],
                **({"date": info.date} if info.date else {}),
                **(
                    {"old_addresses": [f"{POSTS}/{s}.html" for s in info.old_slugs]} if info.old_slugs else {}
                ),
            }
            for info, c in citations
        ],
    }
    _write(out / CATALOGUE_FILE, json.dumps(catalogue, ensure_ascii=False, indent=1) + "\n")


def _write(path: Path, text: str) -> None:
    """Write only when the text changed, so an unchanged build touches nothing."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def add_panel(app: Sphinx, doctree: nodes.document) -> None:
    """Put the "Cite this post" panel at the foot of each post."""
    info = book(app.env).catalog.get(app.env.docname)
    if info is not None and info.kind == "post":
        post_section(doctree).append(cite_panel(Citation.of(info, app.config)))
