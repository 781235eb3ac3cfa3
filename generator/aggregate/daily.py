"""Daily and weekly timelines per brand: when a conversation started, peaked and ended.

A month's totals hide the shape of a crisis; the timeline shows it. Days are calendar days in
the site's time zone (the same clock as months, see `aggregate.prepare`), and weeks are ISO
weeks (Monday to Sunday) of those days. Every brand of a sector gets every day from the first
observed month's first day to the last day anything was observed, zeros when silent: a silent
day is a fact, not a gap. Like the monthly metrics, only earned mentions count (the caller
passes them). Net sentiment is (P - N) / (P + N) and NaN on a day without any opinion: a day
of neutral posts has no sentiment to draw, not a neutral one.
"""

from __future__ import annotations

import pandas as pd

from generator.config import Config

COUNTS = ["mentions", "positive", "neutral", "negative"]
DAILY_COLUMNS = ["sector", "brand", "day", "month", *COUNTS, "net_sentiment"]
WEEKLY_COLUMNS = ["sector", "brand", "week", "week_start", "days", *COUNTS, "net_sentiment"]


def empty_daily() -> pd.DataFrame:
    return _typed(pd.DataFrame(columns=DAILY_COLUMNS), "day")


def empty_weekly() -> pd.DataFrame:
    return _typed(pd.DataFrame(columns=WEEKLY_COLUMNS), "week_start")


def _typed(frame: pd.DataFrame, date_column: str) -> pd.DataFrame:
    frame[date_column] = pd.to_datetime(frame[date_column])
    for column in COUNTS:
        frame[column] = frame[column].astype("int64")
    frame["net_sentiment"] = frame["net_sentiment"].astype(float)
    return frame


def net_sentiment(positive: pd.Series, negative: pd.Series) -> pd.Series:
    """(P - N) / (P + N), NaN where there is no opinion at all."""
    opinions = (positive + negative).astype(float)
    return ((positive - negative) / opinions.where(opinions > 0)).astype(float)


def daily(
    frame: pd.DataFrame,
    config: Config,
    months: list[str],
    *,
    last_day: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """One row per (sector, brand, day): mentions, positive, neutral, negative, net sentiment.

    `frame` is the prepared mentions frame (columns `sector, brand, day, sentiment`; `day` is
    the local calendar day at midnight, naive). `months` are the observed months: days run
    from the first one's first day to the last observed day (never into days not yet lived,
    nor past the last month); `last_day` is the last observed day when `frame` holds only
    some of the observed days (one month's rows).
    """
    if not months:
        return empty_daily()
    start = pd.Timestamp(f"{months[0]}-01")
    end = pd.Timestamp(f"{months[-1]}-01") + pd.offsets.MonthEnd(0)
    if last_day is not None:
        end = min(end, pd.Timestamp(last_day).normalize())
    elif not frame.empty:
        end = min(end, pd.Timestamp(frame["day"].max()).normalize())
    days = pd.date_range(start, end, freq="D")
    pairs = [(sector.slug, brand.slug) for sector in config.sectors for brand in sector.brands]
    index = pd.MultiIndex.from_tuples(
        [(sector, brand, day) for sector, brand in pairs for day in days],
        names=["sector", "brand", "day"],
    )
    sentiment = frame["sentiment"]
    counted = frame[["sector", "brand"]].assign(
        day=pd.to_datetime(frame["day"]).dt.normalize(),
        mentions=1,
        positive=(sentiment == "positive").astype("int64"),
        neutral=(sentiment == "neutral").astype("int64"),
        negative=(sentiment == "negative").astype("int64"),
    )
    totals = (
        counted.groupby(["sector", "brand", "day"])[COUNTS]
        .sum()
        .reindex(index, fill_value=0)
        .astype("int64")
        .reset_index()
    )
    totals["day"] = pd.to_datetime(totals["day"])  # a month without posts comes out untyped
    totals["month"] = totals["day"].dt.strftime("%Y-%m")
    totals["net_sentiment"] = net_sentiment(totals["positive"], totals["negative"])
    return totals[DAILY_COLUMNS]


def weekly(days: pd.DataFrame) -> pd.DataFrame:
    """The daily frame summed by ISO week (`2026-W33`, starting on Monday `week_start`).

    `days` counts the days of the week the timeline covers: the first and last weeks may be
    partial (the observation starts on the 1st of a month and stops at the last observed day).
    """
    if days.empty:
        return empty_weekly()
    iso = days["day"].dt.isocalendar()
    keyed = days.assign(
        week=[
            f"{year:04d}-W{week:02d}" for year, week in zip(iso["year"], iso["week"], strict=True)
        ],
        week_start=days["day"] - pd.to_timedelta(days["day"].dt.day_of_week, unit="D"),
    )
    # Groups in order of appearance: the daily frame's (brands as configured, days ascending).
    grouped = keyed.groupby(["sector", "brand", "week", "week_start"], sort=False)
    out = grouped[COUNTS].sum().astype("int64")
    out["days"] = grouped.size().astype("int64")
    out = out.reset_index()
    out["net_sentiment"] = net_sentiment(out["positive"], out["negative"])
    return out[WEEKLY_COLUMNS]
