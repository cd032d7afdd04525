"""Crawl: gegenprobe builds its own corpus of German coverage from the outlets' feeds and sitemaps, politely
(robots.txt, delays, one request per host at a time), safely (the fetcher's guard and limits) and resumably (a
SQLite frontier in the corpus directory); and the topic crawl brings back the coverage of one article's story."""

from ._archive import WarcArchive
from ._crawler import Crawler, CrawlStats, Policy
from ._discover import Entry, is_article_url, page_links, parse_feed, parse_sitemap
from ._frontier import Frontier
from ._policy import SourcesPolicy, TopicPolicy
from ._run import CrawlJob, WarcSummary, check_sources, crawl_sources, crawl_urls, crawl_warc
from ._search import SearchBackend, SearxngSearch
from ._sources import KINDS, Source, SourceRegistry
from ._topic import TopicResult, topic_crawl

__all__ = [
    "KINDS",
    "CrawlJob",
    "CrawlStats",
    "Crawler",
    "Entry",
    "Frontier",
    "Policy",
    "SearchBackend",
    "SearxngSearch",
    "Source",
    "SourceRegistry",
    "SourcesPolicy",
    "TopicPolicy",
    "TopicResult",
    "WarcArchive",
    "WarcSummary",
    "check_sources",
    "crawl_sources",
    "crawl_urls",
    "crawl_warc",
    "is_article_url",
    "page_links",
    "parse_feed",
    "parse_sitemap",
    "topic_crawl",
]
