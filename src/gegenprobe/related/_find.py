"""Finding the related coverage of an article (GermanTRC steps 2-4): retrieve, re-rank, decide, collapse."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from ..corpus import CorpusStore, StoredArticle, jaccard, signature
from ..ingest import canonical_url, content_hash
from ..types import Article
from ._fusion import (
    CandidateSignals,
    SameStoryModel,
    coverage,
    days_between,
    feature_matrix,
    overlap,
    weighted_overlap,
)
from ._heads import Head, head_of
from ._index import RelatedIndex
from ._query import StoryQuery, build_query

CANDIDATES = 50
DUPLICATE_JACCARD = 0.6


@dataclass(frozen=True, slots=True)
class RelatedOptions:
    k: int = 10
    min_score: float = 0.0
    days: int | None = None
    exclude_sources: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    candidates: int = CANDIDATES


@dataclass(frozen=True, slots=True)
class RelatedHit:
    """One related article, best first; ``duplicates`` are near-identical copies shown once."""

    id: str
    url: str | None
    source: str | None
    title: str
    date: str | None
    score: float
    same_story: bool
    duplicates: tuple[str, ...] = ()
    rank_score: float = field(default=0.0, compare=False)
    rowid: int = field(default=0, compare=False)  # the store's key, for reading the articles in one query

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "url": self.url, "source": self.source, "title": self.title, "date": self.date,
                "score": round(self.score, 4), "same_story": self.same_story, "duplicates": list(self.duplicates)}


Ranked = dict[int, tuple[float, int]]


def _candidates(query: StoryQuery, index: RelatedIndex, n: int) -> tuple[Ranked, Ranked, np.ndarray | None]:
    """Lexical and dense candidates as ``{rowid: (score, rank)}``, and the query vector."""
    lexical = index.lexical.search(query.weighted_terms, n)
    vector = index.encoder.encode_queries([query.embedding_text])[0] if query.embedding_text else None
    dense = index.dense.search(vector, n) if vector is not None else []
    return ({r: (s, rank) for rank, (r, s) in enumerate(lexical)},
            {r: (s, rank) for rank, (r, s) in enumerate(dense)}, vector)


def _cosine(a: np.ndarray | None, b: np.ndarray | None) -> float:
    return float(a @ b) if a is not None and b is not None else 0.0


def _is_query_itself(query: Article, stored: StoredArticle, query_hash: str) -> bool:
    a = stored.article
    same_url = bool(query.url and a.url and canonical_url(query.url) == canonical_url(a.url))
    return a.id == query.id or same_url or stored.content_hash == query_hash


def _passes_filters(stored: StoredArticle, query: StoryQuery, options: RelatedOptions) -> bool:
    a = stored.article
    if options.sources and a.source not in options.sources:
        return False
    if a.source and a.source in options.exclude_sources:
        return False
    if options.days is not None and query.date:
        if not a.date:
            return False
        centre = date.fromisoformat(query.date[:10])
        if abs(date.fromisoformat(a.date[:10]) - centre) > timedelta(days=options.days):
            return False
    return True


def _signals(query: StoryQuery, stored: StoredArticle, head: Head, lex: tuple[float, int] | None,
             dense_score: float, dense: tuple[float, int] | None) -> CandidateSignals:
    return CandidateSignals(
        bm25=lex[0] if lex else 0.0, lex_rank=lex[1] if lex else None,
        dense=dense_score, dense_rank=dense[1] if dense else None,
        term_overlap=weighted_overlap(query.weighted_terms, head.terms),
        entity_overlap=overlap(query.entities, head.entities),
        number_overlap=overlap(query.numbers, head.numbers),
        days_apart=days_between(query.date, stored.article.date),
        headline_words=coverage(query.headline_words, head.words),
        headline_pairs=coverage(query.headline_pairs, head.pairs),
        headline_lead=coverage(query.headline_words, head.lead_words),
    )


def candidate_features(article: Article, store: CorpusStore, index: RelatedIndex,
                       options: RelatedOptions) -> tuple[list[StoredArticle], np.ndarray]:
    """Admissible candidates of ``article`` and their feature rows (``FEATURES`` columns)."""
    query = build_query(article)
    lexical, dense, vector = _candidates(query, index, options.candidates)
    rowids = list(dict.fromkeys([*lexical, *dense]))
    rows = store.get_rows(rowids)
    vectors = index.dense.vectors([r for r in rowids if r not in dense]) if vector is not None else {}
    heads = index.heads.get(rowids)
    query_hash = content_hash(f"{article.title}\n{article.text}")
    kept, signals = [], []
    for rowid in rowids:
        stored = rows.get(rowid)
        if stored is None or _is_query_itself(article, stored, query_hash):
            continue
        if not _passes_filters(stored, query, options):
            continue
        dense_score = dense[rowid][0] if rowid in dense else _cosine(vectors.get(rowid), vector)
        head = heads.get(rowid) or head_of(stored.article.title, stored.article.text)
        kept.append(stored)
        signals.append(_signals(query, stored, head, lexical.get(rowid), dense_score, dense.get(rowid)))
    return kept, feature_matrix(signals)


def score_candidates(article: Article, store: CorpusStore, index: RelatedIndex, model: SameStoryModel,
                     options: RelatedOptions) -> list[tuple[StoredArticle, float, float]]:
    """``(stored, probability, rank_score)`` for every admissible candidate, best first."""
    kept, features = candidate_features(article, store, index, options)
    if not kept:
        return []
    probabilities = model.predict_proba(features)[:, 1]
    ranking = model.decision_function(features)
    order = np.argsort(-ranking, kind="stable")
    return [(kept[i], float(probabilities[i]), float(ranking[i])) for i in order]


def collapse_duplicates(scored: list[tuple[StoredArticle, float, float]], store: CorpusStore | None = None,
                        groups_wanted: int | None = None) -> list[tuple[StoredArticle, float, float, list[str]]]:
    """Group near-identical copies (stored near-duplicate marks, or MinHash Jaccard >= 0.6); keep the best.

    Signatures come from the store when it has them; with ``groups_wanted`` the walk stops once that many
    groups are found (copies ranked below the last shown group are then not listed)."""
    stored_sigs = store.signatures(s.rowid for s, _, _ in scored) if store is not None else {}
    groups: list[tuple[StoredArticle, float, float, list[str]]] = []
    signatures: list[np.ndarray] = []
    for stored, probability, rank in scored:
        sig = stored_sigs.get(stored.rowid)
        sig = signature(stored.article.text) if sig is None else sig
        group_key = stored.near_duplicate_of or stored.article.id
        for index, (head, _, _, copies) in enumerate(groups):
            head_key = head.near_duplicate_of or head.article.id
            if group_key == head_key or jaccard(sig, signatures[index]) >= DUPLICATE_JACCARD:
                copies.append(stored.article.id)
                break
        else:
            if groups_wanted is not None and len(groups) == groups_wanted:
                break
            groups.append((stored, probability, rank, []))
            signatures.append(sig)
    return groups


def rank_related(article: Article, store: CorpusStore, index: RelatedIndex, model: SameStoryModel,
                 options: RelatedOptions | None = None) -> list[RelatedHit]:
    """The related coverage of ``article`` in the corpus, best first, near-duplicates collapsed.

    Example:
        >>> hits = rank_related(article, store, index, default_model(), RelatedOptions(k=5))  # doctest: +SKIP
    """
    options = options or RelatedOptions()
    scored = score_candidates(article, store, index, model, options)
    hits = []
    admissible = [entry for entry in scored if entry[1] >= options.min_score]
    for stored, probability, rank, copies in collapse_duplicates(admissible, store, options.k):
        a = stored.article
        hits.append(RelatedHit(a.id, a.url, a.source, a.title, a.date, probability,
                               probability >= model.threshold, tuple(copies), rank, stored.rowid))
    return hits
