"""Lemmas (simplemma for bulk, HanTa where quality matters) and compound splitting (HanTa)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ._lexicon import lemmatize


@lru_cache(maxsize=200_000)
def lemma(token: str) -> str:
    """Fast dictionary lemma of a German token (simplemma).

    >>> lemma("Häuser")
    'Haus'
    """
    return lemmatize(token)


@dataclass(frozen=True, slots=True)
class TaggedToken:
    text: str
    lemma: str
    pos: str

    @property
    def is_proper_noun(self) -> bool:
        return self.pos == "NE"


class Tagger:
    """HanTa morphological tagger: POS tags, better lemmas and compound analysis. Loads lazily."""

    def __init__(self) -> None:
        self._hanta: Any = None

    def _model(self) -> Any:
        if self._hanta is None:
            from HanTa import HanoverTagger

            self._hanta = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
        return self._hanta

    def tag(self, tokens: list[str]) -> list[TaggedToken]:
        if not tokens:
            return []
        return [TaggedToken(t, lem, pos) for t, lem, pos in self._model().tag_sent(tokens, taglevel=1)]

    def split_compound(self, word: str) -> list[str]:
        """Parts of a German compound noun, linking elements dropped.

        ``Verteidigungsministerium`` -> ``['Verteidigung', 'Ministerium']``; a simple word returns itself.
        """
        if len(word) < 8 or not word[:1].isupper():
            return [word]
        _, parts, _ = self._model().analyze(word, taglevel=3)
        nouns = [morph for morph, tag in parts if tag in ("NN", "NE", "ADJ(A)", "VV(INF)") and len(morph) > 2]
        if len(nouns) < 2:
            return [word]
        return [part.capitalize() for part in nouns]
