"""Training and evaluating detectors on a labelled corpus, with the split kept honest."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from ..types import Article
from ._metrics import evaluate_predictions, save_plots
from ._model import DisinformationDetector, prepare
from ._signals import signal_matrix
from ._splits import label_of, make_split, model_input, publisher_of
from ._store import DetectorBundle


@dataclass(frozen=True, slots=True)
class TrainingRun:
    bundle: DetectorBundle
    metrics: dict[str, Any] | None


def _labelled(articles: Sequence[Article]) -> list[Article]:
    usable = [a for a in articles if str(a.meta.get("label", "")).lower() in ("fake", "real", "0", "1")]
    if len(usable) < 10:
        raise ConfigError(f"only {len(usable)} articles carry a fake/real label; at least 10 are needed")
    return usable


def train_detector(articles: Sequence[Article], split: str = "all", seed: int = 13,
                   params: dict[str, Any] | None = None) -> TrainingRun:
    """Fit a detector on the training part of ``split`` (``all``: everything) and evaluate on its test part."""
    labelled = _labelled(articles)
    if split == "all":
        train, test = labelled, []
    else:
        chosen = make_split(labelled, split, seed)
        train, test = chosen.train, chosen.test
    # members (one per outlet left out) make the uncertainty flag; they need the outlet groups
    detector = DisinformationDetector(seed=seed, **{"members": True, **(params or {})})
    groups = [publisher_of(a) for a in train] if split in ("all", "publisher") else None
    labels = [label_of(a) for a in train]
    if min(labels.count(0), labels.count(1)) < 2:
        raise ConfigError(f"the training part of the {split} split has {labels.count(1)} fake and "
                          f"{labels.count(0)} real articles; at least two of each are needed")
    detector.fit([model_input(a) for a in train], labels, groups=groups)
    reference = signal_matrix(prepare([model_input(a) for a, y in zip(train, labels, strict=True) if y == 0]))
    info = {"split": split, "seed": seed, "train_articles": len(train), "params": detector.get_params(),
            "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "sources": sorted({publisher_of(a) for a in train})}
    bundle = DetectorBundle(detector, reference.mean(axis=0), reference.std(axis=0), info)
    metrics = evaluate_detector(bundle, test) if test else None
    return TrainingRun(bundle, metrics)


def evaluate_detector(bundle: DetectorBundle, articles: Sequence[Article]) -> dict[str, Any]:
    labelled = _labelled(articles)
    p = bundle.detector.predict_proba([model_input(a) for a in labelled])[:, 1]
    return {"predictions": p.tolist(), **evaluate_predictions(
        [label_of(a) for a in labelled], p, [publisher_of(a) for a in labelled])}


def write_report(metrics: dict[str, Any], labels: Sequence[int], folder: Path, title: str) -> list[Path]:
    """``report.json`` without the raw predictions, plus the reliability diagram and ROC curve."""
    folder.mkdir(parents=True, exist_ok=True)
    report = {k: v for k, v in metrics.items() if k != "predictions"}
    (folder / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
    return [folder / "report.json", *save_plots(labels, np.asarray(metrics["predictions"]), folder, title)]
