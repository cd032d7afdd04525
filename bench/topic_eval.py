"""The topic-related decision on hand-labelled FANG-COVID pairs: fit on one half of the queries, report on the other.

Data: bench/data/topic_labels.jsonl — 840 query–candidate pairs (84 queries of November 2020, both labels, ten
candidates each from the pipeline over the 3,379 FANG-COVID articles of that month; see bench/topic_pairs.py),
labelled same_story / same_topic / unrelated by two independent passes under bench/data/topic_labelling_guide.md,
disagreements adjudicated in a third. Texts are not in the repository; the features are recomputed from the pool
that ``bench/topic_pairs.py`` builds (bench/out/topic-pool).

Split: the queries are shuffled (seed 13) and halved; threshold and model are chosen on the tuning half only
(threshold from leave-query-out predictions within it), and every figure below is from the held-out half.
Positive = same_story or same_topic.

    python bench/topic_pairs.py                 # once: the pool and its index (~6 min)
    python bench/topic_eval.py [--fit]          # --fit writes src/gegenprobe/related/topic.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.metrics import brier_score_loss, cohen_kappa_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from predictions import save_predictions
from topic_pairs import OUT, open_pool, pool_articles

from gegenprobe.detect._metrics import expected_calibration_error, save_plots
from gegenprobe.related import (
    FEATURES,
    RelatedOptions,
    TopicModel,
    default_model,
)
from gegenprobe.related._find import gather_candidates
from gegenprobe.related._topic import TOPIC_FEATURES

LABELS = Path(__file__).resolve().parent / "data" / "topic_labels.jsonl"
MODEL_PATH = Path(__file__).resolve().parents[1] / "src" / "gegenprobe" / "related" / "topic.json"
ENCODER = "multilingual-e5-small-q4"  # what topic_pairs.py indexes with (the default encoder)
MIN_PRECISION = 0.87  # the target is 0.85 on held-out queries; a small margin for the tuning half's optimism


def load_labels() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text("utf-8").splitlines() if line.strip()]


def feature_rows(labels: list[dict]) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    """The pipeline's ranking and topic feature rows of every labelled pair, recomputed from the pool."""
    pool = {a.id: a for a in pool_articles()}
    store, index = open_pool(OUT / "topic-pool", list(pool.values()))
    wanted: dict[str, dict[str, dict]] = {}
    for label in labels:
        wanted.setdefault(label["query_id"], {})[label["candidate_id"]] = label
    rows, topic_rows, found = [], [], []
    for query_id, candidates in wanted.items():
        got = gather_candidates(pool[query_id], store, index, RelatedOptions(candidates=50), with_topic=True)
        assert got.topic is not None
        for stored, row, topic_row in zip(got.kept, got.features, got.topic, strict=True):
            if stored.article.id in candidates:
                rows.append(row)
                topic_rows.append(topic_row)
                found.append(candidates[stored.article.id])
    index.close()
    store.close()
    return np.asarray(rows), np.asarray(topic_rows), found


def out_of_fold(X: np.ndarray, y: np.ndarray, groups: np.ndarray, C: float) -> np.ndarray:
    p = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(X, y, groups):
        p[test] = TopicModel(C=C).fit(X[train], y[train]).predict_proba(X[test])[:, 1]
    return p


