"""`gegenprobe check`: the main job for fact-checkers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..pipeline import Checker, CheckOptions, Resources, opened_finder
from ..report import print_report, render_html, render_markdown
from ._common import AllowPrivateOption, EncoderOption, err, make_settings, report_out
from ._corpus import CorpusOption, index_with_progress
from ._crawl import RegistryOption, crawl_story
from ._inputs import read_one_article
from ._related import warn_without_topic_model


def check(
    article: Annotated[str, typer.Argument(help="File, URL, - (stdin) or id:ID")],
    corpus: CorpusOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON report (schema gegenprobe.check/1)")] = False,
    html: Annotated[Path | None, typer.Option("--html", help="Write a self-contained HTML report here")] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the report as Markdown")] = False,
    claims: Annotated[int, typer.Option(help="How many check-worthy sentences to cross-check")] = 8,
    k: Annotated[int, typer.Option("--k", help="How many related articles to show")] = 10,
    days: Annotated[int | None, typer.Option(help="Related coverage only within N days of the article")] = None,
    encoder: EncoderOption = None,
    allow_private: AllowPrivateOption = False,
    show_all: Annotated[bool, typer.Option("--all", help="Also list the nearest articles that are not "
                                                          "topic-related (marked; never used as evidence)")] = False,
    crawl: Annotated[bool, typer.Option("--crawl", help="First crawl the story's coverage from the registry's "
                                                        "outlets into the corpus (see 'crawl topic')")] = False,
    budget: Annotated[int, typer.Option("--budget", min=1, help="With --crawl: pages fetched at most")] = 300,
    registry: RegistryOption = None,
) -> None:
    """Check an article: disinformation score, flagged sentences, related coverage and claim cross-check."""
    settings = make_settings(corpus, allow_private).with_encoder(encoder)
    query = read_one_article(article, settings)
    resources = Resources(settings)  # one encoder for the index and the claims
    if crawl:
        crawl_story(settings, query, registry, days if days is not None else 14, budget, resources.encoder)
    with opened_finder(settings, resources, update=False) as finder:
        index_with_progress(finder)  # articles added without indexing get a progress bar, not a silent wait
        warn_without_topic_model(finder)
        with err.status("Prüfe Artikel …"):
            options = CheckOptions(claims=claims, k=k, days=days, all_hits=show_all)
            report = Checker(settings, finder.store, finder, resources).check(query, options)
    if html is not None:
        html.write_text(render_html(report), "utf-8")
        err.print(f"HTML report written to {html}")
    if as_json:
        print(report.to_json())
    elif markdown:
        print(render_markdown(report), end="")
    elif html is None:
        print_report(report, report_out)
