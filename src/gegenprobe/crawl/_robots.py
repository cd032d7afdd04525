"""robots.txt as the standard reads it (RFC 9309): 2xx = the rules, 4xx = allow all, 5xx or no answer = disallow
all for now and ask again later. Parsed with protego; Crawl-delay and Request-rate become the host's delay."""

from __future__ import annotations

from dataclasses import dataclass

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

    @property
    def disallow_all(self) -> bool:
        return self.status == 0 or self.status >= 500

    @property
    def _parsed(self) -> Protego | None:
        if not 200 <= self.status < 300:
            return None
        return Protego.parse(self.text)

    def allows(self, url: str) -> bool:
        if self.disallow_all:
            return False
        parsed = self._parsed
        return True if parsed is None else bool(parsed.can_fetch(url, self.user_agent))

    def delay(self) -> float:
        """The delay between two requests the site asks for (Crawl-delay, or Request-rate as seconds per
        request), 0 if none."""
        parsed = self._parsed
        if parsed is None:
            return 0.0
        delay = parsed.crawl_delay(self.user_agent) or 0.0
        rate = parsed.request_rate(self.user_agent)
        if rate is not None and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        return float(delay)

    def sitemaps(self) -> list[str]:
        parsed = self._parsed
        return list(parsed.sitemaps) if parsed is not None else []


def rules_from(status: int, body: bytes, fetched_at: float, user_agent: str) -> RobotsRules:
    """Rules of a robots.txt response; a body that is HTML (a soft 404) holds no rules and allows all."""
    text = body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
    if text.lstrip()[:1] == "<":
        text = ""
    return RobotsRules(status, text, fetched_at, user_agent)
