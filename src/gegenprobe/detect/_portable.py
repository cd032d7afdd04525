"""A fitted detector in a form any numpy/scikit-learn version in our ranges can load: parameters and vocabularies in
JSON, weights in ``.npz``; prediction is the same arithmetic as the fitted estimator (tested to 1e-9)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from scipy.special import expit
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import normalize

from ._model import DisinformationDetector, HeadlineFeatures, SignalFeatures, prepare, split_headline
from ._signals import signal_matrix

FORMAT = "gegenprobe.detector/1"
SPEC_FILE, WEIGHTS_FILE = "model.spec.json.gz", "model.weights.npz"
# the CountVectorizer options that decide which terms a text yields; the rest are fitting options
_TOKEN_OPTIONS = ("analyzer", "ngram_range", "lowercase", "token_pattern", "strip_accents")


@dataclass(frozen=True, slots=True)
class _TextBlock:
    """One TF-IDF block: which part of the text it reads, its fixed vocabulary, idf and weights."""

    part: str  # "body" (the whole prepared text), "head" (first 2,000 characters) or "headline"
    counter: CountVectorizer
    sublinear_tf: bool
    norm: str | None
    idf: np.ndarray
    weights: np.ndarray

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        counts = sparse.csr_matrix(self.counter.transform([_part(text, self.part) for text in texts]), dtype=np.float64)
        if self.sublinear_tf:
            np.log(counts.data, counts.data)
            counts.data += 1
        counts.data *= self.idf[counts.indices]
        if self.norm:
            counts = normalize(counts, norm=self.norm, copy=False)
        return np.asarray(counts @ self.weights).ravel()


@dataclass(frozen=True, slots=True)
class _SignalBlock:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        standardised = np.clip((signal_matrix(list(texts)) - self.mean) / self.scale, -5, 5)
        return np.asarray(standardised @ self.weights).ravel()


@dataclass(frozen=True, slots=True)
class PortableDetector:
    """What scoring needs of a detector: ``predict_proba`` over raw ``title + text`` inputs."""

    blocks: tuple[_TextBlock | _SignalBlock, ...]
    intercept: float
    calibration: dict[str, Any]

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        texts = prepare(X)
        decision = np.full(len(texts), self.intercept)
        for block in self.blocks:
            decision += block.decision(texts)
        p_fake = self._calibrated(decision)
        return np.column_stack([1.0 - p_fake, p_fake])

    def _calibrated(self, decision: np.ndarray) -> np.ndarray:
        if self.calibration["method"] == "sigmoid":
            return np.asarray(expit(-(self.calibration["a"] * decision + self.calibration["b"])))
        return np.interp(decision, self.calibration["x"], self.calibration["y"])


def _part(text: str, part: str) -> str:
    if part == "headline":
        return split_headline(text)[0]
    return text[:2000] if part == "head" else text


# ---- export -----------------------------------------------------------------------------------------------------


def save_portable(detector: DisinformationDetector, folder: Path) -> None:
    """Write ``model.spec.json.gz`` (parameters, vocabularies) and ``model.weights.npz`` (idf, weights)."""
    weights, intercept, calibration = _linear_parts(detector)
    specs: list[dict[str, Any]] = []
    arrays: dict[str, Any] = {}
    offset = 0
    union_weights = detector.features_.transformer_weights or {}
    for index, (name, block) in enumerate(detector.features_.transformer_list):
        spec, block_arrays, width = _export_block(name, block)
        scale = union_weights.get(name, 1.0)
        arrays.update({f"{index}_{key}": value for key, value in block_arrays.items()})
        arrays[f"{index}_weights"] = weights[offset:offset + width] * scale
        specs.append(spec)
        offset += width
    if offset != len(weights):
        raise ValueError(f"feature blocks add up to {offset} columns, the classifier has {len(weights)}")
    spec_doc = {"format": FORMAT, "blocks": specs, "intercept": intercept, "calibration": calibration}
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
    options = {key: getattr(vectorizer, key) for key in _TOKEN_OPTIONS}
    spec = {"kind": "tfidf", "name": name, "part": part, "options": options, "sublinear_tf": vectorizer.sublinear_tf,
            "norm": vectorizer.norm, "terms": terms}
    return spec, {"idf": vectorizer.idf_.astype(np.float64)}, len(terms)


# ---- load -------------------------------------------------------------------------------------------------------


def has_portable(folder: Path) -> bool:
    return (folder / SPEC_FILE).exists() and (folder / WEIGHTS_FILE).exists()


def load_portable(folder: Path) -> PortableDetector:
    with gzip.open(folder / SPEC_FILE, "rt", encoding="utf-8") as stream:
        spec = json.load(stream)
    if spec.get("format") != FORMAT:
        raise ValueError(f"unknown detector format {spec.get('format')!r} (this version reads {FORMAT})")
    with np.load(folder / WEIGHTS_FILE, allow_pickle=False) as arrays:
        blocks = tuple(block for index, block_spec in enumerate(spec["blocks"])
                       if (block := _load_block(block_spec, arrays, index)) is not None)
    return PortableDetector(blocks, float(spec["intercept"]), spec["calibration"])


def _load_block(spec: dict[str, Any], arrays: Any, index: int) -> _TextBlock | _SignalBlock | None:
    if spec["kind"] == "empty":
        return None
    weights = arrays[f"{index}_weights"]
    if spec["kind"] == "signals":
        return _SignalBlock(arrays[f"{index}_mean"], arrays[f"{index}_scale"], weights)
    options = {**spec["options"], "ngram_range": tuple(spec["options"]["ngram_range"])}
    vocabulary = {term: column for column, term in enumerate(spec["terms"])}
    counter = CountVectorizer(vocabulary=vocabulary, dtype=np.float64, **options)
    return _TextBlock(spec["part"], counter, spec["sublinear_tf"], spec["norm"], arrays[f"{index}_idf"], weights)
