"""The related pipeline for real: tantivy, faiss and the shipped USE encoder on hand-written German stories."""

from __future__ import annotations

from dataclasses import replace

from gegenprobe.related import RelatedOptions
from gegenprobe.types import Article

FAKE_BRIDGE = "SKANDAL: Mainzer Brücke kurz vor dem Einsturz – Behörden verschweigen Gutachten!"
BRIDGE_IDS_TITLES = (
    "Rheinbrücke zwischen Mainz und Wiesbaden sechs Wochen voll gesperrt",
    "Sperrung der Theodor-Heuss-Brücke: Was Pendler jetzt wissen müssen",
    "Theodor-Heuss-Brücke wegen Schäden an Lagern gesperrt",
)


def test_fake_article_finds_its_story_first(finder, by_title):
    hits = finder.find(by_title[FAKE_BRIDGE], RelatedOptions(k=5))
    assert {h.title for h in hits[:3]} == set(BRIDGE_IDS_TITLES)
    assert all(h.same_story for h in hits[:3])
    assert hits == sorted(hits, key=lambda h: -h.rank_score)


def test_query_itself_never_appears(finder, by_title):
    query = by_title[FAKE_BRIDGE]
    for candidate in (query, replace(query, id="other-id"), replace(query, id="x", url=None)):
        assert query.id not in {h.id for h in finder.find(candidate, RelatedOptions(k=20))}


def test_unrelated_distractors_are_not_same_story(finder, by_title):
    hits = finder.find(by_title["GDL kündigt 48-Stunden-Streik im Regionalverkehr in Bayern an"], RelatedOptions(k=8))
    flagged = {h.title for h in hits if h.same_story}
    assert "Bahn legt Notfahrplan für GDL-Streik in Bayern vor" in flagged
    assert "Neue ICE-Verbindung zwischen München und Prag ab Dezember" not in flagged


def test_date_window_source_filters_and_min_score(finder, by_title):
    query = by_title[FAKE_BRIDGE]  # 2026-03-04
    within = finder.find(query, RelatedOptions(k=20, days=1))
    assert within and all(h.date in ("2026-03-03", "2026-03-04", "2026-03-05") for h in within)
    assert not finder.find(replace(query, date="2030-01-01"), RelatedOptions(k=20, days=3))
    no_dpa = finder.find(query, RelatedOptions(k=20, exclude_sources=("nachrichten-mitte.example",)))
    assert "nachrichten-mitte.example" not in {h.source for h in no_dpa}
    only = finder.find(query, RelatedOptions(k=20, sources=("hessenblick.example",)))
    assert only and {h.source for h in only} == {"hessenblick.example"}
    confident = finder.find(query, RelatedOptions(k=20, min_score=0.5))
    assert confident and all(h.score >= 0.5 for h in confident)
    assert len(confident) < len(finder.find(query, RelatedOptions(k=20, topic_only=False)))


def test_only_topic_related_hits_are_kept_unless_all_are_asked_for(finder, by_title):
    """Regression (issue 10): the bridge story's coverage was padded with measles, flood and tram reports."""
    query = by_title[FAKE_BRIDGE]
    related = finder.find(query, RelatedOptions(k=10))
    assert related and all(h.topic_related for h in related)
    assert all("Brücke" in h.title or "Rheinbrücke" in h.title for h in related)
    everything = finder.find(query, RelatedOptions(k=10, topic_only=False))
    others = [h for h in everything if not h.topic_related]
    assert others and not any("Brücke" in h.title for h in others)
    assert all(h.topic_score < finder.topic_model.threshold for h in others)


def test_an_article_on_no_covered_topic_has_no_related_coverage(finder):
    query = Article(id="q", title="Neuer Zoodirektor in Rostock vorgestellt",
                    text="Der Zoo Rostock hat einen neuen Direktor. Er kommt aus Basel und will ein neues "
                         "Elefantenhaus bauen lassen, teilte der Aufsichtsrat am Freitag mit.")
    assert finder.find(query, RelatedOptions(k=10)) == []
    assert finder.find(query, RelatedOptions(k=10, topic_only=False))


def test_a_title_only_query_works(finder, by_title):
    query = replace(by_title["Rückruf: Salmonellen in Babybrei entdeckt"], id="q", text="", url=None)
    titles = {h.title for h in finder.find(query, RelatedOptions(k=3))}
    assert titles == {"Rückruf: Salmonellen in Babybrei entdeckt",  # the full article the title came from
                      "Salmonellen-Gefahr: Hersteller ruft Hirsebrei für Babys zurück",
                      "Behörden warnen vor Babybrei mit Salmonellen"}


def test_the_same_story_flag_does_not_make_a_hit_related_on_its_own():
    """Regression: as an OR, the flag (524 of 840 real pairs flagged, 78 true) cut topic precision to 0.52."""
    from gegenprobe.corpus import StoredArticle
    from gegenprobe.related import ScoredCandidate, default_model
    from gegenprobe.related._find import _decisions
    from gegenprobe.related._topic import default_topic_model

    stored = StoredArticle(Article(id="c", title="T", text="x"), near_duplicate_of=None, rowid=1)
    story, topic = default_model(), default_topic_model()
    flagged_unrelated = ScoredCandidate(stored, same_story=0.99, rank=1.0, topic=0.01)
    assert _decisions(flagged_unrelated, story, topic) == (False, False)
    assert _decisions(ScoredCandidate(stored, 0.99, 1.0, 0.99), story, topic) == (True, True)
    assert _decisions(ScoredCandidate(stored, 0.01, 1.0, 0.99), story, topic) == (True, False)
    assert _decisions(flagged_unrelated, story, None) == (True, True)  # no topic model: the flag decides
