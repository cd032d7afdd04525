"""`gegenprobe related`: the related coverage of an article, one or many (batch)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..ingest import Reader
from ..pipeline import opened_finder, related_options
from ..related import RelatedFinder, RelatedHit, RelatedOptions, topic_bundle
from ..report import NO_COVERAGE, NO_COVERAGE_HINT, relation_label
from ..settings import Settings
from ..types import Article
from . import _exit as exit_codes
from ._common import (
    AllowPrivateOption,
    EncoderOption,
    NothingWritten,
    atomic_output,
    err,
    make_settings,
    out,
    progress_bar,
)
from ._corpus import CorpusOption, index_with_progress
from ._inputs import read_one_article

QUERY_FIELDS = ("id", "url", "source", "title", "date", "language")


def score_bar(score: float, width: int = 10) -> str:
    filled = round(score * width)
    colour = "green" if score >= 0.5 else "yellow" if score >= 0.2 else "red"
    return f"[{colour}]{'█' * filled}[/{colour}][dim]{'░' * (width - filled)}[/dim] {score:.2f}"


def print_hits(query: Article, hits: list[RelatedHit]) -> None:
    out.print(f"[bold]{query.title}[/bold] [dim]({query.source or '?'}, {query.date or 'ohne Datum'})[/dim]")
    if not hits:
        out.print(f"[yellow]{NO_COVERAGE}.[/yellow] {NO_COVERAGE_HINT}", highlight=False)
        return
    table = Table("Thema", "Bezug", "Datum", "Quelle", "Titel", "Kopien")
    for hit in hits:
        style = "" if hit.topic_related else "dim"
        table.add_row(score_bar(hit.topic_score, width=5), relation_label(hit), hit.date or "", hit.source or "",
                      hit.title, str(len(hit.duplicates)) if hit.duplicates else "", style=style)
    out.print(table)


def warn_without_topic_model(finder: RelatedFinder) -> None:
    if finder.topic_model is None:
        err.print(f"[yellow]note:[/yellow] the topic-related decision is fitted for the default encoder, not "
                  f"{finder.index.encoder.name}; only hits the same-story model flags count as related",
                  highlight=False)


def _options(settings: Settings, k: int, min_score: float, days: int | None, exclude: list[str] | None,
             sources: str | None, show_all: bool) -> RelatedOptions:
    if k < 1:
        raise typer.BadParameter("must be at least 1", param_hint="--k")
    return related_options(settings, k=k, min_score=min_score, days=days, exclude_sources=tuple(exclude or ()),
                           sources=tuple(s.strip() for s in sources.split(",")) if sources else (),
                           topic_only=not show_all)


def _export(path: Path, query: Article, hits: list[RelatedHit], finder: RelatedFinder) -> None:
    related = finder.articles([h for h in hits if h.topic_related])  # a GermanTRC bundle holds related coverage
    path.write_text(json.dumps(topic_bundle(query, related), ensure_ascii=False, indent=2), "utf-8")
    err.print(f"wrote GermanTRC bundle with {len(related)} related articles to {path}")


def _run_batch(batch: Path, output: Path | None, finder: RelatedFinder, options: RelatedOptions,
               settings: Settings) -> int:
    if output is None:
        raise typer.BadParameter("--batch needs --out RESULTS.jsonl", param_hint="--out")
    failed = answered = 0
    with atomic_output(output) as stream, progress_bar() as progress:
        task = progress.add_task("Queries", total=None, rate="")
        for item in Reader(settings.for_queries()).read([str(batch)]):
            progress.advance(task)
            if item.article is None:
                failed += 1
                progress.console.print(f"[red]✗[/red] {item.error}", highlight=False)
                continue
            hits = finder.find(item.article, options)
            record = {"query_id": item.article.id, "related": [h.to_dict() for h in hits]}
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            answered += 1
        if not answered:
            raise NothingWritten
    if not answered:
        err.print(f"[red]no query could be read[/red]; {output} left unchanged")
    return failed


def related(
    article: Annotated[str | None, typer.Argument(help="File, URL, - (stdin) or id:ID")] = None,
    corpus: CorpusOption = None,
    k: Annotated[int, typer.Option("--k", help="Number of results")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    min_score: Annotated[float, typer.Option(help="Drop results below this same-story probability")] = 0.0,
    days: Annotated[int | None, typer.Option(help="Only articles within N days of the query's date")] = None,
    exclude_source: Annotated[list[str] | None, typer.Option(help="Leave out this source (repeatable)")] = None,
    sources: Annotated[str | None, typer.Option(help="Only these sources, comma-separated")] = None,
    export_trc: Annotated[Path | None, typer.Option(help="Write a GermanTRC topic bundle here")] = None,
    batch: Annotated[Path | None, typer.Option(help="Article JSONL of queries (one per line)")] = None,
    output: Annotated[Path | None, typer.Option("--out", help="Results JSONL for --batch")] = None,
    encoder: EncoderOption = None,
    allow_private: AllowPrivateOption = False,
    show_all: Annotated[bool, typer.Option("--all", help="Also show the nearest articles that are not "
                                                          "topic-related (marked 'nicht verwandt')")] = False,
) -> None:
    """Find the topic-related coverage of an article in the corpus (only topic-related hits unless --all)."""
    settings = make_settings(corpus, allow_private).with_encoder(encoder)
    options = _options(settings, k, min_score, days, exclude_source, sources, show_all)
    if (article is None) == (batch is None):
        raise typer.BadParameter("give exactly one of ARTICLE or --batch")
    query = read_one_article(article, settings, title_only=True) if article is not None else None
    with opened_finder(settings, update=False) as finder:
        index_with_progress(finder)  # with a progress bar when articles were added without indexing
        warn_without_topic_model(finder)
        if batch is not None:
            failed = _run_batch(batch, output, finder, options, settings)
            raise typer.Exit(exit_codes.FAILED if failed else exit_codes.OK)
        assert query is not None
        hits = finder.find(query, options)
        if export_trc is not None:
            _export(export_trc, query, hits, finder)
    if as_json:
        payload = {"query": {f: getattr(query, f) for f in QUERY_FIELDS}, "related": [h.to_dict() for h in hits]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print_hits(query, hits)
