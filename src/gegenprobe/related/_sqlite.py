"""One helper for the sidecar SQLite files of the indexes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

_CHUNK = 500  # well below SQLite's limit on bound parameters


def rows_in(db: sqlite3.Connection, query: str, rowids: Sequence[int], *leading: object) -> Iterator[tuple]:
    """Run ``query`` (ending in ``rowid IN ({})``) for ``rowids`` in chunks; ``leading`` parameters come first."""
    for start in range(0, len(rowids), _CHUNK):
        chunk = list(rowids[start : start + _CHUNK])
        yield from db.execute(query.format(",".join("?" * len(chunk))), [*leading, *chunk])
