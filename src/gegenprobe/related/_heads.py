"""What the re-ranker compares of each candidate, computed at index time: terms, names and numbers of title
and lead, and hashed content words and word pairs of the whole text. Analysing 50-100 candidates per query
was 38 % of a query's time at 100k articles, and reading whole bodies at query time would cost more."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..sqlite import connect, rows_in
from ..text import entities, lexical_terms, numbers
from ._analysis import hashed, story_tokens, token_pairs
from ._query import lead_of

_SEP = "\n"  # never inside a term, name or number
LEAD_TOKENS = 150
_COLUMNS = ("terms", "entities", "numbers", "words", "pairs", "lead_words")


@dataclass(frozen=True, slots=True, eq=False)
class Head:
    """The story-identifying parts of an article: sets from title and lead, hashed words of the whole text."""

    terms: frozenset[str]
    entities: frozenset[str]
    numbers: frozenset[str]
    words: np.ndarray  # uint16 hashes (``_analysis.hashed``) of the content words of title and text
    pairs: np.ndarray  # ... of adjacent content-word pairs
    lead_words: np.ndarray  # ... of the first 150 content words


def head_of(title: str, text: str) -> Head:
    head = f"{title}. {lead_of(text)}"
    tokens = story_tokens(f"{title}\n{text}")
    return Head(frozenset(lexical_terms(head)), frozenset(entities(head)), frozenset(numbers(head)),
                hashed(tokens), hashed(token_pairs(tokens)), hashed(tokens[:LEAD_TOKENS]))


def _pack(items: frozenset[str]) -> str:
    return _SEP.join(sorted(items))


def _unpack(packed: str) -> frozenset[str]:
    return frozenset(packed.split(_SEP)) if packed else frozenset()


def _hashes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint16)


class HeadStore:
    """Heads by store rowid in a small SQLite file beside the indexes.

    ``reset`` is true when a table of an older layout was dropped: its heads must be computed again."""

    def __init__(self, path: Path) -> None:
        self._db = connect(path)
        columns = [row[1] for row in self._db.execute("PRAGMA table_info(heads)")]
        self.reset = bool(columns) and columns[1:] != list(_COLUMNS)
        if self.reset:
            self._db.execute("DROP TABLE heads")
        self._db.execute("CREATE TABLE IF NOT EXISTS heads (rowid INTEGER PRIMARY KEY, terms TEXT, entities TEXT, "
                         "numbers TEXT, words BLOB, pairs BLOB, lead_words BLOB)")

    def close(self) -> None:
        self._db.close()

    def add(self, rows: Iterable[tuple[int, str, str]]) -> None:
        """Analyse and keep ``(rowid, title, text)`` rows (a rowid seen before is replaced)."""
        packed = []
        for rowid, title, text in rows:
            h = head_of(title, text)
            packed.append((rowid, _pack(h.terms), _pack(h.entities), _pack(h.numbers), h.words.tobytes(),
                           h.pairs.tobytes(), h.lead_words.tobytes()))
        self._db.execute("BEGIN")
        self._db.executemany("INSERT OR REPLACE INTO heads VALUES (?, ?, ?, ?, ?, ?, ?)", packed)
        self._db.execute("COMMIT")

    def delete(self, rowids: list[int]) -> None:
        self._db.executemany("DELETE FROM heads WHERE rowid=?", [(r,) for r in rowids])

    def get(self, rowids: list[int]) -> dict[int, Head]:
        query = f"SELECT rowid, {', '.join(_COLUMNS)} FROM heads WHERE rowid IN ({{}})"
        return {rowid: Head(_unpack(terms), _unpack(names), _unpack(figures), _hashes(words), _hashes(pairs),
                            _hashes(lead))
                for rowid, terms, names, figures, words, pairs, lead in rows_in(self._db, query, rowids)}
