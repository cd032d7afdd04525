"""`gegenprobe demo`: the main job on the shipped defaults."""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..corpus import open_corpus
from ._common import err, make_settings, out
from ._corpus import run_ingest


def demo_dir() -> Path:
    return Path(str(resources.files("gegenprobe").joinpath("data", "demo")))


def demo(
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Keep the demo corpus here")] = None,
) -> None:
    """Ingest the bundled example articles into a corpus and show what was extracted."""
    with tempfile.TemporaryDirectory(prefix="gegenprobe-demo-") as tmp:
        settings = make_settings(corpus or Path(tmp))
        summary = run_ingest(settings, [str(demo_dir())], fmt=None, keep_going=True)
        err.print(f"added {summary.added}, duplicates {summary.duplicates}, failed {len(summary.failed)}")
        with open_corpus(settings.corpus) as store:
            table = Table("date", "source", "title", "chars", title="Demo corpus (furniture removed)")
            for stored in store.iter_articles():
                a = stored.article
                table.add_row(a.date or "", a.source or "", a.title, str(len(a.text)))
            out.print(table)
