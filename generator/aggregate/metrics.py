"""Monthly metrics per brand and per sector: volumes, share of voice, sentiment, reach.

Conventions, all written on the methodology page:
- a mention is one (post, brand) pair: a post naming two brands counts once for each;
- share of voice divides a brand's mentions (reach, engagement) by the sum over the brands of
  its sector, so the shares of a sector sum to 1 in every month with any activity;
- net sentiment is (P - N) / (P + N), neutral posts ignored, 0 when there is no opinion;
  net_sentiment_pct is %P - %N = (P - N) / mentions, neutral posts diluting it;
- only earned mentions enter these metrics (sponsored and brand-account posts are counted
  apart in paid_* and owned_* columns, see aggregate/origin.py);
- net_sentiment_low/high bound net sentiment at 95 % confidence (Wilson interval on the
  share of positive among opinions, mapped to -1..+1): few opinions, wide interval;
- reach ("image") sums each mention's audience weight (author audience when the feed gives
  it, else the source's configured weight) -- no multipliers; engagement ("interaction") sums
  comments, replies, likes and rating counts; engagement_rate = engagement / reach.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.aggregate import index as reputation
from generator.aggregate.months import month_number
from generator.config import Config

KEYS = ["sector", "brand", "month"]
DELTA_METRICS = [
    "mentions",
    "unique_authors",
    "sov",
    "net_sentiment",
    "net_sentiment_pct",
    "reach",
    "engagement",
    "reputation_index",
]
COUNT_METRICS = ["mentions", "unique_authors", "reach", "engagement"]
MONTHLY_COLUMNS = [
    *KEYS,
    "mentions",
    "unique_authors",
    "sov",
    "sov_reach",
    "sov_engagement",
    "positive",
    "neutral",
    "negative",
    "pos_share",
    "neu_share",
    "neg_share",
    "net_sentiment",
    "net_sentiment_pct",
    "net_sentiment_low",
    "net_sentiment_high",
    "reach",
    "engagement",
    "engagement_rate",
    "reputation_index",
]
PAID_OWNED_COLUMNS = ["paid_mentions", "paid_engagement", "owned_mentions", "owned_engagement"]
CONFIDENCE_Z = 1.959964  # 95 % two-sided
SECTOR_COLUMNS = [
    "sector",
    "month",
    "mentions",
    "unique_authors",
    "reach",
    "engagement",
    "positive",
    "neutral",
    "negative",
    "net_sentiment",
    "posts",
]
THEME_COLUMNS = [*KEYS, "theme", "mentions", "positive", "negative", "net_sentiment"]
SOURCE_COLUMNS = [*KEYS, "source", "source_kind", "mentions", "negative", "reach", "engagement"]


def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator, 0 where the denominator is 0 (no activity, no share)."""
    num = numerator.astype(float).to_numpy()
    den = denominator.astype(float).to_numpy()
    out = np.divide(num, den, out=np.zeros_like(num), where=den != 0)
    return pd.Series(out, index=numerator.index)


def net_sentiment(positive: pd.Series, negative: pd.Series) -> pd.Series:
    return ratio(positive - negative, positive + negative)


