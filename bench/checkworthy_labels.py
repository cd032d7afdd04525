"""Merge the two independent labelling passes of the check-worthiness sentences, report agreement per batch, and
write the final labels (ids and labels only) to bench/data/checkworthy_labels.jsonl.

    python bench/checkworthy_labels.py            # agreement + bench/out/checkworthy_disagreements.jsonl
    python bench/checkworthy_labels.py --final    # + adjudications (bench/out/checkworthy_adjudicated*.jsonl)

Batch 1 (798 sentences, both halves) and batch 2 (640 sentences of other articles, tuning half only) were each
labelled by two helper sessions from bench/data/checkworthy_labelling_guide.md alone, without seeing the other
pass; disagreements are adjudicated from the guide with both labels and notes in view. Labels already final stay
as they are.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
FINAL = HERE / "data" / "checkworthy_labels.jsonl"
TEXTS = OUT / "checkworthy_sentences_text.jsonl"
BATCHES = {"": ("checkworthy_labels_A.jsonl", "checkworthy_labels_B.jsonl"),
           "_2": ("checkworthy_labels_A_2.jsonl", "checkworthy_labels_B_2.jsonl")}


def _read(name: str, folder: Path = OUT) -> dict[str, dict]:
    path = folder / name
    if not path.exists():
        return {}
    return {row["id"]: row for row in map(json.loads, path.read_text("utf-8").splitlines())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--final", action="store_true")
    args = parser.parse_args()
    final = _read(FINAL.name, FINAL.parent)
    texts = _read(TEXTS.name)
    adjudicated = {**_read("checkworthy_adjudicated.jsonl"), **_read("checkworthy_adjudicated_2.jsonl")}
    merged, open_ones = dict(final), []
    for batch, (name_a, name_b) in BATCHES.items():
        disagreements = []
        a, b = _read(name_a), _read(name_b)
        both = [i for i in a if i in b]
        if not both:
            continue
        labels_a, labels_b = [a[i]["worthy"] for i in both], [b[i]["worthy"] for i in both]
        agree = sum(x == y for x, y in zip(labels_a, labels_b, strict=True)) / len(both)
        print(f"batch {batch or '_1'}: {len(both)} sentences labelled twice, raw agreement {agree:.3f}, "
              f"Cohen's kappa {cohen_kappa_score(labels_a, labels_b):.3f}; worthy A {sum(labels_a)} B {sum(labels_b)}")
        for i in both:
            if a[i]["worthy"] != b[i]["worthy"]:
                disagreements.append({"id": i, "text": texts[i]["text"], "source": texts[i]["source"],
                                      "pass_a": a[i]["worthy"], "note_a": a[i].get("note", ""),
                                      "pass_b": b[i]["worthy"], "note_b": b[i].get("note", "")})
            if i not in final:
                agreed = a[i]["worthy"] == b[i]["worthy"]
                label = a[i]["worthy"] if agreed else adjudicated.get(i, {}).get("worthy")
                merged[i] = {"id": i, "pass_a": a[i]["worthy"], "pass_b": b[i]["worthy"], "worthy": label,
                             "adjudicated": not agreed}
        with (OUT / f"checkworthy_disagreements{batch}.jsonl").open("w", encoding="utf-8") as stream:
            stream.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in disagreements)
        open_ones += [row["id"] for row in disagreements if row["id"] not in adjudicated and row["id"] not in final]
        print(f"  {len(disagreements)} disagreements -> checkworthy_disagreements{batch}.jsonl")
    print(f"{len(open_ones)} disagreements not adjudicated yet")
    if not args.final:
        return
    if open_ones:
        raise SystemExit(f"{len(open_ones)} disagreements are not adjudicated yet")
    order = [row["id"] for row in map(json.loads, TEXTS.read_text("utf-8").splitlines())]
    with FINAL.open("w", encoding="utf-8") as stream:
        stream.writelines(json.dumps(merged[i]) + "\n" for i in order if i in merged)
    print(f"final labels -> {FINAL}: {sum(merged[i]['worthy'] for i in merged)} worthy of {len(merged)}")


if __name__ == "__main__":
    main()
