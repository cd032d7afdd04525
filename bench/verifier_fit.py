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
import re
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, precision_recall_fscore_support

sys.path.insert(0, str(Path(__file__).resolve().parent))
from predictions import save_predictions

from gegenprobe.crosscheck import (
    CLASSES,
    PAIR_FEATURES,
    PairModel,
    claim_content,
    default_pair_model,
    pair_features,
    pair_stance,
)
from gegenprobe.crosscheck import _mismatch as mismatch_module
from gegenprobe.crosscheck import _pair as pair_module
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
# rule-made contradictions (another number, a negation, an opposite) did not help where they can be measured: with
# weight 0.5 the story-grouped CV average precision of "supported" on the tuning half fell from 0.632 to 0.625, and
# the tuning half holds too few real contradictions to tune on. Off until real contradictions can measure them.
PERTURBED_WEIGHT = 0.0
MIN_CONTRADICTIONS = 20
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
    real = load_real()
    sets = {"xnli": [(r["hypothesis"], r["premise"]) for r in load_xnli()],
            "real": [(r["claim"], r["evidence"]) for r in real],
            "own": [(r["claim"], r["evidence"]) for r in own],
            "perturbed": [(claim, r["evidence"]) for r in perturbable(real)
                          if (claim := perturbed(r["claim"])) is not None]}
    return {name: _cached(name, pairs, encoder) for name, pairs in sets.items()}


def perturbable(real: list[dict]) -> list[dict]:
    """The supported pairs of the tuning half, the sources of rule-made contradictions."""
    return [r for r in real if r["split"] == "tune" and r["label"] == "supported" and perturbed(r["claim"])]


def unit_of(row: dict) -> str:
    """A pair's unit for grouped folds and the bootstrap: its story group, else (mined pairs) its claim article."""
    return str(row["group"]) if row["group"] >= 0 else f"article {row['claim_article']}"


def _cached(name: str, pairs: list[tuple[str, str]], encoder) -> np.ndarray:  # type: ignore[no-untyped-def]
    path = CACHE.with_name(f"verifier_features_{name}.npz")
    # the features' code is part of the key: a changed feature recomputes the cache
    code = [Path(module.__file__).read_text("utf-8") for module in (pair_module, mismatch_module)]
    key = hashlib.sha1(json.dumps([list(PAIR_FEATURES), code, pairs]).encode()).hexdigest()
    if path.exists():
        cached = np.load(path, allow_pickle=False)
        if str(cached["key"]) == key:
            return np.asarray(cached["rows"])
    rows = features(pairs, encoder) if pairs else np.zeros((0, len(PAIR_FEATURES)))
    np.savez(path, key=np.asarray(key), rows=rows)
    return rows


_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*\b")
_FINITE = re.compile(r"\b(ist|sind|war|waren|hat|haben|hatte|hatten|wird|werden|wurde|wurden|kann|können|soll|"
                     r"sollen)\b")
_OPPOSITES = [("gestiegen", "gesunken"), ("mehr", "weniger"), ("erlaubt", "verboten"), ("zugestimmt", "abgelehnt"),
              ("geöffnet", "geschlossen"), ("gewonnen", "verloren"), ("steigt", "sinkt")]


def perturbed(claim: str) -> str | None:
    """A claim made incompatible with its evidence by a rule: another number, a negation, an opposite (distant
    supervision for contradictions, which real pairs hardly contain)."""
    number = _NUMBER.search(claim)
    if number:
        digits = number.group().replace(".", "").replace(",", "")
        return claim[: number.start()] + str(int(digits) * 3 + 7) + claim[number.end() :]
    for a, b in _OPPOSITES:
        for old, new in ((a, b), (b, a)):
            if re.search(rf"\b{old}\b", claim):
                return re.sub(rf"\b{old}\b", new, claim, count=1)
    verb = _FINITE.search(claim)
    return claim[: verb.end()] + " nicht" + claim[verb.end() :] if verb else None


