"""`gegenprobe demo`: the main job on the shipped defaults — no set-up beyond the install."""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from ..pipeline import Checker
from ..report import print_report, render_html
from ._common import err, make_settings, report_out
from ._corpus import run_ingest, update_index
from ._inputs import read_one_article

DEMO_ARTICLE = "04-wahrheitsfront-bruecke.html"


def demo_dir() -> Path:
    return Path(str(resources.files("gegenprobe").joinpath("data", "demo")))


def demo(
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Keep the demo corpus here")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Also write the HTML report here")] = None,
) -> None:
    """Build a corpus from the bundled demo articles and check the fabricated one against it."""
    with tempfile.TemporaryDirectory(prefix="gegenprobe-demo-") as tmp:
        settings = make_settings(corpus or Path(tmp))
        summary = run_ingest(settings, [str(demo_dir())], fmt=None)
        update_index(settings)
        stored = summary.added + summary.duplicates
        err.print(f"demo corpus: {stored} articles on four stories in {settings.corpus.path}")
        article = read_one_article(str(demo_dir() / DEMO_ARTICLE), settings)
        with Checker.open(settings) as checker:
            report = checker.check(article)
        print_report(report, report_out)
        if html is not None:
            html.write_text(render_html(report), "utf-8")
            err.print(f"HTML report written to {html}")
