"""Fit and evaluate the check-worthiness model (issue 12, item 4).

1. Subjectivity: TF-IDF word 1-2-grams + logistic regression on CheckThat! 2025 German (train + dev; C chosen on
   dev_test), reported on its own test split (CC BY-NC-SA 4.0, ../shared/data/checkthat-subjectivity-de).
2. Check-worthiness: logistic regression over the rule signals and the subjectivity probability, fitted on the
   tuning half of 798 real FANG-COVID sentences labelled twice by hand (bench/data/checkworthy_labels.jsonl,
   kappa 0.916), threshold for the best F1 in 5-fold cross-validation there; reported on the test half (other
   articles) against the current rules (score 0.25 per rule signal, flagged from 0.25: one signal is enough).

    python bench/checkworthy_fit.py          # report with the shipped model
    python bench/checkworthy_fit.py --fit    # refit, write src/gegenprobe/detect/checkworthy.json.gz, report
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gegenprobe.detect._checkworthy import (
    CHECKWORTHY_FEATURES,
    checkworthy_from_dict,
    default_checkworthy_model,
    sentence_features,
    subjectivity_from_dict,
)
from gegenprobe.detect._explain import checkworthiness
from gegenprobe.text import entities

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SUBJECTIVITY = ROOT.parent / "shared" / "data" / "checkthat-subjectivity-de" / "subjectivity_de.jsonl.xz"
SENTENCES = HERE / "out" / "checkworthy_sentences_text.jsonl"
LABELS = HERE / "data" / "checkworthy_labels.jsonl"
MODEL = ROOT / "src" / "gegenprobe" / "detect" / "checkworthy.json.gz"
MAX_TERMS = 30_000
RULES_FLAG = 0.25  # the current rules' threshold (CHECK_WORTHY in detect/_score.py): one signal flags


def fit_subjectivity() -> tuple[dict, dict]:
    with lzma.open(SUBJECTIVITY, "rt", encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream]
    part = {name: [r for r in rows if r["split"] in names] for name, names in
            {"train": ("train", "dev"), "choose": ("dev_test",), "test": ("test",)}.items()}
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=MAX_TERMS)
    X = vectorizer.fit_transform([r["sentence"] for r in part["train"]])
    y = [r["label"] == "SUBJ" for r in part["train"]]
    best = max((f1_score([r["label"] == "SUBJ" for r in part["choose"]],
                         LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(X, y).predict(
                             vectorizer.transform([r["sentence"] for r in part["choose"]])), average="macro"), c)
               for c in (0.5, 1, 2, 4, 8))
    model = LogisticRegression(C=best[1], max_iter=2000, class_weight="balanced").fit(X, y)
    test_y = [r["label"] == "SUBJ" for r in part["test"]]
    predicted = model.predict(vectorizer.transform([r["sentence"] for r in part["test"]]))
    figures = {"C": best[1], "test_macro_f1": round(float(f1_score(test_y, predicted, average="macro")), 3),
               "test_accuracy": round(float(np.mean(np.asarray(test_y) == predicted)), 3), "test_n": len(test_y)}
    terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    exported = {"ngram_range": list(vectorizer.ngram_range), "token_pattern": vectorizer.token_pattern,
                "terms": terms, "idf": vectorizer.idf_.tolist(), "coef": model.coef_.ravel().tolist(),
                "intercept": float(model.intercept_[0])}
    return exported, figures


def load_sentences() -> list[dict]:
    labels = {r["id"]: r["worthy"] for r in map(json.loads, LABELS.read_text("utf-8").splitlines())}
    rows = [json.loads(line) for line in SENTENCES.read_text("utf-8").splitlines()]
    return [{**r, "worthy": labels[r["id"]]} for r in rows if r["id"] in labels]


def feature_rows(rows: list[dict], subjectivity) -> np.ndarray:  # type: ignore[no-untyped-def]
    texts = [r["text"] for r in rows]
    subjective = subjectivity.predict(texts)
    return np.vstack([sentence_features(t, entities(t), float(p)) for t, p in zip(texts, subjective, strict=True)])


def best_f1_threshold(y: np.ndarray, p: np.ndarray) -> float:
    return float(max((f1_score(y, p >= t), t) for t in np.arange(0.2, 0.8, 0.01))[1])


def report(name: str, y: np.ndarray, score: np.ndarray, threshold: float, real_outlet: np.ndarray) -> dict:
    flagged = score >= threshold
    row = {"set": name, "n": len(y), "precision": round(float(precision_score(y, flagged, zero_division=0)), 3),
           "recall": round(float(recall_score(y, flagged)), 3), "f1": round(float(f1_score(y, flagged)), 3),
           "average_precision": round(float(average_precision_score(y, score)), 3),
           "share_flagged": round(float(flagged.mean()), 3),
           "share_flagged_real_outlets": round(float(flagged[real_outlet].mean()), 3)}
    print(f"{name:34s} n={row['n']} P {row['precision']:.3f} R {row['recall']:.3f} F1 {row['f1']:.3f} "
          f"AP {row['average_precision']:.3f} flagged {row['share_flagged']:.2f} "
          f"(real outlets {row['share_flagged_real_outlets']:.2f})")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true")
    args = parser.parse_args()
    rows = load_sentences()
    tune = [r for r in rows if r["split"] == "tune"]
    test = [r for r in rows if r["split"] == "test"]
    if args.fit:
        subjectivity_doc, subjectivity_figures = fit_subjectivity()
        print(f"subjectivity (CheckThat! 2025 German test split): {subjectivity_figures}")
        subjectivity = subjectivity_from_dict(subjectivity_doc)
        X, y = feature_rows(tune, subjectivity), np.array([r["worthy"] for r in tune])
        mean, scale = X.mean(axis=0), X.std(axis=0)
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=1.0, max_iter=2000)
        folds = StratifiedKFold(5, shuffle=True, random_state=13)
        oof = cross_val_predict(model, (X - mean) / scale, y, cv=folds, method="predict_proba")[:, 1]
        threshold = best_f1_threshold(y, oof)
        model.fit((X - mean) / scale, y)
        doc = {"features": list(CHECKWORTHY_FEATURES), "subjectivity": subjectivity_doc, "mean": mean.tolist(),
               "scale": scale.tolist(), "coef": model.coef_.ravel().tolist(),
               "intercept": float(model.intercept_[0]), "threshold": round(threshold, 2),
               "subjectivity_figures": subjectivity_figures}
        MODEL.write_bytes(gzip.compress(json.dumps(doc).encode("utf-8"), compresslevel=9, mtime=0))
        checkworthy = checkworthy_from_dict(doc)
        print(f"threshold from 5-fold CV on the tuning half: {threshold:.2f}")
    else:
        checkworthy = default_checkworthy_model()
    y = np.array([r["worthy"] for r in test])
    real_outlet = np.array([r["article_label"] == "real" for r in test])
    texts = [r["text"] for r in test]
    names = [entities(t) for t in texts]
    rules = np.array([checkworthiness(t, n).score for t, n in zip(texts, names, strict=True)])
    results = [report("test half, current rules", y, rules, RULES_FLAG, real_outlet),
               report("test half, model", y, checkworthy.predict(texts, names), checkworthy.threshold, real_outlet)]
    (HERE / "out" / "checkworthy_fit.json").write_text(json.dumps(results, indent=1), "utf-8")


if __name__ == "__main__":
    main()
