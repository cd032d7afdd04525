"""Stylistic and rhetorical signals: measured per text, used as features and shown as reasons."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

_WORD = re.compile(r"\b\w[\w-]*\b")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_CAPS_WORD = re.compile(r"\b[A-ZÄÖÜ]{4,}\b")
_ABBREVIATION = re.compile(r"^(?:[A-ZÄÖÜ]{2,5}|COVID|CORONA)$")
_QUOTE = re.compile(r'"[^"\n]{3,300}"')
_NUMBER = re.compile(r"\b\d[\d.,]*\b")
_SECOND_PERSON = re.compile(r"\b(Sie|Ihnen|Ihr|Ihre|euch|ihr)\b")
_FIRST_PLURAL = re.compile(r"\b(wir|uns|unser\w*)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Lexicon:
    name: str
    label: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def lexicons() -> tuple[Lexicon, ...]:
    data = tomllib.loads(resources.files("gegenprobe.detect").joinpath("signals.toml").read_text("utf-8"))
    return tuple(
        Lexicon(entry["name"], entry["label"],
                re.compile(r"\b(?:" + "|".join(entry["patterns"]) + r")\b", re.IGNORECASE))
        for entry in data["signal"]
    )


SIGNAL_NAMES = (
    "loaded", "hedge", "conspiracy", "sensational", "attribution",
    "exclamation", "question", "caps", "quotes", "numbers", "second_person", "first_plural",
)
LABELS = {
    "exclamation": "viele Ausrufezeichen",
    "question": "rhetorische Fragen",
    "caps": "Wörter in Großbuchstaben",
    "quotes": "wörtliche Zitate",
    "numbers": "Zahlen und Daten",
    "second_person": "direkte Ansprache der Leser",
    "first_plural": "Wir-gegen-die-Rhetorik",
    **{lexicon.name: lexicon.label for lexicon in lexicons()},
}


@dataclass(frozen=True, slots=True)
class SignalReport:
    """Signal rates per 100 words (per sentence for punctuation), and the words that triggered them."""

    values: dict[str, float]
    evidence: dict[str, tuple[str, ...]]

    def vector(self) -> np.ndarray:
        return np.array([self.values[name] for name in SIGNAL_NAMES], dtype=np.float64)


def measure(text: str) -> SignalReport:
    """Measure every signal of ``text``."""
    words = max(len(_WORD.findall(text)), 1)
    sentences = max(len(_SENTENCE_END.findall(text)), 1)
    values: dict[str, float] = {}
    evidence: dict[str, tuple[str, ...]] = {}
    for lexicon in lexicons():
        found = [m.group() for m in lexicon.pattern.finditer(text)]
        values[lexicon.name] = 100 * len(found) / words
        evidence[lexicon.name] = tuple(dict.fromkeys(f.lower() for f in found))[:5]
    caps = [w for w in _CAPS_WORD.findall(text) if not _ABBREVIATION.match(w)]
    values["exclamation"] = text.count("!") / sentences
    values["question"] = text.count("?") / sentences
    values["caps"] = 100 * len(caps) / words
    evidence["caps"] = tuple(dict.fromkeys(caps))[:5]
    values["quotes"] = len(_QUOTE.findall(text)) / sentences
    values["numbers"] = 100 * len(_NUMBER.findall(text)) / words
    values["second_person"] = 100 * len(_SECOND_PERSON.findall(text)) / words
    values["first_plural"] = 100 * len(_FIRST_PLURAL.findall(text)) / words
    return SignalReport(values, evidence)


def signal_matrix(texts: list[str]) -> np.ndarray:
    return np.vstack([measure(text).vector() for text in texts]) if texts else np.zeros((0, len(SIGNAL_NAMES)))
