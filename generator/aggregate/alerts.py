"""Which crises to announce on a given day: the crisis rule of aggregate/crisis.py, read daily.

The rule is sequential (a day is judged against the days before it only), so a crisis found
in the data up to day d starts on the same day as in the full data: the detector runs on the
mentions published up to the end of `as_of` (`generator.incremental.crises_up_to`) and
announces the crises whose first day falls within the last `lookback_days` days, so a missed
daily run still catches up but installing the alerts does not announce last year's crises.
A crisis is identified by its brand and first day (`alert_key`); what was already sent is
the caller's memory.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

from generator.records import Crisis


def alert_key(crisis: Crisis) -> str:
    """What identifies an alert across runs: the brand and the crisis's first day."""
    return f"{crisis.brand}/{crisis.start.isoformat()}"


def due(crises: list[Crisis], as_of: date, lookback_days: int) -> list[Crisis]:
    """The crises whose first day is reached on `as_of` or within the lookback_days before."""
    first = as_of - timedelta(days=lookback_days - 1)
    return [c for c in crises if first <= c.start <= as_of]


def unsent(crises: list[Crisis], sent: Collection[str]) -> list[Crisis]:
    """The crises not announced yet (a crisis is announced once, however long it lasts)."""
    return [c for c in crises if alert_key(c) not in sent]
