"""Re-ranking and the same-story decision (GermanTRC step 3): features, and a calibrated estimator."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

import numpy as np

from ..errors import ModelError

FEATURES = ("lex_rel", "lex_z", "lex_rr", "dense", "dense_z", "dense_rr", "terms", "entities", "numbers", "date",
            "headline_words", "headline_pairs", "headline_lead")
# the same-story probability uses absolute evidence only: rank-based features say how a candidate compares to
# the others, which in a small corpus makes the best unrelated article look like the same story
STORY_FEATURES = ("dense", "terms", "entities", "numbers", "date")
_STORY_COLUMNS = [FEATURES.index(name) for name in STORY_FEATURES]
DATE_SCALE_DAYS = 7.0
NEUTRAL_DATE = 0.5


@dataclass(frozen=True, slots=True)
class CandidateSignals:
    """Raw scores of one candidate for one query."""

    bm25: float
    lex_rank: int | None
    dense: float
    dense_rank: int | None
    term_overlap: float
    entity_overlap: float
    number_overlap: float
    days_apart: int | None
    headline_words: float = 0.0  # share of the query headline's content words anywhere in the candidate
    headline_pairs: float = 0.0  # ... of its word pairs, in that order
    headline_lead: float = 0.0  # ... of its content words among the candidate's first 150


def weighted_overlap(weights: dict[str, float], candidate_terms: set[str] | frozenset[str]) -> float:
    """Share of the query's term weight found among the candidate's terms."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in candidate_terms) / total if total else 0.0


def overlap(query_items: tuple[str, ...] | list[str], candidate_items: set[str] | frozenset[str]) -> float:
    """Share of the query's items found in the candidate."""
    if not query_items:
        return 0.0
    return sum(item in candidate_items for item in query_items) / len(query_items)


def coverage(query_hashes: tuple[int, ...], candidate_hashes: np.ndarray) -> float:
    """Share of the query's hashed items found among the candidate's (both from ``_analysis.hashed``)."""
    if not query_hashes or not len(candidate_hashes):
        return 0.0
    query = np.asarray(query_hashes, dtype=np.uint16)
    # both sorted: a binary search is several times cheaper than np.isin on arrays this small
    at = np.minimum(np.searchsorted(candidate_hashes, query), len(candidate_hashes) - 1)
    return float((candidate_hashes[at] == query).mean())


def days_between(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def _zscores(values: list[float]) -> np.ndarray:
    """Scores relative to the other candidates of the same query (z-score fusion of lexical and dense)."""
    array = np.asarray(values, dtype=np.float64)
    return (array - array.mean()) / array.std() if len(array) > 1 and array.std() > 0 else np.zeros(len(array))


def feature_matrix(signals: list[CandidateSignals]) -> np.ndarray:
    """One row per candidate, columns as in ``FEATURES``; lexical scores relative to the best candidate."""
    best = max((s.bm25 for s in signals), default=0.0) or 1.0
    lex_z = _zscores([s.bm25 for s in signals])
    dense_z = _zscores([s.dense for s in signals])
    rows = []
    for i, s in enumerate(signals):
        rows.append([
            s.bm25 / best,
            lex_z[i],
            0.0 if s.lex_rank is None else 1.0 / (1 + s.lex_rank),
            s.dense,
            dense_z[i],
            0.0 if s.dense_rank is None else 1.0 / (1 + s.dense_rank),
            s.term_overlap,
            s.entity_overlap,
            s.number_overlap,
            NEUTRAL_DATE if s.days_apart is None else math.exp(-s.days_apart / DATE_SCALE_DAYS),
            s.headline_words,
            s.headline_pairs,
            s.headline_lead,
        ])
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURES))


def probability_columns(logits: np.ndarray) -> np.ndarray:
    """``[P(no), P(yes)]`` per row from logistic scores, as scikit-learn's ``predict_proba`` lays them out."""
    positive = 1.0 / (1.0 + np.exp(-logits))
    return np.column_stack([1 - positive, positive])


def require_fitted(model: object, attribute: str) -> None:
    """The check scikit-learn's estimators make, without importing scikit-learn (1 s of every start)."""
    if not hasattr(model, attribute):
        raise ModelError(f"this {type(model).__name__} is not fitted yet; call fit or load one with from_dict")


