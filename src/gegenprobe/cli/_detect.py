"""`gegenprobe score`, `train` and `evaluate`."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, TextIO

import typer

from .. import detect
from ..detect import SPLITS, DetectorBundle, label_of, make_split, model_input, score_texts, verdict
from ..errors import ConfigError, InputError
from ..ingest import Item, Reader
from ..settings import Settings
from ..types import Article
from . import _exit as exit_codes
from ._common import (
    CLEANING_WORKERS,
    AllowPrivateOption,
    NothingWritten,
    atomic_output,
    err,
    make_settings,
    progress_bar,
)

BATCH = 256
ModelOption = Annotated[Path | None, typer.Option("--model", help="Detector folder (default: the shipped model)")]


def load_bundle(model: Path | None) -> DetectorBundle:
    return DetectorBundle.load(model) if model else DetectorBundle.default()


def read_labelled(data: Path, settings: Settings) -> list[Article]:
    """Articles of ``data`` through the readers, with a progress bar; unreadable items are counted."""
    articles, failed = [], 0
    with progress_bar() as progress:
        task = progress.add_task(f"Reading {data.name}", total=None, rate="")
        for item in Reader(settings, workers=CLEANING_WORKERS).read([str(data)]):
            progress.advance(task)
            if item.article is not None:
                articles.append(item.article)
            else:
                failed += 1
    err.print(f"read {len(articles)} articles ({failed} skipped)")
    if not articles:
        raise InputError("no readable articles", str(data))
    return articles


def _write_scores(batch: list[Article], bundle: DetectorBundle, stream: TextIO) -> None:
    for article, p, uncertain in zip(batch, *score_texts([model_input(a) for a in batch], bundle), strict=True):
        rating, label = verdict(float(p), bool(uncertain))
        record = {"id": article.id, "p_fake": round(float(p), 4), "rating": rating, "label": label,
                  "uncertain": bool(uncertain)}
        stream.write(json.dumps(record) + "\n")


def score(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, URLs or - (article JSONL is typical)")],
    output: Annotated[Path, typer.Option("--out", help="Output JSONL: id, p_fake, rating, label, uncertain")],
    model: ModelOption = None,
    fmt: Annotated[str | None, typer.Option("--format", help="Force an input format")] = None,
    workers: Annotated[int, typer.Option(
        "--workers", min=0, help="Processes that clean articles (0: clean in this one)")] = CLEANING_WORKERS,
    allow_private: AllowPrivateOption = False,
) -> None:
    """Score articles for disinformation, one output line per article; OUT is replaced only when done."""
    settings = make_settings(allow_private=allow_private)  # the same validation as `corpus add`
    bundle = load_bundle(model)
    with atomic_output(output) as stream:
        done, failed = _score_into(stream, Reader(settings, fmt=fmt, workers=workers).read(inputs), bundle)
        if not done:
            raise NothingWritten
    if done:
        err.print(f"scored {done} articles, {failed} failed -> {output}")
    else:
        err.print(f"[red]nothing scored[/red] ({failed} failed); {output} left unchanged")
    raise typer.Exit(exit_codes.for_counts(done, failed))


def _score_into(stream: TextIO, items: Iterable[Item], bundle: DetectorBundle) -> tuple[int, int]:
    """Score ``items`` in batches into ``stream`` with a progress bar; ``(scored, failed)``."""
    started, done, failed = time.perf_counter(), 0, 0
    batch: list[Article] = []
    with progress_bar() as progress:
        task = progress.add_task("Scoring", total=None, rate="")

        def flush() -> None:
            nonlocal done
            _write_scores(batch, bundle, stream)
            done += len(batch)
            rate = f"{done / (time.perf_counter() - started):,.0f} articles/s"
            progress.update(task, advance=len(batch), rate=rate)
            batch.clear()

        for item in items:
            if item.article is None:
                failed += 1
                progress.console.print(f"[red]✗[/red] {item.error}", highlight=False)
                continue
            batch.append(item.article)
            if len(batch) == BATCH:
                flush()
        if batch:
            flush()
    return done, failed


def train(
    data: Annotated[list[Path], typer.Option("--data", help="Labelled articles (e.g. FANG-COVID JSONL); repeat "
                                                         "to add more (e.g. real news of other outlets)")],
    output: Annotated[Path, typer.Option("--out", help="Folder for the model, its card and its report")],
    split: Annotated[str, typer.Option(help=f"Train on the training part of: {', '.join(SPLITS)}, or all")] = "all",
    seed: Annotated[int, typer.Option(help="Random seed")] = 13,
) -> None:
    """Train a detector (fixed seed); with a split, evaluate it on the held-out part too."""
    if split not in (*SPLITS, "all"):
        raise ConfigError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)} or all")
    settings = make_settings()
    articles = [article for path in data for article in read_labelled(path, settings)]
    err.print(f"training on the {split} split … (about a minute per 10,000 articles)")
    # training needs scikit-learn, which `detect` loads only when asked (not for scoring)
    run = detect.train_detector(articles, split, seed)
    run.bundle.save(output, card=detect.model_card(run.bundle.info, ", ".join(path.name for path in data)))
    err.print(f"model saved to {output}")
    if run.metrics is not None:
        chosen = make_split(articles, split, seed)
        paths = detect.write_report(run.metrics, [label_of(a) for a in chosen.test], output / f"eval-{split}", split)
        _print_metrics(run.metrics, paths)


def evaluate(
    data: Annotated[Path, typer.Option("--data", help="Labelled articles")],
    split: Annotated[str, typer.Option(help=f"Evaluate on the test part of: {', '.join(SPLITS)}")],
    model: ModelOption = None,
    report: Annotated[Path | None, typer.Option(help="Folder for report.json and the PNG plots")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the random split")] = 13,
) -> None:
    """Evaluate a detector on a split's held-out part: metrics, JSON report, reliability diagram, ROC curve."""
    bundle = load_bundle(model)
    articles = read_labelled(data, make_settings())
    chosen = make_split(articles, split, seed)
    metrics = detect.evaluate_detector(bundle, chosen.test)
    folder = report or Path(f"gegenprobe-eval-{split}")
    paths = detect.write_report(metrics, [label_of(a) for a in chosen.test], folder, split)
    _print_metrics(metrics, paths)


def _print_metrics(metrics: dict, paths: list[Path]) -> None:
    from rich.table import Table

    from ._common import out

    table = Table("metric", "value", title=f"{metrics['n']} test articles")
    for key in ("accuracy", "macro_f1", "f1_fake", "kappa", "roc_auc", "brier", "ece"):
        table.add_row(key, f"{metrics[key]:.4f}" if metrics[key] is not None else "–")
    out.print(table)
    out.print("confusion (rows true real/fake, cols predicted):", metrics["confusion"]["matrix"])
    err.print("wrote " + ", ".join(str(p) for p in paths))
