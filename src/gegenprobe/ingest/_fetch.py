"""A careful HTTP fetcher: timeouts, a size cap, few redirects, HTML only, and an SSRF guard.

The guard resolves the host itself, refuses loopback, private, link-local, multicast, reserved and
unspecified addresses, and then connects to the address it checked (the Host header and TLS SNI keep the
name), so a DNS answer cannot change between the check and the connection. Every redirect is checked anew.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from ..errors import FetchError, FetchRefused, NetworkError
from ..settings import FetchSettings
from ._decode import charset_of, decode_html

Resolver = Callable[[str, int], list[str]]
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECTS = (301, 302, 303, 307, 308)


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc.strerror}") from exc
    return sorted({str(info[4][0]) for info in infos})


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
        or ip.is_reserved or ip.is_unspecified
    )


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str
    status: int
    content_type: str
    html: str


@dataclass(frozen=True, slots=True)
class Response:
    """A whole response of any status and type, after redirects (``url`` is where it came from)."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    reason: str = ""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        return charset_of(self.headers.get("content-type", ""))


class Fetcher:
    """Fetches HTML pages safely. ``transport`` and ``resolver`` are injectable for tests."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver = system_resolver,
    ) -> None:
        self.settings = settings or FetchSettings()
        self._resolver = resolver
        self._client = httpx.Client(
            transport=transport,
            timeout=self.settings.timeout,
            follow_redirects=False,
            headers={"User-Agent": self.settings.user_agent, "Accept": "text/html,application/xhtml+xml"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pinned(self, url: str) -> tuple[str, str]:
        """Check the URL's scheme and addresses; return the URL to connect to and the host name."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchRefused(f"only http(s) URLs with a host are fetched, not {url!r}", url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = self._resolver(parts.hostname, port)
        if not addresses:
            raise FetchError(f"host {parts.hostname!r} has no address", url)
        if not self.settings.allow_private and parts.hostname not in self.settings.private_hosts:
            refused = [a for a in addresses if not is_public_address(a)]
            if refused:
                raise FetchRefused(
                    f"refusing non-public address {refused[0]} of {parts.hostname!r} "
                    "(pass --allow-private to fetch from local networks)",
                    url,
                )
        address = addresses[0]
        netloc = f"[{address}]" if ":" in address else address
        if parts.port:
            netloc = f"{netloc}:{parts.port}"
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, "")), parts.hostname

    def _timed_out(self, url: str) -> NetworkError:
        return NetworkError(f"timed out: no complete response within {self.settings.timeout:g} s", url)

    def _request(self, url: str, deadline: float, headers: dict[str, str] | None = None) -> httpx.Response:
        target, host = self._pinned(url)
        host_header = urlsplit(url).netloc.rsplit("@", 1)[-1]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._timed_out(url)
        request = self._client.build_request(
            "GET", target, headers={**(headers or {}), "Host": host_header}, extensions={"sni_hostname": host},
            timeout=httpx.Timeout(remaining),
        )
        try:
            return self._client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise self._timed_out(url) from exc
        except httpx.HTTPError as exc:
            raise NetworkError(f"request failed: {exc}", url) from exc

    def _read_body(self, response: httpx.Response, url: str, deadline: float) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.settings.max_bytes:
            raise FetchError(f"page is larger than {self.settings.max_bytes} bytes", url)
        chunks, size = [], 0
        # httpcore reads the read timeout once, when the body starts: a body may stall at most a fifth of the
        # timeout, so a byte sent just before the deadline cannot buy a whole second timeout
        stall = min(max(deadline - time.monotonic(), 0.0), self.settings.timeout / 5)
        response.request.extensions.setdefault("timeout", {})["read"] = stall
        try:
            for chunk in response.iter_bytes():
                if time.monotonic() > deadline:  # a server that drips bytes never trips the per-read timeout
                    raise self._timed_out(url)
                size += len(chunk)
                if size > self.settings.max_bytes:
                    raise FetchError(f"page is larger than {self.settings.max_bytes} bytes", url)
                chunks.append(chunk)
        except httpx.TimeoutException as exc:
            raise self._timed_out(url) from exc
        except httpx.HTTPError as exc:
            raise NetworkError(f"reading the page failed: {exc}", url) from exc
        return b"".join(chunks)

    @contextmanager
    def _followed(self, url: str, headers: dict[str, str] | None = None,
                  redirect_pause: float = 0.0) -> Iterator[tuple[httpx.Response, str, float]]:
        """The final response after the redirects (each checked by the guard), its URL and the deadline left for
        its body; closed after the block. With ``redirect_pause`` each hop waits that long and gets a deadline
        of its own."""
        current, deadline = url, time.monotonic() + self.settings.timeout
        for hop in range(self.settings.max_redirects + 1):
            if hop and redirect_pause:
                time.sleep(redirect_pause)
                deadline = time.monotonic() + self.settings.timeout
            response = self._request(current, deadline, headers)
            try:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    current = urljoin(current, response.headers["location"])
                    continue
                yield response, current, deadline
                return
            finally:
                response.close()
        raise FetchError(f"more than {self.settings.max_redirects} redirects", url)

    def get(self, url: str, headers: dict[str, str] | None = None, redirect_pause: float = 0.0) -> Response:
        """Fetch ``url`` whatever its status and content type (feeds, sitemaps, robots.txt, 304, 429 ...), with the
        same guard, deadline, redirect and size limits as :meth:`fetch`; ``headers`` are sent along (e.g.
        ``If-None-Match``). A crawler passes its politeness delay as ``redirect_pause``: a redirect is one more
        request to a host (the deadline is then counted per request)."""
        with self._followed(url, headers, redirect_pause) as (response, current, deadline):
            body = self._read_body(response, current, deadline)
            return Response(current, response.status_code, {k.lower(): v for k, v in response.headers.items()},
                            body, response.reason_phrase)

    def fetch(self, url: str) -> FetchedPage:
        """Fetch an HTML page.

        ``settings.timeout`` is a deadline for the whole fetch, redirects and body included (overrun by at most a
        fifth of it, when the body stalls right before the deadline).

        Raises:
            FetchRefused: the scheme or an address (also of a redirect) is not allowed.
            FetchError: timeouts, HTTP errors, too many redirects, non-HTML content, too large.
        """
        with self._followed(url) as (response, current, deadline):
            return self._page(response, current, deadline)

    def _page(self, response: httpx.Response, url: str, deadline: float) -> FetchedPage:
        if response.status_code >= 400:
            raise FetchError(f"HTTP status {response.status_code}", url)
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in _HTML_TYPES:
            raise FetchError(f"not an HTML page (content type {content_type or 'missing'!r})", url)
        body = self._read_body(response, url, deadline)
        return FetchedPage(url, response.status_code, content_type, decode_html(body, url, response.charset_encoding))
