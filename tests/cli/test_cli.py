"""The command line, run as a user runs it: a real process, real files, a real store."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest.mock import patch

import pytest

from gegenprobe.cli import main

DEMO = Path(__file__).parents[2] / "src" / "gegenprobe" / "data" / "demo"
GERMAN = (
    "Titel der Meldung\nDie Stadtverwaltung hat am Montag neue Pläne für den Ausbau der Radwege vorgestellt. "
    "Nach Angaben des Bürgermeisters sollen bis zum Jahresende zwölf Kilometer fertig werden. "
    "Kritiker bemängeln, dass die Kosten von mehreren Millionen Euro nicht gedeckt seien."
)


def gp(*args: str, stdin: str | None = None, corpus: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command in this process, as the console script does (models load once for the whole suite)."""
    argv = [*args, *(["--corpus", str(corpus)] if corpus is not None else [])]
    out, err = io.StringIO(), io.StringIO()
    stdin_stream = io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8")
    with redirect_stdout(out), redirect_stderr(err), patch.object(sys, "stdin", stdin_stream):
        try:
            main(argv)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def gp_process(*args: str, stdin: str | None = None, corpus: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command as a user does: a new process (for what only a real process shows)."""
    command = [sys.executable, "-m", "gegenprobe", *args]
    if corpus is not None:
        command += ["--corpus", str(corpus)]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120)


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "binary": ("junk.txt", b"\x00\x01\x02\xff\xfe" * 50),
        "json": ("broken.json", b'{"title": "x", "text": '),
        "html": ("empty.html", b"<html><body><nav><a href='/'>Start</a></nav></body></html>"),
        "english": ("english.txt", b"Headline\n" + b"The city presented new plans for cycle lanes on Monday. " * 6),
    }
    paths = {}
    for key, (name, content) in files.items():
        paths[key] = tmp_path / name
        paths[key].write_bytes(content)
    paths["missing"] = tmp_path / "missing.txt"
    return paths


@pytest.mark.parametrize(
    "key, message",
    [("binary", "binary data, not text"), ("json", "malformed JSON"), ("html", "article text too short"),
     ("english", "text is not German"), ("missing", "no such file or directory")],
)
def test_each_bad_input_gets_one_specific_line_and_nonzero_exit(tmp_path, bad_inputs, key, message):
    result = gp_process("corpus", "add", str(bad_inputs[key]), corpus=tmp_path / "c")
    assert result.returncode == 1
    assert message in result.stderr and str(bad_inputs[key]) in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert [line for line in result.stderr.splitlines() if message in line] != []


def test_stops_at_first_bad_item_but_keeps_what_came_before(tmp_path, bad_inputs):
    good = tmp_path / "good.txt"
    good.write_text(GERMAN, "utf-8")
    result = gp("corpus", "add", "--strict", str(good), str(bad_inputs["json"]), str(DEMO), corpus=tmp_path / "c")
    assert result.returncode == 3 and "stopped at the first bad item" in result.stderr
    stats = json.loads(gp("corpus", "stats", "--json", corpus=tmp_path / "c").stdout)
    assert stats["articles"] == 1


def test_bad_items_are_skipped_by_default(tmp_path, bad_inputs):
    args = ["corpus", "add", *map(str, bad_inputs.values()), str(DEMO)]
    result = gp(*args, corpus=tmp_path / "c")
    assert result.returncode == 3
    assert "added 15" in result.stderr and "failed 5" in result.stderr
    again = gp(*args, corpus=tmp_path / "c")
    assert "added 0" in again.stderr and "duplicates 15" in again.stderr


def test_nothing_added_is_exit_1(tmp_path, bad_inputs):
    result = gp("corpus", "add", str(bad_inputs["binary"]), str(bad_inputs["english"]),
                corpus=tmp_path / "c")
    assert result.returncode == 1 and "failed 2" in result.stderr


def test_stdin_and_the_inspection_commands(tmp_path):
    corpus = tmp_path / "c"
    assert gp("corpus", "add", "-", stdin=GERMAN, corpus=corpus).returncode == 0
    assert gp("corpus", "add", str(DEMO), corpus=corpus).returncode == 0
    stats = json.loads(gp("corpus", "stats", "--json", corpus=corpus).stdout)
    assert stats["articles"] == 16 and stats["sources"]["nachrichten-mitte.example"] == 3

    listing = gp("corpus", "list", "--json", "--limit", "100", corpus=corpus).stdout
    rows = [json.loads(line) for line in listing.splitlines()]
    assert len(rows) == 16 and rows[0]["title"] == "Titel der Meldung"
    shown = json.loads(gp("corpus", "show", rows[1]["id"], "--json", corpus=corpus).stdout)
    assert shown["id"] == rows[1]["id"] and shown["text"]

    exported = tmp_path / "out.jsonl"
    assert gp("corpus", "export", "--format", "jsonl", "--out", str(exported), corpus=corpus).returncode == 0
    assert len(exported.read_text("utf-8").splitlines()) == 16

    assert gp("corpus", "remove", rows[0]["id"], corpus=corpus).returncode == 0
    assert json.loads(gp("corpus", "stats", "--json", corpus=corpus).stdout)["articles"] == 15
    missing = gp("corpus", "show", "nope", corpus=corpus)
    assert missing.returncode == 1 and "no article with id 'nope'" in missing.stderr


def test_exported_jsonl_reads_back_identically(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    gp("corpus", "add", str(DEMO), corpus=first)
    exported = tmp_path / "out.jsonl"
    gp("corpus", "export", "--out", str(exported), corpus=first)
    assert gp("corpus", "add", str(exported), corpus=second).returncode == 0
    one = gp("corpus", "export", corpus=first).stdout
    two = gp("corpus", "export", corpus=second).stdout
    assert one == two


def test_corrupt_store_and_bad_options(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "corpus.sqlite").write_bytes(b"garbage" * 1000)
    result = gp_process("corpus", "stats", corpus=corpus)
    assert result.returncode == 1 and "not a usable gegenprobe store" in result.stderr
    assert "Traceback" not in result.stderr
    assert gp("corpus", "add", "x.txt", "--format", "docx", corpus=tmp_path / "d").returncode != 0
    assert gp("corpus", "export", "--format", "xml", corpus=tmp_path / "d").returncode == 2
