"""The report as one self-contained HTML page (no external assets), readable on a phone, in German."""

from __future__ import annotations

from html import escape

from ._model import (
    NO_COVERAGE,
    NO_COVERAGE_HINT,
    STANCE_LABELS,
    VERDICT_LABELS,
    CheckReport,
    outlets_label,
    rating_label,
    reason_labels,
    relation_label,
    source_label,
)

_CSS = """
*{box-sizing:border-box}body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d1d1f;
background:#f5f5f7}main{max-width:860px;margin:auto;padding:16px}h1{font-size:1.45rem;margin:.2em 0}
h2{font-size:1.1rem;margin:1.6em 0 .5em}.meta{color:#666;font-size:.9rem;word-break:break-all}
.card{background:#fff;border-radius:12px;padding:16px;margin:12px 0;box-shadow:0 1px 3px #0001}
.bar{height:14px;border-radius:7px;background:#e5e5ea;overflow:hidden}.bar span{display:block;height:100%}
.rating{font-weight:600;margin-top:6px}.signals li{margin:.2em 0}.s{border-radius:3px;padding:1px 0}
.s.flag{border-bottom:2px solid #0a58ca}.s sup{color:#0a58ca;font-weight:700}
details.why{display:inline}details.why summary{display:inline;cursor:pointer;color:#0a58ca;font-size:.8rem}
details.why div{font-size:.85rem;background:#eef3ff;border-radius:6px;padding:6px 8px;margin:4px 0}
table{width:100%;border-collapse:collapse;font-size:.92rem}td,th{text-align:left;padding:6px;
border-bottom:1px solid #eee;vertical-align:top}.v{font-weight:700}
.supported{color:#1a7f37}.contradicted{color:#c62828}.unclear{color:#b26a00}.no_coverage{color:#777}
td.claim{width:32%}td.v{width:18%}td.ev{width:45%}
blockquote{margin:4px 0;padding-left:10px;border-left:3px solid #ccc;color:#333}
.legend span{display:inline-block;padding:0 6px;border-radius:3px;margin-right:6px;font-size:.85rem}
@media(max-width:600px){td,th{display:block;border:0;padding:2px 0}tr{display:block;border-bottom:1px solid #eee;
padding:6px 0}thead{display:none}}
"""


def _colour(p_false: float) -> str:
    if p_false < 0.35:
        return "transparent"
    alpha = min(0.85, (p_false - 0.35) * 1.4)
    return f"rgba(220,38,38,{alpha:.2f})"


def _sentences(report: CheckReport) -> str:
    flagged = {c.sentence_index: n + 1 for n, c in enumerate(report.claims)}
    body, parts, cursor = report.article.text, [], 0
    for s in report.score.sentences:
        parts.append(escape(body[cursor : s.start]).replace("\n\n", "</p><p>"))
        reasons = "; ".join(s.reasons) or "keine Auffälligkeiten"
        css = "s flag" if s.index in flagged else "s"
        mark = f"<sup>[{flagged[s.index]}]</sup>" if s.index in flagged else ""
        why = (f'<details class="why"><summary>warum?</summary><div>Verdachtswert {s.p_false:.2f}: '
               f"{escape(reasons)}</div></details>") if s.index in flagged or s.p_false >= 0.5 else ""
        parts.append(f'<span class="{css}" style="background:{_colour(s.p_false)}" '
                     f'title="Verdachtswert {s.p_false:.2f} – {escape(reasons)}">{escape(s.text)}</span>{mark}{why}')
        cursor = s.end
    parts.append(escape(body[cursor:]).replace("\n\n", "</p><p>"))
    return "<p>" + "".join(parts) + "</p>"


