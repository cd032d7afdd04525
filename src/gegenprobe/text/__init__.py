"""German text processing: normalisation, furniture removal, sentences, lemmas, compounds, language, keywords.

Pure functions over strings; heavy resources (SoMaJo, HanTa) load lazily into objects the caller holds.
This is the lowest stage: it imports nothing from the other stages.
"""

from ._furniture import FurnitureRule, FurnitureRules, default_rules, remove_furniture
from ._keywords import keywords
from ._language import LanguageGuess, detect_language
from ._lemmas import TaggedToken, Tagger, lemma, lemmas
from ._normalize import normalize, normalize_line
from ._sentences import Sentence, SentenceSplitter

__all__ = [
    "FurnitureRule",
    "FurnitureRules",
    "LanguageGuess",
    "Sentence",
    "SentenceSplitter",
    "TaggedToken",
    "Tagger",
    "default_rules",
    "detect_language",
    "keywords",
    "lemma",
    "lemmas",
    "normalize",
    "normalize_line",
    "remove_furniture",
]
