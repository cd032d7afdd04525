"""Shared CLI pieces: consoles, settings from options, progress bars."""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..settings import Settings

out = Console(soft_wrap=True)
# reports wrap long text inside panels; soft wrapping would crop it
report_out = Console()
err = Console(stderr=True, soft_wrap=True)


def make_settings(corpus: Path | None = None) -> Settings:
    return Settings().with_corpus(corpus).validate()


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
ENCODER_HELP = "'e5' (default), 'use', or a sentence-transformers model directory"
