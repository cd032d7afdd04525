"""Readers for every input a user has; the format is detected from extension and content."""

from __future__ import annotations

import bz2
import codecs
import csv
import errno
import gzip
import io
import json
import lzma
import os
import signal
import stat
import sys
import zlib
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
    TooLarge,
    UnsupportedFormat,
)
from ..settings import IngestSettings, Settings
from ..text import FurnitureRules
from ..types import Article
from ._build import RawArticle, build_article
from ._decode import LineDecoder, bom_codec, decode_html, decode_text
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
_OPENERS: dict[str, Callable[..., Any]] = {".gz": gzip.open, ".xz": lzma.open, ".bz2": bz2.open}
# what a truncated or corrupt file raises while it is read (EOFError: a compressed stream that ends early)
_DAMAGED = (OSError, EOFError, lzma.LZMAError, zlib.error)
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
            _parse_json(first_line)
            return "jsonl"
        except json.JSONDecodeError:
            return "json"
    return "text"


def _damage(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "file is damaged: it ends too early (truncated download or copy?)"
    return f"file is damaged: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}"


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)``; ``None`` for a line longer than ``limit`` bytes, whose rest is skipped unread."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
            yield number, None
        else:
            yield number, line


def _parse_json(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("JSON nested too deeply", "", 0) from None
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise json.JSONDecodeError(str(exc), "", 0) from None


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
                yield from self._read_stdin()
            elif is_url(value):
                yield self._read_url(value)
            else:
                yield from self._read_path(Path(value))
        except InputError as exc:
            yield Item(value, error=exc)

    def _read_stdin(self) -> Iterator[Item]:
        limit = self.settings.ingest.max_file_bytes
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise TooLarge.over("standard input", limit, "max_file_bytes", "<stdin>")
        yield from self._read_text_blob(decode_text(data, "<stdin>"), "<stdin>")

    def _item(self, raw: RawArticle | InputError) -> Item:
        return _clean(raw, self.settings.ingest, self._rules)

    def _items(self, raws: Iterable[RawArticle | InputError]) -> Iterator[Item]:
        if self.workers < 1:
            return map(self._item, raws)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, initializer=_start_cleaner,
                                             initargs=(self.settings.ingest, self._rules, os.getpid()))
        return _cleaned_in_processes(raws, self._pool, 2 * self.workers)

    def read_html(self, data: bytes, url: str, charset: str | None = None) -> Item:
        """An article from a page's bytes fetched elsewhere (the crawler): the same decoding, extraction and
        cleaning as a URL given to :meth:`read`."""
        try:
            return self._item(extract_html(decode_html(data, url, charset), url, url=url))
        except InputError as exc:
            return Item(url, error=exc)

    def _read_url(self, url: str) -> Item:
        page = self.fetcher().fetch(url)
        return self._item(extract_html(page.html, url, url=page.url))

    def _read_path(self, path: Path) -> Iterator[Item]:
        mode = _file_mode(path)
        if stat.S_ISDIR(mode):
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            for file in files:
                yield from self.read_one(str(file))
            return
        if not stat.S_ISREG(mode):
            raise UnsupportedFormat("not a regular file (a pipe, socket or device); pipe data in with '-'", str(path))
        fmt = self.fmt or format_of(path)
        if fmt == "warc":
            yield from self._read_warc(path)
        elif fmt == "jsonl" and bom_codec(self._peek(path)) in (None, "utf-8-sig"):
            yield from self._read_jsonl(self._open(path), str(path))
        elif fmt == "jsonl":  # UTF-16/32 lines cannot be split on b"\n": decode the file whole
            text = decode_text(self._read_whole(path, "max_file_bytes"), str(path))
            yield from self._read_jsonl(io.BytesIO(text.encode("utf-8")), str(path))
        elif fmt == "html":
            data = self._read_whole(path, "max_item_bytes")
            yield from self._read_blob(decode_html(data, str(path)), fmt, str(path))
        else:
            data = self._read_whole(path, "max_item_bytes" if fmt == "text" else "max_file_bytes")
            yield from self._read_blob(decode_text(data, str(path)), fmt, str(path))

    def _read_whole(self, path: Path, limit_name: str) -> bytes:
        """The file's bytes (decompressed), at most the limit ``limit_name`` of the ingest settings."""
        limit = getattr(self.settings.ingest, limit_name)
        data = self._read_start(path, limit + 1)
        if len(data) > limit:
            raise TooLarge.over("the file", limit, limit_name, str(path))
        return data

    def _peek(self, path: Path) -> bytes:
        return self._read_start(path, 4)

    def _read_start(self, path: Path, size: int) -> bytes:
        """Up to ``size`` bytes from the start of the (decompressed) file; damage is a ``MalformedInput``."""
        with self._open(path) as stream:
            try:
                return stream.read(size)
            except _DAMAGED as exc:
                raise MalformedInput(_damage(exc), str(path)) from None

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
            yield self._item(RawArticle(origin=origin, text=text, title_in_text=True))
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
            yield from self._items(self._jsonl_records(stream, origin))

    def _jsonl_records(self, stream: BinaryIO, origin: str) -> Iterator[RawArticle | InputError]:
        """One raw article or error per line; a damaged stream ends with one error after what was read."""
        limit, number, decoder = self.settings.ingest.max_item_bytes, 0, LineDecoder()
        try:
            for number, line in _bounded_lines(stream, limit):
                if line is None:
                    yield TooLarge.over("the line", limit, "max_item_bytes", f"{origin}:{number}")
                elif line.strip():
                    if number == 1:
                        line = line.removeprefix(codecs.BOM_UTF8)
                    yield self._jsonl_record(line, f"{origin}:{number}", decoder)
        except _DAMAGED as exc:
            yield MalformedInput(f"{_damage(exc)} (after line {number})", origin)

    @staticmethod
    def _jsonl_record(line: bytes, origin: str, decoder: LineDecoder) -> RawArticle | InputError:
        try:
            record = _parse_json(decoder.decode(line, origin))
            return record_to_raw(record, origin)
        except json.JSONDecodeError as exc:
            return MalformedInput(f"malformed JSON: {exc.msg} at column {exc.colno}", origin)
        except InputError as exc:
            return exc

    def _json_records(self, text: str, fmt: str, origin: str) -> Iterator[RawArticle | InputError]:
        try:
            data: Any = _parse_json(text)
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
        # the csv module's field limit is process-wide; an article body may be longer than its default 128 kB
        csv.field_size_limit(max(csv.field_size_limit(), self.settings.ingest.max_item_bytes))
        rows = csv.DictReader(io.StringIO(text), dialect=dialect)
        mapping = dict(self.settings.ingest.csv_columns)
        header = rows.fieldnames or []
        missing = [column for column in mapping if column not in header]
        if missing:
            raise MalformedInput(f"--columns names {', '.join(map(repr, missing))}, which the header lacks "
                                 f"(it has {', '.join(map(repr, header))})", origin)
        try:
            for number, row in enumerate(rows, start=2):
                yield self._csv_record(row, len(header), mapping, f"{origin}:{number}")
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                yield TooLarge.over("a field", self.settings.ingest.max_item_bytes, "max_item_bytes",
                                 f"{origin}:{rows.line_num}")
            else:
                yield MalformedInput(f"CSV does not parse: {exc}", f"{origin}:{rows.line_num}")

    @staticmethod
    def _csv_record(row: dict[Any, Any], columns: int, mapping: dict[str, str],
                    origin: str) -> RawArticle | InputError:
        if None in row:  # DictReader files surplus values under None and fills short rows with None
            return MalformedInput(f"row has {columns + len(row[None])} fields, the header {columns}", origin)
        if None in row.values():
            given = sum(value is not None for value in row.values())
            return MalformedInput(f"row has {given} fields, the header {columns}", origin)
        try:
            return record_to_raw({mapping.get(key, key): value for key, value in row.items()}, origin)
        except InputError as exc:
            return exc

    def _read_warc(self, path: Path) -> Iterator[Item]:
        try:
            limit = self.settings.ingest.max_item_bytes
            for url, body, charset in warc_pages(path, limit):
                origin = f"{path}#{url}"
                if body is None:
                    yield Item(origin, error=TooLarge.over("the record", limit, "max_item_bytes", origin))
                    continue
                try:
                    yield self._item(extract_html(decode_html(body, origin, charset), origin, url=url))
                except (ExtractionFailed, UnsupportedFormat) as exc:
                    yield Item(origin, error=exc)
        except (FetchError, MalformedInput) as exc:
            yield Item(str(path), error=exc)


def _file_mode(path: Path) -> int:
    """``st_mode`` of ``path``, following links; the reason it cannot be read as the error."""
    try:
        return path.stat().st_mode
    except FileNotFoundError:
        raise InputError("no such file or directory", str(path)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("symbolic link loop (a link that points back to itself)", str(path)) from None
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
