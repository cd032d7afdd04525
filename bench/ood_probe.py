"""Does a simple out-of-distribution score find the detector's false alarms? (issue 13, item 3; a probe, not shipped)

Score: the share of an article's word bigrams that are in the shipped detector's vocabulary (no extra model, no
extra file). Abstain below its 5th percentile on 2,000 FANG-COVID training articles. Reported per set: how many
would abstain, false alarms overall, among the kept and among the abstained articles. An abstention rule is only
worth shipping if it abstains rarely (target <= 15 % on real news) and the false alarms gather where it abstains.

    python bench/ood_probe.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from detector_matrix import FANG_OUTLETS, fundus_news, nemig, nemig_half, wikinews
from fang import load_fang

from gegenprobe.detect import DetectorBundle, model_input, score_texts
from gegenprobe.detect._model import prepare
from gegenprobe.detect._portable import _part, _TextBlock
from gegenprobe.types import Article


def bigram_coverage(texts: list[str], block: _TextBlock) -> np.ndarray:
    shares = []
    for text in prepare(texts):
        bigrams = [gram for gram in block.analyse(_part(text, block.part)) if " " in gram]
        shares.append(sum(gram in block.vocabulary for gram in bigrams) / max(len(bigrams), 1))
    return np.array(shares)


def main() -> None:
    bundle = DetectorBundle.default()
    block = next(b for b in bundle.detector.blocks if isinstance(b, _TextBlock))
    fang = [a for a in load_fang() if a.meta.get("label") in ("fake", "real")]
    random.Random(1).shuffle(fang)
    sets: dict[str, list[Article]] = {
        "FANG-COVID (training data)": fang[:2000], "German Wikinews": wikinews(), "Fundus news pages": fundus_news(),
        "NeMig center/left half B": [a for a, o in nemig() if o in ("center", "left") and a.source not in FANG_OUTLETS
                                     and nemig_half(a.source) == "B"]}
    scored = {}
    for name, articles in sets.items():
        texts = [model_input(a) for a in articles]
        scored[name] = (bigram_coverage(texts, block), score_texts(texts, bundle)[0])
    cut = float(np.percentile(scored["FANG-COVID (training data)"][0], 5))
    print(f"abstain below bigram coverage {cut:.3f}")
    for name, (coverage, p) in scored.items():
        abstain, alarm = coverage < cut, p >= 0.5
        among = f"{alarm[abstain].mean():.3f}" if abstain.any() else "-"
        print(f"{name:28s} abstain {abstain.mean():.3f}  called fake {alarm.mean():.3f}  "
              f"kept {alarm[~abstain].mean():.3f}  abstained {among}")


if __name__ == "__main__":
    main()
