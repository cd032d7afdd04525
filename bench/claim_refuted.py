"""Refutation-first pairs for the claim verdicts (issue 12): where a real outlet says outright that a claim is false,
find the fake-outlet sentences that make that claim.

The earlier refutation pairs went the other way (a fake-outlet claim against the best real-outlet sentence with a
refutation word) and found 3 contradictions in 346 pairs: a random claim is seldom the one a real outlet refutes.
Here the refutation comes first: every real-outlet sentence of FANG-COVID 2020 with an explicit refutation
("Falschbehauptung", "ist falsch", "keine Belege", "widerlegt", "Mythos", ...) and enough content of its own is a
query; the fake-outlet sentences of the 45 days before and after it are ranked by TF-IDF cosine over their content
nouns (capitalised words, without the refutation's own vocabulary such as "Behauptung", "Belege"), those sharing
at least two such nouns re-ranked by e5, and the best 2 (e5 cosine >= 0.85) kept. Claim = the fake-outlet
sentence, evidence = the refuting sentence. Sentences are cut by the simple rule of bench/claim_numbers.py
(offsets into the cleaned text).

Split: the new pairs are joined into units by shared articles (union-find); a unit that touches an article of the
existing pairs takes that article's split (and is dropped if it touches both), any other unit is split by a hash.
The pairs join bench/data/claim_pairs.jsonl with relation "refuted" and are labelled like the others.

    python bench/claim_refuted.py            # adds the pairs and their texts
"""

from __future__ import annotations

import hashlib
import random
import re
import sys
from datetime import date
from pathlib import Path

import numpy as np
from rich.progress import track

sys.path.insert(0, str(Path(__file__).resolve().parent))
from claim_numbers import BOUNDARY
from claim_pairs import joined, rebuild, sentence_hash, split_of, write
from fang import load_fang

from gegenprobe.text import load_encoder

REFUTES = re.compile(
    r"(Falschbehauptung|falsche Behauptung|(ist|sind|war|wäre) (schlicht |nachweislich |demnach |also )?falsch|"
    r"nicht korrekt|stimmt (so )?nicht|widerlegt|"
    r"keine(rlei)? (wissenschaftlichen )?(Belege|Beweise|Hinweise|Anhaltspunkte)|"
    r"kein(en)? (Beleg|Beweis|Hinweis)|nicht belegt|entbehrt|irreführend|Mythos|Mythen|Falschmeldung|"
    r"Falschinformation|nicht zutreffend|unzutreffend|haltlos|Verschwörungsmythos|Verschwörungserzählung|"
    r"frei erfunden|nicht nachweisbar|dementiert|Gerücht)")
# the refutation's own vocabulary: shared, it says nothing of whether two sentences are about the same thing
MARKER_NOUNS = frozenset({
    "behauptung", "behauptungen", "beleg", "belege", "belegen", "beweis", "beweise", "hinweis", "hinweise",
    "anhaltspunkte", "gerücht", "gerüchte", "gerüchten", "mythos", "mythen", "falschmeldung", "falschmeldungen",
    "falschinformation", "falschinformationen", "falschbehauptung", "falschbehauptungen", "grundlage",
    "verschwörungsmythos", "verschwörungserzählung", "verschwörungserzählungen", "desinformation", "fake",
    "news", "dass", "diese", "dieser", "dieses", "denn", "doch", "aber", "auch", "oder", "wenn", "weil"})
NOUN = re.compile(r"(?<=\s)[A-ZÄÖÜ][a-zäöüß]{3,}(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*")
MIN_SHARED_NOUNS = 2
WINDOW_DAYS = 45
TFIDF_TOP = 8
KEEP = 2
MIN_COSINE = 0.85
MIN_WORDS = 9
SEED = 13


def sentences(article):  # type: ignore[no-untyped-def]
    """(start, end, text) of the article's sentences of a useful length."""
    start = 0
    for boundary in [*BOUNDARY.finditer(article.text), None]:
        end = boundary.start() if boundary else len(article.text)
        text = article.text[start:end].strip()
        if 40 < len(text) < 400 and len(text.split()) >= MIN_WORDS:
            offset = article.text.index(text, start)
            yield offset, offset + len(text), text
        start = boundary.end() if boundary else end


def pools(articles) -> tuple[list[tuple], list[tuple]]:  # type: ignore[no-untyped-def]
    """Refuting real-outlet sentences and all fake-outlet sentences, as (article, start, end, text, day)."""
    refuting, fake = [], []
    for article in track(articles, description="sentences"):
        day = date.fromisoformat(article.date[:10]).toordinal()
        for start, end, text in sentences(article):
            row = (article, start, end, text, day)
            if article.meta.get("label") == "fake":
                fake.append(row)
            elif REFUTES.search(text):
                refuting.append(row)
    return refuting, fake


