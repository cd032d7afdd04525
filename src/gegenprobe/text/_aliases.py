"""Actors German news names in several ways ("die USA", "Washington", "die Vereinigten Staaten"): the forms of
``aliases_de.toml`` mapped to one canonical name, so that two sentences can be compared on who acts."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _aliases() -> tuple[tuple[re.Pattern[str], str], ...]:
    data = tomllib.loads(resources.files("gegenprobe.text").joinpath("aliases_de.toml").read_text("utf-8"))
    # whole word, genitive s allowed; not in a compound ("US-Wahl") nor in a name that merely starts with a
    # place ("Washington Post", "Paris Hilton"): German capitalises every noun, so only known ones are excluded
    return tuple((re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, entry["forms"])) + r")s?(?![\w-])"
                             r"(?!\s+(?:Post|Times|Hilton|Journal|Capitals|Nationals)\b)"), entry["name"])
                 for entry in data["alias"])


def actors(text: str) -> frozenset[str]:
    """The canonical names of the known actors ``text`` mentions in any of their forms.

    >>> sorted(actors("Washington warnte Moskau."))
    ['Russland', 'USA']
    """
    return frozenset(name for pattern, name in _aliases() if pattern.search(text))
