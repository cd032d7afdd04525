"""Does an evidence sentence state the claim's fact? Features of the claim's content the evidence covers (names,
numbers, key nouns, the predicate) and where the two part (mismatch signals), for a learned pair model.

A topic-similar sentence has a high cosine but covers little of the claim's specific content: the features keep
the two apart, so "same topic, no conflict found" no longer reads as support."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from ..text import actors, asserted_content, entities, lemma, lexical_terms, numbers, stopwords
from ._mismatch import HEDGE, Comparison, compare

PAIR_FEATURES = (
    "cosine", "claim_coverage", "evidence_coverage", "name_coverage", "claim_has_names", "number_coverage",
    "claim_has_numbers", "noun_coverage", "predicate_coverage", "phrase_coverage", "negation_mismatch",
    "number_mismatch", "denial", "antonym", "swapped_roles", "confirmation", "claim_hedged", "evidence_hedged",
    "length_ratio", "cosine_x_coverage", "claim_substance",
)

_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][\wÄÖÜäöüß-]*")


@dataclass(frozen=True, slots=True)
class ClaimContent:
    """What must be covered for a claim to count as stated elsewhere."""

    text: str  # the asserted part, framing removed
    terms: frozenset[str]
    names: tuple[str, ...]
    numbers: tuple[str, ...]
    nouns: frozenset[str]
    predicates: frozenset[str]
    phrases: frozenset[tuple[str, str]]  # consecutive content words: what was said, not only what about
    actors: frozenset[str]  # canonical names of known actors ("Washington" -> "USA")
    hedged: bool
    whole: bool = True  # the sentence as written is complete (not a fragment cut off at either end)

    @property
    def substance(self) -> int:
        """Things a source could confirm: names, numbers and key nouns ("Sie erklärte:" has none)."""
        return len(self.names) + len(self.numbers) + len(self.nouns)


def claim_content(sentence: str) -> ClaimContent:
    """Decompose a sentence into its names, numbers, key nouns and predicate words (lemmas)."""
    text = asserted_content(sentence)
    names = tuple(entities(text))
    name_words = {w.lower() for name in names for w in name.split()}
    stop = stopwords()
    nouns: set[str] = set()
    predicates: set[str] = set()
    content: list[str] = []
    for word in _WORD.findall(text):
        lower = word.lower()
        if lower in stop or len(word) < 3:
            continue
        content.append(lemma(word).lower())
        if lower not in name_words:
            (nouns if word[:1].isupper() else predicates).add(content[-1])
    phrases = frozenset(pairwise(content))
    return ClaimContent(text, frozenset(lexical_terms(text)), names, tuple(numbers(text)), frozenset(nouns),
                        frozenset(predicates), phrases, actors(text), bool(HEDGE.search(text)), _whole(sentence))


def _whole(sentence: str) -> bool:
    """Closing punctuation and no lower-case start, judged on the sentence as written ("Wie Insider berichten, wird
    ..." is whole though its asserted part starts lower-case)."""
    text = sentence.strip()
    return text.endswith((".", "!", "?", '"', "“", "”", "»", "«", "‘", "’")) and not text[:1].islower()


def _named(word: str, evidence_words: set[str]) -> bool:
    """A name's word in the evidence, inflected or as the head of a compound ("Deutschlands" in
    "Westdeutschland"; not "Trump" in "Trumpf" or "Schulz" in "Schulze")."""
    lower, base = word.lower(), lemma(word).lower()
    if lower in evidence_words or base in evidence_words:
        return True
    return len(base) >= 5 and any(other.endswith(base) for other in evidence_words)


def _share(wanted: frozenset[str] | set[str], present: frozenset[str] | set[str]) -> float:
    return len(wanted & present) / len(wanted) if wanted else 0.0


def compare_contents(claim: ClaimContent, evidence: ClaimContent) -> Comparison:
    """The mismatch signals of two asserted contents (the claim's names decide swapped roles)."""
    return compare(claim.text, evidence.text, list(claim.names))


def pair_features(claim: ClaimContent, evidence: ClaimContent, cosine: float,
                  comparison: Comparison | None = None) -> np.ndarray:
    """One row of ``PAIR_FEATURES`` for a claim and an evidence sentence (both from ``claim_content``);
    ``comparison`` when the caller has it already."""
    comparison = comparison or compare_contents(claim, evidence)
    evidence_words = {w.lower() for w in _WORD.findall(evidence.text)} | set(evidence.terms)
    names_found = [n for n in claim.names
                   if all(_named(w, evidence_words) for w in n.split()) or actors(n) & evidence.actors]
    claim_coverage = _share(claim.terms, evidence.terms)
    row = {
        "cosine": max(cosine, 0.0),
        "claim_coverage": claim_coverage,
        "evidence_coverage": _share(evidence.terms, claim.terms),
        "name_coverage": len(names_found) / len(claim.names) if claim.names else 0.0,
        "claim_has_names": float(bool(claim.names)),
        "number_coverage": _share(set(claim.numbers), set(evidence.numbers)),
        "claim_has_numbers": float(bool(claim.numbers)),
        "noun_coverage": _share(claim.nouns, evidence.terms | evidence.nouns),
        "predicate_coverage": _share(claim.predicates, evidence.terms | evidence.predicates),
        "phrase_coverage": len(claim.phrases & evidence.phrases) / len(claim.phrases) if claim.phrases else 0.0,
        "negation_mismatch": float(comparison.negation_mismatch),
        "number_mismatch": float(comparison.number_mismatch),
        "denial": float(comparison.denial),
        "antonym": float(comparison.antonym),
        "swapped_roles": float(comparison.swapped_actors),
        "confirmation": float(comparison.confirmation),
        "claim_hedged": float(claim.hedged),
        "evidence_hedged": float(evidence.hedged),
        "length_ratio": min(len(evidence.text), 600) / max(len(claim.text), 1) / 4,
        "cosine_x_coverage": max(cosine, 0.0) * claim_coverage,
        "claim_substance": min(claim.substance, 4) / 4,
    }
    return np.array([row[name] for name in PAIR_FEATURES], dtype=np.float64)
