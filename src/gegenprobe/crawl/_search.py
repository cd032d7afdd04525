"""Search backends for the topic crawl. The reference is SearXNG's JSON API (``/search?q=...&format=json``); the
backend is the user's own service, so it is reached without the SSRF guard (a local instance is the usual case)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import httpx

from ..errors import FetchError
from ..ingest import iso_date
from ._discover import Entry


class SearchBackend(Protocol):
    def search(self, query: str, limit: int = 20) -> list[Entry]: ...


@dataclass(frozen=True, slots=True)
class SearxngSearch:
    """A SearXNG instance (``base_url`` e.g. ``http://127.0.0.1:8888``) with the JSON format enabled."""

    base_url: str
    timeout: float = 15.0
    user_agent: str = "gegenprobe-crawler"

    def search(self, query: str, limit: int = 20) -> list[Entry]:
        """Results as entries (URL, title, date, snippet as link text).

        Raises:
            FetchError: the service does not answer, answers with an error, or not with SearXNG's JSON.
        """
        url = self.base_url.rstrip("/") + "/search"
        params = {"q": query, "format": "json", "language": "de", "categories": "news,general"}
        try:
            response = httpx.get(url, params=params, timeout=self.timeout, headers={"User-Agent": self.user_agent})
            response.raise_for_status()
            results = response.json()["results"]
        except httpx.HTTPError as exc:
            raise FetchError(f"search backend failed: {exc}", url) from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise FetchError("search backend answered without SearXNG JSON results (is format=json enabled?)",
                             url) from exc
        entries = []
        for result in results[:limit]:
            if isinstance(result, dict) and str(result.get("url", "")).startswith(("http://", "https://")):
                entries.append(Entry(str(result["url"]), "page", str(result.get("title") or ""),
                                     iso_date(result.get("publishedDate")) or None,
                                     anchor=str(result.get("content") or "")[:300]))
        return entries
