"""A post's citation as readers copy it: Chicago, APA and BibTeX, and the
"Cite this post" panel that shows them.

The BibTeX entry is written for Zotero's BibTeX import as much as for
LaTeX: ``@online`` with ``journaltitle`` becomes a web page of the blog
(Zotero has no BibTeX type for a blog post; ``@misc`` would become a bare
"document"), and an organisation's name is braced so that it stays one name.
"""

from __future__ import annotations

from docutils import nodes

from bindery.dates import MONTHS
from bindery.sphinxext.citations.model import NO_DATE, Citation

BIBTEX_FILE = "archive.bib"
CITE_ID = "cite-this-post"  # the panel's id, which each post's "Cite" link goes to
ACCESSED = "[date]"
# Each as LaTeX sets it and, where it can, as Zotero's BibTeX import reads
# it back: "<", ">" and "|" (which LaTeX's default encoding sets as ¡, ¿
# and —) in math mode; "^" as an accent on nothing.  Zotero reads no form
# of a backslash or "~" back, not even the ones its own export writes.
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\textasciitilde{}",
    "<": "$<$",
    ">": "$>$",
    "|": "$|$",
    "\u00a0": "~",  # a no-break space, as LaTeX and Zotero's BibTeX import write it
}


def _when_chicago(c: Citation) -> str:
    """``March 2012``, ``January 18, 2022``: as the post page shows it."""
    return NO_DATE if c.date is None else c.date.long()


def _when_apa(c: Citation) -> str:
    """``2012, March``, ``2022, January 18``."""
    if c.date is None:
        return NO_DATE
    month = MONTHS[c.date.month - 1]
    return f"{c.date.year}, {month}" if c.date.day is None else f"{c.date.year}, {month} {c.date.day}"


def _originally(c: Citation) -> str:
    return f" Originally published at {c.original_url}.{_saved(c)}" if c.original_url else _saved(c)


def _saved(c: Citation) -> str:
    """The archived copy the post was read from (Chicago 14.207, APA 9.15
    both cite one): where it was saved from, and when."""
    if c.archived is None:
        return ""
    url, when = c.archived
    return f" Saved from {url}" + (f" on {when.long()}." if when else ".")


def _closed(text: str, mark: str = ".") -> str:
    """``text`` ended with ``mark``, unless it already ends a sentence."""
    return text if text.endswith((".", "?", "!")) else text + mark


def chicago(c: Citation) -> list[nodes.Node]:
    """Chicago (17th ed., notes and bibliography), as Zotero's CSL style
    renders a blog post: the access date only for an undated post."""
    accessed = "" if c.date else f" Accessed {ACCESSED}."
    return [
        nodes.Text(f"{_closed(c.author.demoted())} “{_closed(c.title)}” "),
        nodes.emphasis("", c.blog),
        nodes.Text(f", {_closed(_when_chicago(c))}{accessed} {c.url}.{_originally(c)}"),
    ]


def apa_author(c: Citation) -> str:
    """APA names a person by family name and initials, an organisation in full."""
    if c.author.whole:
        return c.author.name
    initials = " ".join(_initial(part) for part in c.author.given.split())
    suffix = f", {c.author.suffix}" if c.author.suffix else ""
    return f"{c.author.family}, {initials}{suffix}"


def _initial(given: str) -> str:
    """``Jean-Paul`` → ``J.-P.``, as CSL styles give hyphenated names."""
    return "-".join(f"{part[0]}." for part in given.split("-") if part)


def apa(c: Citation) -> list[nodes.Node]:
    """APA (7th ed.), as Zotero's CSL style renders a blog post: a retrieval
    date only for an undated post."""
    retrieved = "" if c.date else f"Retrieved {ACCESSED}, from "
    return [
        nodes.Text(f"{_closed(apa_author(c))} ({_when_apa(c)}). {_closed(c.title)} "),
        nodes.emphasis("", c.blog),
        nodes.Text(f". {retrieved}{c.url}{_originally(c)}"),
    ]


def _latex(text: str) -> str:
    return "".join(_LATEX.get(ch, ch) for ch in text)


def bibtex(c: Citation) -> str:
    if c.author.whole:  # braced: BibTeX reads it as one name, never split
        author = "{" + _latex(c.author.name) + "}"
    else:  # BibTeX's own "Family, Suffix, Given"
        parts = [c.author.family, *([c.author.suffix] if c.author.suffix else []), c.author.given]
        author = _latex(", ".join(parts))
    fields = [
        ("author", author),
        ("title", "{" + _latex(c.title) + "}"),
        ("journaltitle", _latex(c.blog)),
    ]
    if c.date:
        fields += [("date", c.date.day_text), ("year", str(c.date.year)), ("month", str(c.date.month))]
    fields += [("url", c.url), ("language", c.language)]
    if c.categories:
        fields.append(("keywords", _latex(", ".join(c.categories))))
    notes = [f"Originally published at {c.original_url}"] if c.original_url else []
    if c.archived is not None:
        url, when = c.archived
        notes.append(f"saved from {url}" + (f" on {when.long()}" if when else ""))
    if notes:  # Zotero files a note as a note attached to the item
        fields.append(("note", _latex("; ".join(notes))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{c.key},\n{body}\n}}\n"


def cite_panel(c: Citation, bibtex_href: str, back: str | None = None) -> nodes.Element:
    """The panel under each post: each style with a button to copy it, and
    a link ``back`` to the top of the post (an id), where its "Cite" link is."""
    panel = nodes.container(classes=["cite-panel", "no-search"], ids=[CITE_ID])
    panel += nodes.rubric("", "Cite this post")
    if back:
        link = nodes.reference("", "Back to the top of the post", refid=back, classes=["cite-back"])
        panel += nodes.paragraph("", "", link, classes=["cite-back-line"])
    for label, body in (("Chicago", chicago(c)), ("APA", apa(c))):
        style = nodes.container(classes=["citation-style", f"citation-{label.lower()}"])
        style += nodes.paragraph("", label, classes=["citation-label"])
        style += nodes.paragraph("", "", *body, classes=["citation-text"])
        panel += style
    style = nodes.container(classes=["citation-style", "citation-bibtex"])
    style += nodes.paragraph("", "BibTeX", classes=["citation-label"])
    text = bibtex(c).rstrip("\n")  # the highlighter ends the block with one
    style += nodes.literal_block(text, text, classes=["citation-text"], language="none")
    panel += style
    note = nodes.paragraph("", "", classes=["citation-note"])
    if c.date is None:  # only an undated post is cited with the day it was read
        note += nodes.Text(f"Replace {ACCESSED} with the day you read the post. ")
    note += nodes.reference("", "All posts as BibTeX", refuri=bibtex_href, classes=["bibtex-link"])
    panel += note
    return panel
