from __future__ import annotations

import sqlite3

import pytest

from gegenprobe.corpus import SQLiteStore, ingest, jaccard, open_corpus, signature
from gegenprobe.errors import CorpusError
from gegenprobe.ingest import Item
from gegenprobe.settings import CorpusSettings
from gegenprobe.types import Article

from ..helpers import synthetic_articles

AGENCY = (
    "Dresden (dpa) - Das Elbhochwasser in Dresden hat am Mittwoch einen Pegelstand von 6,20 Metern erreicht. "
    "Die Stadt rief die Alarmstufe 3 aus und sperrte mehrere Straßen am Ufer, darunter das Terrassenufer. "
    "Das Landeshochwasserzentrum rechnet am Donnerstag mit einem Scheitel von etwa 6,50 Metern. "
    "Evakuierungen sind nach Angaben der Stadt nicht geplant. Ursache sind Regen und Schneeschmelze in Tschechien."
)


def article(i: int, **changes) -> Article:
    record = synthetic_articles(i + 1)[i]
    return Article.from_dict({**record, **changes})


@pytest.fixture
def store(tmp_path):
    with open_corpus(CorpusSettings(path=tmp_path / "c")) as opened:
        yield opened


def test_add_get_roundtrip(store):
    original = article(0, meta={"label": "real", "trc_role": "true"}, source="lokal.example")
    [result] = store.add_batch([original])
    assert result.status == "added"
    stored = store.get(original.id)
    assert stored.article == original and stored.near_duplicate_of is None


@pytest.mark.parametrize(
    "duplicate",
    [
        lambda a: a,  # same id
        lambda a: Article.from_dict({**a.to_dict(), "id": "other", "text": a.text + " Anders."}),  # same URL
        lambda a: Article.from_dict({**a.to_dict(), "id": "other", "url": None, "text": a.text.upper()}),  # text
    ],
)
def test_exact_duplicates_are_skipped(store, duplicate):
    first = article(0)
    store.add_batch([first])
    [result] = store.add_batch([duplicate(first)])
    assert result.status == "duplicate" and result.existing_id == first.id
    assert len(store) == 1


def test_duplicates_inside_one_batch(store):
    first = article(0)
    results = store.add_batch([first, first])
    assert [r.status for r in results] == ["added", "duplicate"]


def test_agency_copies_are_marked_as_near_duplicates(store):
    original = Article(id="dpa", title="Elbe bei 6,20 Metern", text=AGENCY, url="https://a.example/1")
    copy = Article(id="copy", title="Hochwasser in Dresden", url="https://b.example/2",
                   text=AGENCY.replace("Dresden (dpa) - ", "") + " Mehr dazu am Abend.")
    copy_of_copy = Article(id="copy2", title="Elbe", url="https://c.example/3", text=AGENCY + " Ende.")
    other = article(3)
    results = store.add_batch([original, copy, copy_of_copy, other])
    assert [r.near_duplicate_of for r in results] == [None, "dpa", "dpa", None]
    assert store.stats()["near_duplicates"] == 2


def test_minhash_similarity_tracks_overlap():
    sig = signature(AGENCY)
    assert jaccard(sig, signature(AGENCY)) == 1.0
    assert jaccard(sig, signature(AGENCY + " Ein Satz mehr.")) > 0.8
    assert jaccard(sig, signature(article(1).text)) < 0.1


def test_a_failing_batch_leaves_nothing_behind(store):
    good = article(0)
    with pytest.raises(TypeError):
        store.add_batch([good, Article(id="bad", title="x", text="Text", meta={"x": object()})])
    assert len(store) == 0
    store.add_batch([good])
    assert len(store) == 1


def test_remove_and_unknown_ids(store):
    a, b = article(0), article(1)
    store.add_batch([a, b])
    store.remove(a.id)
    assert [s.article.id for s in store.iter_articles()] == [b.id]
    with pytest.raises(CorpusError, match="no article with id 'nope'"):
        store.get("nope")
    with pytest.raises(CorpusError, match="no article"):
        store.remove(a.id)
    store.add_batch([a])  # re-adding after removal works: bands and hashes were cleaned
    assert len(store) == 2


def test_stats(store):
    store.add_batch([article(i, source="lokal.example") for i in range(3)])
    stats = store.stats()
    assert stats["articles"] == 3 and stats["sources"] == {"lokal.example": 3}
    assert stats["first_date"] == "2026-01-01" and stats["last_date"] == "2026-01-03"
    assert stats["size_bytes"] > 0


def test_store_persists_across_opens(tmp_path):
    settings = CorpusSettings(path=tmp_path / "c")
    with open_corpus(settings) as store:
        store.add_batch([article(0)])
    with open_corpus(settings) as store:
        assert len(store) == 1


def test_not_a_store_gives_a_corpus_error(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "corpus.sqlite").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(CorpusError, match="not a usable gegenprobe store"):
        SQLiteStore(CorpusSettings(path=tmp_path / "c"))


def test_newer_schema_is_refused(tmp_path):
    settings = CorpusSettings(path=tmp_path / "c")
    open_corpus(settings).close()
    with sqlite3.connect(tmp_path / "c" / "corpus.sqlite") as db:
        db.execute("UPDATE store_info SET value='99' WHERE key='schema_version'")
    with pytest.raises(CorpusError, match="newer gegenprobe"):
        open_corpus(settings)


def test_unknown_backend(tmp_path):
    with pytest.raises(CorpusError, match="unknown corpus backend 'postgres'"):
        open_corpus(CorpusSettings(path=tmp_path), backend="postgres")


def test_ingest_counts_and_batches(store):
    items = [Item(f"i{i}", article=article(i)) for i in range(5)] + [Item("bad", error=None)]
    items.insert(2, Item(f"i{0}", article=article(0)))
    summary = ingest(items, store, batch_size=2)
    assert (summary.added, summary.duplicates, summary.failed) == (5, 1, [])


def test_count_since_agrees_with_iter_since(store):
    store.add_batch([Article.from_dict(record) for record in synthetic_articles(7)])
    rowids = [s.rowid for s in store.iter_since(0)]
    for seen in (0, rowids[2], rowids[-1]):
        assert store.count_since(seen) == sum(1 for _ in store.iter_since(seen))
    assert store.count_since(rowids[-1]) == 0
