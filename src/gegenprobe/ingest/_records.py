"""Map JSON records (plain articles, FANG-COVID, GermanFakeNC, GermanTRC) to raw articles."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from ..errors import MalformedInput, NeedsFetch
from ._build import RawArticle, iso_date

# field -> accepted keys, first match wins (FANG-COVID: header/article; GermanFakeNC: Title/Text/Date/URL)
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "ID", "Id", "_id", "article_id"),
    "url": ("url", "URL", "Url", "link", "href"),
    "source": ("source", "Source", "publisher", "site", "domain"),
    "title": ("title", "Title", "header", "headline", "Headline", "Header", "titel", "Titel"),
    "text": ("text", "Text", "article", "body", "Body", "content", "Article", "maintext"),
    "date": ("date", "Date", "published", "date_publish", "publication_date", "datum", "Datum"),
    "label": ("label", "Label", "class"),
}
_TRC_KEY = re.compile(r"^ID\s*=\s*(\d+)$")
_FAKENC_MARKERS = ("Ratio_of_Fake_Statements", "Overall_Rating", "False_Statement_1")
_DATASET_FIELDS = re.compile(r"^(False_Statement_\d.*|True_Statement_\d.*|Ratio_of_Fake_Statements|Overall_Rating)$")


def _pick(record: dict[str, Any], field: str) -> Any:
    for key in ALIASES[field]:
        if key in record and record[key] not in (None, ""):
            return _checked(key, record[key], field)
    return None


def _checked(key: str, value: Any, field: str) -> Any:
    """``value`` if it suits ``field``; a bad value is this record's error (never a traceback, never a repr)."""
    if field in ("title", "text", "url", "source") and not isinstance(value, str):
        raise _BadField(key, f"must be a string, got {_kind(value)}")
    if field == "id" and (isinstance(value, bool) or not isinstance(value, str | int)):
        raise _BadField(key, f"must be a string or a whole number, got {_kind(value)}")
    if field == "date":
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise _BadField(key, f"must be a date string or a timestamp, got {_kind(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            raise _BadField(key, f"is {value!r}, not a date")
        if isinstance(value, int | float) and iso_date(value) is None:
            raise _BadField(key, f"{value!r} is not a timestamp between 1900 and 2200")
    return value


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "true/false"}.get(type(value), type(value).__name__)


class _BadField(Exception):
    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"field {key!r} {problem}")


def record_to_raw(record: Any, origin: str) -> RawArticle:
    """A plain article record with any of the aliased field names.

    Raises:
        MalformedInput: not an object, no text and no title, or a field of the wrong type or range.
        NeedsFetch: a URL but no text.
    """
    try:
        return _record_to_raw(record, origin)
    except _BadField as exc:
        raise MalformedInput(str(exc), origin) from None


def _record_to_raw(record: Any, origin: str) -> RawArticle:
    if not isinstance(record, dict):
        raise MalformedInput(f"expected a JSON object, got {type(record).__name__}", origin)
    text = _pick(record, "text")
    if text is None and _pick(record, "title") is None:
        url = _pick(record, "url")
        if url:
            raise NeedsFetch(f"record has no text; fetch {url} to use it", origin)
        raise MalformedInput("record has neither 'text' nor 'title' (or an alias such as 'article')", origin)
    # an exported Article keeps its meta (labels, GermanTRC roles) nested; dataset fields sit at the top
    meta = dict(record["meta"]) if isinstance(record.get("meta"), dict) else {}
    meta.update({key: value for key, value in record.items() if _DATASET_FIELDS.match(key)})
    label = _pick(record, "label")
    if label is not None:
        meta["label"] = label
    return RawArticle(
        origin=origin,
        text=str(text or ""),
        title=str(_pick(record, "title") or ""),
        id=_pick(record, "id"),
        url=_pick(record, "url"),
        source=_pick(record, "source"),
        date=_pick(record, "date"),
        meta=meta,
    )


def is_germanfakenc(data: Any) -> bool:
    return isinstance(data, list) and any(
        isinstance(item, dict) and any(marker in item for marker in _FAKENC_MARKERS) for item in data[:20]
    )


def is_germantrc(data: Any) -> bool:
    return isinstance(data, dict) and bool(data) and all(_TRC_KEY.match(str(key)) for key in list(data)[:20])


def germanfakenc_records(data: list[Any], origin: str) -> Iterator[RawArticle | NeedsFetch | MalformedInput]:
    """GermanFakeNC: a list of rated fake-news records; records without text need a fetch."""
    for index, record in enumerate(data):
        item_origin = f"{origin}[{index}]"
        try:
            raw = record_to_raw(record, item_origin)
        except (NeedsFetch, MalformedInput) as exc:
            yield exc
            continue
        raw.meta.setdefault("label", "fake")
        raw.meta["dataset"] = "GermanFakeNC"
        yield raw


def _trc_member(record: Any, origin: str, topic: str, role: str) -> RawArticle:
    raw = record_to_raw(record, origin)
    raw.meta.update({"dataset": "GermanTRC", "trc_topic": topic, "trc_role": role})
    raw.meta.setdefault("label", {"fake": "fake", "true": "real"}.get(role))
    if raw.meta["label"] is None:
        raw.meta.pop("label")
    return raw


def germantrc_records(data: dict[str, Any], origin: str) -> Iterator[RawArticle | NeedsFetch | MalformedInput]:
    """GermanTRC: ``{"ID = n": [fake, [true...], [crawled...]]}``, roles kept in ``meta``."""
    for key, bundle in data.items():
        topic = _TRC_KEY.match(str(key)).group(1)  # type: ignore[union-attr]
        if not isinstance(bundle, list) or len(bundle) != 3:
            yield MalformedInput(f"topic {key!r} must be a list [fake, [true...], [crawled...]]", origin)
            continue
        fake, trues, crawled = bundle
        if not all(isinstance(part, list | None) for part in (trues, crawled)):
            yield MalformedInput(f"topic {key!r}: the true and crawled parts must be lists", origin)
            continue
        members = [("fake", fake)] + [("true", t) for t in trues or []] + [("crawled", c) for c in crawled or []]
        for position, (role, record) in enumerate(members):
            item_origin = f"{origin}[{key}][{role} {position}]"
            try:
                yield _trc_member(record, item_origin, topic, role)
            except (NeedsFetch, MalformedInput) as exc:
                yield exc
