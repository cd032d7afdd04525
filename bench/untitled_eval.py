"""How much the detector's score moves when an article comes without its title (issue 10, item 1).

Real articles with titles, each scored twice: as published (headline + body) and with the title removed (the body
alone, as a title-less record of a dataset is read). Reports the mean absolute difference of p_fake and the label
flips, per data set:

- Fundus: the 97 DE/AT/CH articles of 61 outlets (none of them in the detector's training data);
- FANG-COVID, publisher split: a detector trained on the split's training outlets, scored on 600 articles
  (300 real, 300 fake, seed 13) of its five held-out outlets;
- FANG-COVID, shipped model: the same 600 articles under the shipped model (trained on all of FANG-COVID 2020, so
  these are training articles: a lower bound of the movement).

    python bench/untitled_eval.py            # writes bench/out/untitled_eval.json
"""

from __future__ import annotations

import json
import lzma
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
from fang import load_fang
from predictions import save_predictions

from gegenprobe.detect import DetectorBundle, DisinformationDetector, label_of, make_split, model_input, score_texts
from gegenprobe.detect._splits import publisher_of
from gegenprobe.types import Article

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
FUNDUS = ROOT.parent / "shared" / "data" / "fundus-articles" / "fundus_de_at_ch.jsonl.xz"
PER_LABEL = 300


def fundus() -> list[Article]:
    with lzma.open(FUNDUS, "rt", encoding="utf-8") as stream:
        records = [json.loads(line) for line in stream]
    return [Article(id=r["id"], title=r["title"], text=r["text"], source=r["publisher"]) for r in records]


def movement(articles: list[Article], predict, rows: list[dict] | None = None,  # type: ignore[no-untyped-def]
             **tags: str) -> dict:
    titled = predict([model_input(a) for a in articles])
    untitled = predict([model_input(replace(a, title="")) for a in articles])
    if rows is not None:  # per article, for bench/eval_gate.py
        rows += [{**tags, "id": a.id, "p_title": float(t), "p_untitled": float(u)}
                 for a, t, u in zip(articles, titled, untitled, strict=True)]
    flips = int(((titled >= 0.5) != (untitled >= 0.5)).sum())
    return {"articles": len(articles), "mean_abs_diff": round(float(np.abs(titled - untitled).mean()), 4),
            "p90_abs_diff": round(float(np.quantile(np.abs(titled - untitled), 0.9)), 4),
            "label_flips": flips, "fake_with_title": int((titled >= 0.5).sum()),
            "fake_without_title": int((untitled >= 0.5).sum())}


def held_out_sample(test: list[Article], seed: int) -> list[Article]:
    rng = random.Random(seed)
    chosen = []
    for label in (0, 1):  # real, fake
        pool = [a for a in test if label_of(a) == label and a.title]
        chosen += rng.sample(pool, min(PER_LABEL, len(pool)))
    return chosen


# the shipped configuration (no headline block since issue 10) and the former one with the headline block
CONFIGS = {"current": ({}, 0.0), "former_headline_block": ({"headline_chars": (2, 5)}, 0.0)}


def with_dropout(articles: list[Article], share: float, seed: int) -> list[Article]:
    """Training articles of which ``share`` lose their title, so the model learns to score a body alone."""
    rng = random.Random(seed)
    return [replace(a, title="") if rng.random() < share else a for a in articles]


def compare_configs(split, sample: list[Article], fundus_articles: list[Article],  # type: ignore[no-untyped-def]
                    rows: list[dict] | None = None) -> dict:
    """Each training configuration on the publisher split: kappa on its held-out outlets, title movement."""
    from gegenprobe.detect import evaluate_predictions

    results = {}
    for name, (params, share) in CONFIGS.items():
        train = with_dropout(split.train, share, 13)
        detector = DisinformationDetector(**params)
        detector.fit([model_input(a) for a in train], [label_of(a) for a in train],
                     groups=[publisher_of(a) for a in train])
        predict = lambda texts, d=detector: d.predict_proba(texts)[:, 1]  # noqa: E731
        p = predict([model_input(a) for a in split.test])
        metrics = evaluate_predictions([label_of(a) for a in split.test], p, [publisher_of(a) for a in split.test])
        results[name] = {"publisher_test_kappa": round(metrics["kappa"], 3), "roc_auc": round(metrics["roc_auc"], 3),
                         "fang_held_out": movement(sample, predict, rows, data="fang_held_out", model=name),
                         "fundus": movement(fundus_articles, predict, rows, data="fundus", model=name)}
        print(name, json.dumps(results[name]))
    return results


def main() -> None:
    shipped = DetectorBundle.default()
    rows: list[dict] = []
    report = {"fundus_shipped": movement(fundus(), lambda texts: score_texts(texts, shipped)[0], rows, data="fundus",
                                         model="shipped")}
    split = make_split(load_fang(), "publisher")
    sample = held_out_sample(split.test, 13)
    report["fang_shipped_training_articles"] = movement(sample, lambda texts: score_texts(texts, shipped)[0], rows,
                                                        data="fang_held_out", model="shipped")
    report["publisher_split_models"] = compare_configs(split, sample, fundus(), rows)
    save_predictions("untitled_eval", rows)
    print(json.dumps(report, indent=2))
    OUT.mkdir(exist_ok=True)
    (OUT / "untitled_eval.json").write_text(json.dumps(report, indent=2), "utf-8")


if __name__ == "__main__":
    main()
