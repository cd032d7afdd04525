"""Check-worthiness of sentences on the project's own annotated set (tests/fixtures/checkworthy.jsonl).

64 German sentences in news and alternative-media style, labelled by hand: 1 = a verifiable factual claim (an
event, a number, an attributed statement, a concrete act, also a false one), 0 = opinion, appeal, question,
filler. Pairs 0-1, 4-5, ... are the development half the rules were tuned on; pairs 2-3, 6-7, ... are held out.

    python bench/checkworthy_eval.py
"""

from __future__ import annotations

import json
from pathlib import Path

from predictions import save_predictions

from gegenprobe.detect._explain import checkworthiness
from gegenprobe.text import entities

# the rules flag a sentence from 0.25 (one signal); the shipped model decides now (bench/checkworthy_fit.py)
CHECK_WORTHY = 0.25
FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "checkworthy.jsonl"


def scores(rows: list[dict]) -> dict[str, float]:
    predicted = [checkworthiness(r["text"], entities(r["text"])).score >= CHECK_WORTHY for r in rows]
    truth = [bool(r["worthy"]) for r in rows]
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    precision = tp / max(1, sum(predicted))
    recall = tp / max(1, sum(truth))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    accuracy = sum(p == t for p, t in zip(predicted, truth, strict=True)) / len(rows)
    return {"n": len(rows), "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "accuracy": round(accuracy, 3)}


def prediction_rows(rows: list[dict]) -> list[dict]:
    """Per sentence (by line number): gold label and score, for bench/eval_gate.py."""
    out = []
    for i, row in enumerate(rows):
        score = checkworthiness(row["text"], entities(row["text"])).score
        out.append({"line": i, "half": "development" if (i // 2) % 2 == 0 else "held_out", "y": int(row["worthy"]),
                    "score": round(score, 4), "predicted": int(score >= CHECK_WORTHY)})
    return out


def main() -> None:
    rows = [json.loads(line) for line in FIXTURE.read_text("utf-8").splitlines() if line.strip()]
    save_predictions("checkworthy_eval", prediction_rows(rows))
    development = [r for i, r in enumerate(rows) if (i // 2) % 2 == 0]
    held_out = [r for i, r in enumerate(rows) if (i // 2) % 2 == 1]
    print("development", json.dumps(scores(development)))
    print("held out   ", json.dumps(scores(held_out)))
    for row in held_out:
        worth = checkworthiness(row["text"], entities(row["text"]))
        if (worth.score >= CHECK_WORTHY) != bool(row["worthy"]):
            print(f"  miss (label {row['worthy']}, score {worth.score:.2f}): {row['text']}  {list(worth.reasons)}")


if __name__ == "__main__":
    main()
