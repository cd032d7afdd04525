from __future__ import annotations

import random

import pytest

from gegenprobe.detect import train_detector
from gegenprobe.types import Article

REAL = [
    "Das Gesundheitsamt teilte am Montag mit, dass die Zahl der Fälle auf 23 gestiegen sei.",
    "Nach Angaben des Ministeriums werden die Regeln bis Ende März verlängert.",
    "Der Sprecher der Stadt sagte, die Arbeiten würden voraussichtlich sechs Wochen dauern.",
    "Laut Polizei wurde bei dem Unfall niemand schwer verletzt.",
    "Die Landesregierung kündigte ein Förderprogramm über 40 Millionen Euro an.",
    "Wie das Statistische Bundesamt berichtete, sank die Arbeitslosigkeit im Mai leicht.",
    "Der Bürgermeister erklärte auf Anfrage, die Entscheidung falle im Herbst.",
    "Das Robert-Koch-Institut meldete 1.200 neue Infektionen binnen eines Tages.",
]
FAKE = [
    "Die Lügenpresse verschweigt, was wirklich hinter der Plandemie steckt!",
    "Wie Insider berichten, plant das Merkel-Regime angeblich einen geheimen Impfzwang.",
    "SKANDAL: Die Systemmedien vertuschen die Wahrheit über die Corona-Diktatur!",
    "Wacht auf! Die Globalisten wollen uns alle kontrollieren.",
    "Offenbar steckt die Elite dahinter – wer profitiert davon?",
    "Teilen Sie diesen Artikel, bevor er gelöscht wird! Die Zensur ist überall.",
    "Unglaublich: Die Marionetten in Berlin verraten das eigene Volk!",
    "Was Ihnen die Mainstream-Medien nicht sagen: Die Gleichschaltung ist komplett.",
]
PUBLISHERS = {0: ["echt-a.example", "echt-b.example", "echt-c.example"],
              1: ["falsch-a.example", "falsch-b.example", "falsch-c.example"]}


def tiny_corpus(n_per_class: int = 36, seed: int = 3) -> list[Article]:
    """Short German articles in two styles, from six outlets and two halves of 2020."""
    rng = random.Random(seed)
    articles = []
    for label, pool in ((0, REAL), (1, FAKE)):
        for i in range(n_per_class):
            body = " ".join(rng.sample(pool, 5))
            month = 3 + (i % 2) * 7
            articles.append(Article(
                id=f"{label}-{i}", title=pool[i % len(pool)][:60], text=body, date=f"2020-{month:02d}-{1 + i % 27:02d}",
                source=PUBLISHERS[label][i % 3], meta={"label": "fake" if label else "real"},
            ))
    return articles


@pytest.fixture(scope="session")
def tiny_bundle():
    return train_detector(tiny_corpus(), split="all", params={"char_ngrams": (2, 4), "folds": 3}).bundle
