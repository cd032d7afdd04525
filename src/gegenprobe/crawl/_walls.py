"""Bot walls and consent pages: recognised, recorded per host and reported; never bypassed."""

from __future__ import annotations

from ..ingest import Response

# phrases of challenge pages (Cloudflare, Akamai, DataDome, captchas); read in the first 64 KiB, lower-cased
_CHALLENGE = {
    "cf-chl": "Cloudflare challenge", "challenge-platform": "Cloudflare challenge",
    "just a moment...": "Cloudflare challenge", "checking your browser": "browser check",
    "captcha-delivery.com": "DataDome captcha", "g-recaptcha": "captcha", "h-captcha": "captcha",
    "please enable js and disable any ad blocker": "DataDome", "access denied</title>": "access denied page",
    "bitte bestätigen sie, dass sie ein mensch sind": "captcha",
}
# consent walls: only a wall when the page holds no article
_CONSENT = {
    "consent.": "consent page", "zustimmung erforderlich": "consent page", "cookie-einstellungen": "consent page",
    "pur-abo": "consent or subscription wall (PUR)", "werbefrei lesen": "consent or subscription wall",
    "sourcepoint": "consent page (Sourcepoint)", "didomi": "consent page (Didomi)",
}
_HEAD = 64 * 1024


def _found(body: bytes, phrases: dict[str, str]) -> str:
    head = body[:_HEAD].decode("utf-8", errors="replace").lower()
    return next((what for phrase, what in phrases.items() if phrase in head), "")


def bot_wall(response: Response) -> str:
    """What kind of bot wall a response is ("" if none): a challenge page, or a 401/403 that refuses the crawler."""
    wall = _found(response.body, _CHALLENGE) if response.status in (200, 401, 403, 429, 503) else ""
    if wall:
        return f"{wall} (HTTP {response.status})"
    if response.status in (401, 403):
        return f"access refused (HTTP {response.status})"
    return ""


def consent_wall(body: bytes) -> str:
    """A consent or subscription wall, for a page that yielded no article."""
    return _found(body, _CONSENT)
