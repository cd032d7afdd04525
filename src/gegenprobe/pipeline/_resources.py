"""The loaded models and tools one process shares, built from settings and loaded on first use."""

from __future__ import annotations

from functools import cached_property

from ..crawl import SourceRegistry
from ..crosscheck import PairModel, default_pair_model
from ..detect import CheckworthyModel, DetectorBundle, default_checkworthy_model
from ..related import SameStoryModel, TopicModel, default_model, default_topic_model
from ..settings import Settings
from ..text import Encoder, SentenceSplitter, clear_caches, load_encoder, use_cache_dir


class Resources:
    """What checking needs besides the corpus: sentence splitter, encoder, detector, the related-coverage models.

    Each part loads on first use and is then shared by every ``Checker`` (and later every request of a service
    worker) built with this object; ``warm`` loads all of them up front, ``clear_caches`` empties the memo caches
    of the text analysis (lemmas, compound parts) that grow with the texts seen."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        use_cache_dir(settings.cache_dir)  # the lemma and compound tables: process-wide, immutable

    @cached_property
    def splitter(self) -> SentenceSplitter:
        return SentenceSplitter()

    @cached_property
    def encoder(self) -> Encoder:
        return load_encoder(self.settings.related.encoder)

    @cached_property
    def detector(self) -> DetectorBundle:
        model_dir = self.settings.detect.model_dir
        return DetectorBundle.load(model_dir) if model_dir is not None else DetectorBundle.default()

    @cached_property
    def checkworthy_model(self) -> CheckworthyModel:
        return default_checkworthy_model(self.encoder)

    @cached_property
    def pair_model(self) -> PairModel:
        return default_pair_model()

    @cached_property
    def same_story_model(self) -> SameStoryModel:
        return default_model()

    @cached_property
    def topic_model(self) -> TopicModel:
        return default_topic_model()

    @cached_property
    def sources(self) -> SourceRegistry:
        """The shipped outlet registry: the kind of each related source in reports."""
        return SourceRegistry.load()

    def warm(self) -> Resources:
        """Load every part now (a service worker before its first request) rather than on first use."""
        self.splitter.split("Ein Satz. Noch einer.")
        self.encoder.encode_queries(["warm"])
        for part in (self.detector, self.same_story_model, self.topic_model, self.pair_model,
                     self.checkworthy_model):
            assert part is not None
        return self

    @staticmethod
    def clear_caches() -> None:
        clear_caches()
