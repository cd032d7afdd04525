"""Honest splits of a labelled corpus: by publisher, by time, and at random."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import ConfigError
from ..types import Article

SPLITS = ("publisher", "temporal", "random")
# the FANG-COVID paper's publisher split: these outlets are never seen in training
PUBLISHER_TEST = ("sueddeutsche.de", "freiewelt.net", "compact-online.de", "kopp-report.de", "anonymousnews.ru")
TEMPORAL_CUT = "2020-10-01"


@dataclass(frozen=True, slots=True)
class Split:
    name: str
    train: list[Article]
    test: list[Article]


def label_of(article: Article) -> int:
    label = str(article.meta.get("label", "")).lower()
    if label in ("fake", "1", "true", "disinformation"):
        return 1
    if label in ("real", "0", "false"):
        return 0
    raise ConfigError(f"article {article.id} has no usable label ({label!r}); expected fake or real")


def publisher_of(article: Article) -> str:
    return article.meta.get("publisher") or article.source or "?"


def make_split(articles: Sequence[str | Article], name: str, seed: int = 13,
               test_publishers: Sequence[str] = PUBLISHER_TEST) -> Split:
    """Split labelled articles; ``publisher`` keeps whole outlets apart, ``temporal`` cuts at October 2020."""
    items = [a for a in articles if isinstance(a, Article)]
    if name == "publisher":
        test = [a for a in items if publisher_of(a) in test_publishers]
        train = [a for a in items if publisher_of(a) not in test_publishers]
    elif name == "temporal":
        dated = [a for a in items if a.date]
        train = [a for a in dated if a.date < TEMPORAL_CUT]  # type: ignore[operator]
        test = [a for a in dated if a.date >= TEMPORAL_CUT]  # type: ignore[operator]
    elif name == "random":
        shuffled = sorted(items, key=lambda a: a.id)
        random.Random(seed).shuffle(shuffled)
        cut = int(len(shuffled) * 0.8)
        train, test = shuffled[:cut], shuffled[cut:]
    else:
        raise ConfigError(f"unknown split {name!r}; choose one of {', '.join(SPLITS)}")
    if not train or not test:
        raise ConfigError(f"the {name} split leaves an empty train or test set ({len(train)}/{len(test)})")
    return Split(name, train, test)


def model_input(article: Article) -> str:
    """The text a detector reads: headline, a blank line, body (the headline empty if the article has none)."""
    return f"{article.title}\n\n{article.text}"
