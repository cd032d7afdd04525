from __future__ import annotations

from pathlib import Path

import pytest

from gegenprobe.errors import ConfigError
from gegenprobe.text import FurnitureRules, normalize, remove_furniture

ARTICLES = Path(__file__).parent.parent / "fixtures" / "articles"


def test_there_are_at_least_fifteen_fixture_articles(manifest):
    assert len(manifest) >= 15
    assert len({spec["outlet"] for spec in manifest.values()}) >= 8


@pytest.mark.parametrize("name", sorted(p.name for p in ARTICLES.glob("*.txt")))
def test_body_survives_and_furniture_goes(name, manifest):
    spec = manifest[name]
    cleaned = remove_furniture((ARTICLES / name).read_text("utf-8"))
    for phrase in spec["keep"]:
        assert normalize(phrase) in cleaned, f"lost body text {phrase!r}"
    for phrase in spec["drop"]:
        assert normalize(phrase) not in cleaned, f"furniture {phrase!r} survived"


def test_paragraph_structure_is_kept():
    text = "Erster Absatz mit Inhalt.\nZum Kurzlink\nZweiter Absatz mit Inhalt.\n\n\nDritter Absatz."
    assert remove_furniture(text) == "Erster Absatz mit Inhalt.\n\nZweiter Absatz mit Inhalt.\n\nDritter Absatz."


def test_quotes_and_whitespace_are_normalised():
    assert normalize("„Nein“,\u00a0sagte  er – ‚so‘\u200b nicht.") == "\"Nein\", sagte er – 'so' nicht."


def test_inline_photo_credit_is_cut_but_sentence_kept():
    text = "Der Minister sprach vor dem Landtag (Foto: dpa/Max Muster) über den Haushalt."
    assert remove_furniture(text) == "Der Minister sprach vor dem Landtag über den Haushalt."


def test_zum_thema_block_drops_following_headlines_only():
    text = "Inhalt eins ist lang genug.\nZum Thema:\nSchlagzeile A\nSchlagzeile B\nDer Bericht geht weiter."
    assert remove_furniture(text) == "Inhalt eins ist lang genug.\n\nDer Bericht geht weiter."


def test_tail_rule_only_applies_in_second_half():
    early = "Kommentare\nErster Absatz.\nZweiter Absatz.\nDritter Absatz."
    assert "Dritter Absatz." in remove_furniture(early)
    late = "Erster Absatz.\nZweiter Absatz.\nDritter Absatz.\nKommentare (12)\nLeser A: Unsinn!"
    assert "Leser A" not in remove_furniture(late)


def test_a_sentence_mentioning_a_furniture_word_is_kept():
    text = "Viele Leser teilen den Artikel auf Facebook, sagte der Forscher, und abonnieren den Newsletter nie."
    assert remove_furniture(text) == text


def test_rules_can_be_extended_from_a_user_file(tmp_path):
    extra = tmp_path / "extra.toml"
    extra.write_text('[[rule]]\nname = "house-plug"\nkind = "line"\npattern = "Hausmitteilung.*"\n', "utf-8")
    rules = FurnitureRules.load(extra)
    text = "Hausmitteilung: Wir ziehen um.\nDie Nachricht selbst."
    assert remove_furniture(text, rules) == "Die Nachricht selbst."
    assert "Hausmitteilung" in remove_furniture(text)


@pytest.mark.parametrize(
    "toml, message",
    [
        ("[[rule]]\nname='x'\nkind='line'\npattern='('\n", "bad pattern"),
        ("[[rule]]\nname='x'\nkind='paragraph'\npattern='a'\n", "unknown kind"),
        ("[[rule]]\nname='x'\nkind='line'\n", "lacks the field 'pattern'"),
        ("[[rule\n", "not valid TOML"),
    ],
)
def test_bad_rules_give_a_config_error(toml, message):
    with pytest.raises(ConfigError, match=message):
        FurnitureRules.from_toml(toml, "user.toml")


@pytest.mark.parametrize("patterns", [
    ["Hausmitteilung.*", "(?i)anzeige", "(\\w+) \\1"],  # inline flag and back-reference: no joint prefilter
    ["Hausmitteilung.*", "ANZEIGE"],
])
def test_joint_prefilter_agrees_with_the_rules_one_by_one(tmp_path, patterns):
    extra = tmp_path / "extra.toml"
    case = ["false", "true"] + ["false"] * len(patterns)
    extra.write_text("".join(f"[[rule]]\nname = 'r{i}'\nkind = 'line'\npattern = '{p}'\ncase_sensitive = {case[i]}\n"
                             for i, p in enumerate(patterns)), "utf-8")
    rules = FurnitureRules.load(extra)
    paragraphs = ["Hausmitteilung: neu", "ANZEIGE", "Anzeige", "hallo hallo", "Zum Kurzlink", "Foto: dpa",
                  "Der Bericht geht weiter.", "x" * 500]
    for paragraph in paragraphs:
        expected = any(rule.matches(paragraph) for rule in rules.of_kind("line"))
        assert rules.any_matches(paragraph, "line") == expected, paragraph


def test_framing_is_removed_but_names_and_topics_stay():
    from gegenprobe.text import actors, asserted_content

    assert asserted_content("Was die Medien verschweigen: Die Zahlen sind falsch.") == "Die Zahlen sind falsch."
    assert asserted_content("Fakt ist: Die Zahlen steigen nicht.") == "Die Zahlen steigen nicht."
    for kept in ("Skandal um Jens Spahn: Das Ministerium kaufte Masken.", "Die Wahrheit über die Impfung: Sie tötet.",
                 "Der Minister sagte am Montag: Die Brücke bleibt offen.", "Die Polizei berichtet: Drei Festnahmen."):
        assert asserted_content(kept) == kept
    assert actors("Russlands Armee und Washington") == {"Russland", "USA"}
    assert actors("Die Washington Post über die US-Wahl") == frozenset()
