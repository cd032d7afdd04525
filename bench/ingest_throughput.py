"""Ingest throughput on FANG-COVID: JSONL and HTML (through trafilatura + htmldate), and store size.

Run by hand (reads ../shared/data, research-only data, never committed):
    python bench/ingest_throughput.py [--n 5000] [--workers 2]
        [--data ../shared/data/fang-covid/fang_covid_2020.jsonl.xz]
Prints articles/s for both paths, the share of time in reading+cleaning vs. storing, store bytes per 1,000
articles, and peak RSS.
"""

from __future__ import annotations

import argparse
import html
import json
import lzma
import resource
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from gegenprobe.corpus import ingest, open_corpus
from gegenprobe.ingest import Item, Reader
from gegenprobe.settings import CorpusSettings, Settings

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "fang-covid" / "fang_covid_2020.jsonl.xz"
PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="{url}"><meta property="article:published_time" content="{date}"></head>
<body><header><nav><a href="/">Start</a> <a href="/politik">Politik</a> <a href="/abo">Abo</a></nav></header>
<main><article><h1>{title}</h1><p>Zum Kurzlink</p>{paragraphs}<p>Folgen Sie uns bei Facebook</p></article>
<aside><ul><li>Teilen</li><li>WhatsApp</li></ul></aside></main><footer>© 2020 Impressum Datenschutz</footer>
</body></html>"""


def sample(path: Path, n: int) -> list[dict]:
    records = []
    with lzma.open(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            records.append(json.loads(line))
            if len(records) == n:
                break
    return records


def write_jsonl(records: list[dict], folder: Path) -> Path:
    path = folder / "sample.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def write_html(records: list[dict], folder: Path) -> Path:
    pages = folder / "pages"
    pages.mkdir()
    for index, record in enumerate(records):
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in record["article"].split("\n") if p.strip())
        page = PAGE.format(title=html.escape(record["header"]), url=record["url"], date=record["date"],
                           paragraphs=paragraphs)
        (pages / f"{index:06d}.html").write_text(page, "utf-8")
    return pages


class Timed:
    """Wraps the item stream to measure time spent reading and cleaning (the rest is storing)."""

    def __init__(self, items: Iterator[Item]) -> None:
        self.items, self.seconds = items, 0.0

    def __iter__(self) -> Iterator[Item]:
        while True:
            start = time.perf_counter()
            try:
                item = next(self.items)
            except StopIteration:
                return
            finally:
                self.seconds += time.perf_counter() - start
            yield item


def run(label: str, source: Path, corpus: Path, workers: int) -> dict:
    settings = Settings(corpus=CorpusSettings(path=corpus))
    with open_corpus(settings.corpus) as store:
        timed = Timed(Reader(settings, workers=workers).read([str(source)]))
        start = time.perf_counter()
        summary = ingest(timed, store, settings.corpus.batch_size)
        elapsed = time.perf_counter() - start
    with sqlite3.connect(corpus / "corpus.sqlite") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = sum(f.stat().st_size for f in corpus.glob("corpus.sqlite*"))
    result = {
        "input": label, "workers": workers, "items": summary.seen, "added": summary.added,
        "duplicates": summary.duplicates,
        "near_duplicates": summary.near_duplicates, "failed": len(summary.failed), "seconds": round(elapsed, 1),
        "articles_per_s": round(summary.seen / elapsed, 1),
        "read_clean_share": round(timed.seconds / elapsed, 2),
        "store_bytes_per_1000": int(size / max(summary.added, 1) * 1000),
    }
    reasons: dict[str, int] = {}
    for _, reason in summary.failed:
        key = reason.split(": ", 1)[-1].split(" (")[0]
        reasons[key] = reasons.get(key, 0) + 1
    result["failure_reasons"] = reasons
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--workers", type=int, default=2, help="cleaning processes for JSONL (0: in this one)")
    args = parser.parse_args()
    records = sample(args.data, args.n)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = [
            run("jsonl", write_jsonl(records, folder), folder / "c-jsonl", args.workers),
            run("html", write_html(records, folder), folder / "c-html", args.workers),
        ]
    for result in results:
        print(json.dumps(result, ensure_ascii=False))
    print(json.dumps({"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


if __name__ == "__main__":
    main()