def thresholds(p: np.ndarray, gold: list[str], model: PairModel, X: np.ndarray,
               contents: list[tuple]) -> tuple[float, float]:
    """Support: the lowest threshold at which the pipeline's pair decisions reach the target precision (fewest
    missed supports); contradiction: the best F1 of those decisions, once there are enough to tune on."""
    support_gold = np.array([g == "supported" for g in gold])
    support = 0.99
    for t in np.arange(0.30, 0.99, 0.01):
        flagged = np.array([v == "supported" for v in decide(p, replace(model, support_threshold=float(t)), X,
                                                              contents)])
        if flagged.sum() >= 5 and support_gold[flagged].mean() >= SUPPORT_PRECISION:
            support = float(t)
            break
    contra_gold = np.array([g == "contradicted" for g in gold])
    if contra_gold.sum() < MIN_CONTRADICTIONS:  # too few to tune on: a threshold fitted to 3 pairs is noise
        return round(support, 2), 0.5
    best, contradict = -1.0, 0.5
    for t in np.arange(0.20, 0.95, 0.01):
        candidate = replace(model, support_threshold=support, contradict_threshold=float(t))
        flagged = np.array([v == "contradicted" for v in decide(p, candidate, X, contents)])
        tp = (flagged & contra_gold).sum()
        f1 = 2 * tp / max(flagged.sum() + contra_gold.sum(), 1)
        if f1 > best:
            best, contradict = f1, float(t)
    return round(support, 2), round(contradict, 2)


def analysed(pairs: list[tuple[str, str]]) -> list[tuple]:
    """(claim content, explicit conflicts) per pair, as the pipeline computes them."""
    rows = []
    for claim, evidence in pairs:
        content = claim_content(claim)
        rows.append((content, pair_module.compare_contents(content, claim_content(evidence)).conflicts))
    return rows


STANCE_LABEL = {"contradicts": "contradicted", "supports": "supported", "copy": "supported"}


def decide(p: np.ndarray, model: PairModel, X: np.ndarray, contents: list[tuple]) -> list[str]:
    """Pair verdicts exactly as the pipeline decides a stance (crosscheck.pair_stance); a copy states the same
    fact (it only does not count as an independent outlet)."""
    return [STANCE_LABEL.get(pair_stance(content, row, probabilities, model, conflicts).stance or "",
                             "not_enough_info")
            for probabilities, row, (content, conflicts) in zip(p, X, contents, strict=True)]


def grouped_cv(X_x: np.ndarray, y_x: list[str], X_t: np.ndarray, y_t: list[str], groups: list[str],
               X_p: np.ndarray, p_groups: list[str], folds: int = 5) -> np.ndarray:
    """Out-of-fold probabilities on the tuning half, whole story groups held out together (with the rule-made
    contradictions made from them)."""
    out = np.zeros((len(y_t), len(CLASSES)))
    unique = sorted(set(groups))
    for fold in range(folds):
        held = {g for i, g in enumerate(unique) if i % folds == fold}
        train = np.array([g not in held for g in groups])
        kept = np.array([g not in held for g in p_groups], dtype=bool)
        model = _fit(X_x, y_x, X_t[train], [y for y, k in zip(y_t, train, strict=True) if k], X_p[kept])
        out[~train] = model.predict_proba(X_t[~train])
    return out


def _fit(X_x: np.ndarray, y_x: list[str], X_t: np.ndarray, y_t: list[str], X_p: np.ndarray) -> PairModel:
    """Real pairs weigh more than translated NLI pairs and rule-made contradictions (they are what the verifier
    will see)."""
    X = np.vstack([X_x, X_t, X_p])
    labels = np.array([*y_x, *y_t, *["contradicted"] * len(X_p)])
    weights = np.concatenate([np.full(len(y_x), 0.3), np.full(len(y_t), 1.0), np.full(len(X_p), PERTURBED_WEIGHT)])
    return PairModel.fit(X, labels, C=0.5, weights=weights)


