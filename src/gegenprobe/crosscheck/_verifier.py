"""The learned pair model: probabilities of supported / contradicted / not enough info for a claim and one
evidence sentence, from ``PAIR_FEATURES``; a standardised multinomial logistic regression, stored as JSON and
scored with numpy (fitted by ``bench/verifier_fit.py`` on German NLI pairs and the tuning half of the real
claim/evidence pairs; thresholds chosen there for the precision of ``supported``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from ..errors import ModelError
from ._pair import PAIR_FEATURES

CLASSES = ("supported", "contradicted", "not_enough_info")
_NAME_COVERAGE, _HAS_NAMES = PAIR_FEATURES.index("name_coverage"), PAIR_FEATURES.index("claim_has_names")
_SUBSTANCE = PAIR_FEATURES.index("claim_substance")


@dataclass(frozen=True, slots=True)
class PairModel:
    """``predict_proba`` rows follow ``CLASSES``; ``support_threshold`` and ``contradict_threshold`` are the
    probabilities from which a pair counts as support or contradiction (below both: not enough info)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (len(CLASSES), len(PAIR_FEATURES))
    intercept: np.ndarray
    support_threshold: float
    contradict_threshold: float

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        logits = ((np.asarray(X, dtype=np.float64) - self.mean) / self.scale) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)

    def supports(self, row: np.ndarray, p: np.ndarray) -> bool:
        """Support: the model's probability over the threshold, the claim has something to confirm (a name, a
        number or a key noun: "Sie erklärte:" has not), and the evidence names at least half of the claim's actors
        (another company's or country's statement on the same topic is no support)."""
        names_covered = row[_NAME_COVERAGE] >= 0.5 or not row[_HAS_NAMES]
        return bool(p[0] >= self.support_threshold and names_covered and row[_SUBSTANCE] > 0)

    def to_dict(self) -> dict[str, Any]:
        return {"features": list(PAIR_FEATURES), "classes": list(CLASSES), "mean": self.mean.tolist(),
                "scale": self.scale.tolist(), "coef": self.coef.tolist(), "intercept": self.intercept.tolist(),
                "support_threshold": self.support_threshold, "contradict_threshold": self.contradict_threshold}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PairModel:
        if list(data["features"]) != list(PAIR_FEATURES) or list(data["classes"]) != list(CLASSES):
            raise ModelError("the verifier's features or classes do not match this version; refit it with "
                             "'python bench/verifier_fit.py'")
        return cls(np.asarray(data["mean"]), np.asarray(data["scale"]), np.asarray(data["coef"]),
                   np.asarray(data["intercept"]), float(data["support_threshold"]),
                   float(data["contradict_threshold"]))

    @classmethod
    def fit(cls, X: np.ndarray, y: np.ndarray, C: float = 1.0, weights: np.ndarray | None = None,
            support_threshold: float = 0.5, contradict_threshold: float = 0.5) -> PairModel:
        """Fit on rows of ``PAIR_FEATURES`` with labels from ``CLASSES`` (needs scikit-learn)."""
        from sklearn.linear_model import LogisticRegression

        X = np.asarray(X, dtype=np.float64)
        mean, scale = X.mean(axis=0), X.std(axis=0)
        scale[scale == 0] = 1.0
        classes = np.array([CLASSES.index(label) for label in y])
        model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
        model.fit((X - mean) / scale, classes, sample_weight=weights)
        if list(model.classes_) != list(range(len(CLASSES))):
            raise ModelError("the verifier needs examples of all three classes")
        return cls(mean, scale, model.coef_.copy(), model.intercept_.copy(), support_threshold, contradict_threshold)


def default_pair_model() -> PairModel:
    """The shipped verifier (``verifier.json``)."""
    text = resources.files("gegenprobe.crosscheck").joinpath("verifier.json").read_text("utf-8")
    return PairModel.from_dict(json.loads(text))
