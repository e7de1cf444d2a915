"""What the theme makes every reader download, trimmed to what the book uses.

sphinx-book-theme (through pydata-sphinx-theme) links 370 KB of CSS, of
which the book's pages use a tenth: Bootstrap's whole utility set, every
Font Awesome icon and styles for components the book never shows.  After
the build this module writes a trimmed copy of each theme stylesheet into
``_static/trimmed/``, and joins them with the book's own in one
``book.css``, which ``layout.html`` links instead of all seven.

A rule is kept when every class and id its selector names occurs in a
built page or in one of the scripts the pages load (which add classes
such as ``show`` or ``pst-sidebar-hidden`` while the reader uses the
page); that is PurgeCSS's rule, and like PurgeCSS it errs on the side of
keeping.  Font Awesome's own rules and fonts are dropped: ``icons.css``
draws the few icons the book shows from inline SVG (icons.py).

A build reads only the pages it wrote (Sphinx resolves each in the main
process, which notes it) and keeps what each page uses for the next one;
a page neither written nor known is read too, so a lost record costs one
slow build, never a wrong trim.  The record is removed while a build runs
and saved when it finishes, so a build cut short leaves none.  The theme's
files are read once a build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import tinycss2
from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from bindery.archive.textfile import write_if_changed
from bindery.sphinxext.icons import icon_stylesheet, icons_in_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

FOLDER = "_static/trimmed"
# Theme stylesheets (paths under the output folder) that are trimmed.
TRIMMED = (
    "_static/basic.css",
    "_static/styles/pydata-sphinx-theme.css",
    "_static/styles/sphinx-book-theme.css",
    "_static/sphinx-design.min.css",
    "_static/pygments.css",
)
# Linked by the theme's layout itself rather than through css_files
# (theme.css only @imports basic.css, a chained, render-blocking request).
THEME_CSS = ("_static/basic.css", "_static/styles/pydata-sphinx-theme.css")
# What no page of the book uses: tabs (sphinx-design); Sphinx's own
# keyboard and search-term highlighting helpers (search is Pagefind's).
DROPPED = ("_static/design-tabs.js", "_static/doctools.js", "_static/sphinx_highlight.js")
FONT_AWESOME_JS = "_static/scripts/fontawesome.js"
ICONS = "icons.css"
# One stylesheet instead of seven: each is render-blocking, and on a slow
# phone connection each request costs a round trip before the first paint.
# The order is the cascade the pages had with the seven.
BUNDLE = "book.css"
OWN_CSS = "_static/bindery.css"
# Everything the trim and the bundle are made from, read once a build.
SOURCES = (*TRIMMED, FONT_AWESOME_JS, OWN_CSS)
VERSION_LENGTH = 10
NO_VERSION = "0" * VERSION_LENGTH  # before the first build has written the stylesheet
NAMES_FILE = "bindery-classes.pickle"  # in the doctree folder: what each page uses
STAMP_FILE = "bindery-trim.stamp"
BUNDLED: tuple[str, ...] = (
    *THEME_CSS,
    ICONS,
    "_static/pygments.css",
    "_static/styles/sphinx-book-theme.css",
    OWN_CSS,
    "_static/sphinx-design.min.css",
)
# The scripts the pages load, whose words may be classes they add.
SCRIPTS = (
    "_static/scripts/pydata-sphinx-theme.js",
    "_static/scripts/sphinx-book-theme.js",
    "_static/documentation_options.js",
    "_static/doctools.js",
    "_static/sphinx_highlight.js",
    "_static/bindery.js",
    "_static/bindery-search.js",
)

# Sphinx, docutils and the themes all write attributes in double quotes; a
# simple pattern keeps the scan of a page fast.
_CLASS_ATTRIBUTE = re.compile(r'(?:class|id)="([^"]*)"')
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_CLASS_CODE = re.compile(r"(?:classList\.(?:add|toggle|replace)\(|class(?:Name|List)\s*\+?=\s*)([^;]{0,200})")
_STRING = re.compile(r"\"([^\"]*)\"|'([^']*)'|`([^`]*)`")
# A class or id in a selector (escapes such as `.sm\:d-none` included).
_SELECTOR_NAME = re.compile(r"[.#]((?:[\w-]|\\.)+)")
_FONT_AWESOME_NAME = re.compile(r"fa[srb]?(?:-[\w-]+)?$|fa-[\w-]+$")


class _BuildRecord:
    """What this build of the book has done so far, in the main process."""

    def __init__(self, linked_version: str, names: bytes | None) -> None:
        self.linked_version = linked_version
        self.names = names  # the last build's record of what each page uses, as saved
        self.written: set[str] = set()  # pages written


_builds: WeakKeyDictionary[Sphinx, _BuildRecord] = WeakKeyDictionary()


def trimmed_path(path: str) -> str:
    """Where the trimmed copy of a theme stylesheet is published."""
    return f"{FOLDER}/{Path(path).name}"


def html_files(folder: Path, doctrees: Path | None = None) -> Iterator[str]:
    """The paths of the site's ``.html`` files under ``folder``: not those
    in hidden folders, nor in ``doctrees`` (where Pagefind is given its
    pages, search/index.py) (``os.walk``: at 10,000 pages, ``Path.rglob``
    and ``Path.stat`` took seconds)."""
    skip = os.path.realpath(doctrees) if doctrees is not None else None
    for parent, folders, files in os.walk(folder):
        folders[:] = [
            name
            for name in folders
            if not name.startswith(".") and os.path.realpath(os.path.join(parent, name)) != skip
        ]
        for name in files:
            if name.endswith(".html"):
                yield os.path.join(parent, name)


def names_in_stylesheets(stylesheets: Iterable[str]) -> set[str]:
    """Every word that could be a class or id in a selector of these
    stylesheets (a superset: the trim itself parses them)."""
    return {_unescape(name) for css in stylesheets for name in _SELECTOR_NAME.findall(css)}


def names_in_pages(
    pages: Iterable[str | Path],
    wanted: set[str],
    known: Mapping[str, frozenset[str]] | None = None,
    written: Collection[str | Path] | None = None,
) -> dict[str, frozenset[str]]:
    """Each page → the classes and ids in ``wanted`` (those the stylesheets
    name) or of a Font Awesome icon (``fa-…``) that it uses.

    A page ``known`` (what an earlier call returned, for the same
    ``wanted``) is not read again unless it is in ``written``; a page not
    on disk is left out.  Pages share most of their names, so each
    distinct set is kept once."""
    known = known or {}
    again = {os.fspath(page) for page in written or ()}
    distinct = {names: names for names in known.values()}
    out: dict[str, frozenset[str]] = {}
    for page in pages:
        path = os.fspath(page)
        names = known.get(path)
        if names is None or path in again:
            try:
                with open(path, encoding="utf-8") as file:
                    values = set(_CLASS_ATTRIBUTE.findall(file.read()))
            except FileNotFoundError:
                continue  # not written (a page Sphinx was told to leave out)
            found = frozenset(
                name for value in values for name in value.split() if name in wanted or name.startswith("fa")
            )
            names = distinct.setdefault(found, found)
        out[path] = names
    return out


def all_names(by_page: Mapping[str, frozenset[str]]) -> set[str]:
    return {name for names in set(by_page.values()) for name in names}


def _names_key(wanted: set[str]) -> str:
    """What a record of each page's names is valid for: its shape, and the names the stylesheets know."""
    return "2:" + hashlib.sha256("\0".join(sorted(wanted)).encode()).hexdigest()


