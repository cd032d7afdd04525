"""Finding the related coverage of an article (GermanTRC steps 2-4): retrieve, re-rank, decide, collapse."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from ..corpus import CorpusStore, StoredArticle, jaccard, signature
from ..ingest import canonical_url, content_hash
from ..settings import NEAR_DUPLICATE_JACCARD, RelatedSettings
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
from ._query import StoryQuery, build_query, embedding_text
from ._topic import TopicModel, topic_matrix, topic_signals

CANDIDATES = RelatedSettings().candidates


@dataclass(frozen=True, slots=True)
class RelatedOptions:
    k: int = 10
    min_score: float = 0.0
    days: int | None = None
    exclude_sources: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    candidates: int = CANDIDATES
    # copies at least this similar (estimated Jaccard of word 5-shingles) are shown once
    duplicate_threshold: float = NEAR_DUPLICATE_JACCARD
    # keep only topic-related hits (the related coverage); False shows the nearest articles, marked
    topic_only: bool = True


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
    # same issue or chain of events, whatever the date (always true for the same story)
    topic_related: bool = False
    topic_score: float = 0.0
    # the outlet's kind in the source registry (newspaper, fact-checker, alternative ...), "" if not known
    source_kind: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "url": self.url, "source": self.source, "title": self.title, "date": self.date,
                "score": round(self.score, 4), "same_story": self.same_story, "topic_related": self.topic_related,
                "topic_score": round(self.topic_score, 4), "duplicates": list(self.duplicates),
                "source_kind": self.source_kind}


@dataclass(frozen=True, slots=True)
class ScoredCandidate:
    """One admissible candidate: its same-story probability, ranking score and topic-related probability."""

    stored: StoredArticle
    same_story: float
    rank: float
    topic: float = 0.0


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


@dataclass(frozen=True, slots=True)
class Candidates:
    """The admissible candidates of one query with their ranking features (``FEATURES`` columns) and their
    topic features (``TOPIC_FEATURES`` columns, only when asked for)."""

    kept: list[StoredArticle]
    features: np.ndarray
    topic: np.ndarray | None = None


def gather_candidates(article: Article, store: CorpusStore, index: RelatedIndex, options: RelatedOptions,
                      with_topic: bool = False) -> Candidates:
    """Retrieve, filter and describe the candidates of ``article`` (GermanTRC steps 2-3)."""
    query = build_query(article)
    lexical, dense, vector = _candidates(query, index, options.candidates)
    rowids = list(dict.fromkeys([*lexical, *dense]))
    rows = store.get_rows(rowids)
    wanted = rowids if with_topic else [r for r in rowids if r not in dense]
    vectors = index.dense.vectors(wanted) if vector is not None or with_topic else {}
    heads = index.heads.get(rowids)
    query_hash = content_hash(f"{article.title}\n{article.text}")
    kept, signals, kept_heads = [], [], []
    for rowid in rowids:
        stored = rows.get(rowid)
        if stored is None or _is_query_itself(article, stored, query_hash):
            continue
        if not _passes_filters(stored, query, options):
            continue
        dense_score = dense[rowid][0] if rowid in dense else _cosine(vectors.get(rowid), vector)
        head = heads.get(rowid) or head_of(stored.article.title, stored.article.text)
        kept.append(stored)
        kept_heads.append(head)
        signals.append(_signals(query, stored, head, lexical.get(rowid), dense_score, dense.get(rowid)))
    features = feature_matrix(signals)
    if not with_topic:
        return Candidates(kept, features)
    passage = index.encoder.encode([embedding_text(article.title, article.text)])[0] if kept else None
    extra = topic_signals(head_of(article.title, article.text), passage, kept_heads,
                          [vectors.get(s.rowid) for s in kept])
    return Candidates(kept, features, topic_matrix(features, extra))


def candidate_features(article: Article, store: CorpusStore, index: RelatedIndex,
                       options: RelatedOptions) -> tuple[list[StoredArticle], np.ndarray]:
    """Admissible candidates of ``article`` and their feature rows (``FEATURES`` columns)."""
    found = gather_candidates(article, store, index, options)
    return found.kept, found.features


def score_candidates(article: Article, store: CorpusStore, index: RelatedIndex, model: SameStoryModel,
                     options: RelatedOptions, topic_model: TopicModel | None = None) -> list[ScoredCandidate]:
    """Every admissible candidate, best first (topic probability 0 without ``topic_model``)."""
    found = gather_candidates(article, store, index, options, with_topic=topic_model is not None)
    kept, features = found.kept, found.features
    if not kept:
        return []
    probabilities = model.predict_proba(features)[:, 1]
    topics = (topic_model.predict_proba(found.topic)[:, 1] if topic_model is not None and found.topic is not None
              else np.zeros(len(kept)))
    ranking = model.decision_function(features)
    order = np.argsort(-ranking, kind="stable")
    return [ScoredCandidate(kept[i], float(probabilities[i]), float(ranking[i]), float(topics[i])) for i in order]


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """A candidate shown once, with the ids of its near-identical copies."""

    best: ScoredCandidate
    copies: tuple[str, ...]


def collapse_duplicates(scored: list[ScoredCandidate], store: CorpusStore | None = None,
                        groups_wanted: int | None = None, threshold: float = NEAR_DUPLICATE_JACCARD,
                        ) -> list[DuplicateGroup]:
    """Group near-identical copies (stored near-duplicate marks, or MinHash Jaccard >= ``threshold``); keep the
    best.

    Signatures come from the store when it has them; with ``groups_wanted`` the walk stops once that many
    groups are found (copies ranked below the last shown group are then not listed)."""
    stored_sigs = store.signatures(c.stored.rowid for c in scored) if store is not None else {}
    groups: list[tuple[ScoredCandidate, list[str]]] = []
    signatures: list[np.ndarray] = []
    for candidate in scored:
        stored = candidate.stored
        sig = stored_sigs.get(stored.rowid)
        sig = signature(stored.article.text) if sig is None else sig
        group_key = stored.near_duplicate_of or stored.article.id
        for index, (head, copies) in enumerate(groups):
            head_key = head.stored.near_duplicate_of or head.stored.article.id
            if group_key == head_key or jaccard(sig, signatures[index]) >= threshold:
                copies.append(stored.article.id)
                break
        else:
            if groups_wanted is not None and len(groups) == groups_wanted:
                break
            groups.append((candidate, []))
            signatures.append(sig)
    return [DuplicateGroup(best, tuple(copies)) for best, copies in groups]


def rank_related(article: Article, store: CorpusStore, index: RelatedIndex, model: SameStoryModel,
                 options: RelatedOptions | None = None, topic_model: TopicModel | None = None) -> list[RelatedHit]:
    """The related coverage of ``article`` in the corpus, best first, near-duplicates collapsed; with
    ``options.topic_only`` (the default) only topic-related hits.

    Example:
        >>> hits = rank_related(article, store, index, default_model(), RelatedOptions(k=5))  # doctest: +SKIP
    """
    options = options or RelatedOptions()
    hits = []
    admissible = _admissible(article, store, index, model, options, topic_model)
    for group in collapse_duplicates(admissible, store, options.k, options.duplicate_threshold):
        candidate, copies = group.best, group.copies
        a = candidate.stored.article
        topic_related, same_story = _decisions(candidate, model, _topic_model_for(article, topic_model))
        hits.append(RelatedHit(a.id, a.url, a.source, a.title, a.date, candidate.same_story, same_story,
                               tuple(copies), candidate.rank, candidate.stored.rowid, topic_related=topic_related,
                               topic_score=candidate.topic, source_kind=str(a.meta.get("outlet_kind", ""))))
    return hits


def _topic_model_for(article: Article, topic_model: TopicModel | None) -> TopicModel | None:
    """The topic model compares whole articles; a headline alone (a batch query) is left to the same-story model,
    which was fitted on headline queries (bench/related_eval.py)."""
    return topic_model if article.text.strip() else None


def _decisions(candidate: ScoredCandidate, model: SameStoryModel,
               topic_model: TopicModel | None) -> tuple[bool, bool]:
    """``(topic_related, same_story)``. The topic model decides what is related; the same story is a part of
    that. The same-story flag alone flagged 524 of 840 hand-labelled FANG-COVID pairs (78 were the same story,
    bench/topic_eval.py), so it neither makes a hit related nor stands without the topic decision. Without a
    topic model (another encoder, a headline-only query) the same-story flag is all there is."""
    flag = candidate.same_story >= model.threshold
    if topic_model is None:
        return flag, flag
    related = candidate.topic >= topic_model.threshold
    return related, flag and related


def _admissible(article: Article, store: CorpusStore, index: RelatedIndex, model: SameStoryModel,
                options: RelatedOptions, topic_model: TopicModel | None) -> list[ScoredCandidate]:
    scored = score_candidates(article, store, index, model, options, topic_model)
    kept = [c for c in scored if c.same_story >= options.min_score]
    if options.topic_only:
        deciding = _topic_model_for(article, topic_model)
        kept = [c for c in kept if _decisions(c, model, deciding)[0]]
    return kept
