"""Claim verdicts from similarity and explicit mismatch signals; `unclear` rather than a guess."""

from __future__ import annotations

from typing import Literal, get_args

from ..settings import CrosscheckSettings
from ._mismatch import Comparison, Reason

Verdict = Literal["supported", "contradicted", "no_coverage", "unclear"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)


# the thresholds are settings (``Settings.crosscheck``), built at the edge like every other
Thresholds = CrosscheckSettings
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
