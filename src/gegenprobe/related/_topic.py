"""The topic-related decision (issue 10): is a candidate coverage of the same issue or chain of events?

Broader than ``same_story`` (one event) and blind to the date: a fabricated article and real reports of related
events in other years are topic-related. A calibrated logistic regression over the candidate's absolute evidence
(no rank or z-score features, so the best of a small corpus's unrelated articles does not pass for related), fitted
on hand-labelled FANG-COVID pairs by ``bench/topic_eval.py --fit``.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import numpy as np

from ._fusion import FEATURES, probability_columns, require_fitted
from ._heads import Head

# absolute evidence from the ranking features, and four symmetric comparisons of the two whole articles
RANKING_PART = ("dense", "terms", "entities", "headline_words", "headline_lead")
EXTRA_FEATURES = ("words_jaccard", "lead_jaccard", "terms_jaccard", "passage_cosine")
TOPIC_FEATURES = RANKING_PART + EXTRA_FEATURES
_RANKING_COLUMNS = [FEATURES.index(name) for name in RANKING_PART]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _hash_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard of two sorted arrays of distinct hashes (``_analysis.hashed``)."""
    both = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - both
    return both / union if union else 0.0


def topic_signals(query: Head, passage: np.ndarray | None, heads: list[Head],
                  vectors: list[np.ndarray | None]) -> np.ndarray:
    """``EXTRA_FEATURES`` of each candidate: shared content words of the whole texts and of the leads, shared
    title-and-lead terms, and the cosine of the two passage embeddings (0 where a vector is missing)."""
    rows = [[_hash_jaccard(query.words, head.words), _hash_jaccard(query.lead_words, head.lead_words),
             _jaccard(query.terms, head.terms),
             float(passage @ vector) if passage is not None and vector is not None else 0.0]
            for head, vector in zip(heads, vectors, strict=True)]
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(EXTRA_FEATURES))


def topic_matrix(features: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """Rows of ``TOPIC_FEATURES`` from the ranking features (``FEATURES`` columns) and ``topic_signals``."""
    return np.hstack([np.asarray(features, dtype=np.float64)[:, _RANKING_COLUMNS], extra])


class TopicModel:
    """Probability that a candidate is topic-related to the query, from rows of ``TOPIC_FEATURES``; standardised
    logistic regression; ``threshold`` is the decision point (chosen on the tuning half for precision first)."""

    def __init__(self, *, C: float = 1.0, threshold: float = 0.5, encoder: str = "") -> None:
        self.C = C
        self.threshold = threshold
        self.encoder = encoder  # the encoder whose cosines it was fitted on; others have other scales

    def fit(self, X: np.ndarray, y: np.ndarray) -> TopicModel:
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must be in (0, 1), got {self.threshold}")
        X = np.asarray(X, dtype=np.float64)
        self.mean_, self.scale_ = X.mean(axis=0), X.std(axis=0)
        self.scale_[self.scale_ == 0] = 1.0
        from sklearn.linear_model import LogisticRegression  # fitting only

        model = LogisticRegression(C=self.C, max_iter=1000)
        model.fit((X - self.mean_) / self.scale_, np.asarray(y))
        self.coef_, self.intercept_ = model.coef_.ravel().copy(), float(model.intercept_[0])
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        require_fitted(self, "coef_")
        standardised = (np.asarray(X, dtype=np.float64) - self.mean_) / self.scale_
        return probability_columns(standardised @ self.coef_ + self.intercept_)

    def predict(self, X: np.ndarray) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= self.threshold).astype(int)

    def to_dict(self) -> dict[str, Any]:
        require_fitted(self, "coef_")
        return {"features": list(TOPIC_FEATURES), "coef": self.coef_.tolist(), "intercept": self.intercept_,
                "mean": self.mean_.tolist(), "scale": self.scale_.tolist(), "threshold": self.threshold,
                "C": self.C, "encoder": self.encoder}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TopicModel:
        if list(data["features"]) != list(TOPIC_FEATURES):
            raise ValueError(f"topic model features {data['features']} do not match {list(TOPIC_FEATURES)}")
        model = cls(C=data.get("C", 1.0), threshold=data["threshold"], encoder=data.get("encoder", ""))
        model.coef_ = np.asarray(data["coef"], dtype=np.float64)
        model.intercept_ = float(data["intercept"])
        model.mean_ = np.asarray(data["mean"], dtype=np.float64)
        model.scale_ = np.asarray(data["scale"], dtype=np.float64)
        model.classes_ = np.array([0, 1])
        return model


def default_topic_model() -> TopicModel:
    """The shipped model (``topic.json``, made by ``python bench/topic_eval.py --fit``)."""
    text = resources.files("gegenprobe.related").joinpath("topic.json").read_text("utf-8")
    return TopicModel.from_dict(json.loads(text))
