"""Finding a WordPress site's REST API, and telling what else answered.

WordPress's own discovery: the home page names its API root in a
``Link: <…/wp-json/>; rel="https://api.w.org/"`` header and a ``<link>``
tag.  A ``*.wordpress.com`` blog whose page names none is served by
WordPress.com's public API.  Whatever answers where JSON was expected
(a login page, a consent wall, a server error) is named in one line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import requests

from bindery.fetch.client import Client, FetchError, Response, check_address, host_of

API_REL = "https://api.w.org/"
WPCOM_API = "https://public-api.wordpress.com/wp/v2/sites/{site}/"
ELSEWHERE = "archive it from a text dump or saved pages instead (see docs/sources.md)"


@dataclass(frozen=True)
class Api:
    """A site's REST API: ``root`` as discovery gave it, and the route
    prefix of WordPress's own namespace under it (``wp/v2/``, or nothing
    for WordPress.com's public API, whose root is the namespace)."""

    home: str
    root: str
    prefix: str = "wp/v2/"

    def url(self, route: str, params: dict[str, str] | None = None) -> str:
        """The address of ``route`` (``posts``) with ``params``; roots of the
        ``?rest_route=/`` form (sites without pretty permalinks) too."""
        parts = urlsplit(self.root)
        query = parse_qsl(parts.query, keep_blank_values=True)
        path = parts.path
        if any(name == "rest_route" for name, _ in query):
            query = [
                (n, v.rstrip("/") + "/" + self.prefix + route if n == "rest_route" else v) for n, v in query
            ]
        else:
            path = path.rstrip("/") + "/" + self.prefix + route
        query.extend((params or {}).items())
        return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query, safe=",/"), ""))

    @property
    def is_wpcom(self) -> bool:
        return self.prefix == ""


def discover(client: Client, url: str) -> Api:
    """The API of the site at ``url``, from its home page."""
    check_address(url)
    home = client.get(url, accept="text/html,application/xhtml+xml")
    if home.status in (401, 403):
        raise FetchError(f"{url}: the site demands authentication (HTTP {home.status}); {_NO_CREDENTIALS}")
    root = _api_link(home)
    if root is None and host_of(url).endswith(".wordpress.com"):
        site = urlsplit(url).hostname or ""
        return Api(url, WPCOM_API.format(site=site), "")
    if home.status >= 400:
        raise FetchError(f"{url}: the site answered HTTP {home.status}")
    if root is None:
        if is_login_page(home):
            raise FetchError(f"{url}: the site answers with a login page; {_NO_CREDENTIALS}")
        raise FetchError(
            f"{url}: not a WordPress site, or its REST API is switched off (its home page names no "
            f"{API_REL} link); {ELSEWHERE}"
        )
    try:
        check_address(root)
    except FetchError:
        raise FetchError(f"{url}: its REST API address {root!r} is not an http(s) address") from None
    return Api(home.final, root)


_NO_CREDENTIALS = f"bindery archives only what a blog shows the public and sends no credentials; {ELSEWHERE}"


def _api_link(response: Response) -> str | None:
    for link in requests.utils.parse_header_links(response.headers.get("link", "")):
        if link.get("rel") == API_REL and link.get("url"):
            return urljoin(response.final, link["url"])
    if "html" not in response.content_type:
        return None
    finder = _LinkFinder()
    finder.feed(response.body.decode("utf-8", "replace"))
    finder.close()
    return urljoin(response.final, finder.href) if finder.href else None


class _LinkFinder(HTMLParser):
    """The first ``<link rel="https://api.w.org/" href>`` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link" or self.href is not None:
            return
        values = dict(attrs)
        if (values.get("rel") or "").strip() == API_REL and values.get("href"):
            self.href = values["href"]


def is_login_page(response: Response) -> bool:
    """A page asking for a password (WordPress's ``wp-login.php``, a
    private site's or a host's own)."""
    if "wp-login.php" in response.final:
        return True
    text = response.body[:200_000].decode("utf-8", "replace").lower()
    return 'type="password"' in text or "type='password'" in text or "wp-login.php" in text


def json_answer(api: Api, response: Response, what: str) -> Any:
    """The JSON a response of the API holds; a ``FetchError`` saying what
    answered instead (an error, a login or consent page, not JSON)."""
    where = response.url
    status = response.status
    code = _error_code(response)
    if status in (401, 403):
        raise FetchError(
            f"{where}: the REST API demands authentication for {what} (HTTP {status}{code}); "
            + _NO_CREDENTIALS
        )
    if status == 404:
        raise FetchError(f"{where}: the REST API has no {what} here (HTTP {status}{code}); {ELSEWHERE}")
    if status != 200:
        raise FetchError(f"{where}: the REST API answered HTTP {status}{code} for {what}")
    if "html" in response.content_type or response.body.lstrip()[:1] == b"<":
        if is_login_page(response):
            raise FetchError(f"{where}: answered with a login page, not {what}; {_NO_CREDENTIALS}")
        raise FetchError(
            f"{where}: answered with an HTML page (a consent or login wall?), not the JSON of {what}; "
            f"{ELSEWHERE}"
        )
    try:
        return json.loads(response.body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise FetchError(f"{where}: the answer is not JSON ({_short(err)}), not {what}") from None


def _error_code(response: Response) -> str:
    """``": rest_login_required"``: the error code a WordPress JSON error names."""
    if not response.body.lstrip().startswith(b"{"):
        return ""
    try:
        data = json.loads(response.body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return ""
    code = data.get("code") if isinstance(data, dict) else None
    return f": {code}" if isinstance(code, str) and code.isprintable() and len(code) < 80 else ""


def _short(err: Exception) -> str:
    if isinstance(err, json.JSONDecodeError):
        return f"{err.msg} at line {err.lineno}"
    return "not UTF-8"
