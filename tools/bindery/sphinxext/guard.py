"""Refuse settings that would turn archive text into markup.

The importer escapes archive text for MyST as ``conf.py`` configures it
(tools/bindery/myst.py): CommonMark with no syntax extension that reads
characters it does not escape.  A maintainer who turns one on (``$`` as
maths, quotes made curly, bare addresses made links…) would change what
readers see without any warning, so the build refuses, in one line.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

# MyST extensions under which every character the escaping leaves alone
# still reads as itself: each only reads characters escaped at the start of
# a line or everywhere (``:`` ``[`` ``~`` ``<`` ``{`` at a line's start).
SAFE_MYST_EXTENSIONS = frozenset(
    {
        "colon_fence",
        "deflist",
        "fieldlist",
        "tasklist",
        "strikethrough",
        "html_image",
        "html_admonition",
        "attrs_block",
    }
)
WHY = {
    "dollarmath": "reads $…$ in archive text as maths",
    "amsmath": "reads \\begin{…} in archive text as maths",
    "smartquotes": "turns the archive's straight quotes and dashes into typographic ones",
    "replacements": "turns (c), +- and ... in archive text into ©, ± and …",
    "linkify": "turns addresses written in archive text into links",
    "substitution": "reads {{ … }} in archive text as a substitution",
    "attrs_inline": "reads {…} after archive text as attributes",
}


def check_settings(app: Sphinx, config: Config) -> None:
    problems = []
    for name in config.myst_enable_extensions or ():
        if name not in SAFE_MYST_EXTENSIONS:
            why = WHY.get(str(name), "reads characters the importer does not escape")
            problems.append(f"myst_enable_extensions includes {name!r}, which {why}")
    if config.smartquotes:
        problems.append("smartquotes = True " + WHY["smartquotes"])
    if getattr(config, "myst_gfm_only", False):
        problems.append("myst_gfm_only = True turns on linkify, which " + WHY["linkify"])
    if getattr(config, "myst_disable_syntax", None):
        problems.append("myst_disable_syntax would show the importer's escapes as backslashes")
    if problems:
        print(f"conf.py: {problems[0]}: archive text must stay text; remove it", file=sys.stderr)
        raise SystemExit(1)
