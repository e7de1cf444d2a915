"""Which build is the web site: the HTML builder without an edition.

The EPUB builder is an HTML builder too (``app.builder.format`` is
"html"), and an edition (``bindery_edition``, see ``editions/``) reads
only one volume's posts.  What belongs to the site alone (its sidebar,
search index, feeds, redirects, sitemap, catalogue, the check that every
published address is served) runs only in the site's build: ``site_only``
wraps such a handler where ``setup()`` connects it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sphinx.application import Sphinx

EPUB = "epub"
Handler = TypeVar("Handler", bound=Callable[..., Any])


def builds_site(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.builder.name != EPUB and not app.config.bindery_edition


def site_only(handler: Handler, otherwise: Any = None) -> Handler:
    """``handler`` (whose first argument is the app) in the site's build
    only; elsewhere it returns ``otherwise`` (``()`` for a collector of pages)."""

    @functools.wraps(handler)
    def wrapper(app: Sphinx, *args: Any) -> Any:
        return handler(app, *args) if builds_site(app) else otherwise

    return wrapper  # type: ignore[return-value]
