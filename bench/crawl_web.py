"""A local web of news sites built from FANG-COVID, served on loopback, for crawler benchmarks.

Every outlet (``Article.source``, e.g. ``tagesspiegel.de``) becomes one host with the resources a crawler meets on
a real news site: ``/robots.txt`` (pointing to both sitemaps), ``/feed.xml`` (RSS 2.0, latest 50),
``/news-sitemap.xml`` (Google News, last two days), ``/sitemap.xml`` (index of gzip-compressed monthly sitemaps
``/sitemaps/<yyyy>-<mm>.xml.gz``), day archives ``/archiv/<yyyy>-<mm>-<dd>.html`` (chained by previous/next
day), a front page ``/`` and article pages ``/artikel/<yyyy>/<mm>/<slug>-<id>.html`` with furniture (header,
navigation, footer) and "Mehr zum Thema" links to the most similar articles of the same host (TF-IDF cosine).
Everything is rendered on demand; nothing is written to disk, and the research-only texts are read from the
dataset at run time only.

:func:`serve` starts a real HTTP/1.1 server on 127.0.0.1 that routes by the ``Host`` header; a crawler reaches it
as ``http://tagesspiegel.de:PORT/`` by injecting :func:`resolver` as its name resolution.

    python bench/crawl_web.py [--limit N] [--hosts tagesspiegel.de,zeit.de] [--port P]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import hashlib
import html
import random
import re
import socket
import sys
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

import numpy as np

from gegenprobe.types import Article

HERE = Path(__file__).resolve().parent

FEED_ITEMS = 50
FRONT_ITEMS = 30
NEWS_DAYS = 2
HEAD_CHARS = 1000
PUBLISHED_TIME = "T08:00:00+01:00"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
RESSORTS = ("Politik", "Wirtschaft", "Gesellschaft", "Wissen", "Kultur", "Sport")
KINDS = ("robots", "feed", "news_sitemap", "sitemap_index", "sitemap", "archive", "front", "article", "missing")

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ARCHIVE = re.compile(r"/archiv/(\d{4}-\d{2}-\d{2})\.html")
_MONTHLY = re.compile(r"/sitemaps/(\d{4}-\d{2})\.xml\.gz")
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class WebArticle:
    """One article page of the local web; ``links`` are the paths of its "Mehr zum Thema" articles (same host)."""

    id: str
    host: str
    path: str
    title: str
    text: str
    date: str
    links: tuple[str, ...] = ()

    @property
    def paragraphs(self) -> list[str]:
        """The text's paragraphs as rendered (split on newlines, blank lines dropped)."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]


@dataclass(frozen=True)
class Resource:
    """A rendered response: HTTP status, content type, body and the request kind it is counted as."""

    status: int
    content_type: str
    body: bytes
    kind: str


# ---------------------------------------------------------------------------------------------------------- build


def slugify(title: str, max_len: int = 80) -> str:
    """An ASCII URL slug of a German title (umlauts transliterated), at most ``max_len`` characters.

    >>> slugify("Söder: Ausgangssperre für Bayern?")
    'soeder-ausgangssperre-fuer-bayern'
    """
    text = unicodedata.normalize("NFKD", title.translate(_TRANSLIT)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > max_len:
        cut = slug[:max_len]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug or "artikel"


def _short_id(article_id: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9]{1,10}", article_id):
        return article_id.lower()
    return hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8]


