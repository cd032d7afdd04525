"""Cross-checking the check-worthy sentences of an article against its related coverage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..text import Encoder, SentenceSplitter, entities, lexical_terms
from ..types import Article
from ._mismatch import HARD_CONFLICTS, Reason, compare
from ._verdict import DEFAULT_THRESHOLDS, Thresholds, Verdict, decide, similarity

EVIDENCE_ARTICLES = 6
SENTENCES_PER_ARTICLE = 40
SHORTLIST = 4
# how many of the most similar evidence sentences may decide a claim
DECIDING = 2


@dataclass(frozen=True, slots=True)
class Evidence:
    article_id: str
    source: str | None
    sentence: str
    similarity: float
    verdict: Verdict

    def to_dict(self) -> dict[str, object]:
        return {"article_id": self.article_id, "source": self.source, "sentence": self.sentence,
                "similarity": round(self.similarity, 4)}


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    sentence_index: int
    text: str
    verdict: Verdict
    reasons: tuple[Reason, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class _Candidate:
    article: Article
    sentence: str


def _evidence_pool(related: Sequence[Article], splitter: SentenceSplitter) -> list[_Candidate]:
    pool = []
    for article in related[:EVIDENCE_ARTICLES]:
        for sentence in splitter.split(article.text, limit=SENTENCES_PER_ARTICLE):
            if len(sentence.text) > 20:
                pool.append(_Candidate(article, sentence.text))
    return pool


def _shortlist(claim: str, pool_terms: list[set[str]]) -> list[int]:
    """Evidence sentences sharing the most content words with the claim (cheap, before encoding)."""
    claim_terms = set(lexical_terms(claim))
    shared = [len(claim_terms & terms) for terms in pool_terms]
    order = np.argsort(shared)[::-1][:SHORTLIST]
    return [int(i) for i in order if shared[i] > 0]


def check_claims(claims: Sequence[tuple[int, str]], related: Sequence[Article], encoder: Encoder,
                 splitter: SentenceSplitter | None = None, thresholds: Thresholds = DEFAULT_THRESHOLDS,
                 ) -> list[ClaimCheck]:
    """Verdicts for ``(sentence_index, text)`` claims against the sentences of ``related`` (best first)."""
    pool = _evidence_pool(related, splitter or SentenceSplitter())
    pool_terms = [set(lexical_terms(candidate.sentence)) for candidate in pool]  # once, not once per claim
    shortlists = [_shortlist(text, pool_terms) for _, text in claims]
    needed = sorted({i for shortlist in shortlists for i in shortlist})
    # sentence against sentence is symmetric: both sides are encoded alike (as queries, for e5), in one batch
    encoded = encoder.encode_queries([text for _, text in claims] + [pool[i].sentence for i in needed])
    claim_vectors = encoded[: len(claims)]
    vectors = dict(zip(needed, encoded[len(claims) :], strict=True))
    return [_check_one(index, text, claim_vectors[n], shortlists[n], pool, vectors, thresholds)
            for n, (index, text) in enumerate(claims)]


def _check_one(index: int, text: str, claim_vector: np.ndarray, shortlist: list[int], pool: list[_Candidate],
               vectors: dict[int, np.ndarray], thresholds: Thresholds) -> ClaimCheck:
    if not pool:
        return ClaimCheck(index, text, "no_coverage", (Reason.NO_RELATED_COVERAGE,), ())
    names = entities(text)
    found: list[tuple[Evidence, tuple[Reason, ...]]] = []
    for i in shortlist:
        cosine = float(vectors[i] @ claim_vector)
        comparison = compare(text, pool[i].sentence, names)
        verdict, reasons = decide(cosine, comparison, thresholds)
        score = similarity(cosine, comparison)
        found.append((Evidence(pool[i].article.id, pool[i].article.source, pool[i].sentence, score, verdict),
                      tuple(reasons)))
    decisive = sorted((f for f in found if f[0].verdict != "no_coverage"), key=lambda f: -f[0].similarity)
    if not decisive:
        return ClaimCheck(index, text, "no_coverage", (Reason.NO_MATCHING_SENTENCE,), ())
    # the closest sentences speak to the claim; among them a clear verdict beats "unclear". A hard conflict
    # (other numbers for the same thing, a denial, an opposite) anywhere in the shortlist still contradicts.
    hard = [f for f in decisive if f[0].verdict == "contradicted" and set(f[1]) & HARD_CONFLICTS]
    best = hard[0] if hard else max(decisive[:DECIDING], key=lambda f: (f[0].verdict != "unclear", f[0].similarity))
    evidence = sorted((f[0] for f in decisive), key=lambda e: (e != best[0], -e.similarity))[:3]
    return ClaimCheck(index, text, best[0].verdict, best[1], tuple(evidence))
