"""Detector evaluation on FANG-COVID: baseline vs. gegenprobe's model on the publisher, temporal and random splits.

Baseline: word 1-2-gram TF-IDF + logistic regression on the same cleaned, scrubbed text (no char n-grams,
no signals, Platt calibration as for the model, so both are measured alike). Prints one JSON line per run and
a table; writes bench/out/detect_eval.json.

    python bench/detect_eval.py [--splits publisher,temporal,random] [--models baseline,model]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from fang import load_fang
from predictions import save_predictions

from gegenprobe.detect import DisinformationDetector, evaluate_predictions, label_of, make_split, model_input
from gegenprobe.detect._splits import publisher_of

OUT = Path(__file__).resolve().parent / "out"
CONFIGS = {
    "baseline": {"char_ngrams": None, "signals": False, "C": 8.0, "nb_weights": None, "headline_chars": None},
    "chars+signals": {"char_ngrams": (2, 5), "signals": True, "nb_weights": None, "headline_chars": None},
    "nb-per-fold": {"nb_weights": "per_fold", "headline_chars": None},
    "no-headline": {"headline_chars": None},
    "model": {},
}


def run(split_name: str, model_name: str, articles, rows: list[dict] | None = None) -> dict:
    split = make_split(articles, split_name)
    detector = DisinformationDetector(**CONFIGS[model_name])
    started = time.perf_counter()
    groups = [publisher_of(a) for a in split.train] if split_name == "publisher" else None
    detector.fit([model_input(a) for a in split.train], [label_of(a) for a in split.train], groups=groups)
    fit_seconds = time.perf_counter() - started
    started = time.perf_counter()
    p = detector.predict_proba([model_input(a) for a in split.test])[:, 1]
    score_seconds = time.perf_counter() - started
    result = evaluate_predictions([label_of(a) for a in split.test], p, [publisher_of(a) for a in split.test])
    if rows is not None:  # per test article, for bench/eval_gate.py
        rows += [{"split": split_name, "model": model_name, "id": a.id, "y": label_of(a), "p": float(q)}
                 for a, q in zip(split.test, p, strict=True)]
    result.update({"split": split_name, "model": model_name, "train": len(split.train),
                   "fit_s": round(fit_seconds, 1), "articles_per_s": round(len(split.test) / score_seconds, 1)})
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--splits", default="publisher,temporal,random")
    parser.add_argument("--models", default="baseline,model", help=", ".join(CONFIGS))
    args = parser.parse_args()
    articles = load_fang()
    results = []
    rows: list[dict] = []
    for split_name in args.splits.split(","):
        for model_name in args.models.split(","):
            result = run(split_name, model_name, articles, rows)
            print(json.dumps({k: v for k, v in result.items() if k != "per_source_accuracy"}), flush=True)
            results.append(result)
    OUT.mkdir(exist_ok=True)
    (OUT / "detect_eval.json").write_text(json.dumps(results, indent=2), "utf-8")
    save_predictions("detect_eval", rows)
    header = ("split", "model", "acc", "macroF1", "F1fake", "kappa", "AUC", "Brier", "ECE")
    print("{:10} {:11} {:>6} {:>8} {:>7} {:>6} {:>6} {:>6} {:>6}".format(*header))
    for r in results:
        print(f"{r['split']:10} {r['model']:11} {r['accuracy']:6.3f} {r['macro_f1']:8.3f} {r['f1_fake']:7.3f} "
              f"{r['kappa']:6.3f} {r['roc_auc']:6.3f} {r['brier']:6.3f} {r['ece']:6.3f}")


if __name__ == "__main__":
    main()
