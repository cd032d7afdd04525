"""HTML responses out of WARC / WARC.gz files (e.g. CC-NEWS)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import MalformedInput
from ._decode import charset_of

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# warcio reports a broken record with whatever its parser trips over; all of them mean "not a readable WARC"
_BROKEN = (AttributeError, ValueError, KeyError, IndexError, EOFError, OSError, zlib.error)


def warc_pages(path: Path, max_record_bytes: int) -> Iterator[tuple[str, bytes | None, str | None]]:
    """``(url, body, declared charset)`` of each HTML response (body ``None`` if over the limit); other records
    are skipped.

    Raises:
        MalformedInput: the file is not a readable WARC (after yielding the pages read before the damage).
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
                body = record.content_stream().read(max_record_bytes + 1)
                yield url, body if len(body) <= max_record_bytes else None, _charset(record.http_headers)
    except ArchiveLoadFailed as exc:
        raise MalformedInput(f"not a readable WARC file: {exc}", str(path)) from exc
    except _BROKEN as exc:
        raise MalformedInput("not a readable WARC file: a record's headers are damaged", str(path)) from exc


def _charset(headers: object) -> str | None:
    return charset_of(headers.get_header("Content-Type") or "")  # type: ignore[attr-defined]
