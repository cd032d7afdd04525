"""Scoring articles: probability, GermanFakeNC-style rating, notable signals and scored sentences."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..text import SentenceSplitter, entities
from ..types import Article
from ._checkworthy import CheckworthyModel, default_checkworthy_model
from ._explain import SignalFinding, checkworthiness, notable_signals
from ._signals import LABELS, measure
from ._splits import model_input
from ._store import DetectorBundle

MAX_SENTENCES = 300
# a sentence's suspicion: half the article's probability, half the model applied to the sentence itself
ARTICLE_SHARE = 0.5
SIGNAL_BUMP = 0.1


def rating_of(p_fake: float) -> float:
    """GermanFakeNC-style rating: 0.1 (no disinformation) ... 0.5 (ambivalent) ... 1.0 (strongly)."""
    return min(1.0, max(0.1, math.ceil(round(p_fake * 10, 6)) / 10))


@dataclass(frozen=True, slots=True)
class Notice:
    """A caveat about a score: a stable machine code for programs and a German text for people."""

    code: str
    text: str


@dataclass(frozen=True, slots=True)
class SentenceScore:
    index: int
    text: str
    start: int
    end: int
    p_false: float
    check_worthy: bool
    reasons: tuple[str, ...]
    p_check_worthy: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return {"index": self.index, "text": self.text, "p_false": round(self.p_false, 4),
                "check_worthy": self.check_worthy, "p_check_worthy": round(self.p_check_worthy, 4),
                "reasons": list(self.reasons)}


@dataclass(frozen=True, slots=True)
class ArticleScore:
    p_fake: float
    rating: float
    label: str
    signals: tuple[SignalFinding, ...]
    sentences: tuple[SentenceScore, ...]
    warnings: tuple[Notice, ...] = ()

    def top_sentences(self, n: int = 8, at_least: int = 0) -> list[SentenceScore]:
        """The check-worthy sentences, most check-worthy first (ties: the more suspicious first); with
        ``at_least``, filled up with the next most check-worthy sentences (an article whose claims all read as
        opinion still gets its strongest candidates cross-checked)."""
        ranked = sorted(self.sentences, key=lambda s: (-s.p_check_worthy, -s.p_false))
        worthy = [s for s in ranked if s.check_worthy]
        filler = [s for s in ranked if not s.check_worthy][: max(0, min(at_least, n) - len(worthy))]
        return (worthy + filler)[:n]

    def to_dict(self) -> dict[str, object]:
        return {"p_fake": round(self.p_fake, 4), "rating": self.rating, "label": self.label,
                "signals": [s.to_dict() for s in self.signals], "warnings": [w.text for w in self.warnings],
                "warning_codes": [w.code for w in self.warnings]}


def _sentence_reasons(text: str, p_model: float) -> tuple[list[str], float]:
    report = measure(text)
    reasons, bump = [], 0.0
    for name in ("loaded", "hedge", "conspiracy", "sensational"):
        if report.evidence.get(name):
            reasons.append(f"{LABELS[name]}: {', '.join(report.evidence[name][:3])}")
            bump += SIGNAL_BUMP
    if p_model >= 0.7:
        reasons.append(f"Wortwahl typisch für Desinformation ({p_model:.2f})")
    return reasons, bump


def score_sentences(article: Article, bundle: DetectorBundle, p_article: float, splitter: SentenceSplitter,
                    checkworthy: CheckworthyModel) -> tuple[SentenceScore, ...]:
    sentences = splitter.split(article.text, limit=MAX_SENTENCES)
    if not sentences:
        return ()
    texts = [s.text for s in sentences]
    names = [entities(text) for text in texts]
    p_model = bundle.detector.predict_proba(texts)[:, 1]
    p_worthy = checkworthy.predict(texts)
    scored = []
    for sentence, sentence_names, p, worthy in zip(sentences, names, p_model, p_worthy, strict=True):
        worth = checkworthiness(sentence.text, sentence_names)
        reasons, bump = _sentence_reasons(sentence.text, float(p))
        p_false = min(1.0, ARTICLE_SHARE * p_article + (1 - ARTICLE_SHARE) * float(p) + bump)
        scored.append(SentenceScore(sentence.index, sentence.text, sentence.start, sentence.end, p_false,
                                    bool(worthy >= checkworthy.threshold), tuple(reasons) + worth.reasons,
                                    float(worthy)))
    return tuple(scored)


def _warnings(article: Article) -> tuple[Notice, ...]:
    notes = []
    if article.language != "de":
        notes.append(Notice("not_german", f"Der Text ist nicht deutsch (Sprache {article.language!r}); das Modell "
                                          "kennt nur deutsche Nachrichten."))
    if len(article.text) < 300:
        notes.append(Notice("short_text", "Sehr kurzer Text: die Bewertung stützt sich auf wenig."))
    if not article.title.strip():
        notes.append(Notice("no_title", "Ohne Überschrift bewertet: die Bewertung stützt sich nur auf den Text."))
    return tuple(notes)


UNCERTAIN = Notice("uncertain", "Einschätzung unsicher: Text unähnlich den Trainingsdaten. Teilmodelle, denen je "
                                "eine Quelle der Trainingsdaten fehlt, urteilen verschieden; die Bewertung ist daher "
                                "auf „ambivalent“ (0,5) gesetzt.")


# the model reads word use learned from 13 outlets; when it calls an article real while this many groups of
# rhetorical signals stand out, the reader should hear both
DISAGREEING_SIGNALS = 3


def _disagreement(label: str, signals: tuple[SignalFinding, ...]) -> tuple[Notice, ...]:
    if label != "real" or len(signals) < DISAGREEING_SIGNALS:
        return ()
    names = ", ".join(s.label for s in signals[:4])
    return (Notice("signals_disagree", f"Das Modell sieht wenig Anzeichen, aber {len(signals)} rhetorische "
                                       f"Warnsignale fallen auf ({names}): bitte selbst prüfen."),)


def verdict(p_fake: float, uncertain: bool) -> tuple[float, str]:
    """Rating and label of a probability: an uncertain score is rated ambivalent (0.5) whatever its side."""
    if uncertain:
        return 0.5, "uncertain"
    return rating_of(p_fake), "fake" if p_fake >= 0.5 else "real"


def score_article(article: Article, bundle: DetectorBundle | None = None,
                  splitter: SentenceSplitter | None = None, checkworthy: CheckworthyModel | None = None,
                  ) -> ArticleScore:
    """Score one article with the shipped (or given) detector.

    Raises:
        InputError: the article has no text at all.

    Example:
        >>> score = score_article(article)  # doctest: +SKIP
        >>> score.rating, [s.text for s in score.top_sentences(3)]  # doctest: +SKIP
    """
    if not (article.title.strip() or article.text.strip()):
        raise InputError("the article has no text to score", article.id)
    bundle = bundle or DetectorBundle.default()
    p_values, doubts = bundle.detector.assess([model_input(article)])
    p_fake, uncertain = float(p_values[0]), bool(doubts[0])
    signals = notable_signals(measure(model_input(article)), bundle.signal_mean, bundle.signal_std)
    sentences = score_sentences(article, bundle, p_fake, splitter or SentenceSplitter(),
                                checkworthy or default_checkworthy_model())
    rating, label = verdict(p_fake, uncertain)
    warnings = _warnings(article) + ((UNCERTAIN,) if uncertain else ()) + _disagreement(label, signals)
    return ArticleScore(p_fake, rating, label, signals, sentences, warnings)


def score_texts(texts: Sequence[str], bundle: DetectorBundle) -> tuple[np.ndarray, np.ndarray]:
    """Calibrated probabilities and uncertainty flags for many texts at once (the fast path of `gegenprobe score`).
    Texts are laid out as :func:`model_input` does: headline, blank line, body; a text without a blank line is read
    as body only."""
    if not texts:
        return np.zeros(0), np.zeros(0, dtype=bool)
    return bundle.detector.assess(list(texts))
