from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from gegenprobe.detect import (
    DetectorBundle,
    DisinformationDetector,
    evaluate_predictions,
    make_split,
    model_input,
    train_detector,
)
from gegenprobe.detect._metrics import expected_calibration_error
from gegenprobe.detect._model import HeadlineFeatures, prepare, split_headline
from gegenprobe.errors import ConfigError, ModelError

from .conftest import FAKE, REAL, tiny_corpus


def test_tiny_training_separates_the_styles(tiny_bundle):
    p = tiny_bundle.detector.predict_proba([" ".join(FAKE[:3]), " ".join(REAL[:3])])[:, 1]
    assert p[0] > 0.5 > p[1]
    assert np.all((p >= 0) & (p <= 1))


def test_calibrated_probabilities_follow_the_outcomes(tiny_bundle):
    corpus = tiny_corpus(seed=99)
    p = tiny_bundle.detector.predict_proba([model_input(a) for a in corpus])[:, 1]
    y = np.array([a.meta["label"] == "fake" for a in corpus], dtype=int)
    assert expected_calibration_error(y, p) < 0.2


def test_estimator_contract():
    detector = DisinformationDetector(C=2.0, char_ngrams=None)
    assert clone(detector).get_params()["C"] == 2.0
    with pytest.raises(NotFittedError):
        detector.predict_proba(["Text"])
    with pytest.raises(ValueError, match="both classes"):
        DisinformationDetector(char_ngrams=None).fit(["a b c"] * 6, [1] * 6)
    with pytest.raises(ValueError, match="calibration"):
        DisinformationDetector(calibration="magic").fit(["a"], [1])


def test_splits_keep_publishers_and_time_apart():
    corpus = tiny_corpus()
    by_publisher = make_split(corpus, "publisher", test_publishers=("echt-a.example", "falsch-a.example"))
    assert {a.source for a in by_publisher.test} == {"echt-a.example", "falsch-a.example"}
    assert not {a.source for a in by_publisher.train} & {"echt-a.example", "falsch-a.example"}
    temporal = make_split(corpus, "temporal")
    assert max(a.date for a in temporal.train) < min(a.date for a in temporal.test)
    with pytest.raises(ConfigError, match="unknown split"):
        make_split(corpus, "weekday")


def test_training_with_a_split_reports_metrics():
    run = train_detector(tiny_corpus(), split="temporal", params={"char_ngrams": None, "folds": 3})
    assert run.metrics["n"] == 36 and run.metrics["accuracy"] > 0.9
    assert set(run.metrics["per_source_accuracy"]) == {f"{k}-{c}.example" for k in ("echt", "falsch")
                                                       for c in "abc"}


def test_unlabelled_data_is_refused():
    corpus = [a.__class__(**{**a.to_dict(), "meta": {}}) for a in tiny_corpus()]
    with pytest.raises(ConfigError, match="label"):
        train_detector(corpus)


def test_save_and_load_roundtrip(tiny_bundle, tmp_path):
    tiny_bundle.save(tmp_path / "m", card="# card")
    assert {p.name for p in (tmp_path / "m").iterdir()} == {
        "model.spec.json.gz", "model.weights.npz", "model.json", "MODEL_CARD.md"}
    loaded = DetectorBundle.load(tmp_path / "m")
    texts = [" ".join(FAKE), " ".join(REAL)]
    assert np.allclose(loaded.detector.predict_proba(texts), tiny_bundle.detector.predict_proba(texts))
    assert (tmp_path / "m" / "MODEL_CARD.md").read_text() == "# card"
    with pytest.raises(ModelError, match="no detector"):
        DetectorBundle.load(tmp_path / "missing")
    for bad_file in ("model.pkl.gz", "model.weights.npz"):
        folder = tmp_path / bad_file.replace(".", "-")
        folder.mkdir()
        (folder / "model.spec.json.gz").write_bytes(b"damaged")
        (folder / bad_file).write_bytes(b"not a pickle or npz")
        (folder / "model.json").write_text("{}")
        with pytest.raises(ModelError, match="cannot be loaded"):
            DetectorBundle.load(folder)


