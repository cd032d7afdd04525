"""Related coverage: the similarity-detection pipeline of Vogel, Choi & Meghana (2020, GermanTRC).

1. query building (title, lead, keywords, names, numbers, dates),
2. hybrid candidate retrieval (BM25 over lemmas with tantivy, dense vectors with faiss),
3. re-ranking, a calibrated same-story decision and a calibrated topic-related decision (date-blind), inside an
   optional date window; by default only topic-related hits are kept,
4. near-duplicate collapse, then stories and GermanTRC export.
"""

from ._export import topic_bundle
from ._find import (
    DuplicateGroup,
    RelatedHit,
    RelatedOptions,
    ScoredCandidate,
    candidate_features,
    collapse_duplicates,
    score_candidates,
)
from ._finder import RelatedFinder, find_related
from ._fusion import FEATURES, SameStoryModel, default_model
from ._index import RelatedIndex
from ._query import StoryQuery, build_query, embedding_text
from ._stories import Story, StoryClusterer
from ._topic import TopicModel, default_topic_model

__all__ = [
    "FEATURES",
    "DuplicateGroup",
    "RelatedFinder",
    "RelatedHit",
    "RelatedIndex",
    "RelatedOptions",
    "SameStoryModel",
    "ScoredCandidate",
    "Story",
    "StoryClusterer",
    "StoryQuery",
    "TopicModel",
    "build_query",
    "candidate_features",
    "collapse_duplicates",
    "default_model",
    "default_topic_model",
    "embedding_text",
    "find_related",
    "score_candidates",
    "topic_bundle",
]
