"""Saving and loading detectors: a folder with the model, its signal reference and a model card."""

from __future__ import annotations

import gzip
import json
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..errors import ModelError
from ._portable import SPEC_FILE, has_portable, load_portable

INFO_FILE, CARD_FILE = "model.json", "MODEL_CARD.md"
# what `gegenprobe train` wrote before the portable format: pickles, readable only under the versions that wrote them
LEGACY_FILES = ("model.pkl.gz",)


class ProbabilityModel(Protocol):
    def predict_proba(self, X: Sequence[str]) -> np.ndarray: ...

    def assess(self, X: Sequence[str]) -> tuple[np.ndarray, np.ndarray]: ...


@dataclass(frozen=True, slots=True)
class DetectorBundle:
    """A fitted detector with the signal statistics of ordinary news it explains against."""

    detector: ProbabilityModel
    signal_mean: np.ndarray
    signal_std: np.ndarray
    info: dict[str, Any]

    def save(self, folder: Path, card: str | None = None) -> None:
        from ._export import save_portable  # scikit-learn, which scoring never needs
        from ._model import DisinformationDetector

        if not isinstance(self.detector, DisinformationDetector):
            raise ModelError("only a freshly trained detector can be saved")
        folder.mkdir(parents=True, exist_ok=True)
        save_portable(self.detector, folder)
        for legacy in LEGACY_FILES:
            (folder / legacy).unlink(missing_ok=True)
        info = {**self.info, "signal_mean": self.signal_mean.tolist(), "signal_std": self.signal_std.tolist()}
        (folder / INFO_FILE).write_text(json.dumps(info, indent=2, ensure_ascii=False), "utf-8")
        if card:
            (folder / CARD_FILE).write_text(card, "utf-8")

    @classmethod
    def load(cls, folder: Path) -> DetectorBundle:
        """Load a detector folder made by `gegenprobe train`."""
        folder = Path(folder)
        try:
            detector = _load_detector(folder)
            info = json.loads((folder / INFO_FILE).read_text("utf-8"))
            mean, std = np.asarray(info.pop("signal_mean")), np.asarray(info.pop("signal_std"))
        except ModelError:
            raise
        except Exception as exc:
            raise ModelError(f"detector in {folder} cannot be loaded: {exc}") from exc
        return cls(detector, mean, std, info)

    @classmethod
    def default(cls) -> DetectorBundle:
        """The detector shipped inside the package, loaded anew (``pipeline.Resources`` holds one to share)."""
        return cls.load(default_model_dir())


def _load_detector(folder: Path) -> ProbabilityModel:
    if has_portable(folder):
        return load_portable(folder)
    legacy = next((folder / name for name in LEGACY_FILES if (folder / name).exists()), None)
    if legacy is None:
        raise ModelError(f"no detector in {folder} (missing {SPEC_FILE}); train one with 'gegenprobe train'")
    from ._model import DisinformationDetector

    # a pickled detector from an earlier gegenprobe: a model folder is trusted like code
    with gzip.open(legacy, "rb") as stream:
        detector = pickle.load(stream)
    if not isinstance(detector, DisinformationDetector):
        raise ModelError(f"{legacy} holds no gegenprobe detector")
    return detector


def default_model_dir() -> Path:
    return Path(str(resources.files("gegenprobe").joinpath("data", "models", "detector")))

