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
draws the few icons the book shows from inline SVG.

The first build reads every page; later ones read only the pages they
rewrote (``names_in_pages`` keeps what each page uses).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from weakref import WeakKeyDictionary

import tinycss2
from sphinx.util import logging

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
VERSION_LENGTH = 10
NO_VERSION = "0" * VERSION_LENGTH  # before the first build has written the stylesheet
_linked_version: WeakKeyDictionary[Sphinx, str] = WeakKeyDictionary()
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
# simple pattern keeps the scan of every page fast (3 s at 10,000 posts).
_CLASS_ATTRIBUTE = re.compile(r'(?:class|id)="([^"]*)"')
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_CLASS_CODE = re.compile(r"(?:classList\.(?:add|toggle|replace)\(|class(?:Name|List)\s*\+?=\s*)([^;]{0,200})")
_STRING = re.compile(r"\"([^\"]*)\"|'([^']*)'|`([^`]*)`")
# A class or id in a selector (escapes such as `.sm\:d-none` included).
_SELECTOR_NAME = re.compile(r"[.#]((?:[\w-]|\\.)+)")
_FONT_AWESOME_NAME = re.compile(r"fa[srb]?(?:-[\w-]+)?$|fa-[\w-]+$")


def trimmed_path(path: str) -> str:
    """Where the trimmed copy of a theme stylesheet is published."""
    return f"{FOLDER}/{Path(path).name}"


def html_files(folder: Path) -> Iterator[str]:
    """The paths of the ``.html`` files under ``folder`` (``os.walk``: at
    10,000 pages, ``Path.rglob`` and ``Path.stat`` took seconds)."""
    for parent, _, files in os.walk(folder):
        for name in files:
            if name.endswith(".html"):
                yield os.path.join(parent, name)


def names_in_stylesheets(stylesheets: Iterable[Path]) -> set[str]:
    """Every word that could be a class or id in a selector of these
    stylesheets (a superset: the trim itself parses them)."""
    return {
        _unescape(name)
        for path in stylesheets
        if path.exists()
        for name in _SELECTOR_NAME.findall(path.read_text(encoding="utf-8"))
    }


def names_in_pages(pages: Iterable[str | Path], wanted: set[str], cache_file: Path | None = None) -> set[str]:
    """The classes and ids in ``wanted`` (those the stylesheets name) or of
    a Font Awesome icon (``fa-…``) that the built pages use.

    With ``cache_file``, what each page uses is kept with its size and
    time, so a rebuild reads only the pages it rewrote (at 10,000 posts,
    reading every page took 10 s of each build).  Pages share most of
    their names, so each distinct set is kept once."""
    key = hashlib.sha256("\0".join(sorted(wanted)).encode()).hexdigest()
    seen: dict[str, tuple[int, int, frozenset[str]]] = {}
    if cache_file is not None:
        try:
            cached_key, seen = pickle.loads(cache_file.read_bytes())
        except (OSError, pickle.PickleError, ValueError, TypeError, EOFError):
            cached_key = None
        if cached_key != key:
            seen = {}
    distinct = {names: names for _, _, names in seen.values()}
    now: dict[str, tuple[int, int, frozenset[str]]] = {}
    for page in pages:
        path = os.fspath(page)
        stat = os.stat(path)
        entry = seen.get(path)
        if entry is None or entry[:2] != (stat.st_size, stat.st_mtime_ns):
            with open(path, encoding="utf-8") as file:
                values = set(_CLASS_ATTRIBUTE.findall(file.read()))
            names = frozenset(
                name for value in values for name in value.split() if name in wanted or name.startswith("fa")
            )
            entry = (stat.st_size, stat.st_mtime_ns, distinct.setdefault(names, names))
        now[path] = entry
    if cache_file is not None:
        cache_file.write_bytes(pickle.dumps((key, now)))
    return {name for names in {entry[2] for entry in now.values()} for name in names}


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


_ICON_CLASS = re.compile(r"\bfa-([a-z0-9-]+)")
_ICON_MODIFIERS = {"solid", "regular", "brands", "lg", "fw", "xs", "sm", "xl", "2x"}
_ICON_ALIASES = {"home": "house"}
_URL_SAFE = " =:/,.-'"  # left as they are in a data: address inside url("…")
_ICON_BASE = """\
/* Font Awesome Free icons (CC BY 4.0, https://fontawesome.com/license/free),
   only those the pages show, drawn from inline SVG instead of the icon
   font script.  Written by the build (bindery/sphinxext/assets.py). */
.fa, .fas, .fa-solid {
  display: inline-block;
  width: 1em;
  height: 1em;
  vertical-align: -0.125em;
  background-color: currentColor;
  -webkit-mask: var(--bindery-icon) center / contain no-repeat;
  mask: var(--bindery-icon) center / contain no-repeat;
}
.fa-lg { font-size: 1.25em; line-height: 0.05em; vertical-align: -0.2em; }
.fa-fw { width: 1.25em; }
"""


def icons_in_pages(names: set[str]) -> set[str]:
    """The Font Awesome icons the pages name (``fa-bars`` → ``bars``)."""
    return {name[3:] for name in names if name.startswith("fa-")} - _ICON_MODIFIERS


