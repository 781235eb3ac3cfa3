"""A month's aggregates as JSON text and back, exactly: the stored metrics a build renders from.

JSON rather than pickle because the store may be shared: reading it must never run code.
Floats round-trip exactly (Python writes the shortest repr that reads back the same double),
NaN included; dtypes are written beside the values and restored, so a frame read back equals
the frame written (`pandas.testing.assert_frame_equal`).
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from generator.aggregate.monthwise import MonthAggregates
from generator.records import Crisis, Quote

FORMAT = 2  # 2: the customer-care frames
FRAMES = (
    "monthly",
    "sector_monthly",
    "themes",
    "sources",
    "terms",
    "authors",
    "top_posts",
    "daily",
    "care",
    "care_delays",
    "care_examples",
    "care_helpers",
)


class CodecError(ValueError):
    """Stored aggregates this version cannot read (they are then recomputed)."""


def _cell(value: Any) -> Any:
    """One object-column cell as JSON (quotes and timestamps tagged)."""
    if isinstance(value, tuple | list) and all(isinstance(v, Quote) for v in value):
        return {"quotes": [asdict(q) for q in value]}
    if isinstance(value, pd.Timestamp):
        return {"timestamp": value.isoformat()}
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _uncell(value: Any) -> Any:
    if isinstance(value, dict):
        if "quotes" in value:
            return tuple(Quote(**q) for q in value["quotes"])
        if "timestamp" in value:
            return pd.Timestamp(value["timestamp"])
    return value


def _column(series: pd.Series) -> list[Any]:
    dtype = series.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return [None if pd.isna(v) else v.isoformat() for v in series]
    if pd.api.types.is_object_dtype(dtype):
        return [_cell(v) for v in series]
    return series.tolist()


def _uncolumn(values: list[Any], dtype: str) -> pd.Series:
    if dtype.startswith("datetime64"):
        utc = "UTC" in dtype
        series = pd.to_datetime(pd.Series(values, dtype=object), utc=utc)
        return series.astype(pd.api.types.pandas_dtype(dtype))
    if dtype == "object":
        return pd.Series([_uncell(v) for v in values], dtype=object)
    return pd.Series(values, dtype=dtype)


def frame_to_json(frame: pd.DataFrame) -> dict[str, Any]:
    return {
        "columns": [str(c) for c in frame.columns],
        "dtypes": [str(t) for t in frame.dtypes],
        "data": [_column(frame[c]) for c in frame.columns],
    }


def frame_from_json(data: dict[str, Any]) -> pd.DataFrame:
    columns = data["columns"]
    series = [
        _uncolumn(values, dtype) for values, dtype in zip(data["data"], data["dtypes"], strict=True)
    ]
    if not columns:
        return pd.DataFrame()
    return pd.DataFrame(dict(zip(columns, series, strict=True)), columns=columns)


def _crisis_to_json(crisis: Crisis) -> dict[str, Any]:
    out = asdict(crisis)
    for name in ("start", "end", "peak_day"):
        out[name] = getattr(crisis, name).isoformat()
    return out


def _crisis_from_json(data: dict[str, Any]) -> Crisis:
    values = dict(data)
    for name in ("start", "end", "peak_day"):
        values[name] = date.fromisoformat(values[name])
    values["themes"] = tuple(values["themes"])
    values["posts"] = tuple(Quote(**q) for q in values["posts"])
    return Crisis(**values)


def dumps(month: MonthAggregates) -> str:
    payload: dict[str, Any] = {"format": FORMAT, "month": month.month}
    payload["crises"] = [_crisis_to_json(c) for c in month.crises]
    for name in FRAMES:
        payload[name] = frame_to_json(getattr(month, name))
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> MonthAggregates:
    try:
        payload = json.loads(text)
        if payload.get("format") != FORMAT:
            raise CodecError(f"stored aggregates in format {payload.get('format')!r}")
        frames = {name: frame_from_json(payload[name]) for name in FRAMES}
        crises = tuple(_crisis_from_json(c) for c in payload["crises"])
        return MonthAggregates(month=payload["month"], crises=crises, **frames)
    except (KeyError, TypeError, ValueError) as exc:
        raise CodecError(f"stored aggregates unreadable: {exc}") from exc


__all__ = ["FRAMES", "CodecError", "dumps", "frame_from_json", "frame_to_json", "loads"]
