"""The embedded corpus store (SQLite, WAL) with exact and near-duplicate detection."""

from ._ingest import IngestSummary, ingest
from ._minhash import jaccard, signature
from ._store import AddResult, CorpusStore, SQLiteStore, StoredArticle, open_corpus

__all__ = [
    "AddResult",
    "CorpusStore",
    "IngestSummary",
    "SQLiteStore",
    "StoredArticle",
    "ingest",
    "jaccard",
    "open_corpus",
    "signature",
]
