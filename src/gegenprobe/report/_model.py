"""The check report: what every output form (terminal, JSON, HTML, Markdown) shows."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ..crosscheck import ClaimCheck, Reason
from ..detect import ArticleScore
from ..related import RelatedHit
from ..types import Article

SCHEMA = "gegenprobe.check/1"
ARTICLE_FIELDS = ("id", "url", "source", "title", "date", "language")
RELATED_FIELDS = ("id", "url", "source", "title", "date", "score", "same_story", "topic_related", "topic_score",
                  "duplicates", "source_kind")
VERDICT_LABELS = {"supported": "gestützt", "contradicted": "widersprochen", "no_coverage": "keine Berichterstattung",
                  "unclear": "unklar"}


REASON_LABELS = {
    Reason.NEGATION: "Verneinung nur in einem der Sätze", Reason.OTHER_NUMBERS: "andere Zahlen",
    Reason.DENIAL: "Dementi / Zurückweisung", Reason.OPPOSITE: "gegenteilige Aussage",
    Reason.SWAPPED_ROLES: "vertauschte Rollen", Reason.CONFIRMED: "Bestätigung in der Quelle",
    Reason.SAME_STATEMENT: "gleiche Aussage", Reason.CLAIM_HEDGED: "die Behauptung ist im Artikel nur vage formuliert",
    Reason.SIMILAR_UNCLEAR: "Quellen zum Thema, aber keine bestätigt oder widerlegt die Aussage",
    Reason.CONTRADICTED: "eine andere Quelle sagt das Gegenteil",
    Reason.ONLY_COPIES: "andere Quellen wiederholen nur den Wortlaut (Kopien, keine unabhängige Bestätigung)",
    Reason.NO_RELATED_COVERAGE: "keine verwandte Berichterstattung im Korpus",
    Reason.NO_MATCHING_SENTENCE: "kein passender Satz in der Berichterstattung",
}


def reason_labels(claim: ClaimCheck) -> list[str]:
    return [REASON_LABELS[reason] for reason in claim.reasons]


def claim_dict(claim: ClaimCheck) -> dict[str, object]:
    """A claim in the JSON report: German reasons for reading, their codes for programs."""
    return {"sentence_index": claim.sentence_index, "text": claim.text, "verdict": claim.verdict,
            "reasons": reason_labels(claim), "reason_codes": [reason.value for reason in claim.reasons],
            "supporting_outlets": claim.supporting_outlets, "contradicting_outlets": claim.contradicting_outlets,
            "only_in_this_article": claim.only_in_this_article,
            "evidence": [e.to_dict() for e in claim.evidence]}


def outlets_label(claim: ClaimCheck) -> str:
    """How many independent outlets state or contradict the claim, in German."""
    if Reason.NO_RELATED_COVERAGE in claim.reasons:
        return "keine verwandte Berichterstattung im Korpus"
    if claim.only_in_this_article and not claim.contradicting_outlets:
        copies = Reason.ONLY_COPIES in claim.reasons
        return "nur in diesem Artikel und wortgleichen Kopien" if copies else "nur in diesem Artikel"
    parts = []
    if claim.supporting_outlets:
        verb = "Quelle bestätigt" if claim.supporting_outlets == 1 else "Quellen bestätigen"
        parts.append(f"{claim.supporting_outlets} {verb}")
    if claim.contradicting_outlets:
        verb = "Quelle widerspricht" if claim.contradicting_outlets == 1 else "Quellen widersprechen"
        parts.append(f"{claim.contradicting_outlets} {verb}")
    return ", ".join(parts)


STANCE_LABELS = {"supports": "bestätigt", "contradicts": "widerspricht", "copy": "wortgleiche Kopie",
                 "related": "zum Thema, ohne Entscheidung"}
NO_COVERAGE = "Keine verwandte Berichterstattung im Korpus"
NO_COVERAGE_HINT = ("Ein größerer Korpus hilft: weitere Quellen mit 'gegenprobe corpus add' aufnehmen; "
                    "'--all' zeigt die nächsten, nicht verwandten Artikel.")


def relation_label(hit: RelatedHit) -> str:
    """How a hit relates to the article, in German: same story, same topic, or not related (shown with --all)."""
    if hit.same_story:
        return "gleiche Story"
    return "gleiches Thema" if hit.topic_related else "nicht verwandt"


SOURCE_KINDS = {"broadcaster": "Rundfunk", "newspaper": "Zeitung", "magazine": "Magazin", "agency": "Agentur",
                "fact-checker": "Faktencheck", "alternative": "alternatives Medium", "state-affiliated": "staatsnah",
                "blog": "Blog", "portal": "Portal"}


def source_label(hit: RelatedHit) -> str:
    """The outlet of a hit with its kind from the source registry ("zeit.de (Zeitung)")."""
    kind = SOURCE_KINDS.get(hit.source_kind, hit.source_kind)
    return f"{hit.source or '?'} ({kind})" if kind else hit.source or "?"


def rating_label(rating: float) -> str:
    if rating <= 0.3:
        return "keine Anzeichen für Desinformation"
    if rating < 0.5:
        return "eher unauffällig"
    if rating == 0.5:
        return "ambivalent"
    if rating <= 0.7:
        return "Anzeichen für Desinformation"
    return "starke Anzeichen für Desinformation"


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Everything `gegenprobe check` found about one article."""

    article: Article
    score: ArticleScore
    related: tuple[RelatedHit, ...]
    claims: tuple[ClaimCheck, ...]
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of schema ``gegenprobe.check/1`` (see the README)."""
        related = []
        for hit in self.related:
            entry = hit.to_dict()
            related.append({k: entry[k] for k in RELATED_FIELDS})
        return {
            "schema": SCHEMA,
            "article": {name: getattr(self.article, name) for name in ARTICLE_FIELDS},
            "score": self.score.to_dict(),
            "sentences": [s.to_dict() for s in self.score.sentences],
            "related": related,
            "claims": [claim_dict(c) for c in self.claims],
            "timings_ms": {k: round(v * 1000, 1) for k, v in self.timings.items()},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``gegenprobe.check/1``."""
    return json.loads(resources.files("gegenprobe.report").joinpath("check.schema.json").read_text("utf-8"))
