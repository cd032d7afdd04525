"""Disinformation detection: a calibrated article probability, a GermanFakeNC-style rating, and
check-worthy / suspicious sentences with reasons.

Scoring needs numpy alone; training and evaluation (``DisinformationDetector``, ``train_detector``, the metrics)
need scikit-learn and are imported on first use, so that checking an article does not pay for it at start-up."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._checkworthy import CheckworthyModel, default_checkworthy_model
from ._explain import SignalFinding
from ._score import ArticleScore, Notice, SentenceScore, score_article, score_texts, verdict
from ._scrub import scrub
from ._signals import LABELS, SIGNAL_NAMES, measure
from ._splits import SPLITS, Split, label_of, make_split, model_input
from ._store import DetectorBundle

if TYPE_CHECKING:
    from ._card import model_card
    from ._metrics import evaluate_predictions
    from ._model import DisinformationDetector
    from ._train import evaluate_detector, train_detector, write_report

# training and evaluation names -> their module (loaded by ``__getattr__`` when first asked for)
_TRAINING = {"model_card": "_card", "evaluate_predictions": "_metrics", "save_plots": "_metrics",
             "DisinformationDetector": "_model", "TrainingRun": "_train", "evaluate_detector": "_train",
             "train_detector": "_train", "write_report": "_train"}


def __getattr__(name: str) -> Any:
    if name in _TRAINING:
        return getattr(import_module(f"{__name__}.{_TRAINING[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "LABELS",
    "SIGNAL_NAMES",
    "SPLITS",
    "ArticleScore",
    "CheckworthyModel",
    "DetectorBundle",
    "DisinformationDetector",
    "Notice",
    "SentenceScore",
    "SignalFinding",
    "Split",
    "default_checkworthy_model",
    "evaluate_detector",
    "evaluate_predictions",
    "label_of",
    "make_split",
    "measure",
    "model_card",
    "model_input",
    "score_article",
    "score_texts",
    "scrub",
    "train_detector",
    "verdict",
    "write_report",
]
