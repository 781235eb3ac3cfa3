"""One collection run: every due source fetched concurrently, each outcome stored atomically.

Downloads run on an asyncio event loop (global limit + per-host limit); parsing and
normalising run in a small process pool fed by the fetchers (they are CPU-bound, so threads
would serialise them with the downloads under the GIL), saving in a worker thread, so fetching,
parsing and writing overlap and a big feed never stalls the downloads. Each source ends in
exactly one transaction — its entries with its new fetch state, or its failure — so a run killed
at any point leaves every source either fully collected or untouched, and the next run (driven
by the stored ETag / Last-Modified) finishes the job without duplicates.

Several collectors (on several machines) may share one store: a run leases the due sources a
batch at a time (`Store.lease_sources`, as many as it fetches at once), reads their state again
under the lease, and releases each lease in the transaction that records the source's outcome.
A source held by another collector's live lease is reported "leased-elsewhere"; one another
collector recorded since this run read the list is not fetched again. Leases outlive the longest
fetch (`lease_seconds`) and are renewed while the run holds them, so a slow run keeps them and
a killed collector's expire.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
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
from generator.store import Leases, Store, StoredSource

MIN_LEASE_SECONDS = 300.0


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


def lease_seconds(config: Config) -> float:
    """How long a lease lasts: `collect.lease_seconds`, else twice the longest a fetch may
    take (every redirect hop at its connect and read timeouts) and at least five minutes."""
    settings = config.collect
    if settings.lease_seconds is not None:
        return settings.lease_seconds
    longest = (settings.max_redirects + 1) * (settings.connect_timeout + settings.timeout)
    return max(MIN_LEASE_SECONDS, 2 * longest)


def collector_name() -> str:
    """This machine as leases name it: $OBSERVATOIRE_COLLECTOR, else the host name (set it
    where several machines share a host name, e.g. containers)."""
    return (os.environ.get("OBSERVATOIRE_COLLECTOR") or socket.gethostname())[:120]


def lease_holder() -> str:
    """Who holds a lease: machine, process and a random part (a recycled pid is another run)."""
    return f"{collector_name()}:{os.getpid()}:{secrets.token_hex(4)}"


def abandoned(holder: str) -> bool:
    """A lease taken on this machine by a process that is gone (killed, crashed): a rerun there
    need not wait for it to expire. Leases from other machines only expire."""
    parts = holder.rsplit(":", 2)
    if len(parts) != 3 or parts[0] != collector_name() or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False  # this process: another run of it (tests) is not abandoned
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False


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
        holder: str | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.force = force
        self.holder = holder  # None: the caller leased nothing (record without releasing)
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

    def not_due(
        self, stored: StoredSource, read: StoredSource | None = None
    ) -> SourceResult | None:
        """Why a source is not fetched now (None: it is due). `read` is the source as this run
        first read it: if another collector attempted it since, it is not fetched again."""
        if stored.disabled:
            return SourceResult(stored.name, stored.url, "disabled", note="disabled (410 Gone)")
        if read is not None and stored.last_attempt != read.last_attempt:
            note = "fetched by another collector during this run"
            return SourceResult(stored.name, stored.url, "skipped", note=note)
        due = stored.next_attempt_after
        if not self.force and due is not None and due.replace(tzinfo=UTC) > datetime.now(UTC):
            note = f"not due before {due:%Y-%m-%d %H:%M} UTC"
            return SourceResult(stored.name, stored.url, "skipped", note=note)
        return None

    async def _source(self, fetcher: Fetcher, stored: StoredSource) -> SourceResult:
        skipped = self.not_due(stored)
        if skipped is not None:
            return skipped
        async with self.hosts.for_url(stored.url), self.global_limit:
            started = datetime.now(UTC)
            fetched = await fetcher.fetch(stored.url, stored.etag, stored.last_modified)
        parsed: ParsedEntries | NotAFeed | None = None
        if fetched.error is None and not fetched.not_modified and fetched.body is not None:
            parsed = await self._parse(stored, fetched, started)
        result: SourceResult = await self._in_thread(self._store, stored, fetched, started, parsed)
        return result

    def locked(self, function: Callable[..., Any], *args: Any) -> Any:
        """Run a write in a worker thread, one writer of this run at a time."""
        with self.write_lock:
            return function(*args)

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
                self.store.record_fetch(stored.id, holder=self.holder, **state)
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
            parser=feed.parser,
        )
        with self.write_lock:
            stats = self.store.save_entries(stored.id, entries, holder=self.holder, **state)
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
            self.store.record_fetch(stored.id, holder=self.holder, **state)


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
    holder = lease_holder()
    run = _Run(config, store, force=force, parsers=pool, holder=holder)
    results: dict[int, SourceResult] = {}

    def done(source: StoredSource, result: SourceResult) -> None:
        results[source.id] = result
        if on_done is not None:
            on_done(result)

    try:
        async with Fetcher(config.collect, user_agent(config)) as fetcher:
            await _leased_run(run, fetcher, stored, done)
    finally:
        with contextlib.suppress(Exception):  # what an error left leased is free at once
            await run._in_thread(store.release_leases, holder)
        run.executor.shutdown(wait=True)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    summary.sources = [results[s.id] for s in stored]
    summary.seconds = loop.time() - started
    return summary


async def _leased_run(
    run: _Run,
    fetcher: Fetcher,
    stored: list[StoredSource],
    done: Callable[[StoredSource, SourceResult], None],
) -> None:
    """Lease due sources a batch at a time, fetch them, lease more as they finish; renew what is
    held a few times per lease duration. Up to twice as many sources as are fetched at once
    are held, topped up once a quarter of that is free: the fetch slots never wait for a lease,
    and a run of hundreds of feeds takes one lease transaction per few sources, not per source."""
    assert run.holder is not None
    holder, seconds = run.holder, lease_seconds(run.config)
    window = 2 * run.config.collect.concurrency
    top_up = max(1, window // 4)
    read = {s.id: s for s in stored}
    pending = list(stored)
    active: dict[asyncio.Task[SourceResult], StoredSource] = {}
    renewal = asyncio.create_task(_renew(run, active, seconds))

    def choose(source: StoredSource) -> bool:
        return run.not_due(source, read[source.id]) is None

    try:
        while pending or active:
            free = window - len(active)
            busy: list[int] = []
            if pending and (free >= top_up or (free > 0 and not active)):
                chunk, pending = pending[:free], pending[free:]
                ids = [s.id for s in chunk]
                leases: Leases = await run._in_thread(
                    run.locked, run.store.lease_sources, ids, holder, seconds, choose, abandoned
                )
                for source in leases.leased:
                    task = asyncio.create_task(run.source(fetcher, source))
                    active[task] = source
                for source in leases.declined:
                    skipped = run.not_due(source, read[source.id])
                    assert skipped is not None
                    done(source, skipped)
                for source in leases.elsewhere:
                    done(source, _leased_elsewhere(source))
                busy = leases.busy
                pending.extend(s for s in chunk if s.id in set(busy))
            if active:
                finished, _ = await asyncio.wait(
                    active,
                    timeout=0.05 if busy else None,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                for task in finished:
                    done(active.pop(task), task.result())
            elif busy:  # only rows another collector is leasing right now: ask again
                await asyncio.sleep(0.05)
    finally:
        renewal.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await renewal
        for task in active:
            task.cancel()


async def _renew(
    run: _Run, active: dict[asyncio.Task[SourceResult], StoredSource], seconds: float
) -> None:
    """Keep the leases of the sources still being fetched or stored (a slow run keeps them)."""
    assert run.holder is not None
    while True:
        await asyncio.sleep(seconds / 3)
        held = [source.id for source in active.values()]
        with contextlib.suppress(Exception):  # a missed renewal is retried; expiry is far
            await run._in_thread(run.locked, run.store.renew_leases, run.holder, held, seconds)


def _leased_elsewhere(source: StoredSource) -> SourceResult:
    until = source.lease_until
    note = "another collector is fetching it"
    if until is not None:
        note += f" (lease until {until:%Y-%m-%d %H:%M:%S} UTC)"
    return SourceResult(source.name, source.url, "leased-elsewhere", note=note)


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