def _related(report: CheckReport) -> str:
    if not report.related:
        return f"<p><strong>{NO_COVERAGE}.</strong> {escape(NO_COVERAGE_HINT)}</p>"
    rows = []
    for h in report.related:
        title = f'<a href="{escape(h.url)}">{escape(h.title)}</a>' if h.url else escape(h.title)
        copies = f" <small>(+{len(h.duplicates)} Kopien)</small>" if h.duplicates else ""
        rows.append(f"<tr><td>{h.topic_score:.2f}</td><td>{relation_label(h)}</td>"
                    f"<td>{escape(h.date or '')}</td><td>{escape(source_label(h))}</td><td>{title}{copies}</td></tr>")
    return ("<table><thead><tr><th>Ähnlichkeit</th><th>Bezug</th><th>Datum</th><th>Quelle</th><th>Titel</th></tr>"
            "</thead><tbody>" + "".join(rows) + "</tbody></table>")


def _claims(report: CheckReport) -> str:
    if not report.claims:
        return "<p>Keine prüfwürdigen Aussagen gefunden.</p>"
    rows = []
    for n, c in enumerate(report.claims, start=1):
        evidence = "".join(f"<blockquote>„{escape(e.sentence)}“<br><small>{escape(e.source or '?')} · "
                           f"{STANCE_LABELS[e.stance]}</small></blockquote>" for e in c.evidence[:3]) or "–"
        reasons = f"<br><small>{escape('; '.join(reason_labels(c)))}</small>" if c.reasons else ""
        reasons += f"<br><b>{escape(outlets_label(c))}</b>"
        rows.append(f'<tr><td>[{n}]</td><td class="claim">{escape(c.text)}</td><td class="v {c.verdict}">'
                    f'{VERDICT_LABELS[c.verdict]}{reasons}</td><td class="ev">{evidence}</td></tr>')
    return ("<table><thead><tr><th>#</th><th>Aussage</th><th>Ergebnis</th><th>Beleg</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def render_html(report: CheckReport) -> str:
    """The whole report as one HTML document."""
    a, score = report.article, report.score
    colour = "#c62828" if score.rating >= 0.7 else "#e69500" if score.rating >= 0.5 else "#1a7f37"
    signals = "".join(f"<li>{escape(s.label)}{': ' + escape(', '.join(s.evidence)) if s.evidence else ''}</li>"
                      for s in score.signals) or "<li>keine auffälligen Stilmerkmale</li>"
    warnings = "".join(f"<p><strong>Hinweis:</strong> {escape(w.text)}</p>" for w in score.warnings)
    link = f'<a href="{escape(a.url)}">{escape(a.url)}</a>' if a.url else ""
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>gegenprobe: {escape(a.title)}</title><style>{_CSS}</style></head>
<body><main>
<div class="card"><div class="meta">gegenprobe · Prüfbericht</div><h1>{escape(a.title)}</h1>
<div class="meta">{escape(a.source or "unbekannte Quelle")} · {escape(a.date or "ohne Datum")} · {link}</div></div>
<div class="card"><h2 style="margin-top:0">Bewertung</h2>
<div class="bar"><span style="width:{score.rating * 100:.0f}%;background:{colour}"></span></div>
<div class="rating" style="color:{colour}">{score.rating:.1f} / 1,0 – {rating_label(score.rating)}
(Wahrscheinlichkeit {score.p_fake * 100:.0f} %)</div>
<ul class="signals">{signals}</ul>{warnings}</div>
<div class="card"><h2 style="margin-top:0">Artikel</h2>
<div class="legend"><span style="background:rgba(220,38,38,.6)">verdächtig</span>
<span style="border-bottom:2px solid #0a58ca">geprüfte Aussage [n]</span></div>{_sentences(report)}</div>
<div class="card"><h2 style="margin-top:0">Gegenprobe der Aussagen</h2>{_claims(report)}</div>
<div class="card"><h2 style="margin-top:0">Verwandte Berichterstattung</h2>{_related(report)}</div>
<p class="meta">Automatische Einschätzung – kein Ersatz für eine journalistische Prüfung.</p>
</main></body></html>
"""
