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
from dataclasses import dataclass

from .corpus import CorpusStore, open_corpus
from .crosscheck import check_claims
from .detect import DetectorBundle, score_article
from .errors import CorpusError
from .related import RelatedFinder, RelatedOptions
from .report import CheckReport
from .settings import Settings
from .text import SentenceSplitter, load_encoder
from .types import Article


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


@contextmanager
def opened_finder(settings: Settings, *, update: bool = True, allow_empty: bool = False) -> Iterator[RelatedFinder]:
    """The corpus of ``settings`` (it must hold articles unless ``allow_empty``) and its related-coverage finder,
    with the encoder of the settings; both closed after the block. ``update=False`` leaves indexing to the caller
    (``finder.update``, which reports progress)."""
    store = open_corpus(settings.corpus, create=False) if allow_empty else open_nonempty(settings)
    with store, RelatedFinder(store, settings.corpus.path, load_encoder(settings.related.encoder),
                              update=update) as finder:
        yield finder


class Checker:
    """Holds the corpus, the related-coverage finder and the models, so many articles can be checked warm.

    Built from its parts (the caller owns and closes them), or with ``Checker.open(settings)``, which opens the
    store and the finder, brings the indexes up to date and closes both again."""

    def __init__(self, store: CorpusStore, finder: RelatedFinder, bundle: DetectorBundle | None = None) -> None:
        self.store = store
        self.finder = finder
        self.bundle = bundle or DetectorBundle.default()
        self.splitter = SentenceSplitter()
        self._owned = ExitStack()  # empty unless ``open`` made the parts

    @classmethod
    def open(cls, settings: Settings, bundle: DetectorBundle | None = None) -> Checker:
        with ExitStack() as parts:
            finder = parts.enter_context(opened_finder(settings))
            checker = cls(finder.store, finder, bundle)
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
        score = score_article(article, self.bundle, self.splitter)
        timings["detect"] = time.perf_counter() - started
        # 2. related coverage
        mark = time.perf_counter()
        hits = self.finder.find(article, RelatedOptions(k=options.k, days=options.days,
                                                        topic_only=not options.all_hits))
        timings["related"] = time.perf_counter() - mark
        # 3. cross-check the claims against the related articles, same story first
        mark = time.perf_counter()
        ordered = sorted((h for h in hits if h.topic_related), key=lambda h: (not h.same_story, -h.score))
        related_articles = self.finder.articles(ordered)
        claims = [(s.index, s.text) for s in score.top_sentences(options.claims)]
        checks = check_claims(claims, related_articles, self.finder.index.encoder, self.splitter)
        timings["crosscheck"] = time.perf_counter() - mark
        # 4. the report
        timings["total"] = time.perf_counter() - started
        return CheckReport(article, score, tuple(hits), tuple(checks), timings)


def check_article(article: Article, settings: Settings, options: CheckOptions | None = None) -> CheckReport:
    """Check one article against the corpus of ``settings`` (loads models and indexes; see ``Checker``)."""
    with Checker.open(settings) as checker:
        return checker.check(article, options)
