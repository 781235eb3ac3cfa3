"""The `Observatory`: everything aggregate hands to render (ARCHITECTURE.md, "Aggregate
outputs"); its own module so that the month-by-month assembly can build it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from generator.aggregate import daily as timeline
from generator.aggregate.care import (
    CARE_COLUMNS_WITH_DELTAS,
    DELAY_COLUMNS,
    EXAMPLE_COLUMNS,
    HELPER_COLUMNS,
)
from generator.records import Crisis


@dataclass
class Observatory:
    """Everything render needs; field by field in ARCHITECTURE.md ("Aggregate outputs")."""

    months: list[str]
    monthly: pd.DataFrame
    sector_monthly: pd.DataFrame
    themes: pd.DataFrame
    sources: pd.DataFrame
    terms: pd.DataFrame
    crises: list[Crisis]
    authors: pd.DataFrame
    top_posts: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)
    # Timelines (aggregate/daily.py): per brand and local day, and per ISO week.
    daily: pd.DataFrame = field(default_factory=timeline.empty_daily)
    weekly: pd.DataFrame = field(default_factory=timeline.empty_weekly)
    # Customer care in public (aggregate/care.py): KPIs per brand and month with deltas, the
    # response-time distribution, the fastest and slowest answers quoted, the best helpers.
    care: pd.DataFrame = field(default_factory=lambda: care_frame(CARE_COLUMNS_WITH_DELTAS))
    care_delays: pd.DataFrame = field(default_factory=lambda: care_frame(DELAY_COLUMNS))
    care_examples: pd.DataFrame = field(default_factory=lambda: care_frame(EXAMPLE_COLUMNS))
    care_helpers: pd.DataFrame = field(default_factory=lambda: care_frame(HELPER_COLUMNS))


def care_frame(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=columns)
