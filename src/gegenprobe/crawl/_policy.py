"""Crawl policies: what to queue, how urgently, and which links to follow.

``SourcesPolicy`` keeps a corpus of current news: feeds and sitemaps first, then pages newest first inside the date
window. ``TopicPolicy`` is the focused crawler of a topic crawl: a URL's priority is how well what its listing says
(news-sitemap title and keywords, feed title, link text, the words of its URL) matches the story query."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from ..related import StoryQuery
from ..text import lexical_terms
from ..types import Article
from ._discover import Entry, is_article_url

if TYPE_CHECKING:
    from ._crawler import CrawlStats

# discovery (feeds, sitemaps) goes before any page; among pages the newest first
DISCOVERY_PRIORITY = 1_000_000.0
_SLUG_WORDS = re.compile(r"[^\W\d_]{3,}")


def date_rank(published: str | None) -> float:
    """Days since 1970 of an ISO date (0 if unknown): newer is higher."""
    try:
        return float((date.fromisoformat((published or "")[:10]) - date(1970, 1, 1)).days)
    except ValueError:
        return 0.0


@dataclass
class SourcesPolicy:
    """Everything new of the registry's outlets inside the window (``since``: ISO date), newest first."""

    since: str | None = None

    def observe(self, entries: list[Entry]) -> None:
        """Nothing to learn from listings here."""

    def rank(self, entry: Entry) -> float | None:
        old = bool(self.since and entry.published and entry.published[:10] < self.since)
        if entry.kind != "page":
            return None if old else DISCOVERY_PRIORITY + date_rank(entry.published)
        if old or not is_article_url(entry.url):
            return None
        return date_rank(entry.published)

    def follow(self, article: Article, links: list[Entry]) -> list[tuple[Entry, float]]:
        return []

    def enough(self, stats: CrawlStats) -> bool:
        return False


def url_words(url: str) -> str:
    """The words of a URL's path ("/politik/corona-impfpflicht-kommt-123.html" -> "politik corona impfpflicht
    kommt"), for URLs listed without a title."""
    return " ".join(_SLUG_WORDS.findall(unquote(urlsplit(url).path).replace("-", " ").replace("_", " ")))


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _fold(word: str) -> str:
    """Lower case with umlauts written out, as URLs write them ("rheinbruecke")."""
    return word.lower().translate(_FOLD)


def _terms(text: str) -> set[str]:
    return {_fold(term) for term in lexical_terms(text)} | {_fold(w) for w in _SLUG_WORDS.findall(text)}


@dataclass
class TopicPolicy:
    """Best-first by match with the story query, inside ``days`` around the query article's date; links are
    followed by their text and URL, out of pages that match the query. The topic crawl calls :meth:`gained`
    when the related-coverage models found new coverage; ``patience`` pages without any end the crawl."""

    query: StoryQuery
    days: int = 14
    budget: int = 300
    patience: int = 60
    _weights: dict[str, float] = field(default_factory=dict)
    _last_gain_at: int = 0
    # how many listings (titles, URL words) seen so far carry each query term: a term in every title of a
    # COVID-19 corpus ("corona") tells nothing about the story
    _listings: int = 0
    _df: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        for term, weight in self.query.terms:
            self._weights[_fold(term)] = max(weight, self._weights.get(_fold(term), 0.0))

    def observe(self, entries: list[Entry]) -> None:
        """Count the query terms in the listings of a feed or sitemap before ranking them."""
        for entry in entries:
            if entry.kind == "page":
                self._listings += 1
                self._df.update(self._said(entry) & self._weights.keys())

    def _idf(self, term: str) -> float:
        return math.log((self._listings + 2) / (self._df[term] + 1))

    def match(self, text: str) -> float:
        """How much of the query's weight a short text (title, keywords, link text, URL words) carries, 0..1,
        each term weighted by its rarity in the listings seen."""
        weighted = {t: w * self._idf(t) for t, w in self._weights.items()}
        norm = sum(sorted(weighted.values(), reverse=True)[:8]) or 1.0
        return min(1.0, sum(weighted[t] for t in _terms(text) & weighted.keys()) / norm)

    @staticmethod
    def _said(entry: Entry) -> set[str]:
        said = " ".join((entry.title, " ".join(entry.keywords), entry.anchor)).strip()
        return _terms(said or url_words(entry.url))

    def in_window(self, published: str | None) -> bool:
        if not published or not self.query.date:
            return True
        try:
            gap = abs(date.fromisoformat(published[:10]) - date.fromisoformat(self.query.date[:10]))
        except ValueError:
            return True
        return gap <= timedelta(days=self.days)

    def _sitemap_in_window(self, entry: Entry) -> bool:
        """A sitemap whose last change is before the window holds nothing of it."""
        if not entry.published or not self.query.date:
            return True
        start = date.fromisoformat(self.query.date[:10]) - timedelta(days=self.days)
        return entry.published[:10] >= start.isoformat()

    def rank(self, entry: Entry) -> float | None:
        if entry.kind != "page":
            return DISCOVERY_PRIORITY + date_rank(entry.published) if self._sitemap_in_window(entry) else None
        if not self.in_window(entry.published) or not is_article_url(entry.url):
            return None
        said = " ".join((entry.title, " ".join(entry.keywords), entry.anchor)).strip() or url_words(entry.url)
        score = self.match(said)
        return score if score > 0 else None

    def follow(self, article: Article, links: list[Entry]) -> list[tuple[Entry, float]]:
        """Links of a page, ranked by their text and URL; out of a page judged unrelated only strong matches."""
        parent = self.match(f"{article.title} {article.text[:500]}")
        chosen = []
        for link in links:
            if not is_article_url(link.url):
                continue
            score = max(self.match(link.anchor), self.match(url_words(link.url)))
            if score > 0 and (parent >= 0.3 or score >= 0.5):
                chosen.append((link, 0.7 * score + 0.3 * parent))
        return chosen

    def gained(self, pages: int) -> None:
        """A batch brought new relevant coverage after ``pages`` fetched pages."""
        self._last_gain_at = pages

    def enough(self, stats: CrawlStats) -> bool:
        return stats.pages >= self.budget or stats.pages - self._last_gain_at >= self.patience
