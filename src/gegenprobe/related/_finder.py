"""The convenient front of the related stage: one object holding the store, indexes and model."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..corpus import CorpusStore, open_corpus
from ..settings import CorpusSettings
from ..text import Encoder, load_encoder
from ..types import Article
from ._find import RelatedHit, RelatedOptions, rank_related
from ._fusion import SameStoryModel, default_model
from ._index import RelatedIndex
from ._topic import TopicModel, default_topic_model


class RelatedFinder:
    """Finds related coverage in one corpus; with ``update`` (the default) brings its indexes up to date when
    opened, else leaves that to ``update`` (which a caller can show with a progress bar)."""

    def __init__(self, store: CorpusStore, corpus_dir: Path, encoder: Encoder | None = None,
                 model: SameStoryModel | None = None, update: bool = True,
                 topic_model: TopicModel | None = None) -> None:
        self.store = store
        self.index = RelatedIndex(corpus_dir, encoder or load_encoder())
        self.model = model or default_model()
        topic_model = topic_model or default_topic_model()
        # fitted on one encoder's cosines: with another encoder the same-story model decides alone
        self.topic_model = topic_model if topic_model.encoder in ("", self.index.encoder.name) else None
        if update:
            self.update()

    def pending(self) -> int:
        """Articles the indexes do not hold yet."""
        return self.index.pending(self.store)

    def update(self, on_batch: Callable[[int], None] | None = None) -> int:
        """Index what was added and drop what was removed; ``on_batch`` hears how many were just indexed."""
        return self.index.update(self.store, on_batch=on_batch)

    def find(self, article: Article, options: RelatedOptions | None = None) -> list[RelatedHit]:
        return rank_related(article, self.store, self.index, self.model, options, self.topic_model)

    def articles(self, hits: list[RelatedHit]) -> list[Article]:
        """The stored articles of ``hits``, in their order, read in one query."""
        rows = self.store.get_rows(h.rowid for h in hits)
        return [rows[h.rowid].article if h.rowid in rows else self.store.get(h.id).article for h in hits]

    def close(self) -> None:
        self.index.close()

    def __enter__(self) -> RelatedFinder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def find_related(article: Article, corpus: str | Path, k: int = 10, **options: object) -> list[RelatedHit]:
    """The related coverage of ``article`` in the corpus directory ``corpus``, best first.

    Keyword options are those of ``RelatedOptions`` (``min_score``, ``days``, ``sources``, ...).

    Example:
        >>> hits = find_related(article, "~/.local/share/gegenprobe/corpus", k=5, days=7)  # doctest: +SKIP
    """
    settings = CorpusSettings(path=Path(corpus).expanduser())
    with open_corpus(settings, create=False) as store, RelatedFinder(store, settings.path) as finder:
        return finder.find(article, RelatedOptions(k=k, **options))  # type: ignore[arg-type]
