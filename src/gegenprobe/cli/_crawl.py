"""`gegenprobe sources ...` (the outlet registry) and `gegenprobe crawl ...` (feeds, sitemaps, URLs, WARC, topic)."""

from __future__ import annotations

import json
import signal
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ..corpus import open_corpus
from ..crawl import (
    KINDS,
    CrawlJob,
    CrawlStats,
    Frontier,
    SearxngSearch,
    SourceRegistry,
    check_sources,
    crawl_sources,
    crawl_urls,
    crawl_warc,
    topic_crawl,
)
from ..errors import ConfigError
from ..pipeline import Resources
from ..settings import Settings
from ..text import Encoder
from ..types import Article
from ._common import AllowPrivateOption, EncoderOption, atomic_output, err, make_settings, out, progress_bar
from ._corpus import CorpusOption, update_index
from ._inputs import read_one_article

sources_app = typer.Typer(help="The registry of outlets the crawler visits.", no_args_is_help=True)
crawl_app = typer.Typer(help="Fill the corpus from the outlets' feeds and sitemaps, URL lists, WARC files; "
                             "crawl the coverage of one article's story.", no_args_is_help=True)

RegistryOption = Annotated[Path | None, typer.Option(
    "--sources", help="Your own source registry (TOML, the schema of the shipped one) instead of the shipped one")]
