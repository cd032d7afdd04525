"""Real news of other outlets as extra training data for the detector (issue 13): NeMig's center/left outlets that
are not FANG-COVID outlets, half A of them by a hash of the domain (half B, German Wikinews and the Fundus pages stay
evaluation-only; bench/detector_robust.py), headline + lead, labelled real.

NeMig is research data (see ../shared/data/nemig/SOURCE.md); the file goes to bench/out (git-ignored).

    python bench/extra_real.py     # writes bench/out/extra_real_nemig_a.jsonl
    gegenprobe train --data ../shared/data/fang-covid/fang_covid_2020.jsonl.xz \\
        --data bench/out/extra_real_nemig_a.jsonl --out src/gegenprobe/data/models/detector
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from detector_matrix import DATA, FANG_OUTLETS, OUT, _records, nemig_half

TARGET = OUT / "extra_real_nemig_a.jsonl"


def main() -> None:
    rows = []
    for r in _records(DATA / "nemig" / "nemig_de.jsonl.xz"):
        if r["orientation"] in ("center", "left") and r["lead"] and r["source"] not in FANG_OUTLETS \
                and nemig_half(r["source"]) == "A":
            rows.append({"id": f"nemig-{r['id']}", "url": r["url"], "date": r["date"], "source": r["source"],
                         "label": "real", "header": r["title"], "article": r["lead"]})
    TARGET.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    print(f"{len(rows)} real articles of {len({r['source'] for r in rows})} outlets -> {TARGET}")


if __name__ == "__main__":
    main()
