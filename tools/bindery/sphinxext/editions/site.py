"""The editions on the web site: the landing page and each year's listing
link the volumes that hold them, with each file's size and date.

Only editions that were built are linked: the site reads what
``bindery editions`` recorded (``editions.json`` in
``bindery_editions_dir``, ``_build/editions`` by default) and copies the
files into the site's ``editions/`` folder.  With none built, nothing is
shown, and ``make html`` needs no TeX.  When what was built changes, the
pages that link the editions are written again.
"""

from __future__ import annotations

import json
import posixpath
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from bindery.book.volumes import MANIFEST, file_size
from bindery.sphinxext.site import builds_site

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

FOLDER = "editions"  # in the site
LABELS = {"epub": "EPUB", "pdf": "PDF"}


class edition_links(nodes.General, nodes.Element):
    """Where a page lists the editions (the landing page, a year's listing)."""


def built_editions(app: Sphinx) -> list[dict[str, Any]]:
    """The volumes of the editions built, as ``editions.json`` records them."""
    folder = Path(app.srcdir, app.config.bindery_editions_dir)
    try:
        entries = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["volumes"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    out = []
    for entry in entries:
        files = {
            f: entry[f]
            for f in LABELS
            if isinstance(entry.get(f), dict) and (folder / entry[f]["file"]).is_file()
        }
        if files:
            out.append({**{k: entry.get(k) for k in ("key", "title", "span", "years")}, **files})
    return out


def _year_of(env: BuildEnvironment, docname: str) -> str | None:
    meta = env.metadata.get(docname, {})
    if meta.get("listing") == "year" and "page" not in meta:
        return docname.split("/")[1]
    return None


def mark_pages(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: the landing page and each year's listing get a place for the links."""
    docname = app.env.docname
    if app.config.bindery_edition or (docname != app.config.root_doc and _year_of(app.env, docname) is None):
        return
    section = next(iter(doctree.findall(nodes.section)), doctree)
    section.append(edition_links())


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated: when the editions built changed, the pages that link them."""
    if not builds_site(app):
        return []
    now = built_editions(app)
    before = getattr(env, "bindery_editions_seen", None)
    env.bindery_editions_seen = now  # type: ignore[attr-defined]
    if before == now or (before is None and not now):
        return []
    return sorted(d for d in env.found_docs if d == app.config.root_doc or _year_of(env, d) is not None)


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: the links, or nothing (no editions; not the site)."""
    placeholders = list(doctree.findall(edition_links))
    if not placeholders:
        return
    year = _year_of(app.env, docname)
    shown = []
    if builds_site(app):
        for entry in built_editions(app):
            if year is None or int(year) in (entry.get("years") or ()):
                shown.append(entry)
    for placeholder in placeholders:
        placeholder.replace_self(_links(shown, docname, year) if shown else [])


def _links(entries: list[dict[str, Any]], docname: str, year: str | None) -> list[nodes.Node]:
    here = posixpath.dirname(docname)
    box = nodes.container(classes=["bindery-editions"])
    heading = f"{year} in the book's editions" if year else "The book's editions"
    box += nodes.rubric(heading, heading)
    items = nodes.bullet_list()
    for entry in entries:
        item = nodes.paragraph()
        title = str(entry["title"]) + (
            f" ({entry['span']})" if entry.get("span") and entry["span"] != entry["title"] else ""
        )
        item += nodes.Text(f"{title}: ")
        for n, fmt in enumerate(f for f in LABELS if f in entry):
            made = entry[fmt]
            if n:
                item += nodes.Text("; ")
            uri = posixpath.relpath(f"{FOLDER}/{made['file']}", here or ".")
            item += nodes.reference("", LABELS[fmt], refuri=uri)
            item += nodes.Text(f" ({file_size(made['bytes'])}, made {made['date']})")
        items += nodes.list_item("", item)
    box += items
    return [box]


def copy_files(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the editions' files into the site, where they changed."""
    if exception is not None or not builds_site(app):
        return
    source = Path(app.srcdir, app.config.bindery_editions_dir)
    target = Path(app.outdir) / FOLDER
    wanted = set()
    for entry in built_editions(app):
        for fmt in LABELS:
            if fmt in entry:
                name = entry[fmt]["file"]
                wanted.add(name)
                made, copy = source / name, target / name
                if (
                    not copy.exists()
                    or copy.stat().st_size != made.stat().st_size
                    or copy.stat().st_mtime < made.stat().st_mtime
                ):
                    target.mkdir(exist_ok=True)
                    shutil.copy2(made, copy)
    if target.is_dir():
        for old in target.iterdir():
            if old.name not in wanted:
                old.unlink()
