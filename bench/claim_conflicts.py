"""Conflict-first pairs for the claim verdicts (issue 12): fake-outlet and real-outlet sentences of the same days
that share at least three content nouns and where an explicit conflict fires (other numbers for the same counted
thing, a denial, an opposite, or a negation in one of two sentences that otherwise say much the same).

The natural best-match pairs hold 3 contradictions in 1,561 (a random claim and the best sentence on it seldom
disagree) and the refutation-first pairs look only where a real outlet refutes something outright; here the
year's whole FANG-COVID 2020 is searched for sentence pairs about the same thing (shared nouns: places, actors,
objects) that disagree on their face. Sentences are cut by the simple rule of bench/claim_numbers.py; per fake
sentence the real sentence with the most shared nouns is kept, 400 pairs drawn at random (seed 13). Claim = the
fake-outlet sentence. Split and storage as in bench/claim_refuted.py (relation "conflict").

    python bench/claim_conflicts.py          # adds the pairs and their texts
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import numpy as np
from rich.progress import track

sys.path.insert(0, str(Path(__file__).resolve().parent))
from claim_pairs import rebuild, write
from claim_refuted import content_nouns, pair, placed, sentences
from fang import load_fang

from gegenprobe.crosscheck import claim_content
from gegenprobe.crosscheck._pair import compare_contents

MIN_SHARED = 3
DAYS = 1
MAX_PAIRS = 400
SEED = 13


def by_day(articles):  # type: ignore[no-untyped-def]
    fake: dict[int, list[tuple]] = defaultdict(list)
    real: dict[int, list[tuple]] = defaultdict(list)
    for article in track(articles, description="sentences"):
        ordinal = date.fromisoformat(article.date[:10]).toordinal()
        for start, end, text in sentences(article):
            (fake if article.meta.get("label") == "fake" else real)[ordinal].append(
                (article, start, end, text, ordinal))
    return fake, real


def candidates(fake: dict[int, list[tuple]], real: dict[int, list[tuple]]) -> list[tuple[tuple, tuple, int]]:
    """Per fake sentence the real sentence of the same or a neighbouring day sharing the most content nouns."""
    from sklearn.feature_extraction.text import CountVectorizer

    every = [row[3] for rows in (*fake.values(), *real.values()) for row in rows]
    vocabulary = CountVectorizer(analyzer=content_nouns, min_df=2, max_df=0.01, binary=True).fit(every)
    found = []
    for day in track(sorted(fake), description="shared nouns"):
        near = [row for d in range(day - DAYS, day + DAYS + 1) for row in real.get(d, [])]
        if not near:
            continue
        shared = (vocabulary.transform([r[3] for r in fake[day]]) @ vocabulary.transform([r[3] for r in near]).T)
        shared = shared.tocsr()
        for i in range(shared.shape[0]):
            row = shared.getrow(i)
            if row.nnz and row.data.max() >= MIN_SHARED:
                j = int(row.indices[np.argmax(row.data)])
                found.append((fake[day][i], near[j], int(row.data.max())))
    return found


def conflicting(found: list[tuple[tuple, tuple, int]]) -> list[dict]:
    rows = []
    for claim, evidence, _ in track(found, description="conflicts"):
        comparison = compare_contents(claim_content(claim[3]), claim_content(evidence[3]))
        if comparison.hard_conflict or (comparison.negation_mismatch and comparison.overlap >= 0.5):
            rows.append({**pair(claim, evidence, 0.0), "relation": "conflict", "picked": "conflict-first",
                         "current_conflicts": [c.value for c in comparison.conflicts]})
    return rows


def main() -> None:
    articles = [a for a in load_fang() if a.date]
    fake, real = by_day(articles)
    found = conflicting(candidates(fake, real))
    print(f"{len(found)} conflicting pairs found")
    random.Random(SEED).shuffle(found)
    existing = rebuild()
    added = placed(existing, found[:MAX_PAIRS])
    write(existing + added)
    splits = {s: sum(r["split"] == s for r in added) for s in ("tune", "test")}
    print(f"added {len(added)} conflict-first pairs {splits}")


if __name__ == "__main__":
    main()
