from __future__ import annotations

from dataclasses import replace

from gegenprobe.corpus import open_corpus
from gegenprobe.related import RelatedFinder, RelatedIndex, RelatedOptions, collapse_duplicates, score_candidates
from gegenprobe.settings import CorpusSettings

from .conftest import indexed_corpus, load_fixture_articles


def test_incremental_updates_and_removal(tmp_path, fake_encoder):
    encoder = fake_encoder
    articles = load_fixture_articles()
    with open_corpus(CorpusSettings(path=tmp_path)) as store:
        store.add_batch(articles[:10])
        index = RelatedIndex(tmp_path, encoder)
        assert index.update(store) == 10 and index.update(store) == 0
        store.add_batch(articles[10:20])
        assert index.pending(store) == 10 and index.update(store) == 10
        assert len(index.lexical) == 20 and len(index.dense) == 20
        store.remove(articles[0].id)
        index.update(store)
        assert len(index.lexical) == 19 and len(index.dense) == 19
        index.close()
        reopened = RelatedIndex(tmp_path, encoder)  # state survives a restart
        assert reopened.update(store) == 0 and len(reopened.lexical) == 19
        reopened.close()


def test_agency_copies_are_collapsed(tmp_path, encoder):
    articles = load_fixture_articles()
    dpa = next(a for a in articles if a.title == "Theodor-Heuss-Brücke wegen Schäden an Lagern gesperrt")
    copy = replace(dpa, id="copy", url="https://copy.example/a", source="copy.example",
                   text=dpa.text + " Weitere Informationen folgen.")
    with open_corpus(CorpusSettings(path=tmp_path)) as store:
        store.add_batch([*articles, copy])
        with RelatedFinder(store, tmp_path, encoder) as finder:
            query = next(a for a in articles if a.title.startswith("SKANDAL"))
            hits = finder.find(query, RelatedOptions(k=10))
            ids = [h.id for h in hits]
            assert (dpa.id in ids) != ("copy" in ids)
            shown = next(h for h in hits if h.id in (dpa.id, "copy"))
            assert set(shown.duplicates) == {dpa.id, "copy"} - {shown.id}
            scored = score_candidates(query, store, finder.index, finder.model, RelatedOptions())
            assert len(collapse_duplicates(scored)) == len(scored) - 1


def test_damaged_index_files_give_a_clear_error_and_leave_the_corpus_alone(tmp_path, fake_encoder):
    encoder = fake_encoder
    import pytest

    from gegenprobe.errors import CorpusError

    indexed_corpus(tmp_path, encoder, 3)
    related = tmp_path / "related"
    for name, junk in (("state.json", "{not json"), ("heads.sqlite", "junk" * 1000)):
        original = (related / name).read_bytes()
        for suffix in ("-wal", "-shm"):
            (related / f"{name}{suffix}").unlink(missing_ok=True)
        (related / name).write_text(junk)
        with pytest.raises(CorpusError, match=r"related-coverage index .* is damaged"):
            RelatedIndex(tmp_path, encoder)
        (related / name).write_bytes(original)
    with open_corpus(CorpusSettings(path=tmp_path)) as store:
        assert len(store) == 3
