"""Sentence-level suspicion on unseen publishers: does the detector, applied to single sentences, rank the
sentences of disinformation articles above those of news articles?

Labels are inherited from the article (distant supervision, as in training), so this measures how much of the
article signal survives at sentence level, not whether a given sentence is false. Trains on the training outlets
of the publisher split (or loads --model), then scores the sentences of held-out articles.

    python bench/sentence_eval.py [--articles 1500] [--model DIR]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np
from fang import load_fang
from predictions import save_predictions
from sklearn.metrics import roc_auc_score

from gegenprobe.detect import DetectorBundle, label_of, make_split, train_detector
from gegenprobe.detect._score import SIGNAL_BUMP, _sentence_reasons
from gegenprobe.text import SentenceSplitter

PER_ARTICLE = 5


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1500, help="held-out articles to sample (seed 13)")
    parser.add_argument("--model", type=Path, help="a detector trained without the test outlets")
    args = parser.parse_args()
    articles = load_fang()
    split = make_split(articles, "publisher")
    bundle = DetectorBundle.load(args.model) if args.model else train_detector(split.train, split="all").bundle
    sample = random.Random(13).sample(split.test, min(args.articles, len(split.test)))
    splitter = SentenceSplitter()
    texts, labels, ids = [], [], []
    for article in sample:
        sentences = [s.text for s in splitter.split(article.text) if len(s.text) >= 40]
        for text in random.Random(article.id).sample(sentences, min(PER_ARTICLE, len(sentences))):
            texts.append(text)
            labels.append(label_of(article))
            ids.append(article.id)
    model = bundle.detector.predict_proba(texts)[:, 1]
    bumps = np.array([_sentence_reasons(text, float(p))[1] for text, p in zip(texts, model, strict=True)])
    y = np.array(labels)
    # per sentence (article id and position in the sample), for bench/eval_gate.py
    detector = "loaded" if args.model else "publisher_train"
    save_predictions("sentence_eval", [{"article": a, "n": n, "detector": detector, "y": int(t), "p": float(q),
                                        "bump": float(b)}
                                       for n, (a, t, q, b) in enumerate(zip(ids, y, model, bumps, strict=True))])
    result = {"sentences": len(texts), "articles": len(sample), "fake_share": round(float(y.mean()), 3),
              "auc_model": round(roc_auc_score(y, model), 3),
              "auc_signals": round(roc_auc_score(y, bumps), 3),
              "auc_model_plus_signals": round(roc_auc_score(y, np.minimum(1, model + bumps)), 3),
              "share_with_signal": {"fake": round(float((bumps[y == 1] >= SIGNAL_BUMP).mean()), 3),
                                    "real": round(float((bumps[y == 0] >= SIGNAL_BUMP).mean()), 3)}}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
