"""Related-coverage speed and memory at 10k, 100k and 1M articles (synthetic, perturbed copies of FANG-COVID).

For each size: bulk-load a store with perturbed copies (word dropout and swaps, so no two are identical),
build the BM25 index (tantivy) and the vector index (faiss; exact up to 300k, HNSW above) from synthetic
384-d vectors near the real e5 geometry (each copy's vector = its source's vector plus noise), then time
`rank_related` for 200 queries (query vector given, i.e. excluding encoding the query) and report p50/p95,
index build throughput and peak RSS.

    python bench/related_scale.py [--sizes 10000,100000,1000000] [--queries 200]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import tempfile
import time
from pathlib import Path

import numpy as np
from fang import load_fang

from gegenprobe.corpus import open_corpus
from gegenprobe.related import RelatedIndex, RelatedOptions, default_model
from gegenprobe.related._find import rank_related
from gegenprobe.related._query import embedding_text
from gegenprobe.settings import CorpusSettings
from gegenprobe.types import Article

DIM = 384
INSERT = ("INSERT INTO articles (id, url, canonical_url, source, title, text, date, language, meta, content_hash, "
          "near_duplicate_of, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")


class GivenVectors:
    """Stands in for the encoder: returns precomputed vectors, so timings exclude encoding."""

    name, dim = "synthetic-384", DIM

    def __init__(self) -> None:
        self.by_text: dict[str, np.ndarray] = {}
        self.rng = np.random.default_rng(0)

    def vector(self, text: str) -> np.ndarray:
        if text not in self.by_text:
            v = self.rng.normal(size=DIM).astype(np.float32)
            self.by_text[text] = v / np.linalg.norm(v)
        return self.by_text[text]

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.vstack([self.vector(t) for t in texts]) if texts else np.zeros((0, DIM), np.float32)

    encode_queries = encode


def perturbed(article: Article, n: int, rng: random.Random) -> Article:
    words = article.text.split()
    kept = [w for w in words if rng.random() > 0.1]
    for _ in range(max(1, len(kept) // 50)):
        i, j = rng.randrange(len(kept)), rng.randrange(len(kept))
        kept[i], kept[j] = kept[j], kept[i]
    return Article(id=f"{article.id}-{n}", title=article.title, text=" ".join(kept[:400]), date=article.date,
                   source=article.source, url=f"{article.url}?copy={n}" if article.url else None)


def bulk_store(folder: Path, articles: list[Article], size: int, seed: int) -> None:
    """Rows written straight into the store's tables (the ingest path is benchmarked in ingest_throughput.py)."""
    open_corpus(CorpusSettings(path=folder)).close()
    rng = random.Random(seed)
    with sqlite3.connect(folder / "corpus.sqlite") as db:
        rows = []
        for n in range(size):
            base = articles[n % len(articles)]
            a = base if n < len(articles) else perturbed(base, n, rng)
            rows.append((a.id, a.url, None, a.source, a.title, a.text, a.date, "de", "{}", f"h{n}", None, "now"))
            if len(rows) == 20000:
                db.executemany(INSERT, rows)
                rows = []
        db.executemany(INSERT, rows)


def run(size: int, articles: list[Article], queries: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bulk_store(folder, articles, size, seed=size)
        encoder = GivenVectors()
        store = open_corpus(CorpusSettings(path=folder))
        index = RelatedIndex(folder, encoder)
        started = time.perf_counter()
        index.update(store)
        build = time.perf_counter() - started
        model = default_model()
        rng = random.Random(1)
        sample = [articles[rng.randrange(len(articles))] for _ in range(queries)]
        query = sample[0]
        rank_related(query, store, index, model, RelatedOptions())  # loads the faiss index
        times = []
        for query in sample:
            encoder.vector(embedding_text(query.title, query.text))  # the encoding is not timed
            t = time.perf_counter()
            rank_related(query, store, index, model, RelatedOptions(k=10))
            times.append(time.perf_counter() - t)
        index.close()
        store.close()
    return {"articles": size, "index_build_s": round(build, 1), "index_articles_per_s": round(size / build),
            "p50_ms": round(float(np.percentile(times, 50)) * 1000, 1),
            "p95_ms": round(float(np.percentile(times, 95)) * 1000, 1),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    articles = load_fang()
    for size in map(int, args.sizes.split(",")):
        print(json.dumps(run(size, articles, args.queries)), flush=True)


if __name__ == "__main__":
    main()
