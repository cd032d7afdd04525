"""The related-coverage indexes of a corpus: BM25 (tantivy) and dense vectors, updated incrementally."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..corpus import CorpusStore, StoredArticle
from ..errors import CorpusError
from ..text import Encoder
from ._dense import DenseIndex
from ._heads import HeadStore
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
        self._state_path = self.dir / "state.json"
        try:
            self.lexical = LexicalIndex(self.dir / "lexical")
            self.dense = DenseIndex(self.dir / "dense.sqlite", encoder.dim, encoder.name)
            self.heads = HeadStore(self.dir / "heads.sqlite")
            state = self._state()
        except (sqlite3.DatabaseError, ValueError, KeyError) as exc:
            # derived data only: say how to rebuild it rather than deleting it behind the user's back
            raise CorpusError(f"the related-coverage index in {self.dir} is damaged ({exc}); delete that folder "
                              "and run 'gegenprobe corpus index' to build it again (the corpus itself is untouched)"
                              ) from exc
        if self.heads.reset:
            self._save_state({**state, "heads_upto": 0})

    def close(self) -> None:
        self.dense.close()
        self.heads.close()

    def _state(self) -> dict:
        if self._state_path.exists():
            return json.loads(self._state_path.read_text("utf-8"))
        return {"lexical_upto": 0, "heads_upto": 0, "dense_upto": {}, "removed_seen": 0}

    def _save_state(self, state: dict) -> None:
        tmp = self._state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state), "utf-8")
        tmp.replace(self._state_path)  # atomic: a crash leaves the old state, and re-indexing is idempotent

    def _upto(self, state: dict) -> tuple[int, int, int]:
        """Last rowid done by the lexical index, the heads (missing in older indexes: computed once on update) and
        the dense index of the current encoder."""
        return state["lexical_upto"], state.get("heads_upto", 0), state["dense_upto"].get(self.encoder.name, 0)

    def update(self, store: CorpusStore, on_batch: Callable[[int], None] | None = None) -> int:
        """Index what the store gained (and drop what it lost) since the last update; returns articles indexed.

        Vectors are kept per encoder, so switching the encoder embeds the corpus once more."""
        state = self._state()
        upto = self._upto(state)
        gone = [r for r in store.removed_since(max(upto)) if r > state["removed_seen"]]
        if gone:
            self.lexical.delete(gone)
            self.heads.delete(gone)
            self.dense.delete(gone)
            state["removed_seen"] = max(gone)
        done = 0
        batch: list[StoredArticle] = []
        for stored in store.iter_since(min(upto)):
            batch.append(stored)
            if len(batch) == BATCH:
                done += self._index_batch(batch, state, on_batch)
                batch = []
        if batch:
            done += self._index_batch(batch, state, on_batch)
        self._save_state(state)
        if done or gone:  # an unchanged index is not worth reading a 1 GB graph for
            self.dense.persist()
        return done

    def _index_batch(self, batch: list[StoredArticle], state: dict, on_batch: Callable[[int], None] | None) -> int:
        lexical_upto, heads_upto, dense_upto = self._upto(state)
        lexical = [s for s in batch if s.rowid > lexical_upto]
        if lexical:
            self.lexical.add([(s.rowid, s.article.title, s.article.text) for s in lexical])
        self.heads.add((s.rowid, s.article.title, s.article.text) for s in batch if s.rowid > heads_upto)
        dense = [s for s in batch if s.rowid > dense_upto]
        if dense:
            texts = [embedding_text(s.article.title, s.article.text) for s in dense]
            self.dense.add([s.rowid for s in dense], self.encoder.encode(texts))
        state["lexical_upto"] = max(lexical_upto, batch[-1].rowid)
        state["heads_upto"] = max(heads_upto, batch[-1].rowid)
        state["dense_upto"][self.encoder.name] = max(dense_upto, batch[-1].rowid)
        self._save_state(state)
        if on_batch:
            on_batch(len(batch))
        return len(batch)

    def pending(self, store: CorpusStore) -> int:
        return store.count_since(min(self._upto(self._state())))
