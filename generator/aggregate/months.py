"""Calendar-month arithmetic on `YYYY-MM` keys, vectorised.

Months are compared as integers (year * 12 + month - 1) so that "previous month", "same month
last year" and rolling windows are plain additions, whatever months are missing in the data.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd


def month_number(months: pd.Series | pd.Index) -> np.ndarray:
    """`YYYY-MM` -> year * 12 + month - 1."""
    values = pd.Series(np.asarray(months, dtype=object)).astype(str)
    year = values.str.slice(0, 4).astype(int).to_numpy()
    month = values.str.slice(5, 7).astype(int).to_numpy()
    return year * 12 + month - 1


def month_key(numbers: np.ndarray | pd.Series) -> np.ndarray:
    """year * 12 + month - 1 -> `YYYY-MM`."""
    numbers = np.asarray(numbers, dtype=int)
    return np.array([f"{n // 12:04d}-{n % 12 + 1:02d}" for n in numbers], dtype=object)


def shift_month(month: str, delta: int) -> str:
    number = int(month[:4]) * 12 + int(month[5:7]) - 1 + delta
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def month_range(first: str, last: str) -> list[str]:
    """`first`..`last` inclusive, in order (empty when `first` comes after `last`)."""
    start, end = (int(m[:4]) * 12 + int(m[5:7]) - 1 for m in (first, last))
    return [f"{n // 12:04d}-{n % 12 + 1:02d}" for n in range(start, end + 1)]


def local_month(moment: datetime, timezone: str) -> str:
    """`YYYY-MM` of a moment (naive: UTC) in the given time zone."""
    stamp = pd.Timestamp(moment)
    stamp = stamp.tz_localize(UTC) if stamp.tzinfo is None else stamp
    return stamp.tz_convert(timezone).strftime("%Y-%m")
