"""Related-coverage evaluation on FANG-COVID: index bodies without titles, query with titles.

Split: the bodies of October-December 2020 are the index, 2,000 of their titles (seed 13) the queries;
the same-story model is fitted (with --fit) on January-September only. Reports MRR@10, R@1 and R@10 for a
plain TF-IDF cosine baseline, BM25 alone, the dense encoder alone and the fused pipeline.

    python bench/related_eval.py [--fit] [--queries 2000]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from fang import load_fang
from rich.progress import track
from sklearn.feature_extraction.text import TfidfVectorizer

from gegenprobe.corpus import open_corpus
from gegenprobe.related import RelatedIndex, RelatedOptions, SameStoryModel, candidate_features, load_encoder
from gegenprobe.related._fusion import FEATURES
from gegenprobe.settings import CorpusSettings
from gegenprobe.types import Article

OUT = Path(__file__).resolve().parent / "out"
MODEL_PATH = Path(__file__).resolve().parents[1] / "src" / "gegenprobe" / "related" / "same_story.json"


def metrics(ranks: list[int | None]) -> dict[str, float]:
    """MRR@10, R@1, R@10 from the 0-based rank of the right document (None: not found)."""
    rr = [1 / (r + 1) if r is not None and r < 10 else 0.0 for r in ranks]
    return {"MRR@10": round(float(np.mean(rr)), 3),
            "R@1": round(float(np.mean([r == 0 for r in ranks])), 3),
            "R@10": round(float(np.mean([r is not None and r < 10 for r in ranks])), 3)}


def tfidf_baseline(docs: list[Article], queries: list[Article]) -> list[int | None]:
    vectorizer = TfidfVectorizer(sublinear_tf=True, min_df=2)
    matrix = vectorizer.fit_transform([d.text for d in docs])
    ids = [d.id for d in docs]
    ranks = []
    for query in queries:
        scores = (matrix @ vectorizer.transform([query.title]).T).toarray().ravel()
        top = list(np.argsort(-scores)[:10])
        target = ids.index(query.id)
        ranks.append(top.index(target) if target in top else None)
    return ranks


ENCODER = ["e5"]


def build_index(docs: list[Article], folder: Path) -> tuple:
    store = open_corpus(CorpusSettings(path=folder))
    bodies = [replace(d, title="", meta={}) for d in docs]
    for start in range(0, len(bodies), 500):
        store.add_batch(bodies[start : start + 500])
    index = RelatedIndex(folder, load_encoder(ENCODER[0]))
    started = time.perf_counter()
    index.update(store)
    return store, index, time.perf_counter() - started


def title_query(doc: Article) -> Article:
    return Article(id=f"query-{doc.id}", title=doc.title, text="", date=None)


def rank_of(target: str, ids: list[str]) -> int | None:
    return ids.index(target) if target in ids[:10] else None


def evaluate(store, index, queries: list[Article], model: SameStoryModel) -> dict[str, list[int | None]]:
    ranks: dict[str, list[int | None]] = {"bm25": [], "dense": [], "fused": []}
    column = {name: FEATURES.index(name) for name in FEATURES}
    for query in track(queries, description="querying"):
        kept, features = candidate_features(title_query(query), store, index, RelatedOptions())
        ids = [s.article.id for s in kept]
        if not ids:
            for name in ranks:
                ranks[name].append(None)
            continue
        for name, scores in (("bm25", features[:, column["lex_rel"]]), ("dense", features[:, column["dense"]]),
                             ("fused", model.decision_function(features))):
            order = np.argsort(-scores, kind="stable")
            ranks[name].append(rank_of(query.id, [ids[i] for i in order]))
    return ranks


def fit_model(train_docs: list[Article], n_queries: int, seed: int) -> SameStoryModel:
    rng = random.Random(seed)
    docs = rng.sample(train_docs, min(3000, len(train_docs)))
    with tempfile.TemporaryDirectory() as tmp:
        store, index, _ = build_index(docs, Path(tmp))
        rows, labels = [], []
        for doc in track(rng.sample(docs, min(n_queries, 1000)), description="fitting same-story model"):
            # real coverage appears within days of the query; jitter its date so the model does not learn
            # that a same-story article has exactly the query's date
            query = title_query(doc)
            if doc.date:
                shifted = np.datetime64(doc.date) + np.timedelta64(rng.randint(-2, 2), "D")
                query = replace(query, date=str(shifted))
            # candidates come from a week around the query, as a user's --days window would give them
            kept, features = candidate_features(query, store, index, RelatedOptions(candidates=50, days=7))
            rows.append(features)
            labels.extend(int(s.article.id == doc.id) for s in kept)
        store.close()
        index.close()
    model = SameStoryModel(C=1.0, threshold=0.5).fit(np.vstack(rows), np.asarray(labels))
    MODEL_PATH.write_text(json.dumps(model.to_dict(), indent=2) + "\n", "utf-8")
    print(f"wrote {MODEL_PATH}: ranker {dict(zip(FEATURES, np.round(model.coef_, 2), strict=True))}, "
          f"story {np.round(model.story_coef_, 2).tolist()}")
    return model


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--fit", action="store_true", help="refit the shipped same-story model on Jan-Sep")
    parser.add_argument("--encoder", default="e5", help="e5, use, or a sentence-transformers directory")
    args = parser.parse_args()
    ENCODER[0] = args.encoder
    articles = load_fang()
    test_docs = [a for a in articles if a.date and a.date >= "2020-10-01"]
    train_docs = [a for a in articles if a.date and a.date < "2020-10-01"]
    if args.fit:
        fit_model(train_docs, args.queries, args.seed)
    from gegenprobe.related import default_model

    queries = random.Random(args.seed).sample([d for d in test_docs if d.title], args.queries)
    report = {"index_docs": len(test_docs), "queries": len(queries), "encoder": args.encoder}
    report["tfidf"] = metrics(tfidf_baseline(test_docs, queries))
    with tempfile.TemporaryDirectory() as tmp:
        store, index, seconds = build_index(test_docs, Path(tmp))
        report["index_seconds"] = round(seconds, 1)
        started = time.perf_counter()
        ranks = evaluate(store, index, queries, default_model())
        report["query_ms_mean"] = round((time.perf_counter() - started) / len(queries) * 1000, 1)
        for name, values in ranks.items():
            report[name] = metrics(values)
        store.close()
        index.close()
    print(json.dumps(report, indent=2))
    (OUT / f"related_eval_{args.encoder}.json").write_text(json.dumps(report, indent=2), "utf-8")


if __name__ == "__main__":
    main()
