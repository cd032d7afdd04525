"""Related-coverage evaluation on FANG-COVID: index bodies without titles, query with titles.

Split: the bodies of October-December 2020 are the index, 2,000 of their titles (seed 13) the queries;
the same-story model is fitted (with --fit) on January-September only. Reports MRR@10, R@1 and R@10 for a
plain TF-IDF cosine baseline, BM25 alone, the dense encoder alone and the fused pipeline.

    python bench/related_eval.py [--fit] [--queries 2000] [--keep DIR]
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
from predictions import save_predictions
from rich.progress import track
from sklearn.feature_extraction.text import TfidfVectorizer

from gegenprobe.corpus import open_corpus
from gegenprobe.related import RelatedIndex, RelatedOptions, SameStoryModel, candidate_features
from gegenprobe.related._fusion import FEATURES
from gegenprobe.settings import CorpusSettings
from gegenprobe.text import load_encoder
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
    """Store and index of the bodies; a kept folder that has them already is reused (embedding 10k takes 20 min)."""
    fresh = not (folder / "corpus.sqlite").exists()
    store = open_corpus(CorpusSettings(path=folder))
    if fresh:
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


def index_folder(keep: Path | None, name: str, tmp: str) -> Path:
    return keep / f"{name}-{ENCODER[0].replace('/', '_')}" if keep else Path(tmp)


def fit_model(train_docs: list[Article], seed: int, keep: Path | None = None) -> SameStoryModel:
    """Fit the ranker and the same-story model on Jan-Sep: 3,000 bodies indexed, every title a query."""
    rng = random.Random(seed)
    docs = rng.sample(train_docs, min(3000, len(train_docs)))
    with tempfile.TemporaryDirectory() as tmp:
        store, index, _ = build_index(docs, index_folder(keep, "fit", tmp))
        rows, labels, dated, groups = [], [], [], []
        titled = [d for d in docs if d.title]
        for n, doc in enumerate(track(titled, description="fitting the ranker")):
            query, options = title_query(doc), RelatedOptions(candidates=50)
            # half the queries carry a date, as most articles users check do: real coverage appears within days,
            # so the date is jittered (else the model learns "same story = same day") and candidates come from a
            # week around it, as a --days window gives them; the other half has no date and no window
            if doc.date and n % 2 == 0:
                shifted = np.datetime64(doc.date) + np.timedelta64(rng.randint(-2, 2), "D")
                query, options = replace(query, date=str(shifted)), RelatedOptions(candidates=50, days=7)
            kept, features = candidate_features(query, store, index, options)
            rows.append(features)
            labels.extend(int(s.article.id == doc.id) for s in kept)
            dated.extend([options.days is not None] * len(kept))
            groups.extend([n] * len(kept))
        store.close()
        index.close()
    # the same-story probability is decided on dated queries: without a date it would have to lean on wording
    # alone and flags same-topic articles (precision 0.59 instead of 0.84 on the story set)
    model = SameStoryModel(C=1.0, threshold=0.5).fit(np.vstack(rows), np.asarray(labels), groups=np.asarray(groups),
                                                     story_rows=np.asarray(dated))
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
    parser.add_argument("--keep", type=Path, help="keep the built indexes here and reuse them in later runs")
    args = parser.parse_args()
    ENCODER[0] = args.encoder
    articles = load_fang()
    test_docs = [a for a in articles if a.date and a.date >= "2020-10-01"]
    train_docs = [a for a in articles if a.date and a.date < "2020-10-01"]
    if args.fit:
        fit_model(train_docs, args.seed, args.keep)
    from gegenprobe.related import default_model

    queries = random.Random(args.seed).sample([d for d in test_docs if d.title], args.queries)
    report = {"index_docs": len(test_docs), "queries": len(queries), "encoder": args.encoder}
    tfidf_ranks = tfidf_baseline(test_docs, queries)
    report["tfidf"] = metrics(tfidf_ranks)
    with tempfile.TemporaryDirectory() as tmp:
        store, index, seconds = build_index(test_docs, index_folder(args.keep, "test", tmp))
        report["index_seconds"] = round(seconds, 1)
        started = time.perf_counter()
        ranks = evaluate(store, index, queries, default_model())
        report["query_ms_mean"] = round((time.perf_counter() - started) / len(queries) * 1000, 1)
        for name, values in ranks.items():
            report[name] = metrics(values)
        store.close()
        index.close()
    # per query and method, for bench/eval_gate.py; another encoder's run keeps the (slow) e5 file
    name = "related_eval" if args.encoder == "e5" else f"related_eval_{args.encoder.replace('/', '_')}"
    save_predictions(name, [{"query": q.id, "encoder": args.encoder, "method": method, "rank": rank}
                            for method, values in {"tfidf": tfidf_ranks, **ranks}.items()
                            for q, rank in zip(queries, values, strict=True)])
    print(json.dumps(report, indent=2))
    (OUT / f"related_eval_{args.encoder}.json").write_text(json.dumps(report, indent=2), "utf-8")


if __name__ == "__main__":
    main()
