"""Resolving the ARTICLE argument of `related`, `score` and `check`: a file, URL, `-` or `id:ID`."""

from __future__ import annotations

from ..corpus import open_corpus
from ..errors import InputError
from ..ingest import Item, Reader
from ..settings import Settings
from ..types import Article


def read_one_article(value: str, settings: Settings, fmt: str | None = None, title_only: bool = False) -> Article:
    """The one article named by ``value``; raises the reader's specific error if it cannot be read.

    ``title_only`` admits a headline without body (a related-coverage query), not a full check."""
    if value.startswith("id:"):
        with open_corpus(settings.corpus, create=False) as store:
            return store.get(value.removeprefix("id:")).article
    items = list(Reader(settings.for_queries() if title_only else settings, fmt=fmt).read_one(value))
    if not items:
        raise InputError("no article found", value)
    if len(items) == 1 and items[0].error is not None:
        raise items[0].error
    if len(items) > 1:
        raise InputError(f"holds {_count(items)}; pass one article, or use --batch", value)
    assert items[0].article is not None
    return items[0].article


def _count(items: list[Item]) -> str:
    articles = sum(item.article is not None for item in items)
    errors = len(items) - articles
    said = f"{articles} article{'s' * (articles != 1)}"
    return f"{said} and {errors} unreadable item{'s' * (errors != 1)}" if errors else said
