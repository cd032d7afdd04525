"""Turn a raw record into a clean, validated ``Article``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dateutil import parser as date_parser

from ..errors import ExtractionFailed, NotGerman
from ..settings import IngestSettings
from ..text import FurnitureRules, detect_language, normalize_line, remove_furniture
from ..types import Article
from ._ids import article_id, source_of

_MIN_LANGUAGE_CHARS = 100


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


def iso_date(value: Any) -> str | None:
    """An ISO date (``YYYY-MM-DD``) from ISO strings, German ``13.11.2020``, timestamps; else ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value / 1000 if value > 1e11 else value).strftime("%Y-%m-%d")
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text).strftime("%Y-%m-%d")
    except ValueError:
        pass
    try:
        return date_parser.parse(text, dayfirst=True, fuzzy=True).strftime("%Y-%m-%d")
    except (ValueError, OverflowError):
        return None


def _title_and_body(raw: RawArticle, rules: FurnitureRules | None) -> tuple[str, str]:
    body = remove_furniture(raw.text, rules)
    title = normalize_line(raw.title)
    if not title and body:
        # plain text: the first non-furniture line is the title
        first, _, rest = body.partition("\n\n")
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
        NotGerman: language identification says the body is not German.
    """
    title, body = _title_and_body(raw, rules)
    if settings.allow_title_only and title and not body.strip():
        return Article(id=article_id(raw.id, raw.url, title), url=raw.url or None,
                       source=raw.source or source_of(raw.url), title=title, text="", date=iso_date(raw.date),
                       meta=raw.meta)
    if not body.strip():
        raise ExtractionFailed("no article text found (empty after removing site furniture)", raw.origin)
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