def _valid_date(value: str | None) -> bool:
    if value is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _related(docs: Iterable[str], hosts: list[str], k: int, block: int = 4_000_000) -> list[list[int]]:
    """For each doc the indices of the ``k`` most similar docs of the same host (TF-IDF cosine, best first).

    IDF is fitted on all docs; similarities are exact sparse dot products, computed per host in row chunks of
    at most ``block`` cells, so memory stays bounded (about 16 MB per chunk) whatever the host's size.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    out: list[list[int]] = [[] for _ in hosts]
    if k <= 0 or len(hosts) < 2:
        return out
    min_df = 2 if len(hosts) >= 50 else 1
    vectorizer = TfidfVectorizer(min_df=min_df, max_df=0.5, sublinear_tf=True, dtype=np.float32)
    try:
        matrix = vectorizer.fit_transform(docs).tocsr()
    except ValueError:  # empty vocabulary (e.g. only stop-like tokens)
        return out
    groups: dict[str, list[int]] = defaultdict(list)
    for index, host in enumerate(hosts):
        groups[host].append(index)
    for members in groups.values():
        n = len(members)
        kk = min(k, n - 1)
        if kk <= 0:
            continue
        rows = np.asarray(members)
        sub = matrix[rows]
        sub_t = sub.T.tocsr()
        step = max(1, block // n)
        for start in range(0, n, step):
            stop = min(n, start + step)
            sims = np.asarray((sub[start:stop] @ sub_t).todense(), dtype=np.float32)
            np.negative(sims, out=sims)  # distances: smallest first
            sims[np.arange(stop - start), np.arange(start, stop)] = np.inf  # never link to itself
            top = np.argpartition(sims, kk - 1, axis=1)[:, :kk]
            for offset, candidates in enumerate(top):
                order = np.lexsort((candidates, sims[offset, candidates]))  # best first, ties by position
                out[members[start + offset]] = [members[int(c)] for c in candidates[order]]
    return out


def build_web(
    articles: Sequence[Article],
    hosts: Sequence[str] | None = None,
    limit: int | None = None,
    related_links: int = 5,
) -> NewsWeb:
    """Build the local web from dated articles whose ``source`` is in ``hosts`` (None: all sources).

    Selection is deterministic: articles are ordered newest first (date descending, then id) and the first
    ``limit`` are kept, so a limited web is the most recent slice of the corpus (duplicate ids keep the first).
    Each article gets the path ``/artikel/<yyyy>/<mm>/<slug>-<id>.html`` and up to ``related_links`` links to the
    most similar other articles of its host by TF-IDF cosine of title + first 1,000 characters of the text.
    """
    wanted = {h.lower() for h in hosts} if hosts is not None else None
    seen: set[str] = set()
    chosen: list[Article] = []
    for article in articles:
        if article.source is None or not _valid_date(article.date) or article.id in seen:
            continue
        if wanted is not None and article.source.lower() not in wanted:
            continue
        seen.add(article.id)
        chosen.append(article)
    chosen.sort(key=lambda a: (a.date or "", a.id), reverse=True)
    if limit is not None:
        chosen = chosen[: max(0, limit)]

    paths: list[str] = []
    taken: set[tuple[str, str]] = set()
    for article in chosen:
        date = article.date or ""
        host = (article.source or "").lower()
        base = f"/artikel/{date[:4]}/{date[5:7]}/{slugify(article.title)}-{_short_id(article.id)}"
        path, n = f"{base}.html", 1
        while (host, path) in taken:
            n += 1
            path = f"{base}-{n}.html"
        taken.add((host, path))
        paths.append(path)

    docs = (f"{a.title}\n{a.text[:HEAD_CHARS]}" for a in chosen)  # one pass: the vectorizer reads them once
    neighbours = _related(docs, [(a.source or "").lower() for a in chosen], related_links)
    web_articles = [
        WebArticle(
            id=a.id,
            host=(a.source or "").lower(),
            path=paths[i],
            title=a.title,
            text=a.text,
            date=a.date or "",
            links=tuple(paths[j] for j in neighbours[i]),
        )
        for i, a in enumerate(chosen)
    ]
    return NewsWeb(web_articles)


# --------------------------------------------------------------------------------------------------------- render


def _clean(text: str) -> str:
    return _INVALID_XML.sub("", text)


def _esc(text: str) -> str:
    """Escape for HTML and XML text and attribute values (after dropping characters XML forbids)."""
    return html.escape(_clean(text), quote=True)


def _stamp(date: str) -> str:
    return f"{date}{PUBLISHED_TIME}"


def _rfc822(date: str) -> str:
    day = dt.date.fromisoformat(date)
    return f"{_WEEKDAYS[day.weekday()]}, {day.day:02d} {_MONTHS[day.month - 1]} {day.year} 08:00:00 +0100"


def _german(date: str) -> str:
    return dt.date.fromisoformat(date).strftime("%d.%m.%Y")


def _archive_path(date: str) -> str:
    return f"/archiv/{date}.html"


def _split_host(header: str) -> tuple[str, str]:
    """(host name, ``host[:port]`` as sent) from a Host header value."""
    value = header.strip()
    name = value.rsplit(":", 1)[0] if value.count(":") == 1 else value
    return name.lower().rstrip("."), value


class NewsWeb:
    """The articles of the local web by host and path; renders every resource on demand with :meth:`get`.

    ``now`` is the newest article date (``YYYY-MM-DD``); the news sitemap covers ``now`` and the day before.
    Day archives exist for every day from a host's oldest article to ``now``.
    """

    def __init__(self, articles: Iterable[WebArticle]) -> None:
        self.articles: dict[str, dict[str, WebArticle]] = defaultdict(dict)
        for article in articles:
            self.articles[article.host][article.path] = article
        self.articles = dict(self.articles)
        if not self.articles:
            raise ValueError("a NewsWeb needs at least one article")
        self.hosts: tuple[str, ...] = tuple(sorted(self.articles))
        self._newest: dict[str, list[WebArticle]] = {
            host: sorted(pages.values(), key=lambda a: (a.date, a.id), reverse=True)
            for host, pages in self.articles.items()
        }
        self.now: str = max(items[0].date for items in self._newest.values())
        self._days: dict[str, dict[str, list[WebArticle]]] = {}
        self._months: dict[str, dict[str, list[WebArticle]]] = {}
        for host, items in self._newest.items():
            days: dict[str, list[WebArticle]] = defaultdict(list)
            months: dict[str, list[WebArticle]] = defaultdict(list)
            for article in items:
                days[article.date].append(article)
                months[article.date[:7]].append(article)
            self._days[host] = dict(days)
            self._months[host] = dict(months)

    def __len__(self) -> int:
        return sum(len(pages) for pages in self.articles.values())

    def all_articles(self) -> list[WebArticle]:
        """Every article, ordered by host and path."""
        return [self.articles[h][p] for h in self.hosts for p in sorted(self.articles[h])]

    def newest(self, host: str) -> list[WebArticle]:
        """The host's articles, newest first (date descending, then id)."""
        return list(self._newest[host])

    def counts(self) -> dict[str, int]:
        """Number of articles per host."""
        return {host: len(self.articles[host]) for host in self.hosts}

    def first_day(self, host: str) -> str:
        return self._newest[host][-1].date

    # ------------------------------------------------------------------ routing

    def get(self, host_header: str, target: str) -> Resource:
        """Render the resource for a request with this ``Host`` header and request target (path[?query])."""
        host, authority = _split_host(host_header)
        if host not in self.articles:
            return self._missing()
        base = f"http://{authority}"
        path = unquote(urlsplit(target).path) or "/"
        if path == "/":
            return self._html(self._front(host), "front")
        if path == "/robots.txt":
            return self._robots(base)
        if path == "/feed.xml":
            return self._feed(host, base)
        if path == "/news-sitemap.xml":
            return self._news_sitemap(host, base)
        if path == "/sitemap.xml":
            return self._sitemap_index(host, base)
        match = _MONTHLY.fullmatch(path)
        if match and match.group(1) in self._months[host]:
            return self._monthly(host, base, match.group(1))
        match = _ARCHIVE.fullmatch(path)
        if match and _valid_date(match.group(1)) and self.first_day(host) <= match.group(1) <= self.now:
            return self._html(self._archive(host, match.group(1)), "archive")
        article = self.articles[host].get(path)
        if article is not None:
            return self._html(self._article(article, base), "article")
        return self._missing()

    @staticmethod
    def _html(page: str, kind: str) -> Resource:
        return Resource(200, "text/html; charset=utf-8", page.encode("utf-8"), kind)

    @staticmethod
    def _xml(doc: str, kind: str, content_type: str = "application/xml; charset=utf-8") -> Resource:
        return Resource(200, content_type, doc.encode("utf-8"), kind)

    @staticmethod
    def _missing() -> Resource:
        page = (
            '<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8"><title>Seite nicht gefunden</title></head>'
            "<body><h1>404 – Seite nicht gefunden</h1></body></html>\n"
        )
        return Resource(404, "text/html; charset=utf-8", page.encode("utf-8"), "missing")

    # ------------------------------------------------------------------ machine-readable resources

    def _robots(self, base: str) -> Resource:
        text = f"User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\nSitemap: {base}/news-sitemap.xml\n"
        return Resource(200, "text/plain; charset=utf-8", text.encode("utf-8"), "robots")

    def _feed(self, host: str, base: str) -> Resource:
        items = self._newest[host][:FEED_ITEMS]
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n',
            f"<title>{_esc(host)}</title>\n<link>{_esc(base)}/</link>\n",
            f"<description>Nachrichten von {_esc(host)}</description>\n<language>de</language>\n",
            f"<lastBuildDate>{_rfc822(items[0].date)}</lastBuildDate>\n",
        ]
        for a in items:
            link = _esc(base + a.path)
            parts.append(
                f"<item>\n<title>{_esc(a.title)}</title>\n<link>{link}</link>\n"
                f'<pubDate>{_rfc822(a.date)}</pubDate>\n<guid isPermaLink="true">{link}</guid>\n</item>\n'
            )
        parts.append("</channel>\n</rss>\n")
        return self._xml("".join(parts), "feed", "application/rss+xml; charset=utf-8")

    def _news_sitemap(self, host: str, base: str) -> Resource:
        oldest = (dt.date.fromisoformat(self.now) - dt.timedelta(days=NEWS_DAYS - 1)).isoformat()
        parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">\n']
        for a in self._newest[host]:
            if a.date < oldest:
                break
            parts.append(
                f"<url>\n<loc>{_esc(base + a.path)}</loc>\n<news:news>\n<news:publication>\n"
                f"<news:name>{_esc(host)}</news:name>\n<news:language>de</news:language>\n</news:publication>\n"
                f"<news:publication_date>{_stamp(a.date)}</news:publication_date>\n"
                f"<news:title>{_esc(a.title)}</news:title>\n</news:news>\n</url>\n"
            )
        parts.append("</urlset>\n")
        return self._xml("".join(parts), "news_sitemap")

    def _sitemap_index(self, host: str, base: str) -> Resource:
        parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n']
        for month, items in sorted(self._months[host].items(), reverse=True):
            parts.append(
                f"<sitemap>\n<loc>{_esc(base)}/sitemaps/{month}.xml.gz</loc>\n"
                f"<lastmod>{items[0].date}</lastmod>\n</sitemap>\n"
            )
        parts.append("</sitemapindex>\n")
        return self._xml("".join(parts), "sitemap_index")

    def _monthly(self, host: str, base: str, month: str) -> Resource:
        parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n']
        for a in self._months[host][month]:
            parts.append(f"<url><loc>{_esc(base + a.path)}</loc><lastmod>{a.date}</lastmod></url>\n")
        parts.append("</urlset>\n")
        body = gzip.compress("".join(parts).encode("utf-8"), mtime=0)
        return Resource(200, "application/gzip", body, "sitemap")

    # ------------------------------------------------------------------ HTML pages

    def _page(self, host: str, title: str, body: str, head: str = "") -> str:
        ressorts = "".join(f'<li><a href="/ressort/{r.lower()}/">{r}</a></li>' for r in RESSORTS)
        site = _esc(host)
        return (
            '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n"
            f'<link rel="alternate" type="application/rss+xml" title="{site}" href="/feed.xml">\n'
            f"{head}</head>\n<body>\n"
            '<header class="site-header">\n'
            f'<a class="logo" href="/">{site}</a>\n'
            f'<nav class="ressorts" aria-label="Ressorts"><ul>{ressorts}</ul></nav>\n'
            '<nav class="service"><ul><li><a href="/abo/">Abo</a></li><li><a href="/newsletter/">Newsletter</a></li>'
            f'<li><a href="{_archive_path(self.now)}">Archiv</a></li></ul></nav>\n'
            "</header>\n"
            f"<main>\n{body}</main>\n"
            '<footer class="site-footer">\n<nav><ul><li><a href="/impressum.html">Impressum</a></li>'
            '<li><a href="/datenschutz.html">Datenschutz</a></li><li><a href="/kontakt.html">Kontakt</a></li>'
            '<li><a href="/agb.html">AGB</a></li><li><a href="/ressorts.html">Ressorts</a></li></ul></nav>\n'
            f"<p>© 2020 {site}. Alle Rechte vorbehalten.</p>\n</footer>\n</body>\n</html>\n"
        )

    @staticmethod
    def _link_list(items: Iterable[WebArticle], css: str) -> str:
        rows = "".join(f'<li><a href="{_esc(a.path)}">{_esc(a.title)}</a></li>\n' for a in items)
        return f'<ul class="{css}">\n{rows}</ul>\n'

    def _front(self, host: str) -> str:
        body = (
            f'<h1 class="visually-hidden">Nachrichten – {_esc(host)}</h1>\n<section class="aufmacher">\n'
            f"<h2>Neueste Artikel</h2>\n{self._link_list(self._newest[host][:FRONT_ITEMS], 'teaser')}</section>\n"
            f'<p class="more"><a href="{_archive_path(self.now)}">Alle Artikel vom {_german(self.now)}</a></p>\n'
        )
        return self._page(host, f"{_esc(host)} – Nachrichten", body)

    def _archive(self, host: str, date: str) -> str:
        day = dt.date.fromisoformat(date)
        items = self._days[host].get(date, [])
        nav = []
        previous, following = (day - dt.timedelta(days=1)).isoformat(), (day + dt.timedelta(days=1)).isoformat()
        if previous >= self.first_day(host):
            nav.append(f'<a rel="prev" href="{_archive_path(previous)}">« {_german(previous)}</a>')
        if following <= self.now:
            nav.append(f'<a rel="next" href="{_archive_path(following)}">{_german(following)} »</a>')
        listing = self._link_list(items, "archiv") if items else '<p class="leer">Keine Artikel an diesem Tag.</p>\n'
        body = (
            f'<section class="archiv">\n<h1>Archiv: {_german(date)}</h1>\n{listing}'
            f'<nav class="pagination">{" ".join(nav)}</nav>\n</section>\n'
        )
        return self._page(host, f"Archiv {_german(date)} – {_esc(host)}", body)

    def _article(self, article: WebArticle, base: str) -> str:
        stamp = _stamp(article.date)
        title = _esc(article.title)
        head = (
            f'<link rel="canonical" href="{_esc(base + article.path)}">\n'
            f'<meta property="og:type" content="article">\n<meta property="og:title" content="{title}">\n'
            f'<meta property="article:published_time" content="{stamp}">\n<meta name="date" content="{stamp}">\n'
        )
        paragraphs = "".join(f"<p>{_esc(p)}</p>\n" for p in article.paragraphs)
        pages = self.articles[article.host]
        related = [pages[path] for path in article.links if path in pages]
        aside = (
            f'<aside class="related">\n<h2>Mehr zum Thema</h2>\n{self._link_list(related, "related")}</aside>\n'
            if related
            else ""
        )
        body = (
            f'<nav class="breadcrumb"><a href="/">Startseite</a> › '
            f'<a href="{_archive_path(article.date)}">Archiv {_german(article.date)}</a></nav>\n'
            f'<article>\n<h1>{title}</h1>\n<div class="meta"><time datetime="{stamp}">{_german(article.date)}</time>'
            f"</div>\n{paragraphs}</article>\n{aside}"
        )
        return self._page(article.host, f"{title} | {_esc(article.host)}", body, head)


