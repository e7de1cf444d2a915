"""Every request ``bindery fetch`` makes, made as a good citizen.

A User-Agent naming bindery and its version; robots.txt read first on
each host and obeyed (its ``Crawl-delay`` too); one request at a time,
``delay`` seconds apart; ``Retry-After`` honoured on 429 and 503, and
back-off on network errors and other 5xx answers; redirects followed
only to the site itself or its API host, only over http and https.

Nothing that could identify the user is ever sent: requests' session is
made with ``trust_env`` off (no ``~/.netrc`` credentials, no
``REQUESTS_CA_BUNDLE``) and a cookie policy that accepts no cookie, no
``Authorization`` header is ever set, and an address with a user name or
password in it is refused.  Proxies set in the environment are still
used (``urllib.request.getproxies``), as a user behind one expects.
"""

from __future__ import annotations

import datetime
import email.utils
import errno
import socket
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookiejar import DefaultCookiePolicy
from typing import Protocol
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests

from bindery import __version__
from bindery.errors import BinderyError

AGENT_TOKEN = "bindery"  # what robots.txt names us by
USER_AGENT = f"{AGENT_TOKEN}/{__version__} (a blog archiver; +https://pypi.org/project/bindery/)"
SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
MAX_BYTES = 64 << 20  # one response; WordPress pages 100 posts at a time
MAX_WAIT = 600.0  # longest Retry-After honoured; beyond it, give up and say so
TIMEOUT = 30.0
SAVED_HEADERS = ("content-type", "x-wp-total", "x-wp-totalpages", "link", "last-modified", "date")


class FetchError(BinderyError):
    """A fetch that cannot go on: one line naming the address and why."""


@dataclass(frozen=True)
class Response:
    url: str  # the address asked for (before redirects)
    final: str  # the address that answered
    status: int
    headers: dict[str, str]  # the few worth keeping, lower-cased; never a cookie
    body: bytes
    fetched: str  # when, UTC, ISO 8601

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class Progress(Protocol):
    def request(self, url: str) -> None: ...

    def waiting(self, seconds: float, why: str) -> None: ...

    def plan(self, what: str, done: int, total: int) -> None: ...


class Quiet:
    def request(self, url: str) -> None:
        pass

    def waiting(self, seconds: float, why: str) -> None:
        pass

    def plan(self, what: str, done: int, total: int) -> None:
        pass


def check_address(url: str) -> str:
    """``url`` if bindery may fetch it: http or https, a host, no credentials."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FetchError(f"{url}: not a web address") from None
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise FetchError(f"{url}: only http:// and https:// addresses are fetched")
    if parts.username is not None or parts.password is not None:
        raise FetchError(f"{url}: an address with a user name or password; bindery never sends credentials")
    return url


def host_of(url: str) -> str:
    """The host a redirect may stay within: ``www.`` does not count."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


