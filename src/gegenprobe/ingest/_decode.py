"""Bytes to text: byte-order mark first, then strict UTF-8; a legacy charset only where UTF-8 clearly fails.

A file that is UTF-8 except for a few bad bytes is refused with the line of the first one, not decoded as
cp1252 as a whole (which garbles every umlaut: "RheinbrÃ¼cke"). An HTML page's declared charset wins.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..errors import UnsupportedFormat

_SNIFF_BYTES = 8192
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# a UTF-8 lead byte followed by its continuation bytes: evidence that the file is UTF-8
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# legacy charsets a German text may come in when it is not UTF-8
_LEGACY = ("cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850")


def _by_bom(data: bytes, origin: str) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise UnsupportedFormat(f"not valid {codec.upper()} after its byte-order mark: {exc.reason} "
                                        f"at byte {exc.start}", origin) from None
    return None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _legacy(data: bytes, origin: str) -> str:
    head = data[:_SNIFF_BYTES]
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls > len(head) * 0.01:
        raise UnsupportedFormat("binary data, not text", origin)
    best = from_bytes(data[: 1 << 20], cp_isolation=list(_LEGACY)).best()
    return data.decode(best.encoding if best is not None else "cp1252", errors="replace")


def decode_text(data: bytes, origin: str) -> str:
    """Bytes to text: by BOM (UTF-8/16/32), else strict UTF-8, else a detected legacy charset (cp1252 & co.).

    Raises:
        UnsupportedFormat: binary data, or UTF-8 with invalid bytes (naming the line of the first).
    """
    text = _by_bom(data, origin)
    if text is not None:
        return text
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise UnsupportedFormat("binary data, not text (or UTF-16 without a byte-order mark)", origin)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_SEQUENCE.search(data):
            raise UnsupportedFormat(
                f"invalid UTF-8 at line {_line_of(data, exc.start)} (byte 0x{data[exc.start]:02x}); the rest is "
                "UTF-8, so the file is damaged rather than in another charset: fix or remove that line",
                origin) from None
        return _legacy(data, origin)


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
    """An HTML page as text: BOM, then the charset of the HTTP header, then the page's ``<meta>``, then as text."""
    text = _by_bom(data, origin)
    if text is not None:
        return text
    for charset in (header_charset, declared_charset(data)):
        if charset:
            try:
                return data.decode(charset, errors="replace")  # browsers replace what the declared charset lacks
            except LookupError:
                continue
    return decode_text(data, origin)
