"""The model card written beside every trained detector."""

from __future__ import annotations

from typing import Any

CARD = """# gegenprobe disinformation detector

- **Task**: probability that a German news article is disinformation, calibrated (Platt scaling on
  out-of-fold predictions, folds grouped by publisher), and a GermanFakeNC-style rating 0.1-1.0.
- **Model**: word 1-2-gram TF-IDF of headline and body, scaled by naive-Bayes log-count ratios (NBSVM, Wang &
  Manning 2012) + logistic regression ({params}).
  Rhetorical signals (loaded words, hedges, conspiracy phrases, sensationalism, exclamation, caps, attribution)
  are measured for the explanations shown to users; as features they lowered cross-publisher kappa.
- **Training data**: {data} ({train} articles, split `{split}`, seed {seed}); sources: {sources}.
  Text is cleaned by gegenprobe's readers (site furniture removed) and scrubbed of outlet names, bylines,
  URLs, agency tags and media markers before training and scoring.
- **Reproduce**: `gegenprobe train {data_options} --split {split} --seed {seed} --out DIR`; evaluation:
  `python bench/detect_eval.py`, `python bench/detector_matrix.py`.

## Evaluation
{metrics}

## Limitations
- Labels are per publisher (distant supervision): the model learns what distinguishes these outlets, which is
  not the same as whether a given claim is false. Use the score as a pointer for human checking, never as a verdict.
- Trained on COVID-19 coverage of 2020 from 13 outlets; other topics, years and outlets are out of domain.
- The headline counts only through its words: an article scores nearly the same with or without its title
  (mean |change| 0.009 on held-out FANG-COVID articles), so title-less dataset records are scored fairly.
- Satire, opinion pieces and press releases were not in the training data.

## Data terms
FANG-COVID (Mattern et al., FEVER 2021) has no licence; its articles belong to their publishers and may be used
for research only. The model holds n-gram weights, not article text.
"""


def model_card(info: dict[str, Any], data: str, metrics: str = "See bench/detect_eval.py for the figures.") -> str:
    params = ", ".join(f"{k}={v}" for k, v in sorted(info.get("params", {}).items()))
    data_options = " ".join(f"--data {name.strip()}" for name in data.split(","))
    return CARD.format(params=params, data=data, data_options=data_options, train=info.get("train_articles"),
                       split=info.get("split"),
                       seed=info.get("seed"), sources=", ".join(info.get("sources", [])), metrics=metrics)
