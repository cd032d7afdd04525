"""Fit the claim verifier (gegenprobe.crosscheck.PairModel) and report it on the held-out real pairs (issue 12).

Training rows: German XNLI pairs (premise = evidence, hypothesis = claim; professional translations, CC BY-NC 4.0,
../shared/data/sentence-pairs-de) and the tuning half of the real claim/evidence pairs (bench/claim_pairs.py,
hand labels in bench/data/claim_labels.jsonl). Thresholds: from story-grouped cross-validation on the tuning half,
the lowest support threshold whose precision reaches the target, and the contradiction threshold with the best F1.
Report: the test half (other stories), against the current verdicts as baseline, natural pairs and the pairs the
current verdicts call supported as separate rows, and the project's own 153 pairs as a third row.

    python bench/verifier_fit.py            # report only (uses the shipped verifier.json)
    python bench/verifier_fit.py --fit      # refit, write src/gegenprobe/crosscheck/verifier.json, report
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import random
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, precision_recall_fscore_support

sys.path.insert(0, str(Path(__file__).resolve().parent))
from predictions import save_predictions

from gegenprobe.crosscheck import CLASSES, PAIR_FEATURES, PairModel, claim_content, default_pair_model, pair_features
from gegenprobe.text import load_encoder

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
XNLI = ROOT.parent / "shared" / "data" / "sentence-pairs-de" / "xnli_de.jsonl.xz"
PAIRS = HERE / "out" / "claim_pairs_text.jsonl"
LABELS = HERE / "data" / "claim_labels.jsonl"
OWN = ROOT / "tests" / "fixtures" / "claims.jsonl"
CACHE = HERE / "out" / "verifier_features.npz"
MODEL = ROOT / "src" / "gegenprobe" / "crosscheck" / "verifier.json"
XNLI_LABELS = {"entailment": "supported", "contradiction": "contradicted", "neutral": "not_enough_info"}
OWN_LABELS = {"support": "supported", "contradict": "contradicted", "unrelated": "not_enough_info"}
CURRENT = {"supported": "supported", "contradicted": "contradicted", "unclear": "not_enough_info",
           "no_coverage": "not_enough_info"}
XNLI_SAMPLE = 3000
SUPPORT_PRECISION = 0.90


def features(pairs: list[tuple[str, str]], encoder) -> np.ndarray:  # type: ignore[no-untyped-def]
    """``PAIR_FEATURES`` rows of (claim, evidence) pairs; sentences encoded as the pipeline does (as queries)."""
    claims = [claim_content(c) for c, _ in pairs]
    evidence = [claim_content(e) for _, e in pairs]
    vectors = encoder.encode_queries([c.text for c in claims] + [e.text for e in evidence])
    cosines = np.sum(vectors[: len(pairs)] * vectors[len(pairs) :], axis=1)
    return np.vstack([pair_features(c, e, float(cos)) for c, e, cos in zip(claims, evidence, cosines, strict=True)])


def load_xnli() -> list[dict]:
    with lzma.open(XNLI, "rt", encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream]
    random.Random(13).shuffle(rows)
    return rows[:XNLI_SAMPLE]


def load_real() -> list[dict]:
    labels = {}
    if LABELS.exists():
        labels = {row["id"]: row["label"] for row in map(json.loads, LABELS.read_text("utf-8").splitlines())}
    rows = [json.loads(line) for line in PAIRS.read_text("utf-8").splitlines()]
    return [{**row, "label": labels[row["id"]]} for row in rows if row["id"] in labels]


def cached_features(encoder) -> dict[str, np.ndarray]:  # type: ignore[no-untyped-def]
    """Feature rows of the three sets, each cached (encoding takes minutes) until its pairs or the feature list
    change."""
    own = [json.loads(line) for line in OWN.read_text("utf-8").splitlines()]
    sets = {"xnli": [(r["hypothesis"], r["premise"]) for r in load_xnli()],
            "real": [(r["claim"], r["evidence"]) for r in load_real()],
            "own": [(r["claim"], r["evidence"]) for r in own]}
    return {name: _cached(name, pairs, encoder) for name, pairs in sets.items()}


def _cached(name: str, pairs: list[tuple[str, str]], encoder) -> np.ndarray:  # type: ignore[no-untyped-def]
    path = CACHE.with_name(f"verifier_features_{name}.npz")
    key = hashlib.sha1(json.dumps([list(PAIR_FEATURES), pairs]).encode()).hexdigest()
    if path.exists():
        cached = np.load(path, allow_pickle=False)
        if str(cached["key"]) == key:
            return np.asarray(cached["rows"])
    rows = features(pairs, encoder) if pairs else np.zeros((0, len(PAIR_FEATURES)))
    np.savez(path, key=np.asarray(key), rows=rows)
    return rows


def thresholds(p: np.ndarray, gold: list[str]) -> tuple[float, float]:
    """Support: the lowest threshold with precision >= target (fewest missed supports); contradiction: best F1."""
    support_gold = np.array([g == "supported" for g in gold])
    support = 0.99
    for t in np.arange(0.30, 0.99, 0.01):
        flagged = p[:, 0] >= t
        if flagged.sum() >= 5 and support_gold[flagged].mean() >= SUPPORT_PRECISION:
            support = float(t)
            break
    contra_gold = np.array([g == "contradicted" for g in gold])
    best, contradict = -1.0, 0.5
    for t in np.arange(0.20, 0.95, 0.01):
        flagged = p[:, 1] >= t
        tp = (flagged & contra_gold).sum()
        f1 = 2 * tp / max(flagged.sum() + contra_gold.sum(), 1)
        if f1 > best:
            best, contradict = f1, float(t)
    return round(support, 2), round(contradict, 2)


def decide(p: np.ndarray, model: PairModel) -> list[str]:
    verdicts = []
    for row in p:
        if row[1] >= model.contradict_threshold and row[1] >= row[0]:
            verdicts.append("contradicted")
        elif row[0] >= model.support_threshold:
            verdicts.append("supported")
        else:
            verdicts.append("not_enough_info")
    return verdicts


def grouped_cv(X_x: np.ndarray, y_x: list[str], X_t: np.ndarray, y_t: list[str], groups: list[int],
               folds: int = 5) -> np.ndarray:
    """Out-of-fold probabilities on the tuning half, whole story groups held out together."""
    out = np.zeros((len(y_t), len(CLASSES)))
    unique = sorted(set(groups))
    for fold in range(folds):
        held = {g for i, g in enumerate(unique) if i % folds == fold}
        train = np.array([g not in held for g in groups])
        model = _fit(X_x, y_x, X_t[train], [y for y, k in zip(y_t, train, strict=True) if k])
        out[~train] = model.predict_proba(X_t[~train])
    return out


def _fit(X_x: np.ndarray, y_x: list[str], X_t: np.ndarray, y_t: list[str]) -> PairModel:
    """Real pairs weigh more than translated NLI pairs (they are what the verifier will see)."""
    X = np.vstack([X_x, X_t]) if len(X_t) else X_x
    weights = np.concatenate([np.full(len(y_x), 0.3), np.full(len(y_t), 1.0)])
    return PairModel.fit(X, np.array([*y_x, *y_t]), C=0.5, weights=weights)


def report(name: str, gold: list[str], predicted: list[str]) -> dict:
    p, r, _, n = precision_recall_fscore_support(gold, predicted, labels=list(CLASSES), zero_division=0)
    row = {"set": name, "n": len(gold), "macro_f1": round(float(f1_score(gold, predicted, labels=list(CLASSES),
                                                                          average="macro", zero_division=0)), 3),
           "accuracy": round(float(np.mean([g == q for g, q in zip(gold, predicted, strict=True)])), 3)}
    for i, label in enumerate(CLASSES):
        row[label] = {"precision": round(float(p[i]), 3), "recall": round(float(r[i]), 3), "gold": int(n[i])}
    print(f"{name:42s} n={len(gold):4d} macro-F1 {row['macro_f1']:.3f}  " + "  ".join(
        f"{c[:4]} P {row[c]['precision']:.2f} R {row[c]['recall']:.2f} ({row[c]['gold']})" for c in CLASSES))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true")
    args = parser.parse_args()
    encoder = load_encoder("e5")
    found = cached_features(encoder)
    xnli, real = load_xnli(), load_real()
    own = [json.loads(line) for line in OWN.read_text("utf-8").splitlines()]
    y_x = [XNLI_LABELS[r["label"]] for r in xnli]
    tune = [i for i, r in enumerate(real) if r["split"] == "tune"]
    test = [i for i, r in enumerate(real) if r["split"] == "test"]
    y_tune = [real[i]["label"] for i in tune]
    if args.fit:
        oof = grouped_cv(found["xnli"], y_x, found["real"][tune], y_tune, [real[i]["group"] for i in tune])
        support, contradict = thresholds(oof, y_tune)
        model = _fit(found["xnli"], y_x, found["real"][tune], y_tune)
        model = PairModel(model.mean, model.scale, model.coef, model.intercept, support, contradict)
        provenance = {"trained_on": "3,000 German XNLI pairs (CC BY-NC 4.0, weight 0.3) and the tuning half of the "
                                    "hand-labelled FANG-COVID claim/evidence pairs (research-only; ids in "
                                    "bench/data/claim_labels.jsonl)", "made_by": "python bench/verifier_fit.py --fit"}
        MODEL.write_text(json.dumps({**model.to_dict(), **provenance}, indent=1) + "\n", "utf-8")
        print(f"thresholds from grouped CV on the tuning half: support {support}, contradict {contradict}")
    model = default_pair_model() if not args.fit else model
    results = []
    test_rows = [real[i] for i in test]
    gold = [r["label"] for r in test_rows]
    predicted = decide(model.predict_proba(found["real"][test]), model)
    results.append(report("test half, current verdicts (baseline)", gold, [CURRENT[r["current_verdict"]]
                                                                             for r in test_rows]))
    results.append(report("test half, verifier", gold, predicted))
    hard = [k for k, r in enumerate(test_rows) if r["current_verdict"] == "supported"]
    results.append(report("  of them: current 'supported' (hard)", [gold[k] for k in hard],
                          [predicted[k] for k in hard]))
    natural = [k for k, r in enumerate(test_rows) if r["picked"] == "best"]
    results.append(report("  of them: natural best-match pairs", [gold[k] for k in natural],
                          [predicted[k] for k in natural]))
    own_gold = [OWN_LABELS[r["label"]] for r in own]
    results.append(report("project's own 153 pairs (self-written)", own_gold,
                          decide(model.predict_proba(found["own"]), model)))
    (HERE / "out" / "verifier_eval.json").write_text(json.dumps(results, indent=1), "utf-8")
    # a refutation pair has no story group (-1): its claim article is its unit of resampling
    save_predictions("verifier_fit", [{"id": r["id"], "gold": g, "predicted": q,
                                       "group": str(r["group"]) if r["group"] >= 0 else f"article {r['claim_article']}"}
                                      for r, g, q in zip(test_rows, gold, predicted, strict=True)])


if __name__ == "__main__":
    main()
