"""Saving and loading detectors: a folder with the model, its signal reference and a model card."""

from __future__ import annotations

import gzip
import json
import pickle
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..errors import ModelError
from ._model import DisinformationDetector

MODEL_FILE, INFO_FILE, CARD_FILE = "model.pkl.gz", "model.json", "MODEL_CARD.md"
# what `gegenprobe train` wrote before: joblib unpickles in pure Python, 1.05 s for the 300k-term vocabulary
# against 0.2 s with the C unpickler
LEGACY_MODEL_FILE = "model.joblib"
_DEFAULT: list[DetectorBundle] = []


@dataclass(frozen=True, slots=True)
class DetectorBundle:
    """A fitted detector with the signal statistics of ordinary news it explains against."""

    detector: DisinformationDetector
    signal_mean: np.ndarray
    signal_std: np.ndarray
    info: dict[str, Any]

    def save(self, folder: Path, card: str | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        _drop_pruned_terms(self.detector)
        with gzip.open(folder / MODEL_FILE, "wb", compresslevel=6) as stream:
            pickle.dump(self.detector, stream, protocol=pickle.HIGHEST_PROTOCOL)
        (folder / LEGACY_MODEL_FILE).unlink(missing_ok=True)
        info = {**self.info, "signal_mean": self.signal_mean.tolist(), "signal_std": self.signal_std.tolist()}
        (folder / INFO_FILE).write_text(json.dumps(info, indent=2, ensure_ascii=False), "utf-8")
        if card:
            (folder / CARD_FILE).write_text(card, "utf-8")

    @classmethod
    def load(cls, folder: Path) -> DetectorBundle:
        """Load a detector folder made by `gegenprobe train`."""
        model_path, legacy_path = Path(folder) / MODEL_FILE, Path(folder) / LEGACY_MODEL_FILE
        if not model_path.exists() and not legacy_path.exists():
            raise ModelError(f"no detector in {folder} (missing {MODEL_FILE}); train one with 'gegenprobe train'")
        try:
            if model_path.exists():
                with gzip.open(model_path, "rb") as stream:
                    detector = pickle.load(stream)  # a model folder is trusted like code
            else:
                detector = joblib.load(legacy_path)
            info = json.loads((Path(folder) / INFO_FILE).read_text("utf-8"))
        except Exception as exc:
            raise ModelError(f"detector in {folder} cannot be loaded: {exc}") from exc
        if not isinstance(detector, DisinformationDetector):
            raise ModelError(f"{model_path} holds no gegenprobe detector")
        return cls(detector, np.asarray(info.pop("signal_mean")), np.asarray(info.pop("signal_std")), info)

    @classmethod
    def default(cls) -> DetectorBundle:
        """The detector shipped inside the package (loaded once per process)."""
        if not _DEFAULT:
            _DEFAULT.append(cls.load(default_model_dir()))
        return _DEFAULT[0]


def default_model_dir() -> Path:
    return Path(str(resources.files("gegenprobe").joinpath("data", "models", "detector")))


def _drop_pruned_terms(detector: DisinformationDetector) -> None:
    """TF-IDF keeps every pruned term in ``stop_words_``; it is only for inspection and dominates the size."""
    for _, block in detector.features_.transformer_list:
        vectorizer = block if isinstance(block, TfidfVectorizer) else getattr(block, "named_steps", {}).get("tfidf")
        if isinstance(vectorizer, TfidfVectorizer) and hasattr(vectorizer, "stop_words_"):
            vectorizer.stop_words_ = None
