"""Being a good citizen toward hosts we do not control.

Per-host concurrency limits, the server's own scheduling hints (Retry-After, Cache-Control
max-age) and exponential backoff after repeated failures all decide *when* a source may be
fetched again; the decision is stored as `next_attempt_after` so it survives between runs.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

BACKOFF_BASE = timedelta(minutes=5)
BACKOFF_MAX = timedelta(days=1)
MAX_SERVER_DELAY = timedelta(days=7)  # a server cannot park a source forever
MAX_CACHE_AGE = timedelta(hours=6)  # never trust max-age for longer than this

_MAX_AGE = re.compile(r"(?:^|[,\s])(?:s-)?max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


def host_key(url: str) -> str:
    """The politeness unit: the host name (ports of one machine share its capacity)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class HostLimiter:
    """One semaphore per host, created lazily, so several feeds of a host never pile up."""

    def __init__(self, per_host: int) -> None:
        self.per_host = per_host
        self._semaphores: dict[str, asyncio.Semaphore] = {}

    def for_url(self, url: str) -> asyncio.Semaphore:
        key = host_key(url)
        semaphore = self._semaphores.get(key)
        if semaphore is None:
            semaphore = self._semaphores[key] = asyncio.Semaphore(self.per_host)
        return semaphore


def retry_after(value: str | None, now: datetime) -> datetime | None:
    """When a Retry-After header (delta-seconds or HTTP date) allows the next attempt."""
    if not value:
        return None
    value = value.strip()
    delay: timedelta | None = None
    if value.isdigit():
        delay = timedelta(seconds=int(value))
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        delay = when - now
    if delay <= timedelta(0):
        return None
    return now + min(delay, MAX_SERVER_DELAY)


def cache_fresh_until(headers: Mapping[str, str], now: datetime) -> datetime | None:
    """Cache-Control max-age: the feed will not change before then, so don't ask."""
    control = headers.get("cache-control", "")
    if not control or "no-cache" in control.lower() or "no-store" in control.lower():
        return None
    match = _MAX_AGE.search(control)
    if not match:
        return None
    age = timedelta(seconds=int(match.group(1)))
    if age <= timedelta(0):
        return None
    return now + min(age, MAX_CACHE_AGE)


def backoff_until(consecutive_failures: int, now: datetime) -> datetime:
    """Exponential backoff: 5 min after the first failure, doubling, at most a day."""
    exponent = max(0, min(consecutive_failures - 1, 20))
    wait: timedelta = min(BACKOFF_BASE * (2**exponent), BACKOFF_MAX)
    return now + wait
