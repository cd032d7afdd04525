from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from gegenprobe.detect import DetectorBundle, score_article, verdict
from gegenprobe.errors import InputError
from gegenprobe.types import Article

from .conftest import FAKE, REAL

FAKE_ARTICLE = Article(
    id="f", title="SKANDAL um die Brücke",
    text="Was die Systemmedien verschweigen: Die Brücke in Mainz ist angeblich einsturzgefährdet! "
         "Wie Insider berichten, sind zwölf Lager gebrochen. Der Landesbetrieb teilte am Montag mit, "
         "die Brücke sei standsicher. Wer profitiert davon?\n\n" + " ".join(FAKE[:4]),
)


@pytest.mark.parametrize("p, rating", [(0.0, 0.1), (0.04, 0.1), (0.12, 0.2), (0.5, 0.5), (0.51, 0.6), (1.0, 1.0)])
def test_rating_scale(p, rating):
    assert verdict(p, uncertain=False) == (rating, "fake" if p >= 0.5 else "real")
    assert verdict(p, uncertain=True) == (0.5, "uncertain")


class _Doubtful:
    """A detector whose members disagree on every text (what a text unlike the training data gets)."""

    def predict_proba(self, X):
        return np.array([[0.1, 0.9]] * len(X))

    def assess(self, X):
        return np.full(len(X), 0.9), np.ones(len(X), dtype=bool)


def test_an_uncertain_score_is_rated_ambivalent_and_says_why(tiny_bundle):
    bundle = replace(tiny_bundle, detector=_Doubtful())
    score = score_article(FAKE_ARTICLE, bundle)
    assert (score.p_fake, score.rating, score.label) == (0.9, 0.5, "uncertain")
    assert "uncertain" in [w.code for w in score.warnings]
    assert score.to_dict()["label"] == "uncertain"


def test_article_score_with_sentences_and_reasons(tiny_bundle):
    score = score_article(FAKE_ARTICLE, tiny_bundle)
    assert score.label == "fake" and score.rating >= 0.6
    assert {s.name for s in score.signals} & {"loaded", "hedge", "conspiracy"}
    assert [s.index for s in score.sentences] == list(range(len(score.sentences)))
    first = score.sentences[0]
    assert FAKE_ARTICLE.text[first.start : first.end] == first.text
    insider = next(s for s in score.sentences if "Insider" in s.text)
    assert insider.check_worthy and any("Gerüchte" in r for r in insider.reasons)
    question = next(s for s in score.sentences if s.text.endswith("?"))
    assert not question.check_worthy
    top = score.top_sentences(3)
    assert top and all(s.check_worthy for s in top)
    assert top == sorted(top, key=lambda s: (-s.p_check_worthy, -s.p_false))  # most check-worthy first


def test_real_article_scores_low(tiny_bundle):
    score = score_article(Article(id="r", title="Brücke gesperrt", text=" ".join(REAL)), tiny_bundle)
    assert score.label == "real" and score.rating <= 0.4


def test_empty_foreign_and_huge_input(tiny_bundle):
    with pytest.raises(InputError, match="no text"):
        score_article(Article(id="e", title=" ", text=""), tiny_bundle)
    english = score_article(Article(id="en", title="Bridge", text="The bridge is closed.", language="en"),
                            tiny_bundle)
    assert [w.code for w in english.warnings] == ["not_german", "short_text"]
    assert "nicht deutsch" in english.warnings[0].text
    huge = Article(id="h", title="Lang", text="\n\n".join([" ".join(REAL)] * 3000))
    score = score_article(huge, tiny_bundle)
    assert 0 <= score.p_fake <= 1 and len(score.sentences) == 300


def test_the_shipped_model_loads_and_scores():
    bundle = DetectorBundle.default()
    score = score_article(FAKE_ARTICLE, bundle)
    assert 0.0 <= score.p_fake <= 1.0 and score.sentences
    assert bundle.info["seed"] == 13


def test_warnings_carry_codes_and_german_text(tiny_bundle):
    untitled = score_article(Article(id="u", title="", text=" ".join(REAL)), tiny_bundle)
    assert [w.code for w in untitled.warnings] == ["no_title"]
    document = untitled.to_dict()
    assert document["warning_codes"] == ["no_title"]
    assert document["warnings"] == ["Ohne Überschrift bewertet: die Bewertung stützt sich nur auf den Text."]


def test_the_shipped_model_scores_an_article_alike_with_and_without_its_title():
    """Regression (issue 10): the former headline block turned title-less real articles into 'fake'."""
    bundle = DetectorBundle.default()
    for article in (FAKE_ARTICLE, Article(id="r", title="Brücke gesperrt", text=" ".join(REAL))):
        titled = score_article(article, bundle).p_fake
        untitled = score_article(replace(article, title=""), bundle).p_fake
        assert abs(titled - untitled) < 0.1, (article.id, titled, untitled)


def test_a_title_less_one_paragraph_record_scores_like_the_titled_article():
    """Issue 13: dataset records without a title and with all paragraphs in one were scored as another text."""
    bundle = DetectorBundle.default()
    for article in (FAKE_ARTICLE, Article(id="r", title="Brücke gesperrt", text="\n\n".join(REAL))):
        record = replace(article, title="", text=" ".join(article.text.split()))
        titled, flat = score_article(article, bundle).p_fake, score_article(record, bundle).p_fake
        assert abs(titled - flat) < 0.1, (article.id, titled, flat)


def test_check_worthiness_is_a_probability_that_separates_facts_from_opinion():
    from gegenprobe.detect import default_checkworthy_model

    model = default_checkworthy_model()
    fact = "Das Robert-Koch-Institut meldete am Dienstag 23.000 Neuinfektionen in Deutschland."
    opinion = "Das ist doch alles ein einziger Skandal, oder?"
    p_fact, p_opinion = model.predict([fact, opinion])
    assert 0 <= p_opinion < model.threshold <= p_fact <= 1


def test_the_strongest_candidates_are_checked_even_below_the_threshold(tiny_bundle):
    score = score_article(FAKE_ARTICLE, tiny_bundle)
    below = [s for s in score.sentences if not s.check_worthy]
    n = len(score.sentences)
    filled = score.top_sentences(n, at_least=n)
    assert len(filled) == len(score.sentences)
    assert [s.p_check_worthy for s in filled if not s.check_worthy] == sorted(
        (s.p_check_worthy for s in below), reverse=True)


class _Calm:
    """A detector that sees nothing (what the shipped one says of the demo's fabrication)."""

    def predict_proba(self, X):
        return np.array([[0.9, 0.1]] * len(X))

    def assess(self, X):
        return np.full(len(X), 0.1), np.zeros(len(X), dtype=bool)


def test_a_calm_score_beside_loud_signals_says_so(tiny_bundle):
    score = score_article(FAKE_ARTICLE, replace(tiny_bundle, detector=_Calm()))
    assert score.label == "real" and len(score.signals) >= 3
    notice = next(w for w in score.warnings if w.code == "signals_disagree")
    assert "rhetorische Warnsignale" in notice.text
    quiet = Article(id="r", title="Haushalt beschlossen", text=" ".join(REAL * 3))
    calm = score_article(quiet, replace(tiny_bundle, detector=_Calm()))
    assert "signals_disagree" not in [w.code for w in calm.warnings]
