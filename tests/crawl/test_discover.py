"""Discovery, robots.txt, the registry and the policies, on inputs written here (no network)."""

from __future__ import annotations

import gzip
import json

import pytest

from gegenprobe.crawl import SourceRegistry, SourcesPolicy, TopicPolicy, is_article_url, parse_feed, parse_sitemap
from gegenprobe.crawl._discover import Entry, page_links
from gegenprobe.crawl._robots import rules_from
from gegenprobe.errors import ConfigError, MalformedInput
from gegenprobe.related import build_query
from gegenprobe.types import Article

from .conftest import BILLION_LAUGHS
from .web import rss, sitemap_index, urlset

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>Brücke gesperrt</title><link href="https://a.example/bruecke-gesperrt.html"/>
<updated>2024-05-06T08:00:00Z</updated><category term="Mainz"/></entry></feed>""".encode()
JSON_FEED = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [
    {"id": "1", "url": "https://a.example/streik-bahn.html", "title": "Streik bei der Bahn",
     "date_published": "2024-05-07T10:00:00+02:00"}]}).encode()


def test_rss_atom_and_json_feeds_give_link_title_and_date():
    rss_entries = parse_feed(rss([("Wahl in Kiel", "https://a.example/wahl-kiel.html", "2024-05-05")]).encode(),
                             "https://a.example/feed")
    atom, json_feed = parse_feed(ATOM, "https://a.example/atom"), parse_feed(JSON_FEED, "https://a.example/j")
    assert (rss_entries[0].url, rss_entries[0].title, rss_entries[0].published) == (
        "https://a.example/wahl-kiel.html", "Wahl in Kiel", "2024-05-05")
    assert (atom[0].title, atom[0].published, atom[0].keywords) == ("Brücke gesperrt", "2024-05-06", ("Mainz",))
    assert (json_feed[0].url, json_feed[0].published) == ("https://a.example/streik-bahn.html", "2024-05-07")


def test_news_sitemaps_give_titles_and_dates_and_indexes_give_sitemaps():
    news = parse_sitemap(gzip.compress(urlset([("https://a.example/x-1.html", "2024-05-06", "Titel & mehr")],
                                              news=True).encode()), "https://a.example/news.xml.gz")
    assert news == [Entry("https://a.example/x-1.html", "page", "Titel & mehr", "2024-05-06")]
    index = parse_sitemap(sitemap_index([("/s/2024-05.xml", "2024-05-31")]).encode(), "https://a.example/sitemap.xml")
    assert index == [Entry("https://a.example/s/2024-05.xml", "sitemap", published="2024-05-31")]


@pytest.mark.parametrize("body, message", [
    (BILLION_LAUGHS, "entity declarations refused"),
    (gzip.compress(b" " * 60_000_000), "inflates to more than"),
    (b"\x1f\x8b\x08\x00broken", "damaged gzip"),
    (b"<html><body>404</body></html>", "not a sitemap"),
    (b"<urlset><url>", "not well-formed"),
])
def test_hostile_or_broken_sitemaps_are_malformed_input(body, message):
    with pytest.raises(MalformedInput, match=message):
        parse_sitemap(body, "https://a.example/s.xml")


def test_feeds_refuse_entities_and_non_feeds():
    with pytest.raises(MalformedInput, match="entity declarations refused"):
        parse_feed(BILLION_LAUGHS.replace(b"urlset", b"rss"), "https://a.example/f")
    with pytest.raises(MalformedInput, match="not a feed"):
        parse_feed(b"\x00\x01 binary junk", "https://a.example/f")


@pytest.mark.parametrize("status, body, url, allowed, delay", [
    (200, b"User-agent: *\nDisallow: /privat/\nCrawl-delay: 3", "https://a.example/privat/x", False, 3.0),
    (200, b"User-agent: *\nRequest-rate: 1/10\nDisallow: /privat/", "https://a.example/x", True, 10.0),
    (200, b"User-agent: gegenprobe-crawler\nDisallow: /\n\nUser-agent: *\nAllow: /", "https://a.example/x", False,
     0.0),
    (200, b"<html><body>Nicht gefunden</body></html>", "https://a.example/x", True, 0.0),
    (404, b"", "https://a.example/x", True, 0.0),
    (503, b"", "https://a.example/x", False, 0.0),
    (0, b"", "https://a.example/x", False, 0.0),
])
def test_robots_txt_as_the_standard_reads_it(status, body, url, allowed, delay):
    rules = rules_from(status, body, 0.0, "gegenprobe-crawler")
    assert rules.allows(url) is allowed and rules.delay() == delay


def test_registry_entries_are_checked(tmp_path):
    shipped = SourceRegistry.load()
    assert len(shipped) >= 60 and shipped.for_url("https://www.tagesschau.de/inland/x.html").name == "tagesschau"
    assert shipped.for_url("https://de.rt.com/x").kind == "state-affiliated"
    path = tmp_path / "s.toml"
    path.write_text('[[source]]\nname = "x"\ndomain = "x.example"\nkind = "alternative"\n', "utf-8")
    with pytest.raises(ConfigError, match="needs a 'basis'"):
        SourceRegistry.load(path)
    path.write_text('[[source]]\nname = "x"\ndomain = "x.example"\nkind = "zeitung"\n', "utf-8")
    with pytest.raises(ConfigError, match="kind 'zeitung' is not one of"):
        SourceRegistry.load(path)
    path.write_text("[[source]\nname=", "utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        SourceRegistry.load(path)


def test_navigation_and_media_urls_are_not_articles():
    assert is_article_url("https://a.example/politik/bruecke-gesperrt-123.html")
    assert not any(is_article_url(u) for u in ("https://a.example/impressum", "https://a.example/tag/corona",
                                               "https://a.example/bild.jpg", "ftp://a.example/x.html"))


def test_sources_policy_takes_discovery_first_then_the_newest_inside_the_window():
    policy = SourcesPolicy(since="2024-05-01")
    new, old = Entry("https://a.example/neu-1.html", published="2024-05-06"), \
        Entry("https://a.example/alt-1.html", published="2024-04-01")
    assert policy.rank(Entry("https://a.example/feed.xml", "feed")) > policy.rank(new) > 0
    assert policy.rank(old) is None
    assert policy.rank(Entry("https://a.example/s-2019.xml", "sitemap", published="2019-01-01")) is None


def test_topic_policy_ranks_by_the_story_and_follows_matching_links():
    query = build_query(Article(id="q", title="Rheinbrücke bei Mainz für Lastwagen gesperrt", date="2024-05-06",
                                text="Die Theodor-Heuss-Brücke zwischen Mainz und Wiesbaden ist gesperrt."))
    policy = TopicPolicy(query, days=7)
    same = policy.rank(Entry("https://b.example/x.html", title="Risse an der Rheinbrücke in Mainz",
                             published="2024-05-06"))
    slug = policy.rank(Entry("https://b.example/regional/rheinbruecke-mainz-gesperrt.html"))
    assert same and slug and same > 0.3
    assert policy.rank(Entry("https://b.example/y.html", title="Streik bei der Bahn", published="2024-05-06")) is None
    assert policy.rank(Entry("https://b.example/z.html", title="Rheinbrücke in Mainz", published="2024-03-01")) is None
    links = page_links('<a href="/mainz-bruecke-risse.html">Brücke in Mainz: Risse</a><a href="/bahn.html">Bahn</a>'
                       '<a href="/impressum">Impressum</a>', "https://b.example/a.html")
    close = Article(id="a", title="Rheinbrücke Mainz gesperrt", text="Die Brücke in Mainz ist gesperrt.")
    followed = sorted(policy.follow(close, links), key=lambda pair: -pair[1])
    assert [e.url for e, _ in followed] == ["https://b.example/mainz-bruecke-risse.html", "https://b.example/bahn.html"]
    other = Article(id="b", title="Streik bei der Bahn", text="Die Lokführer streiken.")
    assert [e.url for e, _ in policy.follow(other, links)] == ["https://b.example/mainz-bruecke-risse.html"]


def test_a_host_with_many_queued_urls_does_not_starve_the_others(tmp_path):
    from gegenprobe.crawl import Frontier

    with Frontier(tmp_path) as frontier:
        frontier.add([Entry(f"https://a.example/x-{i}.html") for i in range(1000)], [100.0] * 1000)
        frontier.add([Entry("https://b.example/y-1.html")], [1.0])
        due = frontier.due(4, set())
        assert [u.host for u in due] == ["a.example", "b.example"]
        assert [u.host for u in frontier.due(4, {"a.example"})] == ["b.example"]
        frontier.mark([due[0].url], "fetching")
    with Frontier(tmp_path) as reopened:  # a killed crawl's URLs in flight go back to the queue
        assert reopened.state_of(due[0].url) == ("queued", "")
