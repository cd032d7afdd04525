"""Number pairs for the claim verdicts (issue 12): where fake-outlet and real-outlet coverage of the same event
gives different numbers for the same counted thing (participants of a demonstration, injured officers, deaths,
new infections), the natural place of real contradictions.

A fake-outlet sentence with "<number> <counted noun>" is paired with the real-outlet sentence of the same or the
next day that counts the same noun with another number and shares the most words (at least two capitalised:
places, actors); one pair per claim sentence, 300 drawn at random (seed 13). Sentences are cut by a simple rule
here (offsets into the cleaned text);
the pairs join bench/data/claim_pairs.jsonl (relation "numbers"), placed so that no article and no event (date +
noun) is on both sides of the split, and are labelled like the others.

    python bench/claim_numbers.py          # adds the pairs to bench/data/claim_pairs.jsonl and the texts file
"""

from __future__ import annotations

import hashlib
import random
import re
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from claim_pairs import IDS, TEXTS, rebuild, sentence_hash, split_of, write
from fang import load_fang

COUNTED = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+)\s+(Menschen|Teilnehmer\w*|Demonstrant\w*|Polizist\w*|"
                     r"Beamt\w*|Tote|Toten|Todesfälle\w*|Neuinfektion\w*|Infizierte\w*|Festnahmen|Verletzte\w*)",
                     re.IGNORECASE)
# a sentence ends at . ! ? before a capital or a quote (not inside "30.000" or "3. Oktober"), or at a line break
BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ\"„])|\n+")
WORD = re.compile(r"[a-zäöüß]{4,}")
CAPITALISED = re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]{3,}\b")
MAX_PAIRS = 300


def counted_sentences(article):  # type: ignore[no-untyped-def]
    """(start, end, text, {noun stem: number}) of the sentences that count something."""
    start = 0
    for boundary in [*BOUNDARY.finditer(article.text), None]:
        end = boundary.start() if boundary else len(article.text)
        text = article.text[start:end]
        counts = {noun.lower()[:6]: number.replace(".", "") for number, noun in COUNTED.findall(text)}
        if counts and 30 < len(text) < 400:
            yield start, end, text, counts
        start = boundary.end() if boundary else end


def candidates() -> list[dict]:
    articles = [a for a in load_fang() if a.date]
    by_day: dict[str, list] = defaultdict(list)
    for article in articles:
        if article.meta.get("label") == "real":
            by_day[article.date[:10]] += [(article, *s) for s in counted_sentences(article)]
    found = []
    for article in (a for a in articles if a.meta.get("label") == "fake"):
        day = date.fromisoformat(article.date[:10])
        pool = by_day[day.isoformat()] + by_day[(day + timedelta(days=1)).isoformat()]
        for start, end, text, counts in counted_sentences(article):
            best = _best_match(text, counts, pool)
            if best is not None:
                other, o_start, o_end, o_text, noun = best
                found.append({"claim_article": article.id, "claim_start": start, "claim_end": end,
                              "claim_hash": sentence_hash(text), "evidence_article": other.id,
                              "evidence_start": o_start, "evidence_end": o_end, "evidence_hash": sentence_hash(o_text),
                              "relation": "numbers", "picked": "numbers", "event": f"{article.date[:10]}|{noun}",
                              "claim": text, "evidence": o_text})
    return found


def _best_match(text: str, counts: dict[str, str], pool: list):  # type: ignore[no-untyped-def]
    """The real-outlet sentence that counts the same noun otherwise and shares the most words (at least two
    capitalised ones and a fifth of all words: the same event, not only the same kind of number)."""
    names, words = set(CAPITALISED.findall(text)), set(WORD.findall(text.lower()))
    best, best_score = None, 0.2
    for other, start, end, other_text, other_counts in pool:
        nouns = [n for n in counts if n in other_counts and counts[n] != other_counts[n]]
        if not nouns or len(names & set(CAPITALISED.findall(other_text))) < 2:
            continue
        other_words = set(WORD.findall(other_text.lower()))
        score = len(words & other_words) / len(words | other_words)
        if score > best_score:
            best, best_score = (other, start, end, other_text, nouns[0]), score
    return best


def place(rows: list[dict], found: list[dict]) -> list[dict]:
    """Split by event (date + noun); a pair whose articles already sit in the other half is dropped."""
    sides: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        sides[row["claim_article"]].add(row["split"])
        sides[row["evidence_article"]].add(row["split"])
    articles = {a.id: a for a in load_fang()}
    known, added = {row["id"] for row in rows}, []
    random.Random(13).shuffle(found)
    for row in found[:MAX_PAIRS]:
        row_id = f"{row['claim_article']}:{row['claim_start']}|{row['evidence_article']}:{row['evidence_start']}"
        split = split_of(int(hashlib.sha1(row["event"].encode()).hexdigest(), 16))
        taken = sides[row["claim_article"]] | sides[row["evidence_article"]]
        if row_id in known or (taken and taken != {split}):
            continue
        sides[row["claim_article"]].add(split)
        sides[row["evidence_article"]].add(split)
        known.add(row_id)
        claim, evidence = articles[row["claim_article"]], articles[row["evidence_article"]]
        added.append({"id": row_id, "group": -1, "split": split, "claim_label": claim.meta.get("label"),
                      "claim_source": claim.source, "evidence_source": evidence.source,
                      "evidence_label": evidence.meta.get("label"), "current_verdict": "", **row})
    return added


def main() -> None:
    rows = rebuild()
    found = candidates()
    added = place(rows, found)
    write(rows + added)
    print(f"{len(found)} candidate pairs, {len(added)} added ({sum(r['split'] == 'test' for r in added)} test); "
          f"{IDS} and {TEXTS} rewritten")


if __name__ == "__main__":
    main()
