"""Daily and weekly timelines: local days, silent days, earned mentions only, ISO weeks."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pandas as pd
from aggregate_support import config, frame

from generator.aggregate import Observatory, compute

AS_OF = datetime(2027, 2, 1, tzinfo=UTC)


def observe(rows: list[dict[str, object]]) -> Observatory:
    return compute(frame(rows), config(), as_of=AS_OF)


def day(observatory: Observatory, brand: str, when: str) -> pd.Series:
    days = observatory.daily
    rows = days[(days["brand"] == brand) & (days["day"] == pd.Timestamp(when))]
    assert len(rows) == 1, (brand, when)
    return rows.iloc[0]


def test_days_are_local_days_and_silent_days_are_zeros() -> None:
    observatory = observe(
        [
            # 23:30 UTC on 31 July is 1 August in Paris: the day and the month agree.
            {"published": "2026-07-31T23:30", "sentiment": "negative"},
            {"published": "2026-08-01T09:00", "sentiment": "positive"},
            {"published": "2026-08-01T10:00", "sentiment": "positive"},
            {"published": "2026-08-03T10:00", "sentiment": "neutral"},
            {"published": "2026-08-03T11:00", "sentiment": "negative", "brand": "celesta"},
        ]
    )
    assert observatory.months == ["2026-08"]
    first = day(observatory, "orbis", "2026-08-01")
    assert (first["mentions"], first["positive"], first["negative"]) == (3, 2, 1)
    assert first["month"] == "2026-08"
    assert math.isclose(first["net_sentiment"], 1 / 3)
    silent = day(observatory, "orbis", "2026-08-02")
    assert silent["mentions"] == 0 and math.isnan(silent["net_sentiment"])
    neutral_only = day(observatory, "orbis", "2026-08-03")
    assert neutral_only["mentions"] == 1 and math.isnan(neutral_only["net_sentiment"])
    assert day(observatory, "celesta", "2026-08-03")["net_sentiment"] == -1.0
    # Every configured brand has every day, from the month's first to the last observed day.
    days = observatory.daily
    assert sorted(days["brand"].unique()) == ["celesta", "orbis"]
    assert days.groupby("brand")["day"].agg(["min", "max", "count"]).to_dict("list") == {
        "min": [pd.Timestamp("2026-08-01")] * 2,
        "max": [pd.Timestamp("2026-08-03")] * 2,
        "count": [3, 3],
    }


def test_daily_counts_add_up_to_the_monthly_earned_mentions() -> None:
    rows: list[dict[str, object]] = [
        {"published": f"2026-0{m}-{d:02d}T12:00", "sentiment": s, "author": f"A{d}"}
        for m in (5, 6)
        for d, s in zip(range(1, 29, 3), ["positive", "negative", "neutral"] * 4, strict=False)
    ]
    rows.append({"published": "2026-06-10T12:00", "sentiment": "positive", "sponsored": True})
    observatory = observe(rows)
    totals = observatory.daily.groupby(["brand", "month"])["mentions"].sum()
    monthly = observatory.monthly.set_index(["brand", "month"])["mentions"]
    assert totals.sort_index().tolist() == monthly.sort_index().tolist()
    assert day(observatory, "orbis", "2026-06-10")["mentions"] == 1  # the sponsored post is out
    # Days run through whole months up to the last observed day.
    assert observatory.daily["day"].min() == pd.Timestamp("2026-05-01")
    assert observatory.daily["day"].max() == pd.Timestamp("2026-06-28")


def test_weeks_are_iso_weeks_across_the_new_year() -> None:
    observatory = observe(
        [
            {"published": "2026-12-28T12:00", "sentiment": "negative"},  # Monday of 2026-W53
            {"published": "2027-01-01T12:00", "sentiment": "positive"},  # Friday, still W53
            {"published": "2027-01-03T12:00", "sentiment": "positive"},  # Sunday, still W53
            {"published": "2027-01-04T12:00", "sentiment": "neutral"},  # Monday of 2027-W01
        ]
    )
    weeks = observatory.weekly[observatory.weekly["brand"] == "orbis"]
    expected = [f"2026-W{n}" for n in range(49, 54)] + ["2027-W01"]
    assert weeks["week"].tolist() == expected
    last_two = weeks.set_index("week").loc[["2026-W53", "2027-W01"]]
    assert last_two["week_start"].tolist() == [
        pd.Timestamp("2026-12-28"),
        pd.Timestamp("2027-01-04"),
    ]
    assert last_two["mentions"].tolist() == [3, 1]
    assert last_two["net_sentiment"].iloc[0] == 1 / 3
    assert math.isnan(last_two["net_sentiment"].iloc[1])
    # The first week starts before the observation (1 December is a Tuesday): 6 days counted;
    # the last one stops on the last observed day (Monday 4 January): 1 day.
    assert weeks["days"].iloc[0] == 6 and weeks["days"].iloc[-1] == 1
    assert weeks["mentions"].sum() == 4
