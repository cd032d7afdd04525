from __future__ import annotations

import jsonschema
import pytest

from gegenprobe.crosscheck import ClaimCheck, Evidence, Reason
from gegenprobe.detect import ArticleScore, SentenceScore, SignalFinding
from gegenprobe.related import RelatedHit
from gegenprobe.report import CheckReport, json_schema, print_report, render_html, render_markdown, score_bar
from gegenprobe.types import Article

TEXT = "Die Brücke ist akut einsturzgefährdet! Wie Insider berichten, sind zwölf Lager gebrochen.\n\nEnde <b>."


@pytest.fixture
def report() -> CheckReport:
    article = Article(id="q", title="SKANDAL <Brücke>", text=TEXT, url="https://x.example/a", source="x.example",
                      date="2026-03-04")
    sentences = (
        SentenceScore(0, "Die Brücke ist akut einsturzgefährdet!", 0, 38, 0.9, True, ("reißerische Sprache",)),
        SentenceScore(1, "Wie Insider berichten, sind zwölf Lager gebrochen.", 39, 89, 0.8, True,
                      ("Gerüchte und unbelegte Behauptungen: wie insider berichten", "enthält Zahlen")),
        SentenceScore(2, "Ende <b>.", 91, 100, 0.1, False, ()),
    )
    score = ArticleScore(0.93, 1.0, "fake", (SignalFinding("loaded", "aufgeladene Begriffe", 2.0, 4.0,
                                                           ("lügenpresse",)),), sentences)
    related = (RelatedHit("r1", "https://amt.example/b", "amt.example", "Brücke gesperrt", "2026-03-03", 0.91, True,
                          ("r2",), source_kind="fact-checker"),)
    claims = (ClaimCheck(1, sentences[1].text, "contradicted", (Reason.OTHER_NUMBERS,),
                         (Evidence("r1", "amt.example", "Risse an zwei Lagern wurden entdeckt.", 0.7,
                                   "contradicts", 0.8),), supporting_outlets=0, contradicting_outlets=1),)
    return CheckReport(article, score, related, claims, {"total": 0.5})


def test_json_follows_the_schema(report):
    document = report.to_dict()
    jsonschema.validate(document, json_schema())
    assert document["schema"] == "gegenprobe.check/1"
    assert document["claims"][0]["evidence"][0] == {"article_id": "r1", "source": "amt.example",
                                                    "sentence": "Risse an zwei Lagern wurden entdeckt.",
                                                    "similarity": 0.7, "stance": "contradicts", "probability": 0.8}
    claim = document["claims"][0]
    assert claim["reasons"] == ["andere Zahlen"] and claim["reason_codes"] == ["number_mismatch"]
    assert claim["contradicting_outlets"] == 1 and claim["only_in_this_article"]
    broken = {**document, "score": {**document["score"], "label": "maybe"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, json_schema())


def test_html_is_self_contained_escaped_and_german(report):
    page = render_html(report)
    assert page.startswith("<!DOCTYPE html>") and 'lang="de"' in page
    assert "<script" not in page and "http-equiv" not in page
    assert "stylesheet" not in page and "src=" not in page  # no external assets
    assert "SKANDAL &lt;Brücke&gt;" in page and "Ende &lt;b&gt;." in page
    assert "widersprochen" in page and "Gegenprobe der Aussagen" in page and 'name="viewport"' in page
    assert "rgba(220,38,38" in page


def test_terminal_and_markdown(report):
    from rich.console import Console

    console = Console(record=True, width=120)
    print_report(report, console)
    text = console.export_text()
    assert "starke Anzeichen für Desinformation" in text and "widersprochen" in text and "[1]" in text
    assert "| 1 | Wie Insider berichten" in render_markdown(report)
    assert "1.0 / 1.0" in score_bar(1.0).plain


def test_each_related_source_shows_its_kind(report):
    assert "amt.example (Faktencheck)" in render_html(report) and "amt.example (Faktencheck)" in render_markdown(report)
    assert report.to_dict()["related"][0]["source_kind"] == "fact-checker"
