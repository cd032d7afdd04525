"""The crawler against a real HTTP server on loopback (the fixture web of conftest.py)."""

from __future__ import annotations

import itertools

import pytest

from gegenprobe.crawl import Frontier, crawl_sources

from .conftest import ALPHA_DELAY, DAY, MIN_DELAY

TOLERANCE = 0.03


def _states(job) -> dict[str, tuple[str, str]]:
    with Frontier(job.settings.corpus.path) as frontier:
        return {url: (state, reason) for url, state, reason in frontier.urls()}


def _by_path(job, host: str) -> dict[str, tuple[str, str]]:
    found = {}
    for url, value in _states(job).items():
        if f"//{host}:" in url:
            found["/" + url.split("/", 3)[3]] = value
    return found


@pytest.fixture(scope="module")
def crawled(web, job, registry):
    """One crawl of every outlet of the fixture web (from 2024 on)."""
    start = len(web.log)
    stats = crawl_sources(job, registry.select(), since="2024-01-01")
    return job, stats, web.log[start:]


def test_articles_from_feeds_and_sitemaps_are_stored_with_their_outlet(crawled):
    job, stats, _ = crawled
    alpha, beta = _by_path(job, "alpha.example"), _by_path(job, "beta.example")
    for path in ("/politik/bruecke-gesperrt.html", "/wirtschaft/lokfuehrer-streik.html",
                 "/politik/kiel-stichwahl.html"):
        assert alpha[path][0] == "stored", (path, alpha[path])
    for path in ("/inland/bruecke-mainz-risse.html", "/inland/ernte-brandenburg.html"):
        assert beta[path][0] == "stored"  # from the news sitemap named in robots.txt
    stored = {a.article.url: a.article for a in job.store.iter_articles()}
    bruecke = next(a for u, a in stored.items() if u and u.endswith("/politik/bruecke-gesperrt.html"))
    assert bruecke.meta["outlet"] == "alpha" and bruecke.meta["outlet_kind"] == "newspaper"
    assert bruecke.date == DAY and "Theodor-Heuss-Brücke" in bruecke.text and "Impressum" not in bruecke.text
    assert stats.stored == len(stored) >= 7


def test_robots_rules_are_obeyed_and_old_sitemaps_not_read(crawled, web):
    job, _, log = crawled
    paths = {(host, path) for _, host, path in log}
    assert ("alpha.example", "/privat/intern-bericht.html") not in paths
    assert _by_path(job, "alpha.example")["/privat/intern-bericht.html"] == (
        "robots", "robots: disallowed by robots.txt")
    assert ("alpha.example", "/sitemaps/2019-01.xml.gz") not in paths  # its last change is before --since
    assert ("delta.example", "/a/meldung.html") not in paths
    assert _by_path(job, "delta.example")["/feed.xml"][1].startswith("robots: robots.txt unavailable (status 503)")
    assert _by_path(job, "epsilon.example")["/wahl/stichwahl-kiel.html"][0] == "stored"  # HTML robots.txt: no rules


def test_each_host_is_asked_one_request_at_a_time_with_the_delay(crawled):
    _, _, log = crawled
    for host in ("alpha.example", "beta.example", "gamma.example", "epsilon.example"):
        times = sorted(t for t, h, _ in log if h == host)
        assert len(times) >= 2
        gaps = [b - a for a, b in itertools.pairwise(times)]
        wanted = ALPHA_DELAY if host == "alpha.example" else MIN_DELAY
        assert min(gaps) >= wanted - TOLERANCE, (host, gaps)


