"""Article extraction from HTML: trafilatura for title/body/author, htmldate for the publication date."""

from __future__ import annotations

from typing import Any, cast

import htmldate
import trafilatura

from ..errors import ExtractionFailed
from ._build import RawArticle


def _find_date(html: str, url: str | None) -> str | None:
    try:
        return htmldate.find_date(html, url=url, original_date=True, extensive_search=False)
    except (ValueError, TypeError):
        return None


def extract_html(html: str, origin: str, url: str | None = None) -> RawArticle:
    """Title, body, author and date of the article in an HTML page.

    Raises:
        ExtractionFailed: the page holds no article text.
    """
    try:
        extracted = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False, as_dict=True
        )
    except (ValueError, TypeError) as exc:
        raise ExtractionFailed(f"HTML could not be parsed: {exc}", origin) from exc
    document = cast(dict[str, Any] | None, extracted)  # as_dict=True: a dict, or None without an article
    if not document or not (document.get("text") or "").strip():
        raise ExtractionFailed("page holds no article text", origin)
    meta = {"author": document["author"]} if document.get("author") else {}
    return RawArticle(
        origin=origin,
        text=document["text"],
        title=document.get("title") or "",
        url=url or document.get("url"),
        source=None,
        date=_find_date(html, url) or document.get("date"),
        meta=meta,
    )
