"""Check-worthiness as a calibrated probability: is a sentence a specific, verifiable factual claim a fact-checker
would want to check? A logistic regression over the rule signals (names, numbers, dates, event verbs,
attribution) and the sentence's subjectivity (a TF-IDF model of German news sentences labelled subjective /
objective, CheckThat! 2025); both fitted by ``bench/checkworthy_fit.py`` and shipped as JSON."""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from ..errors import ModelError
from ._explain import checkworthiness_signals
from ._portable import _TextBlock, _word_analyzer

CHECKWORTHY_FEATURES = ("names", "numbers", "date", "event", "attribution", "question", "exclamation",
                        "addresses_reader", "first_person", "quoted", "log_length", "subjectivity")
_ADDRESS = re.compile(r"\b(Sie|Ihnen|Ihr|Ihre[nmrs]?|euch|du|dich|dir)\b")
_FIRST_PERSON = re.compile(r"\b(ich|wir|mir|mich|uns|unser\w*|mein\w*)\b", re.IGNORECASE)
_QUOTE = re.compile(r"[\"„“”»«]")


@dataclass(frozen=True, slots=True)
class SubjectivityModel:
    """P(subjective) of a sentence from word 1-2-grams (TF-IDF, logistic regression)."""

    block: _TextBlock
    intercept: float

    def predict(self, sentences: Sequence[str]) -> np.ndarray:
        decision = self.block.decision(list(sentences)) + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-decision)))


@dataclass(frozen=True, slots=True)
class CheckworthyModel:
    subjectivity: SubjectivityModel
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    def features(self, sentences: Sequence[str], names: Sequence[Sequence[str]]) -> np.ndarray:
        subjective = self.subjectivity.predict(sentences)
        return np.vstack([sentence_features(s, n, float(p))
                          for s, n, p in zip(sentences, names, subjective, strict=True)])

    def predict(self, sentences: Sequence[str], names: Sequence[Sequence[str]]) -> np.ndarray:
        """P(check-worthy) per sentence."""
        if not sentences:
            return np.zeros(0)
        standardised = (self.features(sentences, names) - self.mean) / self.scale
        return np.asarray(1.0 / (1.0 + np.exp(-(standardised @ self.coef + self.intercept))))


def sentence_features(sentence: str, names: Sequence[str], subjectivity: float) -> np.ndarray:
    signals = checkworthiness_signals(sentence, list(names))
    row = {
        "names": min(len(names), 3) / 3, "numbers": float(signals["numbers"]), "date": float(signals["date"]),
        "event": float(signals["event"]), "attribution": float(signals["attribution"]),
        "question": float(sentence.rstrip().endswith("?")), "exclamation": float("!" in sentence),
        "addresses_reader": float(bool(_ADDRESS.search(sentence))),
        "first_person": float(bool(_FIRST_PERSON.search(sentence))), "quoted": float(bool(_QUOTE.search(sentence))),
        "log_length": math.log(max(len(sentence), 1)), "subjectivity": subjectivity,
    }
    return np.array([row[name] for name in CHECKWORTHY_FEATURES], dtype=np.float64)


def subjectivity_from_dict(data: dict[str, Any]) -> SubjectivityModel:
    options = {"analyzer": "word", "ngram_range": tuple(data["ngram_range"]), "lowercase": True,
               "token_pattern": data["token_pattern"]}
    vocabulary = {term: column for column, term in enumerate(data["terms"])}
    block = _TextBlock("body", _word_analyzer(options), vocabulary, True, "l2", np.asarray(data["idf"]),
                       np.asarray(data["coef"]))
    return SubjectivityModel(block, float(data["intercept"]))


def checkworthy_from_dict(data: dict[str, Any]) -> CheckworthyModel:
    if list(data["features"]) != list(CHECKWORTHY_FEATURES):
        raise ModelError("the check-worthiness model does not match this version; refit it with "
                         "'python bench/checkworthy_fit.py --fit'")
    return CheckworthyModel(subjectivity_from_dict(data["subjectivity"]), np.asarray(data["mean"]),
                            np.asarray(data["scale"]), np.asarray(data["coef"]), float(data["intercept"]),
                            float(data["threshold"]))


def default_checkworthy_model() -> CheckworthyModel:
    """The shipped model (``checkworthy.json.gz``)."""
    raw = resources.files("gegenprobe.detect").joinpath("checkworthy.json.gz").read_bytes()
    return checkworthy_from_dict(json.loads(gzip.decompress(raw)))