SourceOption = Annotated[list[str] | None, typer.Option("--source", help="Only this source (name or domain)")]
KindOption = Annotated[list[str] | None, typer.Option("--kind", help=f"Only sources of this kind: {', '.join(KINDS)}")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON")]
DelayOption = Annotated[float | None, typer.Option(
    "--delay", min=0, help="Seconds between two requests to one host at least (default 1; robots.txt may ask more)")]
ConcurrencyOption = Annotated[int | None, typer.Option("--concurrency", min=1, help="Hosts fetched at once")]
BatchOption = Annotated[int | None, typer.Option(
    "--batch-size", min=1, help="Pages stored together (default 50); a kill re-fetches at most one batch")]


def _registry(path: Path | None) -> SourceRegistry:
    return SourceRegistry.load(path)


def _iso(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ConfigError(f"{option} must be a date YYYY-MM-DD, got {value!r}") from None


def _crawl_settings(corpus: Path | None, allow_private: bool, delay: float | None,
                    concurrency: int | None, batch_size: int | None = None) -> Settings:
    settings = make_settings(corpus, allow_private)
    changes: dict[str, Any] = {}
    if batch_size is not None:
        changes["batch_size"] = batch_size
    if delay is not None:
        changes["min_delay"] = delay
    if concurrency is not None:
        changes["concurrency"] = concurrency
    return replace(settings, crawl=replace(settings.crawl, **changes)).validate() if changes else settings


@sources_app.command("list")
def sources_list(registry: RegistryOption = None, kind: KindOption = None, as_json: JsonOption = False) -> None:
    """The registry's outlets: name, kind, country, domain, feeds and sitemaps known."""
    chosen = _registry(registry).select(kinds=kind)
    if as_json:
        out.print_json(json.dumps([s.to_dict() for s in chosen], ensure_ascii=False))
        return
    table = Table(title=f"{len(chosen)} sources (none verified offline)")
    for column in ("name", "kind", "country", "domain", "feeds", "sitemaps", "basis"):
        table.add_column(column)
    for s in chosen:
        table.add_row(s.name, s.kind, s.country, s.domain, str(len(s.feeds)), str(len(s.sitemaps)), s.basis)
    out.print(table)


@sources_app.command("show")
def sources_show(name: str, registry: RegistryOption = None) -> None:
    """One outlet's entry."""
    out.print_json(json.dumps(_registry(registry).get(name).to_dict(), ensure_ascii=False))


@sources_app.command("check")
def sources_check(names: Annotated[list[str] | None, typer.Argument(help="Sources to check (default: all)")] = None,
                  registry: RegistryOption = None, kind: KindOption = None, as_json: JsonOption = False,
                  allow_private: AllowPrivateOption = False) -> None:
    """Try each source's robots.txt, feeds and sitemaps and report what answers (politely: one request per host
    at a time, the crawl delay between requests)."""
    settings = make_settings(allow_private=allow_private)
    chosen = _registry(registry).select(names, kind)
    with progress_bar() as progress:
        task = progress.add_task("Checking", total=sum(1 + len(s.feeds) + len(s.sitemaps) for s in chosen), rate="")
        rows = check_sources(settings, chosen, on_done=lambda row: progress.advance(task))
    if as_json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title="source check")
    for column in ("source", "kind", "url", "answer"):
        table.add_column(column, overflow="fold")
    for row in rows:
        answer = f"ok, {row.get('entries', 0)} entries" if row.get("ok") else \
            row.get("error") or f"HTTP {row.get('status')}"
        table.add_row(row["source"], row["kind"], row["url"], answer)
    out.print(table)


@contextmanager
def _job(settings: Settings, registry: SourceRegistry, archive: bool, index: bool,
         encoder: str | None = None) -> Iterator[CrawlJob]:
    """A crawl job over the corpus with progress on stderr; Ctrl-C stops it after storing what was fetched."""
    archive_path = settings.corpus.path / "warc" / f"crawl-{date.today().isoformat()}.warc.gz" if archive else None
    counts: Counter[str] = Counter()
    with open_corpus(settings.corpus) as store, progress_bar() as progress:
        task = progress.add_task("Crawling", total=None, rate="")

        def on_event(kind: str, host: str) -> None:
            counts[kind] += 1
            progress.update(task, advance=1, rate=", ".join(f"{k} {v}" for k, v in sorted(counts.items())))

        job = CrawlJob(settings, store, registry, archive=archive_path, on_event=on_event)

        def stop_gently(*_: object) -> None:  # a second Ctrl-C interrupts at once
            job.stop()
            err.print("[yellow]stopping[/yellow]: storing what was fetched (Ctrl-C again to quit at once)")
            signal.signal(signal.SIGINT, previous)

        previous = signal.signal(signal.SIGINT, stop_gently)
        try:
            yield job
        finally:
            signal.signal(signal.SIGINT, previous)
    if index and counts["stored"]:
        update_index(settings.with_encoder(encoder))


def _report(stats: CrawlStats, as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps(stats.to_dict()))
        return
    err.print(f"{stats.requests} requests, {stats.pages} pages, {stats.stored} stored in "
              f"{stats.to_dict()['seconds']} s; " + ", ".join(f"{k} {v}" for k, v in sorted(stats.outcomes.items())))
    if stats.by_host:
        table = Table(title="stored per host")
        table.add_column("host")
        table.add_column("stored", justify="right")
        for host, count in stats.by_host.most_common(20):
            table.add_row(host, str(count))
        err.print(table)


@crawl_app.command("sources")
def crawl_sources_command(
    source: SourceOption = None, kind: KindOption = None,
    since: Annotated[str | None, typer.Option("--since", help="Only articles from this date, YYYY-MM-DD")] = None,
    max_pages: Annotated[int | None, typer.Option("--max-pages", min=1, help="Stop after this many pages")] = None,
    watch: Annotated[float | None, typer.Option(
        "--watch", min=60, help="Keep going: poll feeds and sitemaps again every this many seconds")] = None,
    archive: Annotated[bool, typer.Option("--archive", help="Also keep every response in a WARC file")] = False,
    index: Annotated[bool, typer.Option("--index/--no-index", help="Index what was stored")] = True,
    corpus: CorpusOption = None, registry: RegistryOption = None, delay: DelayOption = None,
    concurrency: ConcurrencyOption = None, batch_size: BatchOption = None, allow_private: AllowPrivateOption = False,
    as_json: JsonOption = False,
) -> None:
    """Discover and fetch new articles of the registry's outlets (feeds, sitemaps, newest first) into the corpus."""
    settings = _crawl_settings(corpus, allow_private, delay, concurrency, batch_size)
    sources, window_start = _registry(registry), _iso(since, "--since")
    chosen = sources.select(source, kind)
    with _job(settings, sources, archive, index) as job:
        stats = crawl_sources(job, chosen, window_start, max_pages, watch)
    _report(stats, as_json)


@crawl_app.command("urls")
def crawl_urls_command(
    file: Annotated[Path, typer.Argument(help="A text file with one URL per line ('#' starts a comment)")],
    max_pages: Annotated[int | None, typer.Option("--max-pages", min=1)] = None,
    archive: Annotated[bool, typer.Option("--archive", help="Also keep every response in a WARC file")] = False,
    index: Annotated[bool, typer.Option("--index/--no-index")] = True,
    corpus: CorpusOption = None, registry: RegistryOption = None, delay: DelayOption = None,
    concurrency: ConcurrencyOption = None, batch_size: BatchOption = None, allow_private: AllowPrivateOption = False,
    as_json: JsonOption = False,
) -> None:
    """Fetch the URLs of a file into the corpus, politely and resumably."""
    try:
        lines = file.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the URL list {file}: {exc}") from None
    urls = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    bad = [u for u in urls if not u.startswith(("http://", "https://"))]
    if bad:
        raise ConfigError(f"{file}: not an http(s) URL: {bad[0]!r}")
    settings = _crawl_settings(corpus, allow_private, delay, concurrency, batch_size)
    with _job(settings, _registry(registry), archive, index) as job:
        stats = crawl_urls(job, urls, max_pages)
    _report(stats, as_json)


@crawl_app.command("warc")
def crawl_warc_command(
    files: Annotated[list[Path], typer.Argument(help="WARC files (e.g. CC-NEWS), .warc or .warc.gz")],
    source: SourceOption = None, kind: KindOption = None,
    since: Annotated[str | None, typer.Option("--since", help="YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option("--until", help="YYYY-MM-DD")] = None,
    index: Annotated[bool, typer.Option("--index/--no-index")] = True,
    corpus: CorpusOption = None, registry: RegistryOption = None, as_json: JsonOption = False,
) -> None:
    """Take the articles of the registry's outlets out of WARC files, inside a date window."""
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise ConfigError(f"no such file: {missing[0]}")
    settings = make_settings(corpus)
    sources = _registry(registry)
    chosen = sources.select(source, kind) if source or kind else None
    with open_corpus(settings.corpus) as store, progress_bar() as progress:
        task = progress.add_task("Reading WARC records", total=None, rate="")
        summary = crawl_warc(settings, store, sources, files, chosen, _iso(since, "--since"), _iso(until, "--until"),
                             on_record=lambda: progress.advance(task))
    if index and summary.stored:
        update_index(settings)
    result = {"records": summary.records, "kept": summary.kept, "stored": summary.stored,
              "duplicates": summary.duplicates, "reasons": summary.reasons}
    if as_json:
        out.print_json(json.dumps(result))
    else:
        err.print(f"{summary.records} HTML records, {summary.kept} of the outlets in the window, {summary.stored} "
                  f"stored, {summary.duplicates} already there; skipped: {summary.reasons or 'none'}")


@crawl_app.command("topic")
def crawl_topic_command(
    article: Annotated[str, typer.Argument(help="The article: a URL, an HTML or text file, or - for stdin")],
    days: Annotated[int, typer.Option("--days", min=0, help="Date window around the article")] = 14,
    budget: Annotated[int, typer.Option("--budget", min=1, help="Pages fetched at most")] = 300,
    seconds: Annotated[float | None, typer.Option("--time", min=1, help="Stop after this many seconds")] = None,
    export_trc: Annotated[Path | None, typer.Option("--export-trc", help="Write a GermanTRC-style JSON topic")] = None,
    search: Annotated[str | None, typer.Option("--search", help="A SearXNG base URL to search the story with")] = None,
    source: SourceOption = None, kind: KindOption = None, k: Annotated[int, typer.Option("--k", min=1)] = 20,
    corpus: CorpusOption = None, registry: RegistryOption = None, delay: DelayOption = None,
    concurrency: ConcurrencyOption = None, encoder: EncoderOption = None, allow_private: AllowPrivateOption = False,
    as_json: JsonOption = False,
) -> None:
    """Crawl the coverage of one article's story from the registry's outlets, then show its related coverage."""
    settings = _crawl_settings(corpus, allow_private, delay, concurrency).with_encoder(encoder)
    query = read_one_article(article, settings.for_queries())
    sources = _registry(registry)
    with _job(settings, sources, False, False) as job:
        result = topic_crawl(job, query, sources.select(source, kind), days=days, budget=budget, seconds=seconds,
                             k=k, search=SearxngSearch(search) if search else None,
                             encoder=Resources(settings).encoder)
    if export_trc is not None:
        with atomic_output(export_trc) as stream:
            json.dump(result.export(), stream, ensure_ascii=False, indent=1)
    if as_json:
        out.print_json(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    _report(result.stats, False)
    if result.search_error:
        err.print(f"[yellow]search backend:[/yellow] {result.search_error}")
    table = Table(title=f"related coverage of “{query.title[:80]}”")
    for column in ("score", "same story", "date", "source", "title"):
        table.add_column(column)
    for hit in result.hits:
        table.add_row(f"{hit.score:.2f}", "yes" if hit.same_story else "", hit.date or "", hit.source or "", hit.title)
    out.print(table)


def crawl_story(settings: Settings, article: Article, registry: Path | None, days: int, budget: int,
                encoder: Encoder) -> None:
    """The topic crawl before `check --crawl`: its coverage lands in the corpus the check then searches."""
    sources = _registry(registry)
    with _job(settings, sources, False, False) as job:
        result = topic_crawl(job, article, sources.select(), days=days, budget=budget, encoder=encoder)
    _report(result.stats, False)


@crawl_app.command("status")
def crawl_status(corpus: CorpusOption = None, as_json: JsonOption = False) -> None:
    """The frontier: queued, stored, failed by reason, blocked by robots.txt, bot walls, per host."""
    settings = make_settings(corpus)
    if not (settings.corpus.path / "frontier.sqlite").exists():
        raise ConfigError(f"no crawl in {settings.corpus.path} yet (start one with 'gegenprobe crawl sources')")
    with Frontier(settings.corpus.path) as frontier:
        status = frontier.status()
    if as_json:
        out.print_json(json.dumps(status))
        return
    out.print(f"{status['total']} URLs: " + ", ".join(f"{k} {v}" for k, v in status["states"].items() if v))
    table = Table(title="reasons")
    for column in ("state", "reason", "count"):
        table.add_column(column)
    for row in status["reasons"][:20]:
        table.add_row(row["state"], row["reason"], str(row["count"]))
    out.print(table)
    hosts = Table(title="per host")
    for column in ("host", *[s for s in status["states"] if any(h.get(s) for h in status["hosts"].values())]):
        hosts.add_column(column)
    for host, states in sorted(status["hosts"].items(), key=lambda kv: -sum(kv[1].values()))[:30]:
        hosts.add_row(host, *[str(states.get(c.header, 0)) for c in hosts.columns[1:]])  # type: ignore[attr-defined]
    out.print(hosts)
    for host, wall in status["bot_walls"].items():
        out.print(f"[yellow]bot wall[/yellow] {host}: {wall}")
