"""Lexical terms, names and numbers of a German text: the analysis detect, related and crosscheck share."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from ._lemmas import lemma
from ._lexicon import split_compound

_TOKEN = re.compile(r"[A-Za-zÄÖÜäöüß][\wÄÖÜäöüß]*(?:-[\wÄÖÜäöüß]+)*|\d+(?:[.,]\d+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n)\"?$")
# thousands grouped by a dot or a (narrow, no-break) space: "38.000", "30 000", "300\u202f000"
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?!\d)(?:,\d+)?|"
                     r"(?<![\w.,])\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?![\d-])(?:,\d+)?|"  # not "3 100-Jährige"
                     r"(?<![\w.,])\d+(?:,\d+)?(?![\w])")
_GROUP_SPACE = re.compile(r"(?<=\d)[\u00a0\u202f ](?=\d{3})")


@lru_cache(maxsize=8)
def _word_list(name: str) -> frozenset[str]:
    text = resources.files("gegenprobe.text").joinpath(name).read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def stopwords() -> frozenset[str]:
    return _word_list("stopwords_de.txt")


def gazetteer() -> frozenset[str]:
    """Known names (people, places, organisations), one per line in ``gazetteer_de.txt``."""
    return _word_list("gazetteer_de.txt")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@lru_cache(maxsize=500_000)
def _term(token: str) -> str:
    return lemma(token).lower()


# CharSplit scores above this were real compounds in our checks ("Impfstoff|Hersteller" 0.93, "Brü|cke" -2.7)
_SPLIT_SCORE = 0.5


@lru_cache(maxsize=500_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """Parts of a German compound noun, lower-cased (``Impfstoffhersteller`` -> ``impfstoff``, ``hersteller``);
    empty for words that are not compounds. Linking elements stay; the stemmer of the index folds them."""
    if len(word) < 10 or not word[:1].isupper() or "-" in word:
        return ()
    score, head, tail = split_compound(word)[0]
    if score < _SPLIT_SCORE:
        return ()
    return (head.lower(), *(compound_parts(tail) or (tail.lower(),)))


def lexical_terms(text: str) -> list[str]:
    """Lower-cased lemmas without stopwords; compounds (hyphenated or closed) also give their parts.

    >>> lexical_terms("Die Theodor-Heuss-Brücke wurde gesperrt.")
    ['theodor-heuss-brücke', 'theodor', 'heuss', 'brücke', 'sperren']
    """
    stop = stopwords()
    terms: list[str] = []
    for token in tokens(text):
        if "-" in token:
            terms.append(token.lower())
            terms.extend(_term(part) for part in token.split("-") if part.lower() not in stop and len(part) > 1)
        elif token.lower() not in stop and len(token) > 1:
            terms.append(_term(token))
            terms.extend(compound_parts(token))
    return terms


def entities(text: str) -> list[str]:
    """Likely names: gazetteer entries, and capitalised words that are not at a sentence start and not a
    common noun (a noun that also occurs lower-case in the text counts as common), joined into multiword names.
    """
    known = gazetteer()
    stop = stopwords()
    found: list[str] = []
    current: list[str] = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        at_start = bool(_SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]))
        is_name = word in known or (
            word[:1].isupper() and not at_start and word.lower() not in stop
            and ((word.isupper() and len(word) > 1) or ("-" in word and word.split("-")[0] in known))
        )
        if is_name:
            current.append(word)
            continue
        if current:
            found.append(" ".join(current))
            current = []
    if current:
        found.append(" ".join(current))
    return list(dict.fromkeys(found))


def numbers(text: str) -> list[str]:
    """Numbers as written (``38.000``, ``6,20``, ``2026``); thousands grouped by spaces as by dots ("30 000" ->
    ``30.000``), so that both spellings compare equal."""
    return list(dict.fromkeys(_GROUP_SPACE.sub(".", n) for n in _NUMBER.findall(text)))


def clear_caches() -> None:
    """Empty the memo caches of lemmas, terms and compound parts (they grow with the texts seen)."""
    for cached in (_term, compound_parts, lemma):
        cached.cache_clear()
