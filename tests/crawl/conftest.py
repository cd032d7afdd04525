from __future__ import annotations

import gzip
from dataclasses import replace
from pathlib import Path

import pytest

from gegenprobe.corpus import open_corpus
from gegenprobe.crawl import CrawlJob, SourceRegistry
from gegenprobe.errors import FetchError
from gegenprobe.ingest import Fetcher
from gegenprobe.settings import CrawlSettings, FetchSettings, Settings

from .web import STORIES, FixtureWeb, article_html, html_response, rss, serve, sitemap_index, urlset, xml_response

HOSTS = ("alpha.example", "beta.example", "gamma.example", "delta.example", "epsilon.example", "zeta.example")
DAY = "2024-05-06"
ALPHA_DELAY = 0.5
MIN_DELAY = 0.2
BILLION_LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>&lol3;</loc></url></urlset>"""


def _variant(story: str, outlet: str) -> tuple[str, str]:
    """The same story as another outlet tells it: its own opening sentence before the shared facts."""
    title, text = STORIES[story]
    openings = {"alpha": "Wie unsere Redaktion erfuhr, gibt es Neuigkeiten. ",
                "beta": "Am Morgen bestätigten die Behörden die Meldung. ",
                "epsilon": "Die Nachricht verbreitete sich am Vormittag schnell. "}
    return f"{title} ({outlet})", openings.get(outlet, "") + text


def build_web() -> FixtureWeb:
    web = FixtureWeb()
    server = serve(web)
    url = web.url

    def page(host: str, path: str, story: str, outlet: str, day: str = DAY,
             links: tuple[tuple[str, str], ...] = ()) -> None:
        title, text = _variant(story, outlet)
        web.add(host, path, html_response(article_html(title, text, day, links)))

    # alpha: Crawl-delay, a disallowed folder, a feed, a gzip sitemap index found through robots.txt
    web.add("alpha.example", "/robots.txt", (200, {"Content-Type": "text/plain"}, (
        f"User-agent: *\nDisallow: /privat/\nCrawl-delay: {ALPHA_DELAY}\n"
        f"Sitemap: {url('alpha.example', '/sitemap.xml')}\n").encode()))
    web.add("alpha.example", "/feed.xml", lambda headers: (304, {"ETag": '"v1"'}, b"")
            if headers.get("if-none-match") == '"v1"' else
            (200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, rss([
                ("Rheinbrücke gesperrt", url("alpha.example", "/politik/bruecke-gesperrt.html"), DAY),
                ("Streik im Güterverkehr", url("alpha.example", "/wirtschaft/lokfuehrer-streik.html"), DAY),
                ("Intern", url("alpha.example", "/privat/intern-bericht.html"), DAY)]).encode()))
    page("alpha.example", "/politik/bruecke-gesperrt.html", "bruecke", "alpha",
         links=(("/land/ernte-trockenheit.html", "Bauern fürchten schlechte Ernte"),
                (url("beta.example", "/regional/rheinbruecke-pendler.html"), "Brücke: Pendler im Stau")))
    page("alpha.example", "/wirtschaft/lokfuehrer-streik.html", "streik", "alpha")
    page("alpha.example", "/privat/intern-bericht.html", "wahl", "alpha")
    page("alpha.example", "/land/ernte-trockenheit.html", "ernte", "alpha")
    page("alpha.example", "/politik/kiel-stichwahl.html", "wahl", "alpha")
    web.add("alpha.example", "/sitemap.xml", xml_response(sitemap_index([
        (url("alpha.example", "/sitemaps/2024-05.xml.gz"), DAY),
        (url("alpha.example", "/sitemaps/2019-01.xml.gz"), "2019-01-31")])))
    web.add("alpha.example", "/sitemaps/2024-05.xml.gz", xml_response(urlset([
        (url("alpha.example", "/politik/kiel-stichwahl.html"), DAY, None)]), gz=True))
    web.add("alpha.example", "/sitemaps/2019-01.xml.gz", xml_response(urlset([
        (url("alpha.example", "/alt/archiv-2019.html"), "2019-01-10", None)]), gz=True))

    # beta: a Google News sitemap with titles, found through robots.txt; a page reached only by a link
    web.add("beta.example", "/robots.txt", (200, {"Content-Type": "text/plain"},
                                            f"Sitemap: {url('beta.example', '/news.xml')}\n".encode()))
    web.add("beta.example", "/news.xml", xml_response(urlset([
        (url("beta.example", "/inland/bruecke-mainz-risse.html"), DAY, "Risse an der Rheinbrücke in Mainz"),
        (url("beta.example", "/inland/ernte-brandenburg.html"), DAY, "Trockenheit: Getreideernte schrumpft"),
        (url("beta.example", "/inland/stichwahl-kiel.html"), DAY, "Kiel wählt in zwei Wochen erneut")],
        news=True)))
    page("beta.example", "/inland/bruecke-mainz-risse.html", "bruecke", "beta")
    page("beta.example", "/inland/ernte-brandenburg.html", "ernte", "beta")
    page("beta.example", "/inland/stichwahl-kiel.html", "wahl", "beta")
    page("beta.example", "/regional/rheinbruecke-pendler.html", "bruecke", "epsilon")

    # gamma: every nasty case, listed in its feed
    nasty = {
        "/riesig.html": html_response(b"<html><body><p>" + b"Lorem " * 100_000 + b"</p></body></html>"),
        "/schleife.html": (302, {"Location": "/schleife.html"}, b""),
        "/dokument-download": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 ..."),
        "/privat-umleitung.html": (302, {"Location": f"http://127.0.0.1:{web.port}/intern.html"}, b""),
        "/wand.html": (403, {"Content-Type": "text/html"},
                       b"<html><title>Just a moment...</title><div id='cf-chl-widget'></div></html>"),
        "/langsam.html": (-1, {}, b""),
        "/leer.html": html_response(b"<html><body><nav>Start</nav></body></html>"),
        "/latin.html": (200, {"Content-Type": "text/html; charset=utf-8"},
                        article_html(*_variant("ernte", "gamma"), DAY, charset="latin-1")),
    }
    for path, response in nasty.items():
        web.add("gamma.example", path, response)
    throttled = {"calls": 0}

    def drossel(headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        throttled["calls"] += 1
        if throttled["calls"] == 1:
            return 429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"slow down"
        return html_response(article_html(*_variant("streik", "gamma"), DAY))

    web.add("gamma.example", "/drossel.html", drossel)
    web.add("gamma.example", "/robots.txt", (404, {}, b""))
    web.add("gamma.example", "/feed.xml", xml_response(rss(
        [(path, url("gamma.example", path), DAY) for path in [*nasty, "/drossel.html"]])))
    web.add("gamma.example", "/kaputt.xml", xml_response(b"<urlset><url><loc>http://gamma.example/x</loc>"))
    web.add("gamma.example", "/bombe.xml", xml_response(BILLION_LAUGHS))
    web.add("gamma.example", "/bombe.xml.gz", (200, {"Content-Type": "application/gzip"},
                                               gzip.compress(b"<" * 60_000_000)))

    # delta: robots.txt answers 503 (back off); epsilon: robots.txt is an HTML page (no rules: allow all)
    web.add("delta.example", "/robots.txt", (503, {"Content-Type": "text/plain"}, b"busy"))
    web.add("delta.example", "/feed.xml", xml_response(rss([("x", url("delta.example", "/a/meldung.html"), DAY)])))
    page("delta.example", "/a/meldung.html", "wahl", "delta")
    web.add("epsilon.example", "/robots.txt", html_response(b"<html><body>Seite nicht gefunden</body></html>"))
    web.add("epsilon.example", "/feed.xml", xml_response(rss(
        [("Stichwahl", url("epsilon.example", "/wahl/stichwahl-kiel.html"), DAY)])))
    page("epsilon.example", "/wahl/stichwahl-kiel.html", "wahl", "epsilon")
    web.server = server  # type: ignore[attr-defined]
    return web


def registry_toml(web: FixtureWeb) -> str:
    url = web.url
    feeds = {"alpha": [url("alpha.example", "/feed.xml")], "beta": [], "epsilon": [url("epsilon.example", "/feed.xml")],
             "gamma": [url("gamma.example", "/feed.xml")], "delta": [url("delta.example", "/feed.xml")], "zeta": []}
    sitemaps = {"gamma": [url("gamma.example", p) for p in ("/kaputt.xml", "/bombe.xml", "/bombe.xml.gz")]}
    kinds = {"alpha": "newspaper", "beta": "broadcaster", "gamma": "blog", "delta": "newspaper",
             "epsilon": "alternative", "zeta": "fact-checker"}
    blocks = []
    for name, kind in kinds.items():
        basis = 'basis = "test label"\n' if kind == "alternative" else ""
        home = url(name + ".example", "/")
        blocks.append(f'[[source]]\nname = "{name}"\ntitle = "{name.title()}"\ndomain = "{name}.example"\n'
                      f'kind = "{kind}"\ncountry = "DE"\nhome = "{home}"\nfeeds = {feeds[name]!r}\n'
                      f'sitemaps = {sitemaps.get(name, [])!r}\n{basis}'.replace("'", '"'))
    return "\n".join(blocks)


@pytest.fixture(scope="module")
def web():
    fixture = build_web()
    yield fixture
    fixture.server.shutdown()  # type: ignore[attr-defined]
    fixture.server.server_close()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def registry(web, tmp_path_factory) -> SourceRegistry:
    path = tmp_path_factory.mktemp("registry") / "sources.toml"
    path.write_text(registry_toml(web), "utf-8")
    return SourceRegistry.load(path)


def resolver(host: str, port: int) -> list[str]:
    if host.endswith(".example") or host == "127.0.0.1":
        return ["127.0.0.1"]
    raise FetchError(f"cannot resolve host {host!r}")


def crawl_settings(corpus: Path) -> Settings:
    fetch = FetchSettings(timeout=1.0, max_bytes=200_000, private_hosts=HOSTS,
                          user_agent=CrawlSettings().user_agent)
    crawl = CrawlSettings(min_delay=MIN_DELAY, concurrency=4, backoff=0.5, robots_retry=1.0, max_attempts=2,
                          batch_size=3, max_retry_after=5)
    return replace(Settings(fetch=fetch, crawl=crawl).with_corpus(corpus), cache_dir=None)


@pytest.fixture(scope="module")
def job(tmp_path_factory, registry):
    """One corpus and crawl job for a module's tests (they read what one crawl did)."""
    settings = crawl_settings(tmp_path_factory.mktemp("crawl") / "corpus")
    with open_corpus(settings.corpus) as store, Fetcher(settings.fetch, resolver=resolver) as fetcher:
        yield CrawlJob(settings, store, registry, fetcher=fetcher)
