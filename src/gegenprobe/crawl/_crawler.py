"""The crawl loop: due URLs from the frontier, one request per host at a time, a worker pool across hosts, robots.txt
and delays honoured, results judged by a policy, articles stored in batches."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from typing import Protocol
from urllib.parse import urlsplit

from ..corpus import CorpusStore
from ..errors import FetchError, FetchRefused, InputError, MalformedInput, NetworkError
from ..ingest import Fetcher, Reader, Response
from ..settings import Settings
from ..types import Article
from ._archive import WarcArchive
from ._discover import Entry, page_links, parse_feed, parse_sitemap
from ._frontier import Frontier, FrontierUrl
from ._robots import RobotsRules, rules_from
from ._sources import SourceRegistry
from ._walls import bot_wall, consent_wall

DISCOVERY = ("feed", "sitemap")
# discovered_from of the pages a crawl starts from (an outlet's home page): read for their links
HUB = "registry"
_RETRY_STATUS = (429, 503)


class Policy(Protocol):
    """What a crawl wants: which URLs to queue and how urgently, which links of a fetched page to follow, when it
    has enough."""

    def observe(self, entries: list[Entry]) -> None:
        """See a whole listing (feed, sitemap, page links) before its entries are ranked."""
        ...

    def rank(self, entry: Entry) -> float | None:
        """Priority of a discovered URL (higher first), ``None`` to leave it."""
        ...

    def follow(self, article: Article, links: list[Entry]) -> list[tuple[Entry, float]]:
        """Links of a stored page worth fetching, with their priorities."""
        ...

    def enough(self, stats: CrawlStats) -> bool:
        ...


@dataclass
class CrawlStats:
    requests: int = 0
    pages: int = 0
    stored: int = 0
    by_host: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    def to_dict(self) -> dict[str, object]:
        return {"requests": self.requests, "pages": self.pages, "stored": self.stored,
                "seconds": round(time.monotonic() - self.started, 1), "outcomes": dict(self.outcomes),
                "by_host": dict(self.by_host)}


@dataclass(frozen=True, slots=True)
class _Outcome:
    item: FrontierUrl
    response: Response | None = None
    error: InputError | None = None
    robots: str = ""  # why robots.txt kept the URL from being fetched
    wait: float = 0.0  # retry later (robots.txt unavailable)
    sitemaps: tuple[str, ...] = ()  # Sitemap: lines of a robots.txt read for this URL


def _retry_after(value: str | None, default: float) -> float:
    """Seconds of a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return default
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return default