@dataclass
class Client:
    """One site's requests.  ``hosts``: where redirects may lead (the
    site's host and its API's)."""

    hosts: set[str]
    delay: float = 1.0
    retries: int = 4
    progress: Progress = field(default_factory=Quiet)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    requests_made: int = 0

    def __post_init__(self) -> None:
        self.session = requests.Session()
        self.session.trust_env = False  # no ~/.netrc, no credentials from the environment
        self.session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))  # keep no cookie
        self.session.headers.clear()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})
        self.session.proxies = {
            scheme: proxy for scheme, proxy in urllib.request.getproxies().items() if scheme in SCHEMES
        }
        self._last = float("-inf")
        self._robots: dict[str, RobotFileParser] = {}

    def close(self) -> None:
        self.session.close()

    def get(self, url: str, accept: str = "application/json") -> Response:
        """``url``'s answer, redirects within the site followed.  Any status
        is returned (the caller knows what it means); a network failure
        after every retry, a redirect elsewhere or a disallowed address is
        a ``FetchError``."""
        asked = url
        for _ in range(MAX_REDIRECTS + 1):
            check_address(url)
            self._allowed_by_robots(url)
            response = self._with_retries(url, accept)
            location = response.headers.get("location")
            if response.status not in (301, 302, 303, 307, 308) or not location:
                return Response(asked, url, response.status, _kept(response.headers), response.body,
                                response.fetched)  # fmt: skip
            target = urljoin(url, location)
            if urlsplit(target).scheme.lower() not in SCHEMES or host_of(target) not in self.hosts:
                raise FetchError(
                    f"{url}: redirected to {target}, outside the site (a login or consent page?); "
                    "only redirects within the site are followed"
                )
            url = target
        raise FetchError(f"{asked}: more than {MAX_REDIRECTS} redirects")

    # -- politeness ---------------------------------------------------------

    def _allowed_by_robots(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        robots = self._robots.get(origin)
        if robots is None:
            robots = self._robots[origin] = self._read_robots(origin)
            crawl_delay = robots.crawl_delay(AGENT_TOKEN)
            if crawl_delay:
                self.delay = max(self.delay, float(crawl_delay))
        if not robots.can_fetch(AGENT_TOKEN, url):
            raise FetchError(f"{url}: the site's robots.txt asks robots not to fetch this; bindery does not")

    def _read_robots(self, origin: str) -> RobotFileParser:
        """robots.txt as RFC 9309 reads it: missing (4xx) allows all; a
        server error forbids all for now."""
        robots = RobotFileParser(f"{origin}/robots.txt")
        url = f"{origin}/robots.txt"
        response = self._with_retries(url, "text/plain")
        for _ in range(MAX_REDIRECTS):
            location = response.headers.get("location")
            if response.status not in (301, 302, 303, 307, 308) or not location:
                break
            target = urljoin(url, location)
            if urlsplit(target).scheme.lower() not in SCHEMES or host_of(target) not in self.hosts:
                break  # a robots.txt elsewhere is not this site's: as if there were none
            url = target
            response = self._with_retries(url, "text/plain")
        if response.status >= 500:
            raise FetchError(
                f"{url}: the site's robots.txt cannot be read (HTTP {response.status}); try later"
            )
        if 200 <= response.status < 300:
            robots.parse(response.body.decode("utf-8", "replace").splitlines())
        else:
            robots.parse([])  # none: everything is allowed
        return robots

    def _wait_turn(self) -> None:
        wait = self._last + self.delay - self.clock()
        if wait > 0:
            self.sleep(wait)

    def _with_retries(self, url: str, accept: str) -> _Raw:
        attempt = 0
        while True:
            self._wait_turn()
            self.progress.request(url)
            try:
                raw = self._once(url, accept)
            except (requests.RequestException, OSError) as err:
                if attempt >= self.retries or _is_unknown_host(err):
                    raise FetchError(f"{url}: {network_reason(err)}") from None
                wait = 2.0**attempt
                self.progress.waiting(wait, network_reason(err))
            else:
                if raw.status not in (429, 500, 502, 503, 504) or attempt >= self.retries:
                    return raw
                asked = retry_after(raw.headers.get("retry-after"), time.time())
                wait = 2.0**attempt if asked is None else asked
                if wait > MAX_WAIT:
                    raise FetchError(
                        f"{url}: the site asks to wait {wait:.0f} s (HTTP {raw.status}, Retry-After); "
                        "run the same command again later to resume"
                    )
                self.progress.waiting(wait, f"HTTP {raw.status}")
            attempt += 1
            self.sleep(wait)

    def _once(self, url: str, accept: str) -> _Raw:
        self.requests_made += 1
        try:
            with self.session.get(
                url, headers={"Accept": accept}, allow_redirects=False, timeout=TIMEOUT, stream=True
            ) as answer:
                body = bytearray()
                for chunk in answer.iter_content(1 << 16):
                    body += chunk
                    if len(body) > MAX_BYTES:
                        raise FetchError(
                            f"{url}: an answer of more than {MAX_BYTES >> 20} MB; not a blog's API"
                        )
                headers = {k.lower(): v for k, v in answer.headers.items()}
                return _Raw(answer.status_code, headers, bytes(body), now_utc())
        finally:
            self._last = self.clock()


@dataclass(frozen=True)
class _Raw:
    status: int
    headers: dict[str, str]
    body: bytes
    fetched: str


def _kept(headers: dict[str, str]) -> dict[str, str]:
    return {name: headers[name] for name in SAVED_HEADERS if name in headers}


def now_utc() -> str:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds a ``Retry-After`` header asks for (a number, or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, when.timestamp() - now)


def _causes(err: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [err]
    while todo:
        item = todo.pop()
        if item is None or any(item is s for s in seen):
            continue
        seen.append(item)
        todo.extend([item.__cause__, item.__context__])
        todo.extend(a for a in getattr(item, "args", ()) if isinstance(a, BaseException))
        todo.append(getattr(item, "reason", None) if isinstance(getattr(item, "reason", None), BaseException)
                    else None)  # fmt: skip
    return seen


def _is_unknown_host(err: BaseException) -> bool:
    return any(
        isinstance(e, socket.gaierror) or type(e).__name__ == "NameResolutionError" for e in _causes(err)
    )


def network_reason(err: BaseException) -> str:
    """A network failure in a few words."""
    causes = _causes(err)
    if _is_unknown_host(err):
        return "the host name is not known (DNS lookup failed); check the address"
    if any(isinstance(e, ConnectionRefusedError) for e in causes):
        return "connection refused (is the site up?)"
    if any(isinstance(e, requests.Timeout | socket.timeout | TimeoutError) for e in causes):
        return f"no answer within {TIMEOUT:.0f} s"
    if any(isinstance(e, requests.exceptions.SSLError) for e in causes):
        return "its TLS certificate could not be verified"
    for e in causes:
        if isinstance(e, OSError) and e.errno in (errno.ECONNRESET, errno.EPIPE):
            return "the connection was cut"
    if any(type(e).__name__ in ("RemoteDisconnected", "ProtocolError") for e in causes):
        return "the connection was cut"
    return f"the connection failed ({type(err).__name__})"
