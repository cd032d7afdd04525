"""The command line on the defects of issue 10, run in this process (the same `main` the console script runs)."""

from __future__ import annotations

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from gegenprobe.cli import main

DEMO = Path(__file__).parents[2] / "src" / "gegenprobe" / "data" / "demo"
PAGE = (DEMO / "12-sachsenbote-hochwasser.html").read_bytes()
BODY = ("Die Theodor-Heuss-Brücke zwischen Mainz und Wiesbaden wird ab dem 9. März für sechs Wochen gesperrt. "
        "Bei einer Routineprüfung hätten Ingenieure Risse an zwei Brückenlagern entdeckt, teilte der Landesbetrieb "
        "mit. Täglich nutzen rund 38.000 Fahrzeuge die Brücke. Der Verkehr wird über die Schiersteiner Brücke "
        "umgeleitet, Pendler müssen mit Staus rechnen.")
ENGLISH = "The city presented new plans for cycle lanes on Monday and the council will vote on them soon. " * 4


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


def records(tmp_path: Path, *changes: tuple[int, dict]) -> Path:
    rows = [{"id": f"r{n}", "title": f"Brücke gesperrt ({n})", "text": f"{BODY} Meldung {n}."} for n in range(6)]
    for index, change in changes:
        rows[index].update(change)
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def stored(capsys, corpus: Path) -> int:
    code, out, _ = run(capsys, "corpus", "stats", "--json", "--corpus", str(corpus))
    assert code == 0
    return int(json.loads(out)["articles"])


def test_bad_items_are_skipped_by_default_and_summed_up_by_reason(tmp_path, capsys):
    path = records(tmp_path, (2, {"text": ENGLISH}), (4, {"url": 12345}))
    code, _, err = run(capsys, "corpus", "add", str(path), "--no-index", "--corpus", str(tmp_path / "c"))
    assert code == 3 and "Traceback" not in err
    assert "in.jsonl:3: text is not German" in err and "in.jsonl:5: field 'url' must be a string" in err
    assert "failed by reason: malformed 1, not_german 1" in err or "failed by reason: not_german 1, malformed 1" in err
    assert stored(capsys, tmp_path / "c") == 4


def test_strict_stops_at_the_first_bad_item_and_keeps_what_came_before(tmp_path, capsys):
    path = records(tmp_path, (2, {"text": ENGLISH}))
    code, _, err = run(capsys, "corpus", "add", "--strict", str(path), "--no-index", "--corpus", str(tmp_path / "c"))
    assert code == 3 and "stopped at the first bad item" in err
    assert stored(capsys, tmp_path / "c") == 2


def test_a_truncated_gzip_is_damaged_not_interrupted(tmp_path, capsys):
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(f"Titel\n{BODY}".encode())[:-20])
    code, _, err = run(capsys, "corpus", "add", str(path), "--no-index", "--corpus", str(tmp_path / "c"))
    assert code == 1 and "damaged" in err and "interrupted" not in err


def test_read_commands_refuse_a_path_that_is_not_a_corpus(tmp_path, capsys):
    missing = tmp_path / "typo"
    article = tmp_path / "a.txt"
    article.write_text(f"Brücke gesperrt\n{BODY}", "utf-8")
    for args in (("corpus", "stats"), ("corpus", "list"), ("corpus", "export"), ("corpus", "index"),
                 ("related", str(article)), ("check", str(article))):
        code, _, err = run(capsys, *args, "--corpus", str(missing))
        assert code == 1 and "no corpus at" in err, args
    assert not missing.exists()


def test_score_validates_like_corpus_add_and_never_empties_its_output(tmp_path, capsys):
    out = tmp_path / "scores.jsonl"
    out.write_text("earlier results\n", "utf-8")
    short = tmp_path / "short.csv"
    short.write_text('title,text\n"Kurz","Hallo"\n', "utf-8")
    code, _, err = run(capsys, "score", str(short), str(tmp_path / "missing.jsonl"), "--out", str(out))
    assert code == 1 and "article text too short" in err and "left unchanged" in err
    assert out.read_text("utf-8") == "earlier results\n"
    untitled = records(tmp_path, (0, {"title": ""}))
    code, _, _ = run(capsys, "score", str(untitled), "--out", str(out), "--workers", "0")
    assert code == 0
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [line["id"] for line in lines] == [f"r{n}" for n in range(6)]
    assert not list(tmp_path.glob(".scores.jsonl.*"))  # no temporary file left behind


def test_check_names_unreadable_items_apart_from_articles(tmp_path, capsys):
    path = records(tmp_path, (1, {"text": ENGLISH}))
    code, _, err = run(capsys, "check", str(path), "--corpus", str(tmp_path))
    assert code == 1 and "holds 5 articles and 1 unreadable item" in err


class _Page(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args):
        pass


def test_score_takes_allow_private_for_local_urls(tmp_path, capsys):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/artikel"
    try:
        code, _, err = run(capsys, "score", url, "--out", str(tmp_path / "s.jsonl"))
        assert code == 1 and "refusing non-public address" in err
        code, _, err = run(capsys, "score", url, "--allow-private", "--out", str(tmp_path / "s.jsonl"))
        assert code == 0, err
        assert len((tmp_path / "s.jsonl").read_text("utf-8").splitlines()) == 1
    finally:
        httpd.shutdown()
        httpd.server_close()
    code, out, _ = run(capsys, "related", "--help")
    assert "--allow-private" in out and "--all" in out


def test_debug_shows_the_exception_and_leaves_no_trace_for_the_next_command(tmp_path, capsys):
    from gegenprobe.errors import CorpusError

    with pytest.raises(CorpusError, match="no corpus at"):
        main(["--debug", "corpus", "stats", "--corpus", str(tmp_path / "none")])
    code, _, err = run(capsys, "corpus", "stats", "--corpus", str(tmp_path / "none"))
    assert code == 1 and "no corpus at" in err
