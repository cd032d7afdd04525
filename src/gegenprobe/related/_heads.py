"""What the re-ranker compares of each candidate (terms, names, numbers of title and lead), computed at index
time: analysing 50-100 candidate leads per query was 38 % of a query's time at 100k articles."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ._analysis import entities, lexical_terms, numbers
from ._query import lead_of
from ._sqlite import rows_in

_SEP = "\n"  # never inside a term, name or number


@dataclass(frozen=True, slots=True)
class Head:
    """The story-identifying parts of an article's title and lead."""

    terms: frozenset[str]
    entities: frozenset[str]
    numbers: frozenset[str]


def head_of(title: str, text: str) -> Head:
    head = f"{title}. {lead_of(text)}"
    return Head(frozenset(lexical_terms(head)), frozenset(entities(head)), frozenset(numbers(head)))


def _pack(items: frozenset[str]) -> str:
    return _SEP.join(sorted(items))


def _unpack(packed: str) -> frozenset[str]:
    return frozenset(packed.split(_SEP)) if packed else frozenset()


class HeadStore:
    """Heads by store rowid in a small SQLite file beside the indexes."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS heads "
                         "(rowid INTEGER PRIMARY KEY, terms TEXT, entities TEXT, numbers TEXT)")

    def close(self) -> None:
        self._db.close()

    def add(self, rows: Iterable[tuple[int, str, str]]) -> None:
        """Analyse and keep ``(rowid, title, text)`` rows (a rowid seen before is replaced)."""
        packed = []
        for rowid, title, text in rows:
            head = head_of(title, text)
            packed.append((rowid, _pack(head.terms), _pack(head.entities), _pack(head.numbers)))
        self._db.execute("BEGIN")
        self._db.executemany("INSERT OR REPLACE INTO heads VALUES (?, ?, ?, ?)", packed)
        self._db.execute("COMMIT")

    def delete(self, rowids: list[int]) -> None:
        self._db.executemany("DELETE FROM heads WHERE rowid=?", [(r,) for r in rowids])

    def get(self, rowids: list[int]) -> dict[int, Head]:
        query = "SELECT rowid, terms, entities, numbers FROM heads WHERE rowid IN ({})"
        return {rowid: Head(_unpack(terms), _unpack(names), _unpack(figures))
                for rowid, terms, names, figures in rows_in(self._db, query, rowids)}
