"""Cross-checking the check-worthy sentences of an article against its related coverage: each claim against the
best-matching sentences of every related article, one verdict per claim from all of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..text import Encoder, SentenceSplitter
from ..types import Article
from ._mismatch import HARD_CONFLICTS, Reason
from ._pair import PAIR_FEATURES, ClaimContent, claim_content, compare_contents, pair_features
from ._verdict import Verdict
from ._verifier import PairModel, default_pair_model

EVIDENCE_ARTICLES = 6
SENTENCES_PER_ARTICLE = 40
# the evidence sentences a claim is compared with: the best few by shared content words, at most two per article
SHORTLIST, PER_ARTICLE = 6, 2
SHOWN = 5
# evidence about the claim's subject (a third of its content, half of its key nouns, or one of its names) makes an
# unsettled claim "unclear" rather than "no coverage"
ABOUT_THE_SUBJECT = 0.34
# the share of the claim's content the evidence must cover for a conflict to contradict it: a denial or an
# opposite where it says much the same, a negation or swapped roles where it says nearly the same words
SAME_STATEMENT = 0.5
NEARLY_THE_SAME = 0.8
_COSINE = PAIR_FEATURES.index("cosine")
_COVERAGE = PAIR_FEATURES.index("claim_coverage")
_NAMES = PAIR_FEATURES.index("name_coverage")
_NOUNS = PAIR_FEATURES.index("noun_coverage")
_PHRASES = PAIR_FEATURES.index("phrase_coverage")
# a sentence that repeats the claim word for word is a copy of this article's text (alternative outlets republish
# each other), not an independent confirmation: on a real check, all 9 "supported" claims of 8 fake-outlet
# articles were such copies
VERBATIM = 0.9

Stance = Literal["supports", "contradicts", "copy", "related"]


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence of the checked article: its index in the article and its text."""

    index: int
    text: str


@dataclass(frozen=True, slots=True)
class Evidence:
    article_id: str
    source: str | None
    sentence: str
    similarity: float
    stance: Stance
    probability: float = 0.0  # of the stance (support or contradiction) by the verifier
    conflicts: tuple[Reason, ...] = ()  # the explicit conflicts behind a contradiction

    def to_dict(self) -> dict[str, object]:
        return {"article_id": self.article_id, "source": self.source, "sentence": self.sentence,
                "similarity": round(self.similarity, 4), "stance": self.stance,
                "probability": round(self.probability, 4)}


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """One claim's verdict from all its evidence; ``evidence`` lists contradicting sentences first. Outlets are
    counted once however many of their sentences agree (agency copies were collapsed before)."""

    sentence_index: int
    text: str
    verdict: Verdict
    reasons: tuple[Reason, ...]
    evidence: tuple[Evidence, ...]
    supporting_outlets: int = 0
    contradicting_outlets: int = 0

    @property
    def only_in_this_article(self) -> bool:
        """No other outlet in the related coverage states the claim: for a fact-checker a finding in itself."""
        return self.supporting_outlets == 0


@dataclass(frozen=True, slots=True)
class _Candidate:
    article: Article
    sentence: str
    content: ClaimContent


def _evidence_pool(related: Sequence[Article], splitter: SentenceSplitter) -> list[_Candidate]:
    pool = []
    for article in related[:EVIDENCE_ARTICLES]:
        for sentence in splitter.split(article.text, limit=SENTENCES_PER_ARTICLE):
            if len(sentence.text) > 20:
                pool.append(_Candidate(article, sentence.text, claim_content(sentence.text)))
    return pool


