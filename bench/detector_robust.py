"""Which training data makes the detector hold up outside FANG-COVID's outlets (issue 13, item 2): leave-dataset-out.

FANG-COVID's real side is three outlets (Tagesspiegel, Zeit, Süddeutsche), so a model trained on it learns "sounds
like those three". Variants add real news of other outlets to the training data and are judged on data that no
variant trains on:
- false alarms (called fake at 0.5) on German Wikinews, the Fundus news pages (DE/AT/CH) and NeMig's center/left
  outlets of half B (NeMig outlets are split into halves by a hash of the domain; half A may be trained on);
- fake detection on unseen fake outlets: the publisher split of FANG-COVID (test outlets: Süddeutsche, FreieWelt,
  Compact, Kopp, AnonymousNews), κ and ROC-AUC, each variant fitted on the split's training part plus its extras.
Variants: `fang` (as shipped), `+nemig` (NeMig center/left half A, headline + lead), `+headlines` (8-outlet
headlines 2020, 4,000 drawn at random, title only), `+nemig+headlines`.

    python bench/detector_robust.py [--variants fang,+nemig,...]   # table + bench/out/detector_robust.json
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table
from sklearn.metrics import cohen_kappa_score, roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from detector_matrix import DATA, FANG_OUTLETS, OUT, false_alarms, fundus_news, nemig, nemig_half, wikinews
from fang import load_fang

from gegenprobe.detect import DisinformationDetector, label_of, make_split, model_input
from gegenprobe.detect._splits import publisher_of
from gegenprobe.types import Article

HEADLINES = 4000
ALL_HEADLINES = 20_000
SEED = 13


def nemig_mainstream() -> list[Article]:
    return [a for a, o in nemig() if o in ("center", "left") and a.source not in FANG_OUTLETS]


def headlines(count: int = HEADLINES, year: str | None = "2020") -> list[Article]:
    """``count`` headlines of the 8 outlets drawn at random, from ``year`` only or (``None``) from 2013-2023."""
    with lzma.open(DATA / "headlines-de" / "headlines_de.jsonl.xz", "rt", encoding="utf-8") as stream:
        rows = [r for r in map(json.loads, stream) if year is None or r["date"].startswith(year)]
    chosen = random.Random(SEED).sample(rows, count)
    return [Article(id=f"h{i}", title=r["title"], text="", source=r["source"]) for i, r in enumerate(chosen)]


def extras(variant: str) -> list[Article]:
    """The extra real news of a variant, each set one group ("publisher") for the folds and the members."""
    found: list[Article] = []
    if "+nemig" in variant:
        found += _grouped([a for a in nemig_mainstream() if nemig_half(a.source) == "A"], "extra:nemig")
    if "+headlines" in variant:
        found += _grouped(headlines(), "extra:headlines")
    if "+allheadlines" in variant:
        found += _grouped(headlines(ALL_HEADLINES, None), "extra:allheadlines")
    return found


def _grouped(articles: list[Article], group: str) -> list[Article]:
    return [replace(a, meta={**a.meta, "publisher": group}) for a in articles]


def fit(train: list[Article], extra: list[Article]) -> DisinformationDetector:
    detector = DisinformationDetector(members=True)
    articles = train + extra
    detector.fit([model_input(a) for a in articles], [label_of(a) for a in train] + [0] * len(extra),
                 groups=[publisher_of(a) for a in articles])
    return detector


def abstaining(p: np.ndarray, uncertain: np.ndarray) -> dict:
    """False alarms counted apart from abstentions: called fake and not uncertain; uncertain."""
    alarms = false_alarms(np.where(uncertain, 0.0, p))
    return alarms | {"abstained": int(uncertain.sum()), "abstain_rate": round(float(uncertain.mean()), 3)}


def evaluate(variant: str, fang: list[Article], unseen: dict[str, list[Article]]) -> dict:
    extra = extras(variant)
    result: dict = {"variant": variant, "extra_real": len(extra)}
    split = make_split(fang, "publisher")
    detector = fit(split.train, extra)
    p, uncertain = detector.assess([model_input(a) for a in split.test])
    y = np.array([label_of(a) for a in split.test])
    kept = ~uncertain
    result["publisher_split"] = {"kappa": round(float(cohen_kappa_score(y, p >= 0.5)), 3),
                                 "roc_auc": round(float(roc_auc_score(y, p)), 3),
                                 "real_called_fake": round(float((p[y == 0] >= 0.5).mean()), 3),
                                 "abstain_fake": round(float(uncertain[y == 1].mean()), 3),
                                 "abstain_real": round(float(uncertain[y == 0].mean()), 3),
                                 "kappa_kept": round(float(cohen_kappa_score(y[kept], p[kept] >= 0.5)), 3),
                                 "fake_found_kept": round(float(((p >= 0.5) & kept)[y == 1].mean()), 3)}
    detector = fit(fang, extra)
    for name, articles in unseen.items():
        p, uncertain = detector.assess([model_input(a) for a in articles])
        result[name] = false_alarms(p) | {"with_abstention": abstaining(p, uncertain)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default="fang,+nemig,+headlines,+nemig+headlines")
    args = parser.parse_args()
    fang = [a for a in load_fang() if a.meta.get("label") in ("fake", "real")]
    unseen = {"wikinews": wikinews(), "fundus": fundus_news(),
              "nemig_B": [a for a in nemig_mainstream() if nemig_half(a.source) == "B"]}
    results = []
    for variant in args.variants.split(","):
        results.append(evaluate(variant, fang, unseen))
        print(json.dumps(results[-1]), flush=True)
    path = OUT / "detector_robust.json"  # earlier variants are kept; a variant run again is replaced
    earlier = [r for r in json.loads(path.read_text("utf-8")) if r["variant"] not in args.variants.split(",")] \
        if path.exists() else []
    path.write_text(json.dumps(earlier + results, indent=1), "utf-8")
    table = Table(title="leave-dataset-out: false alarms on data no variant trains on; publisher split")
    for column in ("variant", "extra real", "κ / AUC unseen fake outlets", "Wikinews", "Fundus", "NeMig half B"):
        table.add_column(column)
    for r in results:
        table.add_row(r["variant"], str(r["extra_real"]),
                      f"{r['publisher_split']['kappa']:.3f} / {r['publisher_split']['roc_auc']:.3f}",
                      *(f"{r[s]['rate']:.3f} [{r[s]['ci95'][0]:.2f}, {r[s]['ci95'][1]:.2f}]"
                        for s in ("wikinews", "fundus", "nemig_B")))
    Console().print(table)


if __name__ == "__main__":
    main()
