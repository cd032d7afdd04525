"""Evaluation of a detector: the usual metrics, calibration, per-source accuracy, and the two plots."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    brier_score_loss,
    cohen_kappa_score,
    confusion_matrix,
    f1_score,
    roc_auc_score,
    roc_curve,
)


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Mean |accuracy - confidence| over equal-width probability bins, weighted by bin size."""
    edges = np.linspace(0, 1, bins + 1)
    index = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            error += mask.mean() * abs(y[mask].mean() - p[mask].mean())
    return float(error)


def evaluate_predictions(y: Sequence[int], p: Sequence[float] | np.ndarray, sources: Sequence[str]) -> dict[str, Any]:
    """All figures of the issue: accuracy, macro-F1, F1(fake), kappa, AUC, Brier, ECE, confusion, per source."""
    y_true, prob = np.asarray(y, dtype=int), np.asarray(p, dtype=float)
    pred = (prob >= 0.5).astype(int)
    per_source: dict[str, list[int]] = defaultdict(list)
    for source, truth, guess in zip(sources, y_true, pred, strict=True):
        per_source[source].append(int(truth == guess))
    both = len(set(y_true)) == 2
    return {
        "n": len(y_true),
        "accuracy": round(float(accuracy_score(y_true, pred)), 4),
        "macro_f1": round(float(f1_score(y_true, pred, average="macro")), 4),
        "f1_fake": round(float(f1_score(y_true, pred, pos_label=1, zero_division=0)), 4),
        "kappa": round(float(cohen_kappa_score(y_true, pred)), 4),
        "roc_auc": round(float(roc_auc_score(y_true, prob)), 4) if both else None,
        "brier": round(float(brier_score_loss(y_true, prob)), 4),
        "ece": round(expected_calibration_error(y_true, prob), 4),
        "confusion": {"labels": ["real", "fake"], "matrix": confusion_matrix(y_true, pred, labels=[0, 1]).tolist()},
        "per_source_accuracy": {s: round(float(np.mean(v)), 4) for s, v in sorted(per_source.items())},
    }


def save_plots(y: Sequence[int], p: Sequence[float] | np.ndarray, folder: Path, title: str) -> list[Path]:
    """A reliability diagram and a ROC curve as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    y_true, prob = np.asarray(y, dtype=int), np.asarray(p, dtype=float)
    folder.mkdir(parents=True, exist_ok=True)
    edges = np.linspace(0, 1, 11)
    index = np.clip(np.digitize(prob, edges[1:-1]), 0, 9)
    centres = [prob[index == b].mean() for b in range(10) if (index == b).any()]
    rates = [y_true[index == b].mean() for b in range(10) if (index == b).any()]
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], "--", color="grey", label="perfekt kalibriert")
    ax.plot(centres, rates, "o-", label="Modell")
    ax.set(xlabel="vorhergesagte Wahrscheinlichkeit (fake)", ylabel="Anteil fake", title=f"Reliability – {title}")
    ax.legend()
    reliability = folder / "reliability.png"
    fig.savefig(reliability, dpi=100, bbox_inches="tight")
    plt.close(fig)
    paths = [reliability]
    if len(set(y_true)) == 2:
        fpr, tpr, _ = roc_curve(y_true, prob)
        fig, ax = plt.subplots(figsize=(5, 5))
        ax.plot(fpr, tpr, label=f"AUC {roc_auc_score(y_true, prob):.3f}")
        ax.plot([0, 1], [0, 1], "--", color="grey")
        ax.set(xlabel="Falsch-positiv-Rate", ylabel="Richtig-positiv-Rate", title=f"ROC – {title}")
        ax.legend()
        roc = folder / "roc.png"
        fig.savefig(roc, dpi=100, bbox_inches="tight")
        plt.close(fig)
        paths.append(roc)
    return paths
