"""Merge the two independent labelling passes of the claim/evidence pairs, report agreement, and write the final
labels (ids and labels only) to bench/data/claim_labels.jsonl.

    python bench/claim_labels.py                 # agreement + bench/out/claim_disagreements.jsonl to adjudicate
    python bench/claim_labels.py --final         # + adjudications (bench/out/claim_adjudicated.jsonl) -> final file

Pass A and pass B were made by two helper sessions from bench/data/claim_labelling_guide.md alone, each without
seeing the other's labels; disagreements are adjudicated from the guide, with both labels and notes in view.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
FINAL = HERE / "data" / "claim_labels.jsonl"
TEXTS = OUT / "claim_pairs_text.jsonl"


def _read(pattern: str) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    for path in sorted(OUT.glob(pattern)):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            rows[row["id"]] = row
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--final", action="store_true")
    args = parser.parse_args()
    a, b = _read("claim_labels_A_*.jsonl"), _read("claim_labels_B_*.jsonl")
    both = [i for i in a if i in b]
    labels_a, labels_b = [a[i]["label"] for i in both], [b[i]["label"] for i in both]
    kappa = cohen_kappa_score(labels_a, labels_b)
    agree = sum(x == y for x, y in zip(labels_a, labels_b, strict=True)) / len(both)
    print(f"{len(both)} pairs labelled twice: raw agreement {agree:.3f}, Cohen's kappa {kappa:.3f}")
    print(f"pass A {Counter(labels_a)}\npass B {Counter(labels_b)}")
    texts = {row["id"]: row for row in map(json.loads, TEXTS.read_text("utf-8").splitlines())}
    disagreements = [i for i in both if a[i]["label"] != b[i]["label"]]
    with (OUT / "claim_disagreements.jsonl").open("w", encoding="utf-8") as stream:
        for i in disagreements:
            stream.write(json.dumps({"id": i, "claim": texts[i]["claim"], "evidence": texts[i]["evidence"],
                                     "pass_a": a[i]["label"], "note_a": a[i].get("note", ""),
                                     "pass_b": b[i]["label"], "note_b": b[i].get("note", "")},
                                    ensure_ascii=False) + "\n")
    print(f"{len(disagreements)} disagreements -> {OUT / 'claim_disagreements.jsonl'}")
    if not args.final:
        return
    adjudicated = _read("claim_adjudicated.jsonl")
    missing = [i for i in disagreements if i not in adjudicated]
    if missing:
        raise SystemExit(f"{len(missing)} disagreements are not adjudicated yet")
    with FINAL.open("w", encoding="utf-8") as stream:
        for i in both:
            final = adjudicated[i]["label"] if i in adjudicated else a[i]["label"]
            stream.write(json.dumps({"id": i, "pass_a": a[i]["label"], "pass_b": b[i]["label"], "label": final,
                                     "adjudicated": i in adjudicated}) + "\n")
    print(f"final labels -> {FINAL}: {Counter(json.loads(x)['label'] for x in FINAL.read_text().splitlines())}")


if __name__ == "__main__":
    main()
