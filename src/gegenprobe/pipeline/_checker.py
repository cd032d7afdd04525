"""The main job, written once: check an article against the corpus.

1. score the article for disinformation and score its sentences (``gegenprobe.detect``);
2. find the related coverage in the corpus (``gegenprobe.related``);
3. cross-check the top check-worthy sentences against the topic-related coverage, same story first
   (``gegenprobe.crosscheck``);
4. assemble the report (``gegenprobe.report``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from typing import Any

from ..corpus import CorpusStore, open_corpus
from ..crawl import SourceRegistry
from ..crosscheck import Claim, check_claims
from ..detect import score_article
from ..errors import CorpusError
from ..related import RelatedFinder, RelatedHit, RelatedOptions
from ..report import CheckReport
from ..settings import Settings
from ..types import Article
from ._resources import Resources

# claims cross-checked even when fewer sentences pass the check-worthiness threshold
MIN_CLAIMS = 3


@dataclass(frozen=True, slots=True)
class CheckOptions:
    claims: int = 8
    k: int = 10
    days: int | None = None
    # also list the nearest articles that are not topic-related (marked; never used as evidence)
    all_hits: bool = False


def open_nonempty(settings: Settings) -> CorpusStore:
    """The corpus of ``settings``, which must exist and hold articles."""
    store = open_corpus(settings.corpus, create=False)
    if len(store) == 0:
        store.close()
        raise CorpusError(f"the corpus {settings.corpus.path} is empty; add articles with "
                          "'gegenprobe corpus add' (or try 'gegenprobe demo')")
    return store


def related_options(settings: Settings, **per_query: Any) -> RelatedOptions:
    """Options of one related-coverage query: the settings' candidate count and duplicate threshold, and the
    query's own (``k``, ``days``, ``sources``, ...)."""
    return RelatedOptions(candidates=settings.related.candidates,
                          duplicate_threshold=settings.corpus.near_duplicate_threshold, **per_query)


@contextmanager
def opened_finder(settings: Settings, resources: Resources | None = None, *, update: bool = True,
                  allow_empty: bool = False) -> Iterator[RelatedFinder]:
    """The corpus of ``settings`` (it must hold articles unless ``allow_empty``) and its related-coverage finder,
    with the encoder and models of ``resources``; both closed after the block. ``update=False`` leaves indexing
    to the caller (``finder.update``, which reports progress)."""
    resources = resources or Resources(settings)
    store = open_corpus(settings.corpus, create=False) if allow_empty else open_nonempty(settings)
    with store, RelatedFinder(store, settings.corpus.path, resources.encoder, resources.same_story_model,
                              update=update, topic_model=resources.topic_model) as finder:
        yield finder


class Checker:
    """Holds the corpus, the related-coverage finder and the loaded models, so many articles are checked warm.

    Built from its parts (the caller owns and closes the store and finder; ``resources`` may be shared by many
    checkers), or with ``Checker.open(settings)``, which opens the store and the finder, brings the indexes up to
    date and closes both again."""

    def __init__(self, settings: Settings, store: CorpusStore, finder: RelatedFinder,
                 resources: Resources | None = None) -> None:
        self.settings = settings
        self.store = store
        self.finder = finder
        self.resources = resources or Resources(settings)
        self._owned = ExitStack()  # empty unless ``open`` made the parts

    @classmethod
    def open(cls, settings: Settings, resources: Resources | None = None) -> Checker:
        resources = resources or Resources(settings)
        with ExitStack() as parts:
            finder = parts.enter_context(opened_finder(settings, resources))
            checker = cls(settings, finder.store, finder, resources)
            checker._owned = parts.pop_all()  # a failure above closes what was opened
        return checker

    def close(self) -> None:
        self._owned.close()

    def __enter__(self) -> Checker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check(self, article: Article, options: CheckOptions | None = None) -> CheckReport:
        options = options or CheckOptions()
        timings: dict[str, float] = {}
        started = time.perf_counter()
        # 1. detector: article probability, rating, signals, sentence scores
        resources = self.resources
        score = score_article(article, resources.detector, resources.splitter, resources.checkworthy_model)
        timings["detect"] = time.perf_counter() - started
        # 2. related coverage
        mark = time.perf_counter()
        hits = [_with_kind(hit, resources.sources) for hit in self.finder.find(
            article, related_options(self.settings, k=options.k, days=options.days, topic_only=not options.all_hits))]
        timings["related"] = time.perf_counter() - mark
        # 3. cross-check the claims against the related articles, same story first
        mark = time.perf_counter()
        ordered = sorted((h for h in hits if h.topic_related), key=lambda h: (not h.same_story, -h.score))
        related_articles = self.finder.articles(ordered)
        claims = [Claim(s.index, s.text) for s in score.top_sentences(options.claims, at_least=MIN_CLAIMS)]
        checks = check_claims(claims, related_articles, resources.encoder, resources.splitter,
                              resources.pair_model)
        timings["crosscheck"] = time.perf_counter() - mark
        # 4. the report
        timings["total"] = time.perf_counter() - started
        return CheckReport(article, score, tuple(hits), tuple(checks), timings)


def _with_kind(hit: RelatedHit, sources: SourceRegistry) -> RelatedHit:
    """A hit with its outlet's kind: as the crawler stored it, else from the shipped registry."""
    if hit.source_kind:
        return hit
    source = sources.for_url(hit.url or f"https://{hit.source or ''}/")
    return replace(hit, source_kind=source.kind) if source is not None else hit


def check_article(article: Article, settings: Settings, options: CheckOptions | None = None) -> CheckReport:
    """Check one article against the corpus of ``settings`` (loads models and indexes; see ``Checker``)."""
    with Checker.open(settings) as checker:
        return checker.check(article, options)