def choose_c(X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> float:
    """Regularisation of best leave-query-out ROC-AUC on the tuning half."""
    return max((0.03, 0.1, 0.3, 1.0, 3.0), key=lambda C: roc_auc_score(y, out_of_fold(X, y, groups, C)))


def choose_threshold(X: np.ndarray, y: np.ndarray, groups: np.ndarray, C: float) -> float:
    """The threshold of best F0.5 (precision weighs twice: a false "related" becomes evidence in the cross-check)
    on leave-query-out predictions of the tuning half; MIN_PRECISION where it is reachable."""
    p = out_of_fold(X, y, groups, C)
    scored = []
    for threshold in np.arange(0.20, 0.91, 0.01):
        predicted = p >= threshold
        if predicted.any():
            precision, recall = precision_score(y, predicted), recall_score(y, predicted)
            f05 = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
            scored.append((precision >= MIN_PRECISION and recall >= 0.5, f05, float(threshold)))
    return round(max(scored)[2], 2)


def figures(y: np.ndarray, predicted: np.ndarray, p: np.ndarray | None = None) -> dict:
    result = {"n": len(y), "positives": int(y.sum()), "flagged": int(predicted.sum()),
              "precision": round(float(precision_score(y, predicted, zero_division=0)), 3),
              "recall": round(float(recall_score(y, predicted)), 3)}
    if p is not None:
        result["ece"] = round(expected_calibration_error(y, p), 3)
        result["brier"] = round(float(brier_score_loss(y, p)), 3)
    return result


def agreement(labels: list[dict]) -> dict:
    a, b = [x["pass_a"] for x in labels], [x["pass_b"] for x in labels]
    binary = [[label != "unrelated" for label in side] for side in (a, b)]
    return {"kappa_3_classes": round(cohen_kappa_score(a, b), 3),
            "kappa_topic_related": round(cohen_kappa_score(*binary), 3),
            "raw_agreement": round(float(np.mean([x == y for x, y in zip(a, b, strict=True)])), 3),
            "final_labels": dict(Counter(x["label"] for x in labels))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fit", action="store_true", help="write the model fitted on the tuning half")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    labels = load_labels()
    X, T, found = feature_rows(labels)
    y = np.asarray([int(x["label"] != "unrelated") for x in found])
    queries = sorted({x["query_id"] for x in found})
    random.Random(args.seed).shuffle(queries)
    tuning = set(queries[: len(queries) // 2])
    tune = np.asarray([x["query_id"] in tuning for x in found])
    groups = np.asarray([x["query_id"] for x in found])
    C = choose_c(T[tune], y[tune], groups[tune])
    threshold = choose_threshold(T[tune], y[tune], groups[tune], C)
    model = TopicModel(C=C, threshold=threshold, encoder=ENCODER).fit(T[tune], y[tune])
    p = model.predict_proba(T[~tune])[:, 1]
    story = default_model()
    same = np.asarray([int(x["label"] == "same_story") for x in found])
    dense = X[:, FEATURES.index("dense")]
    dense_cut = choose_dense_cut(dense[tune], y[tune])
    # held-out pairs, for bench/eval_gate.py (the tuning half's probabilities would be in-sample)
    held_out = [x for x, tuned in zip(found, tune, strict=True) if not tuned]
    columns = zip(held_out, y[~tune], same[~tune], p, story.predict(X[~tune]) == 1, strict=True)
    save_predictions("topic_eval", [{"query_id": x["query_id"], "candidate_id": x["candidate_id"], "y": int(related),
                                     "same_story": int(same_story), "p": float(prob), "threshold": threshold,
                                     "story_flag": int(flag)} for x, related, same_story, prob, flag in columns])
    report = {
        "pairs": len(found), "queries": len(queries), "tuning_pairs": int(tune.sum()),
        "held_out_pairs": int((~tune).sum()), "labellers": agreement(found), "C": C, "threshold": threshold,
        "held_out": {
            "topic_model": figures(y[~tune], p >= threshold, p) | {"roc_auc": round(roc_auc_score(y[~tune], p), 3)},
            "topic_model_best_f1_threshold": best_f1_point(y[~tune], p),
            "same_story_flag_as_topic": figures(y[~tune], story.predict(X[~tune]) == 1),
            f"dense_cosine>={dense_cut:.2f}": figures(y[~tune], dense[~tune] >= dense_cut),
        },
        # the shipped same-story flag against the hand labels' same_story (all 840 pairs: it was not fitted here),
        # and as shown: only on topic-related hits (held-out half)
        "same_story_flag_vs_label": figures(same, story.predict(X) == 1),
        "same_story_shown_vs_label_held_out": figures(same[~tune], (story.predict(X[~tune]) == 1) & (p >= threshold)),
        "coef": dict(zip(TOPIC_FEATURES, np.round(model.coef_, 2).tolist(), strict=True)),
    }
    print(json.dumps(report, indent=2))
    OUT.mkdir(exist_ok=True)
    (OUT / "topic_eval.json").write_text(json.dumps(report, indent=2), "utf-8")
    save_plots(list(y[~tune]), list(p), OUT / "topic_eval", "topic-related, held-out queries")
    if args.fit:
        MODEL_PATH.write_text(json.dumps(model.to_dict(), indent=2) + "\n", "utf-8")
        print(f"wrote {MODEL_PATH}")


def best_f1_point(y: np.ndarray, p: np.ndarray) -> dict:
    """For reference only (chosen on the held-out half itself): the operating point of best F1."""
    points = [(t, figures(y, p >= t)) for t in np.arange(0.05, 0.95, 0.05) if (p >= t).any()]
    t, best = max(points, key=lambda tp: 2 * tp[1]["precision"] * tp[1]["recall"]
                  / max(tp[1]["precision"] + tp[1]["recall"], 1e-9))
    return {"threshold": round(float(t), 2), **best}


def choose_dense_cut(dense: np.ndarray, y: np.ndarray) -> float:
    """Baseline: the cosine cut of best F1 with precision >= MIN_PRECISION on the tuning half."""
    best, best_f1 = 0.9, -1.0
    for cut in np.arange(0.70, 0.95, 0.005):
        predicted = dense >= cut
        if not predicted.any():
            continue
        precision, recall = precision_score(y, predicted), recall_score(y, predicted)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if precision >= MIN_PRECISION and f1 > best_f1:
            best, best_f1 = float(cut), f1
    return best


if __name__ == "__main__":
    main()
