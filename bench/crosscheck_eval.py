"""Claim cross-check evaluation on the project's labelled German pairs (tests/fixtures/claims.jsonl).

The pairs are split in two halves by id (odd: development, even: test). Thresholds are chosen on the
development half by grid search (macro-F1, with `unclear` counted as an error); figures are reported for the
test half and for all pairs. Gold `unrelated` corresponds to the verdict `no_coverage`.

    python bench/crosscheck_eval.py [--encoder e5|use] [--write]   (--write prints the chosen thresholds)
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import numpy as np
from predictions import save_predictions
from sklearn.metrics import accuracy_score, f1_score

from gegenprobe.crosscheck import Thresholds, compare, decide
from gegenprobe.text import entities, load_encoder

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "claims.jsonl"
GOLD = {"support": "supported", "contradict": "contradicted", "unrelated": "no_coverage"}
CLASSES = ["supported", "contradicted", "no_coverage"]


def load_pairs() -> list[dict]:
    return [json.loads(line) for line in PAIRS.read_text("utf-8").splitlines()]


def predict(pairs: list[dict], cosines: np.ndarray, thresholds: Thresholds) -> list[str]:
    return [decide(float(c), compare(p["claim"], p["evidence"], entities(p["claim"])), thresholds)[0]
            for p, c in zip(pairs, cosines, strict=True)]


def report(pairs: list[dict], predicted: list[str]) -> dict:
    gold = [GOLD[p["label"]] for p in pairs]
    per_class = f1_score(gold, predicted, labels=CLASSES, average=None, zero_division=0)
    return {"pairs": len(pairs), "accuracy": round(float(accuracy_score(gold, predicted)), 3),
            "macro_f1": round(float(np.mean(per_class)), 3),
            "f1": {c: round(float(f), 3) for c, f in zip(CLASSES, per_class, strict=True)},
            "unclear": sum(v == "unclear" for v in predicted)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--encoder", default="e5")
    args = parser.parse_args()
    pairs = load_pairs()
    encoder = load_encoder(args.encoder)
    claims = encoder.encode_queries([p["claim"] for p in pairs])
    evidence = encoder.encode_queries([p["evidence"] for p in pairs])
    cosines = np.sum(claims * evidence, axis=1)
    dev = [i for i, p in enumerate(pairs) if p["id"] % 2 == 1]
    test = [i for i, p in enumerate(pairs) if p["id"] % 2 == 0]
    grid = np.round(np.arange(0.3, 0.85, 0.025), 3)
    best, best_f1 = Thresholds(), -1.0
    for related, support, contradict in itertools.product(grid, grid, grid):
        if not related <= contradict <= support + 0.2 or support < related:
            continue
        t = Thresholds(float(related), float(support), float(contradict))
        f1 = report([pairs[i] for i in dev], predict([pairs[i] for i in dev], cosines[dev], t))["macro_f1"]
        if f1 > best_f1:
            best, best_f1 = t, f1
    result = {"encoder": args.encoder, "thresholds": best.__dict__ if hasattr(best, "__dict__") else {
        "related": best.related, "support": best.support, "contradict": best.contradict},
        "shipped": report(pairs, predict(pairs, cosines, Thresholds()))}
    result["dev"] = report([pairs[i] for i in dev], predict([pairs[i] for i in dev], cosines[dev], best))
    result["test"] = report([pairs[i] for i in test], predict([pairs[i] for i in test], cosines[test], best))
    result["all"] = report(pairs, predict(pairs, cosines, best))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    # per pair, for bench/eval_gate.py: gold and both verdicts (shipped thresholds, thresholds tuned on dev)
    verdicts = zip(pairs, cosines, predict(pairs, cosines, Thresholds()), predict(pairs, cosines, best), strict=True)
    name = "crosscheck_eval" if args.encoder == "e5" else f"crosscheck_eval_{args.encoder.replace('/', '_')}"
    save_predictions(name, [
        {"id": p["id"], "half": "dev" if p["id"] % 2 == 1 else "test", "encoder": args.encoder,
         "gold": GOLD[p["label"]], "shipped": shipped, "tuned": tuned, "cosine": round(float(c), 4)}
        for p, c, shipped, tuned in verdicts])


if __name__ == "__main__":
    main()
