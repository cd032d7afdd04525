"""Canonical URLs, source domains, stable ids and content hashes."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tld import get_fld

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|wt_mc|wt_zmc|ref|xtor|at_\w+|__twitter_impression)$")
_WORDS = re.compile(r"\w+")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no trailing slash.

    >>> canonical_url("HTTPS://www.Zeit.de/politik/a/?utm_source=x&page=2#top")
    'https://www.zeit.de/politik/a?page=2'
    """
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k.lower())])
    path = parts.path.rstrip("/") or ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def source_of(url: str | None) -> str | None:
    """Registrable domain of a URL (``https://www.sueddeutsche.de/x`` -> ``sueddeutsche.de``)."""
    if not url:
        return None
    domain = get_fld(url, fail_silently=True, fix_protocol=True)
    if domain:
        return str(domain)
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    return host.removeprefix("www.") if host else None


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def content_hash(text: str) -> str:
    """Hash of the words of a text, blind to case, punctuation and whitespace."""
    return hashlib.sha1(" ".join(_WORDS.findall(text.casefold())).encode("utf-8")).hexdigest()


def article_id(own_id: object | None, url: str | None, text: str) -> str:
    """The input's own id if it has one, else a hash of the canonical URL, else of the text."""
    if own_id is not None and str(own_id).strip():
        return str(own_id).strip()
    if url:
        return _digest(canonical_url(url))
    return _digest(content_hash(text))
