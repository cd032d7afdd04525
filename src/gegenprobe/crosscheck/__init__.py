"""Claim cross-check: supported, contradicted, no coverage or unclear, with the evidence sentence and source."""

from ._check import Claim, ClaimCheck, Evidence, PairStance, check_claims, pair_stance
from ._mismatch import HARD_CONFLICTS, Comparison, Reason, compare
from ._pair import PAIR_FEATURES, ClaimContent, claim_content, pair_features
from ._verdict import VERDICTS, Thresholds, Verdict, decide, similarity
from ._verifier import CLASSES, PairModel, default_pair_model

__all__ = [
    "CLASSES",
    "HARD_CONFLICTS",
    "PAIR_FEATURES",
    "VERDICTS",
    "Claim",
    "ClaimCheck",
    "ClaimContent",
    "Comparison",
    "Evidence",
    "PairModel",
    "PairStance",
    "Reason",
    "Thresholds",
    "Verdict",
    "check_claims",
    "claim_content",
    "compare",
    "decide",
    "default_pair_model",
    "pair_features",
    "pair_stance",
    "similarity",
]
