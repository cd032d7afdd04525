"""HTML responses out of WARC / WARC.gz files (e.g. CC-NEWS)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import MalformedInput

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def warc_pages(path: Path) -> Iterator[tuple[str, str]]:
    """``(url, html)`` for each HTML response record; other records are skipped.

    Raises:
        MalformedInput: the file is not a readable WARC.
    """
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip()
                if content_type.lower() not in _HTML_TYPES:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                body = record.content_stream().read()
                yield url, body.decode("utf-8", errors="replace")
    except ArchiveLoadFailed as exc:
        raise MalformedInput(f"not a readable WARC file: {exc}", str(path)) from exc
