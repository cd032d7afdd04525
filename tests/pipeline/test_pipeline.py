"""The whole check on the shipped defaults: demo corpus, shipped detector, e5 encoder."""

from __future__ import annotations

import jsonschema
import pytest

from gegenprobe.corpus import open_corpus
from gegenprobe.errors import CorpusError
from gegenprobe.ingest import Reader
from gegenprobe.pipeline import Checker, CheckOptions
from gegenprobe.report import json_schema
from gegenprobe.settings import CorpusSettings, Settings

from ..related.conftest import DEMO, load_fixture_articles


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pipeline")
    with open_corpus(CorpusSettings(path=folder)) as store:
        store.add_batch(load_fixture_articles())
    with Checker.open(Settings().with_corpus(folder)) as opened:
        yield opened


def _fake_article():
    [item] = list(Reader(Settings()).read([str(DEMO / "07-klartext24-masern.html")]))
    return item.article


def test_check_finds_the_story_and_contradicts_the_fabrication(checker):
    report = checker.check(_fake_article(), CheckOptions(claims=8))
    document = report.to_dict()
    jsonschema.validate(document, json_schema())
    assert document["related"][0]["same_story"]
    assert {"masern"} & {w.lower() for w in document["related"][0]["title"].split("-")} or \
        "Masern" in document["related"][0]["title"]
    verdicts = {c["verdict"] for c in document["claims"]}
    assert "contradicted" in verdicts
    contradicted = next(c for c in document["claims"] if c["verdict"] == "contradicted")
    assert contradicted["evidence"] and contradicted["evidence"][0]["source"] != "klartext24.example"
    assert report.timings["total"] > 0


def test_empty_corpus_is_a_clear_error(tmp_path):
    settings = Settings().with_corpus(tmp_path)
    with pytest.raises(CorpusError, match="no corpus at"):
        Checker.open(settings)
    assert not (tmp_path / "corpus.sqlite").exists()  # a read command does not create a store
    open_corpus(settings.corpus).close()
    with pytest.raises(CorpusError, match="is empty"):
        Checker.open(settings)
