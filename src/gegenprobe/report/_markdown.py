"""The report as Markdown (for tickets, chats and wikis)."""

from __future__ import annotations

from ._model import (
    NO_COVERAGE,
    NO_COVERAGE_HINT,
    VERDICT_LABELS,
    CheckReport,
    outlets_label,
    rating_label,
    relation_label,
    source_label,
)


def render_markdown(report: CheckReport) -> str:
    a, score = report.article, report.score
    lines = [f"# {a.title}", "", f"{a.source or 'unbekannte Quelle'} · {a.date or 'ohne Datum'} · {a.url or ''}", "",
             f"**Bewertung: {score.rating:.1f} / 1.0 – {rating_label(score.rating)}** "
             f"(p = {score.p_fake:.2f})", ""]
    lines += [f"- {s.label}{': ' + ', '.join(s.evidence) if s.evidence else ''}" for s in score.signals]
    lines += [f"- **Hinweis:** {w.text}" for w in score.warnings]
    lines += ["", "## Gegenprobe der Aussagen", "", "| # | Aussage | Ergebnis | Beleg |", "|---|---|---|---|"]
    for n, c in enumerate(report.claims, start=1):
        evidence = f"„{c.evidence[0].sentence}“ ({c.evidence[0].source})" if c.evidence else "–"
        verdict = f"{VERDICT_LABELS[c.verdict]} ({outlets_label(c)})"
        lines.append(f"| {n} | {c.text} | {verdict} | {evidence} |".replace("\n", " "))
    lines += ["", "## Verwandte Berichterstattung", ""]
    if not report.related:
        lines.append(f"{NO_COVERAGE}. {NO_COVERAGE_HINT}")
    for h in report.related:
        lines.append(f"- [{h.title}]({h.url or ''}) – {source_label(h)}, {h.date or ''}, {h.topic_score:.2f} "
                     f"({relation_label(h)})")
    return "\n".join(lines) + "\n"
