"""Shared CLI pieces: consoles, settings from options, progress bars."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..errors import ConfigError
from ..settings import Settings

out = Console(soft_wrap=True)
# reports wrap long text inside panels; soft wrapping would crop it
report_out = Console()
err = Console(stderr=True, soft_wrap=True)


def make_settings(corpus: Path | None = None, allow_private: bool = False) -> Settings:
    """The one Settings of a command: defaults, size limits from the environment, the command's options."""
    return Settings().with_limits_from(os.environ).with_corpus(corpus).with_private_fetch(allow_private).validate()


class NothingWritten(Exception):
    """Raised inside ``atomic_output`` to leave the target as it was."""


@contextmanager
def atomic_output(path: Path) -> Iterator[TextIO]:
    """A file that replaces ``path`` only when the block ends normally; an error, an interrupt or
    ``NothingWritten`` leaves an existing ``path`` untouched. A link is followed (its target is replaced); a pipe
    or device such as ``/dev/stdout`` is written directly."""
    target = path.resolve()
    if target.is_dir():
        raise ConfigError(f"cannot write {path}: it is a directory")
    if target.exists() and not target.is_file():
        with target.open("w", encoding="utf-8") as stream:
            yield stream
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            yield stream
    except NothingWritten:
        os.unlink(tmp)
        return
    except BaseException:
        os.unlink(tmp)
        raise
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # as a plain open() would have made it, not mkstemp's 0600
        os.replace(tmp, target)
    except OSError as exc:
        os.unlink(tmp)
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def progress_bar() -> Progress:
    """A progress bar on stderr: spinner, count, rate and elapsed time."""
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )

# cleaning runs in other processes while the main one stores or scores: 1.6-1.9x the articles per second
CLEANING_WORKERS = min(2, os.cpu_count() or 1)
EncoderOption = Annotated[str | None, typer.Option(
    "--encoder", help="Sentence encoder: 'e5' (default), 'use', or a sentence-transformers model directory")]
AllowPrivateOption = Annotated[bool, typer.Option(
    "--allow-private", help="Allow fetching from loopback and private addresses (local networks)")]
