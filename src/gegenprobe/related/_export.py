"""Export a topic bundle in GermanTRC JSON: ``{"ID = n": [fake, [true...], [crawled...]]}``."""

from __future__ import annotations

from typing import Any

from ..types import Article

_STATEMENTS = ("False_Statement_1", "False_Statement_2", "False_Statement_3")


def _query_record(article: Article) -> dict[str, Any]:
    record: dict[str, Any] = {"Date": article.date or "", "URL": article.url or "", "Title": article.title,
                              "Text": article.text}
    for key in _STATEMENTS:
        record[key] = article.meta.get(key, "")
    record["Ratio_of_Fake_Statements"] = article.meta.get("Ratio_of_Fake_Statements")
    record["Overall_Rating"] = article.meta.get("Overall_Rating")
    return record


def _crawled_record(article: Article) -> dict[str, Any]:
    return {"URL": article.url or "", "Title": article.title, "Text": article.text}


def topic_bundle(query: Article, related: list[Article], topic_id: int = 1,
                 true_articles: list[Article] | None = None) -> dict[str, list[Any]]:
    """A GermanTRC topic: the query article in the first slot, related coverage as crawled entries."""
    trues = [{"Date": a.date or "", "URL": a.url or "", "Title": a.title, "Text": a.text,
              "True_Statement_1": a.meta.get("True_Statement_1", "")} for a in true_articles or []]
    return {f"ID = {topic_id}": [_query_record(query), trues, [_crawled_record(a) for a in related]]}
