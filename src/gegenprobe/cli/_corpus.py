"""`gegenprobe corpus ...`: add, stats, list, show, export, remove."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.table import Table

from ..corpus import CorpusStore, IngestSummary, ingest, open_corpus
from ..ingest import FORMATS, Item, Reader
from ..pipeline import opened_finder
from ..related import RelatedFinder
from ..settings import Settings
from . import _exit as exit_codes
from ._common import (
    CLEANING_WORKERS,
    AllowPrivateOption,
    EncoderOption,
    atomic_output,
    err,
    make_settings,
    out,
    progress_bar,
)

app = typer.Typer(help="Build and inspect the corpus store.", no_args_is_help=True)

CorpusOption = Annotated[
    Path | None,
    typer.Option("--corpus", help="Corpus directory (default: $GEGENPROBE_CORPUS or ~/.local/share/gegenprobe/corpus)"),
]



def _parse_columns(columns: str | None) -> tuple[tuple[str, str], ...]:
    if not columns:
        return ()
    pairs = []
    for part in columns.split(","):
        field, sep, column = part.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise typer.BadParameter(f"expected FIELD=COLUMN pairs such as title=Headline, got {part!r}")
        pairs.append((column.strip(), field.strip()))
    return tuple(pairs)


def run_ingest(settings: Settings, inputs: list[str], fmt: str | None, strict: bool = False) -> IngestSummary:
    """Read ``inputs`` and store them with a progress bar; bad items are reported and skipped, or with
    ``strict`` the first one stops the command."""
    reader = Reader(settings, fmt=fmt, workers=CLEANING_WORKERS)
    started = time.perf_counter()
    with open_corpus(settings.corpus) as store, progress_bar() as progress:
        task = progress.add_task("Ingesting", total=None, rate="")

        def advance(item: Item) -> None:
            done = progress.tasks[0].completed + 1
            rate = f"{done / max(time.perf_counter() - started, 1e-9):,.0f} items/s"
            progress.update(task, advance=1, rate=rate)
            if item.error is not None:
                progress.console.print(f"[red]✗[/red] {item.error}", highlight=False)

        items = reader.read(inputs)
        if strict:
            items = _until_first_error(items)
        return ingest(items, store, settings.corpus.batch_size, on_item=advance)


def _until_first_error(items):  # type: ignore[no-untyped-def]
    for item in items:
        yield item
        if item.error is not None:
            return


@app.command("add")
def add(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, URLs, or - for stdin")],
    corpus: CorpusOption = None,
    fmt: Annotated[str | None, typer.Option("--format", help=f"Force a format: {', '.join(FORMATS)}")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad item (default: skip and report)")
                      ] = False,
    keep_going: Annotated[bool, typer.Option("--keep-going", hidden=True, help="The default; kept for old scripts")
                          ] = False,
    columns: Annotated[str | None, typer.Option(help="CSV column mapping, e.g. title=Headline,text=Body")] = None,
    allow_private: AllowPrivateOption = False,
    batch_size: Annotated[int | None, typer.Option(help="Articles per transaction")] = None,
    index: Annotated[bool, typer.Option(help="Update the related-coverage indexes afterwards")] = True,
) -> None:
    """Add articles to the corpus; duplicates (same id, URL or text) are skipped, near-duplicates marked."""
    from dataclasses import replace

    if strict and keep_going:
        raise typer.BadParameter("--strict and --keep-going contradict each other", param_hint="--strict")
    settings = make_settings(corpus, allow_private)
    if columns:
        settings = replace(settings, ingest=replace(settings.ingest, csv_columns=_parse_columns(columns)))
    if batch_size is not None:
        settings = replace(settings, corpus=replace(settings.corpus, batch_size=batch_size)).validate()
    summary = run_ingest(settings, inputs, fmt, strict)
    _print_summary(summary, strict)
    if index and summary.added:
        update_index(settings)
    raise typer.Exit(_exit_code(summary))


def update_index(settings: Settings) -> int:
    """Bring the BM25 and vector indexes up to date, with a progress bar."""
    with opened_finder(settings, update=False, allow_empty=True) as finder:
        return index_with_progress(finder)


def index_with_progress(finder: RelatedFinder) -> int:
    """``finder.update`` behind a progress bar when there is something to index (removals only: no bar)."""
    pending = finder.pending()
    if not pending:
        return finder.update()
    with progress_bar() as progress:
        task = progress.add_task("Indexing (BM25 + embeddings)", total=pending, rate="")
        return finder.update(on_batch=lambda n: progress.advance(task, n))


@app.command("index")
def index_command(
    corpus: CorpusOption = None,
    encoder: EncoderOption = None,
) -> None:
    """Compute what is missing in the related-coverage indexes (BM25 and embeddings)."""
    done = update_index(make_settings(corpus).with_encoder(encoder))
    err.print(f"indexed {done} articles")


@app.command("stories")
def stories(
    corpus: CorpusOption = None,
    min_size: Annotated[int, typer.Option(help="Show stories with at least this many articles")] = 2,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Group the corpus into stories (same-event groups); only new articles are clustered."""
    from ..related import StoryClusterer

    settings = make_settings(corpus)
    with open_corpus(settings.corpus, create=False) as store, RelatedFinder(store, settings.corpus.path) as finder:
        clusterer = StoryClusterer(settings.corpus.path)
        try:
            with progress_bar() as progress:
                task = progress.add_task("Clustering", total=None, rate="")
                clusterer.update(store, finder.index, finder.model, on_article=lambda: progress.advance(task))
            found = clusterer.stories(store, min_size)
        finally:
            clusterer.close()
    if as_json:
        for story in found:
            print(json.dumps({"story": story.id, "articles": list(story.article_ids), "titles": list(story.titles),
                              "first_date": story.first_date, "last_date": story.last_date}, ensure_ascii=False))
        return
    table = Table("story", "articles", "dates", "titles")
    for story in found:
        table.add_row(str(story.id), str(len(story.article_ids)), f"{story.first_date} – {story.last_date}",
                      "\n".join(story.titles[:4]))
    out.print(table)


