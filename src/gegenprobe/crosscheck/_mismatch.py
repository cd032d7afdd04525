"""Explicit signals that a claim and an evidence sentence agree or disagree, without an NLI model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from ..text import lexical_terms


class Reason(StrEnum):
    """Why a claim got its verdict; the report turns each into words (labels live only in ``report``)."""

    NEGATION = "negation_mismatch"
    OTHER_NUMBERS = "number_mismatch"
    DENIAL = "denial"
    OPPOSITE = "antonym"
    SWAPPED_ROLES = "swapped_actors"
    CONFIRMED = "confirmation"
    SAME_STATEMENT = "same_statement"
    CLAIM_HEDGED = "claim_hedged"
    SIMILAR_UNCLEAR = "similar_unclear"
    CONTRADICTED = "contradicted_by_evidence"
    ONLY_COPIES = "only_copies"
    NO_RELATED_COVERAGE = "no_related_coverage"
    NO_MATCHING_SENTENCE = "no_matching_sentence"


# enough on their own: other numbers for the same counted thing, a denial, an opposite
HARD_CONFLICTS = frozenset({Reason.OTHER_NUMBERS, Reason.DENIAL, Reason.OPPOSITE})

NEGATION = re.compile(r"\b(nicht|kein\w*|nie|niemals|nirgends|weder|keinesfalls|ohne|nichts)\b", re.IGNORECASE)
# where a negation's reach ends: punctuation, quotes, subordinating conjunctions, and "und"/"aber"/"doch"/"denn"
# only after a comma (alone they are often particles: "Die Masken schützen aber nicht")
_CLAUSE_BREAK = re.compile(r"(,?\s*\b(?:dass|ob|sondern|weil|wenn|während)\b|,\s*(?:und|aber|doch|denn)\b|"
                           r"[,;:()\"„“”«»–—])", re.IGNORECASE)
# "Es gibt keine Belege, dass X" / "Es stimmt nicht, dass X": the negation reaches into the clause it introduces
_CARRIES = re.compile(r"\b(dass|ob)\b", re.IGNORECASE)
_DENIAL = re.compile(
    r"\b(dementier\w*|bestritt\w*|bestreit\w*|wies\b.{0,60}\bzurück|zurückgewiesen|widersprach\w*|widerspricht|"
    r"weigerte\w* sich|(?:ist|sei|sind|seien|war|als)\s+(?:\w+\s+)?falsch|unwahr\w*|erfunden\w*|haltlos\w*|"
    r"verneint\w*)\b",
    re.IGNORECASE,
)
_CONFIRM = re.compile(r"\b(bestätigt\w*|bekräftigt\w*|räumte\w* ein|eingeräumt)\b", re.IGNORECASE)
HEDGE = re.compile(r"\b(angeblich\w*|offenbar|vermutlich|mutmaßlich\w*|soll(en|te|ten)?|möglicherweise|wohl|"
                   r"könnte\w*|scheint|scheinbar|wie insider berichten|gerüchten zufolge)\b", re.IGNORECASE)
_NUMBER_WORDS = {
    "null": "0", "ein": "1", "eine": "1", "einen": "1", "einem": "1", "einer": "1", "zwei": "2", "drei": "3",
    "vier": "4", "fünf": "5", "sechs": "6", "sieben": "7", "acht": "8", "neun": "9", "zehn": "10", "elf": "11",
    "zwölf": "12", "zwanzig": "20", "dreißig": "30", "hundert": "100", "tausend": "1000",
}
# thousands grouped by a dot or a (narrow, no-break) space ("30 000 der 800 000 Lehrer" is two numbers, not four)
_NUMBER = re.compile(r"\b(\d{1,3}(?:\.\d{3})+(?!\d)|\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?![\d-])|\d+(?:,\d+)?|"
                     + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+(?:Millionen\s+|Milliarden\s+|Prozent\s+)?([A-Za-zÄÖÜäöüß-]+)")
_ANTONYMS = [
    ("gestiegen", "gesunken"), ("steigt", "sinkt"), ("erhöht", "gesenkt"), ("mehr", "weniger"),
    ("geöffnet", "geschlossen"), ("aufgehoben", "verlängert"), ("gewonnen", "verloren"),
    ("zugestimmt", "abgelehnt"), ("angenommen", "abgelehnt"), ("standsicher", "einsturzgefährdet"),
    ("sicher", "gefährlich"), ("gesund", "krank"), ("lebend", "tot"), ("freigelassen", "festgenommen"),
    ("erlaubt", "verboten"), ("beginnt", "endet"), ("ja", "nein"),
]


def _numbers(text: str) -> list[tuple[str, str]]:
    """``(value, counted noun)`` pairs: "zwölf Lager" -> ("12", "lager"), "38.000 Fahrzeuge" -> ("38000", ...)."""
    values = []
    for match in _NUMBER.finditer(text):
        raw = match.group().lower()
        following = _NEXT_WORD.match(text, match.end())
        noun = lexical_terms(following.group(1))[:1] if following else []
        digits = re.sub(r"[.\u00a0\u202f ]", "", raw)
        values.append((_NUMBER_WORDS.get(raw, digits), noun[0] if noun else ""))
    return values


NEGATION_OVERLAP = 0.4


def _content(text: str) -> set[str]:
    return set(lexical_terms(_NUMBER.sub(" ", text)))


@dataclass(frozen=True, slots=True)
class Comparison:
    """What a claim/evidence pair has in common and where they part."""

    overlap: float
    evidence_overlap: float
    negation_mismatch: bool
    number_mismatch: bool
    denial: bool
    confirmation: bool
    antonym: bool
    swapped_actors: bool
    claim_hedged: bool

    @property
    def hard_conflict(self) -> bool:
        return bool(HARD_CONFLICTS & set(self.conflicts))

    @property
    def conflicts(self) -> list[Reason]:
        found = (Reason.NEGATION, Reason.OTHER_NUMBERS, Reason.DENIAL, Reason.OPPOSITE, Reason.SWAPPED_ROLES)
        return [reason for reason in found if getattr(self, reason.value)]


def _number_mismatch(claim: str, evidence: str) -> bool:
    """Both count the same thing ("Lager", "Wochen", "Grad"), but with different numbers."""
    claimed, reported = _numbers(claim), _numbers(evidence)
    for value, noun in claimed:
        others = {v for v, n in reported if n == noun and noun}
        if others and value not in others:
            return True
    a, b = {v for v, _ in claimed}, {v for v, _ in reported}
    # bare numbers (scores, dates) that share nothing at all
    return bool(a and b and not a & b and all(not n for _, n in claimed + reported))


def _antonym(claim: str, evidence: str) -> bool:
    """One sentence has a word whose opposite only the other has (whole words: "mehr" is not in "mehrere")."""
    c, e = set(re.findall(r"\w+", claim.lower())), set(re.findall(r"\w+", evidence.lower()))
    return any((x in c and y in e and y not in c) or (y in c and x in e and x not in c) for x, y in _ANTONYMS)


def _order(text: str, names: list[str]) -> list[str]:
    positions = sorted((text.find(n), n) for n in names if n in text)
    return [n for _, n in positions]


def _swapped(claim: str, evidence: str, names: list[str]) -> bool:
    """The same two names act in both sentences, but in reverse order ("A beschuldigt B" / "B beschuldigt A")."""
    shared = [n for n in names if n in claim and n in evidence]
    if len(shared) < 2:
        return False
    return _order(claim, shared)[:2] == list(reversed(_order(evidence, shared)[:2]))


def _negated_terms(text: str) -> set[str]:
    """The content words of the clauses that hold a negation, and of a "dass"/"ob" clause a negation introduces."""
    parts = _CLAUSE_BREAK.split(text)  # clauses at even positions, the breaks between them at odd ones
    terms: set[str] = set()
    carried = False
    for i in range(0, len(parts), 2):
        own = bool(NEGATION.search(parts[i]))
        if own or carried:
            terms |= _content(parts[i])
        carried = own and i + 1 < len(parts) and bool(_CARRIES.search(parts[i + 1]))
    return terms


def compare(claim: str, evidence: str, names: list[str]) -> Comparison:
    """Compare a claim with one evidence sentence; ``names`` are the entities found in the claim."""
    claim_terms, evidence_terms = _content(claim), _content(evidence)
    overlap = len(claim_terms & evidence_terms) / max(len(claim_terms), 1)
    # a negation only matters when the two sentences otherwise say much the same, and when it negates what they
    # share (real case: "Alle Patienten erhalten die beste Therapie" against a claim that adds "zu keinem
    # Zeitpunkt wurde jemand nicht beatmet" in another clause)
    shared = claim_terms & evidence_terms
    negated_apart = (_negated_terms(claim) & shared) ^ (_negated_terms(evidence) & shared)
    negation = bool(negated_apart) and overlap >= NEGATION_OVERLAP
    return Comparison(
        overlap=overlap,
        evidence_overlap=len(claim_terms & evidence_terms) / max(len(evidence_terms), 1),
        negation_mismatch=negation,
        number_mismatch=_number_mismatch(claim, evidence),
        denial=bool(_DENIAL.search(evidence)) and not _DENIAL.search(claim),
        confirmation=bool(_CONFIRM.search(evidence)) and not _DENIAL.search(evidence),
        antonym=_antonym(claim, evidence),
        swapped_actors=_swapped(claim, evidence, names),
        claim_hedged=bool(HEDGE.search(claim)),
    )
