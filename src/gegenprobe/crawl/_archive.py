"""Every fetched response as a WARC record (warcio), so that evidence can be cited later as it was served."""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ..ingest import Response

_TRANSPORT_HEADERS = ("content-encoding", "transfer-encoding", "content-length")


class WarcArchive:
    """Appends gzip-compressed WARC response records to ``path`` (a file per crawl run)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._stream: BinaryIO = path.open("ab")
        self._writer = WARCWriter(self._stream, gzip=True)

    def write(self, response: Response) -> None:
        # the body is stored decoded (httpx undoes gzip and chunking): the headers must say so
        kept = [(k, v) for k, v in response.headers.items() if k not in _TRANSPORT_HEADERS]
        headers = StatusAndHeaders(f"{response.status} {response.reason}".strip(),
                                   [*kept, ("content-length", str(len(response.body)))], protocol="HTTP/1.1")
        record = self._writer.create_warc_record(response.url, "response", payload=io.BytesIO(response.body),
                                                 length=len(response.body), http_headers=headers)
        try:
            self._writer.write_record(record)
        finally:  # warcio spools the digest's copy of the body to a temporary file
            if hasattr(record, "buffered_stream"):
                record.buffered_stream.close()

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