# ---------------------------------------------------------------------------------------------------------- serve


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = 60
    server: _Server

    def do_GET(self) -> None:
        owner = self.server.owner
        host_header = self.headers.get("Host", "")
        try:
            resource = owner.web.get(host_header, self.path)
        except Exception as error:  # a rendering bug: answer 500, keep it for the benchmark to inspect
            owner.errors.append(error)
            resource = Resource(500, "text/plain; charset=utf-8", b"internal error\n", "error")
        owner._count(_split_host(host_header)[0], resource.kind, self.path)
        self.send_response(resource.status)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(resource.body)))
        self.end_headers()
        self.wfile.write(resource.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], owner: WebServer) -> None:
        self.owner = owner
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        with self.connections_lock:
            self.connections.add(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.connections_lock:
                self.connections.discard(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # client hang-ups and the like; logging is silenced


class WebServer:
    """A running local web: ``.port``, ``.url(host, path)``, ``.requests`` counting ``(host, kind)``.

    ``.paths`` counts ``(host, path)`` of every request and ``.errors`` keeps rendering exceptions (answered 500).
    Both counters are updated under a lock; read them after the crawl (or copy them) for consistent figures.
    """

    def __init__(self, web: NewsWeb, port: int = 0) -> None:
        self.web = web
        self.requests: Counter[tuple[str, str]] = Counter()
        self.paths: Counter[tuple[str, str]] = Counter()
        self.errors: list[BaseException] = []
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", port), self)
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="crawl-web", daemon=True)
        self._thread.start()

    def _count(self, host: str, kind: str, target: str) -> None:
        with self.lock:
            self.requests[(host, kind)] += 1
            self.paths[(host, target)] += 1

    def url(self, host: str, path: str = "/") -> str:
        """The URL of ``path`` on ``host``, e.g. ``http://tagesspiegel.de:PORT/``."""
        return f"http://{host}:{self.port}{path}"

    def reset(self) -> None:
        """Clear the request counters (between benchmark runs)."""
        with self.lock:
            self.requests.clear()
            self.paths.clear()
            self.errors.clear()

    def close(self) -> None:
        """Stop serving and drop open keep-alive connections."""
        self._server.shutdown()
        self._server.server_close()
        with self._server.connections_lock:
            connections = list(self._server.connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)

    def __enter__(self) -> WebServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def serve(web: NewsWeb, port: int = 0) -> WebServer:
    """Serve ``web`` on 127.0.0.1 (``port`` 0: any free port) in a daemon thread, routing by the Host header."""
    return WebServer(web, port)


def resolver(web: NewsWeb) -> Callable[[str, int], list[str]]:
    """Name resolution for the local web: ``['127.0.0.1']`` for its hosts, ``OSError`` for any other name."""
    hosts = frozenset(web.hosts)

    def resolve(host: str, port: int) -> list[str]:
        if host.lower().rstrip(".") in hosts:
            return ["127.0.0.1"]
        raise socket.gaierror(socket.EAI_NONAME, f"unknown host in the local web: {host}")

    return resolve


def oracle_sample(web: NewsWeb, n: int, seed: int) -> list[WebArticle]:
    """``n`` query articles (fewer if the web has fewer) drawn with ``random.Random(seed)`` from those with links."""
    pool = [a for a in web.all_articles() if a.links]
    return random.Random(seed).sample(pool, min(n, len(pool)))


# ----------------------------------------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve FANG-COVID as a local web of news sites on 127.0.0.1.")
    parser.add_argument("--limit", type=int, default=None, help="keep the N newest articles")
    parser.add_argument("--hosts", default=None, help="comma-separated outlets, e.g. tagesspiegel.de,zeit.de")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: any free port)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(HERE))
    from fang import load_fang

    hosts = [h.strip() for h in args.hosts.split(",") if h.strip()] if args.hosts else None
    web = build_web(load_fang(), hosts=hosts, limit=args.limit)
    server = serve(web, args.port)
    print(f"{len(web)} articles on {len(web.hosts)} hosts, now = {web.now}, port {server.port}")
    for host, count in web.counts().items():
        print(f"{count:6d}  {server.url(host, '/robots.txt')}")
    print(f"e.g. curl --resolve {web.hosts[0]}:{server.port}:127.0.0.1 {server.url(web.hosts[0], '/robots.txt')}")
    print("serving until Ctrl-C")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


if __name__ == "__main__":
    main()
