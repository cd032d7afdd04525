"""What a sentence asserts, without the framing around it: "Was die Medien Ihnen nicht sagen: Die Brücke ist
einsturzgefährdet!" asserts "Die Brücke ist einsturzgefährdet!". Negation and hedging are judged on the asserted
part; the framing itself is a rhetorical signal, not part of the claim."""

from __future__ import annotations

import re

from ._analysis import entities

# a short lead-in before a colon that talks about telling, hiding or the truth, not about the event
_FRAMING_LEAD = re.compile(
    r"^[^:]{0,80}\b(sag\w*|verschweig\w*|verheimlich\w*|wahrheit|fakt ist|fakten|achtung|eilmeldung|breaking|"
    r"unglaublich|lesen sie|hören sie|sehen sie)\b[^:]{0,40}:\s+",
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
    if stripped != sentence and _is_content(sentence[: len(sentence) - len(stripped)]):
        stripped = sentence
    return _FRAMING_PHRASES.sub("", stripped).strip()


_SPEAKER = re.compile(r"\b(sagte\w*|sagt|sagen|erklärt\w*|betont\w*|teilt\w*|berichtet\w*|meldet\w*|warn\w*)\b",
                      re.IGNORECASE)
_ADDRESS = re.compile(r"\b(ihnen|euch|dir|sie nicht|nicht)\b", re.IGNORECASE)
_CONCEALMENT = re.compile(r"\b(ihnen|euch|dir|nicht|verschweig\w*|verheimlich\w*)\b", re.IGNORECASE)


def _is_content(lead: str) -> bool:
    """A lead-in is framing when it is a short interjection ("Achtung:", "Fakt ist:") or tells the reader what
    is hidden ("Was die Medien Ihnen nicht sagen:") without naming anyone; it is content when it names who said
    it ("Der Minister sagte am Montag:"), names a person ("Skandal um Jens Spahn:") or gives the topic ("Die
    Wahrheit über die Impfung:")."""
    if _SPEAKER.search(lead) and not _ADDRESS.search(lead):
        return True
    if entities(lead):
        return True
    return not (len(lead.split()) <= 3 or _CONCEALMENT.search(lead))
