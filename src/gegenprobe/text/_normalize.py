"""Character-level normalisation: quotes, dashes, invisible characters, whitespace."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({
    "„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‟": '"', "″": '"',
    "‚": "'", "‘": "'", "’": "'", "‹": "'", "›": "'", "`": "'", "´": "'",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
})
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def normalize(text: str) -> str:
    """NFC, straight quotes, no invisible characters, single spaces, paragraphs split by one blank line.

    >>> normalize("„Hallo“\u00a0 Welt\\n\\n\\n\\nzwei")
    '"Hallo" Welt\\n\\nzwei'
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text.translate(_QUOTES))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def normalize_line(text: str) -> str:
    """Normalise a one-line field such as a title."""
    return " ".join(normalize(text).split())
