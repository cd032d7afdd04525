"""Claim cross-check: supported, contradicted, no coverage or unclear, with the evidence sentence and source."""

from ._check import ClaimCheck, Evidence, check_claims
from ._mismatch import Comparison, compare
from ._verdict import VERDICTS, Thresholds, decide, similarity

__all__ = [
    "VERDICTS",
    "ClaimCheck",
    "Comparison",
    "Evidence",
    "Thresholds",
    "check_claims",
    "compare",
    "decide",
    "similarity",
]
