"""Reasons shown to users: which signals stand out against ordinary news, and why a sentence is flagged."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ._signals import LABELS, SIGNAL_NAMES, SignalReport

# how far above ordinary (real-news) articles a signal must be to be named, in standard deviations
ELEVATED_Z = 1.5
_EVENT_VERBS = re.compile(
    r"\b(beschlo(ss|ssen)|beschließt|kündigte?n? an|starb(en)?|getötet|verletzt|festgenommen|verhaftet|gestiegen|"
    r"gesunken|stieg|sank|meldete|bestätigte|dementierte|verbot(en)?|eingeführt|gesperrt|ausgerufen|"
    r"entdeckt|nachgewiesen|gebrochen|eingestürzt|ausgelöst|verursacht|angeordnet|erreicht(e)?|plant|planen|"
    r"geplant)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\b(\d[\d.,]*|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|"
                     r"hundert\w*|tausend\w*|Millionen|Milliarden|Prozent|Hälfte|Drittel|Dutzend\w*)\b",
                     re.IGNORECASE)
_DATE = re.compile(r"\b(\d{1,2}\.\s?(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
                   r"Dezember)|(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)|\d{4})\b")
_ATTRIBUTION = re.compile(r"\b(laut|nach angaben|zufolge|sagte|erklärte|teilte|berichtete|bestätigte)\b",
                          re.IGNORECASE)
# ", so der Minister": "so" alone is mostly an adverb ("So weit ist es gekommen")
_SO_ATTRIBUTION = re.compile(r",\s*so\s+(?:der|die|das|ein|eine|[A-ZÄÖÜ])")


@dataclass(frozen=True, slots=True)
class SignalFinding:
    """A signal that stands out in this article, with the words that triggered it."""

    name: str
    label: str
    value: float
    z: float
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "label": self.label, "value": round(self.value, 3), "z": round(self.z, 2),
                "evidence": list(self.evidence)}


def notable_signals(report: SignalReport, mean: np.ndarray, std: np.ndarray) -> tuple[SignalFinding, ...]:
    """Signals well above ordinary news, strongest first; scarce attribution is reported too."""
    z = (report.vector() - mean) / np.maximum(std, 1e-6)
    findings = []
    for i, name in enumerate(SIGNAL_NAMES):
        if name == "attribution":
            if z[i] <= -1.0:
                findings.append(SignalFinding(name, "kaum Quellenangaben", report.values[name], float(z[i]), ()))
            continue
        if name in ("quotes", "numbers"):
            continue  # ordinary reporting has these too; they are no warning sign
        if z[i] >= ELEVATED_Z:
            findings.append(SignalFinding(name, LABELS[name], report.values[name], float(z[i]),
                                          report.evidence.get(name, ())))
    return tuple(sorted(findings, key=lambda f: -abs(f.z)))


@dataclass(frozen=True, slots=True)
class Checkworthiness:
    score: float
    reasons: tuple[str, ...]


def checkworthiness(sentence: str, names: list[str]) -> Checkworthiness:
    """A factual claim names someone or something, gives numbers or dates, attributes, or reports an event."""
    reasons = []
    if names:
        reasons.append(f"nennt {', '.join(names[:3])}")
    if _NUMBER.search(sentence):
        reasons.append("enthält Zahlen")
    if _DATE.search(sentence):
        reasons.append("enthält eine Zeitangabe")
    if _EVENT_VERBS.search(sentence):
        reasons.append("berichtet ein Ereignis")
    if _ATTRIBUTION.search(sentence) or _SO_ATTRIBUTION.search(sentence):
        reasons.append("beruft sich auf eine Quelle")
    score = min(1.0, 0.25 * len(reasons))
    if sentence.rstrip().endswith("?"):
        score *= 0.5  # a question asserts nothing
    return Checkworthiness(score, tuple(reasons))
