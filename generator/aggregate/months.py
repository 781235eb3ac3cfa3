"""Calendar-month arithmetic on `YYYY-MM` keys, vectorised.

Months are compared as integers (year * 12 + month - 1) so that "previous month", "same month
last year" and rolling windows are plain additions, whatever months are missing in the data.
"""

from __future__ import annotations

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
