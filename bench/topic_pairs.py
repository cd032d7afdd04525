"""Query–candidate pairs from FANG-COVID for the topic-related decision (issue 10, item 2).

The pool: every FANG-COVID 2020 article dated November 2020 (all 13 outlets), stored and indexed with the shipped
pipeline. The queries: 84 articles of that month (42 fake-outlet, 42 real-outlet, seed 13), each a full article with
its date. For each query the pipeline's eight best-ranked distinct candidates and two drawn from ranks 9–50 make
ten pairs, so the set holds what the pipeline shows and what it nearly shows.

    python bench/topic_pairs.py --keep bench/out/topic-pool     # writes bench/out/topic_pairs.jsonl

The pairs file holds article texts (research-only data) and stays in bench/out (git-ignored); the labels are kept
as ids in bench/data/topic_labels.jsonl and joined back by ``bench/topic_eval.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np
from rich.progress import track

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fang import load_fang

from gegenprobe.corpus import open_corpus
from gegenprobe.ingest import content_hash
from gegenprobe.related import RelatedIndex, RelatedOptions, candidate_features, default_model
from gegenprobe.settings import CorpusSettings
from gegenprobe.text import load_encoder
from gegenprobe.types import Article

OUT = Path(__file__).resolve().parent / "out"
MONTH = "2020-11"
QUERIES_PER_LABEL = 42
SHOWN, BEYOND = 8, 2
LEAD_CHARS = 700


def pool_articles() -> list[Article]:
    return [a for a in load_fang() if a.date and a.date.startswith(MONTH) and a.title]


def open_pool(folder: Path, pool: list[Article]):  # type: ignore[no-untyped-def]
    fresh = not (folder / "corpus.sqlite").exists()
    store = open_corpus(CorpusSettings(path=folder))
    if fresh:
        for start in range(0, len(pool), 500):
            store.add_batch(pool[start : start + 500])
    index = RelatedIndex(folder, load_encoder("e5"))
    index.update(store)
    return store, index


def pick_queries(pool: list[Article], seed: int) -> list[Article]:
    rng = random.Random(seed)
    chosen = []
    for label in ("fake", "real"):
        chosen += rng.sample([a for a in pool if a.meta.get("label") == label], QUERIES_PER_LABEL)
    return chosen


def lead(article: Article) -> str:
    return article.text[:LEAD_CHARS].rsplit(" ", 1)[0] + " …"


def pairs_of(query: Article, store, index, rng: random.Random) -> list[dict]:  # type: ignore[no-untyped-def]
    kept, features = candidate_features(query, store, index, RelatedOptions(candidates=50))
    order = np.argsort(-default_model().decision_function(features), kind="stable") if kept else []
    seen, distinct = set(), []
    for i in order:  # one pair per text: agency copies would be labelled twice
        digest = content_hash(kept[i].article.text)
        if digest not in seen:
            seen.add(digest)
            distinct.append((len(distinct), int(i)))
    picked = distinct[:SHOWN] + rng.sample(distinct[SHOWN:], min(BEYOND, len(distinct[SHOWN:])))
    rows = []
    for rank, i in picked:
        candidate = kept[i].article
        rows.append({"pair": f"{query.id}|{candidate.id}", "query_id": query.id, "candidate_id": candidate.id,
                     "rank": rank, "query": {"title": query.title, "date": query.date, "source": query.source,
                                             "lead": lead(query)},
                     "candidate": {"title": candidate.title, "date": candidate.date, "source": candidate.source,
                                   "lead": lead(candidate)}})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, default=OUT / "topic-pool")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    pool = pool_articles()
    print(f"pool: {len(pool)} articles of {MONTH}")
    store, index = open_pool(args.keep, pool)
    rng = random.Random(args.seed)
    rows = []
    for query in track(pick_queries(pool, args.seed), description="pairs"):
        rows += pairs_of(query, store, index, rng)
    index.close()
    store.close()
    target = OUT / "topic_pairs.jsonl"
    target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    print(f"wrote {len(rows)} pairs to {target}")


if __name__ == "__main__":
    main()
