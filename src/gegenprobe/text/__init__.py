"""German text processing: normalisation, furniture removal, sentences, lemmas, compounds, language, keywords,
lexical terms, names and numbers, and the sentence encoders.

Pure functions over strings; heavy resources (SoMaJo, HanTa) load lazily into objects the caller holds.
This is the lowest stage: it imports nothing from the other stages.
"""

from ._aliases import actors
from ._analysis import clear_caches, entities, lexical_terms, numbers, stopwords
from ._embed import E5Encoder, Encoder, SentenceTransformerEncoder, USEEncoder, load_encoder
from ._framing import asserted_content
from ._furniture import FurnitureRule, FurnitureRules, remove_furniture
from ._keywords import keywords
from ._language import LanguageGuess, detect_language
from ._lemmas import Tagger, lemma
from ._lexicon import use_cache_dir
from ._normalize import normalize, normalize_line
from ._sentences import Sentence, SentenceSplitter

__all__ = [
    "E5Encoder",
    "Encoder",
    "FurnitureRule",
    "FurnitureRules",
    "LanguageGuess",
    "Sentence",
    "SentenceSplitter",
    "SentenceTransformerEncoder",
    "Tagger",
    "USEEncoder",
    "actors",
    "asserted_content",
    "clear_caches",
    "detect_language",
    "entities",
    "keywords",
    "lemma",
    "lexical_terms",
    "load_encoder",
    "normalize",
    "normalize_line",
    "numbers",
    "remove_furniture",
    "stopwords",
    "use_cache_dir",
]
