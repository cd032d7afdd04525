"""Detector evaluation matrix outside the training outlets (issue 13, item 4): the shipped detector beside a TF-IDF +
logistic regression baseline trained on the same FANG-COVID 2020 data.

Rows (every text real, none written by the project):
- false alarms (share called fake at the default threshold 0.5, Wilson 95 % CI) on real news from outlets never
  seen in training: Fundus test pages (DE/AT/CH, without satire and fact-checkers, FANG-COVID's outlets removed),
  German Wikinews, and NeMig's center/left outlets that are not FANG-COVID outlets, half B (half A is training
  data of the shipped model; headline + lead only);
- NeMig as a second labelled domain at headline + lead level: conspiracy outlets (fake) against center/left
  outlets (real), ROC-AUC and Cohen's kappa, with the conspiracy outlets that also appear in FANG-COVID reported
  apart from the others.
The shipped detector abstains where its members disagree (uncertain: rated ambivalent); false alarms count only
texts called fake and not uncertain, abstentions are reported apart. Leave-outlet-out and period rows:
bench/detector_loo.py.

    python bench/detector_matrix.py          # prints the table, writes bench/out/detector_matrix.json
"""

from __future__ import annotations

import hashlib
import json
import lzma
import math
import sys
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table
from sklearn.metrics import cohen_kappa_score, roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from detect_eval import CONFIGS
from fang import load_fang
from predictions import save_predictions

from gegenprobe.detect import DetectorBundle, DisinformationDetector, label_of, model_input, score_texts
from gegenprobe.types import Article

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "bench" / "out"
FANG_OUTLETS = {"tagesspiegel.de", "zeit.de", "sueddeutsche.de", "journalistenwatch.com", "de.rt.com",
                "rubikon.news", "freiewelt.net", "pravda-tv.com", "compact-online.de", "contra-magazin.com",
                "politikstube.com", "anonymousnews.ru", "kopp-report.de"}
FUNDUS_FANG = {"SZ", "DieZeit", "Tagesspiegel"}  # Fundus publisher keys of FANG-COVID's real outlets
THRESHOLD = 0.5


