"""The former claim verdicts, from similarity thresholds and explicit mismatch signals: kept as the baseline the
learned verifier is measured against (bench/claim_pairs.py, bench/crosscheck_eval.py); the pipeline does not use
them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from ._mismatch import Comparison, Reason

Verdict = Literal["supported", "contradicted", "no_coverage", "unclear"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision thresholds on the combined similarity (0..1), chosen by grid search on the development half of
    tests/fixtures/claims.jsonl with the e5 encoder (bench/crosscheck_eval.py). Between ``related`` and
    ``contradict`` a pair with a conflict stays ``unclear``."""

    related: float = 0.45  # below: the evidence is about something else
    support: float = 0.45  # at or above, with no conflict: the evidence says the same
    contradict: float = 0.475  # at or above, with a conflict: the evidence says otherwise


DEFAULT_THRESHOLDS = Thresholds()


def similarity(cosine: float, comparison: Comparison) -> float:
    """Combined similarity: the encoder's cosine and the share of the claim's content words in the evidence."""
    return 0.5 * max(cosine, 0.0) + 0.5 * comparison.overlap


def decide(cosine: float, comparison: Comparison,
           thresholds: Thresholds = DEFAULT_THRESHOLDS) -> tuple[Verdict, list[Reason]]:
    """Verdict and reasons for one claim/evidence pair."""
    score = similarity(cosine, comparison)
    conflicts = comparison.conflicts
    # a long claim may hold several statements; a short evidence sentence that is mostly contained in it and
    # conflicts hard (other numbers for the same thing, a denial, an opposite) answers one of them
    contained = 0.5 * max(cosine, 0.0) + 0.5 * comparison.evidence_overlap
    if comparison.hard_conflict and score < thresholds.contradict <= contained:
        return "contradicted", conflicts
    if score < thresholds.related:
        return "no_coverage", []
    if conflicts and score >= thresholds.contradict:
        return "contradicted", conflicts
    if comparison.confirmation and not conflicts and score >= thresholds.related:
        return "supported", [Reason.CONFIRMED]
    if not conflicts and score >= thresholds.support:
        reasons = [Reason.SAME_STATEMENT]
        if comparison.claim_hedged:
            reasons.append(Reason.CLAIM_HEDGED)
        return "supported", reasons
    return "unclear", conflicts or [Reason.SIMILAR_UNCLEAR]
