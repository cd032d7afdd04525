"""Readers for every input a user has; the format is detected from extension and content."""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import (
    ExtractionFailed,
    FetchError,
    InputError,
    MalformedInput,
    UnsupportedFormat,
)
from ..settings import IngestSettings, Settings
from ..text import FurnitureRules
from ..types import Article
from ._build import RawArticle, build_article
from ._fetch import Fetcher
from ._html import extract_html
from ._records import (
    germanfakenc_records,
    germantrc_records,
    is_germanfakenc,
    is_germantrc,
    record_to_raw,
)
from ._warc import warc_pages

FORMATS = ("text", "html", "jsonl", "json", "germanfakenc", "germantrc", "csv", "warc")
_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "csv", ".warc": "warc",
}
_OPENERS: dict[str, Callable[..., BinaryIO]] = {".gz": gzip.open, ".xz": lzma.open, ".bz2": bz2.open}
_SNIFF_BYTES = 8192
# records per task of a cleaning process: large enough that pickling costs little, small enough to stream
_CHUNK = 64


@dataclass(frozen=True, slots=True)
class Item:
    """One input item: an article, or the error that kept it from becoming one."""

    origin: str
    article: Article | None = None
    error: InputError | None = None


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def format_of(path: Path) -> str:
    """Format name from a file name such as ``a.jsonl.xz`` or ``crawl.warc.gz``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in _OPENERS:
        suffixes = suffixes[:-1]
    if not suffixes or suffixes[-1] not in _EXTENSIONS:
        raise UnsupportedFormat(
            f"unknown file type {path.suffix or '(no extension)'!r}; use --format {{{','.join(FORMATS)}}}",
            str(path),
        )
    return _EXTENSIONS[suffixes[-1]]


def decode_text(data: bytes, origin: str) -> str:
    """Bytes to text; refuses binary data with a clear message."""
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        raise UnsupportedFormat("binary data, not text", origin)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
        if controls > len(head) * 0.01:
            raise UnsupportedFormat("binary data, not text", origin) from None
        return data.decode("cp1252", errors="replace")


def sniff_format(text: str) -> str:
    """Guess the format of text that came without a file name (stdin)."""
    head = text.lstrip()[:2000].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head or "<p>" in head:
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        first_line = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first_line)
            return "jsonl"
        except json.JSONDecodeError:
            return "json"
    return "text"


def _article_list(data: Any) -> list[Any]:
    """Articles in plain JSON: a list, ``{"articles": [...]}``, or one object."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        return data["articles"]
    return [data]


def _clean(raw: RawArticle | InputError, settings: IngestSettings, rules: FurnitureRules | None) -> Item:
    if isinstance(raw, InputError):
        return Item(raw.source or "?", error=raw)
    try:
        return Item(raw.origin, article=build_article(raw, settings, rules))
    except InputError as exc:
        return Item(raw.origin, error=exc)


_CLEANER: dict[str, Any] = {}


def _die_with_parent(parent: int) -> None:
    """A cleaner must not outlive a killed parent: it would hold the parent's pipes open forever (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _start_cleaner(settings: IngestSettings, rules: FurnitureRules | None, parent: int) -> None:
    _die_with_parent(parent)
    _CLEANER.update(settings=settings, rules=rules)


def _clean_chunk(raws: list[RawArticle | InputError]) -> list[Item]:
    return [_clean(raw, _CLEANER["settings"], _CLEANER["rules"]) for raw in raws]


def _cleaned_in_processes(raws: Iterable[RawArticle | InputError], pool: ProcessPoolExecutor,
                          in_flight: int) -> Iterator[Item]:
    """Items in input order, cleaned by the pool's processes while this one reads on; a few chunks in flight."""
    pending: deque[Future[list[Item]]] = deque()
    chunk: list[RawArticle | InputError] = []
    failure: Exception | None = None
    try:
        for raw in raws:
            chunk.append(raw)
            if len(chunk) == _CHUNK:
                pending.append(pool.submit(_clean_chunk, chunk))
                chunk = []
                while len(pending) > in_flight:
                    yield from pending.popleft().result()
    except Exception as exc:  # reading broke off: what was read still comes out first
        failure = exc
    if chunk:
        pending.append(pool.submit(_clean_chunk, chunk))
    while pending:
        yield from pending.popleft().result()
    if failure is not None:
        raise failure


