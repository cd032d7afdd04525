"""The topic crawl (Vogel, Choi & Meghana 2020): from one article out to the other outlets and back with the
coverage of its story.

1. the story query of the article (the related stage's query building);
2. seeds: the outlets' feeds and sitemaps (and their robots.txt sitemaps), a search backend if configured;
3. every listed URL is scored by what its listing says against the query before it is fetched, best first;
4. fetched articles go into the corpus in small batches; after each batch the related-coverage models (same-story
   and topic-related) judge what was found; links of matching pages are followed by their text and URL;
5. the crawl stops on its page budget, its time, or when ``patience`` pages brought no new coverage; the result
   is the article's related coverage, exportable as a GermanTRC topic.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..errors import GegenprobeError
from ..related import RelatedFinder, RelatedHit, RelatedOptions, build_query, topic_bundle
from ..text import Encoder
from ..types import Article
from ._crawler import CrawlStats
from ._frontier import Frontier
from ._policy import TopicPolicy
from ._run import CrawlJob, seed
from ._search import SearchBackend
from ._sources import Source

# pages stored and judged together: small, so the crawl learns early what is relevant
TOPIC_BATCH = 10


@dataclass(frozen=True, slots=True)
class TopicResult:
    query: Article
    hits: tuple[RelatedHit, ...]
    related: tuple[Article, ...]
    stats: CrawlStats
    search_error: str = ""

    def export(self, topic_id: int = 1) -> dict[str, list[Any]]:
        """GermanTRC JSON: the article, the same-story coverage as its true articles, the other related ones as
        crawled articles."""
        same = [a for a, h in zip(self.related, self.hits, strict=True) if h.same_story]
        other = [a for a, h in zip(self.related, self.hits, strict=True) if not h.same_story]
        return topic_bundle(self.query, other, topic_id, true_articles=same)

    def to_dict(self) -> dict[str, Any]:
        return {"query": {"id": self.query.id, "title": self.query.title, "date": self.query.date},
                "crawl": self.stats.to_dict(), "search_error": self.search_error or None,
                "related": [h.to_dict() for h in self.hits]}


def frontier_name(article: Article) -> str:
    """Each topic crawl keeps its own frontier (resumable), named by its query."""
    key = hashlib.sha1(f"{article.id}\n{article.title}".encode()).hexdigest()[:16]
    return f"topics/{key}.sqlite"


def topic_crawl(job: CrawlJob, article: Article, sources: list[Source], *, days: int = 14, budget: int = 300,
                seconds: float | None = None, k: int = 20, patience: int = 60, search: SearchBackend | None = None,
                encoder: Encoder | None = None, on_judged: Callable[[int], None] | None = None) -> TopicResult:
    """Crawl the coverage of ``article``'s story from ``sources`` into the corpus; return its related coverage.

    Example:
        >>> result = topic_crawl(job, article, registry.select(), days=7, budget=200)  # doctest: +SKIP
        >>> [hit.title for hit in result.hits]  # doctest: +SKIP
    """
    query = build_query(article)
    options = RelatedOptions(k=max(k, 50), days=days)
    settings = replace(job.settings, crawl=replace(job.settings.crawl, batch_size=TOPIC_BATCH))
    crawled: set[str] = set()
    found: set[str] = set()
    with RelatedFinder(job.store, settings.corpus.path, encoder=encoder, update=False) as finder, \
            Frontier(settings.corpus.path, frontier_name(article)) as frontier:
        policy = TopicPolicy(query, days=days, budget=budget, patience=patience, encoder=finder.index.encoder)

        def judge(ids: list[str]) -> None:
            crawled.update(ids)
            finder.update()
            new = {h.id for h in finder.find(article, options)} & crawled - found
            if new:
                found.update(new)
                policy.gained(job.crawler.stats.pages if job.crawler else 0)
            if on_judged:
                on_judged(len(found))

        seed(frontier, sources)
        search_error = _search_seeds(search, query.title, frontier, policy, job)
        saved = job.settings, job.on_batch
        job.settings, job.on_batch = settings, judge  # the same job: a Ctrl-C handler on it stops this crawl too
        try:
            stats = job.run(frontier, policy, budget, seconds)
        finally:
            job.settings, job.on_batch = saved
        finder.update()
        hits = finder.find(article, RelatedOptions(k=k, days=days))
        related = finder.articles(hits)
    return TopicResult(article, tuple(hits), tuple(related), stats, search_error)


def _search_seeds(search: SearchBackend | None, title: str, frontier: Frontier, policy: TopicPolicy,
                  job: CrawlJob) -> str:
    """Queue what the search backend finds for the story (ranked like any listing); its failure is reported, the
    crawl goes on without it."""
    if search is None or not title:
        return ""
    try:
        entries = search.search(title)
    except GegenprobeError as exc:
        return str(exc)
    policy.observe(entries)
    chosen = [(e, rank) for e in entries
              if job.registry.for_url(e.url) is not None and (rank := policy.rank(e)) is not None]
    frontier.add([e for e, _ in chosen], [rank + 1.0 for _, rank in chosen], "search")
    return ""
