"""Fit and evaluate the check-worthiness model (issue 12, item 4).

Check-worthiness: logistic regression over the e5 embedding of the sentence, fitted on the tuning half (1,094) of
1,438 real FANG-COVID sentences labelled twice by hand (bench/data/checkworthy_labels.jsonl, kappa 0.916 and 0.959
in the two batches; guide in
bench/data/checkworthy_labelling_guide.md), threshold for the best F1 in 5-fold cross-validation there among those
flagging at most 40 % of the real-outlet sentences; reported on
the test half (other articles) against the current rules (0.25 per rule signal, flagged from 0.25: one signal
is enough), with the share of sentences flagged overall and in real-outlet articles.
Opinion vs. fact: the same kind of model on CheckThat! 2025 German subjectivity (train + dev + dev_test; CC
BY-NC-SA 4.0), reported on its own test split (an auxiliary figure: the shipped model does not use it).

    python bench/checkworthy_fit.py          # report with the shipped model
    python bench/checkworthy_fit.py --fit    # refit, write src/gegenprobe/detect/checkworthy.json, report
"""

from __future__ import annotations

import argparse
import json
import lzma
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

sys.path.insert(0, str(Path(__file__).resolve().parent))
from predictions import save_predictions

from gegenprobe.detect import default_checkworthy_model
from gegenprobe.detect._checkworthy import checkworthy_from_dict
from gegenprobe.detect._explain import checkworthiness
from gegenprobe.text import E5Encoder, entities, load_encoder

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SUBJECTIVITY = ROOT.parent / "shared" / "data" / "checkthat-subjectivity-de" / "subjectivity_de.jsonl.xz"
SENTENCES = HERE / "out" / "checkworthy_sentences_text.jsonl"
LABELS = HERE / "data" / "checkworthy_labels.jsonl"
MODEL = ROOT / "src" / "gegenprobe" / "detect" / "checkworthy.json"
RULES_FLAG = 0.25  # the former rules' threshold (CHECK_WORTHY in detect/_score.py): one signal flags
C = 2.0


def load_sentences() -> list[dict]:
    labels = {r["id"]: r["worthy"] for r in map(json.loads, LABELS.read_text("utf-8").splitlines())}
    rows = [json.loads(line) for line in SENTENCES.read_text("utf-8").splitlines()]
    return [{**r, "worthy": labels[r["id"]]} for r in rows if r["id"] in labels]


def subjectivity_figure(encoder) -> dict:  # type: ignore[no-untyped-def]
    with lzma.open(SUBJECTIVITY, "rt", encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream]
    train = [r for r in rows if r["split"] != "test"]
    test = [r for r in rows if r["split"] == "test"]
    model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(
        encoder.encode_queries([r["sentence"] for r in train]), [r["label"] == "SUBJ" for r in train])
    predicted = model.predict(encoder.encode_queries([r["sentence"] for r in test]))
    gold = [r["label"] == "SUBJ" for r in test]
    return {"n": len(test), "macro_f1": round(float(f1_score(gold, predicted, average="macro")), 3),
            "accuracy": round(float(np.mean(np.asarray(gold) == predicted)), 3)}


# the bound: on ordinary news at most 40 % of the sentences above the default threshold
MAX_FLAGGED_REAL = 0.40


def best_f1_threshold(y: np.ndarray, p: np.ndarray, real_outlet: np.ndarray) -> float:
    """The threshold of the best F1 among those that flag at most ``MAX_FLAGGED_REAL`` of the real-outlet
    sentences (a flag on every other sentence tells the user nothing)."""
    allowed = [t for t in np.arange(0.2, 0.9, 0.01) if (p[real_outlet] >= t).mean() <= MAX_FLAGGED_REAL]
    return float(max((f1_score(y, p >= t), t) for t in allowed)[1])


def report(name: str, y: np.ndarray, score: np.ndarray, threshold: float, real_outlet: np.ndarray) -> dict:
    flagged = score >= threshold
    row = {"set": name, "n": len(y), "precision": round(float(precision_score(y, flagged, zero_division=0)), 3),
           "recall": round(float(recall_score(y, flagged)), 3), "f1": round(float(f1_score(y, flagged)), 3),
           "average_precision": round(float(average_precision_score(y, score)), 3),
           "share_flagged": round(float(flagged.mean()), 3),
           "share_flagged_real_outlets": round(float(flagged[real_outlet].mean()), 3)}
    print(f"{name:30s} n={row['n']} P {row['precision']:.3f} R {row['recall']:.3f} F1 {row['f1']:.3f} "
          f"AP {row['average_precision']:.3f} flagged {row['share_flagged']:.2f} "
          f"(real outlets {row['share_flagged_real_outlets']:.2f})")
    return row


def fit(tune: list[dict], encoder) -> dict:  # type: ignore[no-untyped-def]
    X, y = encoder.encode_queries([r["text"] for r in tune]), np.array([r["worthy"] for r in tune])
    model = LogisticRegression(C=C, max_iter=3000)
    folds = StratifiedKFold(5, shuffle=True, random_state=13)
    real_outlet = np.array([r["article_label"] == "real" for r in tune])
    threshold = best_f1_threshold(y, cross_val_predict(model, X, y, cv=folds, method="predict_proba")[:, 1],
                                  real_outlet)
    model.fit(X, y)
    print(f"threshold from 5-fold CV on the tuning half ({len(tune)} sentences): {threshold:.2f}")
    return {"encoder": encoder.name, "encoder_spec": "e5", "coef": model.coef_.ravel().round(6).tolist(),
            "intercept": float(model.intercept_[0]), "threshold": round(threshold, 2), "C": C,
            "trained_on": f"{len(tune)} FANG-COVID 2020 sentences, the tuning half of 1,438 labelled twice by hand "
                          "(research-only data; ids in bench/data/checkworthy_sentences.jsonl)"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true")
    args = parser.parse_args()
    encoder = load_encoder("e5")
    assert isinstance(encoder, E5Encoder)
    rows = load_sentences()
    tune, test = [r for r in rows if r["split"] == "tune"], [r for r in rows if r["split"] == "test"]
    if args.fit:
        document = fit(tune, encoder)
        MODEL.write_text(json.dumps(document) + "\n", "utf-8")
        model = checkworthy_from_dict(document, encoder)
    else:
        model = default_checkworthy_model(encoder)
    y = np.array([r["worthy"] for r in test])
    real_outlet = np.array([r["article_label"] == "real" for r in test])
    texts = [r["text"] for r in test]
    rules = np.array([checkworthiness(t, entities(t)).score for t in texts])
    predicted = model.predict(texts)
    save_predictions("checkworthy_fit", [{"id": r["id"], "article": r["article"], "y": int(r["worthy"]),
                                          "p": float(p), "threshold": model.threshold}
                                         for r, p in zip(test, predicted, strict=True)])
    results = {"check_worthiness": [report("test half, former rules", y, rules, RULES_FLAG, real_outlet),
                                    report("test half, model", y, predicted, model.threshold, real_outlet)],
               "subjectivity_checkthat_test": subjectivity_figure(encoder)}
    print(f"opinion vs. fact (CheckThat! 2025 German test split): {results['subjectivity_checkthat_test']}")
    (HERE / "out" / "checkworthy_fit.json").write_text(json.dumps(results, indent=1), "utf-8")


if __name__ == "__main__":
    main()
