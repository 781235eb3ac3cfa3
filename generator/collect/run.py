"""One collection run: every due source fetched concurrently, each outcome stored atomically.

Downloads run on an asyncio event loop (global limit + per-host limit); parsing and
normalising run in a small process pool fed by the fetchers (they are CPU-bound, so threads
would serialise them with the downloads under the GIL), saving in a worker thread, so fetching,
parsing and writing overlap and a big feed never stalls the downloads. Each source ends in
exactly one transaction — its entries with its new fetch state, or its failure — so a run killed
at any point leaves every source either fully collected or untouched, and the next run (driven
by the stored ETag / Last-Modified) finishes the job without duplicates.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

from generator.collect.fetch import Fetcher, FetchResult
from generator.collect.parse import NotAFeed
from generator.collect.politeness import (
    HostLimiter,
    backoff_until,
    cache_fresh_until,
    retry_after,
)
from generator.collect.worker import ParsedEntries, parse_and_normalise, process_count, start_pool
from generator.config import Config
from generator.records import SourceStatus
from generator.store import Store, StoredSource


@dataclass(slots=True)
class SourceResult:
    """What happened to one source in this run."""

    name: str
    url: str
    status: SourceStatus
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    entries: int = 0
    bytes: int = 0
    http_status: int | None = None
    error: str | None = None
    malformed: str | None = None
    moved_to: str | None = None
    note: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass(slots=True)
class CollectSummary:
    """The whole run: per-source results (in configuration order) and totals."""

    sources: list[SourceResult] = field(default_factory=list)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return sum(1 for r in self.sources if r.failed)

    @property
    def new(self) -> int:
        return sum(r.new for r in self.sources)

    @property
    def updated(self) -> int:
        return sum(r.updated for r in self.sources)

    @property
    def unchanged(self) -> int:
        return sum(r.unchanged for r in self.sources)

    @property
    def bytes(self) -> int:
        return sum(r.bytes for r in self.sources)

    def count(self, status: SourceStatus) -> int:
        return sum(1 for r in self.sources if r.status == status)


def user_agent(config: Config) -> str:
    """Name the observatory and where to read about it, as polite crawlers do."""
    if config.collect.user_agent:
        return config.collect.user_agent
    try:
        version = metadata.version("observatoire")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"Observatoire/{version} (+{config.site.url}; observatoire des médias sociaux)".encode(
        "ascii", "replace"
    ).decode("ascii")


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


class _Run:
    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        force: bool,
        parsers: ProcessPoolExecutor | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.force = force
        self.languages = {s.name: s.language for s in config.sources}
        settings = config.collect
        self.global_limit = asyncio.Semaphore(settings.concurrency)
        self.hosts = HostLimiter(settings.per_host)
        self.executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="collect")
        self.parsers = parsers  # None: parse in the worker threads
        self.write_lock = threading.Lock()

    async def source(self, fetcher: Fetcher, stored: StoredSource) -> SourceResult:
        try:
            return await self._source(fetcher, stored)
        except Exception as exc:  # one source must never break the run
            error = f"internal error: {exc.__class__.__name__}: {str(exc)[:200]}"
            result = SourceResult(stored.name, stored.url, "failed", error=error)
            with contextlib.suppress(Exception):
                await self._in_thread(self._record_failure, stored, result, None, datetime.now(UTC))
            return result

    async def _source(self, fetcher: Fetcher, stored: StoredSource) -> SourceResult:
        now = datetime.now(UTC)
        if stored.disabled:
            return SourceResult(stored.name, stored.url, "disabled", note="disabled (410 Gone)")
        due = stored.next_attempt_after
        if not self.force and due is not None and due.replace(tzinfo=UTC) > now:
            note = f"not due before {due:%Y-%m-%d %H:%M} UTC"
            return SourceResult(stored.name, stored.url, "skipped", note=note)
        async with self.hosts.for_url(stored.url), self.global_limit:
            started = datetime.now(UTC)
            fetched = await fetcher.fetch(stored.url, stored.etag, stored.last_modified)
        parsed: ParsedEntries | NotAFeed | None = None
        if fetched.error is None and not fetched.not_modified and fetched.body is not None:
            parsed = await self._parse(stored, fetched, started)
        result: SourceResult = await self._in_thread(self._store, stored, fetched, started, parsed)
        return result

    async def _in_thread(self, function: Callable[..., Any], *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, function, *args)

    async def _parse(
        self, stored: StoredSource, fetched: FetchResult, started: datetime
    ) -> ParsedEntries | NotAFeed:
        """Parse and normalise in the process pool (in a thread without one, or if it broke)."""
        assert fetched.body is not None
        args = (
            fetched.body,
            fetched.url,
            fetched.headers.get("content-type", ""),
            started,
            self.languages.get(stored.name) or stored.language,
        )
        try:
            if self.parsers is not None:
                loop = asyncio.get_running_loop()
                with contextlib.suppress(BrokenProcessPool):
                    return await loop.run_in_executor(self.parsers, parse_and_normalise, *args)
                self.parsers = None  # a worker died (out of memory?): carry on in threads
            parsed: ParsedEntries = await self._in_thread(parse_and_normalise, *args)
            return parsed
        except NotAFeed as exc:
            return exc

    # -- worker-thread side: parse, normalise, one transaction per source --------------------

    def _store(
        self,
        stored: StoredSource,
        fetched: FetchResult,
        started: datetime,
        parsed: ParsedEntries | NotAFeed | None,
    ) -> SourceResult:
        result = SourceResult(
            stored.name, stored.url, "failed", bytes=fetched.wire_bytes, http_status=fetched.status
        )
        if fetched.permanent_url and fetched.permanent_url != stored.url:
            result.moved_to = fetched.permanent_url
        if fetched.error is not None:
            result.error = fetched.error
            self._record_failure(stored, result, fetched, started)
            return result
        state: dict[str, Any] = {
            "last_attempt": _naive(started),
            "last_success": _naive(started),
            "last_status": fetched.status,
            "consecutive_failures": 0,
            "last_error": None,
            "bytes_last": fetched.wire_bytes,
            "bytes_total": stored.bytes_total + fetched.wire_bytes,
            "next_attempt_after": _fresh_until(fetched, started),
        }
        if result.moved_to:
            state["url"] = result.moved_to
        if fetched.not_modified:
            result.status = "not-modified"
            with self.write_lock:
                self.store.record_fetch(stored.id, **state)
            return result
        assert parsed is not None
        if isinstance(parsed, NotAFeed):
            result.error = str(parsed)
            self._record_failure(stored, result, fetched, started)
            return result
        feed, entries = parsed, parsed.entries
        state.update(
            etag=fetched.headers.get("etag"),
            last_modified=fetched.headers.get("last-modified"),
            entries_seen=len(entries),
            malformed=feed.malformed is not None,
            malformed_reason=feed.malformed,
            feed_title=feed.title,
        )
        with self.write_lock:
            stats = self.store.save_entries(stored.id, entries, **state)
        result.status = "collected"
        result.entries = len(entries)
        result.malformed = feed.malformed
        result.new, result.updated, result.unchanged = stats.new, stats.updated, stats.unchanged
        return result

    def _record_failure(
        self,
        stored: StoredSource,
        result: SourceResult,
        fetched: FetchResult | None,
        started: datetime,
    ) -> None:
        failures = stored.consecutive_failures + 1
        wait = backoff_until(failures, started)
        state: dict[str, Any] = {
            "last_attempt": _naive(started),
            "last_status": None if fetched is None else fetched.status,
            "consecutive_failures": failures,
            "last_error": result.error,
        }
        if fetched is not None:
            state["bytes_last"] = fetched.wire_bytes
            state["bytes_total"] = stored.bytes_total + fetched.wire_bytes
            if fetched.status in (429, 503):
                hinted = retry_after(fetched.headers.get("retry-after"), started)
                if hinted is not None:
                    wait = max(wait, hinted)
                    result.note = f"asked to retry after {hinted:%Y-%m-%d %H:%M} UTC"
            if fetched.status == 410:
                state["disabled"] = True
                result.error = f"{result.error}: the feed is gone, source disabled"
                state["last_error"] = result.error
        state["next_attempt_after"] = _naive(wait)
        with self.write_lock:
            self.store.record_fetch(stored.id, **state)


def _fresh_until(fetched: FetchResult, started: datetime) -> datetime | None:
    fresh = cache_fresh_until(fetched.headers, started)
    return None if fresh is None else _naive(fresh)


async def _collect(
    config: Config,
    store: Store,
    on_done: Callable[[SourceResult], None] | None,
    force: bool,
) -> CollectSummary:
    summary = CollectSummary()
    loop = asyncio.get_running_loop()
    started = loop.time()
    store.sync_sources(config.sources)
    stored = store.stored_sources([s.name for s in config.sources])
    order = {s.name: i for i, s in enumerate(config.sources)}
    stored.sort(key=lambda s: order.get(s.name, len(order)))
    processes = process_count(len(stored))
    pool = start_pool(processes) if processes else None
    run = _Run(config, store, force=force, parsers=pool)
    try:
        async with Fetcher(config.collect, user_agent(config)) as fetcher:
            tasks = [asyncio.create_task(run.source(fetcher, s)) for s in stored]
            for task in asyncio.as_completed(tasks):
                result = await task
                if on_done is not None:
                    on_done(result)
            summary.sources = [t.result() for t in tasks]
    finally:
        run.executor.shutdown(wait=True)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    summary.seconds = loop.time() - started
    return summary


def collect_sources(
    config: Config,
    store: Store,
    *,
    progress: bool = False,
    force: bool = False,
    on_done: Callable[[SourceResult], None] | None = None,
) -> CollectSummary:
    """Collect every configured source; never raises because of one source.

    `force` ignores the schedule (Retry-After, max-age, backoff) but not disabled sources.
    """
    if not progress:
        return asyncio.run(_collect(config, store, on_done, force))
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}"),
    )
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("collecting", total=len(config.sources), last="")

        def advance(result: SourceResult) -> None:
            bar.update(task, advance=1, last=f"{result.name[:40]}: {result.status}")
            if on_done is not None:
                on_done(result)

        return asyncio.run(_collect(config, store, advance, force))