def icon_stylesheet(fontawesome_js: str, icons: Iterable[str]) -> str:
    """A stylesheet drawing ``icons`` from the solid set of the theme's
    ``fontawesome.js``, one small SVG each."""
    solid_start = fontawesome_js.index('("fas",')
    solid = fontawesome_js[fontawesome_js.rindex('("far",', 0, solid_start) :]
    rules = [_ICON_BASE]
    for icon in sorted(icons):
        name = _ICON_ALIASES.get(icon, icon)
        match = re.search(
            rf'[,{{](?:"{re.escape(name)}"|{re.escape(name)}):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]',
            solid,
        )
        if match is None:
            logger.warning("bindery: no Font Awesome icon %r in the theme; it is not drawn", icon)
            continue
        width, height, path = match.groups()
        svg = (
            f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
        )
        data = quote(svg, safe=_URL_SAFE)
        rules.append(f'.fa-{icon} {{ --bindery-icon: url("data:image/svg+xml,{data}"); }}')
    return "\n".join(rules) + "\n"


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """What ``layout.html`` links instead of the theme's full assets."""
    context["bindery_css"] = f"{FOLDER}/{BUNDLE}?v={_linked_version.get(app, NO_VERSION)}"
    context["bindery_dropped_assets"] = (*DROPPED, *BUNDLED)


def note_version(app: Sphinx) -> None:
    """builder-inited: the version of ``book.css`` the pages written in this
    build will link (``?v=``, so that a browser never keeps a stale copy):
    the one the last build wrote.  ``write_trimmed`` updates the link in
    every page if the stylesheet it writes differs."""
    if app.builder.format == "html":
        bundle = Path(app.outdir) / FOLDER / BUNDLE
        _linked_version[app] = _version(bundle.read_bytes()) if bundle.exists() else NO_VERSION


def _version(css: bytes) -> str:
    return hashlib.sha256(css).hexdigest()[:VERSION_LENGTH]


def relink(out: Path, version: str) -> int:
    """Make every page link ``book.css?v=<version>``.  The version has one
    length, so each page keeps its size, and its time is kept too: the
    caches that know a page by its size and time (the class names, the
    search index's tiers, Sphinx's own) still know it.  Returns the number
    of pages changed."""
    link = re.compile(rf"({re.escape(BUNDLE)}\?v=)[0-9a-z]{{{VERSION_LENGTH}}}".encode())
    changed = 0
    for page in html_files(out):
        with open(page, "rb") as file:
            data = file.read()
        relinked = link.sub(rb"\g<1>" + version.encode(), data)
        if relinked != data:
            stat = os.stat(page)
            with open(page, "wb") as file:
                file.write(relinked)
            os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            changed += 1
    return changed


def _write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def write_trimmed(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    wanted = names_in_stylesheets(out / rel for rel in TRIMMED)
    in_pages = names_in_pages(html_files(out), wanted, Path(app.doctreedir) / "bindery-classes.pickle")
    used = in_pages | names_in_scripts(out / path for path in SCRIPTS if (out / path).exists())
    # The trim depends only on the names used and the theme's files: when
    # neither changed, what it wrote last time stands.
    stamp = _stamp(used, [out / rel for rel in (*TRIMMED, FONT_AWESOME_JS, *BUNDLED) if rel != ICONS])
    stamp_file = Path(app.doctreedir) / "bindery-trim.stamp"
    if (out / FOLDER / BUNDLE).exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
        return
    # Until this step finishes there is no stamp: a build cut short while
    # relinking the pages leaves none, and the next one relinks them all.
    unfinished = not stamp_file.exists()
    stamp_file.unlink(missing_ok=True)
    for rel in TRIMMED:
        source = out / rel
        if not source.exists():
            logger.warning("bindery: the theme no longer ships %s; it is not trimmed", rel)
            continue
        _write_if_changed(out / trimmed_path(rel), trim_stylesheet(source.read_text(encoding="utf-8"), used))
    fontawesome = out / FONT_AWESOME_JS
    if fontawesome.exists():
        icons = icon_stylesheet(fontawesome.read_text(encoding="utf-8"), icons_in_pages(in_pages))
        _write_if_changed(out / FOLDER / ICONS, icons)
    parts = []
    for rel in BUNDLED:
        path = out / FOLDER / ICONS if rel == ICONS else out / (trimmed_path(rel) if rel in TRIMMED else rel)
        if path.exists():
            parts.append(f"/* {rel} */\n{path.read_text(encoding='utf-8')}")
    bundle = out / FOLDER / BUNDLE
    _write_if_changed(bundle, "\n".join(parts))
    version = _version(bundle.read_bytes())
    if unfinished or version != _linked_version.get(app):
        logger.info("bindery: %d pages now link %s?v=%s", relink(out, version), BUNDLE, version)
    stamp_file.write_text(stamp)


def _stamp(used: set[str], files: list[Path]) -> str:
    digest = hashlib.sha256("\0".join(sorted(used)).encode())
    for path in files:  # by content: Sphinx copies the theme's files again on every build
        digest.update(f"\n{path}\0".encode() + (path.read_bytes() if path.exists() else b""))
    return digest.hexdigest()
