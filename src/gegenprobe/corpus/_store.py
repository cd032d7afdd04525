"""The embedded corpus store: SQLite in WAL mode, one transaction per batch."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import CorpusError
from ..ingest import canonical_url, content_hash
from ..settings import CorpusSettings
from ..sqlite import connect, mapped_errors, rows_in
from ..types import Article
from ._minhash import band_keys, jaccard, signature

SCHEMA_VERSION = 1
DB_NAME = "corpus.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    url TEXT,
    canonical_url TEXT,
    source TEXT,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    date TEXT,
    language TEXT NOT NULL,
    meta TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    near_duplicate_of TEXT,
    added_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_articles_url ON articles(canonical_url) WHERE canonical_url IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS ux_articles_hash ON articles(content_hash);
CREATE INDEX IF NOT EXISTS ix_articles_date ON articles(date);
CREATE INDEX IF NOT EXISTS ix_articles_source ON articles(source);
CREATE TABLE IF NOT EXISTS minhash (rowid INTEGER PRIMARY KEY, signature BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS lsh_bands (
    band INTEGER NOT NULL, key INTEGER NOT NULL, rowid INTEGER NOT NULL,
    PRIMARY KEY (band, key, rowid)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS removed (rowid INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_COLUMNS = "id, url, source, title, text, date, language, meta, near_duplicate_of, rowid, content_hash"


@dataclass(frozen=True, slots=True)
class AddResult:
    """What happened to one article: ``added``, or ``duplicate`` of an existing id."""

    article_id: str
    status: str
    existing_id: str | None = None
    near_duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class StoredArticle:
    article: Article
    near_duplicate_of: str | None
    rowid: int = 0
    content_hash: str = ""


class CorpusStore(ABC):
    """The interface every corpus backend offers; the caller owns the article ids."""

    @abstractmethod
    def add_batch(self, articles: Iterable[Article]) -> list[AddResult]: ...

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def get(self, article_id: str) -> StoredArticle: ...

    @abstractmethod
    def iter_articles(self, source: str | None = None, limit: int | None = None) -> Iterator[StoredArticle]: ...

    @abstractmethod
    def iter_since(self, rowid: int) -> Iterator[StoredArticle]:
        """Articles added after ``rowid``, in insertion order (for incremental indexes)."""

    def count_since(self, rowid: int) -> int:
        """How many articles were added after ``rowid`` (what an incremental index still has to do)."""
        return sum(1 for _ in self.iter_since(rowid))

    @abstractmethod
    def get_rows(self, rowids: Iterable[int]) -> dict[int, StoredArticle]: ...

    @abstractmethod
    def signatures(self, rowids: Iterable[int]) -> dict[int, np.ndarray]:
        """Stored MinHash signatures (near-duplicate detection) by rowid."""

    @abstractmethod
    def removed_since(self, rowid_seen: int) -> list[int]:
        """Rowids up to ``rowid_seen`` that are no longer stored."""

    @abstractmethod
    def remove(self, article_id: str) -> None: ...

    @abstractmethod
    def stats(self) -> dict[str, Any]: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _mapped_errors(path: Path) -> AbstractContextManager[None]:
    """SQLite failures as one CorpusError, at the store's boundary."""
    return mapped_errors(f"corpus {path}")


