"""Check-worthiness as a calibrated probability: is a sentence a specific, verifiable factual claim a fact-checker
would want to check? A logistic regression over the sentence's e5 embedding, fitted by
``bench/checkworthy_fit.py`` on real FANG-COVID sentences labelled twice by hand and shipped as JSON. (A model
over the rule signals and a TF-IDF subjectivity score reached F1 0.65 on the held-out sentences; the embedding
0.73.) The rule signals still give the reasons shown to the user."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from ..errors import ModelError
from ..text import Encoder, load_encoder


@dataclass(frozen=True, slots=True)
class CheckworthyModel:
    encoder: Encoder
    coef: np.ndarray
    intercept: float
    threshold: float

    def predict(self, sentences: Sequence[str]) -> np.ndarray:
        """P(check-worthy) per sentence."""
        if not sentences:
            return np.zeros(0)
        vectors = self.encoder.encode_queries(list(sentences))
        return np.asarray(1.0 / (1.0 + np.exp(-(vectors @ self.coef + self.intercept))))


def checkworthy_from_dict(data: dict[str, Any], encoder: Encoder | None = None) -> CheckworthyModel:
    """The model of ``data``; ``encoder`` must be the one it was fitted on (else the one named is loaded)."""
    if encoder is None or encoder.name != data["encoder"]:
        encoder = load_encoder(data["encoder_spec"])
    if encoder.name != data["encoder"] or encoder.dim != len(data["coef"]):
        raise ModelError(f"the check-worthiness model needs the encoder {data['encoder']}")
    return CheckworthyModel(encoder, np.asarray(data["coef"], dtype=np.float32), float(data["intercept"]),
                            float(data["threshold"]))


def default_checkworthy_model(encoder: Encoder | None = None) -> CheckworthyModel:
    """The shipped model (``checkworthy.json``), on ``encoder`` when it is the e5 encoder it was fitted on."""
    text = resources.files("gegenprobe.detect").joinpath("checkworthy.json").read_text("utf-8")
    return checkworthy_from_dict(json.loads(text), encoder)
