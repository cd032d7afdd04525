"""Name recognition (query building) on a small set the project annotated: tests/fixtures/entities.jsonl.

30 German news sentences (our own wording) with the people, places and organisations a reader would mark.
A found name counts as right when it equals a marked name (exact) or shares a word with one (partial, e.g.
"Robert Koch" for "Robert Koch-Instituts"). Prints precision, recall and F1 of both, and the misses.

    python bench/entities_eval.py
"""

from __future__ import annotations

import json
from pathlib import Path

from predictions import save_predictions

from gegenprobe.text import entities

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "entities.jsonl"


def _words(name: str) -> set[str]:
    return set(name.replace("-", " ").split())


def main() -> None:
    rows = [json.loads(line) for line in FIXTURE.read_text("utf-8").splitlines() if line.strip()]
    found_total = gold_total = exact = partial_found = partial_gold = 0
    counts = []  # per sentence, for bench/eval_gate.py
    for line, row in enumerate(rows):
        found, gold = entities(row["text"]), row["names"]
        counts.append({"line": line, "found": len(found), "gold": len(gold), "exact": len(set(found) & set(gold)),
                       "partial_found": sum(any(_words(f) & _words(g) for g in gold) for f in found),
                       "partial_gold": sum(any(_words(f) & _words(g) for f in found) for g in gold)})
        found_total += len(found)
        gold_total += len(gold)
        exact += len(set(found) & set(gold))
        partial_found += sum(any(_words(f) & _words(g) for g in gold) for f in found)
        partial_gold += sum(any(_words(f) & _words(g) for f in found) for g in gold)
        missed = [g for g in gold if not any(_words(f) & _words(g) for f in found)]
        wrong = [f for f in found if not any(_words(f) & _words(g) for g in gold)]
        if missed or wrong:
            print(f"missed {missed} wrong {wrong}: {row['text'][:70]}")

    save_predictions("entities_eval", counts)

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    p, r = exact / found_total, exact / gold_total
    pp, pr = partial_found / found_total, partial_gold / gold_total
    print(json.dumps({"sentences": len(rows), "names": gold_total, "found": found_total,
                      "exact": {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1(p, r), 3)},
                      "partial": {"precision": round(pp, 3), "recall": round(pr, 3), "f1": round(f1(pp, pr), 3)}}))


if __name__ == "__main__":
    main()