def former_verdict(row: dict) -> str:
    """The verdict of the former rules (stored with the pair; computed for the mined number pairs)."""
    if not row["current_verdict"]:
        from gegenprobe.crosscheck import compare
        from gegenprobe.crosscheck import decide as former
        from gegenprobe.text import entities

        cosine = float(np.dot(*load_encoder("e5").encode_queries([row["claim"], row["evidence"]])))
        row["current_verdict"] = former(cosine, compare(row["claim"], row["evidence"], entities(row["claim"])))[0]
    return CURRENT[row["current_verdict"]]


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
        p_groups = [unit_of(r) for r in perturbable(real)]
        oof = grouped_cv(found["xnli"], y_x, found["real"][tune], y_tune, [unit_of(real[i]) for i in tune],
                         found["perturbed"], p_groups)
        model = _fit(found["xnli"], y_x, found["real"][tune], y_tune, found["perturbed"])
        support, contradict = thresholds(oof, y_tune, model, found["real"][tune],
                                         analysed([(real[i]["claim"], real[i]["evidence"]) for i in tune]))
        model = replace(model, support_threshold=support, contradict_threshold=contradict)
        provenance = {"trained_on": "3,000 German XNLI pairs (CC BY-NC 4.0, weight 0.3) and the tuning half of the "
                                    "hand-labelled FANG-COVID claim/evidence pairs (research-only; ids in "
                                    "bench/data/claim_labels.jsonl)", "made_by": "python bench/verifier_fit.py --fit"}
        MODEL.write_text(json.dumps({**model.to_dict(), **provenance}, indent=1) + "\n", "utf-8")
        print(f"thresholds from grouped CV on the tuning half: support {support}, contradict {contradict}")
    model = default_pair_model() if not args.fit else model
    results = []
    test_rows = [real[i] for i in test]
    gold = [r["label"] for r in test_rows]
    predicted = decide(model.predict_proba(found["real"][test]), model, found["real"][test],
                       analysed([(r["claim"], r["evidence"]) for r in test_rows]))
    results.append(report("test half, current verdicts (baseline)", gold, [former_verdict(r) for r in test_rows]))
    results.append(report("test half, verifier", gold, predicted))
    hard = [k for k, r in enumerate(test_rows) if r["current_verdict"] == "supported"]
    results.append(report("  of them: current 'supported' (hard)", [gold[k] for k in hard],
                          [predicted[k] for k in hard]))
    for relation, name in (("numbers", "number pairs"), ("refutation", "refutation pairs"),
                           ("refuted", "refutation-first pairs"), ("conflict", "conflict-first pairs")):
        rows = [k for k, r in enumerate(test_rows) if r["relation"] == relation]
        if rows:
            results.append(report(f"  of them: {name}", [gold[k] for k in rows], [predicted[k] for k in rows]))
    natural = [k for k, r in enumerate(test_rows) if r["picked"] == "best" and r["relation"] != "refutation"]
    results.append(report("  of them: natural best-match pairs", [gold[k] for k in natural],
                          [predicted[k] for k in natural]))
    own_gold = [OWN_LABELS[r["label"]] for r in own]
    results.append(report("project's own 153 pairs (self-written)", own_gold,
                          decide(model.predict_proba(found["own"]), model, found["own"],
                                 analysed([(r["claim"], r["evidence"]) for r in own]))))
    (HERE / "out" / "verifier_eval.json").write_text(json.dumps(results, indent=1), "utf-8")
    # a refutation pair has no story group (-1): its claim article is its unit of resampling
    save_predictions("verifier_fit", [{"id": r["id"], "gold": g, "predicted": q, "group": unit_of(r)}
                                      for r, g, q in zip(test_rows, gold, predicted, strict=True)])


if __name__ == "__main__":
    main()
