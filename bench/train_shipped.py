"""Train the shipped detector exactly as bench/detector_robust.py evaluated its chosen variant (issue 13): FANG-COVID
2020 (cleaned by gegenprobe's readers) plus real news of other outlets, labelled real.

The extra records are short (headline + lead, or a headline), below the 200-character minimum the readers apply to
articles, so they are built here in memory, as in the evaluation, rather than read by ``gegenprobe train``.

    python bench/train_shipped.py [--variant +nemig+headlines] [--out src/gegenprobe/data/models/detector]

The folder's MODEL_CARD.md is kept (its evaluation sections are written by hand from the bench figures); a new
folder gets the generated card.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from detector_robust import extras
from fang import load_fang

from gegenprobe.detect import model_card, train_detector

SHIPPED = Path(__file__).resolve().parents[1] / "src" / "gegenprobe" / "data" / "models" / "detector"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", default="+nemig+headlines")
    parser.add_argument("--out", type=Path, default=SHIPPED)
    args = parser.parse_args()
    fang = [a for a in load_fang() if a.meta.get("label") in ("fake", "real")]
    # each extra set is one group ("publisher"): for the calibration folds and the members, as evaluated
    extra = [replace(a, meta={**a.meta, "label": "real"}) for a in extras(args.variant)]
    run = train_detector(fang + extra, "all", 13)
    card = args.out / "MODEL_CARD.md"
    data = "fang_covid_2020.jsonl.xz + " + args.variant.strip("+").replace("+", " + ")
    run.bundle.save(args.out, card=card.read_text("utf-8") if card.exists() else model_card(run.bundle.info, data))
    print(f"{len(fang)} FANG-COVID + {len(extra)} extra real articles -> {args.out}")


if __name__ == "__main__":
    main()
