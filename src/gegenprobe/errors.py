"""The one exception hierarchy of gegenprobe.

Every error a user can cause is a ``GegenprobeError``; the CLI catches that base once and prints one line.

* GegenprobeError
  x InputError                 -- the input itself is unusable (carries ``.source``)
    + UnsupportedFormat        -- unknown or mismatching format, binary junk
    + MalformedInput           -- JSON/CSV/WARC that does not parse, damaged files, bad field values
    + TooLarge                 -- an item, file or text beyond a size limit (the error names the limit)
    + ExtractionFailed         -- an HTML page without an article, an empty text
    + NotGerman                -- the text is in another language
    + NeedsFetch               -- a record has a URL but no text (GermanFakeNC)
    + FetchError               -- network, HTTP status, size or content-type problems
      - FetchRefused           -- the SSRF guard refused an address
      - NetworkError           -- a timeout or a failed connection: the same URL may answer later
  x CorpusError                -- the store cannot be opened, is locked, or an id is unknown
  x ModelError                 -- a model is missing, unreadable or not fitted
  x ConfigError                -- a bad setting
"""

from __future__ import annotations


class GegenprobeError(Exception):
    """Base of every error gegenprobe reports to a user."""


class InputError(GegenprobeError):
    """An input item cannot be turned into an article; ``code`` names the kind of failure (stable, for summaries)."""

    code = "unreadable"

    def __init__(self, message: str, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class UnsupportedFormat(InputError):
    """The format is unknown, or the bytes are not text."""

    code = "unsupported_format"


class MalformedInput(InputError):
    """Structured input (JSON, CSV, WARC) is broken or damaged, lacks required fields or has a bad value."""

    code = "malformed"


class TooLarge(InputError):
    """An input is larger than a configured limit; the message names the limit and how to raise it."""

    code = "too_large"

    @classmethod
    def over(cls, what: str, limit: int, setting: str, source: str | None = None, unit: str = "bytes") -> TooLarge:
        """The error for ``what`` over the limit named ``setting`` (a field of ``IngestSettings``). A constructor
        of its own, so the exception keeps ``InputError``'s signature and pickles across cleaning processes."""
        return cls(f"{what} is larger than the limit of {limit:,} {unit} ({setting}; raise it with the "
                   f"environment variable GEGENPROBE_{setting.upper()})", source)


class ExtractionFailed(InputError):
    """No article text could be found, or too little."""

    code = "no_article_text"


class NotGerman(InputError):
    """The article is not in German."""

    code = "not_german"


class NeedsFetch(InputError):
    """A record names a URL but carries no text; fetch the URL to use it."""

    code = "needs_fetch"


class FetchError(InputError):
    """A URL could not be fetched."""

    code = "fetch_failed"


class FetchRefused(FetchError):
    """The fetcher refused the URL (private address, scheme, ...)."""

    code = "fetch_refused"


class NetworkError(FetchError):
    """A timeout or a failed connection or read: unlike a refusal or an HTTP status, worth trying again later."""


class CorpusError(GegenprobeError):
    """The corpus store cannot do what was asked."""


class ModelError(GegenprobeError):
    """A model cannot be loaded or used."""


class ConfigError(GegenprobeError):
    """A setting is invalid."""


__all__ = [
    "ConfigError",
    "CorpusError",
    "ExtractionFailed",
    "FetchError",
    "FetchRefused",
    "GegenprobeError",
    "InputError",
    "MalformedInput",
    "ModelError",
    "NeedsFetch",
    "NotGerman",
    "TooLarge",
    "UnsupportedFormat",
]
