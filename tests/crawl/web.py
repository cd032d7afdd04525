"""A fixture web on loopback: a real threading HTTP server that serves several fake outlets by the Host header, with
robots.txt, feeds, sitemaps (gzip, Google News tags), article pages in German written here, and the nasty cases a
crawler meets. Every request is logged with its time, so tests can check politeness."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Response = tuple[int, dict[str, str], bytes]
Handler = Callable[[dict[str, str]], Response]  # gets the request headers (lower-case names)

STORIES = {
    "bruecke": ("Rheinbrücke bei Mainz für Lastwagen gesperrt",
                "Die Theodor-Heuss-Brücke zwischen Mainz und Wiesbaden ist seit Montag für Lastwagen gesperrt. "
                "Bei einer Prüfung hatten Ingenieure Risse an mehreren Lagern der Rheinbrücke gefunden. Der "
                "Landesbetrieb Mobilität teilte mit, die Sperrung gelte bis auf Weiteres. Pendler müssen mit "
                "längeren Staus auf der Umleitung über die Autobahn rechnen. Die Stadt Mainz kündigte an, die "
                "Ampelschaltungen anzupassen. Eine Sanierung der Brücke soll im Herbst beginnen und rund zwölf "
                "Millionen Euro kosten."),
    "streik": ("Lokführer streiken im Güterverkehr der Bahn",
               "Die Gewerkschaft der Lokführer hat ihre Mitglieder im Güterverkehr der Deutschen Bahn zum Streik "
               "aufgerufen. Der Ausstand soll am Mittwochabend beginnen und 30 Stunden dauern. Die Gewerkschaft "
               "fordert mehr Lohn und eine kürzere Arbeitszeit. Die Bahn nannte den Streik unverhältnismäßig und "
               "kündigte einen Notfahrplan an. Verbände der Industrie warnten vor Lieferengpässen in den Häfen. "
               "Die Verhandlungen waren in der vergangenen Woche ohne Ergebnis abgebrochen worden."),
    "wahl": ("Bürgermeisterwahl in Kiel geht in die Stichwahl",
             "Bei der Wahl des Oberbürgermeisters in Kiel hat keiner der Bewerber die absolute Mehrheit erreicht. "
             "Der Amtsinhaber kam auf 41 Prozent der Stimmen, seine Herausforderin auf 33 Prozent. Die "
             "Wahlbeteiligung lag bei 38 Prozent und damit niedriger als vor sechs Jahren. Die Stichwahl findet "
             "in zwei Wochen statt. Beide Kandidaten wollen den Ausbau der Straßenbahn vorantreiben und mehr "
             "Wohnungen bauen. Der Wahlabend verlief nach Angaben der Stadt ohne Zwischenfälle."),
    "ernte": ("Trockenheit lässt Getreideernte in Brandenburg schrumpfen",
              "Die Landwirte in Brandenburg rechnen wegen der Trockenheit mit einer deutlich kleineren "
              "Getreideernte. Nach Angaben des Bauernverbands fiel im Frühjahr nur halb so viel Regen wie "
              "üblich. Besonders betroffen seien Roggen und Gerste auf den sandigen Böden im Süden des Landes. "
              "Das Agrarministerium prüft Hilfen für Betriebe, deren Existenz bedroht ist. Viele Bauern setzen "
              "inzwischen auf Sorten, die mit weniger Wasser auskommen. Die Ernte beginnt in drei Wochen."),
}


def article_html(title: str, text: str, day: str, links: tuple[tuple[str, str], ...] = (),
                 charset: str = "utf-8") -> bytes:
    related = "".join(f'<li><a href="{escape(href)}">{escape(anchor)}</a></li>' for href, anchor in links)
    paragraphs = "".join(f"<p>{escape(p.strip())}.</p>" for p in text.split(". ") if p.strip())
    page = (f'<!DOCTYPE html><html lang="de"><head><meta charset="{charset}"><title>{escape(title)}</title>'
            f'<meta property="article:published_time" content="{day}T08:00:00+01:00"></head><body>'
            '<header><nav><a href="/">Start</a> <a href="/impressum">Impressum</a> '
            '<a href="/ressort/politik">Politik</a></nav></header>'
            f'<article><h1>{escape(title)}</h1><time datetime="{day}">{day}</time>{paragraphs}</article>'
            f'<aside><h2>Mehr zum Thema</h2><ul>{related}</ul></aside>'
            '<footer>© Testverlag · <a href="/datenschutz">Datenschutz</a></footer></body></html>')
    return page.encode(charset)


def html_response(body: bytes, status: int = 200) -> Response:
    return status, {"Content-Type": "text/html; charset=utf-8"}, body


def xml_response(body: str | bytes, gz: bool = False) -> Response:
    data = body.encode() if isinstance(body, str) else body
    if gz:
        return 200, {"Content-Type": "application/x-gzip"}, gzip.compress(data)
    return 200, {"Content-Type": "application/xml; charset=utf-8"}, data


def rss(items: list[tuple[str, str, str]]) -> str:
    entries = "".join(f"<item><title>{escape(t)}</title><link>{escape(u)}</link>"
                      f"<pubDate>{formatdate(time.mktime(time.strptime(d, '%Y-%m-%d')), usegmt=True)}</pubDate>"
                      "</item>" for t, u, d in items)
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{entries}' \
           "</channel></rss>"


def urlset(items: list[tuple[str, str, str | None]], news: bool = False) -> str:
    rows = []
    for url, day, title in items:
        extra = (f"<news:news><news:publication><news:name>T</news:name><news:language>de</news:language>"
                 f"</news:publication><news:publication_date>{day}</news:publication_date>"
                 f"<news:title>{escape(title or '')}</news:title></news:news>") if news else f"<lastmod>{day}</lastmod>"
        rows.append(f"<url><loc>{escape(url)}</loc>{extra}</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + "".join(rows) + "</urlset>")


def sitemap_index(urls: list[tuple[str, str]]) -> str:
    rows = "".join(f"<sitemap><loc>{escape(u)}</loc><lastmod>{d}</lastmod></sitemap>" for u, d in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{rows}</sitemapindex>")


@dataclass
class FixtureWeb:
    """Routes (host, path) to handlers; logs (time, host, path) of every request."""

    routes: dict[tuple[str, str], Handler] = field(default_factory=dict)
    log: list[tuple[float, str, str]] = field(default_factory=list)
    port: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, host: str, path: str, handler: Handler | Response) -> None:
        """Serve ``path`` of ``host`` (a path ending in '*' matches every path it starts)."""
        self.routes[(host, path)] = handler if callable(handler) else (lambda headers, fixed=handler: fixed)

    def requests(self, host: str | None = None, path: str | None = None) -> list[tuple[float, str, str]]:
        with self._lock:
            return [r for r in self.log if (host is None or r[1] == host) and (path is None or r[2] == path)]

    def handle(self, host: str, path: str, headers: dict[str, str]) -> Response:
        with self._lock:
            self.log.append((time.monotonic(), host, path))
        handler = self.routes.get((host, path)) or next(
            (h for (rh, rp), h in self.routes.items() if rh == host and rp.endswith("*") and path.startswith(rp[:-1])),
            None)
        return handler(headers) if handler else (404, {"Content-Type": "text/plain"}, b"not found")


def serve(web: FixtureWeb) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            status, headers, body = web.handle(host, self.path, {k.lower(): v for k, v in self.headers.items()})
            if status == -1:  # never answer: hold the connection until the client gives up
                time.sleep(3)
                return
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def handle(self) -> None:
            with contextlib.suppress(ConnectionResetError, BrokenPipeError):  # a client that gave up (timeouts)
                super().handle()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    web.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