def _shortlist(claim: ClaimContent, pool: list[_Candidate]) -> list[int]:
    """Evidence sentences sharing the most content words with the claim, at most ``PER_ARTICLE`` per article."""
    shared = [len(claim.terms & candidate.content.terms) for candidate in pool]
    chosen: list[int] = []
    per_article: dict[str, int] = {}
    for i in np.argsort([-n for n in shared], kind="stable"):  # ties: the better-ranked article first
        article = pool[i].article.id
        if shared[i] == 0 or len(chosen) == SHORTLIST:
            break
        if per_article.get(article, 0) < PER_ARTICLE:
            per_article[article] = per_article.get(article, 0) + 1
            chosen.append(int(i))
    return chosen


def check_claims(claims: Sequence[Claim], related: Sequence[Article], encoder: Encoder,
                 splitter: SentenceSplitter | None = None, model: PairModel | None = None) -> list[ClaimCheck]:
    """Verdicts for ``claims`` against the sentences of ``related`` (best first)."""
    model = model or default_pair_model()
    pool = _evidence_pool(related, splitter or SentenceSplitter())
    contents = [claim_content(claim.text) for claim in claims]
    shortlists = [_shortlist(content, pool) for content in contents]
    needed = sorted({i for shortlist in shortlists for i in shortlist})
    # sentence against sentence is symmetric: both sides are encoded alike (as queries, for e5), in one batch
    encoded = encoder.encode_queries([c.text for c in contents] + [pool[i].content.text for i in needed])
    vectors = dict(zip(needed, encoded[len(claims) :], strict=True))
    return [_check_one(claim, content, encoded[n], shortlists[n], pool, vectors, model)
            for n, (claim, content) in enumerate(zip(claims, contents, strict=True))]


def _check_one(claim: Claim, content: ClaimContent, claim_vector: np.ndarray, shortlist: list[int],
               pool: list[_Candidate], vectors: dict[int, np.ndarray], model: PairModel) -> ClaimCheck:
    if not pool:
        return ClaimCheck(claim.index, claim.text, "no_coverage", (Reason.NO_RELATED_COVERAGE,), ())
    if not shortlist:
        return ClaimCheck(claim.index, claim.text, "no_coverage", (Reason.NO_MATCHING_SENTENCE,), ())
    comparisons = [compare_contents(content, pool[i].content) for i in shortlist]
    rows = np.vstack([pair_features(content, pool[i].content, float(vectors[i] @ claim_vector), comparison)
                      for i, comparison in zip(shortlist, comparisons, strict=True)])
    probabilities = model.predict_proba(rows)
    evidence = [_evidence(content, pool[i], row, p, model, comparison.conflicts)
                for i, row, p, comparison in zip(shortlist, rows, probabilities, comparisons, strict=True)]
    return _aggregate(claim, content, evidence)


def _evidence(claim: ClaimContent, candidate: _Candidate, row: np.ndarray, p: np.ndarray, model: PairModel,
              every_conflict: list[Reason]) -> Evidence | None:
    """The evidence sentence with its stance, or None when it is not about the claim's subject."""
    decided = pair_stance(claim, row, p, model, every_conflict)
    if decided.stance is None:
        return None
    article = candidate.article
    return Evidence(article.id, article.source, candidate.sentence, float(row[_COSINE]),
                    decided.stance, decided.probability, decided.conflicts)


@dataclass(frozen=True, slots=True)
class PairStance:
    """What one evidence sentence does to a claim: ``stance`` None when it is not about the claim's subject."""

    stance: Stance | None
    probability: float
    conflicts: tuple[Reason, ...] = ()


