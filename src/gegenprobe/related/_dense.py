"""Dense vectors of the corpus (title + lead), kept in a sidecar SQLite file and searched with faiss.

Small corpora get an exact index rebuilt from SQLite when first searched (about a second at 300k). Large ones
get an HNSW graph over float16 vectors that is saved beside the vectors, so a process opens it instead of
building it again for minutes; vectors added since it was saved are appended in memory, and it is saved again
once that tail grows. Deletions invalidate it (faiss cannot remove from an HNSW graph).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import faiss
import numpy as np

from ..sqlite import connect, rows_in

# exact search up to here; above it HNSW keeps queries in milliseconds (bench/related_scale.py)
FLAT_LIMIT = 300_000
HNSW_NEIGHBOURS = 32
HNSW_SEARCH_DEPTH = 64
_STREAM_ROWS = 50_000
# re-save the graph once this share of vectors was added since the last save (appending is cheap, writing 1 GB not)
_RESAVE_SHARE = 0.05


def build_faiss(dim: int, expected: int) -> faiss.Index:
    """Exact inner product for small corpora; HNSW over float16 vectors (half the memory) for large ones."""
    if expected <= FLAT_LIMIT:
        return faiss.IndexFlatIP(dim)
    # faiss's stubs type the quantizer argument as a ScalarQuantizer object; the C++ API takes the enum
    index = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_fp16, HNSW_NEIGHBOURS,  # type: ignore[arg-type]
                              faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efSearch = HNSW_SEARCH_DEPTH
    return index


def _is_graph(index: faiss.Index) -> bool:
    return not isinstance(index, faiss.IndexFlat)


class DenseIndex:
    """Vectors by store rowid; float16 on disk, a faiss inner-product index in memory."""

    def __init__(self, path: Path, dim: int, model: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.dim, self.model = dim, model
        self._db = connect(path)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (rowid INTEGER PRIMARY KEY, model TEXT, vec BLOB)")
        self._db.execute("CREATE TABLE IF NOT EXISTS generation (model TEXT PRIMARY KEY, deletions INTEGER)")
        self._saved = path.with_name(f"{path.stem}-{re.sub(r'[^A-Za-z0-9_.-]', '_', model)}")
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
        self._db.execute("BEGIN")
        self._db.executemany("DELETE FROM vectors WHERE rowid=?", [(r,) for r in rowids])
        self._db.execute("INSERT INTO generation VALUES (?, 1) ON CONFLICT(model) DO UPDATE SET deletions=deletions+1",
                         (self.model,))
        self._db.execute("COMMIT")
        self._faiss = None

    def vectors(self, rowids: list[int]) -> dict[int, np.ndarray]:
        query = "SELECT rowid, vec FROM vectors WHERE model=? AND rowid IN ({})"
        return {rowid: np.frombuffer(blob, dtype=np.float16).astype(np.float32)
                for rowid, blob in rows_in(self._db, query, rowids, self.model)}

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM vectors WHERE model=?", (self.model,)).fetchone()[0])

    def _deletions(self) -> int:
        row = self._db.execute("SELECT deletions FROM generation WHERE model=?", (self.model,)).fetchone()
        return int(row[0]) if row else 0

    def _stream(self, after: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Stored vectors with rowids above ``after`` in chunks, so memory never holds them twice."""
        cursor = self._db.execute("SELECT rowid, vec FROM vectors WHERE model=? AND rowid>? ORDER BY rowid",
                                  (self.model, after))
        while rows := cursor.fetchmany(_STREAM_ROWS):
            rowids = np.fromiter((r for r, _ in rows), dtype=np.int64, count=len(rows))
            matrix = np.frombuffer(b"".join(blob for _, blob in rows), dtype=np.float16)
            yield rowids, matrix.reshape(-1, self.dim).astype(np.float32)

    def _append(self, index: faiss.Index, rowids: np.ndarray, after: int) -> tuple[np.ndarray, int]:
        parts, added = [rowids], 0
        for chunk_rowids, matrix in self._stream(after):
            if not index.is_trained:
                index.train(matrix)
            index.add(matrix)
            parts.append(chunk_rowids)
            added += len(chunk_rowids)
        return np.concatenate(parts), added

    def _load(self) -> faiss.Index:
        if self._faiss is None:
            saved = self._read_saved()
            index, rowids = saved if saved else (build_faiss(self.dim, len(self)), np.zeros(0, dtype=np.int64))
            rowids, added = self._append(index, rowids, int(rowids[-1]) if len(rowids) else 0)
            if _is_graph(index) and (saved is None or added > _RESAVE_SHARE * len(rowids)):
                self._write_saved(index, rowids)
            self._faiss, self._rowids = index, rowids
        return self._faiss

    def _file(self, suffix: str) -> Path:
        return Path(f"{self._saved}{suffix}")  # not with_suffix: model names may hold dots

    def persist(self) -> None:
        """Build (or bring up to date) and save the graph of a large corpus now, not at its first search."""
        if len(self) > FLAT_LIMIT:
            self._load()

    def _read_saved(self) -> tuple[faiss.Index, np.ndarray] | None:
        marker = self._file(".json")
        if not marker.exists():
            return None
        try:
            meta = json.loads(marker.read_text("utf-8"))
            if meta.get("deletions") != self._deletions() or meta.get("dim") != self.dim:
                return None
            index = faiss.read_index(str(self._file(".faiss")))
            rowids = np.load(self._file(".rowids.npy"))
        except (OSError, ValueError, RuntimeError):
            return None  # a damaged or foreign file only costs a rebuild
        if index.ntotal != len(rowids) or index.d != self.dim:
            return None
        index.hnsw.efSearch = HNSW_SEARCH_DEPTH  # type: ignore[attr-defined]  # read_index returns the base type
        return index, rowids

    def _write_saved(self, index: faiss.Index, rowids: np.ndarray) -> None:
        """Index and rowids first, the marker last: a crash in between leaves no marker that vouches for them."""
        marker = self._file(".json")
        marker.unlink(missing_ok=True)
        faiss.write_index(index, str(self._file(".faiss.tmp")))
        os.replace(self._file(".faiss.tmp"), self._file(".faiss"))
        with self._file(".rowids.tmp").open("wb") as stream:
            np.save(stream, rowids)
        os.replace(self._file(".rowids.tmp"), self._file(".rowids.npy"))
        tmp_marker = self._file(".json.tmp")
        tmp_marker.write_text(json.dumps({"model": self.model, "dim": self.dim, "count": len(rowids),
                                          "deletions": self._deletions()}), "utf-8")
        tmp_marker.replace(marker)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        index = self._load()
        if index.ntotal == 0:
            return []
        scores, positions = index.search(vector.reshape(1, -1).astype(np.float32), min(k, index.ntotal))
        return [(int(self._rowids[p]), float(s)) for s, p in zip(scores[0], positions[0], strict=True) if p >= 0]
