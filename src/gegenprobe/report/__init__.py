"""Reports of a check: terminal (Rich), JSON (schema gegenprobe.check/1), self-contained HTML, Markdown."""

from ._html import render_html
from ._markdown import render_markdown
from ._model import NO_COVERAGE, NO_COVERAGE_HINT, SCHEMA, CheckReport, json_schema, rating_label, relation_label
from ._terminal import print_report, score_bar

__all__ = [
    "NO_COVERAGE",
    "NO_COVERAGE_HINT",
    "SCHEMA",
    "CheckReport",
    "json_schema",
    "print_report",
    "rating_label",
    "relation_label",
    "render_html",
    "render_markdown",
    "score_bar",
]
