"""The report in the terminal (Rich): score bar, highlighted sentences, related coverage, claims."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ._model import (
    NO_COVERAGE,
    NO_COVERAGE_HINT,
    VERDICT_LABELS,
    CheckReport,
    outlets_label,
    rating_label,
    reason_labels,
    relation_label,
    source_label,
)

_VERDICT_STYLE = {"supported": "green", "contradicted": "bold red", "no_coverage": "dim", "unclear": "yellow"}


def _sentence_style(p_false: float, flagged: bool) -> str:
    colour = "on dark_red" if p_false >= 0.7 else "on dark_orange3" if p_false >= 0.5 else ""
    return f"{colour} underline".strip() if flagged else colour


def score_bar(rating: float, width: int = 30) -> Text:
    filled = round(rating * width)
    colour = "red" if rating >= 0.7 else "yellow" if rating >= 0.5 else "green"
    bar = Text("█" * filled, style=colour) + Text("░" * (width - filled), style="dim")
    return bar + Text(f"  {rating:.1f} / 1.0  {rating_label(rating)}", style=f"bold {colour}")


def _article_text(report: CheckReport) -> Text:
    flagged = {c.sentence_index: n + 1 for n, c in enumerate(report.claims)}
    text = Text()
    cursor = 0
    body = report.article.text
    for sentence in report.score.sentences:
        text.append(body[cursor : sentence.start])
        text.append(sentence.text, style=_sentence_style(sentence.p_false, sentence.index in flagged))
        if sentence.index in flagged:
            text.append(f" [{flagged[sentence.index]}]", style="bold cyan")
        cursor = sentence.end
    text.append(body[cursor:])
    return text


def _signals(report: CheckReport) -> Text:
    text = Text()
    for signal in report.score.signals:
        evidence = f": {', '.join(signal.evidence)}" if signal.evidence else ""
        text.append(f"• {signal.label}{evidence}\n", style="yellow")
    for warning in report.score.warnings:
        text.append(f"! {warning.text}\n", style="bold yellow")
    return text if text.plain else Text("keine auffälligen Stilmerkmale", style="dim")


def _related(report: CheckReport) -> Table | Text:
    if not report.related:
        return Text(f"{NO_COVERAGE}. {NO_COVERAGE_HINT}", style="yellow")
    table = Table("Ähnlichkeit", "Bezug", "Datum", "Quelle", "Titel", title="Verwandte Berichterstattung")
    for hit in report.related:
        table.add_row(f"{hit.topic_score:.2f}", relation_label(hit), hit.date or "", source_label(hit),
                      hit.title + (f" (+{len(hit.duplicates)} Kopien)" if hit.duplicates else ""))
    return table


def _claims(report: CheckReport) -> Table:
    table = Table("#", "Aussage", "Ergebnis", "Beleg", title="Gegenprobe der Aussagen", show_lines=True)
    for n, claim in enumerate(report.claims, start=1):
        evidence = claim.evidence[0] if claim.evidence else None
        quote = f"„{evidence.sentence}“ — {evidence.source or '?'}" if evidence else "–"
        verdict = Text(VERDICT_LABELS[claim.verdict], style=_VERDICT_STYLE[claim.verdict])
        verdict.append(f"\n{outlets_label(claim)}", style="bold" if claim.only_in_this_article else "")
        if claim.reasons and claim.verdict in ("contradicted", "unclear"):
            verdict.append("\n" + "; ".join(reason_labels(claim)), style="dim")
        table.add_row(str(n), claim.text, verdict, quote)
    return table


def print_report(report: CheckReport, console: Console) -> None:
    a = report.article
    header = Text(a.title, style="bold") + Text(f"\n{a.source or 'unbekannte Quelle'} · {a.date or 'ohne Datum'}"
                                                f"{' · ' + a.url if a.url else ''}", style="dim")
    console.print(Panel(Group(header, Text(), score_bar(report.score.rating), Text(), _signals(report)),
                        title="gegenprobe", border_style="cyan"))
    console.print(Panel(_article_text(report), title="Artikel – rot: verdächtig, unterstrichen: geprüfte Aussage"))
    console.print(_related(report))
    console.print(_claims(report))
