"""The CPU-bound half of collecting a feed (parse + normalise), runnable in a worker process.

Parsing and normalising cost ~25 ms of pure Python per 10 kB feed, which the GIL serialises
with everything else: run in worker threads they stall the downloads and each other. A small
process pool, fed by the async fetchers, lets parsing overlap fetching and use every core. Only
bytes go to a worker and only the normalised records come back (feedparser's dicts stay there).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from generator.collect.normalise import normalise_feed
from generator.collect.parse import parse_feed
from generator.records import FeedEntry

MAX_PROCESSES = 4


@dataclass(slots=True)
class ParsedEntries:
    """What the store needs from a parsed feed: its metadata and its normalised entries."""

    format: str
    title: str | None
    malformed: str | None
    entries: list[FeedEntry] = field(default_factory=list)
    parser: str = "feedparser"  # which parser read it (ParsedFeed.parser)


def parse_and_normalise(
    body: bytes,
    url: str,
    content_type: str,
    fetched_at: datetime,
    source_language: str | None,
) -> ParsedEntries:
    """Parse a body and normalise its entries; raises NotAFeed like `parse_feed`."""
    feed = parse_feed(body, url=url, content_type=content_type)
    entries = normalise_feed(
        feed, feed_url=url, fetched_at=fetched_at, source_language=source_language
    )
    return ParsedEntries(feed.format, feed.title, feed.malformed, entries, feed.parser)


def process_count(sources: int) -> int:
    """Worker processes worth starting: none on one core or for a handful of sources."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if not cores or cores < 2 or sources < 4:
        return 0
    return min(cores, MAX_PROCESSES)


def start_pool(processes: int) -> ProcessPoolExecutor:
    """A pool whose workers are already running (forked now, before the run starts threads).

    Workers exit on their own when the collecting process dies (even by SIGKILL), instead of
    waiting forever on a queue nobody will write to again.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(
        max_workers=processes,
        mp_context=context,
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )
    for future in [pool.submit(_ready) for _ in range(processes)]:
        future.result()
    return pool


def _ready() -> None:
    return None


def _watch_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
