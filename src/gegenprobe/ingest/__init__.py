"""Ingest: readers for text, HTML, URLs, JSON(L), GermanFakeNC, GermanTRC, CSV and WARC; the safe fetcher."""

from ._build import RawArticle, build_article, iso_date
from ._fetch import FetchedPage, Fetcher, Response, is_public_address
from ._ids import article_id, canonical_url, content_hash, source_of
from ._readers import FORMATS, Item, Reader, format_of, is_url, sniff_format
from ._warc import warc_pages

__all__ = [
    "FORMATS",
    "FetchedPage",
    "Fetcher",
    "Item",
    "RawArticle",
    "Reader",
    "Response",
    "article_id",
    "build_article",
    "canonical_url",
    "content_hash",
    "format_of",
    "is_public_address",
    "is_url",
    "iso_date",
    "sniff_format",
    "source_of",
    "warc_pages",
]