def _records(path: Path) -> list[dict]:
    with lzma.open(path, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


def fundus_news() -> list[Article]:
    return [Article(id=str(r["id"]), title=r["title"], text=r["text"], source=r["publisher"])
            for r in _records(DATA / "fundus-articles" / "fundus_de_at_ch.jsonl.xz")
            if r.get("publisher_type", "news") == "news" and r["publisher"] not in FUNDUS_FANG]


def wikinews() -> list[Article]:
    return [Article(id=str(r["id"]), title=r["title"], text=r["text"], source="de.wikinews.org")
            for r in _records(DATA / "wikinews-de" / "wikinews_de.jsonl.xz") if r.get("text")]


def nemig() -> list[tuple[Article, str]]:
    """(headline + lead as an article, orientation) for the rated NeMig articles with a lead."""
    return [(Article(id=str(r["id"]), title=r["title"], text=r["lead"], source=r["source"]), r["orientation"])
            for r in _records(DATA / "nemig" / "nemig_de.jsonl.xz") if r["lead"] and r["orientation"]]


def nemig_half(domain: str) -> str:
    """NeMig's outlets in two halves by a hash of the domain: half A may be trained on, half B never."""
    return "A" if int(hashlib.sha1(domain.encode()).hexdigest(), 16) % 2 == 0 else "B"


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 0.0
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def false_alarms(p: np.ndarray, uncertain: np.ndarray | None = None) -> dict:
    """Share called fake; with uncertainty flags, an uncertain text is an abstention, counted apart."""
    called = p >= THRESHOLD if uncertain is None else (p >= THRESHOLD) & ~uncertain
    hits = int(called.sum())
    low, high = wilson(hits, len(p))
    found = {"n": len(p), "false_alarms": hits, "rate": round(hits / max(len(p), 1), 3),
             "ci95": [round(low, 3), round(high, 3)]}
    if uncertain is not None:
        found |= {"abstained": int(uncertain.sum()), "abstain_rate": round(float(uncertain.mean()), 3),
                  "rate_without_abstention": round(float((p >= THRESHOLD).mean()), 3)}
    return found


def separation(y: np.ndarray, p: np.ndarray, uncertain: np.ndarray) -> dict:
    kept = ~uncertain
    return {"n": len(y), "fake": int(y.sum()), "roc_auc": round(float(roc_auc_score(y, p)), 3),
            "kappa": round(float(cohen_kappa_score(y, p >= THRESHOLD)), 3),
            "real_called_fake": round(float(((p >= THRESHOLD) & kept)[y == 0].mean()), 3),
            "abstain_fake": round(float(uncertain[y == 1].mean()), 3),
            "abstain_real": round(float(uncertain[y == 0].mean()), 3),
            "kappa_kept": round(float(cohen_kappa_score(y[kept], p[kept] >= THRESHOLD)), 3)}


def models() -> dict:
    """The shipped detector and the baseline fitted on the same data (FANG-COVID 2020 and the extra real news of
    bench/train_shipped.py); each returns probabilities and uncertainty flags (the baseline has none)."""
    from detector_robust import extras

    articles = [a for a in load_fang() if a.meta.get("label") in ("fake", "real")]
    extra = extras("+nemig+headlines")
    baseline = DisinformationDetector(**CONFIGS["baseline"])
    baseline.fit([model_input(a) for a in articles + extra], [label_of(a) for a in articles] + [0] * len(extra))
    shipped = DetectorBundle.default()
    return {"model": lambda texts: score_texts(texts, shipped),
            "baseline": lambda texts: (baseline.predict_proba(texts)[:, 1], np.zeros(len(texts), dtype=bool))}


def main() -> None:
    predictors = models()
    unseen = {"Fundus news pages (DE/AT/CH, not FANG outlets)": fundus_news(), "German Wikinews": wikinews()}
    labelled = nemig()
    # half A of these outlets is training data of the shipped model (bench/extra_real.py): only half B is unseen
    mainstream = [a for a, o in labelled if o in ("center", "left") and a.source not in FANG_OUTLETS
                  and nemig_half(a.source) == "B"]
    unseen["NeMig center/left outlets, half B (headline + lead)"] = mainstream
    conspiracy = [a for a, o in labelled if o == "conspiracy"]
    results: dict = {"false_alarms": {}, "nemig": {}}
    rows = []
    for name, predict in predictors.items():
        for set_name, articles in unseen.items():
            p, uncertain = predict([model_input(a) for a in articles])
            results["false_alarms"].setdefault(set_name, {})[name] = false_alarms(p, uncertain)
            rows += [{"set": set_name, "model": name, "id": a.id, "y": 0, "p": float(q), "uncertain": bool(u)}
                     for a, q, u in zip(articles, p, uncertain, strict=True)]
        for part, fakes in (("conspiracy outlets in FANG-COVID", [a for a in conspiracy if a.source in FANG_OUTLETS]),
                            ("conspiracy outlets not in FANG-COVID",
                             [a for a in conspiracy if a.source not in FANG_OUTLETS])):
            if not fakes:
                continue
            both = fakes + mainstream
            y = np.array([1] * len(fakes) + [0] * len(mainstream))
            results["nemig"].setdefault(part, {})[name] = separation(y, *predict([model_input(a) for a in both]))
    save_predictions("detector_matrix", rows)
    (OUT / "detector_matrix.json").write_text(json.dumps(results, indent=1), "utf-8")
    show(results)


def show(results: dict) -> None:
    table = Table(title="detector outside its training outlets (threshold 0.5)")
    for column in ("set", "model: false alarms / AUC", "baseline"):
        table.add_column(column)
    for set_name, by_model in results["false_alarms"].items():
        cells = [f"{m['false_alarms']}/{m['n']} = {m['rate']:.3f} [{m['ci95'][0]:.3f}, {m['ci95'][1]:.3f}]"
                 f", abstains {m['abstain_rate']:.3f}" for m in (by_model["model"], by_model["baseline"])]
        table.add_row(set_name, *cells)
    for part, by_model in results["nemig"].items():
        cells = [f"AUC {m['roc_auc']:.3f}, κ {m['kappa']:.3f} (kept {m['kappa_kept']:.3f}), real→fake "
                 f"{m['real_called_fake']:.3f}, abstains fake/real {m['abstain_fake']:.3f}/{m['abstain_real']:.3f}"
                 f" (n {m['n']})" for m in (by_model["model"], by_model["baseline"])]
        table.add_row(f"NeMig: {part} vs center/left", *cells)
    Console().print(table)


if __name__ == "__main__":
    main()
