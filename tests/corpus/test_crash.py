"""A `kill -9` in the middle of `corpus add` must leave every committed batch intact and the store usable."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

BATCH = 25
TOTAL = 1500


def _count(db_path) -> int:
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _add(source, corpus) -> subprocess.Popen:
    command = [sys.executable, "-m", "gegenprobe", "corpus", "add", str(source), "--corpus", str(corpus),
               "--batch-size", str(BATCH), "--no-index"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_kill_during_ingest_keeps_committed_batches_and_resumes(tmp_path, synthetic_jsonl):
    source = synthetic_jsonl(TOTAL)
    corpus = tmp_path / "corpus"
    db_path = corpus / "corpus.sqlite"
    process = _add(source, corpus)
    deadline = time.monotonic() + 120
    while _count(db_path) < 4 * BATCH and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL, "ingest finished before it could be killed"

    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        orphans = db.execute("SELECT COUNT(*) FROM articles WHERE rowid NOT IN (SELECT rowid FROM minhash)").fetchone()
        bands = db.execute("SELECT COUNT(DISTINCT rowid) FROM lsh_bands").fetchone()[0]
    assert 0 < stored < TOTAL and stored % BATCH == 0, "a batch was half-written"
    assert orphans[0] == 0 and bands == stored

    resumed = _add(source, corpus)
    _, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, stderr
    assert f"added {TOTAL - stored}" in stderr and f"duplicates {stored}" in stderr
    assert _count(db_path) == TOTAL
    os.sync()
