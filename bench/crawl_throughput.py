"""Crawler throughput (issue 14): a local web of FANG-COVID 2020 articles served on loopback (bench/crawl_web.py),
crawled from its feeds and sitemaps with the politeness delay off for these hosts: pages/s for fetch + extract +
clean + store + BM25 index (embeddings are measured apart, as the issue asks); and the memory of a frontier of
1,000,000 URLs.

    python bench/crawl_throughput.py [--pages 20000] [--concurrency 4] [--frontier 1000000]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl_web import build_web, resolver, serve
from fang import load_fang

from gegenprobe.corpus import open_corpus
from gegenprobe.crawl import CrawlJob, Source, SourceRegistry, crawl_sources
from gegenprobe.ingest import Fetcher
from gegenprobe.related._lexical import LexicalIndex
from gegenprobe.settings import CrawlSettings, FetchSettings, Settings


def registry_of(server, hosts: list[str]) -> SourceRegistry:
    return SourceRegistry(tuple(Source(h.replace(".", "-"), h, h, "newspaper", "DE", (server.url(h, "/feed.xml"),),
                                       (server.url(h, "/sitemap.xml"),), home=server.url(h, "/"))
                                for h in hosts), "local web")


def crawl(pages: int, concurrency: int) -> None:
    web = build_web(load_fang(), limit=pages)
    hosts = sorted(web.counts())
    server = serve(web)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(fetch=FetchSettings(private_hosts=tuple(hosts), user_agent=CrawlSettings().user_agent),
                            crawl=CrawlSettings(min_delay=0.0, concurrency=concurrency, batch_size=200))
        settings = replace(settings.with_corpus(Path(folder) / "corpus"), cache_dir=None)
        index = LexicalIndex(Path(folder) / "bm25")
        with open_corpus(settings.corpus) as store, Fetcher(settings.fetch, resolver=resolver(web)) as fetcher:
            seen = {"rowid": 0}

            def index_batch(ids: list[str]) -> None:  # BM25 over lemmas, as `corpus add` indexes
                fresh = list(store.iter_since(seen["rowid"]))
                index.add([(s.rowid, s.article.title, s.article.text) for s in fresh])
                seen["rowid"] = max([seen["rowid"], *(s.rowid for s in fresh)])

            job = CrawlJob(settings, store, registry_of(server, hosts), fetcher=fetcher, on_batch=index_batch)
            started = time.perf_counter()
            stats = crawl_sources(job, list(job.registry))
            seconds = time.perf_counter() - started
            stored = len(store)
    server.close()
    print(f"local web: {len(web)} articles on {len(hosts)} hosts; requests {stats.requests}, pages {stats.pages}, "
          f"stored {stored}")
    print(f"fetch + extract + clean + store + BM25 index: {stats.pages / seconds:.1f} pages/s "
          f"({seconds:.0f} s, concurrency {concurrency}); outcomes {dict(stats.outcomes)}")
    print(f"peak RSS of the crawl process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


FRONTIER_PROBE = """
import resource, sys, time
from pathlib import Path
from gegenprobe.crawl import Entry, Frontier
n = int(sys.argv[2])
with Frontier(Path(sys.argv[1])) as frontier:
    started = time.perf_counter()
    for start in range(0, n, 50_000):
        frontier.add([Entry(f"https://host{i % 500}.example/artikel/{i}.html", published="2020-05-01")
                      for i in range(start, min(n, start + 50_000))], [float(i % 1000) for i in range(50_000)])
    added = time.perf_counter() - started
    started = time.perf_counter()
    due = frontier.due(8, set())
    print(f"frontier of {n:,} URLs: added in {added:.0f} s, due() {1000 * (time.perf_counter() - started):.0f} ms, "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
"""


def frontier_memory(urls: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-c", FRONTIER_PROBE, folder, str(urls)], check=True)
        size = sum(p.stat().st_size for p in Path(folder).iterdir())
        print(f"frontier files on disk: {size / 1e6:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--frontier", type=int, default=1_000_000)
    args = parser.parse_args()
    frontier_memory(args.frontier)
    crawl(args.pages, args.concurrency)


if __name__ == "__main__":
    main()
