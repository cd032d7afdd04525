from __future__ import annotations

import pytest

from gegenprobe.text import SentenceSplitter, Tagger, detect_language, keywords, lemma, numbers


@pytest.fixture(scope="module")
def splitter():
    return SentenceSplitter()


@pytest.fixture(scope="module")
def tagger():
    return Tagger()


def test_sentences_respect_german_abbreviations_and_ordinals(splitter):
    text = "Am 24. März 2020 sprach Dr. Müller u. a. über Ludwig XIV. und die Folgen. Danach ging er."
    sentences = splitter.split(text)
    assert [s.text for s in sentences] == [
        "Am 24. März 2020 sprach Dr. Müller u. a. über Ludwig XIV. und die Folgen.",
        "Danach ging er.",
    ]


def test_sentence_spans_point_into_the_text(splitter):
    text = "Erster Satz hier.\n\nZweiter Satz? Ja!"
    for sentence in splitter.split(text):
        assert text[sentence.start : sentence.end] == sentence.text
    assert [s.index for s in splitter.split(text)] == [0, 1, 2]


def test_tokens_keep_hyphenated_compounds(splitter):
    assert "IS-Hochburg" in splitter.tokenize("Die IS-Hochburg fiel am Montag.")


def test_lemmas():
    assert lemma("Häuser") == "Haus"
    assert [lemma(w) for w in ("Kinder", "gingen")] == ["Kind", "gehen"]


def test_tagger_marks_proper_nouns(tagger):
    tagged = tagger.tag(["Angela", "Merkel", "besuchte", "Berlin", "."])
    assert [t.is_proper_noun for t in tagged] == [True, True, False, True, False]
    assert tagged[2].lemma == "besuchen"


def test_compound_splitting(tagger):
    assert tagger.split_compound("Verteidigungsministerium") == ["Verteidigung", "Ministerium"]
    assert tagger.split_compound("Haus") == ["Haus"]


def test_language_identification_offline():
    assert detect_language("Die Bundesregierung hat am Montag neue Regeln beschlossen.").language == "de"
    assert detect_language("The government adopted new rules on Monday.").language == "en"
    assert detect_language("12345 !!!").language == "und"


def test_keywords_rank_the_topic_first():
    text = (
        "Die Elbe in Dresden steigt weiter. Das Hochwasser der Elbe erreicht 6,20 Meter. "
        "Die Stadt Dresden ruft wegen des Hochwassers die Alarmstufe 3 aus."
    )
    words = [word for word, _ in keywords(text, top=5)]
    assert {"Elbe", "Dresden"} & set(words[:3])
    assert keywords("", top=5) == []


def test_a_sentence_limit_gives_the_same_first_sentences_and_reads_only_a_prefix():
    from gegenprobe.text import SentenceSplitter

    splitter = SentenceSplitter()
    text = " ".join(f"Die Stadt baut im Jahr {2000 + n} einen neuen Radweg." for n in range(400))
    limited = splitter.split(text, limit=5)
    assert [s.text for s in limited] == [s.text for s in splitter.split(text[:2000])[:5]]
    huge = text * 200  # one paragraph of ~4 MB: the limit keeps it to a prefix
    assert len(splitter.split(huge, limit=3)) == 3


def test_thousands_grouped_by_spaces_are_one_number():
    """Real case (FANG-COVID): "bis zu 30 000 der 800 000 Lehrer" was read as 30, 000, 800 and 000, so "30.000
    Lehrer" elsewhere looked like other numbers for the same thing."""
    assert numbers("bis zu 30 000 der 800\u202f000 Lehrer, 30.000 Schüler") == ["30.000", "800.000"]
    assert numbers("Im Jahr 2019 500 Teilnehmer, am 3. Oktober") == ["2019", "500", "3"]
    assert numbers("Unter den Toten waren 3 100-Jährige, in der 38.000-Einwohner-Stadt") == ["3", "100", "38.000"]
