"""Query building (GermanTRC step 1): title, lead, keywords, names, numbers and dates of an article."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..text import entities, keywords, lexical_terms, numbers
from ..types import Article
from ._analysis import dates, hashed, story_tokens, token_pairs

LEAD_CHARS = 600
EMBED_LEAD_CHARS = 500
HEADLINE_CHARS = 150  # stands in for the headline of an article without a title
MAX_TERMS = 40
# term weights: the title and names identify a story best (tuned on FANG-COVID Jan-Sep, not on the test months)
TITLE_WEIGHT, LEAD_WEIGHT, KEYWORD_WEIGHT, ENTITY_WEIGHT = 2.0, 1.0, 1.5, 2.0


def lead_of(text: str, chars: int = LEAD_CHARS) -> str:
    """The first paragraphs of a text, cut at a word boundary after about ``chars`` characters."""
    if len(text) <= chars:
        return text
    cut = text.rfind(" ", 0, chars)
    return text[: cut if cut > 0 else chars]


def embedding_text(title: str, text: str) -> str:
    """Title and lead, the part of an article that says what its story is."""
    lead = lead_of(text, EMBED_LEAD_CHARS)
    return f"{title}. {lead}" if title and lead else title or lead


@dataclass(frozen=True, slots=True)
class StoryQuery:
    """What the retrieval stage searches with."""

    article_id: str
    title: str
    lead: str
    terms: tuple[tuple[str, float], ...]
    entities: tuple[str, ...]
    numbers: tuple[str, ...]
    dates: tuple[str, ...]
    date: str | None
    embedding_text: str
    headline_words: tuple[int, ...] = ()  # hashed content words of the headline (``_analysis.hashed``)
    headline_pairs: tuple[int, ...] = ()  # ... and of its adjacent word pairs

    @property
    def weighted_terms(self) -> dict[str, float]:
        return dict(self.terms)


def build_query(article: Article, use_keywords: bool = True) -> StoryQuery:
    """Build the story query of an article (an article may have only a title)."""
    lead = lead_of(article.text)
    weights: defaultdict[str, float] = defaultdict(float)
    for term in lexical_terms(article.title):
        weights[term] += TITLE_WEIGHT
    for term in lexical_terms(lead):
        weights[term] += LEAD_WEIGHT
    if use_keywords and lead:
        for word, _ in keywords(f"{article.title}. {lead}", top=10):
            for term in lexical_terms(word):
                weights[term] += KEYWORD_WEIGHT
    names = entities(f"{article.title}. {lead}")
    for name in names:
        for term in lexical_terms(name):
            weights[term] += ENTITY_WEIGHT
    ranked = sorted(weights.items(), key=lambda item: -item[1])[:MAX_TERMS]  # ties keep insertion order
    top = tuple((term, round(weight, 2)) for term, weight in ranked)
    headline = story_tokens(article.title or lead_of(article.text, HEADLINE_CHARS))
    return StoryQuery(
        article_id=article.id, title=article.title, lead=lead, terms=top, entities=tuple(names),
        numbers=tuple(numbers(f"{article.title}. {lead}")), dates=tuple(dates(f"{article.title}. {lead}")),
        date=article.date, embedding_text=embedding_text(article.title, article.text),
        headline_words=tuple(hashed(headline).tolist()), headline_pairs=tuple(hashed(token_pairs(headline)).tolist()),
    )
