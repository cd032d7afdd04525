"""Speed of `gegenprobe check`: a 5,000-character article against a 100k-article corpus, warm and cold.

The corpus: perturbed copies of FANG-COVID written straight into a store (as in related_scale.py), BM25 built
for real, and 384-d vectors stored under the e5 model's name (encoding 100k passages with e5 would take hours
on 2 cores; the query side, the detector and the cross-check run for real). Warm: models loaded, median of 5
runs with the time per stage; cold: a fresh `gegenprobe check` process, start to report.

    python bench/check_speed.py [--size 100000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from fang import load_fang
from related_scale import bulk_store

from gegenprobe.corpus import open_corpus
from gegenprobe.pipeline import Checker
from gegenprobe.related import RelatedIndex
from gegenprobe.settings import CorpusSettings, Settings
from gegenprobe.text import E5Encoder
from gegenprobe.types import Article


class SyntheticE5:
    """Fills the index with random vectors under e5's name and dimension."""

    name, dim = E5Encoder.name, E5Encoder.dim

    def __init__(self) -> None:
        self.rng = np.random.default_rng(0)

    def encode(self, texts: list[str]) -> np.ndarray:
        v = self.rng.normal(size=(len(texts), self.dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    encode_queries = encode


def article_of_5000_chars(articles: list[Article]) -> Article:
    long = next(a for a in articles if a.source == "journalistenwatch.com" and len(a.text) > 5000)
    return Article(id="bench-query", title=long.title, text=long.text[:5000], date=long.date)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    articles = load_fang()
    query = article_of_5000_chars(articles)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        bulk_store(folder, articles, args.size, seed=7)
        with open_corpus(CorpusSettings(path=folder)) as store:
            index = RelatedIndex(folder, SyntheticE5())
            started = time.perf_counter()
            index.update(store)
            index.close()
            print(json.dumps({"corpus": args.size, "index_build_s": round(time.perf_counter() - started, 1)}))
        settings = Settings().with_corpus(folder)
        started = time.perf_counter()
        checker = Checker.open(settings)
        checker.check(query)  # warm-up: loads the faiss index, the detector, SoMaJo
        print(json.dumps({"load_and_first_check_s": round(time.perf_counter() - started, 2)}))
        runs = [checker.check(query).timings for _ in range(5)]
        checker.close()
        warm = {stage: round(statistics.median(r[stage] for r in runs) * 1000) for stage in runs[0]}
        print(json.dumps({"warm_ms_median": warm}))
        path = Path(tmp) / "query.txt"
        path.write_text(f"{query.title}\n{query.text}", "utf-8")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "gegenprobe", "check", str(path), "--corpus", str(folder), "--json"],
                       check=True, capture_output=True)
        print(json.dumps({"cold_process_s": round(time.perf_counter() - started, 2)}))


if __name__ == "__main__":
    main()
