"""What every detector sees of an article: outlet traces scrubbed, length capped, the headline kept apart."""

from __future__ import annotations

from collections.abc import Sequence

from ._scrub import scrub

# long articles add little beyond their first pages and cost time (bench/detect_eval.py)
MAX_CHARS = 6000


# dash and ellipsis glyphs are house style (the CMS), not rhetoric
_TYPOGRAPHY = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2012": "-", "\u2026": "..."})


def split_headline(text: str) -> tuple[str, str]:
    """The detector's input is ``headline + blank line + body``; a text without a blank line is all body."""
    headline, blank, body = text.partition("\n\n")
    return (headline, body) if blank else ("", text)


def prepare(texts: Sequence[str]) -> list[str]:
    """What every model sees: outlet traces scrubbed, length capped, the headline kept apart."""
    prepared = []
    for text in texts:
        headline, body = split_headline(text[:MAX_CHARS])
        prepared.append(f"{scrub(headline).translate(_TYPOGRAPHY)}\n\n{scrub(body)}")
    return prepared
