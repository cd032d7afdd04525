"""Claim cross-check: supported, contradicted, no coverage or unclear, with the evidence sentence and source."""

from ._check import ClaimCheck, Evidence, check_claims
from ._mismatch import HARD_CONFLICTS, Comparison, Reason, compare
from ._verdict import VERDICTS, Thresholds, Verdict, decide, similarity

__all__ = [
    "HARD_CONFLICTS",
    "VERDICTS",
    "ClaimCheck",
    "Comparison",
    "Evidence",
    "Reason",
    "Thresholds",
    "Verdict",
    "check_claims",
    "compare",
    "decide",
    "similarity",
]
