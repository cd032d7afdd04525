"""robots.txt as the standard reads it (RFC 9309): 2xx = the rules, 4xx = allow all, 5xx or no answer = disallow
all for now and ask again later. Parsed with protego; Crawl-delay and Request-rate become the host's delay."""

from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego

# a robots.txt larger than this is read only this far (RFC 9309 asks crawlers to read at least 500 KiB)
MAX_ROBOTS_BYTES = 512 * 1024


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """What one host's robots.txt allows, and since when it is known (a cache entry)."""

    status: int  # HTTP status of robots.txt; 0: no answer
    text: str
    fetched_at: float
    user_agent: str
    # parsed once (every request of the host asks it); None: no rules (not a 2xx answer)
    parsed: Protego | None = field(default=None, compare=False, repr=False)

    @property
    def disallow_all(self) -> bool:
        return self.status == 0 or self.status >= 500

    def allows(self, url: str) -> bool:
        if self.disallow_all:
            return False
        return True if self.parsed is None else bool(self.parsed.can_fetch(url, self.user_agent))

    def delay(self) -> float:
        """The delay between two requests the site asks for (Crawl-delay, or Request-rate as seconds per
        request), 0 if none."""
        parsed = self.parsed
        if parsed is None:
            return 0.0
        delay = parsed.crawl_delay(self.user_agent) or 0.0
        rate = parsed.request_rate(self.user_agent)
        if rate is not None and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        return float(delay)

    def sitemaps(self) -> list[str]:
        return list(self.parsed.sitemaps) if self.parsed is not None else []


def rules_from(status: int, body: bytes, fetched_at: float, user_agent: str) -> RobotsRules:
    """Rules of a robots.txt response; a body that is HTML (a soft 404) holds no rules and allows all."""
    text = body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
    if text.lstrip()[:1] == "<":
        text = ""
    return RobotsRules(status, text, fetched_at, user_agent, Protego.parse(text) if 200 <= status < 300 else None)