class Crawler:
    """Fetches what the frontier holds, politely, until it is empty, the budget or deadline is reached, the policy
    has enough or :meth:`stop` is called. ``on_event(kind, host)`` hears each outcome (for progress)."""

    def __init__(self, settings: Settings, store: CorpusStore, frontier: Frontier, registry: SourceRegistry,
                 policy: Policy, *, fetcher: Fetcher | None = None, archive: WarcArchive | None = None,
                 on_event: Callable[[str, str], None] | None = None,
                 on_batch: Callable[[list[str]], None] | None = None) -> None:
        self.settings, self.store, self.frontier, self.registry = settings, store, frontier, registry
        self.policy = policy
        self.fetcher = fetcher or Fetcher(replace(settings.fetch, user_agent=settings.crawl.user_agent))
        self.reader = Reader(settings, fetcher=self.fetcher)
        self.archive = archive
        self.on_event = on_event or (lambda kind, host: None)
        self.on_batch = on_batch
        self.stats = CrawlStats()
        self._robots: dict[str, RobotsRules] = {}
        self._next_allowed: dict[str, float] = {}
        self._lock = threading.Lock()
        self._batch: list[tuple[FrontierUrl, Article]] = []
        self._stop = threading.Event()
        self._agent = settings.crawl.user_agent.split("/")[0]

    def stop(self) -> None:
        self._stop.set()

    def wait_stopped(self, seconds: float) -> bool:
        """Sleep ``seconds`` unless stopped first; True if stopped."""
        return self._stop.wait(seconds)

    # ---- the loop (main thread) -------------------------------------------------------------------------------

    def run(self, max_pages: int | None = None, seconds: float | None = None) -> CrawlStats:
        deadline = time.monotonic() + seconds if seconds else None
        workers = self.settings.crawl.concurrency
        running: dict[Future[_Outcome], FrontierUrl] = {}
        with ThreadPoolExecutor(workers, thread_name_prefix="crawl") as pool:
            while True:
                if not self._finished(max_pages, deadline) and len(running) < workers:
                    busy = {item.host for item in running.values()}
                    for item in self.frontier.due(workers - len(running), busy):
                        self.frontier.mark([item.url], "fetching")
                        running[pool.submit(self._work, item)] = item
                if not running:
                    if self._finished(max_pages, deadline) or not self._wait_for_due(deadline):
                        break
                    continue
                done, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    running.pop(future)
                    self._handle(future.result())
        self._flush()
        return self.stats

    def _finished(self, max_pages: int | None, deadline: float | None) -> bool:
        return (self._stop.is_set() or (max_pages is not None and self.stats.pages >= max_pages)
                or (deadline is not None and time.monotonic() >= deadline) or self.policy.enough(self.stats))

    def _wait_for_due(self, deadline: float | None) -> bool:
        """Sleep until the next queued URL may be fetched (at most a second at a time); False if none is queued."""
        due = self.frontier.next_due()
        if due is None:
            return False
        pause = min(max(due - time.time(), 0.01), 1.0)
        if deadline is not None:
            pause = min(pause, max(deadline - time.monotonic(), 0.0))
        self._stop.wait(pause)
        return True

    # ---- one URL (worker threads; one per host at a time) ------------------------------------------------------

    def _work(self, item: FrontierUrl) -> _Outcome:
        try:
            rules, fresh = self._rules(item)
            sitemaps = tuple(rules.sitemaps()) if fresh else ()
            if rules.disallow_all:
                return _Outcome(item, robots=f"robots.txt unavailable (status {rules.status or 'none'})",
                                wait=self.settings.crawl.robots_retry)
            if not rules.allows(item.url):
                return _Outcome(item, robots="disallowed by robots.txt", sitemaps=sitemaps)
            headers = {"If-None-Match": item.etag} if item.etag else {}
            if item.last_modified:
                headers["If-Modified-Since"] = item.last_modified
            return _Outcome(item, response=self._polite_get(item.host, item.url, rules, headers), sitemaps=sitemaps)
        except InputError as exc:
            return _Outcome(item, error=exc)
        except Exception as exc:  # a resolver's or library's surprise must not end the crawl
            return _Outcome(item, error=FetchError(f"unexpected {type(exc).__name__}: {exc}", item.url))

    def _polite_get(self, host: str, url: str, rules: RobotsRules | None, headers: dict[str, str]) -> Response:
        with self._lock:
            allowed = self._next_allowed.get(host, 0.0)
        pause = allowed - time.time()
        if pause > 0:
            time.sleep(pause)
        delay = max(self.settings.crawl.min_delay, rules.delay() if rules else 0.0)
        try:
            return self.fetcher.get(url, headers, redirect_pause=delay)
        finally:
            with self._lock:
                self.stats.requests += 1
                self._next_allowed[host] = time.time() + delay

    def _rules(self, item: FrontierUrl) -> tuple[RobotsRules, bool]:
        """The host's robots.txt rules, and whether they were just read."""
        with self._lock:
            cached = self._robots.get(item.host)
        ttl = self.settings.crawl.robots_retry if cached and cached.disallow_all else self.settings.crawl.robots_ttl
        if cached is not None and time.time() - cached.fetched_at < ttl:
            return cached, False
        parts = urlsplit(item.url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        try:
            response = self._polite_get(item.host, robots_url, None, {})
            rules = rules_from(response.status, response.body, time.time(), self._agent)
        except FetchRefused:
            raise
        except FetchError:
            rules = rules_from(0, b"", time.time(), self._agent)
        with self._lock:
            self._robots[item.host] = rules
            # the site's own delay counts from the robots.txt request on
            self._next_allowed[item.host] = max(self._next_allowed.get(item.host, 0.0),
                                                rules.fetched_at + rules.delay())
        return rules, True

    # ---- results (main thread) ---------------------------------------------------------------------------------

    def _event(self, kind: str, item: FrontierUrl) -> None:
        self.stats.outcomes[kind] += 1
        if kind == "stored":
            self.stats.by_host[item.host] += 1
        self.on_event(kind, item.host)

    def _handle(self, outcome: _Outcome) -> None:
        item = outcome.item
        self._keep_host_state(item.host)
        if outcome.sitemaps:
            self.queue([Entry(url, "sitemap") for url in outcome.sitemaps], discovered_from=f"{item.host}/robots.txt")
        if outcome.robots:
            if outcome.wait:
                self.frontier.retry(item.url, f"robots: {outcome.robots}", outcome.wait,
                                    self.settings.crawl.max_attempts)
            else:
                self.frontier.mark([item.url], "robots", f"robots: {outcome.robots}")
            self._event("robots", item)
            return
        if outcome.error is not None:
            self._failed(item, outcome.error)
            return
        response = outcome.response
        assert response is not None
        if self.archive is not None:
            self.archive.write(response)
        if item.kind == "page":
            self.stats.pages += 1
        try:
            self._response(item, response)
        except Exception as exc:  # one page that breaks a parser must not end the crawl
            self.frontier.mark([item.url], "failed", f"error: {type(exc).__name__}: {exc}"[:500])
            self._event("failed", item)

    def _keep_host_state(self, host: str) -> None:
        with self._lock:
            rules, allowed = self._robots.get(host), self._next_allowed.get(host, 0.0)
        if rules is not None:
            self.frontier.set_host(host, next_allowed=allowed, robots_status=rules.status,
                                   robots_text=rules.text[:100_000], robots_at=rules.fetched_at)

    def _failed(self, item: FrontierUrl, error: InputError) -> None:
        message = str(error).removeprefix(f"{item.url}: ")
        if isinstance(error, FetchRefused):
            self.frontier.mark([item.url], "failed", f"refused: {message}")
        elif isinstance(error, NetworkError):
            wait_for = self.settings.crawl.backoff * 2 ** item.attempts
            self.frontier.retry(item.url, f"network: {message}", wait_for, self.settings.crawl.max_attempts)
        else:
            self.frontier.mark([item.url], "failed", f"fetch: {message}")
        self._event("failed", item)

    def _response(self, item: FrontierUrl, response: Response) -> None:
        wall = bot_wall(response)
        if wall:
            self.frontier.note_wall(item.host, wall)
            self.frontier.mark([item.url], "blocked", f"bot_wall: {wall}")
            self._event("blocked", item)
        elif response.status in _RETRY_STATUS:
            wait_for = min(_retry_after(response.headers.get("retry-after"),
                                        self.settings.crawl.backoff * 2 ** item.attempts),
                           self.settings.crawl.max_retry_after)
            with self._lock:
                self._next_allowed[item.host] = max(self._next_allowed.get(item.host, 0.0), time.time() + wait_for)
            self._keep_host_state(item.host)
            self.frontier.retry(item.url, f"http: {response.status}, retry after {wait_for:.0f} s", wait_for,
                                self.settings.crawl.max_attempts)
            self._event("retry", item)
        elif response.status == 304:
            self.frontier.mark([item.url], "fetched", "not modified")
            self._event("unchanged", item)
        elif response.status >= 400:
            self.frontier.mark([item.url], "failed", f"http: {response.status} {response.reason}".strip())
            self._event("failed", item)
        elif item.kind in DISCOVERY:
            self._discovered(item, response)
        else:
            self._page(item, response)

    def _discovered(self, item: FrontierUrl, response: Response) -> None:
        try:
            entries = parse_feed(response.body, response.url) if item.kind == "feed" else \
                parse_sitemap(response.body, response.url)
        except MalformedInput as exc:
            self.frontier.mark([item.url], "failed", f"malformed: {str(exc).removeprefix(response.url + ': ')}")
            self._event("failed", item)
            return
        self.queue(entries, discovered_from=item.url)
        self.frontier.mark([item.url], "fetched", f"{len(entries)} entries", etag=response.headers.get("etag"),
                           last_modified=response.headers.get("last-modified"))
        self._event("discovered", item)

    def queue(self, entries: list[Entry], discovered_from: str | None = None) -> int:
        """Queue the entries the policy ranks (pages of registry outlets only); returns how many were new."""
        chosen, ranks = [], []
        self.policy.observe(entries)
        for entry in entries:
            if entry.kind == "page" and self.registry.for_url(entry.url) is None:
                continue
            rank = self.policy.rank(entry)
            if rank is not None:
                chosen.append(entry)
                ranks.append(rank)
        return self.frontier.add(chosen, ranks, discovered_from)

    def _page(self, item: FrontierUrl, response: Response) -> None:
        if not response.content_type.startswith(("text/html", "application/xhtml")):
            self.frontier.mark([item.url], "skipped", f"not_html: {response.content_type or 'no content type'}")
            self._event("skipped", item)
            return
        if item.discovered_from == HUB:
            # an outlet's home page: not an article, but its links are where the articles are
            self.queue(page_links(response.body.decode("utf-8", errors="replace"), response.url), item.url)
            self.frontier.mark([item.url], "fetched", "home page read for links")
            self._event("discovered", item)
            return
        read = self.reader.read_html(response.body, response.url, response.charset)
        if read.article is None:
            wall = consent_wall(response.body)
            if wall:
                self.frontier.note_wall(item.host, wall)
                self.frontier.mark([item.url], "blocked", f"bot_wall: {wall}")
                self._event("blocked", item)
                return
            code = read.error.code if read.error is not None else "unreadable"
            self.frontier.mark([item.url], "skipped", f"{code}: {read.error}"[:500])
            self._event("skipped", item)
            return
        article = self._with_source(read.article, item)
        links = page_links(response.body.decode("utf-8", errors="replace"), response.url)
        followed = self.policy.follow(article, links)
        if followed:
            self.frontier.add([e for e, _ in followed], [p for _, p in followed], item.url)
        self._batch.append((item, article))
        if len(self._batch) >= self.settings.crawl.batch_size:
            self._flush()

    def _with_source(self, article: Article, item: FrontierUrl) -> Article:
        source = self.registry.for_url(article.url or item.url)
        if source is not None:
            article = source.tag(article)
        return replace(article, title=article.title or item.title, date=article.date or item.published)

    def _flush(self) -> None:
        """Store the batch, then mark its URLs stored: a kill between the two re-fetches only this batch."""
        if not self._batch:
            return
        batch, self._batch = self._batch, []
        results = self.store.add_batch([article for _, article in batch])
        for (item, _), result in zip(batch, results, strict=True):
            reason = "" if result.status == "added" else f"duplicate of {result.existing_id}"
            self.frontier.mark([item.url], "stored", reason, article_id=result.existing_id or result.article_id)
            self._event("stored", item)
            self.stats.stored += 1
        if self.archive is not None:
            self.archive.flush()
        if self.on_batch is not None:
            self.on_batch([result.article_id for result in results])