def _logistic(X: np.ndarray, y: np.ndarray, C: float) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression  # fitting only

    model = LogisticRegression(C=C, class_weight="balanced", max_iter=1000).fit(X, y)
    return model.coef_.ravel().copy(), float(model.intercept_[0])


def _pairwise(X: np.ndarray, y: np.ndarray, groups: np.ndarray, C: float, seed: int = 0) -> np.ndarray:
    """Ranking weights from feature differences of (same story, other candidate) pairs within a query, each
    pair in a random direction; orders candidates better than a per-candidate classifier (MRR@10 on
    held-out Jan-Sep queries 0.726 against 0.713, bench/related_eval.py)."""
    rng = np.random.default_rng(seed)
    differences, directions = [], []
    for group in np.unique(groups):
        rows = np.flatnonzero(groups == group)
        positives, negatives = rows[y[rows] == 1], rows[y[rows] == 0]
        for p in positives:
            sign = rng.choice([-1.0, 1.0], size=len(negatives))
            differences.append((X[p] - X[negatives]) * sign[:, None])
            directions.append(sign > 0)
    if not differences:
        raise ValueError("pairwise ranking needs queries with a same-story and another candidate")
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, fit_intercept=False, max_iter=1000)
    model.fit(np.vstack(differences), np.concatenate(directions).astype(int))
    return model.coef_.ravel().copy()


class SameStoryModel:
    """Two logistic regressions over the candidate features: a ranker over all ``FEATURES`` (its decision
    function orders the results; pairwise when fitted with query groups) and a calibrated same-story
    probability over ``STORY_FEATURES``."""

    def __init__(self, *, C: float = 1.0, threshold: float = 0.5) -> None:
        self.C = C
        self.threshold = threshold

    def fit(self, X: np.ndarray, y: np.ndarray, groups: np.ndarray | None = None,
            story_rows: np.ndarray | None = None) -> SameStoryModel:
        """Fit the ranker on all rows (pairwise within each query of ``groups`` when given, else per row) and
        the same-story probability on ``story_rows`` (a boolean mask; default all rows)."""
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must be in (0, 1), got {self.threshold}")
        X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
        rows = np.ones(len(y), dtype=bool) if story_rows is None else np.asarray(story_rows, dtype=bool)
        if groups is None:
            self.coef_, self.intercept_ = _logistic(X, y, self.C)
        else:
            self.coef_, self.intercept_ = _pairwise(X, y, np.asarray(groups), self.C), 0.0
        self.story_coef_, self.story_intercept_ = _logistic(X[rows][:, _STORY_COLUMNS], y[rows], self.C)
        self.classes_ = np.array([0, 1])
        return self

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        require_fitted(self, "coef_")
        return np.asarray(X, dtype=np.float64) @ self.coef_ + self.intercept_

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        require_fitted(self, "story_coef_")
        return probability_columns(np.asarray(X, dtype=np.float64)[:, _STORY_COLUMNS] @ self.story_coef_
                                   + self.story_intercept_)

    def predict(self, X: np.ndarray) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= self.threshold).astype(int)

    def to_dict(self) -> dict[str, Any]:
        require_fitted(self, "coef_")
        return {"features": list(FEATURES), "coef": self.coef_.tolist(), "intercept": self.intercept_,
                "story_features": list(STORY_FEATURES), "story_coef": self.story_coef_.tolist(),
                "story_intercept": self.story_intercept_, "threshold": self.threshold, "C": self.C}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SameStoryModel:
        if list(data["features"]) != list(FEATURES) or list(data["story_features"]) != list(STORY_FEATURES):
            raise ValueError(f"model features {data['features']} do not match {list(FEATURES)}")
        model = cls(C=data.get("C", 1.0), threshold=data["threshold"])
        model.coef_ = np.asarray(data["coef"], dtype=np.float64)
        model.intercept_ = float(data["intercept"])
        model.story_coef_ = np.asarray(data["story_coef"], dtype=np.float64)
        model.story_intercept_ = float(data["story_intercept"])
        model.classes_ = np.array([0, 1])
        return model


def default_model() -> SameStoryModel:
    """The shipped model (``same_story.json``, made by ``python bench/related_eval.py --fit``)."""
    text = resources.files("gegenprobe.related").joinpath("same_story.json").read_text("utf-8")
    return SameStoryModel.from_dict(json.loads(text))
