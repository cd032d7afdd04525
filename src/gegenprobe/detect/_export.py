"""Writing a fitted detector in the portable form that ``_portable`` reads (needs scikit-learn; training only)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline

from ._model import DisinformationDetector, HeadlineFeatures, SignalFeatures
from ._portable import FORMAT, SPEC_FILE, TOKEN_OPTIONS, WEIGHTS_FILE


def save_portable(detector: DisinformationDetector, folder: Path) -> None:
    """Write ``model.spec.json.gz`` (parameters, vocabularies) and ``model.weights.npz`` (idf, weights)."""
    weights, intercept, calibration = _linear_parts(detector)
    members = _member_weights(detector)
    specs: list[dict[str, Any]] = []
    arrays: dict[str, Any] = {}
    offset = 0
    union_weights = detector.features_.transformer_weights or {}
    for index, (name, block) in enumerate(detector.features_.transformer_list):
        spec, block_arrays, width = _export_block(name, block)
        scale = union_weights.get(name, 1.0)
        arrays.update({f"{index}_{key}": value for key, value in block_arrays.items()})
        arrays[f"{index}_weights"] = weights[offset:offset + width] * scale
        if members is not None:
            deltas, step = _quantised(members[offset:offset + width] * scale, arrays[f"{index}_weights"])
            arrays[f"{index}_member_deltas"], arrays[f"{index}_member_step"] = deltas, step
        specs.append(spec)
        offset += width
    if offset != len(weights):
        raise ValueError(f"feature blocks add up to {offset} columns, the classifier has {len(weights)}")
    spec_doc = {"format": FORMAT, "blocks": specs, "intercept": intercept, "calibration": calibration}
    if members is not None:
        spec_doc["members"] = {"intercepts": np.asarray(detector.member_intercept_).tolist(),
                               "threshold": detector.decision_at_half_}
    with gzip.open(folder / SPEC_FILE, "wt", encoding="utf-8", compresslevel=6) as stream:
        json.dump(spec_doc, stream, ensure_ascii=False)
    np.savez_compressed(folder / WEIGHTS_FILE, **arrays)


def _linear_parts(detector: DisinformationDetector) -> tuple[np.ndarray, float, dict[str, Any]]:
    """The classifier as one weight vector over the feature columns, naive-Bayes scaling folded in."""
    calibrated = detector.classifier_.calibrated_classifiers_[0]
    estimator, per_fold_ratio = calibrated.estimator, None
    if isinstance(estimator, Pipeline):
        per_fold_ratio = estimator.named_steps["nb"].ratio_
        estimator = estimator.named_steps["logistic"]
    weights = estimator.coef_.ravel().astype(np.float64)
    once: Any = getattr(detector, "nb_", None)
    for ratio in (None if once is None else once.ratio_, per_fold_ratio):
        if ratio is not None:
            weights = weights * ratio
    return weights, float(estimator.intercept_[0]), _calibration(calibrated.calibrators[0])


def _member_weights(detector: DisinformationDetector) -> np.ndarray | None:
    """The members' weights as columns (features x members), naive-Bayes scaling folded in."""
    coef = getattr(detector, "member_coef_", None)
    if coef is None:
        return None
    once: Any = getattr(detector, "nb_", None)
    columns = coef.T.astype(np.float64)
    return columns * once.ratio_[:, None] if once is not None else columns


def _quantised(members: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Members as int16 steps away from the detector's weights (they differ little: 4.5 MB instead of 18 MB for
    15 members; the largest rounding error is ~1/65,000 of a member's largest difference)."""
    deltas = members - weights[:, None]
    step = np.maximum(np.abs(deltas).max(axis=0), 1e-12) / 32767
    return np.round(deltas / step).astype(np.int16), step.astype(np.float64)


def _calibration(calibrator: Any) -> dict[str, Any]:
    if hasattr(calibrator, "a_"):
        return {"method": "sigmoid", "a": float(calibrator.a_), "b": float(calibrator.b_)}
    return {"method": "isotonic", "x": calibrator.X_thresholds_.tolist(), "y": calibrator.y_thresholds_.tolist()}


def _export_block(name: str, block: Any) -> tuple[dict[str, Any], dict[str, np.ndarray], int]:
    if isinstance(block, SignalFeatures):
        scaler = block.scaler_
        return {"kind": "signals", "name": name}, {"mean": scaler.mean_, "scale": scaler.scale_}, len(scaler.mean_)
    if isinstance(block, HeadlineFeatures):
        vectorizer, part = block.vectorizer_, "headline"
        if vectorizer is None:
            return {"kind": "empty", "name": name}, {}, 0
    elif isinstance(block, Pipeline):
        vectorizer, part = block.named_steps["tfidf"], "head"
    else:
        vectorizer, part = block, "body"
    return _export_tfidf(name, part, vectorizer)


def _export_tfidf(name: str, part: str,
                  vectorizer: TfidfVectorizer) -> tuple[dict[str, Any], dict[str, np.ndarray], int]:
    terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    options = {key: getattr(vectorizer, key) for key in TOKEN_OPTIONS}
    spec = {"kind": "tfidf", "name": name, "part": part, "options": options, "sublinear_tf": vectorizer.sublinear_tf,
            "norm": vectorizer.norm, "terms": terms}
    return spec, {"idf": vectorizer.idf_.astype(np.float64)}, len(terms)
