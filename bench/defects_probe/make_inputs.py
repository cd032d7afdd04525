"""Inputs that reproduce the defects of issue 10, made from German Wikinews articles (research data: the files stay
in the folder given, never in the repository).

    python bench/defects_probe/make_inputs.py DIR && bash bench/defects_probe/run.sh DIR OUT.txt
"""

from __future__ import annotations

import gzip
import json
import lzma
import os
import sys
from pathlib import Path

WIKINEWS = Path(__file__).resolve().parents[3] / "shared" / "data" / "wikinews-de" / "wikinews_de.jsonl.xz"
SENTENCE = "Das ist ein Satz über die Stadt Mainz und ihre Brücke. "


def wikinews_records(count: int = 300) -> list[dict]:
    with lzma.open(WIKINEWS, "rt", encoding="utf-8") as stream:
        articles = [a for a in map(json.loads, stream) if len(a["text"]) > 600][:count]
    return [{"id": f"w{a['id']}", "title": a["title"], "text": a["text"], "date": a["date"],
             "url": f"https://de.wikinews.org/wiki/{a['id']}"} for a in articles]


def dump(name: str, records: list[dict]) -> None:
    Path(name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")


def with_change(records: list[dict], index: int, field: str, value: object) -> list[dict]:
    changed = [dict(r) for r in records]
    changed[index][field] = value
    return changed


def main() -> None:
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    os.chdir(folder)
    records = wikinews_records()
    dump("untitled.jsonl", [{"id": r["id"], "title": "", "text": " ".join(r["text"].split())} for r in records[:50]])
    for field, value in (("url", 12345), ("date", float("nan")), ("date", 1e20)):
        dump(f"bad_{field}_{value}.jsonl", with_change(records, 149, field, value))
    dump("english_mid.jsonl", with_change(records, 100, "text", "An English article about London. " * 20))
    Path("deep.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    Path("deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
    body = f"Titel der Meldung\n\n{records[0]['text']}".encode()
    Path("trunc.txt.gz").write_bytes(gzip.compress(body)[:-30])
    Path("trunc.json.gz").write_bytes(gzip.compress(json.dumps(records[:3]).encode())[:-30])
    text = f"Rheinbrücke gesperrt\n\n{records[1]['text']}"
    Path("mixed.txt").write_bytes(text.encode() + b"\n\nEin kaputtes Byte: \xff hier.\n")
    Path("utf16.txt").write_bytes(text.encode("utf-16"))
    dump("weird.jsonl", [{"id": {"a": 1}, "title": ["x"], "text": records[2]["text"]}])
    Path("bad.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\n")
    dump("huge.jsonl", [{"id": "huge", "title": "Groß", "text": SENTENCE * 400_000}])
    Path("huge_line.txt").write_text(SENTENCE * 900_000, "utf-8")
    Path("ragged.csv").write_text('title,text\n"Kurz","Hallo"\n"a","b","c","d"\n', "utf-8")
    if not Path("fifo.txt").exists():
        os.mkfifo("fifo.txt")
    if not Path("loop").is_symlink():
        Path("loop").symlink_to("loop")
    print(f"inputs written to {folder}")


if __name__ == "__main__":
    main()
