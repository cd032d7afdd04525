"""Related-coverage speed and memory at 10k, 100k and 1M articles (synthetic, perturbed copies of FANG-COVID).

For each size: bulk-load a store with perturbed copies (word dropout and swaps, so no two are identical), then,
each in a fresh process so that the figures are the index's and not this script's (which holds FANG-COVID):
1. index: BM25 (tantivy), the candidates' heads and the vector index (faiss; exact up to 300k, a saved HNSW
   graph above) from synthetic 384-d random unit vectors (one per distinct text, no encoder run);
2. query: open the corpus and time `rank_related` for 200 articles of the store (query vector given, i.e.
   excluding encoding the query), twice: first with the candidates' rows read from disk, then again with
   them in the page cache; p50/p95 of both passes and the peak RSS of the serving process.

    python bench/related_scale.py [--sizes 10000,100000,1000000] [--queries 200] [--keep DIR]

With ``--keep`` a second run reuses the built corpora (the build figure then covers only what was new).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np

from gegenprobe.corpus import open_corpus
from gegenprobe.related import RelatedIndex, RelatedOptions, default_model
from gegenprobe.related._find import rank_related
from gegenprobe.settings import CorpusSettings
from gegenprobe.types import Article

DIM = 384
INSERT = ("INSERT INTO articles (id, url, canonical_url, source, title, text, date, language, meta, content_hash, "
          "near_duplicate_of, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")


class GivenVectors:
    """Stands in for the encoder: a fixed random unit vector per text, so timings exclude encoding."""

    name, dim = "synthetic-384", DIM

    def vector(self, text: str) -> np.ndarray:
        v = np.random.default_rng(zlib.crc32(text.encode())).normal(size=DIM).astype(np.float32)
        return v / np.linalg.norm(v)

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.vstack([self.vector(t) for t in texts]) if texts else np.zeros((0, DIM), np.float32)

    encode_queries = encode


def peak_rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


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


def index_phase(folder: Path) -> dict:
    store = open_corpus(CorpusSettings(path=folder))
    index = RelatedIndex(folder, GivenVectors())
    started = time.perf_counter()
    built = index.update(store)
    seconds = time.perf_counter() - started
    index.close()
    store.close()
    return {"index_build_s": round(seconds, 1), "index_articles_per_s": round(built / seconds),
            "index_peak_rss_mb": peak_rss_mb()}


def query_phase(folder: Path, queries: int, originals: int) -> dict:
    started = time.perf_counter()
    store = open_corpus(CorpusSettings(path=folder))
    index = RelatedIndex(folder, GivenVectors())
    model = default_model()
    rng = random.Random(1)
    rows = store.get_rows([rng.randrange(1, originals + 1) for _ in range(queries + 1)])
    sample = [stored.article for stored in rows.values()]
    rank_related(sample[0], store, index, model, RelatedOptions())  # opens faiss, loads the word lists
    opened = time.perf_counter() - started
    result: dict = {"open_s": round(opened, 1), "queries": len(sample) - 1}
    # first pass: candidate rows come from disk; second pass: the same queries with their rows in the page cache
    for label in ("", "_cached"):
        times = []
        for query in sample[1:]:
            t = time.perf_counter()
            rank_related(query, store, index, model, RelatedOptions(k=10))
            times.append(time.perf_counter() - t)
        result[f"p50{label}_ms"] = round(float(np.percentile(times, 50)) * 1000, 1)
        result[f"p95{label}_ms"] = round(float(np.percentile(times, 95)) * 1000, 1)
    return {**result, "query_peak_rss_mb": peak_rss_mb()}


def in_child(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(size: int, queries: int, keep: Path | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep / str(size) if keep else Path(tmp)
        if not (folder / "corpus.sqlite").exists():
            from fang import load_fang  # only the parent holds the source articles

            articles = load_fang()
            bulk_store(folder, articles, size, seed=size)
            del articles
        originals = min(size, 33_000)
        return {"articles": size, **in_child("--phase", "index", str(folder)),
                **in_child("--phase", "query", str(folder), "--queries", str(queries), "--originals", str(originals))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the corpora in this folder instead of a temp one")
    parser.add_argument("--phase", choices=("index", "query"), help=argparse.SUPPRESS)
    parser.add_argument("--originals", type=int, default=33_000, help=argparse.SUPPRESS)
    parser.add_argument("folder", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "index":
        print(json.dumps(index_phase(args.folder)))
    elif args.phase == "query":
        print(json.dumps(query_phase(args.folder, args.queries, args.originals)))
    else:
        for size in map(int, args.sizes.split(",")):
            print(json.dumps(run(size, args.queries, args.keep)), flush=True)


if __name__ == "__main__":
    main()
