"""The lemma and compound tables kept as tries in the cache directory give what the shipped tables give."""

from __future__ import annotations

import pytest

from gegenprobe.text import _lexicon, lemma, lexical_terms, use_cache_dir
from gegenprobe.text._analysis import clear_caches

WORDS = ["Häuser", "Impfstoffhersteller", "Verteidigungsministerium", "Brücke", "gesperrt", "Bundesregierung",
         "Theodor-Heuss-Brücke", "Infektionsschutzgesetz", "Gesundheitsämter", "liefen", "Xyzzyqwert",
         "Autobahnraststätte", "Corona-Maßnahmen", "Impfpflicht"]
TEXT = ("Die Bundesregierung plant eine Impfpflicht für Pflegekräfte; das Infektionsschutzgesetz soll geändert werden. "
        "Der Impfstoffhersteller lieferte weniger Dosen an die Gesundheitsämter.")


def _analysis_with(cache_dir) -> tuple[list[str], list[list[tuple[float, str, str]]], list[str]]:
    use_cache_dir(cache_dir)
    clear_caches()
    return [lemma(w) for w in WORDS], [_lexicon.split_compound(w) for w in WORDS], lexical_terms(TEXT)


@pytest.fixture
def restore_cache_dir():
    yield
    use_cache_dir(None)
    clear_caches()


@pytest.fixture(scope="module")
def shipped():
    """What the tables give as shipped (read once: 3 s)."""
    return _analysis_with(None)


def test_tries_in_the_cache_give_the_shipped_results(tmp_path, shipped, restore_cache_dir):
    built = _analysis_with(tmp_path)  # builds the tries
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".marisa")  # compound tables written
    assert any(p.is_dir() and p.name.startswith("simplemma-") for p in tmp_path.iterdir())
    _lexicon.use_cache_dir(None)
    reopened = _analysis_with(tmp_path)  # memory-mapped from disk
    assert built == shipped == reopened


def test_a_damaged_or_unwritable_cache_falls_back_to_the_shipped_tables(tmp_path, shipped, restore_cache_dir):
    _analysis_with(tmp_path)
    for table in tmp_path.glob("*.marisa"):
        table.write_bytes(b"damaged")
    assert _analysis_with(tmp_path) == shipped
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    assert _analysis_with(blocked / "cache") == shipped
