"""Topic-crawl harvest (issue 14): how much of a story's coverage the topic crawl brings back, and at what cost.

The local web (bench/crawl_web.py) holds the newest ``--pages`` articles of FANG-COVID 2020's real outlets
(Tagesspiegel, Zeit, Süddeutsche), built like real sites: feeds with the latest 50 items, news sitemaps with titles
for the last two days only, older pages only in monthly sitemaps (URL and date) and day archives, and "Mehr zum
Thema" links between similar articles. Queries are articles of FANG-COVID's fake outlets from the same weeks. The
oracle of a query is `related` over the full web corpus (its topic-related top 10, ±14 days); the topic crawl starts
from an empty corpus with a budget of 10 % of the web.

    python bench/crawl_harvest.py [--pages 5000] [--queries 50] [--budget-share 0.1]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl_throughput import registry_of
from crawl_web import build_web, resolver, serve
from fang import load_fang

from gegenprobe.corpus import open_corpus
from gegenprobe.crawl import CrawlJob, topic_crawl
from gegenprobe.ingest import Fetcher
from gegenprobe.related import RelatedFinder, RelatedOptions
from gegenprobe.settings import CrawlSettings, FetchSettings, Settings
from gegenprobe.text import load_encoder
from gegenprobe.types import Article

REAL = ["sueddeutsche.de", "tagesspiegel.de", "zeit.de"]
OUT = Path(__file__).resolve().parent / "out"
DAYS = 14


def _key(url: str | None) -> str:
    """host/path of a URL (the port changes between runs)."""
    rest = (url or "").split("://", 1)[-1]
    host, _, path = rest.partition("/")
    return f"{host.split(':')[0]}/{path}"


def _settings(corpus: Path, hosts: list[str]) -> Settings:
    settings = Settings(fetch=FetchSettings(private_hosts=tuple(hosts), user_agent=CrawlSettings().user_agent),
                        crawl=CrawlSettings(min_delay=0.0, concurrency=3))
    return replace(settings.with_corpus(corpus), cache_dir=None)


def oracle(web, server, queries: list[Article], folder: Path, encoder) -> dict[str, set[str]]:
    """The topic-related top 10 of every query over the whole web, as host/path keys."""
    settings = _settings(folder / "oracle", [])
    with open_corpus(settings.corpus) as store:
        articles = [Article(id=a.id, title=a.title, text=a.text, date=a.date, source=a.host,
                            url=server.url(a.host, a.path)) for a in web.all_articles()]
        for start in range(0, len(articles), 500):
            store.add_batch(articles[start:start + 500])
        with RelatedFinder(store, settings.corpus.path, encoder=encoder) as finder:
            return {q.id: {_key(h.url) for h in finder.find(q, RelatedOptions(k=10, days=DAYS))} for q in queries}


def queries_for(web, count: int, seed: int) -> list[Article]:
    """Fake-outlet articles dated inside the web's weeks (not its first two: their coverage must be on the web)."""
    days = sorted({a.date for a in web.all_articles()})
    first, last = days[min(DAYS, len(days) - 1)], days[-1]
    fakes = [a for a in load_fang() if a.meta.get("label") == "fake" and a.date and first <= a.date <= last]
    random.Random(seed).shuffle(fakes)
    return fakes[: count * 3]  # more than needed: queries without any oracle hit are dropped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--budget-share", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    web = build_web(load_fang(), hosts=REAL, limit=args.pages)
    server = serve(web)
    encoder = load_encoder("e5")
    budget = int(args.budget_share * len(web))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        candidates = queries_for(web, args.queries, args.seed)
        truth = oracle(web, server, candidates, folder, encoder)
        chosen = [q for q in candidates if truth[q.id]][: args.queries]
        registry = registry_of(server, REAL)
        for n, query in enumerate(chosen):
            settings = _settings(folder / f"crawl-{n}", REAL)
            started = time.perf_counter()
            with open_corpus(settings.corpus) as store, Fetcher(settings.fetch, resolver=resolver(web)) as fetcher:
                job = CrawlJob(settings, store, registry, fetcher=fetcher)
                result = topic_crawl(job, query, list(registry), days=DAYS, budget=budget, encoder=encoder)
                crawled = {_key(s.article.url) for s in store.iter_articles()}
            found = truth[query.id] & crawled
            rows.append({"query": query.id, "oracle": len(truth[query.id]), "found": len(found),
                         "pages": result.stats.pages, "requests": result.stats.requests,
                         "related": len(result.hits), "seconds": round(time.perf_counter() - started, 1)})
            print(json.dumps(rows[-1]), flush=True)
    server.close()
    oracle_total = sum(r["oracle"] for r in rows)
    found_total = sum(r["found"] for r in rows)
    pages = [r["pages"] for r in rows]
    summary = {"web_pages": len(web), "queries": len(rows), "budget": budget,
               "oracle_found": round(found_total / max(oracle_total, 1), 3),
               "queries_fully_found": sum(r["found"] == r["oracle"] for r in rows),
               "mean_pages_fetched": round(sum(pages) / max(len(pages), 1), 1),
               "mean_share_of_web_fetched": round(sum(pages) / max(len(pages), 1) / len(web), 3),
               "mean_seconds": round(sum(r["seconds"] for r in rows) / max(len(rows), 1), 1)}
    OUT.mkdir(exist_ok=True)
    (OUT / "crawl_harvest.json").write_text(json.dumps({"summary": summary, "rows": rows}, indent=1), "utf-8")
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
