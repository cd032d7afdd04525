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


class HashingEncoder:
    """A deterministic stand-in for the sentence encoders in unit tests of index mechanics: a bag of lower-cased
    words hashed into 64 dimensions, so texts sharing words are close. No model to load; quality is tested with
    the real encoders (tests marked ``e5``)."""

    name = "test-hashing"
    dim = 64

    def encode(self, texts: list[str]):
        import hashlib

        import numpy as np

        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)

    def encode_queries(self, texts: list[str]):
        return self.encode(texts)
