"""Value objects that flow between the stages."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned news article, the unit every stage works on.

    ``text`` holds the clean body with paragraphs separated by blank lines; ``date`` is an ISO date
    (``YYYY-MM-DD``) or ``None``; ``meta`` carries labels and dataset fields (GermanFakeNC ratings,
    GermanTRC roles and statements).
    """

    id: str
    title: str
    text: str
    url: str | None = None
    source: str | None = None
    date: str | None = None
    language: str = "de"
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        known.setdefault("meta", {})
        return cls(**known)


__all__ = ["Article"]