def _exit_code(summary: IngestSummary) -> int:
    if not summary.seen:
        return exit_codes.FAILED
    return exit_codes.for_counts(summary.added + summary.duplicates, len(summary.failed))


def _print_summary(summary: IngestSummary, strict: bool) -> None:
    err.print(
        f"[bold]added[/bold] {summary.added}  [bold]duplicates[/bold] {summary.duplicates}  "
        f"[bold]near-duplicates[/bold] {summary.near_duplicates}  [bold]failed[/bold] {len(summary.failed)}",
        highlight=False,
    )
    if summary.reasons:
        by_reason = ", ".join(f"{code} {count}" for code, count in summary.reasons.most_common())
        err.print(f"[bold]failed by reason[/bold]: {by_reason}", highlight=False)
    if summary.failed and strict:
        err.print("stopped at the first bad item (--strict; committed articles are kept)")
    if not summary.seen:
        err.print("[red]no input items found[/red]")


@app.command("stats")
def stats(corpus: CorpusOption = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts of articles, sources, near-duplicates, dates and size on disk."""
    with open_corpus(make_settings(corpus).corpus, create=False) as store:
        figures = store.stats()
    if as_json:
        out.print_json(json.dumps(figures, ensure_ascii=False))
        return
    table = Table(title=f"Corpus {figures['path']}", show_header=False)
    for key in ("articles", "near_duplicates", "first_date", "last_date", "size_bytes"):
        table.add_row(key.replace("_", " "), str(figures[key]))
    for source, count in list(figures["sources"].items())[:15]:
        table.add_row(f"  {source}", str(count))
    out.print(table)


@app.command("list")
def list_articles(
    corpus: CorpusOption = None,
    source: Annotated[str | None, typer.Option(help="Only this source domain")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table")] = False,
) -> None:
    """List stored articles (id, date, source, title)."""
    with open_corpus(make_settings(corpus).corpus, create=False) as store:
        rows = list(store.iter_articles(source=source, limit=limit))
    if as_json:
        for stored in rows:
            a = stored.article
            print(json.dumps({"id": a.id, "date": a.date, "source": a.source, "title": a.title}, ensure_ascii=False))
        return
    table = Table("id", "date", "source", "title", "near-dup of")
    for stored in rows:
        a = stored.article
        table.add_row(a.id, a.date or "", a.source or "", a.title, stored.near_duplicate_of or "")
    out.print(table)


@app.command("show")
def show(
    article_id: str, corpus: CorpusOption = None, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Show one stored article."""
    from rich.panel import Panel

    with open_corpus(make_settings(corpus).corpus, create=False) as store:
        stored = store.get(article_id)
    a = stored.article
    if as_json:
        print(json.dumps({**a.to_dict(), "near_duplicate_of": stored.near_duplicate_of}, ensure_ascii=False, indent=2))
        return
    header = f"{a.source or '?'} · {a.date or 'ohne Datum'} · {a.url or ''}"
    out.print(Panel(a.text, title=f"[bold]{a.title}[/bold]", subtitle=header))


@app.command("export")
def export(
    corpus: CorpusOption = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--out", help="File to write (default: stdout)")] = None,
) -> None:
    """Export all articles as JSON lines (the fields of the Article model)."""
    if fmt != "jsonl":
        raise typer.BadParameter(f"unknown export format {fmt!r}; available: jsonl", param_hint="--format")
    with open_corpus(make_settings(corpus).corpus, create=False) as store:
        if output is None:
            _export_to(sys.stdout, store)
        else:
            with atomic_output(output) as stream:
                _export_to(stream, store)


def _export_to(stream: TextIO, store: CorpusStore) -> None:
    for stored in store.iter_articles():
        stream.write(stored.article.to_json() + "\n")


@app.command("remove")
def remove(article_ids: list[str], corpus: CorpusOption = None) -> None:
    """Remove articles by id."""
    with open_corpus(make_settings(corpus).corpus, create=False) as store:
        for article_id in article_ids:
            store.remove(article_id)
            err.print(f"removed {article_id}")
