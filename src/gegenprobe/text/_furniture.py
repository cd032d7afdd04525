"""Rule-based removal of site furniture; the rules live in ``furniture.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import ConfigError
from ._normalize import normalize

_KINDS = ("line", "inline", "block", "tail")
# furniture is short; a rule without max_chars skips longer paragraphs (halves cleaning time on FANG-COVID)
_DEFAULT_MAX_CHARS = 400
# a headline-like paragraph in a "Zum Thema:" block: short and without a closing full stop
_BLOCK_ITEM = re.compile(r"^.{1,160}$")
_BLOCK_ITEM_END = re.compile(r"[.!?:\"]$")


@dataclass(frozen=True, slots=True)
class FurnitureRule:
    name: str
    kind: str
    pattern: re.Pattern[str]
    requires: re.Pattern[str] | None = None
    max_chars: int = _DEFAULT_MAX_CHARS

    def matches(self, paragraph: str) -> bool:
        if len(paragraph) > self.max_chars:
            return False
        if self.requires is not None and not self.requires.search(paragraph):
            return False
        return self.pattern.fullmatch(paragraph) is not None


def _compile_rule(raw: dict[str, object], origin: str) -> FurnitureRule:
    try:
        name, kind, pattern = str(raw["name"]), str(raw["kind"]), str(raw["pattern"])
        if kind not in _KINDS:
            raise ConfigError(f"{origin}: rule {name!r} has unknown kind {kind!r} (use one of {_KINDS})")
        flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
        requires = raw.get("requires")
        max_chars = raw.get("max_chars")
        return FurnitureRule(
            name=name,
            kind=kind,
            pattern=re.compile(pattern, flags),
            requires=re.compile(str(requires), re.IGNORECASE) if requires else None,
            max_chars=int(max_chars) if max_chars is not None else _DEFAULT_MAX_CHARS,  # type: ignore[call-overload]
        )
    except KeyError as exc:
        raise ConfigError(f"{origin}: a furniture rule lacks the field {exc.args[0]!r}") from exc
    except re.error as exc:
        raise ConfigError(f"{origin}: rule {raw.get('name')!r} has a bad pattern: {exc}") from exc


_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


def _prefilter(rules: tuple[FurnitureRule, ...]) -> tuple[int, tuple[re.Pattern[str], ...] | None]:
    """One alternation per case mode: it fullmatches a paragraph whenever any rule's pattern does, so most
    paragraphs are cleared with two regex calls instead of one call per rule. ``None`` where patterns cannot be
    joined (back-references, inline global flags, repeated group names in user rules)."""
    longest = max((rule.max_chars for rule in rules), default=0)
    if any(_BACKREFERENCE.search(rule.pattern.pattern) for rule in rules):
        return longest, None
    patterns = []
    try:
        for flags in (0, re.IGNORECASE):
            alternatives = [rule.pattern.pattern for rule in rules if rule.pattern.flags & re.IGNORECASE == flags]
            if alternatives:
                patterns.append(re.compile("|".join(f"(?:{a})" for a in alternatives), flags))
    except re.error:
        return longest, None
    return longest, tuple(patterns)


@dataclass(frozen=True, slots=True)
class FurnitureRules:
    """An ordered set of furniture rules, applied paragraph by paragraph."""

    rules: tuple[FurnitureRule, ...]
    _by_kind: dict[str, tuple[FurnitureRule, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict)
    _prefilters: dict[str, tuple[int, tuple[re.Pattern[str], ...] | None]] = field(
        init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        # grouped once: remove_furniture asks for a kind's rules per text and per matching paragraph
        for kind in _KINDS:
            self._by_kind[kind] = tuple(rule for rule in self.rules if rule.kind == kind)
        for kind in ("line", "block", "tail"):
            self._prefilters[kind] = _prefilter(self._by_kind[kind])

    def any_matches(self, paragraph: str, kind: str) -> bool:
        """Whether a rule of ``kind`` (line, block or tail) matches the whole paragraph."""
        longest, patterns = self._prefilters[kind]
        if len(paragraph) > longest:
            return False
        if patterns is not None and not any(p.fullmatch(paragraph) for p in patterns):
            return False
        return any(rule.matches(paragraph) for rule in self.of_kind(kind))

    @classmethod
    def from_toml(cls, text: str, origin: str = "<rules>") -> FurnitureRules:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{origin}: not valid TOML: {exc}") from exc
        return cls(tuple(_compile_rule(raw, origin) for raw in data.get("rule", [])))

    @classmethod
    def load(cls, extra: Path | None = None) -> FurnitureRules:
        """The packaged rules, followed by the rules of ``extra`` if given."""
        packaged = resources.files("gegenprobe.text").joinpath("furniture.toml").read_text("utf-8")
        rules = cls.from_toml(packaged, "furniture.toml").rules
        if extra is not None:
            rules += cls.from_toml(extra.read_text("utf-8"), str(extra)).rules
        return cls(rules)

    def of_kind(self, kind: str) -> tuple[FurnitureRule, ...]:
        return self._by_kind[kind]


_DEFAULT: list[FurnitureRules] = []


def default_rules() -> FurnitureRules:
    if not _DEFAULT:
        _DEFAULT.append(FurnitureRules.load())
    return _DEFAULT[0]


def _strip_inline(paragraph: str, rules: tuple[FurnitureRule, ...]) -> str:
    for rule in rules:
        if rule.requires is None or rule.requires.search(paragraph):
            paragraph = rule.pattern.sub("", paragraph)
    return paragraph.strip()


def _is_block_item(paragraph: str) -> bool:
    return bool(_BLOCK_ITEM.match(paragraph)) and not _BLOCK_ITEM_END.search(paragraph)


def _drop_blocks(paragraphs: list[str], rules: FurnitureRules) -> list[str]:
    kept: list[str] = []
    skipping = False
    for index, paragraph in enumerate(paragraphs):
        if rules.any_matches(paragraph, "block"):
            skipping = True
            continue
        if skipping and _is_block_item(paragraph):
            continue
        skipping = False
        if index >= len(paragraphs) / 2 and rules.any_matches(paragraph, "tail"):
            break
        kept.append(paragraph)
    return kept


def remove_furniture(text: str, rules: FurnitureRules | None = None) -> str:
    """Drop site furniture from a text and return it normalised, paragraphs split by blank lines.

    Each non-empty line counts as a paragraph, since extractors put one paragraph on a line.

    >>> remove_furniture("Zum Kurzlink\\nDie Brücke ist gesperrt.\\nFoto: dpa")
    'Die Brücke ist gesperrt.'
    """
    rules = rules or default_rules()
    inline = rules.of_kind("inline")
    paragraphs = [_strip_inline(raw, inline) for raw in normalize(text).split("\n") if raw.strip()]
    kept = _drop_blocks([p for p in paragraphs if p], rules)
    return "\n\n".join(p for p in kept if not rules.any_matches(p, "line"))