@pytest.mark.parametrize("params", [
    {"char_ngrams": (2, 4), "signals": True, "headline_chars": (2, 3), "calibration": "isotonic"},
    {"nb_weights": "per_fold", "headline_chars": (2, 3)},
    {"nb_weights": None, "signals": True},
])
def test_the_portable_form_predicts_what_the_fitted_estimator_does(params, tmp_path):
    """Every feature block, naive-Bayes variant and calibration survives the pickle-free format."""
    bundle = train_detector(tiny_corpus(), split="all", params={"folds": 3, **params}).bundle
    bundle.save(tmp_path)
    texts = [model_input(a) for a in tiny_corpus(8, seed=11)] + ["Ohne Titel.", "Titel!\n\n" + FAKE[0], ""]
    fitted = bundle.detector.predict_proba(texts)
    portable = DetectorBundle.load(tmp_path).detector.predict_proba(texts)
    assert np.abs(fitted - portable).max() < 1e-6


def test_members_flag_uncertain_texts_and_survive_the_portable_form(tmp_path):
    """One member per outlet left out; the flag is the same from the fitted estimator and the portable form."""
    bundle = train_detector(tiny_corpus(), split="all", params={"folds": 3}).bundle
    assert bundle.detector.member_coef_.shape[0] == 6  # six outlets
    bundle.save(tmp_path)
    texts = [model_input(a) for a in tiny_corpus(8, seed=11)] + ["Ohne Titel.", " ".join(REAL[:2] + FAKE[:2]), ""]
    p_fitted, doubt_fitted = bundle.detector.assess(texts)
    p_portable, doubt_portable = DetectorBundle.load(tmp_path).detector.assess(texts)
    assert np.abs(p_fitted - p_portable).max() < 1e-6
    # the portable members are rounded to int16 steps: a member right at the threshold may tip
    assert sum(a != b for a, b in zip(doubt_fitted, doubt_portable, strict=True)) <= 1
    assert not doubt_fitted[:16].all() and doubt_fitted.dtype == bool


def test_models_pickled_by_earlier_versions_still_load(tiny_bundle, tmp_path):
    import gzip
    import pickle

    tiny_bundle.save(tmp_path / "m")
    for name in ("model.spec.json.gz", "model.weights.npz"):
        (tmp_path / "m" / name).unlink()
    with gzip.open(tmp_path / "m" / "model.pkl.gz", "wb") as stream:
        pickle.dump(tiny_bundle.detector, stream)
    loaded = DetectorBundle.load(tmp_path / "m")
    texts = [" ".join(FAKE), " ".join(REAL)]
    assert np.allclose(loaded.detector.predict_proba(texts), tiny_bundle.detector.predict_proba(texts))
    tiny_bundle.save(tmp_path / "m")  # saving again replaces the pickle
    assert not (tmp_path / "m" / "model.pkl.gz").exists()


def test_metrics_on_known_values():
    report = evaluate_predictions([0, 0, 1, 1], [0.1, 0.6, 0.8, 0.9], ["a", "a", "b", "b"])
    assert report["accuracy"] == 0.75 and report["confusion"]["matrix"] == [[1, 1], [0, 2]]
    assert report["per_source_accuracy"] == {"a": 0.5, "b": 1.0}
    assert report["roc_auc"] == 1.0
    assert expected_calibration_error(np.array([1, 0]), np.array([1.0, 0.0])) == 0.0


def test_naive_bayes_weights_lean_towards_the_class_an_ngram_marks():
    from scipy import sparse

    from gegenprobe.detect._model import NaiveBayesWeights

    # columns: only in fake documents, only in real ones, in both alike
    X = sparse.csr_matrix(np.array([[1, 0, 1], [2, 0, 1], [0, 1, 1], [0, 3, 1]], dtype=np.float32))
    weights = NaiveBayesWeights().fit(X, [1, 1, 0, 0])
    assert weights.ratio_[0] > 0 > weights.ratio_[1]
    assert weights.ratio_[2] == pytest.approx(0.0)
    scaled = weights.transform(X).toarray()
    assert scaled[1, 0] == pytest.approx(2 * weights.ratio_[0]) and scaled[3, 1] == pytest.approx(3 * weights.ratio_[1])


