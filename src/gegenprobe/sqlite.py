"""The SQLite files gegenprobe keeps (the corpus store, the related-coverage sidecars): one way to open them, to
read rows by a long list of ids, and to turn SQLite's errors into ``CorpusError``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .errors import CorpusError

_IN_CHUNK = 500  # well below SQLite's limit on bound parameters


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL journal, waiting up to 30 s for a lock.
    ``synchronous=NORMAL`` in WAL mode survives a killed process; only an OS crash may lose the last commit."""
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def rows_in(db: sqlite3.Connection, query: str, rowids: Sequence[int], *leading: object) -> Iterator[tuple]:
    """Run ``query`` (ending in ``rowid IN ({})``) for ``rowids`` in chunks; ``leading`` parameters come first."""
    for start in range(0, len(rowids), _IN_CHUNK):
        chunk = list(rowids[start : start + _IN_CHUNK])
        yield from db.execute(query.format(",".join("?" * len(chunk))), [*leading, *chunk])


@contextmanager
def mapped_errors(what: str) -> Iterator[None]:
    """SQLite failures inside the block as one ``CorpusError`` naming ``what`` (e.g. "corpus /data/c")."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise CorpusError(f"{what} is locked by another process; try again when it is done") from exc
        raise CorpusError(f"{what}: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise CorpusError(f"{what} is not a usable gegenprobe store: {exc}") from exc
