"""Dense vectors of the corpus (title + lead), kept in a sidecar SQLite file and searched with faiss."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import faiss
import numpy as np

# exact search up to here; above it HNSW keeps queries in milliseconds (bench/related_scale.py)
FLAT_LIMIT = 300_000
HNSW_NEIGHBOURS = 32


class DenseIndex:
    """Vectors by store rowid; float16 on disk, float32 in a faiss inner-product index in memory."""

    def __init__(self, path: Path, dim: int, model: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.dim, self.model = dim, model
        self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (rowid INTEGER PRIMARY KEY, model TEXT, vec BLOB)")
        self._faiss: faiss.Index | None = None
        self._rowids = np.zeros(0, dtype=np.int64)

    def close(self) -> None:
        self._db.close()

    def add(self, rowids: list[int], vectors: np.ndarray) -> None:
        blobs = [(r, self.model, v.astype(np.float16).tobytes()) for r, v in zip(rowids, vectors, strict=True)]
        self._db.execute("BEGIN")
        self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", blobs)
        self._db.execute("COMMIT")
        self._faiss = None

    def delete(self, rowids: list[int]) -> None:
        self._db.executemany("DELETE FROM vectors WHERE rowid=?", [(r,) for r in rowids])
        self._faiss = None

    def vectors(self, rowids: list[int]) -> dict[int, np.ndarray]:
        found = {}
        for start in range(0, len(rowids), 500):
            chunk = rowids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT rowid, vec FROM vectors WHERE model=? AND rowid IN ({marks})"
            for rowid, blob in self._db.execute(query, [self.model, *chunk]):
                found[rowid] = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
        return found

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM vectors WHERE model=?", (self.model,)).fetchone()[0])

    def _load(self) -> faiss.Index:
        if self._faiss is None:
            rows = self._db.execute("SELECT rowid, vec FROM vectors WHERE model=? ORDER BY rowid", (self.model,))
            rowids, blobs = [], []
            for rowid, blob in rows:
                rowids.append(rowid)
                blobs.append(blob)
            matrix = np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(-1, self.dim).astype(np.float32)
            self._faiss = build_faiss(matrix)
            self._rowids = np.asarray(rowids, dtype=np.int64)
        return self._faiss

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        index = self._load()
        if index.ntotal == 0:
            return []
        scores, positions = index.search(vector.reshape(1, -1).astype(np.float32), min(k, index.ntotal))
        return [(int(self._rowids[p]), float(s)) for s, p in zip(scores[0], positions[0], strict=True) if p >= 0]


def build_faiss(matrix: np.ndarray) -> faiss.Index:
    """Exact inner product for small corpora, HNSW for large ones."""
    dim = matrix.shape[1] if matrix.ndim == 2 and matrix.shape[0] else 1
    if len(matrix) <= FLAT_LIMIT:
        index: faiss.Index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 64
    if len(matrix):
        index.add(matrix)
    return index