def test_naive_bayes_weights_once_or_per_fold():
    corpus = tiny_corpus(seed=5)
    texts, labels = [model_input(a) for a in corpus], [int(a.meta["label"] == "fake") for a in corpus]
    once = DisinformationDetector(C=2.0).fit(texts, labels)
    assert once.nb_ is not None and len(once.nb_.ratio_) == once.features_.transform(["x"]).shape[1]
    per_fold = DisinformationDetector(C=2.0, nb_weights="per_fold").fit(texts, labels)
    fitted = per_fold.classifier_.calibrated_classifiers_[0].estimator
    assert per_fold.nb_ is None and hasattr(fitted.named_steps["nb"], "ratio_")
    for detector in (once, per_fold, DisinformationDetector(C=2.0, nb_weights=None).fit(texts, labels)):
        p = detector.predict_proba(texts)[:, 1]
        assert ((p >= 0.5) == np.asarray(labels)).mean() > 0.9
    with pytest.raises(ValueError, match="nb_weights"):
        DisinformationDetector(nb_weights="twice").fit(texts, labels)


def test_the_headline_is_kept_apart_and_its_typography_normalised():
    assert split_headline("Titel\n\nText.\n\nMehr.") == ("Titel", "Text.\n\nMehr.")
    assert split_headline("Ein Satz ohne Titel.") == ("", "Ein Satz ohne Titel.")
    assert prepare(["Krise – was nun… (dpa)\n\nBerlin (dpa) - Text."]) == ["Krise - was nun...\n\nBerlin - Text."]
    assert prepare(["\n\nNur Text."]) == ["\n\nNur Text."]
    untitled = tiny_corpus()[0].__class__(id="u", title="", text="Erster Absatz.\n\nZweiter Absatz.")
    assert split_headline(model_input(untitled)) == ("", "Erster Absatz.\n\nZweiter Absatz.")


def test_headline_features_learn_punctuation_and_leave_untitled_texts_empty():
    headlines = HeadlineFeatures().fit([f"Skandal {i}!\n\nText" for i in range(3)] + ["Bericht\n\nText"] * 3)
    rows = headlines.transform(["Skandal!\n\nText", "Ein Satz ohne Titel."]).toarray()
    assert rows[0].sum() > 0 and rows[1].sum() == 0
    assert any("!" in term for term in headlines.vectorizer_.get_feature_names_out())
    untitled = HeadlineFeatures().fit(["\n\nText eins", "\n\nText zwei"])
    assert untitled.vectorizer_ is None and untitled.transform(["Titel\n\nText"]).shape == (1, 0)


def test_only_the_headline_block_sees_headline_punctuation():
    # same words in both classes; only "!?" against "." tells them apart, which word n-grams cannot see
    topics = ["Neue Regeln in Berlin", "Zahlen aus Bayern", "Streit um die Schulen", "Impfstoff kommt im Mai",
              "Masken in Bussen", "Grenzen bleiben offen"]
    texts = [f"{topic}{mark}\n\nDie Lage bleibt unverändert." for topic in topics for mark in ("!?", ".")] * 2
    labels = [int(text.split("\n")[0].endswith("!?")) for text in texts]
    probe = ["Ganz neue Lage im Land!?\n\nDie Lage bleibt unverändert.",
             "Ganz neue Lage im Land.\n\nDie Lage bleibt unverändert."]
    p = DisinformationDetector(folds=3, headline_chars=(2, 5)).fit(texts, labels).predict_proba(probe)[:, 1]
    assert p[0] > 0.5 > p[1]
    p = DisinformationDetector(folds=3, headline_chars=None).fit(texts, labels).predict_proba(probe)[:, 1]
    assert abs(p[0] - p[1]) < 1e-6


def test_training_on_one_class_is_a_clear_error():
    from gegenprobe.detect import train_detector
    from gegenprobe.errors import ConfigError
    from gegenprobe.types import Article

    real = [Article(id=f"r{n}", title="Bericht", text=f"Die Stadt baut Radwege, Nummer {n}.", source="a.example",
                    meta={"label": "real"}) for n in range(12)]
    with pytest.raises(ConfigError, match="0 fake and 12 real"):
        train_detector(real)
