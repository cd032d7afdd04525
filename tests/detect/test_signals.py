import numpy as np

from gegenprobe.detect import SIGNAL_NAMES, measure, scrub
from gegenprobe.detect._explain import checkworthiness, notable_signals


def test_signals_find_loaded_words_hedges_and_style():
    report = measure("Die LÜGENPRESSE schweigt! Angeblich wie Insider berichten. Warum? Wacht auf! Systemmedien!")
    assert report.values["loaded"] > 0 and "systemmedien" in report.evidence["loaded"]
    assert "angeblich" in report.evidence["hedge"] and "wie insider berichten" in report.evidence["hedge"]
    assert report.values["exclamation"] >= 0.5 and report.values["question"] > 0
    assert "LÜGENPRESSE" in report.evidence["caps"]
    assert report.vector().shape == (len(SIGNAL_NAMES),)


def test_abbreviations_are_not_shouting():
    assert measure("Die WHO und die NATO trafen sich mit der CDU.").values["caps"] == 0


def test_notable_signals_compare_with_ordinary_news():
    ordinary = measure("Der Sprecher sagte laut Angaben der Stadt, die Brücke bleibe gesperrt.")
    mean, std = ordinary.vector(), np.full(len(SIGNAL_NAMES), 0.5)
    loud = measure("Die Lügenpresse lügt! Systemmedien! Plandemie! Offenbar verschwiegen!")
    names = [f.name for f in notable_signals(loud, mean, std)]
    assert "loaded" in names and "attribution" in names  # loaded words up, attribution down
    assert notable_signals(ordinary, mean, std) == ()


def test_scrub_removes_outlets_urls_bylines_but_not_words():
    text = ("Von Max Erdinger\nWie ZEIT ONLINE und RT DE berichten (dpa/rt), schreibt uns an info@compact-online.de. "
            "Mehr auf www.journalistenwatch.com/artikel. Das Bild zeigt 3 cm Schnee bei Kopp.")
    cleaned = scrub(text)
    for trace in ("Max Erdinger", "ZEIT ONLINE", "RT DE", "dpa", "@", "journalistenwatch", "Kopp"):
        assert trace not in cleaned
    assert "Das Bild zeigt 3 cm Schnee" in cleaned


def test_checkworthiness_of_factual_claims_and_questions():
    claim = checkworthiness("Am 3. März sperrte der Landesbetrieb die Brücke für 38.000 Fahrzeuge.", ["Mainz"])
    assert claim.score >= 0.75 and "enthält Zahlen" in claim.reasons
    assert checkworthiness("Wer profitiert davon?", []).score == 0


def test_so_attributes_only_after_a_comma():
    assert "beruft sich auf eine Quelle" in checkworthiness("Die Lage sei ernst, so der Minister.", []).reasons
    assert checkworthiness("So weit ist es schon gekommen.", []).score == 0
    assert checkworthiness("Die Regierung plant eine Impfpflicht.", []).reasons == ("berichtet ein Ereignis",)


def test_scrub_keeps_case_and_copes_with_letters_whose_lower_case_is_longer():
    cleaned = scrub("Laut SZ.de und Tagesspiegel: İstanbul meldet 30 Fälle (AFP).")
    assert cleaned == "Laut und : İstanbul meldet 30 Fälle."
    assert scrub("Kontakt: Redaktion@Freiewelt.NET, Text bleibt.") == "Kontakt:, Text bleibt."
    assert scrub("Demo in Berlin (Video-Report) und (Fotos) im Überblick (Videobeweis?)") == \
        "Demo in Berlin und im Überblick (Videobeweis?)"
