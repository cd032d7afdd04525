"""What a sentence asserts, without the framing around it: "Was die Medien Ihnen nicht sagen: Die Brücke ist
einsturzgefährdet!" asserts "Die Brücke ist einsturzgefährdet!". Negation and hedging are judged on the asserted
part; the framing itself is a rhetorical signal, not part of the claim."""

from __future__ import annotations

import re

# a short lead-in before a colon that talks about telling, hiding or knowing, not about the event
_FRAMING_LEAD = re.compile(
    r"^[^:]{0,80}\b(sag\w*|verschweig\w*|berichte\w*|wiss\w*|wuss\w*|erfahr\w*|verrat\w*|wahrheit|fakt\w*|"
    r"achtung|eilmeldung|skandal|breaking|unglaublich|lesen sie|hören sie|sehen sie)\b[^:]{0,40}:\s+",
    re.IGNORECASE)
# framing phrases inside a sentence that attribute without asserting ("wie Insider berichten")
_FRAMING_PHRASES = re.compile(
    r",?\s*\b(wie (?:insider|kritiker|experten|beobachter|medien|quellen) (?:berichten|behaupten|sagen|meinen)|"
    r"gerüchten zufolge|so heißt es|heißt es)\b,?", re.IGNORECASE)


def asserted_content(sentence: str) -> str:
    """The sentence without a framing lead-in before a colon and without attribution phrases.

    >>> asserted_content("Was die Systemmedien Ihnen nicht sagen: Die Brücke ist akut einsturzgefährdet!")
    'Die Brücke ist akut einsturzgefährdet!'
    >>> asserted_content("Der Minister sagte am Montag: Die Brücke bleibt offen.")
    'Der Minister sagte am Montag: Die Brücke bleibt offen.'
    """
    stripped = _FRAMING_LEAD.sub("", sentence, count=1)
    if stripped != sentence and _names_a_speaker(sentence[: len(sentence) - len(stripped)]):
        stripped = sentence  # "Der Minister sagte: …" reports a speaker's statement; that is content
    return _FRAMING_PHRASES.sub("", stripped).strip()


_SPEAKER = re.compile(r"\b(sagte|sagt|erklärte|betonte|teilte|berichtete|meldete)\b", re.IGNORECASE)
_ADDRESS = re.compile(r"\b(ihnen|euch|dir|sie nicht|nicht)\b", re.IGNORECASE)


def _names_a_speaker(lead: str) -> bool:
    """A lead-in like "Der Minister sagte am Montag:" names who said it; "Was man Ihnen nicht sagt:" does not."""
    return bool(_SPEAKER.search(lead)) and not _ADDRESS.search(lead)
