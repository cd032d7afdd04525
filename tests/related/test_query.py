from gegenprobe.related import build_query
from gegenprobe.related._analysis import dates
from gegenprobe.text import entities, lexical_terms, numbers
from gegenprobe.types import Article

TEXT = (
    "Die Theodor-Heuss-Brücke zwischen Mainz und Wiesbaden wird ab dem 9. März für sechs Wochen gesperrt. "
    "Das teilte der Landesbetrieb Mobilität am Montag mit. Täglich nutzen rund 38.000 Fahrzeuge die Brücke, "
    "die Arbeiten kosten 2,4 Millionen Euro. Verkehrsminister Daniela Schmitt (FDP) besuchte die Baustelle."
)


def test_lexical_terms_are_lemmas_without_stopwords():
    assert lexical_terms("Die Brücken wurden gesperrt") == ["brücke", "sperren"]
    assert lexical_terms("Theodor-Heuss-Brücke") == ["theodor-heuss-brücke", "theodor", "heuss", "brücke"]


def test_entities_numbers_and_dates():
    found = entities(TEXT)
    assert {"Mainz", "Wiesbaden", "FDP"} <= set(found)
    assert "Fahrzeuge" not in found and "Brücke" not in found
    assert numbers(TEXT) == ["9", "38.000", "2,4"]
    assert dates(TEXT) == ["9. März"]


def test_query_weights_title_and_names_highest():
    query = build_query(Article(id="q", title="Rheinbrücke in Mainz gesperrt", text=TEXT, date="2026-03-03"))
    weights = query.weighted_terms
    assert weights["mainz"] > weights["fahrzeug"]
    assert weights["rheinbrücke"] >= 2.0
    assert query.date == "2026-03-03" and "Mainz" in query.entities
    assert query.embedding_text.startswith("Rheinbrücke in Mainz gesperrt. Die Theodor-Heuss-Brücke")
    assert len(query.terms) <= 40


def test_a_title_alone_is_a_query():
    query = build_query(Article(id="q", title="Elbe in Dresden steigt auf 6,20 Meter", text=""))
    assert "dresden" in query.weighted_terms and query.lead == "" and query.numbers == ("6,20",)
    assert query.embedding_text == "Elbe in Dresden steigt auf 6,20 Meter"
