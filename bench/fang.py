"""Loading FANG-COVID for benchmarks and evaluations: cleaned once through gegenprobe's readers, then cached.

The cache (bench/out/fang_clean.jsonl) holds research-only data and is git-ignored.
"""

from __future__ import annotations

import json
from pathlib import Path

from rich.progress import track

from gegenprobe.ingest import Reader
from gegenprobe.settings import Settings
from gegenprobe.types import Article

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "fang-covid" / "fang_covid_2020.jsonl.xz"
CACHE = ROOT / "bench" / "out" / "fang_clean.jsonl"


def load_fang(data: Path = DATA, cache: Path = CACHE) -> list[Article]:
    """All FANG-COVID 2020 articles, cleaned by the foundation readers (furniture, language check)."""
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as stream:
            for item in track(Reader(Settings()).read([str(data)]), description="cleaning FANG-COVID"):
                if item.article is not None:
                    stream.write(item.article.to_json() + "\n")
        tmp.replace(cache)
    with cache.open(encoding="utf-8") as stream:
        return [Article.from_dict(json.loads(line)) for line in stream]
