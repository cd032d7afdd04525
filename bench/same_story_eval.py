"""Precision and recall of the `same_story` flag on the project's own German same-story set.

The set: the 15 demo articles (4 stories and 2 singletons, src/gegenprobe/data/demo) and 29 more in
tests/fixtures/same_story.jsonl (7 stories of 3 articles and 8 distractors on the same broad topics).
Every article is used as a query against all others; a pair counts as positive when both belong to one story.

    python bench/same_story_eval.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from predictions import save_predictions  # noqa: E402

from gegenprobe.corpus import open_corpus  # noqa: E402
from gegenprobe.related import RelatedFinder, RelatedOptions  # noqa: E402
from gegenprobe.settings import CorpusSettings  # noqa: E402
from tests.related.conftest import FIXTURES, load_fixture_articles  # noqa: E402


def story_labels() -> dict[str, str]:
    """Story of each article, by URL (demo pages from the manifest, the rest from the JSONL)."""
    manifest = json.loads((FIXTURES / "articles" / "manifest.json").read_text("utf-8"))
    labels = {spec["url"]: spec["story"] for spec in manifest.values()}
    for line in (FIXTURES / "same_story.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        labels[record["url"]] = record["story"]
    return labels


def main() -> None:
    labels = story_labels()
    articles = load_fixture_articles()
    story = {a.id: labels[a.url] for a in articles}
    tp = fp = fn = 0
    rows = []  # per ordered pair, for bench/eval_gate.py
    with tempfile.TemporaryDirectory() as tmp:
        store = open_corpus(CorpusSettings(path=Path(tmp)))
        store.add_batch(articles)
        with RelatedFinder(store, Path(tmp)) as finder:
            for query in articles:
                flagged = {h.id for h in finder.find(query, RelatedOptions(k=len(articles))) if h.same_story}
                for other in articles:
                    if other.id == query.id:
                        continue
                    truth = story[other.id] == story[query.id]
                    tp += truth and other.id in flagged
                    fp += (not truth) and other.id in flagged
                    fn += truth and other.id not in flagged
                    rows.append({"query": query.id, "other": other.id, "y": int(truth),
                                 "flagged": int(other.id in flagged)})
        store.close()
    save_predictions("same_story_eval", rows)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(json.dumps({"articles": len(articles), "stories": len(set(story.values())), "true_pairs": tp + fn,
                      "precision": round(precision, 3), "recall": round(recall, 3),
                      "f1": round(2 * precision * recall / (precision + recall), 3) if tp else 0.0}))


if __name__ == "__main__":
    main()
