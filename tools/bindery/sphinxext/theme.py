"""What rendering a page with the theme costs, made less where the book can.

sphinx-book-theme builds each page from some forty templates (its own,
pydata-sphinx-theme's, Sphinx's and the book's).  Jinja checks, each time
a page includes, imports or extends one, whether its file changed on disk
since it was compiled: a ``stat`` for every template of every page (63,000
at 1,500 posts), for files that do not change while a build runs.  Sphinx
itself notices a changed template between builds (and then writes every
page again), from the templates' times, not from Jinja's check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def templates_fixed_for_the_build(app: Sphinx) -> None:
    """builder-inited: Jinja compiles each template once a build and does
    not look at its file again."""
    bridge = getattr(app.builder, "templates", None)
    environment = getattr(bridge, "environment", None)
    if environment is not None:
        environment.auto_reload = False
