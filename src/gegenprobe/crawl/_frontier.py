"""The persistent frontier: every URL the crawler knows, its state and why, in SQLite inside the corpus directory.

Each change is committed at once (WAL), so a kill -9 loses nothing: on opening, URLs that were in flight go back to
the queue (they are fetched again; the corpus refuses a second copy of what was already stored).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import CorpusError
from ._discover import Entry

FILE_NAME = "frontier.sqlite"
STATES = ("queued", "fetching", "stored", "fetched", "skipped", "failed", "blocked", "robots")
# states that end a URL's life (a recurring feed or sitemap goes from 'fetched' back to 'queued' when due)
FINAL = ("stored", "skipped", "failed", "blocked", "robots")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',
    priority REAL NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at REAL NOT NULL DEFAULT 0,
    discovered_from TEXT,
    title TEXT NOT NULL DEFAULT '',
    published TEXT,
    reason TEXT NOT NULL DEFAULT '',
    article_id TEXT,
    etag TEXT,
    last_modified TEXT,
    added_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS urls_due ON urls (state, host, priority DESC);
CREATE TABLE IF NOT EXISTS hosts (
    host TEXT PRIMARY KEY,
    next_allowed REAL NOT NULL DEFAULT 0,
    robots_status INTEGER,
    robots_text TEXT,
    robots_at REAL,
    wall TEXT NOT NULL DEFAULT '',
    walls INTEGER NOT NULL DEFAULT 0
);
"""


