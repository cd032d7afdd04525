"""Disinformation detection: a calibrated article probability, a GermanFakeNC-style rating, and
check-worthy / suspicious sentences with reasons."""

from ._card import model_card
from ._explain import SignalFinding
from ._metrics import evaluate_predictions, save_plots
from ._model import DisinformationDetector
from ._score import ArticleScore, Notice, SentenceScore, rating_of, score_article, score_texts
from ._scrub import scrub
from ._signals import LABELS, SIGNAL_NAMES, measure
from ._splits import SPLITS, Split, label_of, make_split, model_input
from ._store import DetectorBundle
from ._train import TrainingRun, evaluate_detector, train_detector, write_report

__all__ = [
    "LABELS",
    "SIGNAL_NAMES",
    "SPLITS",
    "ArticleScore",
    "DetectorBundle",
    "DisinformationDetector",
    "Notice",
    "SentenceScore",
    "SignalFinding",
    "Split",
    "TrainingRun",
    "evaluate_detector",
    "evaluate_predictions",
    "label_of",
    "make_split",
    "measure",
    "model_card",
    "model_input",
    "rating_of",
    "save_plots",
    "score_article",
    "score_texts",
    "scrub",
    "train_detector",
    "write_report",
]
