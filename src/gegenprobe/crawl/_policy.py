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

from ..related import StoryQuery, embedding_text
from ..text import Encoder, lexical_terms
from ..types import Article
from ._discover import Entry, is_article_url

if TYPE_CHECKING:
    from ._crawler import CrawlStats

# discovery (feeds, sitemaps) goes before any page; among pages the newest first
DISCOVERY_PRIORITY = 1_000_000.0
_SLUG_WORDS = re.compile(r"[^\W\d_]{3,}")
# e5 cosines of a headline (or URL words) to the story: coverage and the rest overlap (medians 0.81 / 0.79 on
# bench/crawl_harvest.py's web), so a listing's cosine adds only a little above this floor
COSINE_FLOOR, COSINE_SCALE = 0.82, 5.0
# e5 cosine of a fetched page (title + lead) to the story: coverage median 0.88, the rest's 90th percentile 0.845;
# the links of a page above it are followed first ("Mehr zum Thema" leads to more of the story)
PAGE_COSINE = 0.85
# out of a page not close to the story, a link is followed when its own text carries this much of the query
LINK_MATCH = 0.3


def date_rank(published: str | None) -> float:
    """Days since 1970 of an ISO date (0 if unknown): newer is higher."""
    try:
        return float((date.fromisoformat((published or "")[:10]) - date(1970, 1, 1)).days)
    except ValueError:
        return 0.0


@dataclass
class SourcesPolicy:
    """Everything new of the registry's outlets inside the window (``since``: ISO date), newest first; with
    ``discover`` off only the URLs given (a URL list: no sitemaps of robots.txt, no links)."""

    since: str | None = None
    discover: bool = True

    def observe(self, entries: list[Entry]) -> None:
        """Nothing to learn from listings here."""

    def rank(self, entry: Entry) -> float | None:
        old = bool(self.since and entry.published and entry.published[:10] < self.since)
        if not self.discover:
            return None
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
    # with an encoder, a listing is also ranked by the cosine of its text to the story (titles that share no word
    # with the query can still be its coverage)
    encoder: Encoder | None = None
    _weights: dict[str, float] = field(default_factory=dict)
    _cosines: dict[str, float] = field(default_factory=dict)
    _last_gain_at: int = 0
    # how many listings (titles, URL words) seen so far carry each query term: a term in every title of a
    # COVID-19 corpus ("corona") tells nothing about the story
    _listings: int = 0
    _df: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        for term, weight in self.query.terms:
            self._weights[_fold(term)] = max(weight, self._weights.get(_fold(term), 0.0))
        self._story = self.encoder.encode_queries([self.query.embedding_text])[0] if self.encoder else None

    def observe(self, entries: list[Entry]) -> None:
        """Count the query terms in the listings of a feed or sitemap, and embed the listings inside the date
        window, before ranking them."""
        fresh = []
        for entry in entries:
            if entry.kind == "page":
                self._listings += 1
                self._df.update(self._said(entry) & self._weights.keys())
                if self._story is not None and entry.url not in self._cosines and self.in_window(entry.published):
                    fresh.append(entry)
        if fresh and self.encoder is not None:
            texts = [self._text(e) for e in fresh]
            for entry, vector in zip(fresh, self.encoder.encode(texts), strict=True):
                self._cosines[entry.url] = float(vector @ self._story)

    def _idf(self, term: str) -> float:
        return math.log((self._listings + 2) / (self._df[term] + 1))

    def match(self, text: str) -> float:
        """How much of the query's weight a short text (title, keywords, link text, URL words) carries, 0..1,
        each term weighted by its rarity in the listings seen."""
        weighted = {t: w * self._idf(t) for t, w in self._weights.items()}
        norm = sum(sorted(weighted.values(), reverse=True)[:8]) or 1.0
        return min(1.0, sum(weighted[t] for t in _terms(text) & weighted.keys()) / norm)

    @staticmethod
    def _text(entry: Entry) -> str:
        """What a listing says of a page: title, keywords and link text, else the words of its URL."""
        return " ".join((entry.title, " ".join(entry.keywords), entry.anchor)).strip() or url_words(entry.url)

    @classmethod
    def _said(cls, entry: Entry) -> set[str]:
        return _terms(cls._text(entry))

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
        score = self.match(self._text(entry))
        cosine = self._cosines.get(entry.url)
        if cosine is not None:
            score += max(0.0, cosine - COSINE_FLOOR) * COSINE_SCALE
        return score if score > 0 else None

    def relevance(self, article: Article) -> float:
        """How close a fetched page is to the story: the e5 cosine of title + lead, else the query words' share."""
        if self.encoder is None or self._story is None:
            return self.match(f"{article.title} {article.text[:500]}")
        return float(self.encoder.encode([embedding_text(article.title, article.text)])[0] @ self._story)

    def follow(self, article: Article, links: list[Entry]) -> list[tuple[Entry, float]]:
        """Links of a page ranked by their text and URL; every article link of a page close to the story comes
        first, out of other pages only links whose text matches the story well."""
        closeness = self.relevance(article)
        close = closeness >= (PAGE_COSINE if self.encoder is not None else 0.3)
        chosen = []
        for link in links:
            if not is_article_url(link.url):
                continue
            score = max(self.match(link.anchor), self.match(url_words(link.url)))
            if close:
                chosen.append((link, 1.0 + closeness + score))
            elif score >= LINK_MATCH:
                chosen.append((link, score))
        return chosen

    def gained(self, pages: int) -> None:
        """A batch brought new relevant coverage after ``pages`` fetched pages."""
        self._last_gain_at = pages

    def enough(self, stats: CrawlStats) -> bool:
        return stats.pages >= self.budget or stats.pages - self._last_gain_at >= self.patience
