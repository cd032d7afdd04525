"""The two large lookup tables of the German analysis: simplemma's lemma dictionary and split-words' compound
n-gram probabilities. Read as shipped they cost every new process 1.2 s (lzma + decoding) and 2.0 s (40 MB of
JSON); kept as MARISA tries in a cache directory they load in milliseconds. The tries are built once
per installed version of each package, hold the same values, and are written atomically; without a cache
directory (or when it cannot be written) the tables are read as shipped.

The tables are immutable data, so one set serves the whole process: ``use_cache_dir`` (called by
``pipeline.Resources`` with ``Settings.cache_dir``) says where they live; nothing is loaded before first use.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import marisa_trie

_NGRAM_KINDS = ("prefix", "infix", "suffix")
_cache_dir: list[Path | None] = [None]


def use_cache_dir(path: Path | None) -> None:
    """Keep (and look for) the lookup tables in ``path``; ``None``: read them as shipped, in memory."""
    if _cache_dir[0] != path:
        _cache_dir[0] = path
        _lemmatizer.cache_clear()
        _ngram_tables.cache_clear()


class _NgramTable:
    """One of split-words' probability tables, with the ``get(key, default)`` its splitter calls."""

    __slots__ = ("_trie",)

    def __init__(self, trie: marisa_trie.RecordTrie) -> None:
        self._trie = trie

    def get(self, key: str, default: float) -> float:
        found = self._trie.get(key)
        return float(found[0][0]) if found else default


@lru_cache(maxsize=1)
def _ngram_tables() -> dict[str, Any]:
    """split-words' tables: tries from the cache directory, else its JSON as shipped."""
    from split_words import splitter

    cache = _cache_dir[0]
    if cache is None:
        return splitter.get_ngram_probs()
    version = metadata.version("split-words")
    paths = {kind: cache / f"split-words-{version}-{kind}.marisa" for kind in _NGRAM_KINDS}
    if not all(path.exists() for path in paths.values()):
        shipped = json.loads(Path(splitter.NGRAM_PATH).read_text("utf-8"))
        for kind, path in paths.items():
            _save_atomically(_ngram_trie(shipped[kind].items()).save, path)
        if not all(path.exists() for path in paths.values()):
            return dict(shipped)
    try:
        return {kind: _NgramTable(marisa_trie.RecordTrie("<d").load(str(path))) for kind, path in paths.items()}
    except Exception:  # a damaged or foreign file: read the shipped tables instead
        return splitter.get_ngram_probs()


def _ngram_trie(items: Iterable[tuple[str, float]]) -> marisa_trie.RecordTrie:
    return marisa_trie.RecordTrie("<d", ((key, (float(value),)) for key, value in items))


def split_compound(word: str) -> list[tuple[float, str, str]]:
    """split-words' ``split_compound`` over the tables of ``_ngram_tables`` (best split first)."""
    from split_words import splitter

    # the splitter reads its tables through this module global; we hand it ours (same values, tested)
    splitter.ngram_probs = _ngram_tables()
    return splitter.Splitter().split_compound(word)


@lru_cache(maxsize=1)
def _lemmatizer() -> Any:
    import simplemma
    from simplemma.strategies import DefaultStrategy
    from simplemma.strategies.dictionaries import TrieDictionaryFactory

    cache = _cache_dir[0]
    if cache is None:
        return simplemma.Lemmatizer()
    version = metadata.version("simplemma")
    try:
        factory = TrieDictionaryFactory(disk_cache_dir=str(cache / f"simplemma-{version}"))
    except ImportError:  # its extras (marisa-trie, platformdirs) missing: the shipped dictionary
        return simplemma.Lemmatizer()
    return simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))


def lemmatize(token: str) -> str:
    return str(_lemmatizer().lemmatize(token, lang="de"))


def _save_atomically(write: Callable[[str], Any], path: Path) -> None:
    """Write through ``write(temporary path)`` and rename, so a reader never sees half a file; a cache that
    cannot be written is skipped (the caller falls back to the shipped tables)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.close(fd)
    except OSError:
        return
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
