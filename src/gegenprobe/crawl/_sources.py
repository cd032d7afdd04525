"""The source registry: German-language outlets with their kind, country, feeds and sitemaps (a TOML file)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import ConfigError
from ..types import Article

KINDS = ("broadcaster", "newspaper", "magazine", "agency", "fact-checker", "alternative", "state-affiliated", "blog",
         "portal")
# labels a reader may take as an accusation: each needs its basis written down
LABELLED_KINDS = ("alternative", "state-affiliated")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    title: str
    domain: str
    kind: str
    country: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    verified: bool = False
    basis: str = ""
    home: str = ""  # the front page (default https://<domain>/): read for links and its robots.txt's sitemaps

    def tag(self, article: Article) -> Article:
        """The article with this outlet's registry name and kind in its meta (reports show the kind)."""
        return replace(article, meta={**article.meta, "outlet": self.name, "outlet_kind": self.kind})

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "title": self.title, "domain": self.domain, "home": self.home, "kind": self.kind,
                "country": self.country, "feeds": list(self.feeds), "sitemaps": list(self.sitemaps),
                "verified": self.verified, "basis": self.basis}


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _source(entry: dict[str, object], where: str) -> Source:
    def text(key: str, default: str | None = None) -> str:
        value = entry.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise ConfigError(f"{where}: '{key}' must be a non-empty string")
        return value.strip()

    def urls(key: str) -> tuple[str, ...]:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(u, str) and urlsplit(u).scheme in ("http", "https")
                                                  for u in value):
            raise ConfigError(f"{where}: '{key}' must be a list of http(s) URLs")
        return tuple(value)

    name, kind = text("name"), text("kind")
    if not _NAME.match(name):
        raise ConfigError(f"{where}: name {name!r} must be lower-case letters, digits and '-'")
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    basis = text("basis", "")
    if kind in LABELLED_KINDS and not basis:
        raise ConfigError(f"{where}: a source of kind {kind!r} needs a 'basis' (why it carries that label)")
    domain = text("domain").lower().removeprefix("www.")
    home = text("home", "") or f"https://{domain}/"
    if urlsplit(home).scheme not in ("http", "https"):
        raise ConfigError(f"{where}: 'home' must be an http(s) URL")
    return Source(name, text("title", name), domain, kind, text("country", ""), urls("feeds"), urls("sitemaps"),
                  bool(entry.get("verified", False)), basis, home)


@dataclass(frozen=True, slots=True)
class SourceRegistry:
    """The outlets a crawl may visit; ``for_url`` finds the entry of any URL of an outlet (subdomains too)."""

    sources: tuple[Source, ...]
    origin: str

    @classmethod
    def load(cls, path: Path | None = None) -> SourceRegistry:
        """The shipped registry, or the user's TOML file (same schema) instead.

        Raises:
            ConfigError: the file is missing, not TOML, or an entry is incomplete or duplicated.
        """
        shipped = resources.files("gegenprobe").joinpath("crawl", "sources.toml")
        origin = str(path) if path else "shipped sources.toml"
        try:
            data = tomllib.loads(Path(path).read_text("utf-8") if path else shipped.read_text("utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read the source registry {origin}: {exc.strerror}") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"the source registry {origin} is not valid TOML: {exc}") from exc
        entries = data.get("source", [])
        if not isinstance(entries, list) or not entries:
            raise ConfigError(f"the source registry {origin} has no [[source]] entries")
        sources = tuple(_source(e, f"{origin}, source {i + 1}") for i, e in enumerate(entries))
        for key in ("name", "domain"):
            seen: set[str] = set()
            for source in sources:
                value = getattr(source, key)
                if value in seen:
                    raise ConfigError(f"{origin}: two sources with the {key} {value!r}")
                seen.add(value)
        return cls(sources, origin)

    def __iter__(self) -> Iterator[Source]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)

    def get(self, name: str) -> Source:
        for source in self.sources:
            if source.name == name or source.domain == name:
                return source
        raise ConfigError(f"no source named {name!r} in {self.origin} (see 'gegenprobe sources list')")

    def for_url(self, url: str) -> Source | None:
        """The registry entry of the outlet a URL belongs to: the longest domain that the host ends with."""
        host = _host(url)
        best: Source | None = None
        for source in self.sources:
            if (host == source.domain or host.endswith("." + source.domain)) and (
                    best is None or len(source.domain) > len(best.domain)):
                best = source
        return best

    def select(self, names: list[str] | None = None, kinds: list[str] | None = None) -> list[Source]:
        """The sources named (all if none), of the kinds given (any if none).

        Raises:
            ConfigError: an unknown name or kind, or nothing left to crawl.
        """
        unknown = [k for k in kinds or [] if k not in KINDS]
        if unknown:
            raise ConfigError(f"unknown source kind {unknown[0]!r}; choose from {', '.join(KINDS)}")
        chosen = [self.get(n) for n in names] if names else list(self.sources)
        chosen = [s for s in chosen if not kinds or s.kind in kinds]
        if not chosen:
            raise ConfigError(f"no source of the kinds {', '.join(kinds or [])} among those chosen in {self.origin}")
        return chosen