def net_sentiment_interval(
    positive: pd.Series, negative: pd.Series, z: float = CONFIDENCE_Z
) -> tuple[pd.Series, pd.Series]:
    """Wilson score interval of P / (P + N), mapped to net sentiment (2p - 1); NaN without
    opinions. Cheap, and honest at small counts where the normal approximation is not."""
    p_count = positive.astype(float).to_numpy()
    n = p_count + negative.astype(float).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = p_count / n
        z2 = z * z
        centre = (share + z2 / (2 * n)) / (1 + z2 / n)
        half = z * np.sqrt(share * (1 - share) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    low = np.where(n > 0, 2 * (centre - half) - 1, np.nan)
    high = np.where(n > 0, 2 * (centre + half) - 1, np.nan)
    return (
        pd.Series(np.clip(low, -1, 1), index=positive.index),
        pd.Series(np.clip(high, -1, 1), index=positive.index),
    )


def with_paid_and_owned(brand_monthly: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """Add the mentions and engagement of paid and owned posts, kept out of the KPIs."""
    out = brand_monthly.copy()
    for origin, prefix in (("paid", "paid"), ("owned", "owned")):
        rows = frame[frame["origin"] == origin]
        sums = rows.groupby(KEYS, observed=True).agg(
            mentions=("post_id", "size"), engagement=("engagement", "sum")
        )
        found = sums.reindex(pd.MultiIndex.from_frame(out[KEYS]))
        out[f"{prefix}_mentions"] = found["mentions"].fillna(0).astype(int).to_numpy()
        out[f"{prefix}_engagement"] = found["engagement"].fillna(0.0).astype(float).to_numpy()
    return out


def brand_grid(frame: pd.DataFrame, config: Config, months: list[str]) -> pd.DataFrame:
    """Every (sector, brand) of the configuration (and of the data) in every month."""
    pairs = {(s.slug, b.slug) for s in config.sectors for b in s.brands}
    seen = frame[["sector", "brand"]].drop_duplicates()
    pairs |= set(zip(seen["sector"], seen["brand"], strict=True))
    index = pd.MultiIndex.from_tuples(
        [(s, b, m) for s, b in sorted(pairs) for m in months], names=KEYS
    )
    return pd.DataFrame(index=index)


def monthly(
    frame: pd.DataFrame, config: Config, months: list[str], *, deltas: bool = True
) -> pd.DataFrame:
    """One row per (sector, brand, month) with every metric of the contract and its deltas
    (without them when `deltas` is False: a single month's rows, compared later).

    `frame` is the mentions frame plus the helper columns added by `prepare` in __init__.
    """
    grouped = frame.groupby(KEYS, observed=True, sort=False)
    counts = grouped.agg(
        mentions=("post_id", "size"),
        positive=("is_pos", "sum"),
        neutral=("is_neu", "sum"),
        negative=("is_neg", "sum"),
        reach=("audience", "sum"),
        engagement=("engagement", "sum"),
        recommendations=("recommends", "sum"),
        detractions=("detracts", "sum"),
    )
    known = frame[frame["akey"] != ""]
    authors = known.groupby(KEYS, observed=True, sort=False)["akey"].nunique()
    counts["unique_authors"] = authors
    grid = brand_grid(frame, config, months)
    out = grid.join(counts, how="left").fillna(0.0)
    for column in ("mentions", "positive", "neutral", "negative", "unique_authors"):
        out[column] = out[column].astype(int)
    for column in ("recommendations", "detractions"):
        out[column] = out[column].astype(int)
    out = out.reset_index()

    sector_totals = out.groupby(["sector", "month"])[["mentions", "reach", "engagement"]]
    totals = sector_totals.transform("sum")
    out["sov"] = ratio(out["mentions"], totals["mentions"])
    out["sov_reach"] = ratio(out["reach"], totals["reach"])
    out["sov_engagement"] = ratio(out["engagement"], totals["engagement"])
    out["pos_share"] = ratio(out["positive"], out["mentions"])
    out["neu_share"] = ratio(out["neutral"], out["mentions"])
    out["neg_share"] = ratio(out["negative"], out["mentions"])
    out["net_sentiment"] = net_sentiment(out["positive"], out["negative"])
    out["net_sentiment_pct"] = ratio(out["positive"] - out["negative"], out["mentions"])
    out["net_sentiment_low"], out["net_sentiment_high"] = net_sentiment_interval(
        out["positive"], out["negative"]
    )
    out["engagement_rate"] = ratio(out["engagement"], out["reach"])
    brands_in_sector = out.groupby(["sector", "month"])["brand"].transform("size")
    parts = reputation.components(
        out["positive"],
        out["negative"],
        out["sov"],
        brands_in_sector,
        out["recommendations"],
        out["detractions"],
    )
    out["reputation_index"] = reputation.reputation_index(parts)
    out = pd.concat([out[[*MONTHLY_COLUMNS, "recommendations", "detractions"]], parts], axis=1)
    return add_deltas(out) if deltas else out


def add_deltas(out: pd.DataFrame) -> pd.DataFrame:
    """`<m>_mom`, `<m>_yoy` (differences) and `<m>_mom_rel`, `<m>_yoy_rel` (relative changes).

    The base is the calendar month before (or twelve months before); NaN when that month is
    not in the frame, and relative changes are NaN when the base is 0.
    """
    number = month_number(out["month"])
    keyed = out[["sector", "brand", *DELTA_METRICS]].copy()
    keyed["n"] = number
    lookup = keyed.set_index(["sector", "brand", "n"])[DELTA_METRICS]
    new_columns: dict[str, np.ndarray] = {}
    for suffix, lag in (("mom", 1), ("yoy", 12)):
        wanted = pd.MultiIndex.from_arrays([out["sector"], out["brand"], number - lag])
        base = lookup.reindex(wanted)
        for metric in DELTA_METRICS:
            current = out[metric].to_numpy(dtype=float)
            previous = base[metric].to_numpy(dtype=float)
            new_columns[f"{metric}_{suffix}"] = current - previous
            if metric in COUNT_METRICS:
                with np.errstate(divide="ignore", invalid="ignore"):
                    rel = (current - previous) / previous
                rel[~np.isfinite(rel)] = np.nan
                new_columns[f"{metric}_{suffix}_rel"] = rel
    return pd.concat([out, pd.DataFrame(new_columns, index=out.index)], axis=1)


def sector_monthly(frame: pd.DataFrame, brand_monthly: pd.DataFrame) -> pd.DataFrame:
    """One row per (sector, month): sums of the brand rows, distinct authors and posts."""
    sums = brand_monthly.groupby(["sector", "month"], as_index=False)[
        ["mentions", "reach", "engagement", "positive", "neutral", "negative"]
    ].sum()
    known = frame[frame["akey"] != ""]
    authors = known.groupby(["sector", "month"])["akey"].nunique().rename("unique_authors")
    posts = frame.groupby(["sector", "month"])["post_id"].nunique().rename("posts")
    out = sums.join(authors, on=["sector", "month"]).join(posts, on=["sector", "month"])
    out[["unique_authors", "posts"]] = out[["unique_authors", "posts"]].fillna(0).astype(int)
    out["net_sentiment"] = net_sentiment(out["positive"], out["negative"])
    return out[SECTOR_COLUMNS].sort_values(["sector", "month"]).reset_index(drop=True)


def themes(frame: pd.DataFrame) -> pd.DataFrame:
    """Mentions and sentiment per theme (a post with two themes counts in both)."""
    tagged = frame.loc[frame["themes"] != "", [*KEYS, "themes", "is_pos", "is_neg"]]
    if tagged.empty:
        return pd.DataFrame(columns=THEME_COLUMNS)
    tagged = tagged.assign(theme=tagged["themes"].str.split(",")).explode("theme")
    tagged = tagged[tagged["theme"] != ""]
    out = tagged.groupby([*KEYS, "theme"], as_index=False, observed=True).agg(
        mentions=("is_pos", "size"), positive=("is_pos", "sum"), negative=("is_neg", "sum")
    )
    out["net_sentiment"] = net_sentiment(out["positive"], out["negative"])
    out = out.sort_values([*KEYS, "mentions", "theme"], ascending=[True, True, True, False, True])
    return out[THEME_COLUMNS].reset_index(drop=True)


def sources(frame: pd.DataFrame) -> pd.DataFrame:
    """Where the mentions come from, per brand and month."""
    if frame.empty:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    out = frame.groupby([*KEYS, "source", "source_kind"], as_index=False, observed=True).agg(
        mentions=("post_id", "size"),
        negative=("is_neg", "sum"),
        reach=("audience", "sum"),
        engagement=("engagement", "sum"),
    )
    out = out.sort_values([*KEYS, "mentions", "source"], ascending=[True, True, True, False, True])
    return out[SOURCE_COLUMNS].reset_index(drop=True)
