from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from gegenprobe.errors import FetchError, FetchRefused
from gegenprobe.ingest import Fetcher, Reader, is_public_address
from gegenprobe.settings import FetchSettings, Settings

DEMO = Path(__file__).parents[2] / "src" / "gegenprobe" / "data" / "demo"
PAGE = (DEMO / "12-sachsenbote-hochwasser.html").read_bytes()


class Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {
        "/article": (200, "text/html; charset=utf-8", PAGE),
        "/pdf": (200, "application/pdf", b"%PDF-1.4"),
        "/big": (200, "text/html", b"<p>" + b"x" * 50_000 + b"</p>"),
        "/missing": (404, "text/html", b"not found"),
    }

    def do_GET(self):
        if self.path == "/drip":
            self._drip()
            return
        if self.path == "/stall":
            self._stall()
            return
        if self.path == "/latin1":
            body = "<html><head><meta charset='iso-8859-1'></head><body><p>Rheinbrücke</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body.encode("latin-1"))
            return
        if self.path.startswith("/hop"):
            hops = int(self.path.removeprefix("/hop"))
            self.send_response(302)
            self.send_header("Location", "/article" if hops == 0 else f"/hop{hops - 1}")
            self.end_headers()
            return
        status, content_type, body = self.routes.get(self.path, (404, "text/html", b""))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _drip(self):
        """A byte every 0.2 s for up to 10 s: never idle long enough for a per-read timeout."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(50):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _stall(self):
        """One byte just before a 1 s deadline, then silence for 5 s."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        time.sleep(0.9)
        try:
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(5)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def local_fetcher(**limits) -> Fetcher:
    return Fetcher(FetchSettings(allow_private=True, timeout=5, **limits))


def test_real_fetch_through_redirects(server):
    with local_fetcher() as fetcher:
        page = fetcher.fetch(f"{server}/hop3")
    assert page.url.endswith("/article") and page.status == 200 and "Alarmstufe 3" in page.html


def test_reader_turns_a_url_into_an_article(server):
    settings = Settings(fetch=FetchSettings(allow_private=True, timeout=5))
    [item] = list(Reader(settings).read([f"{server}/article"]))
    assert item.error is None and item.article.title.startswith("Alarmstufe 3 in Dresden")


@pytest.mark.parametrize(
    "path, limits, message",
    [
        ("/hop9", {}, "more than 5 redirects"),
        ("/pdf", {}, "not an HTML page"),
        ("/big", {"max_bytes": 10_000}, "larger than 10000 bytes"),
        ("/missing", {}, "HTTP status 404"),
    ],
)
def test_real_fetch_limits(server, path, limits, message):
    with local_fetcher(**limits) as fetcher, pytest.raises(FetchError, match=message):
        fetcher.fetch(f"{server}{path}")


def test_loopback_is_refused_by_default(server):
    with Fetcher(FetchSettings(timeout=5)) as fetcher, pytest.raises(FetchRefused, match=r"127\.0\.0\.1"):
        fetcher.fetch(f"{server}/article")


@pytest.mark.parametrize("url", ["http://localhost/x", "http://[::1]/x", "http://169.254.169.254/latest/meta-data",
                                 "http://10.1.2.3/", "http://192.168.0.1/", "http://224.0.0.1/", "file:///etc/passwd",
                                 "ftp://example.org/x"])
def test_private_and_odd_targets_are_refused(url):
    with Fetcher(FetchSettings(timeout=5)) as fetcher, pytest.raises(FetchRefused):
        fetcher.fetch(url)


def test_redirect_to_a_private_address_is_refused_before_connecting():
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://intranet.example/admin"})

    addresses = {"news.example": ["93.184.216.34"], "intranet.example": ["10.0.0.5"]}
    fetcher = Fetcher(FetchSettings(), transport=httpx.MockTransport(handler),
                      resolver=lambda host, port: addresses[host])
    with fetcher, pytest.raises(FetchRefused, match=r"10\.0\.0\.5"):
        fetcher.fetch("http://news.example/story")
    assert seen == ["http://93.184.216.34/story"]


def test_connection_is_pinned_to_the_checked_address():
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<p>Hallo</p>")

    fetcher = Fetcher(FetchSettings(), transport=httpx.MockTransport(handler),
                      resolver=lambda host, port: ["93.184.216.34"])
    with fetcher:
        page = fetcher.fetch("https://news.example:8443/a?b=1#frag")
    assert page.html == "<p>Hallo</p>"
    assert str(requests[0].url) == "https://93.184.216.34:8443/a?b=1"
    assert requests[0].headers["Host"] == "news.example:8443"
    assert requests[0].extensions["sni_hostname"] == "news.example"


def test_a_host_that_resolves_to_any_private_address_is_refused():
    fetcher = Fetcher(FetchSettings(), transport=httpx.MockTransport(lambda r: httpx.Response(200)),
                      resolver=lambda host, port: ["93.184.216.34", "127.0.0.1"])
    with fetcher, pytest.raises(FetchRefused):
        fetcher.fetch("http://rebind.example/")


def test_unresolvable_host_is_a_fetch_error():
    with Fetcher(FetchSettings(timeout=5)) as fetcher, pytest.raises(FetchError, match="cannot resolve"):
        fetcher.fetch("http://does-not-exist.invalid/")


def test_public_address_classification():
    assert is_public_address("93.184.216.34")
    assert not any(map(is_public_address, ["127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.1.1",
                                           "::1", "fe80::1", "::ffff:127.0.0.1", "0.0.0.0", "239.1.1.1"]))


@pytest.mark.parametrize("path", ["/drip", "/stall"])
def test_the_timeout_is_a_deadline_for_the_whole_response(server, path):
    """/drip never idles long enough for a per-read timeout; /stall sends a byte just before the deadline."""
    started = time.monotonic()
    with Fetcher(FetchSettings(allow_private=True, timeout=1.0)) as fetcher, pytest.raises(FetchError,
                                                                                         match="timed out"):
        fetcher.fetch(f"{server}{path}")
    assert time.monotonic() - started < 1.6


def test_the_declared_charset_of_a_fetched_page_is_honoured(server):
    with local_fetcher() as fetcher:
        assert "Rheinbrücke" in fetcher.fetch(f"{server}/latin1").html