def pair_stance(claim: ClaimContent, row: np.ndarray, p: np.ndarray, model: PairModel,
                every_conflict: list[Reason]) -> PairStance:
    """The stance of one evidence sentence from its ``PAIR_FEATURES`` row, the verifier's probabilities ``p`` and
    the explicit conflicts of the pair (the benchmark scores pairs with this same function)."""
    conflicts = _decisive(every_conflict, claim, row[_COVERAGE])
    # (a decisive conflict needs at least ABOUT_THE_SUBJECT coverage, so it is always about the subject)
    about = row[_COVERAGE] >= ABOUT_THE_SUBJECT or row[_NOUNS] >= 0.5 or row[_NAMES] > 0
    # a contradiction also needs an explicit conflict on the same subject that the user can be shown: real pairs
    # hold almost none to learn the class from (8 of 2,683), and on 8 real fake-outlet articles the model's guess
    # with a bare "nicht" in one sentence called 10 claims contradicted, none rightly
    if p[1] >= model.contradict_threshold and p[1] >= p[0] and conflicts and about:
        return PairStance("contradicts", float(p[1]), tuple(conflicts))
    # a conflict of any kind (a denial, other numbers, a "nicht") never lets the evidence count as support
    if model.supports(row, p) and not every_conflict:
        # the claim's wording, in order, inside the evidence (an added "berichtet RT" does not make it independent)
        verbatim = row[_PHRASES] >= VERBATIM and row[_COVERAGE] >= VERBATIM
        return PairStance("copy" if verbatim else "supports", float(p[0]))
    return PairStance("related" if about else None, float(p[0]))


def _decisive(conflicts: list[Reason], claim: ClaimContent, coverage: float) -> list[Reason]:
    """The conflicts that may make a contradiction, each only where the evidence covers enough of the claim to be
    about the same statement: other numbers where it is about the subject, a denial or an opposite where it says
    much the same, a negation or swapped roles only where it says nearly the same words of a whole sentence. (On
    2,683 real labelled pairs the looser rule called 36 pairs contradicted, none rightly: mostly a "nicht" in a
    sentence on another aspect, at coverage 0.5 to 0.7.)"""
    needed = {Reason.OTHER_NUMBERS: ABOUT_THE_SUBJECT, Reason.DENIAL: SAME_STATEMENT, Reason.OPPOSITE: SAME_STATEMENT}
    # a fragment (cut off at either end) asserts nothing whole that a negation or swapped roles could contradict
    return [c for c in conflicts
            if coverage >= needed.get(c, NEARLY_THE_SAME) and (c in HARD_CONFLICTS or claim.whole)]


def _outlets(evidence: list[Evidence], stance: Stance) -> int:
    """Distinct outlets; articles without a known source count as one (their independence is unknown)."""
    return len({e.source or "" for e in evidence if e.stance == stance})


def _aggregate(claim: Claim, content: ClaimContent, found: list[Evidence | None]) -> ClaimCheck:
    """Contradiction anywhere wins (the supporting sources are listed too); then support; evidence about the
    subject that settles nothing is "unclear"; nothing about the subject is "no coverage"."""
    evidence = [e for e in found if e is not None]
    order = {"contradicts": 0, "supports": 1, "copy": 2, "related": 3}
    evidence.sort(key=lambda e: (order[e.stance], -e.probability))
    supporting, contradicting = _outlets(evidence, "supports"), _outlets(evidence, "contradicts")
    shown = tuple(evidence[:SHOWN])
    if contradicting:
        first = next(e for e in evidence if e.stance == "contradicts")
        reasons = first.conflicts or (Reason.CONTRADICTED,)
        return ClaimCheck(claim.index, claim.text, "contradicted", reasons, shown, supporting, contradicting)
    if supporting:
        reasons = (Reason.SAME_STATEMENT, Reason.CLAIM_HEDGED) if content.hedged else (Reason.SAME_STATEMENT,)
        return ClaimCheck(claim.index, claim.text, "supported", reasons, shown, supporting, 0)
    if any(e.stance == "copy" for e in evidence):
        return ClaimCheck(claim.index, claim.text, "unclear", (Reason.ONLY_COPIES,), shown, 0, 0)
    if evidence:
        return ClaimCheck(claim.index, claim.text, "unclear", (Reason.SIMILAR_UNCLEAR,), shown, 0, 0)
    return ClaimCheck(claim.index, claim.text, "no_coverage", (Reason.NO_MATCHING_SENTENCE,), (), 0, 0)

