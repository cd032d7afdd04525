"""Turn a raw record into a clean, validated ``Article``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from dateutil import parser as date_parser

from ..errors import ExtractionFailed, NotGerman, TooLarge
from ..settings import IngestSettings
from ..text import FurnitureRules, detect_language, normalize_line, remove_furniture
from ..types import Article
from ._ids import article_id, source_of

_MIN_LANGUAGE_CHARS = 100
# a text's first line is its title only if it is short and a line break follows (a .txt file, a paste); a
# one-paragraph record is all body (FANG-style records without a title would otherwise be all "headline")
MAX_TITLE_CHARS = 200
# timestamps outside these years are read as bad values, not dates (1e20 is no publication date)
_FIRST_YEAR, _LAST_YEAR = 1900, 2200


@dataclass(slots=True)
class RawArticle:
    """Mutable builder a reader fills; frozen into an ``Article`` by ``build_article``."""

    origin: str
    text: str
    title: str = ""
    id: Any = None
    url: str | None = None
    source: str | None = None
    date: Any = None
    meta: dict[str, Any] = field(default_factory=dict)
    # plain text (a .txt file, stdin): the first short line may be promoted to the title
    title_in_text: bool = False


def iso_date(value: Any) -> str | None:
    """An ISO date (``YYYY-MM-DD``) from ISO strings, German ``13.11.2020``, timestamps; else ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float):
        try:
            return _timestamp_date(float(value))
        except OverflowError:  # an integer beyond float range
            return None
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text).strftime("%Y-%m-%d")
    except ValueError:
        pass
    try:
        return date_parser.parse(text, dayfirst=True, fuzzy=True).strftime("%Y-%m-%d")
    except (ValueError, OverflowError):
        return None


def _timestamp_date(seconds: float) -> str | None:
    """A Unix timestamp (seconds or milliseconds) as an ISO date; ``None`` for NaN or values outside 1900-2200."""
    if not math.isfinite(seconds):
        return None
    if abs(seconds) > 1e11:
        seconds /= 1000
    try:
        moment = datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.strftime("%Y-%m-%d") if _FIRST_YEAR <= moment.year <= _LAST_YEAR else None


def _title_and_body(raw: RawArticle, rules: FurnitureRules | None) -> tuple[str, str]:
    body = remove_furniture(raw.text, rules)
    title = normalize_line(raw.title)
    if not title and raw.title_in_text:
        first, _, rest = body.partition("\n\n")
        if rest.strip() and len(first) <= MAX_TITLE_CHARS:
            title, body = normalize_line(first), rest
    first, _, rest = body.partition("\n\n")
    if title and normalize_line(first) == title:
        body = rest  # extractors often repeat the headline as the first paragraph
    return title, body


def build_article(
    raw: RawArticle, settings: IngestSettings, rules: FurnitureRules | None = None
) -> Article:
    """Clean and validate a raw record.

    Raises:
        ExtractionFailed: no body text is left after cleaning, or it is shorter than the minimum.
        TooLarge: the clean text is longer than ``settings.max_text_chars``.
        NotGerman: language identification says the body is not German.
    """
    title, body = _title_and_body(raw, rules)
    if settings.allow_title_only and not title and raw.title_in_text and len(body) <= MAX_TITLE_CHARS:
        title, body = normalize_line(body), ""  # a query typed as one line is a headline
    if settings.allow_title_only and title and not body.strip():
        return Article(id=article_id(raw.id, raw.url, title), url=raw.url or None,
                       source=raw.source or source_of(raw.url), title=title, text="", date=iso_date(raw.date),
                       meta=raw.meta)
    if not body.strip():
        raise ExtractionFailed("no article text found (empty after removing site furniture)", raw.origin)
    if len(body) > settings.max_text_chars:
        raise TooLarge.over(f"the article text ({len(body):,} characters)", settings.max_text_chars, "max_text_chars",
                       raw.origin, unit="characters")
    if len(body) < settings.min_text_chars:
        raise ExtractionFailed(
            f"article text too short ({len(body)} characters, minimum {settings.min_text_chars})", raw.origin
        )
    guess = detect_language(body)
    # language id is unreliable on a few words (short queries); those are let through
    reliable = len(body) >= _MIN_LANGUAGE_CHARS
    if settings.require_german and reliable and (guess.language != "de" or guess.score < settings.min_german_score):
        raise NotGerman(
            f"text is not German (detected {guess.language!r}, confidence {guess.score:.2f})", raw.origin
        )
    return Article(
        id=article_id(raw.id, raw.url, body),
        url=raw.url or None,
        source=raw.source or source_of(raw.url),
        title=title,
        text=body,
        date=iso_date(raw.date),
        language=guess.language,
        meta=raw.meta,
    )
