"""Keywords with YAKE (single words; longer phrases were noisy on German in our measurements)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=4)
def _extractor(top: int) -> Any:
    import yake  # here: 0.3 s to import, and only related-coverage queries need keywords

    return yake.KeywordExtractor(lan="de", n=1, top=top, dedupLim=0.9)


def keywords(text: str, top: int = 10) -> list[tuple[str, float]]:
    """The ``top`` keywords of ``text`` with YAKE scores (lower is more important)."""
    if not text.strip():
        return []
    return [(word, float(score)) for word, score in _extractor(top).extract_keywords(text)]