@pytest.mark.parametrize("path, state, reason", [
    ("/riesig.html", "failed", "larger than"),
    ("/schleife.html", "failed", "more than 5 redirects"),
    ("/dokument-download", "skipped", "not_html: application/pdf"),
    ("/privat-umleitung.html", "failed", "refusing non-public address 127.0.0.1"),
    ("/wand.html", "blocked", "bot_wall: Cloudflare challenge (HTTP 403)"),
    ("/langsam.html", "failed", "network: timed out"),
    ("/leer.html", "skipped", "no_article_text"),
    ("/kaputt.xml", "failed", "malformed: not well-formed XML"),
    ("/bombe.xml", "failed", "malformed: XML with entity declarations refused"),
    ("/bombe.xml.gz", "failed", "malformed: inflates to more than"),
    ("/drossel.html", "stored", ""),
    ("/latin.html", "stored", ""),
])
def test_every_nasty_case_ends_as_a_recorded_reason(crawled, path, state, reason):
    job, _, _ = crawled
    got_state, got_reason = _by_path(job, "gamma.example")[path]
    assert got_state == state and reason in got_reason, (got_state, got_reason)


def test_retry_after_is_honoured_and_bot_walls_are_reported(crawled):
    job, _, log = crawled
    tries = [t for t, h, p in log if h == "gamma.example" and p == "/drossel.html"]
    assert len(tries) == 2 and tries[1] - tries[0] >= 1.0 - TOLERANCE
    with Frontier(job.settings.corpus.path) as frontier:
        status = frontier.status()
    assert "gamma.example" in "".join(status["bot_walls"]) and status["states"]["stored"] >= 9


def test_a_second_crawl_asks_conditionally_and_fetches_nothing_twice(crawled, web, registry):
    job, _, _ = crawled
    start = len(web.log)
    again = crawl_sources(job, registry.select(["alpha"]), since="2024-01-01")
    paths = [p for _, h, p in web.log[start:] if h == "alpha.example"]
    assert paths.count("/feed.xml") == 1 and not [p for p in paths if p.endswith(".html")]
    assert _by_path(job, "alpha.example")["/feed.xml"] == ("fetched", "not modified")
    assert again.stored == 0


def test_an_archived_crawl_can_be_read_back_from_its_warc(web, registry, tmp_path):
    from gegenprobe.corpus import open_corpus
    from gegenprobe.crawl import CrawlJob, crawl_warc
    from gegenprobe.ingest import Fetcher

    from .conftest import crawl_settings, resolver

    settings = crawl_settings(tmp_path / "first")
    archive = tmp_path / "crawl.warc.gz"
    with open_corpus(settings.corpus) as store, Fetcher(settings.fetch, resolver=resolver) as fetcher:
        job = CrawlJob(settings, store, registry, fetcher=fetcher, archive=archive)
        crawl_sources(job, registry.select(["beta"]), since="2024-01-01")
        crawled = {a.article.url for a in store.iter_articles()}
    again = crawl_settings(tmp_path / "second")
    with open_corpus(again.corpus) as store:
        summary = crawl_warc(again, store, registry, [archive], since="2024-01-01")
        assert {a.article.url for a in store.iter_articles()} == crawled and summary.stored == len(crawled) >= 2


def test_a_page_that_breaks_the_extractor_is_a_recorded_failure(web, registry, tmp_path, monkeypatch):
    from gegenprobe.corpus import open_corpus
    from gegenprobe.crawl import CrawlJob, crawl_urls
    from gegenprobe.ingest import Fetcher, Reader

    from .conftest import crawl_settings, resolver

    def explode(self, data, url, charset=None):
        raise RuntimeError("parser bug")

    monkeypatch.setattr(Reader, "read_html", explode)
    settings = crawl_settings(tmp_path / "corpus")
    urls = [web.url("beta.example", "/inland/ernte-brandenburg.html")]
    with open_corpus(settings.corpus) as store, Fetcher(settings.fetch, resolver=resolver) as fetcher:
        stats = crawl_urls(CrawlJob(settings, store, registry, fetcher=fetcher), urls)
    assert stats.outcomes["failed"] == 1
    with Frontier(settings.corpus.path) as frontier:
        assert frontier.state_of(urls[0]) == ("failed", "error: RuntimeError: parser bug")