def _known_names(record: bytes | None, wanted: set[str]) -> dict[str, frozenset[str]]:
    """What the last build saved of each page's names, if it saved it for
    the same stylesheets' names (``wanted``)."""
    try:
        key, by_page = pickle.loads(record) if record else (None, None)
    except (pickle.PickleError, ValueError, TypeError, EOFError, AttributeError):
        return {}
    return by_page if key == _names_key(wanted) and isinstance(by_page, dict) else {}


def names_in_scripts(scripts: Iterable[Path]) -> set[str]:
    """The classes the scripts the pages load may add: every word of a
    string given to ``classList.add``/``toggle``/``replace`` or assigned
    to ``className``, and every word of the HTML they write."""
    words: set[str] = set()
    for script in scripts:
        code = script.read_text(encoding="utf-8")
        for call in _CLASS_CODE.finditer(code):
            for literal in _STRING.findall(call.group(1)):
                words.update(_WORD.findall(" ".join(literal)))
        for value in _CLASS_ATTRIBUTE.findall(code.replace('\\"', '"')):
            words.update(value.split())
    return words


def _unescape(name: str) -> str:
    return re.sub(r"\\(.)", r"\1", name)


def _selector_names(selector: str) -> list[str]:
    # Attribute values ([data-x="a.b"]) are not class names.
    bare = re.sub(r"\[[^\]]*\]", "", selector)
    return [_unescape(name) for name in _SELECTOR_NAME.findall(bare)]


