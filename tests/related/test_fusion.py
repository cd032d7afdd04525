import numpy as np
import pytest

from gegenprobe.errors import ModelError
from gegenprobe.related import FEATURES, SameStoryModel, default_model
from gegenprobe.related._fusion import CandidateSignals, days_between, feature_matrix, overlap


def signals(bm25, dense, days=None, lex_rank=0, dense_rank=0, terms=0.5):
    return CandidateSignals(bm25, lex_rank, dense, dense_rank, terms, 0.5, 0.0, days)


def test_feature_matrix_scales_bm25_to_the_best_candidate():
    matrix = feature_matrix([signals(10.0, 0.8, days=0), signals(5.0, 0.4, days=7, lex_rank=None)])
    assert matrix.shape == (2, len(FEATURES))
    column = {name: i for i, name in enumerate(FEATURES)}
    assert matrix[0, column["lex_rel"]] == 1.0 and matrix[1, column["lex_rel"]] == 0.5
    assert matrix[1, column["lex_rr"]] == 0.0  # not retrieved lexically
    assert matrix[0, column["lex_z"]] == 1.0 and matrix[1, column["lex_z"]] == -1.0
    date = FEATURES.index("date")
    assert matrix[0, date] == 1.0 and matrix[1, date] == pytest.approx(np.exp(-1))


def test_missing_dates_are_neutral_and_overlap_is_query_share():
    assert feature_matrix([signals(1, 1)])[0, FEATURES.index("date")] == 0.5
    assert days_between("2026-03-01", "2026-03-04") == 3 and days_between(None, "2026-03-04") is None
    assert overlap(("Mainz", "Wiesbaden"), {"Mainz"}) == 0.5 and overlap((), {"Mainz"}) == 0.0


def _toy():
    rng = np.random.default_rng(0)
    positives = rng.uniform(0.6, 1.0, size=(40, len(FEATURES)))
    negatives = rng.uniform(0.0, 0.5, size=(160, len(FEATURES)))
    return np.vstack([positives, negatives]), np.array([1] * 40 + [0] * 160)


def test_model_separates_and_thresholds():
    X, y = _toy()
    model = SameStoryModel(threshold=0.5).fit(X, y)
    assert (model.predict(X) == y).mean() > 0.95
    strict = SameStoryModel(threshold=0.99).fit(X, y)
    assert strict.predict(X).sum() < model.predict(X).sum()
    probabilities = model.predict_proba(X)
    assert np.allclose(probabilities.sum(axis=1), 1.0)


def test_model_contract():
    with pytest.raises(ModelError, match="not fitted"):
        SameStoryModel().predict_proba(np.zeros((1, len(FEATURES))))
    with pytest.raises(ValueError, match="threshold"):
        SameStoryModel(threshold=1.5).fit(*_toy())
    X, y = _toy()
    model = SameStoryModel().fit(X, y)
    again = SameStoryModel.from_dict(model.to_dict())
    assert np.allclose(again.decision_function(X), model.decision_function(X))
    with pytest.raises(ValueError, match="do not match"):
        SameStoryModel.from_dict({**model.to_dict(), "features": ["x"]})
    assert model.predict_proba(X).shape == (len(X), 2)


def test_shipped_model_prefers_strong_evidence():
    model = default_model()
    strong = feature_matrix([signals(10, 0.9, days=0, terms=0.9),
                             signals(1, 0.2, days=30, lex_rank=40, dense_rank=50, terms=0.1)])
    p = model.predict_proba(strong)[:, 1]
    assert p[0] > 0.5 > p[1]


def test_pairwise_ranker_orders_each_querys_same_story_first():
    rng = np.random.default_rng(3)
    X, y, groups = [], [], []
    for query in range(30):
        candidates = rng.uniform(0.0, 0.6, size=(8, len(FEATURES)))
        candidates[0, FEATURES.index("headline_pairs")] += 1.0  # the same story shares the headline's phrases
        X.append(candidates)
        y.extend([1] + [0] * 7)
        groups.extend([query] * 8)
    X, y = np.vstack(X), np.asarray(y)
    model = SameStoryModel().fit(X, y, groups=np.asarray(groups))
    assert model.intercept_ == 0.0 and model.coef_[FEATURES.index("headline_pairs")] > 0
    scores = model.decision_function(X).reshape(30, 8)
    assert (scores.argmax(axis=1) == 0).mean() > 0.9
    with pytest.raises(ValueError, match="pairwise"):
        SameStoryModel().fit(X[y == 0], y[y == 0], groups=np.asarray(groups)[y == 0])


def test_same_story_part_can_be_fitted_on_a_subset_of_rows():
    X, y = _toy()
    rows = np.arange(len(y)) % 2 == 0
    model = SameStoryModel().fit(X, y, story_rows=rows)
    alone = SameStoryModel().fit(X[rows], y[rows])
    assert np.allclose(model.story_coef_, alone.story_coef_)


def test_topic_model_is_calibrated_on_its_features_and_round_trips():
    from gegenprobe.related import TopicModel
    from gegenprobe.related._topic import TOPIC_FEATURES, default_topic_model

    rng = np.random.default_rng(0)
    X = rng.random((400, len(TOPIC_FEATURES)))
    y = (X[:, -1] + 0.1 * rng.standard_normal(400) > 0.5).astype(int)
    model = TopicModel(threshold=0.6).fit(X, y)
    assert ((model.predict_proba(X)[:, 1] >= 0.5) == y).mean() > 0.9
    again = TopicModel.from_dict(model.to_dict())
    assert np.allclose(again.predict_proba(X), model.predict_proba(X)) and again.threshold == 0.6
    shipped = default_topic_model()
    assert 0.0 < shipped.threshold < 1.0 and len(shipped.coef_) == len(TOPIC_FEATURES)