def host_of(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


@dataclass(frozen=True, slots=True)
class FrontierUrl:
    url: str
    host: str
    kind: str
    state: str
    priority: float
    attempts: int
    title: str
    published: str | None
    etag: str | None
    last_modified: str | None
    discovered_from: str | None


class Frontier:
    """URLs with state, priority (higher first), attempts and next-allowed time; hosts with their robots.txt and
    the time of their next allowed request."""

    def __init__(self, corpus_dir: Path, name: str = FILE_NAME) -> None:
        """The frontier ``name`` in the corpus directory (topic crawls keep one each, under ``topics/``)."""
        self.path = corpus_dir / name
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._db.execute("UPDATE urls SET state = 'queued' WHERE state = 'fetching'")
        except sqlite3.Error as exc:
            raise CorpusError(f"cannot open the crawl frontier {self.path}: {exc}") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Frontier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def add(self, entries: Iterable[Entry], priorities: Sequence[float] | None = None,
            discovered_from: str | None = None, requeue: bool = False) -> int:
        """Add URLs not known yet, with a priority each (default 0; known ones keep their state; with ``requeue``
        a fetched feed or sitemap is queued again). Returns how many were new."""
        now = time.time()
        new = 0
        with self._transaction() as db:
            hosts = set()
            for index, entry in enumerate(entries):
                rank = float(priorities[index]) if priorities is not None else 0.0
                hosts.add(host_of(entry.url))
                cursor = db.execute(
                    "INSERT OR IGNORE INTO urls (url, host, kind, priority, discovered_from, title, published, "
                    "added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (entry.url, host_of(entry.url), entry.kind, rank, discovered_from, entry.title,
                     entry.published, now, now))
                new += cursor.rowcount
                if not cursor.rowcount and requeue:
                    db.execute("UPDATE urls SET state = 'queued', priority = max(priority, ?), updated_at = ? "
                               "WHERE url = ? AND state = 'fetched'", (rank, now, entry.url))
            db.executemany("INSERT OR IGNORE INTO hosts (host) VALUES (?)", [(h,) for h in hosts])
        return new

    def due(self, limit: int, busy: set[str], now: float | None = None) -> list[FrontierUrl]:
        """Up to ``limit`` queued URLs, one per host (its best), none of a busy host or of a host not yet allowed;
        the hosts with the best URLs first. One indexed look-up per host, so a host with a million queued URLs
        neither slows the choice nor starves the other hosts."""
        now = time.time() if now is None else now
        hosts = [h for (h,) in self._db.execute("SELECT host FROM hosts WHERE next_allowed <= ?", (now,))
                 if h not in busy]
        best = []
        for host in hosts:
            row = self._db.execute(
                "SELECT url, host, kind, state, priority, attempts, title, published, etag, last_modified, "
                "discovered_from FROM urls WHERE state = 'queued' AND host = ? AND next_at <= ? "
                "ORDER BY priority DESC LIMIT 1", (host, now)).fetchone()
            if row is not None:
                best.append(FrontierUrl(*row))
        return sorted(best, key=lambda u: -u.priority)[:limit]

    def mark(self, urls: Iterable[str], state: str, reason: str = "", **fields: Any) -> None:
        """Set the state (and reason, article id, validators ...) of URLs."""
        if state not in STATES:
            raise ValueError(f"unknown frontier state {state!r}")
        columns = "".join(f", {name} = ?" for name in fields)
        values = list(fields.values())
        with self._transaction() as db:
            for url in urls:
                db.execute(f"UPDATE urls SET state = ?, reason = ?, updated_at = ?{columns} WHERE url = ?",
                           [state, reason, time.time(), *values, url])

    def retry(self, url: str, reason: str, wait: float, max_attempts: int) -> bool:
        """Count an attempt; queue the URL again after ``wait`` seconds or, out of attempts, fail it."""
        row = self._db.execute("SELECT attempts FROM urls WHERE url = ?", (url,)).fetchone()
        attempts = (row[0] if row else 0) + 1
        again = attempts < max_attempts
        self._db.execute("UPDATE urls SET state = ?, attempts = ?, next_at = ?, reason = ?, updated_at = ? "
                         "WHERE url = ?", ("queued" if again else "failed", attempts, time.time() + wait,
                                           reason if again else f"{reason} (after {attempts} attempts)",
                                           time.time(), url))
        return again

    def requeue_due(self, kinds: tuple[str, ...], older_than: float) -> int:
        """Queue again the fetched feeds and sitemaps last fetched before ``older_than`` (polling)."""
        marks = ",".join("?" * len(kinds))
        cursor = self._db.execute(f"UPDATE urls SET state = 'queued' WHERE state = 'fetched' AND kind IN ({marks}) "
                                  "AND updated_at < ?", (*kinds, older_than))
        return cursor.rowcount

    def set_host(self, host: str, **fields: Any) -> None:
        self._db.execute("INSERT OR IGNORE INTO hosts (host) VALUES (?)", (host,))
        columns = ", ".join(f"{name} = ?" for name in fields)
        self._db.execute(f"UPDATE hosts SET {columns} WHERE host = ?", (*fields.values(), host))

    def note_wall(self, host: str, what: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO hosts (host) VALUES (?)", (host,))
        self._db.execute("UPDATE hosts SET wall = ?, walls = walls + 1 WHERE host = ?", (what, host))

    def state_of(self, url: str) -> tuple[str, str] | None:
        row = self._db.execute("SELECT state, reason FROM urls WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1]) if row else None

    def next_due(self) -> float | None:
        """When the earliest queued URL may be fetched (its own wait and its host's), if any is queued."""
        row = self._db.execute("SELECT min(max(u.next_at, coalesce(h.next_allowed, 0))) FROM urls u "
                               "LEFT JOIN hosts h ON h.host = u.host WHERE u.state = 'queued'").fetchone()
        return row[0]

    def status(self) -> dict[str, Any]:
        """Counts by state, failure reasons, per host, and the hosts with bot walls."""
        by_state = dict(self._db.execute("SELECT state, count(*) FROM urls GROUP BY state").fetchall())
        reasons = self._db.execute(
            "SELECT state, substr(reason, 1, instr(reason || ':', ':') - 1) AS kind, count(*) FROM urls "
            "WHERE state IN ('failed', 'skipped', 'blocked', 'robots') GROUP BY state, kind ORDER BY 3 DESC"
        ).fetchall()
        hosts: dict[str, dict[str, int]] = {}
        for host, state, count in self._db.execute("SELECT host, state, count(*) FROM urls GROUP BY host, state"):
            hosts.setdefault(host, {})[state] = count
        walls = dict(self._db.execute("SELECT host, wall FROM hosts WHERE walls > 0").fetchall())
        return {"states": {s: by_state.get(s, 0) for s in STATES}, "total": sum(by_state.values()),
                "reasons": [{"state": s, "reason": r, "count": c} for s, r, c in reasons],
                "hosts": hosts, "bot_walls": walls}

    def urls(self, state: str | None = None) -> list[tuple[str, str, str]]:
        """(url, state, reason) of every URL, or of one state."""
        if state is None:
            return self._db.execute("SELECT url, state, reason FROM urls ORDER BY added_at").fetchall()
        return self._db.execute("SELECT url, state, reason FROM urls WHERE state = ? ORDER BY added_at",
                                (state,)).fetchall()
