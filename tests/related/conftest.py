from __future__ import annotations

from pathlib import Path

import pytest

from gegenprobe.corpus import open_corpus
from gegenprobe.ingest import Reader
from gegenprobe.related import RelatedFinder, RelatedIndex
from gegenprobe.settings import CorpusSettings, Settings
from gegenprobe.text import E5Encoder

from ..helpers import HashingEncoder

FIXTURES = Path(__file__).parents[1] / "fixtures"
DEMO = Path(__file__).parents[2] / "src" / "gegenprobe" / "data" / "demo"


def load_fixture_articles():
    """The demo pages and the same-story set, read through the real readers."""
    items = list(Reader(Settings()).read([str(DEMO), str(FIXTURES / "same_story.jsonl")]))
    assert all(item.error is None for item in items), [str(i.error) for i in items if i.error]
    return [item.article for item in items]


def indexed_corpus(folder: Path, encoder, count: int) -> None:
    """A corpus of the first ``count`` fixture articles in ``folder``, indexed, everything closed again."""
    with open_corpus(CorpusSettings(path=folder)) as store:
        store.add_batch(load_fixture_articles()[:count])
        index = RelatedIndex(folder, encoder)
        index.update(store)
        index.close()


@pytest.fixture(scope="session")
def encoder():
    return E5Encoder()


@pytest.fixture(scope="session")
def fake_encoder():
    """For tests of index mechanics, where what the vectors mean does not matter."""
    return HashingEncoder()


@pytest.fixture(scope="module")
def finder(tmp_path_factory, encoder):
    folder = tmp_path_factory.mktemp("related-corpus")
    store = open_corpus(CorpusSettings(path=folder))
    store.add_batch(load_fixture_articles())
    with RelatedFinder(store, folder, encoder) as opened:
        yield opened
    store.close()


@pytest.fixture(scope="module")
def by_title(finder):
    return {stored.article.title: stored.article for stored in finder.store.iter_articles()}
