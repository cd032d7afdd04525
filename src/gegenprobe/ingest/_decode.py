"""Bytes to text: byte-order mark first, then strict UTF-8; Windows-1252 only where UTF-8 clearly fails.

A file that is UTF-8 except for a few bad bytes is refused with the line of the first one, not decoded as
cp1252 as a whole (which garbles every umlaut: "RheinbrÃ¼cke"). A file whose high bytes are mostly not UTF-8 is
a legacy 8-bit file; for German that is Windows-1252 (a superset of Latin-1's letters: „“–€ included), which
statistical detectors confuse with cp850 or Mac Roman on short texts. An HTML page's declared charset wins.
"""

from __future__ import annotations

import codecs
import re

from ..errors import UnsupportedFormat

_SNIFF_BYTES = 8192
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# a UTF-8 lead byte followed by its continuation bytes
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
LEGACY = "cp1252"
# UTF-8 with damage: at least this many valid multi-byte sequences per invalid byte (in cp1252 German, "ß“" or
# "Ü»" look like one valid sequence, but every other umlaut is an invalid byte)
_UTF8_MAJORITY = 3


def bom_codec(data: bytes) -> str | None:
    """The codec a byte-order mark at the start of ``data`` names."""
    return next((codec for bom, codec in _BOMS if data.startswith(bom)), None)


def _by_bom(data: bytes, origin: str) -> str | None:
    codec = bom_codec(data)
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise UnsupportedFormat(f"not valid {codec.upper()} after its byte-order mark: {exc.reason} "
                                f"at byte {exc.start}", origin) from None


def is_damaged_utf8(data: bytes) -> bool:
    """True if ``data`` (which does not decode as UTF-8) is mostly UTF-8: a damaged file, not another charset."""
    invalid = data.decode("utf-8", errors="replace").count("\ufffd") - data.count("\ufffd".encode())
    return len(_UTF8_SEQUENCE.findall(data)) >= _UTF8_MAJORITY * max(invalid, 1)


def _refuse_binary(data: bytes, origin: str) -> None:
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        raise UnsupportedFormat("binary data, not text (or UTF-16 without a byte-order mark)", origin)
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls > len(head) * 0.01:
        raise UnsupportedFormat("binary data, not text", origin)


def decode_text(data: bytes, origin: str) -> str:
    """Bytes to text: by BOM (UTF-8/16/32), else strict UTF-8, else Windows-1252 if UTF-8 clearly fails.

    Raises:
        UnsupportedFormat: binary data, or UTF-8 with invalid bytes (naming the line of the first).
    """
    text = _by_bom(data, origin)
    if text is not None:
        return text
    _refuse_binary(data, origin)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if is_damaged_utf8(data):
            line = data.count(b"\n", 0, exc.start) + 1
            raise UnsupportedFormat(
                f"invalid UTF-8 at line {line} (byte 0x{data[exc.start]:02x}); the rest is UTF-8, so the file is "
                "damaged rather than in another charset: fix or remove that line", origin) from None
        return data.decode(LEGACY, errors="replace")


class LineDecoder:
    """Decodes the lines of one file (JSONL) alike: UTF-8 until a line shows the file is Windows-1252; in a UTF-8
    file a line with invalid bytes is that line's error."""

    def __init__(self) -> None:
        self.codec: str | None = None  # None while every line so far was ASCII

    def decode(self, line: bytes, origin: str) -> str:
        if self.codec == LEGACY:
            return line.decode(LEGACY, errors="replace")
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            if self.codec is None and not is_damaged_utf8(line):
                self.codec = LEGACY
                return line.decode(LEGACY, errors="replace")
            raise UnsupportedFormat(f"invalid UTF-8 (byte 0x{line[exc.start]:02x} at column {exc.start + 1}) in a "
                                    "UTF-8 file: fix or remove this line", origin) from None
        if self.codec is None and not text.isascii():
            self.codec = "utf-8"
        return text


def charset_of(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type header value, if any."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value.strip("\"' "):
            return value.strip("\"' ")
    return None


def declared_charset(html: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag, if Python knows it."""
    match = _META_CHARSET.search(html[:_SNIFF_BYTES])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def decode_html(data: bytes, origin: str, header_charset: str | None = None) -> str:
    """An HTML page as text: BOM, then the charset of the HTTP header, then the page's ``<meta>``, then as text.

    A declared charset Python cannot decode with (unknown, or a codec such as ``idna`` that is not one) is skipped.
    """
    text = _by_bom(data, origin)
    if text is not None:
        return text
    for charset in (header_charset, declared_charset(data)):
        if charset:
            try:
                return data.decode(charset, errors="replace")  # browsers replace what the declared charset lacks
            except (LookupError, UnicodeError):
                continue
    return decode_text(data, origin)