def _is_font_awesome(selector: str) -> bool:
    names = _selector_names(selector)
    return bool(names) and all(_FONT_AWESOME_NAME.match(name) for name in names)


def _keep_selector(selector: str, used: set[str]) -> bool:
    if _is_font_awesome(selector):
        return False
    return all(name in used for name in _selector_names(selector))


def _trim_rules(rules: list[tinycss2.ast.Node], used: set[str]) -> list[tinycss2.ast.Node]:
    kept: list[tinycss2.ast.Node] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
            wanted = [s for s in selectors if _keep_selector(s, used)]
            if not wanted:
                continue
            if len(wanted) < len(selectors):
                rule.prelude = tinycss2.parse_component_value_list(",".join(wanted))
            kept.append(rule)
        elif rule.type == "at-rule":
            if rule.lower_at_keyword == "font-face" and "Font Awesome" in tinycss2.serialize(rule.content):
                continue
            if rule.lower_at_keyword in ("media", "supports", "layer", "container") and rule.content:
                inner = _trim_rules(tinycss2.parse_rule_list(rule.content), used)
                if not inner:
                    continue
                rule.content = inner
            kept.append(rule)
        elif rule.type != "whitespace" and rule.type != "comment":
            kept.append(rule)
    return kept


def trim_stylesheet(css: str, used: set[str]) -> str:
    """``css`` without the rules whose selectors name a class or id outside ``used``."""
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    return "\n".join(tinycss2.serialize([rule]) for rule in _trim_rules(rules, used)) + "\n"


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """What ``layout.html`` links instead of the theme's full assets."""
    record = _builds.get(app)
    context["bindery_css"] = f"{FOLDER}/{BUNDLE}?v={record.linked_version if record else NO_VERSION}"
    context["bindery_dropped_assets"] = (*DROPPED, *BUNDLED)
    if record is not None:
        record.written.add(pagename)  # a page of its own (search, a redirect): written in this process


