"""Discovery: RSS / Atom / JSON feeds, sitemaps and sitemap indexes (gzip, Google News tags), links of a page.

XML is parsed with entity expansion forbidden (defusedxml); compressed sitemaps are inflated with a cap, so an XML
or gzip bomb is a recorded failure, not a dead crawler.
"""

from __future__ import annotations

import calendar
import json
import re
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

import courlan
import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from lxml import html as lxml_html

from ..errors import MalformedInput
from ..ingest import iso_date

# a sitemap may hold 50,000 URLs in 50 MB (sitemaps.org); more inflated than that is a bomb
MAX_INFLATED = 50 * 1024 * 1024
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@dataclass(frozen=True, slots=True)
class Entry:
    """A URL found by discovery, with what its listing says about it (judged before fetching)."""

    url: str
    kind: str = "page"  # page, sitemap or feed
    title: str = ""
    published: str | None = None  # ISO date
    keywords: tuple[str, ...] = ()
    anchor: str = ""  # the link text, for links found on pages


def inflate(body: bytes, source: str) -> bytes:
    """The body, gunzipped if it is gzip (by its magic bytes: servers label .xml.gz every way)."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, MAX_INFLATED + 1)
    except zlib.error as exc:
        raise MalformedInput(f"damaged gzip data: {exc}", source) from exc
    if len(data) > MAX_INFLATED or inflater.unconsumed_tail:
        raise MalformedInput(f"inflates to more than {MAX_INFLATED:,} bytes (a gzip bomb?)", source)
    if not inflater.eof:
        raise MalformedInput("damaged gzip data: it ends before its end", source)
    return data


def _xml(body: bytes, source: str) -> Element:
    try:
        return fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise MalformedInput(f"XML with entity declarations refused ({type(exc).__name__}: a bomb?)", source) from exc
    except ParseError as exc:
        raise MalformedInput(f"not well-formed XML: {exc}", source) from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element: Element, name: str, namespace: str = "") -> str:
    for child in element:
        if (child.tag == namespace + name) if namespace else (_local(child.tag) == name):
            return (child.text or "").strip()
    return ""


def parse_sitemap(body: bytes, source: str) -> list[Entry]:
    """Pages (with lastmod or Google News date, title and keywords) of a urlset; child sitemaps of an index.

    Raises:
        MalformedInput: damaged gzip, not XML, an entity declaration, or neither urlset nor sitemapindex.
    """
    root = _xml(inflate(body, source), source)
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise MalformedInput(f"not a sitemap (root element <{kind}>)", source)
    entries = []
    for item in root:
        url = _child_text(item, "loc")
        if not url:
            continue
        url = urljoin(source, url)
        if kind == "sitemapindex":
            entries.append(Entry(url, "sitemap", published=iso_date(_child_text(item, "lastmod")) or None))
            continue
        news = next((c for c in item if c.tag == _NEWS + "news"), None)
        title = _child_text(news, "title", _NEWS) if news is not None else ""
        date = _child_text(news, "publication_date", _NEWS) if news is not None else ""
        keywords = _child_text(news, "keywords", _NEWS) if news is not None else ""
        entries.append(Entry(url, "page", title, iso_date(date or _child_text(item, "lastmod")) or None,
                             tuple(k.strip() for k in keywords.split(",") if k.strip())))
    return entries


def _struct_date(value: time.struct_time | None) -> str | None:
    return iso_date(calendar.timegm(value)) if value else None


def _json_feed(body: bytes, source: str) -> list[Entry]:
    """The items of a JSON Feed (jsonfeed.org 1.0/1.1): url, title, date_published, tags."""
    try:
        items = json.loads(body)["items"]
    except (ValueError, KeyError, TypeError) as exc:
        raise MalformedInput(f"not a JSON feed ({type(exc).__name__})", source) from exc
    entries = []
    for item in items if isinstance(items, list) else []:
        link = item.get("url") or item.get("external_url") if isinstance(item, dict) else None
        if isinstance(link, str) and link.startswith(("http://", "https://", "/")):
            tags = tuple(str(t) for t in item.get("tags", []) if t) if isinstance(item.get("tags"), list) else ()
            entries.append(Entry(urljoin(source, link), "page", str(item.get("title") or "").strip(),
                                 iso_date(item.get("date_published")) or None, tags))
    return entries


def parse_feed(body: bytes, source: str) -> list[Entry]:
    """The items of an RSS, Atom or JSON feed: link, title, date, tags.

    Raises:
        MalformedInput: an entity declaration, or nothing feed-like at all.
    """
    body = inflate(body, source)
    if body.lstrip()[:1] == b"{":
        return _json_feed(body, source)
    if body.lstrip()[:1] == b"<":
        head = body[:4096].lower()
        if b"<!entity" in head or b"<!doctype" in head:
            _xml(body, source)  # refuses entity declarations before feedparser's lenient parser sees them
    parsed = feedparser.parse(body)
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        problem = getattr(parsed, "bozo_exception", None)
        raise MalformedInput(f"not a feed{f' ({problem})' if problem else ''}", source)
    entries = []
    for item in parsed.entries:
        link = item.get("link") or item.get("id") or ""
        if not link.startswith(("http://", "https://", "/")):
            continue
        date = _struct_date(item.get("published_parsed") or item.get("updated_parsed"))
        tags = tuple(t.get("term", "") for t in item.get("tags", []) if t.get("term"))
        entries.append(Entry(urljoin(source, link), "page", (item.get("title") or "").strip(), date, tags))
    return entries


# service pages of German sites that courlan's (English-leaning) filters let through
_SERVICE_PAGE = re.compile(r"/(datenschutz|impressum|kontakt|agb|nutzungsbedingungen|cookies?|newsletter|login|"
                           r"anmelden|registrierung|abo|abonnement|barrierefreiheit|mediadaten|jobs|karriere)"
                           r"(?:[/._-]|$)", re.IGNORECASE)


def is_article_url(url: str) -> bool:
    """Not a navigation, tag, author, legal, service or media URL (courlan's filters on the path, German service
    pages); http(s) only."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or _SERVICE_PAGE.search(parts.path):
        return False
    # courlan also judges the host and refuses local names and addresses: only the path is its to judge here
    probe = f"https://example.com{parts.path or '/'}{'?' + parts.query if parts.query else ''}"
    return courlan.check_url(probe, strict=True) is not None and not courlan.is_navigation_page(probe) \
        and not courlan.is_not_crawlable(probe)


def page_links(html: str, base: str, hosts: Iterable[str] | None = None) -> list[Entry]:
    """The links of a page (anchor text kept), absolute and without fragments; only to ``hosts`` if given."""
    try:
        document = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    allowed = set(hosts) if hosts is not None else None
    seen, entries = set(), []
    for anchor in document.iter("a"):
        href = anchor.get("href")
        if not href:
            continue
        url = urldefrag(urljoin(base, href.strip())).url
        host = (urlsplit(url).hostname or "").lower()
        if url in seen or (allowed is not None and host.removeprefix("www.") not in allowed):
            continue
        seen.add(url)
        entries.append(Entry(url, "page", anchor=" ".join(anchor.text_content().split())[:300]))
    return entries
