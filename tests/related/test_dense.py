"""The dense index for real (faiss, SQLite): exact search, the saved HNSW graph, its tail and its invalidation."""

from pathlib import Path

import faiss
import numpy as np
import pytest

from gegenprobe.related import _dense
from gegenprobe.related._dense import DenseIndex

DIM = 16


@pytest.fixture()
def vectors() -> np.ndarray:
    matrix = np.random.default_rng(7).normal(size=(700, DIM)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


@pytest.fixture()
def small_flat_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_dense, "FLAT_LIMIT", 200)


def test_small_corpus_is_searched_exactly_and_nothing_is_saved(tmp_path: Path, vectors: np.ndarray) -> None:
    index = DenseIndex(tmp_path / "dense.sqlite", DIM, "m")
    index.add(list(range(1, 101)), vectors[:100])
    index.persist()
    best = index.search(vectors[41], 3)
    assert best[0][0] == 42 and best[0][1] == pytest.approx(1.0, abs=1e-3)
    assert isinstance(index._faiss, faiss.IndexFlatIP)
    assert not list(tmp_path.glob("*.faiss"))


def test_large_corpus_graph_is_saved_and_reopened_not_rebuilt(tmp_path: Path, vectors: np.ndarray,
                                                             small_flat_limit: None) -> None:
    index = DenseIndex(tmp_path / "dense.sqlite", DIM, "intfloat/e5.small")
    index.add(list(range(1, 501)), vectors[:500])
    index.persist()
    assert (tmp_path / "dense-intfloat_e5.small.faiss").exists()
    index.close()
    reopened = DenseIndex(tmp_path / "dense.sqlite", DIM, "intfloat/e5.small")
    saved = reopened._read_saved()
    assert saved is not None and saved[0].ntotal == 500
    assert reopened.search(vectors[99], 1)[0][0] == 100


def test_vectors_added_after_saving_are_appended(tmp_path: Path, vectors: np.ndarray, small_flat_limit: None) -> None:
    index = DenseIndex(tmp_path / "dense.sqlite", DIM, "m")
    index.add(list(range(1, 501)), vectors[:500])
    index.persist()
    index.add(list(range(501, 511)), vectors[500:510])
    assert index.search(vectors[505], 1)[0][0] == 506
    saved = index._read_saved()
    assert saved is not None and saved[0].ntotal == 500  # a small tail is not worth writing the graph again


def test_deletion_invalidates_the_saved_graph(tmp_path: Path, vectors: np.ndarray, small_flat_limit: None) -> None:
    index = DenseIndex(tmp_path / "dense.sqlite", DIM, "m")
    index.add(list(range(1, 501)), vectors[:500])
    index.persist()
    index.delete([42])
    assert all(rowid != 42 for rowid, _ in index.search(vectors[41], 5))
    saved = index._read_saved()
    assert saved is not None and 42 not in saved[1] and saved[0].ntotal == 499


def test_damaged_saved_graph_costs_only_a_rebuild(tmp_path: Path, vectors: np.ndarray, small_flat_limit: None) -> None:
    index = DenseIndex(tmp_path / "dense.sqlite", DIM, "m")
    index.add(list(range(1, 501)), vectors[:500])
    index.persist()
    (tmp_path / "dense-m.faiss").write_bytes(b"not a faiss index")
    fresh = DenseIndex(tmp_path / "dense.sqlite", DIM, "m")
    assert fresh.search(vectors[9], 1)[0][0] == 10
