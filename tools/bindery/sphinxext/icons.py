"""The few Font Awesome icons the book shows, drawn from inline SVG.

The theme loads Font Awesome's whole script (1.5 MB) to draw a handful of
icons; ``icons.css`` draws just those the pages name, each from its path
in the solid set of the theme's own ``fontawesome.js``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

from sphinx.util import logging

logger = logging.getLogger(__name__)

_ICON_MODIFIERS = {"solid", "regular", "brands", "lg", "fw", "xs", "sm", "xl", "2x"}
_ICON_ALIASES = {"home": "house"}
_URL_SAFE = " =:/,.-'"  # left as they are in a data: address inside url("…")
_ICON_BASE = """\
/* Font Awesome Free icons (CC BY 4.0, https://fontawesome.com/license/free),
   only those the pages show, drawn from inline SVG instead of the icon
   font script.  Written by the build (bindery/sphinxext/icons.py). */
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