class Reader:
    """Turns paths, URLs and ``-`` into ``Item``s, one per article or per failed input.

    ``workers``: processes that clean records of multi-article inputs (JSONL, JSON lists, CSV) while this one
    reads on; 0 cleans here. Items come out in input order either way.
    """

    def __init__(self, settings: Settings, fetcher: Fetcher | None = None,
                 rules: FurnitureRules | None = None, fmt: str | None = None, workers: int = 0) -> None:
        if fmt is not None and fmt not in FORMATS:
            raise UnsupportedFormat(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        self.settings = settings
        self.fmt = fmt
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._fetcher = fetcher
        self._rules = rules

    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.settings.fetch)
        return self._fetcher

    def read(self, inputs: Iterable[str]) -> Iterator[Item]:
        try:
            for value in inputs:
                yield from self.read_one(value)
        finally:
            self.close()

    def close(self) -> None:
        """Stop the cleaning processes (started by the first multi-article input; one pool for all inputs)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def read_one(self, value: str) -> Iterator[Item]:
        try:
            if value == "-":
                yield from self._read_text_blob(decode_text(sys.stdin.buffer.read(), "<stdin>"), "<stdin>")
            elif is_url(value):
                yield self._read_url(value)
            else:
                yield from self._read_path(Path(value))
        except InputError as exc:
            yield Item(value, error=exc)

    def _item(self, raw: RawArticle | InputError) -> Item:
        return _clean(raw, self.settings.ingest, self._rules)

    def _items(self, raws: Iterable[RawArticle | InputError]) -> Iterator[Item]:
        if self.workers < 1:
            return map(self._item, raws)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, initializer=_start_cleaner,
                                             initargs=(self.settings.ingest, self._rules, os.getpid()))
        return _cleaned_in_processes(raws, self._pool, 2 * self.workers)

    def _read_url(self, url: str) -> Item:
        page = self.fetcher().fetch(url)
        return self._item(extract_html(page.html, url, url=page.url))

    def _read_path(self, path: Path) -> Iterator[Item]:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            for file in files:
                yield from self.read_one(str(file))
            return
        if not path.exists():
            raise InputError("no such file or directory", str(path))
        fmt = self.fmt or format_of(path)
        if fmt == "warc":
            yield from self._read_warc(path)
        elif fmt == "jsonl":
            yield from self._read_jsonl(self._open(path), str(path))
        else:
            with self._open(path) as stream:
                data = stream.read()
            yield from self._read_blob(decode_text(data, str(path)), fmt, str(path))

    def _open(self, path: Path) -> BinaryIO:
        opener = _OPENERS.get(path.suffix.lower())
        try:
            return opener(path, "rb") if opener else path.open("rb")
        except OSError as exc:
            raise InputError(f"cannot open: {exc.strerror}", str(path)) from exc

    def _read_text_blob(self, text: str, origin: str) -> Iterator[Item]:
        fmt = self.fmt or sniff_format(text)
        if fmt == "jsonl":
            yield from self._read_jsonl(io.BytesIO(text.encode("utf-8")), origin)
        else:
            yield from self._read_blob(text, fmt, origin)

    def _read_blob(self, text: str, fmt: str, origin: str) -> Iterator[Item]:
        if fmt == "text":
            yield self._item(RawArticle(origin=origin, text=text))
        elif fmt == "html":
            try:
                yield self._item(extract_html(text, origin))
            except ExtractionFailed as exc:
                yield Item(origin, error=exc)
        elif fmt == "csv":
            yield from self._items(self._csv_records(text, origin))
        else:
            yield from self._items(self._json_records(text, fmt, origin))

    def _read_jsonl(self, stream: BinaryIO, origin: str) -> Iterator[Item]:
        with stream:
            try:
                yield from self._items(self._jsonl_records(stream, origin))
            except (OSError, EOFError, lzma.LZMAError) as exc:
                yield Item(origin, error=MalformedInput(f"file is damaged: {exc}", origin))

    def _jsonl_records(self, stream: BinaryIO, origin: str) -> Iterator[RawArticle | InputError]:
        for number, line in enumerate(stream, start=1):
            if line.strip():
                yield self._jsonl_record(line, f"{origin}:{number}")

    def _jsonl_record(self, line: bytes, origin: str) -> RawArticle | InputError:
        try:
            record = json.loads(decode_text(line, origin))
            return record_to_raw(record, origin)
        except json.JSONDecodeError as exc:
            return MalformedInput(f"malformed JSON: {exc.msg} at column {exc.colno}", origin)
        except InputError as exc:
            return exc

    def _json_records(self, text: str, fmt: str, origin: str) -> Iterator[RawArticle | InputError]:
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MalformedInput(f"malformed JSON: {exc.msg} at line {exc.lineno}", origin) from exc
        if fmt == "germantrc" or (fmt == "json" and is_germantrc(data)):
            if not isinstance(data, dict):
                raise MalformedInput("GermanTRC must be an object keyed 'ID = n'", origin)
            yield from germantrc_records(data, origin)
        elif fmt == "germanfakenc" or (fmt == "json" and is_germanfakenc(data)):
            yield from germanfakenc_records(data if isinstance(data, list) else [data], origin)
        else:
            records = _article_list(data)
            for index, record in enumerate(records):
                item_origin = f"{origin}[{index}]" if len(records) > 1 else origin
                try:
                    yield record_to_raw(record, item_origin)
                except InputError as exc:
                    yield exc

    def _csv_records(self, text: str, origin: str) -> Iterator[RawArticle | InputError]:
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel  # type: ignore[assignment]
        mapping = dict(self.settings.ingest.csv_columns)
        for number, row in enumerate(csv.DictReader(io.StringIO(text), dialect=dialect), start=2):
            renamed = {mapping.get(key, key): value for key, value in row.items() if key is not None}
            try:
                yield record_to_raw(renamed, f"{origin}:{number}")
            except InputError as exc:
                yield exc

    def _read_warc(self, path: Path) -> Iterator[Item]:
        try:
            for url, html in warc_pages(path):
                try:
                    yield self._item(extract_html(html, f"{path}#{url}", url=url))
                except ExtractionFailed as exc:
                    yield Item(f"{path}#{url}", error=exc)
        except FetchError as exc:
            yield Item(str(path), error=exc)
