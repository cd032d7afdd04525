"""The related-coverage indexes of a corpus: BM25 (tantivy) and dense vectors, updated incrementally."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ..corpus import CorpusStore, StoredArticle
from ._dense import DenseIndex
from ._encoder import Encoder
from ._lexical import LexicalIndex
from ._query import embedding_text

INDEX_DIR = "related"
BATCH = 256


class RelatedIndex:
    """Lexical and dense indexes beside a corpus store (``<corpus>/related/``), keyed by the store's rowids."""

    def __init__(self, corpus_dir: Path, encoder: Encoder) -> None:
        self.dir = Path(corpus_dir) / INDEX_DIR
        self.dir.mkdir(parents=True, exist_ok=True)
        self.encoder = encoder
        self.lexical = LexicalIndex(self.dir / "lexical")
        self.dense = DenseIndex(self.dir / "dense.sqlite", encoder.dim, encoder.name)
        self._state_path = self.dir / "state.json"

    def close(self) -> None:
        self.dense.close()

    def _state(self) -> dict[str, int]:
        if self._state_path.exists():
            return json.loads(self._state_path.read_text("utf-8"))
        return {"indexed_upto": 0, "removed_seen": 0}

    def _save_state(self, state: dict[str, int]) -> None:
        tmp = self._state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state), "utf-8")
        tmp.replace(self._state_path)  # atomic: a crash leaves the old state, and re-indexing is idempotent

    def update(self, store: CorpusStore, on_batch: Callable[[int], None] | None = None,
               with_embeddings: bool = True) -> int:
        """Index what the store gained (and drop what it lost) since the last update; returns articles indexed."""
        state = self._state()
        gone = [r for r in store.removed_since(state["indexed_upto"]) if r > state["removed_seen"]]
        if gone:
            self.lexical.delete(gone)
            self.dense.delete(gone)
            state["removed_seen"] = max(gone)
        done = 0
        batch: list[StoredArticle] = []
        for stored in store.iter_since(state["indexed_upto"]):
            batch.append(stored)
            if len(batch) == BATCH:
                done += self._index_batch(batch, state, with_embeddings, on_batch)
                batch = []
        if batch:
            done += self._index_batch(batch, state, with_embeddings, on_batch)
        self._save_state(state)
        return done

    def _index_batch(self, batch: list[StoredArticle], state: dict[str, int], with_embeddings: bool,
                     on_batch: Callable[[int], None] | None) -> int:
        self.lexical.add([(s.rowid, s.article.title, s.article.text) for s in batch])
        if with_embeddings:
            texts = [embedding_text(s.article.title, s.article.text) for s in batch]
            self.dense.add([s.rowid for s in batch], self.encoder.encode(texts))
        state["indexed_upto"] = batch[-1].rowid
        self._save_state(state)
        if on_batch:
            on_batch(len(batch))
        return len(batch)

    def pending(self, store: CorpusStore) -> int:
        return sum(1 for _ in store.iter_since(self._state()["indexed_upto"]))
