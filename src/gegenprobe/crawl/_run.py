"""The crawls a user starts: the registry's outlets, a list of URLs, WARC files, and the check of the registry."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..corpus import CorpusStore
from ..errors import InputError, MalformedInput
from ..ingest import Fetcher, Reader, warc_pages
from ..settings import Settings
from ..types import Article
from ._archive import WarcArchive
from ._crawler import HUB, Crawler, CrawlStats, Policy
from ._discover import Entry, parse_feed, parse_sitemap
from ._frontier import Frontier
from ._policy import DISCOVERY_PRIORITY, SourcesPolicy
from ._robots import rules_from
from ._sources import Source, SourceRegistry


@dataclass
class CrawlJob:
    """What a crawl needs besides the settings: where it stores, what it may visit, how it reports."""

    settings: Settings
    store: CorpusStore
    registry: SourceRegistry
    fetcher: Fetcher | None = None
    archive: Path | None = None
    on_event: Callable[[str, str], None] | None = None
    on_batch: Callable[[list[str]], None] | None = None
    crawler: Crawler | None = field(default=None, init=False)

    def run(self, frontier: Frontier, policy: Policy, max_pages: int | None, seconds: float | None) -> CrawlStats:
        archive = WarcArchive(self.archive) if self.archive else None
        try:
            # a watching crawl keeps its crawler between polls: robots.txt and host delays stay known
            if self.crawler is None or self.crawler.frontier is not frontier or self.crawler.policy is not policy:
                self.crawler = Crawler(self.settings, self.store, frontier, self.registry, policy,
                                       fetcher=self.fetcher, on_event=self.on_event, on_batch=self.on_batch)
            self.crawler.archive = archive
            return self.crawler.run(max_pages=max_pages, seconds=seconds)
        finally:
            if archive is not None:
                archive.close()

    def stop(self) -> None:
        if self.crawler is not None:
            self.crawler.stop()


def seed(frontier: Frontier, sources: Iterable[Source]) -> None:
    """Queue the sources' feeds and sitemaps (again, if fetched before), then their home pages: a home page is read
    for its links, and reading its host's robots.txt finds the sitemaps named there."""
    discovery, homes = [], []
    for source in sources:
        discovery += [Entry(url, "feed") for url in source.feeds] + [Entry(url, "sitemap") for url in source.sitemaps]
        homes.append(Entry(source.home, "page", title=source.title))
    frontier.add(discovery, [DISCOVERY_PRIORITY * 2] * len(discovery), HUB, requeue=True)
    frontier.add(homes, [DISCOVERY_PRIORITY] * len(homes), HUB)


def crawl_sources(job: CrawlJob, sources: list[Source], since: str | None = None, max_pages: int | None = None,
                  watch: float | None = None, seconds: float | None = None) -> CrawlStats:
    """Discover and fetch new articles of ``sources`` into the corpus; with ``watch`` (seconds), poll their feeds
    and sitemaps again at that interval until stopped."""
    policy = SourcesPolicy(since)
    with Frontier(job.settings.corpus.path) as frontier:
        seed(frontier, sources)
        while True:
            stats = job.run(frontier, policy, max_pages, seconds)
            if watch is None or job.crawler is None or job.crawler.wait_stopped(watch):
                return stats
            frontier.requeue_due(("feed", "sitemap"), time.time() - watch)


def crawl_urls(job: CrawlJob, urls: list[str], max_pages: int | None = None) -> CrawlStats:
    """Fetch a list of article URLs (any host) into the corpus, politely and resumably."""
    with Frontier(job.settings.corpus.path) as frontier:
        frontier.add([Entry(u, "page") for u in urls], [float(-i) for i in range(len(urls))], "user list")
        return job.run(frontier, SourcesPolicy(discover=False), max_pages, None)


@dataclass
class WarcSummary:
    records: int = 0
    kept: int = 0
    stored: int = 0
    duplicates: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


def crawl_warc(settings: Settings, store: CorpusStore, registry: SourceRegistry, paths: list[Path],
               sources: list[Source] | None = None, since: str | None = None, until: str | None = None,
               on_record: Callable[[], None] | None = None) -> WarcSummary:
    """Articles of the registry's outlets (or ``sources``) out of WARC files (e.g. CC-NEWS), inside the date
    window, into the corpus. A damaged file is recorded and the next one read."""
    reader, summary = Reader(settings), WarcSummary()
    domains = {s.domain for s in sources} if sources else None
    batch: list[Article] = []
    for path in paths:
        try:
            for url, body, charset in warc_pages(path, settings.ingest.max_item_bytes):
                summary.records += 1
                if on_record:
                    on_record()
                source = registry.for_url(url)
                if source is None or (domains is not None and source.domain not in domains):
                    continue
                article = _warc_article(reader, url, body, charset, source, summary)
                if article is None or (since and (article.date or "") < since) or \
                        (until and (article.date or "9999") > until):
                    continue
                summary.kept += 1
                batch.append(article)
                if len(batch) >= settings.corpus.batch_size:
                    _store(store, batch, summary)
                    batch = []
        except MalformedInput as exc:
            summary.reasons["malformed_warc"] = summary.reasons.get("malformed_warc", 0) + 1
            summary.reasons[f"file: {exc}"[:200]] = 1
    _store(store, batch, summary)
    return summary


def _warc_article(reader: Reader, url: str, body: bytes | None, charset: str | None, source: Source,
                  summary: WarcSummary) -> Article | None:
    if body is None:
        summary.reasons["too_large"] = summary.reasons.get("too_large", 0) + 1
        return None
    item = reader.read_html(body, url, charset)
    if item.article is None:
        code = item.error.code if item.error else "unreadable"
        summary.reasons[code] = summary.reasons.get(code, 0) + 1
        return None
    return source.tag(item.article)


def _store(store: CorpusStore, batch: list[Article], summary: WarcSummary) -> None:
    for result in store.add_batch(batch):
        summary.stored += result.status == "added"
        summary.duplicates += result.status != "added"


def check_sources(settings: Settings, sources: list[Source], fetcher: Fetcher | None = None,
                  on_done: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Try every source's robots.txt, feeds and sitemaps (politely: one host at a time, the delay between
    requests); report per URL whether it answers and how many entries it lists."""
    fetcher = fetcher or Fetcher(replace(settings.fetch, user_agent=settings.crawl.user_agent))
    agent = settings.crawl.user_agent.split("/")[0]

    def one_source(source: Source) -> list[dict[str, Any]]:
        rows = []
        robots_url = source.home + "robots.txt"
        targets = [("robots", robots_url)] + [("feed", u) for u in source.feeds] + \
            [("sitemap", u) for u in source.sitemaps]
        for index, (kind, url) in enumerate(targets):
            if index:
                time.sleep(settings.crawl.min_delay)
            row: dict[str, Any] = {"source": source.name, "kind": kind, "url": url}
            try:
                response = fetcher.get(url)
                row["status"] = response.status
                if kind == "robots":
                    rules = rules_from(response.status, response.body, time.time(), agent)
                    row["entries"] = len(rules.sitemaps())
                    row["ok"] = not rules.disallow_all and rules.allows(source.home)
                elif response.status < 400:
                    parse = parse_feed if kind == "feed" else parse_sitemap
                    row["entries"] = len(parse(response.body, response.url))
                    row["ok"] = True
                else:
                    row["ok"] = False
            except InputError as exc:
                row.update(ok=False, error=str(exc))
            rows.append(row)
            if on_done:
                on_done(row)
        return rows

    with ThreadPoolExecutor(settings.crawl.concurrency) as pool:
        return [row for rows in pool.map(one_source, sources) for row in rows]
