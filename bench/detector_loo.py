"""Leave-outlet-out and period rows of the detector evaluation matrix (issue 13, item 4).

Each of FANG-COVID 2020's 13 outlets (10 fake, 3 real) is held out in turn: the shipped recipe (FANG-COVID plus the
extra real news of bench/detector_robust.py, variant +nemig+headlines) and the TF-IDF + logistic regression
baseline are trained on the same data without that outlet and score its articles. Pooled, every article is scored
by models that never saw its outlet: pooled κ, macro-F1 and ROC-AUC; per outlet, the share called fake and the
outlet's ROC-AUC against the pooled scores of the other class. Period: trained on January-September 2020, tested on
October-December 2020 (FANG-COVID 2021 is not here).

    python bench/detector_loo.py [--workers 2]   # table + bench/out/detector_loo.json; resumes from .partial.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table
from sklearn.metrics import cohen_kappa_score, f1_score, roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from detect_eval import CONFIGS
from detector_matrix import OUT, wilson
from detector_robust import extras
from fang import load_fang
from predictions import save_predictions

from gegenprobe.detect import DisinformationDetector, label_of, make_split, model_input
from gegenprobe.detect._splits import publisher_of
from gegenprobe.types import Article

VARIANT = "+nemig+headlines"
PARTIAL = OUT / "detector_loo.partial.jsonl"


def _fang() -> list[Article]:
    return [a for a in load_fang() if a.meta.get("label") in ("fake", "real")]


def _fit(config: str, train: list[Article], extra: list[Article]) -> DisinformationDetector:
    detector = DisinformationDetector(**CONFIGS[config])
    articles = train + extra
    groups = [publisher_of(a) for a in train] + [a.source or "extra" for a in extra]
    detector.fit([model_input(a) for a in articles], [label_of(a) for a in train] + [0] * len(extra), groups=groups)
    return detector


def task(held_out: str, config: str) -> dict:
    """Train without ``held_out`` (an outlet, or ``period``) and score what was held out."""
    fang = _fang()
    if held_out == "period":
        split = make_split(fang, "temporal")
        train, test = split.train, split.test
    else:
        train = [a for a in fang if publisher_of(a) != held_out]
        test = [a for a in fang if publisher_of(a) == held_out]
    detector = _fit(config, train, extras(VARIANT))
    p = detector.predict_proba([model_input(a) for a in test])[:, 1]
    return {"held_out": held_out, "config": config,
            "rows": [{"id": a.id, "y": label_of(a), "p": round(float(q), 5)} for a, q in zip(test, p, strict=True)]}


def _done() -> dict[tuple[str, str], dict]:
    if not PARTIAL.exists():
        return {}
    found = [json.loads(line) for line in PARTIAL.read_text("utf-8").splitlines() if line.strip()]
    return {(r["held_out"], r["config"]): r for r in found}


def summarise(done: dict[tuple[str, str], dict], outlets: list[str]) -> dict:
    result: dict = {}
    for config in ("model", "baseline"):
        pooled = [row | {"outlet": o} for o in outlets for row in done[(o, config)]["rows"]]
        y = np.array([r["y"] for r in pooled])
        p = np.array([r["p"] for r in pooled])
        by_outlet = {}
        for outlet in outlets:
            mine = np.array([r["outlet"] == outlet for r in pooled])
            label = int(y[mine][0])
            others = ~mine & (y != label)
            hits = int((p[mine] >= 0.5).sum())
            low, high = wilson(hits, int(mine.sum()))
            by_outlet[outlet] = {
                "label": "fake" if label else "real", "n": int(mine.sum()),
                "called_fake": round(hits / mine.sum(), 3), "ci95": [round(low, 3), round(high, 3)],
                "roc_auc": round(float(roc_auc_score(np.r_[y[mine], y[others]], np.r_[p[mine], p[others]])), 3)}
        period = done[("period", config)]["rows"]
        py, pp = np.array([r["y"] for r in period]), np.array([r["p"] for r in period])
        result[config] = {"leave_outlet_out": _scores(y, p), "outlets": by_outlet, "period": _scores(py, pp)}
    return result


def _scores(y: np.ndarray, p: np.ndarray) -> dict:
    return {"n": len(y), "kappa": round(float(cohen_kappa_score(y, p >= 0.5)), 3),
            "macro_f1": round(float(f1_score(y, p >= 0.5, average="macro")), 3),
            "roc_auc": round(float(roc_auc_score(y, p)), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    outlets = sorted({publisher_of(a) for a in _fang()})
    done = _done()
    todo = [(o, c) for o in [*outlets, "period"] for c in ("model", "baseline") if (o, c) not in done]
    with ProcessPoolExecutor(args.workers) as pool, PARTIAL.open("a", encoding="utf-8") as stream:
        for finished in pool.map(task, *zip(*todo, strict=True)) if todo else []:
            stream.write(json.dumps(finished) + "\n")
            stream.flush()
            done[(finished["held_out"], finished["config"])] = finished
            print(f"done: {finished['held_out']} / {finished['config']}", flush=True)
    result = summarise(done, outlets)
    save_predictions("detector_loo", [{"held_out": o, "model": c, **row}
                                      for (o, c), r in done.items() for row in r["rows"]])
    (OUT / "detector_loo.json").write_text(json.dumps(result, indent=1), "utf-8")
    show(result)


def show(result: dict) -> None:
    table = Table(title="leave-outlet-out on FANG-COVID 2020 and the period split (threshold 0.5)")
    for column in ("held out", "model", "baseline"):
        table.add_column(column)
    model, baseline = result["model"], result["baseline"]
    for outlet, mine in model["outlets"].items():
        theirs = baseline["outlets"][outlet]
        table.add_row(f"{outlet} ({mine['label']}, n {mine['n']})",
                      *(f"called fake {m['called_fake']:.3f}, AUC {m['roc_auc']:.3f}" for m in (mine, theirs)))
    for row, name in (("leave_outlet_out", "pooled leave-outlet-out"), ("period", "period: Oct-Dec 2020")):
        table.add_row(name, *(f"κ {m[row]['kappa']:.3f}, F1 {m[row]['macro_f1']:.3f}, AUC {m[row]['roc_auc']:.3f}"
                              for m in (model, baseline)))
    Console().print(table)


if __name__ == "__main__":
    main()
