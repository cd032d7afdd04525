"""Batch ingestion: read items, add them in transactions, count what happened."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from ..ingest import Item
from ._store import AddResult, CorpusStore


@dataclass(slots=True)
class IngestSummary:
    added: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    # failures counted by the error's code (``not_german``, ``malformed``, ...)
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def seen(self) -> int:
        return self.added + self.duplicates + len(self.failed)

    def count(self, result: AddResult) -> None:
        if result.status == "added":
            self.added += 1
            self.near_duplicates += result.near_duplicate_of is not None
        else:
            self.duplicates += 1


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ingest(
    items: Iterable[Item],
    store: CorpusStore,
    batch_size: int,
    on_item: Callable[[Item], None] | None = None,
) -> IngestSummary:
    """Store the articles among ``items`` batch by batch; each batch is one transaction.

    A killed process loses at most the batch in flight; a re-run skips what is stored (same id, URL or text).
    """
    summary = IngestSummary()
    for batch in _batches(items, batch_size):
        articles = []
        for item in batch:
            if item.article is not None:
                articles.append(item.article)
            elif item.error is not None:
                summary.failed.append((item.origin, str(item.error)))
                summary.reasons[item.error.code] += 1
            if on_item:
                on_item(item)
        for result in store.add_batch(articles):
            summary.count(result)
    return summary
