"""Candidate heads computed at index time: the headline-coverage features, the SQLite store and its migration."""

from __future__ import annotations

import sqlite3

import numpy as np

from gegenprobe.corpus import open_corpus
from gegenprobe.related import RelatedIndex, build_query
from gegenprobe.related._analysis import hashed, story_tokens, token_pairs
from gegenprobe.related._fusion import coverage
from gegenprobe.related._heads import HeadStore, head_of
from gegenprobe.settings import CorpusSettings
from gegenprobe.types import Article

from .conftest import indexed_corpus

BODY = ("Die Theodor-Heuss-Brücke zwischen Mainz und Wiesbaden bleibt nach dem Fund von Rissen an den Lagern "
        "gesperrt. Das Landesamt prüft die Statik, Pendler müssen Umwege fahren.")


def test_story_tokens_are_content_word_prefixes_in_text_order():
    assert story_tokens("Die Impfstoffe werden im Januar geliefert.") == ["impfst", "januar", "gelief"]


def test_hashes_are_sorted_distinct_and_stable():
    first = hashed(["brücke", "mainz", "brücke"])
    assert first.dtype == np.uint16 and len(first) == 2 and np.all(np.diff(first.astype(int)) > 0)
    assert np.array_equal(first, hashed(["mainz", "brücke"]))


def test_headline_coverage_counts_words_and_word_order():
    head = head_of("", BODY)
    query = build_query(Article(id="q", title="Brücke zwischen Mainz und Wiesbaden gesperrt", text=""))
    assert coverage(query.headline_words, head.words) == 1.0
    assert coverage(query.headline_pairs, head.pairs) > 0.5  # "mainz wiesba" stands in the body in that order
    swapped = build_query(Article(id="s", title="Wiesbaden Mainz Brücke gesperrt zwischen", text=""))
    assert coverage(swapped.headline_pairs, head.pairs) < coverage(query.headline_pairs, head.pairs)
    other = build_query(Article(id="o", title="Impfstoff für Kinder zugelassen", text=""))
    assert coverage(other.headline_words, head.words) == 0.0
    assert coverage((), head.words) == 0.0


def test_headline_of_an_untitled_article_is_its_beginning():
    query = build_query(Article(id="q", title="", text=BODY))
    assert query.headline_words and set(query.headline_words) <= set(hashed(story_tokens(BODY)).tolist())
    assert query.headline_pairs == tuple(hashed(token_pairs(story_tokens(BODY[:150].rsplit(" ", 1)[0]))).tolist())


def test_head_store_round_trip(tmp_path):
    store = HeadStore(tmp_path / "heads.sqlite")
    store.add([(7, "Brücke gesperrt", BODY)])
    got = store.get([7, 8])
    assert list(got) == [7]
    expected = head_of("Brücke gesperrt", BODY)
    assert got[7].terms == expected.terms and got[7].entities == expected.entities
    assert np.array_equal(got[7].pairs, expected.pairs) and np.array_equal(got[7].lead_words, expected.lead_words)
    store.delete([7])
    assert store.get([7]) == {}


def test_heads_of_an_older_layout_are_computed_again(tmp_path, fake_encoder):
    encoder = fake_encoder
    indexed_corpus(tmp_path, encoder, 5)
    with sqlite3.connect(tmp_path / "related" / "heads.sqlite") as db:  # the first release's layout: no hashes
        db.execute("DROP TABLE heads")
        db.execute("CREATE TABLE heads (rowid INTEGER PRIMARY KEY, terms TEXT, entities TEXT, numbers TEXT)")
    with open_corpus(CorpusSettings(path=tmp_path)) as store:
        reopened = RelatedIndex(tmp_path, encoder)
        assert reopened.update(store) == 5  # only the heads are redone; lexical and dense are up to date
        assert len(reopened.heads.get(list(range(1, 6)))) == 5
        reopened.close()
