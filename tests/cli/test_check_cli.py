"""`gegenprobe check` and `gegenprobe demo` as a user runs them."""

from __future__ import annotations

import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jsonschema
import pytest

from gegenprobe.report import json_schema

from .test_cli import DEMO, gp

FIXTURES = Path(__file__).parents[1] / "fixtures"
FAKE = DEMO / "07-klartext24-masern.html"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("check-corpus")
    assert gp("corpus", "add", str(DEMO), str(FIXTURES / "same_story.jsonl"), corpus=folder).returncode == 0
    return folder


def test_check_json_file(corpus):
    result = gp("check", str(FAKE), "--json", corpus=corpus)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    jsonschema.validate(document, json_schema())
    assert document["score"]["rating"] >= 0.1 and document["claims"]


def test_check_terminal_markdown_and_html(corpus, tmp_path):
    terminal = gp("check", str(FAKE), corpus=corpus)
    assert terminal.returncode == 0 and "Gegenprobe der Aussagen" in terminal.stdout
    markdown = gp("check", str(FAKE), "--markdown", corpus=corpus)
    assert markdown.stdout.startswith("# Masern-Ausbruch in Leipzig")
    page = tmp_path / "report.html"
    assert gp("check", str(FAKE), "--html", str(page), corpus=corpus).returncode == 0
    assert "<!DOCTYPE html>" in page.read_text("utf-8")


def test_check_stdin_and_corpus_id(corpus):
    text = "Masern in Leipzig: Impfung war schuld\n" + (
        "Wie Insider berichten, hat eine Impfaktion im Januar den Masernausbruch an der Grundschule in Leipzig "
        "ausgelöst. Das Gesundheitsamt soll das längst bestätigt haben. Die Medien verschweigen es. "
        "Fast alle erkrankten Kinder waren angeblich frisch geimpft.")
    assert gp("check", "-", "--json", stdin=text, corpus=corpus).returncode == 0
    listing = [json.loads(x) for x in gp("corpus", "list", "--json", corpus=corpus).stdout.splitlines()]
    article_id = next(row["id"] for row in listing if row["title"].startswith("SKANDAL"))
    by_id = json.loads(gp("check", f"id:{article_id}", "--json", corpus=corpus).stdout)
    assert by_id["article"]["id"] == article_id
    assert article_id not in {r["id"] for r in by_id["related"]}


def test_check_url_through_the_safe_fetcher(corpus):
    handler = lambda *a: SimpleHTTPRequestHandler(*a, directory=str(DEMO))  # noqa: E731
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{FAKE.name}"
        refused = gp("check", url, corpus=corpus)
        assert refused.returncode == 1 and "refusing non-public address" in refused.stderr
        allowed = gp("check", url, "--allow-private", "--json", corpus=corpus)
        assert allowed.returncode == 0, allowed.stderr
        assert json.loads(allowed.stdout)["article"]["title"].startswith("Masern-Ausbruch")
    finally:
        server.shutdown()
        server.server_close()


def test_check_bad_input(corpus, tmp_path):
    missing = gp("check", str(tmp_path / "nope.html"), corpus=corpus)
    assert missing.returncode == 1 and "no such file" in missing.stderr
    empty_page = tmp_path / "empty.html"
    empty_page.write_text("<html><body><nav>Start</nav></body></html>", "utf-8")
    no_article = gp("check", str(empty_page), corpus=corpus)
    assert no_article.returncode == 1 and "article text too short" in no_article.stderr
    empty = gp("check", str(FAKE), corpus=tmp_path / "empty-corpus")
    assert empty.returncode == 1 and "no corpus at" in empty.stderr and not (tmp_path / "empty-corpus").exists()
    for result in (missing, no_article, empty):
        assert "Traceback" not in result.stderr


def test_demo_shows_the_whole_report(tmp_path):
    result = gp("demo", "--html", str(tmp_path / "demo.html"), corpus=tmp_path / "demo")
    assert result.returncode == 0, result.stderr
    assert "Gegenprobe der Aussagen" in result.stdout and "Verwandte Berichterstattung" in result.stdout
    assert (tmp_path / "demo.html").exists()
