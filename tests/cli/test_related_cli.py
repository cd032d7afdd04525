"""`gegenprobe related`, `corpus index`, `corpus stories`, `score`, `train` and `evaluate` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gegenprobe.ingest import Reader
from gegenprobe.settings import Settings

from ..detect.conftest import tiny_corpus
from .test_cli import DEMO, gp

FIXTURES = Path(__file__).parents[1] / "fixtures"
FAKE_PAGE = DEMO / "04-wahrheitsfront-bruecke.html"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli-corpus")
    result = gp("corpus", "add", str(DEMO), str(FIXTURES / "same_story.jsonl"), corpus=folder)
    assert result.returncode == 0, result.stderr
    return folder


def test_related_json_contract(corpus):
    result = gp("related", str(FAKE_PAGE), "--json", "--k", "5", "--all", corpus=corpus)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload["query"]) == {"id", "url", "source", "title", "date", "language"}
    assert len(payload["related"]) == 5
    assert [hit["topic_related"] for hit in payload["related"]] == [True, True, True, False, False]
    first = payload["related"][0]
    assert set(first) == {"id", "url", "source", "title", "date", "score", "same_story", "topic_related",
                          "topic_score", "duplicates", "source_kind"}
    assert "Theodor-Heuss-Brücke" in first["title"] or "Rheinbrücke" in first["title"]
    assert payload["query"]["id"] not in {hit["id"] for hit in payload["related"]}
    scores = [hit["score"] for hit in payload["related"]]
    assert all(0 <= s <= 1 for s in scores)


def test_related_by_id_with_filters_and_terminal_output(corpus):
    listing = [json.loads(x) for x in gp("corpus", "list", "--json", corpus=corpus).stdout.splitlines()]
    fake_id = next(row["id"] for row in listing if row["title"].startswith("SKANDAL"))
    result = gp("related", f"id:{fake_id}", "--days", "1", "--exclude-source", "hessenblick.example",
                corpus=corpus)
    assert result.returncode == 0 and "hessenblick" not in result.stdout
    assert "Story" in result.stdout and "Theodor" in result.stdout


def test_related_batch(corpus, tmp_path):
    queries = tmp_path / "queries.jsonl"
    queries.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": "q1", "title": "Elbe in Dresden steigt auf 6,20 Meter"},
        {"id": "q2", "title": "Kassel führt 29-Euro-Ticket ein", "text": ""},
    ]) + "\n", "utf-8")
    results = tmp_path / "results.jsonl"
    outcome = gp("related", "--batch", str(queries), "--k", "3", "--out", str(results), corpus=corpus)
    assert outcome.returncode == 0, outcome.stderr
    lines = [json.loads(line) for line in results.read_text("utf-8").splitlines()]
    assert [line["query_id"] for line in lines] == ["q1", "q2"]
    assert "Elbe" in lines[0]["related"][0]["title"] or "Hochwasser" in lines[0]["related"][0]["title"]
    assert "Kassel" in lines[1]["related"][0]["title"] or "Ticket" in lines[1]["related"][0]["title"]


def test_export_round_trips_through_the_germantrc_reader(corpus, tmp_path):
    bundle = tmp_path / "bundle.json"
    assert gp("related", str(FAKE_PAGE), "--k", "3", "--export-trc", str(bundle), corpus=corpus).returncode == 0
    data = json.loads(bundle.read_text("utf-8"))
    assert list(data) == ["ID = 1"] and len(data["ID = 1"]) == 3  # the three topic-related bridge reports
    fake, trues, crawled = data["ID = 1"]
    assert fake["Title"].startswith("SKANDAL") and trues == [] and len(crawled) == 3
    articles = [item.article for item in Reader(Settings()).read([str(bundle)])]
    assert [a.meta["trc_role"] for a in articles] == ["fake", "crawled", "crawled", "crawled"]


def test_stories_group_the_same_events(corpus):
    result = gp("corpus", "stories", "--json", corpus=corpus)
    assert result.returncode == 0, result.stderr
    stories = [json.loads(line) for line in result.stdout.splitlines()]
    flood = next(s for s in stories if any("Elbe" in t for t in s["titles"]))
    assert len(flood["articles"]) >= 2
    assert not any("Weinmarkt" in t for t in flood["titles"])


def test_related_on_an_empty_corpus_and_bad_queries(tmp_path, corpus):
    assert gp("corpus", "add", str(tmp_path / "nothing.txt"), corpus=tmp_path / "empty").returncode == 1
    empty = gp("related", str(FAKE_PAGE), corpus=tmp_path / "empty")
    assert empty.returncode == 1 and "is empty" in empty.stderr
    nowhere = gp("related", str(FAKE_PAGE), corpus=tmp_path / "typo")
    assert nowhere.returncode == 1 and "no corpus at" in nowhere.stderr
    missing = gp("related", "id:nope", corpus=corpus)
    assert missing.returncode == 1 and "no article with id 'nope'" in missing.stderr
    assert gp("related", corpus=corpus).returncode == 2


def test_train_evaluate_and_score(tmp_path):
    data = tmp_path / "labelled.jsonl"
    data.write_text("\n".join(a.to_json() for a in tiny_corpus()) + "\n", "utf-8")
    model = tmp_path / "model"
    trained = gp("train", "--data", str(data), "--split", "temporal", "--out", str(model))
    assert trained.returncode == 0, trained.stderr
    assert (model / "model.weights.npz").exists() and (model / "eval-temporal" / "reliability.png").exists()
    evaluated = gp("evaluate", "--model", str(model), "--data", str(data), "--split", "temporal",
                   "--report", str(tmp_path / "report"))
    assert evaluated.returncode == 0 and "kappa" in evaluated.stdout
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    assert {"accuracy", "macro_f1", "f1_fake", "kappa", "roc_auc", "brier", "ece"} <= set(report)
    scores = tmp_path / "scores.jsonl"
    scored = gp("score", str(data), "--model", str(model), "--out", str(scores))
    assert scored.returncode == 0, scored.stderr
    lines = [json.loads(x) for x in scores.read_text().splitlines()]
    assert len(lines) == 72 and set(lines[0]) == {"id", "p_fake", "rating", "label", "uncertain"}
    assert gp("train", "--data", str(data), "--split", "weekday", "--out", str(model)).returncode == 1


def test_train_on_several_labelled_files(tmp_path):
    """Real news of other outlets comes as a second labelled file (issue 13); both are trained on and named."""
    articles = tiny_corpus()
    first, second = tmp_path / "fang.jsonl", tmp_path / "other-outlets.jsonl"
    first.write_text("\n".join(a.to_json() for a in articles[:48]) + "\n", "utf-8")
    second.write_text("\n".join(a.to_json() for a in articles[48:]) + "\n", "utf-8")
    model = tmp_path / "model"
    trained = gp("train", "--data", str(first), "--data", str(second), "--out", str(model))
    assert trained.returncode == 0, trained.stderr
    info = json.loads((model / "model.json").read_text())
    assert info["train_articles"] == len(articles)
    card = (model / "MODEL_CARD.md").read_text()
    assert "fang.jsonl, other-outlets.jsonl" in card


def test_articles_added_without_indexing_are_indexed_with_a_progress_bar(tmp_path):
    added = gp("corpus", "add", str(DEMO), "--no-index", corpus=tmp_path)
    assert added.returncode == 0, added.stderr
    first = gp("related", str(FAKE_PAGE), "--json", "--k", "3", corpus=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Indexing" in first.stderr and len(json.loads(first.stdout)["related"]) == 3
    again = gp("related", str(FAKE_PAGE), "--json", "--k", "3", corpus=tmp_path)
    assert again.returncode == 0 and "Indexing" not in again.stderr
