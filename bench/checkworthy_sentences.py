"""Real sentences for the check-worthiness evaluation (issue 12, item 4): 400 sentences of FANG-COVID 2020
articles (half fake-outlet, half real-outlet articles; at most 4 sentences per article, 100 articles per label,
seed 13), split into halves by article. The repository keeps ids, offsets and hashes
(bench/data/checkworthy_sentences.jsonl); the texts go to bench/out (research-only data).

    python bench/checkworthy_sentences.py [--rebuild]
    python bench/checkworthy_sentences.py --extend 80   # 80 more articles per label, all for tuning (seed 29)

The second batch (``--extend``) only grows the tuning half: its articles are new, the test half stays as it was.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fang import load_fang

from gegenprobe.text import SentenceSplitter

HERE = Path(__file__).resolve().parent
IDS = HERE / "data" / "checkworthy_sentences.jsonl"
TEXTS = HERE / "out" / "checkworthy_sentences_text.jsonl"
ARTICLES_PER_LABEL, PER_ARTICLE = 100, 4


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def build(seed: int = 13, per_label: int = ARTICLES_PER_LABEL, exclude: frozenset[str] = frozenset(),
          split: str | None = None) -> list[dict]:
    rng = random.Random(seed)
    articles = [a for a in load_fang() if a.text and len(a.text) > 500 and a.id not in exclude]
    splitter = SentenceSplitter()
    rows = []
    for label in ("fake", "real"):
        chosen = rng.sample([a for a in articles if a.meta.get("label") == label], per_label)
        for article in chosen:
            sentences = [s for s in splitter.split(article.text, limit=60) if len(s.text) > 25]
            for sentence in rng.sample(sentences, min(PER_ARTICLE, len(sentences))):
                half = split or ("tune" if int(digest(article.id), 16) % 2 == 0 else "test")
                rows.append({"id": f"{article.id}:{sentence.start}", "article": article.id, "start": sentence.start,
                             "end": sentence.end, "hash": digest(sentence.text), "article_label": label,
                             "source": article.source, "split": half, "text": sentence.text})
    return rows


def rebuild() -> list[dict]:
    articles = {a.id: a for a in load_fang()}
    rows = []
    for row in map(json.loads, IDS.read_text("utf-8").splitlines()):
        text = articles[row["article"]].text[row["start"] : row["end"]]
        if digest(text) != row["hash"]:
            print(f"warning: {row['id']} no longer matches its hash", file=sys.stderr)
        rows.append({**row, "text": text})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--extend", type=int, metavar="N", help="add N new articles per label to the tuning half")
    args = parser.parse_args()
    if args.extend:
        rows = rebuild()
        rows += build(seed=29, per_label=args.extend, exclude=frozenset(r["article"] for r in rows), split="tune")
    else:
        rows = rebuild() if args.rebuild else build()
    TEXTS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    IDS.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "text"}) + "\n" for r in rows), "utf-8")
    print(f"{len(rows)} sentences ({sum(r['split'] == 'test' for r in rows)} in the test half)")


if __name__ == "__main__":
    main()