def note_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: Sphinx resolves every page it writes in the main
    process, in parallel builds too."""
    record = _builds.get(app)
    if record is not None:
        record.written.add(docname)


def start_build(app: Sphinx) -> None:
    """builder-inited: the version of ``book.css`` the pages written in this
    build will link (``?v=``, so that a browser never keeps a stale copy):
    the one the last build wrote.  ``write_trimmed`` updates the link in
    every page if the stylesheet it writes differs.  The record of what
    each page uses is taken out of the doctree folder until the build ends."""
    if app.builder.format != "html":
        return
    bundle = Path(app.outdir) / FOLDER / BUNDLE
    names_file = Path(app.doctreedir) / NAMES_FILE
    try:
        names: bytes | None = names_file.read_bytes()
        names_file.unlink()
    except OSError:
        names = None
    _builds[app] = _BuildRecord(_version(bundle.read_bytes()) if bundle.exists() else NO_VERSION, names)


def _version(css: bytes) -> str:
    return hashlib.sha256(css).hexdigest()[:VERSION_LENGTH]


def relink(out: Path, version: str, doctrees: Path | None = None) -> int:
    """Make every page link ``book.css?v=<version>``.  The version has one
    length, so each page keeps its size, and its time is kept too: the
    caches that know a page by its size and time (the search index's
    tiers, Sphinx's own) still know it.  Each page is replaced whole (a new
    file renamed into place), for Pagefind may be reading it meanwhile
    (search/build.py).  Returns the number of pages changed."""
    link = re.compile(rf"({re.escape(BUNDLE)}\?v=)[0-9a-z]{{{VERSION_LENGTH}}}".encode())
    changed = 0
    for page in html_files(out, doctrees):
        with open(page, "rb") as file:
            data = file.read()
        relinked = link.sub(rb"\g<1>" + version.encode(), data)
        if relinked != data:
            stat = os.stat(page)
            temporary = f"{page}.relink"
            with open(temporary, "wb") as file:
                file.write(relinked)
            os.chmod(temporary, stat.st_mode)
            os.utime(temporary, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            os.replace(temporary, page)
            changed += 1
    return changed


def _read_sources(out: Path) -> dict[str, str]:
    """The theme's stylesheets, its icon script and the book's stylesheet,
    each read once; a file the theme no longer ships is left out."""
    sources = {}
    for rel in SOURCES:
        try:
            sources[rel] = (out / rel).read_text(encoding="utf-8")
        except FileNotFoundError:
            if rel in TRIMMED:
                logger.warning("bindery: the theme no longer ships %s; it is not trimmed", rel)
    return sources


def _pages(builder: StandaloneHTMLBuilder, record: _BuildRecord) -> tuple[list[str], set[str]]:
    """Every page the book has (its documents, and the pages of their own
    this build wrote), and those this build wrote."""
    written = {os.fspath(builder.get_outfilename(name)) for name in record.written}
    pages = {os.fspath(builder.get_outfilename(doc)) for doc in builder.env.found_docs}
    return sorted(pages | written), written


def write_trimmed(app: Sphinx, exception: Exception | None) -> None:
    record = _builds.pop(app, None)
    builder = app.builder
    if exception is not None or not isinstance(builder, StandaloneHTMLBuilder) or record is None:
        return
    out = Path(app.outdir)
    sources = _read_sources(out)
    wanted = names_in_stylesheets(sources[rel] for rel in TRIMMED if rel in sources)
    pages, written = _pages(builder, record)
    by_page = names_in_pages(pages, wanted, _known_names(record.names, wanted), written)
    (Path(app.doctreedir) / NAMES_FILE).write_bytes(pickle.dumps((_names_key(wanted), by_page)))
    in_pages = all_names(by_page)
    used = in_pages | names_in_scripts(out / path for path in SCRIPTS if (out / path).exists())
    # The trim depends only on the names used and the theme's files: when
    # neither changed, what it wrote last time stands.
    stamp = _stamp(used, sources)
    stamp_file = Path(app.doctreedir) / STAMP_FILE
    if (out / FOLDER / BUNDLE).exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
        return
    # Until this step finishes there is no stamp: a build cut short while
    # relinking the pages leaves none, and the next one relinks them all.
    unfinished = not stamp_file.exists()
    stamp_file.unlink(missing_ok=True)
    made = {rel: trim_stylesheet(sources[rel], used) for rel in TRIMMED if rel in sources}
    if FONT_AWESOME_JS in sources:
        made[ICONS] = icon_stylesheet(sources[FONT_AWESOME_JS], icons_in_pages(in_pages))
    for rel, css in made.items():
        write_if_changed(out / FOLDER / ICONS if rel == ICONS else out / trimmed_path(rel), css)
    parts = [
        f"/* {rel} */\n{text}" for rel in BUNDLED if (text := made.get(rel, sources.get(rel))) is not None
    ]
    bundle = "\n".join(parts)
    write_if_changed(out / FOLDER / BUNDLE, bundle)
    version = _version(bundle.encode("utf-8"))
    if unfinished or version != record.linked_version:
        logger.info(
            "bindery: %d pages now link %s?v=%s", relink(out, version, Path(app.doctreedir)), BUNDLE, version
        )
    stamp_file.write_text(stamp)


def _stamp(used: set[str], sources: dict[str, str]) -> str:
    digest = hashlib.sha256("\0".join(sorted(used)).encode())
    for rel in SOURCES:  # by content: Sphinx copies the theme's files again on every build
        digest.update(f"\n{rel}\0{sources.get(rel, '')}".encode())
    return digest.hexdigest()
