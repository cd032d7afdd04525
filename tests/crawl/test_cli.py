"""`gegenprobe sources` and `gegenprobe crawl` as a user runs them, against a real server on loopback; a crawl killed
with SIGKILL and resumed loses nothing and fetches at most one batch twice."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter

import pytest

from gegenprobe.corpus import open_corpus
from gegenprobe.settings import CorpusSettings

from .web import STORIES, FixtureWeb, article_html, html_response, serve

PAGES = 40
BATCH = 5


@pytest.fixture(scope="module")
def local_web():
    web = FixtureWeb()
    server = serve(web)
    stories = list(STORIES.values())
    for n in range(PAGES):
        title, text = stories[n % len(stories)]
        web.add("localhost", f"/artikel/meldung-{n}.html",
                html_response(article_html(f"{title} – Folge {n}", f"Meldung Nummer {n} des Tages. {text}",
                                           "2024-05-06")))
    yield web
    server.shutdown()
    server.server_close()


@pytest.fixture()
def files(local_web, tmp_path):
    registry = tmp_path / "sources.toml"
    registry.write_text(f'[[source]]\nname = "lokal"\ntitle = "Lokal"\ndomain = "localhost"\nkind = "newspaper"\n'
                        f'home = "{local_web.url("localhost", "/")}"\n', "utf-8")
    urls = tmp_path / "urls.txt"
    urls.write_text("# the test's pages\n" + "\n".join(local_web.url("localhost", f"/artikel/meldung-{n}.html")
                                                       for n in range(PAGES)) + "\n", "utf-8")
    return registry, urls, tmp_path / "corpus"


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "gegenprobe", *args]


def _stored(corpus) -> int:
    path = corpus / "frontier.sqlite"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT count(*) FROM urls WHERE state = 'stored'").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_sigkill_then_resume_loses_nothing_and_refetches_at_most_a_batch(local_web, files):
    registry, urls, corpus = files
    command = _cli("crawl", "urls", str(urls), "--corpus", str(corpus), "--sources", str(registry),
                   "--allow-private", "--delay", "0.05", "--batch-size", str(BATCH), "--no-index")
    start = len(local_web.log)
    crawl = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _stored(corpus) < 2 * BATCH and time.monotonic() < deadline and crawl.poll() is None:
        time.sleep(0.05)
    os.kill(crawl.pid, signal.SIGKILL)
    crawl.wait()
    stored_before = _stored(corpus)
    assert BATCH <= stored_before < PAGES
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with open_corpus(CorpusSettings(path=corpus), create=False) as store:
        assert len(store) == PAGES  # nothing lost, nothing twice
    fetched = Counter(path for _, host, path in local_web.log[start:] if path.startswith("/artikel/"))
    assert set(fetched) == {f"/artikel/meldung-{n}.html" for n in range(PAGES)}
    # fetched again: the pages of the batch not yet stored (< BATCH) and the one request in flight (one host)
    assert max(fetched.values()) <= 2 and sum(v - 1 for v in fetched.values()) <= BATCH


def test_crawl_status_reports_the_frontier(local_web, files):
    registry, urls, corpus = files
    subprocess.run(_cli("crawl", "urls", str(urls), "--corpus", str(corpus), "--sources", str(registry),
                        "--allow-private", "--delay", "0", "--no-index", "--max-pages", "3"), check=True,
                   capture_output=True, timeout=120)
    status = json.loads(subprocess.run(_cli("crawl", "status", "--corpus", str(corpus), "--json"), check=True,
                                       capture_output=True, text=True, timeout=60).stdout)
    assert status["states"]["stored"] == 3 and status["states"]["queued"] == PAGES - 3
    assert status["hosts"][f"localhost:{local_web.port}"]["stored"] == 3


def test_sources_list_and_check(local_web, files):
    registry, _, _ = files
    listed = json.loads(subprocess.run(_cli("sources", "list", "--sources", str(registry), "--json"), check=True,
                                       capture_output=True, text=True, timeout=60).stdout)
    assert [s["name"] for s in listed] == ["lokal"]
    shipped = json.loads(subprocess.run(_cli("sources", "list", "--json"), check=True, capture_output=True,
                                        text=True, timeout=60).stdout)
    assert len(shipped) >= 60 and all(s["basis"] for s in shipped if s["kind"] in ("alternative", "state-affiliated"))
    checked = json.loads(subprocess.run(_cli("sources", "check", "--sources", str(registry), "--allow-private",
                                             "--json"), check=True, capture_output=True, text=True, timeout=60).stdout)
    assert checked == [{"source": "lokal", "kind": "robots", "url": local_web.url("localhost", "/robots.txt"),
                        "status": 404, "entries": 0, "ok": True}]


@pytest.mark.parametrize("args, message", [
    (["sources", "list", "--sources", "missing.toml"], "cannot read the source registry"),
    (["crawl", "sources", "--since", "gestern", "--no-index"], "--since must be a date"),
    (["crawl", "status"], "no crawl in"),
])
def test_bad_input_is_one_clear_line_and_exit_1(args, message, tmp_path):
    done = subprocess.run(_cli(*args, *(["--corpus", str(tmp_path)] if args[0] == "crawl" else [])),
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 1 and message in done.stderr and "Traceback" not in done.stderr
