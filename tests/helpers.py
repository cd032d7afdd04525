"""Test data generators shared by several test modules."""

from __future__ import annotations

import random

SENTENCES = [
    "Die Stadtverwaltung hat am Montag neue Pläne für den Ausbau der Radwege vorgestellt.",
    "Nach Angaben des Bürgermeisters sollen bis zum Jahresende zwölf Kilometer fertig werden.",
    "Kritiker bemängeln, dass die Kosten von mehreren Millionen Euro nicht gedeckt seien.",
    "Der Gemeinderat will im Herbst über die Finanzierung abstimmen.",
    "Anwohner können sich bei einer Informationsveranstaltung im Rathaus äußern.",
    "Die Polizei meldete am Wochenende mehrere Unfälle auf der Bundesstraße.",
    "Wegen des Unwetters fielen in der Region zahlreiche Züge aus.",
    "Das Gesundheitsamt rief die Bevölkerung zu mehr Vorsicht auf.",
    "Die Landesregierung kündigte ein Förderprogramm für kleine Betriebe an.",
    "Der Verband der Industrie rechnet mit einem schwierigen Jahr.",
]


def synthetic_articles(count: int, seed: int = 7) -> list[dict]:
    """Distinct German articles built from stock sentences and a unique number each."""
    rng = random.Random(seed)
    articles = []
    for index in range(count):
        body = " ".join(rng.sample(SENTENCES, 6))
        text = f"{body}\n\nIm Jahr {1900 + index % 120} wurde die Vorgängerregelung Nummer {index} beschlossen. {body}"
        articles.append({"id": f"syn-{index}", "title": f"Meldung {index}: Neue Pläne der Stadt", "text": text,
                         "date": f"2026-01-{1 + index % 28:02d}", "url": f"https://lokal.example/meldung/{index}"})
    return articles