class SQLiteStore(CorpusStore):
    """Articles, metadata and near-duplicate bands in one SQLite file inside the corpus directory."""

    def __init__(self, settings: CorpusSettings) -> None:
        self.settings = settings
        self.path = Path(settings.path)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CorpusError(f"cannot create corpus directory {self.path}: {exc.strerror}") from exc
        with _mapped_errors(self.path):
            self._db = connect(self.path / DB_NAME)
            self._db.executescript(_SCHEMA)
            self._check_version()

    def _check_version(self) -> None:
        row = self._db.execute("SELECT value FROM store_info WHERE key='schema_version'").fetchone()
        if row is None:
            self._db.execute("INSERT OR IGNORE INTO store_info VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif int(row[0]) > SCHEMA_VERSION:
            raise CorpusError(f"corpus {self.path} was written by a newer gegenprobe (schema {row[0]})")

    def close(self) -> None:
        self._db.close()

    # -- writing -----------------------------------------------------------------------------------------
    def add_batch(self, articles: Iterable[Article]) -> list[AddResult]:
        """Add articles in one transaction: all of the batch is stored, or none of it."""
        with _mapped_errors(self.path):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                results = [self._add_one(article) for article in articles]
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return results

    def _existing(self, article: Article, url: str | None, digest: str) -> str | None:
        row = self._db.execute(
            "SELECT id FROM articles WHERE id=? OR content_hash=? OR (canonical_url IS NOT NULL AND canonical_url=?)",
            (article.id, digest, url),
        ).fetchone()
        return row[0] if row else None

    def _add_one(self, article: Article) -> AddResult:
        url = canonical_url(article.url) if article.url else None
        digest = content_hash(f"{article.title}\n{article.text}")
        existing = self._existing(article, url, digest)
        if existing is not None:
            return AddResult(article.id, "duplicate", existing_id=existing)
        sig = signature(article.text)
        near = self._near_duplicate(sig)
        cursor = self._db.execute(
            "INSERT INTO articles (id, url, canonical_url, source, title, text, date, language, meta,"
            " content_hash, near_duplicate_of, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (article.id, article.url, url, article.source, article.title, article.text, article.date,
             article.language, json.dumps(article.meta, ensure_ascii=False), digest, near,
             datetime.now(UTC).isoformat(timespec="seconds")),
        )
        rowid = cursor.lastrowid
        self._db.execute("INSERT INTO minhash VALUES (?, ?)", (rowid, sig.tobytes()))
        self._db.executemany(
            "INSERT OR IGNORE INTO lsh_bands VALUES (?, ?, ?)",
            [(band, key, rowid) for band, key in enumerate(band_keys(sig))],
        )
        return AddResult(article.id, "added", near_duplicate_of=near)

    def _near_duplicate(self, sig: np.ndarray) -> str | None:
        """Id of the most similar stored article above the threshold, if any."""
        candidates: set[int] = set()
        for band, key in enumerate(band_keys(sig)):
            rows = self._db.execute("SELECT rowid FROM lsh_bands WHERE band=? AND key=?", (band, key))
            candidates.update(row[0] for row in rows)
        best, best_score = None, self.settings.near_duplicate_threshold
        for rowid in candidates:
            stored = self._db.execute("SELECT signature FROM minhash WHERE rowid=?", (rowid,)).fetchone()
            score = jaccard(sig, np.frombuffer(stored[0], dtype=np.uint64))
            if score >= best_score:
                best, best_score = rowid, score
        if best is None:
            return None
        row = self._db.execute("SELECT id, near_duplicate_of FROM articles WHERE rowid=?", (best,)).fetchone()
        return row[1] or row[0]  # point at the group's first article

    def remove(self, article_id: str) -> None:
        with _mapped_errors(self.path):
            row = self._db.execute("SELECT rowid FROM articles WHERE id=?", (article_id,)).fetchone()
            if row is None:
                raise CorpusError(f"no article with id {article_id!r} in corpus {self.path}")
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("DELETE FROM lsh_bands WHERE rowid=?", row)
                self._db.execute("DELETE FROM minhash WHERE rowid=?", row)
                self._db.execute("DELETE FROM articles WHERE rowid=?", row)
                self._db.execute("INSERT OR IGNORE INTO removed VALUES (?)", row)
                self._db.execute("UPDATE articles SET near_duplicate_of=NULL WHERE near_duplicate_of=?", (article_id,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    # -- reading -----------------------------------------------------------------------------------------
    @staticmethod
    def _stored(row: tuple[Any, ...]) -> StoredArticle:
        id_, url, source, title, text, date, language, meta, near, rowid, digest = row
        article = Article(id=id_, url=url, source=source, title=title, text=text, date=date,
                          language=language, meta=json.loads(meta))
        return StoredArticle(article, near, rowid, digest)

    def get(self, article_id: str) -> StoredArticle:
        with _mapped_errors(self.path):
            row = self._db.execute(f"SELECT {_COLUMNS} FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None:
            raise CorpusError(f"no article with id {article_id!r} in corpus {self.path}")
        return self._stored(row)

    def iter_articles(self, source: str | None = None, limit: int | None = None) -> Iterator[StoredArticle]:
        query = f"SELECT {_COLUMNS} FROM articles"
        params: list[Any] = []
        if source:
            query += " WHERE source=?"
            params.append(source)
        query += " ORDER BY rowid"
        if limit is not None:
            query += " LIMIT ?"
            params.append(limit)
        with _mapped_errors(self.path):
            for row in self._db.execute(query, params):
                yield self._stored(row)

    def iter_since(self, rowid: int) -> Iterator[StoredArticle]:
        with _mapped_errors(self.path):
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM articles WHERE rowid > ? ORDER BY rowid", (rowid,))
            for row in rows:
                yield self._stored(row)

    def count_since(self, rowid: int) -> int:
        with _mapped_errors(self.path):
            return int(self._db.execute("SELECT COUNT(*) FROM articles WHERE rowid > ?", (rowid,)).fetchone()[0])

    def _select_in(self, select: str, rowids: Iterable[int]) -> Iterator[tuple[Any, ...]]:
        """Rows of ``select ... WHERE rowid IN (...)``, in chunks below SQLite's parameter limit."""
        with _mapped_errors(self.path):
            yield from rows_in(self._db, f"{select} WHERE rowid IN ({{}})", list(rowids))

    def get_rows(self, rowids: Iterable[int]) -> dict[int, StoredArticle]:
        stored = (self._stored(row) for row in self._select_in(f"SELECT {_COLUMNS} FROM articles", rowids))
        return {s.rowid: s for s in stored}

    def signatures(self, rowids: Iterable[int]) -> dict[int, np.ndarray]:
        rows = self._select_in("SELECT rowid, signature FROM minhash", rowids)
        return {rowid: np.frombuffer(blob, dtype=np.uint64) for rowid, blob in rows}

    def removed_since(self, rowid_seen: int) -> list[int]:
        with _mapped_errors(self.path):
            rows = self._db.execute("SELECT rowid FROM removed WHERE rowid <= ?", (rowid_seen,))
            return [row[0] for row in rows]

    def __len__(self) -> int:
        with _mapped_errors(self.path):
            return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def stats(self) -> dict[str, Any]:
        with _mapped_errors(self.path):
            db = self._db
            first, last = db.execute("SELECT MIN(date), MAX(date) FROM articles").fetchone()
            sources = dict(db.execute("SELECT COALESCE(source,'?'), COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"))
            near = db.execute("SELECT COUNT(*) FROM articles WHERE near_duplicate_of IS NOT NULL").fetchone()[0]
        size = sum(f.stat().st_size for f in self.path.glob(f"{DB_NAME}*"))
        return {
            "articles": len(self), "sources": sources, "near_duplicates": near,
            "first_date": first, "last_date": last, "size_bytes": size, "path": str(self.path),
        }


def open_corpus(settings: CorpusSettings, backend: str = "sqlite", *, create: bool = True) -> CorpusStore:
    """The store for ``settings.path``; ``backend`` names the implementation.

    With ``create=False`` (commands that only read) a path that holds no corpus is an error, so a misspelled
    ``--corpus`` does not quietly answer from a new, empty store.
    """
    if backend != "sqlite":
        raise CorpusError(f"unknown corpus backend {backend!r} (available: sqlite)")
    path = Path(settings.path)
    if not create and not (path / DB_NAME).is_file():
        raise CorpusError(f"no corpus at {path} (it holds no {DB_NAME}); check --corpus or $GEGENPROBE_CORPUS, or "
                          "create one with 'gegenprobe corpus add' (or 'gegenprobe demo')")
    return SQLiteStore(settings)
