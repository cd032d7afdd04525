"""`gegenprobe score` throughput with the shipped detector: end to end on article JSONL, and the model alone.

Run by hand (reads ../shared/data through bench/fang.py; research-only data, never committed):
    python bench/score_throughput.py [--every 6]
Writes every k-th cleaned FANG-COVID article as `{id, title, text}` JSONL to bench/out, times the CLI on it in a
fresh process (reading, cleaning, language check, scoring, writing), then times the model alone on the same texts.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fang import load_fang

from gegenprobe.detect import DetectorBundle, model_input, score_texts

OUT = Path(__file__).resolve().parent / "out"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--every", type=int, default=6, help="take every k-th article (6: 5,582 articles)")
    args = parser.parse_args()
    articles = load_fang()[:: args.every]
    OUT.mkdir(exist_ok=True)
    source = OUT / "score_input.jsonl"
    with source.open("w", encoding="utf-8") as stream:
        for a in articles:
            stream.write(json.dumps({"id": a.id, "title": a.title, "text": a.text}, ensure_ascii=False) + "\n")

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "gegenprobe", "score", str(source), "--out", f"{folder}/s.jsonl"],
                       check=True, stderr=subprocess.DEVNULL)
        end_to_end = time.perf_counter() - started

    bundle = DetectorBundle.default()
    texts = [model_input(a) for a in articles]
    started = time.perf_counter()
    score_texts(texts, bundle)
    model_only = time.perf_counter() - started
    print(f"{len(articles)} articles")
    print(f"gegenprobe score, end to end (incl. start-up and model load): {len(articles) / end_to_end:6.0f} articles/s")
    print(f"model alone (cleaned text -> calibrated probability):        {len(articles) / model_only:6.0f} articles/s")


if __name__ == "__main__":
    main()
