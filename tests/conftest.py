"""Shared fixtures: the hand-written German articles and a few generated corpora."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gegenprobe.settings import CorpusSettings, Settings

from .helpers import synthetic_articles

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = FIXTURES / "articles"


@pytest.fixture(scope="session", autouse=True)
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory):
    """The lemma and compound tries go to a directory of this test session, not the user's cache."""
    import os

    os.environ["GEGENPROBE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield


@pytest.fixture(scope="session")
def manifest() -> dict[str, dict]:
    return json.loads((ARTICLES / "manifest.json").read_text("utf-8"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(corpus=CorpusSettings(path=tmp_path / "corpus", batch_size=4))


@pytest.fixture
def synthetic_jsonl(tmp_path: Path):
    def write(count: int, name: str = "articles.jsonl") -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8") as stream:
            for record in synthetic_articles(count):
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        return path

    return write


# fixtures that load the real e5 encoder (directly, or through a finder or checker over a real corpus)
_E5_FIXTURES = {"encoder", "finder", "by_title", "checker", "demo_corpus", "indexed_demo"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that run the real e5 encoder: ``-m 'not e5'`` gives a quick local loop; CI runs all."""
    for item in items:
        uses_e5 = _E5_FIXTURES & set(getattr(item, "fixturenames", ())) or item.path.parent.name in ("cli", "pipeline")
        if uses_e5:
            item.add_marker(pytest.mark.e5)