def content_nouns(text: str) -> list[str]:
    """Capitalised words after the first (nouns and names), without the refutation's own vocabulary."""
    return [n for n in (w.lower() for w in NOUN.findall(text)) if n not in MARKER_NOUNS]


def ranked(refuting: list[tuple], fake: list[tuple]) -> list[tuple[tuple, list[int]]]:
    """Per refuting sentence the indices of its best matches among the fake sentences in the window: TF-IDF over
    content nouns, at least two of them shared."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(analyzer=content_nouns, min_df=2, max_df=0.02, sublinear_tf=True,
                                 binary=True)
    fake_matrix = vectoriser.fit_transform([row[3] for row in fake])
    query_matrix = vectoriser.transform([row[3] for row in refuting])
    fake_days = np.array([row[4] for row in fake])
    found = []
    for k in track(range(len(refuting)), description="TF-IDF"):
        scores = (fake_matrix @ query_matrix[k].T).toarray().ravel()
        scores[np.abs(fake_days - refuting[k][4]) > WINDOW_DAYS] = 0
        scores[scores > 0.9] = 0  # a quotation of the same sentence is no claim/evidence pair
        nouns = set(content_nouns(refuting[k][3]))
        best = [int(i) for i in np.argsort(-scores)[:TFIDF_TOP]
                if scores[i] > 0.2 and len(nouns & set(content_nouns(fake[i][3]))) >= MIN_SHARED_NOUNS]
        if best:
            found.append((refuting[k], best))
    return found


def reranked(found: list[tuple[tuple, list[int]]], fake: list[tuple]) -> list[dict]:
    encoder = load_encoder("e5")
    rows = []
    for query, best in track(found, description="e5 re-rank"):
        vectors = encoder.encode_queries([query[3]] + [fake[i][3] for i in best])
        cosines = vectors[1:] @ vectors[0]
        order = [j for j in np.argsort(-cosines) if cosines[j] >= MIN_COSINE][:KEEP]
        for j in order:
            claim = fake[best[j]]
            rows.append(pair(claim, query, float(cosines[j])))
    return rows


def pair(claim: tuple, evidence: tuple, cosine: float) -> dict:
    claim_article, claim_start, claim_end, claim_text, _ = claim
    evidence_article, evidence_start, evidence_end, evidence_text, _ = evidence
    return {"id": f"{claim_article.id}:{claim_start}|{evidence_article.id}:{evidence_start}",
            "claim_label": "fake", "claim_source": claim_article.source, "evidence_source": evidence_article.source,
            "evidence_label": "real", "claim_article": claim_article.id, "claim_start": claim_start,
            "claim_end": claim_end, "claim_hash": sentence_hash(claim_text), "evidence_article": evidence_article.id,
            "evidence_start": evidence_start, "evidence_end": evidence_end,
            "evidence_hash": sentence_hash(evidence_text), "relation": "refuted", "picked": "refutation-first",
            "current_verdict": "", "current_conflicts": [],
            "cosine": round(cosine, 4), "claim": claim_text, "evidence": evidence_text}


def placed(existing: list[dict], new: list[dict]) -> list[dict]:
    """The new pairs with a split each: units of shared articles stay on one side, and on the side of any
    existing pair that shares an article with them."""
    parent, root = joined([(row["claim_article"], row["evidence_article"]) for row in new])
    side: dict[str, set[str]] = {}
    for row in existing:
        for article in (row["claim_article"], row["evidence_article"]):
            if article in parent:
                side.setdefault(root(article), set()).add(row["split"])
    known, kept = {row["id"] for row in existing}, []
    for row in new:
        unit = root(row["claim_article"])
        sides = side.get(unit, set())
        if row["id"] in known or len(sides) > 1:
            continue
        hashed = split_of(int(hashlib.sha1(unit.encode()).hexdigest(), 16))
        kept.append({**row, "group": -2, "split": next(iter(sides)) if sides else hashed})
    return kept


def main() -> None:
    articles = [a for a in load_fang() if a.date]
    refuting, fake = pools(articles)
    print(f"{len(refuting)} refuting real-outlet sentences, {len(fake)} fake-outlet sentences")
    found = reranked(ranked(refuting, fake), fake)
    random.Random(SEED).shuffle(found)
    existing = rebuild()
    added = placed(existing, found)
    write(existing + added)
    splits = {s: sum(r["split"] == s for r in added) for s in ("tune", "test")}
    print(f"added {len(added)} refutation-first pairs {splits}")


if __name__ == "__main__":
    main()
