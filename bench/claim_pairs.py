"""Claim/evidence pairs from real articles for the claim verdicts (issue 12, item 1).

Claims are the check-worthy sentences of the 84 FANG-COVID query articles of November 2020 (42 fake-outlet,
42 real-outlet; bench/topic_pairs.py), ranked by the current rules. Evidence is what the pipeline itself would
retrieve for them: sentences of the other outlets' articles that the hand labels of bench/data/topic_labels.jsonl
call the same story or the same topic, ranked by the current verdict's similarity. Per article pair the best
pairs are kept (4 for the same story, 2 for the same topic), plus up to 2 where a mismatch signal fires (a number,
a negation, a denial, an opposite: where contradictions would be).

Nothing here was written for the purpose: every sentence is a sentence of a real article. The output with texts
(research-only data) stays in bench/out (git-ignored); bench/data/claim_pairs.jsonl keeps ids, character offsets
into the cleaned article text, a hash of each sentence, the story group, the split and the current verdict, and
``--rebuild`` turns it back into texts.

    python bench/claim_pairs.py            # writes bench/out/claim_pairs_text.jsonl and bench/data/claim_pairs.jsonl
    python bench/claim_pairs.py --rebuild  # texts from the ids (after a fresh checkout)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

from rich.progress import track

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fang import load_fang

from gegenprobe.crosscheck import compare, decide, similarity
from gegenprobe.detect import DetectorBundle, score_article
from gegenprobe.text import SentenceSplitter, entities, load_encoder
from gegenprobe.types import Article

HERE = Path(__file__).resolve().parent
LABELS = HERE / "data" / "topic_labels.jsonl"
IDS = HERE / "data" / "claim_pairs.jsonl"
TEXTS = HERE / "out" / "claim_pairs_text.jsonl"
CLAIMS_PER_ARTICLE = 6
PER_PAIR = {"same_story": 4, "same_topic": 2}
CONFLICT_EXTRA = 2
MAX_EVIDENCE_SENTENCES = 80


def sentence_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def joined(links: list[tuple[str, str]]) -> tuple[dict[str, str], Callable[[str], str]]:
    """Union-find over linked articles: the parent table and ``root`` (an article's group representative)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        parent[root(a)] = root(b)
    return parent, root


def story_groups(pairs: list[dict]) -> dict[str, int]:
    """Query and candidate articles joined into groups (union-find over the related pairs): one story never lands
    on both sides of the split."""
    parent, root = joined([(pair["query_id"], pair["candidate_id"]) for pair in pairs])
    roots = sorted({root(x) for x in parent})
    return {x: roots.index(root(x)) for x in list(parent)}


def split_of(group: int) -> str:
    """Half the groups for tuning, half for the report, by a hash of the group number."""
    return "tune" if int(hashlib.sha1(str(group).encode()).hexdigest(), 16) % 2 == 0 else "test"


def candidate_pairs(query: Article, candidate: Article, claims: list, splitter: SentenceSplitter,
                    encoder, relation: str, keep=lambda sentence: True) -> list[dict]:  # type: ignore[no-untyped-def]
    evidence = [s for s in splitter.split(candidate.text, limit=MAX_EVIDENCE_SENTENCES)
                if len(s.text) > 20 and keep(s)]
    if not evidence or not claims:
        return []
    vectors = encoder.encode_queries([c.text for c in claims] + [e.text for e in evidence])
    claim_vectors, evidence_vectors = vectors[: len(claims)], vectors[len(claims) :]
    found = []
    for claim, claim_vector in zip(claims, claim_vectors, strict=True):
        names = entities(claim.text)
        scored = []
        for sentence, vector in zip(evidence, evidence_vectors, strict=True):
            comparison = compare(claim.text, sentence.text, names)
            cosine = float(vector @ claim_vector)
            verdict, _ = decide(cosine, comparison)
            scored.append((similarity(cosine, comparison), sentence, verdict, comparison.conflicts, cosine))
        scored.sort(key=lambda row: -row[0])
        best = scored[0]
        conflicted = next((row for row in scored[:5] if row[3]), None)
        for row, why in ((best, "best"), (conflicted, "conflict")):
            if row is None or (why == "conflict" and row is best):
                continue
            score, sentence, verdict, conflicts, cosine = row
            found.append({"claim_article": query.id, "claim_start": claim.start, "claim_end": claim.end,
                          "claim_hash": sentence_hash(claim.text), "evidence_article": candidate.id,
                          "evidence_start": sentence.start, "evidence_end": sentence.end,
                          "evidence_hash": sentence_hash(sentence.text), "relation": relation, "picked": why,
                          "current_verdict": verdict, "current_similarity": round(score, 4),
                          "cosine": round(cosine, 4), "current_conflicts": [c.value for c in conflicts],
                          "claim": claim.text, "evidence": sentence.text})
    return found


def select(found: list[dict], relation: str) -> list[dict]:
    best = sorted((f for f in found if f["picked"] == "best"), key=lambda f: -f["current_similarity"])
    kept = best[: PER_PAIR[relation]]
    conflicts = sorted((f for f in found if f["picked"] == "conflict" or f["current_conflicts"]),
                       key=lambda f: -f["current_similarity"])
    kept += [f for f in conflicts if f not in kept][:CONFLICT_EXTRA]
    return kept


def build() -> list[dict]:
    labels = [json.loads(line) for line in LABELS.read_text("utf-8").splitlines()]
    related = [p for p in labels if p["label"] in PER_PAIR]
    groups = story_groups(related)
    articles = {a.id: a for a in load_fang()}
    bundle, splitter, encoder = DetectorBundle.default(), SentenceSplitter(), load_encoder("e5")
    claims_of: dict[str, list] = {}
    rows = []
    for pair in track(related, description="claim/evidence pairs"):
        query, candidate = articles[pair["query_id"]], articles[pair["candidate_id"]]
        if query.id not in claims_of:
            score = score_article(query, bundle, splitter)
            claims_of[query.id] = score.top_sentences(CLAIMS_PER_ARTICLE)
        claims = [_sentence_of(query, s, splitter) for s in claims_of[query.id]]
        found = candidate_pairs(query, candidate, [c for c in claims if c is not None], splitter, encoder,
                                pair["label"])
        for row in select(found, pair["label"]):
            group = groups[query.id]
            rows.append({"id": f"{row['claim_article']}:{row['claim_start']}|{row['evidence_article']}:"
                               f"{row['evidence_start']}", "group": group, "split": split_of(group),
                         "claim_label": query.meta.get("label"), "claim_source": query.source,
                         "evidence_source": candidate.source, "evidence_label": candidate.meta.get("label"), **row})
    unique = {row["id"]: row for row in rows}
    return list(unique.values())


def _sentence_of(article: Article, scored, splitter: SentenceSplitter):  # type: ignore[no-untyped-def]
    """The sentence (with its offsets) of a scored sentence index."""
    sentences = splitter.split(article.text)
    return sentences[scored.index] if scored.index < len(sentences) else None


TEXT_FIELDS = ("claim", "evidence")
POOL = HERE / "out" / "topic-pool"
# words with which real outlets refute or correct: where contradictions of fake-outlet claims would be
REFUTATION = re.compile(
    r"\b(kein\w*|nicht|falsch\w*|widerleg\w*|unbelegt\w*|belege?\b|beweis\w*|haltlos\w*|verschwörung\w*|"
    r"dementi\w*|bestritt\w*|bestreit\w*|zurückgewiesen|irreführend\w*|fake|gerücht\w*|unwahr\w*|"
    r"entgegen|tatsächlich|allerdings|jedoch)\b", re.IGNORECASE)
REFUTING_ARTICLES = 200


def refutation_pairs(seed: int = 13) -> list[dict]:
    """Fake-outlet claims against sentences of real-outlet coverage of the same topic that carry a refutation
    or correction word, ranked by the current similarity: the pairs where real contradictions would be."""
    from gegenprobe.corpus import open_corpus
    from gegenprobe.pipeline import Resources, opened_finder, related_options
    from gegenprobe.settings import Settings

    articles = {a.id: a for a in load_fang()}
    settings = Settings().with_corpus(POOL)
    resources = Resources(settings)
    with open_corpus(settings.corpus, create=False) as store:
        pool_ids = [stored.article.id for stored in store.iter_articles()]
    fakes = [articles[i] for i in pool_ids if i in articles and articles[i].meta.get("label") == "fake"]
    real_sources = tuple(sorted({a.source for a in articles.values() if a.meta.get("label") == "real" and a.source}))
    random.Random(seed).shuffle(fakes)
    rows = []
    with opened_finder(settings, resources) as finder:
        for query in track(fakes[:REFUTING_ARTICLES], description="refutation pairs"):
            hits = finder.find(query, related_options(settings, k=4, sources=real_sources, days=14))
            claims = score_article(query, resources.detector, resources.splitter).top_sentences(4)
            claim_sentences = [c for c in (_sentence_of(query, s, resources.splitter) for s in claims) if c]
            for candidate in finder.articles(hits):
                found = candidate_pairs(query, candidate, claim_sentences, resources.splitter, resources.encoder,
                                        "refutation", keep=lambda sentence: bool(REFUTATION.search(sentence.text)))
                rows += [f for f in found if f["picked"] == "best" and f["current_similarity"] >= 0.35][:1]
    return rows


def write(rows: list[dict]) -> None:
    TEXTS.parent.mkdir(parents=True, exist_ok=True)
    TEXTS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    IDS.write_text("".join(json.dumps({k: v for k, v in r.items() if k not in TEXT_FIELDS}, ensure_ascii=False) + "\n"
                           for r in rows), "utf-8")


def with_refutations(rows: list[dict]) -> list[dict]:
    """The existing pairs (their groups and splits unchanged) plus refutation pairs. A new pair takes the split of
    the existing pairs that share one of its articles, is dropped when those sit in both halves, and is split
    by its claim article otherwise: no article on both sides."""
    return rows + place_refutations(rows, refutation_pairs())


def place_refutations(rows: list[dict], found: list[dict]) -> list[dict]:
    split_of_article: dict[str, set[str]] = {}
    for row in rows:
        for article in (row["claim_article"], row["evidence_article"]):
            split_of_article.setdefault(article, set()).add(row["split"])
    known, added = {row["id"] for row in rows}, []
    articles = {a.id: a for a in load_fang()}
    for row in found:
        row_id = f"{row['claim_article']}:{row['claim_start']}|{row['evidence_article']}:{row['evidence_start']}"
        splits = split_of_article.get(row["claim_article"], set()) | split_of_article.get(row["evidence_article"],
                                                                                          set())
        if row_id in known or len(splits) > 1:
            continue
        split = splits.pop() if splits else split_of(int(hashlib.sha1(row["claim_article"].encode()).hexdigest(), 16))
        for article in (row["claim_article"], row["evidence_article"]):
            split_of_article.setdefault(article, set()).add(split)
        claim, evidence = articles[row["claim_article"]], articles[row["evidence_article"]]
        known.add(row_id)
        added.append({"id": row_id, "group": -1, "split": split, "claim_label": claim.meta.get("label"),
                      "claim_source": claim.source, "evidence_source": evidence.source,
                      "evidence_label": evidence.meta.get("label"), **row})
    print(f"added {len(added)} refutation pairs")
    return added


def rebuild() -> list[dict]:
    """Texts back from ids and offsets; a changed cleaning (another hash) is reported, not silently used."""
    articles = {a.id: a for a in load_fang()}
    rows, changed = [], 0
    for line in IDS.read_text("utf-8").splitlines():
        row = json.loads(line)
        claim = articles[row["claim_article"]].text[row["claim_start"] : row["claim_end"]]
        evidence = articles[row["evidence_article"]].text[row["evidence_start"] : row["evidence_end"]]
        if sentence_hash(claim) != row["claim_hash"] or sentence_hash(evidence) != row["evidence_hash"]:
            changed += 1
        rows.append({**row, "claim": claim, "evidence": evidence})
    if changed:
        print(f"warning: {changed} pairs no longer match their hash (the cleaning changed?)", file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="rebuild the texts from bench/data/claim_pairs.jsonl")
    parser.add_argument("--refutations", action="store_true",
                        help="add fake-outlet claims against refuting real-outlet sentences to the existing pairs")
    args = parser.parse_args()
    rows = with_refutations(rebuild()) if args.refutations else rebuild() if args.rebuild else build()
    if args.rebuild and not args.refutations:
        TEXTS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    else:
        write(rows)
    splits = {s: sum(r["split"] == s for r in rows) for s in ("tune", "test")}
    verdicts = {v: sum(r["current_verdict"] == v for r in rows) for v in ("supported", "contradicted", "unclear",
                                                                         "no_coverage")}
    print(f"{len(rows)} pairs ({splits}); current verdicts: {verdicts}")


if __name__ == "__main__":
    main()
