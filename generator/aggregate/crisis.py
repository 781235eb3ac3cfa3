"""Crisis detection: a spike of negative mentions against the brand's own trailing baseline.

Rule (published on the methodology page): for every brand and every day (site time zone),
count negative mentions, an author counting at most once a day (one angry person alone cannot
make a crisis). The baseline of day d is the mean and standard deviation (population) of the
BASELINE_DAYS days before d that were not spikes themselves (a lasting crisis does not raise
its own bar), once the brand has MIN_HISTORY_DAYS days of history. The deviation is floored at
sqrt(mean), the spread chance alone gives a count (Poisson), so a flat history does not turn
noise into alarms. Day d is a spike when negatives(d) > mean + K x sd and negatives(d) >=
MIN_NEGATIVES (a quiet brand's two complaints are not a crisis). K is 4 rather than the
textbook 3 because daily counts are small and skewed: with 3, chance alone raises about one
alarm per brand and year. Spikes closer than COOLDOWN_DAYS to the previous spike belong to the
same crisis, which runs from its first to its last spike day. Each brand is compared with
itself only: a big brand's normal volume is not a small brand's crisis.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from generator.records import Crisis, Quote

BASELINE_DAYS = 28
MIN_HISTORY_DAYS = 14
K = 4.0
MIN_NEGATIVES = 5
COOLDOWN_DAYS = 7
TOP_THEMES = 3
TOP_POSTS = 3


def params() -> dict[str, float]:
    return {
        "crisis_baseline_days": BASELINE_DAYS,
        "crisis_min_history_days": MIN_HISTORY_DAYS,
        "crisis_k": K,
        "crisis_min_negatives": MIN_NEGATIVES,
        "crisis_cooldown_days": COOLDOWN_DAYS,
        "crisis_top_themes": TOP_THEMES,
        "crisis_top_posts": TOP_POSTS,
    }


def daily_negatives(frame: pd.DataFrame) -> pd.DataFrame:
    """Days x brands matrix of negative counts; NaN before a brand's first mention.

    An author counts at most once per brand and day: one person posting ten angry messages
    is a conversation, not a crisis.
    """
    if frame.empty:
        return pd.DataFrame()
    days = pd.date_range(frame["day"].min(), frame["day"].max(), freq="D")
    counted = frame[frame["is_neg"] == 1]
    known = counted["akey"] != ""
    counted = pd.concat([counted[known].drop_duplicates(["brand", "day", "akey"]), counted[~known]])
    negatives = (
        counted.groupby(["day", "brand"], observed=True)
        .size()
        .unstack("brand")
        .reindex(index=days, columns=sorted(frame["brand"].unique()))
        .fillna(0.0)
    )
    first_day = frame.groupby("brand", observed=True)["day"].min()
    before = days.to_numpy()[:, None] < first_day.reindex(negatives.columns).to_numpy()[None, :]
    return negatives.mask(before)


def spikes(negatives: pd.DataFrame) -> tuple[pd.DataFrame, ...]:
    """(spike mask, baseline mean, baseline sd, threshold), each days x brands.

    Days already flagged as spikes are left out of later baselines, so a crisis that lasts
    does not raise its own bar. That makes the rule sequential: a loop over days per brand,
    which is cheap (days x brands, not posts).
    """
    shape = negatives.shape
    mask = np.zeros(shape, dtype=bool)
    mean = np.full(shape, np.nan)
    sd = np.full(shape, np.nan)
    values = negatives.to_numpy(dtype=float)
    for column in range(shape[1]):
        history: list[float] = []
        for day in range(shape[0]):
            count = values[day, column]
            if np.isnan(count):
                continue
            if len(history) >= MIN_HISTORY_DAYS:
                window = np.asarray(history[-BASELINE_DAYS:])
                mean[day, column] = window.mean()
                sd[day, column] = max(window.std(), np.sqrt(window.mean()))
                threshold = mean[day, column] + K * sd[day, column]
                if count > threshold and count >= MIN_NEGATIVES:
                    mask[day, column] = True
                    continue
            history.append(count)
    index, columns = negatives.index, negatives.columns
    mean_frame = pd.DataFrame(mean, index=index, columns=columns)
    sd_frame = pd.DataFrame(sd, index=index, columns=columns)
    return (
        pd.DataFrame(mask, index=index, columns=columns),
        mean_frame,
        sd_frame,
        mean_frame + K * sd_frame,
    )


def episodes(spike_days: list[pd.Timestamp]) -> list[list[pd.Timestamp]]:
    """Group sorted spike days: a spike within the cool-down extends the current crisis."""
    groups: list[list[pd.Timestamp]] = []
    for day in spike_days:
        if groups and (day - groups[-1][-1]).days <= COOLDOWN_DAYS:
            groups[-1].append(day)
        else:
            groups.append([day])
    return groups


def detect(frame: pd.DataFrame, post_quotes: Callable[[pd.DataFrame], list[Quote]]) -> list[Crisis]:
    """Dated crises with the themes and most engaged negative posts that drove them, by start."""
    negatives = daily_negatives(frame)
    if negatives.empty:
        return []
    mask, mean, sd, threshold = spikes(negatives)
    sector_of = frame.drop_duplicates("brand").set_index("brand")["sector"]
    found: list[Crisis] = []
    negative_rows = frame[frame["is_neg"] == 1]
    for brand in mask.columns[mask.any(axis=0).to_numpy()]:
        brand_negatives = negative_rows[negative_rows["brand"] == brand]
        for days in episodes(list(mask.index[mask[brand].to_numpy()])):
            start, end = days[0], days[-1]
            window = negatives.loc[start:end, brand]
            peak = pd.Timestamp(window.idxmax())  # type: ignore[arg-type]
            inside = brand_negatives[
                (brand_negatives["day"] >= start) & (brand_negatives["day"] <= end)
            ]
            found.append(
                Crisis(
                    sector=str(sector_of[brand]),
                    brand=str(brand),
                    month=start.strftime("%Y-%m"),
                    start=start.date(),
                    end=end.date(),
                    peak_day=peak.date(),
                    peak_negatives=int(window.max()),
                    negatives=int(window.sum()),
                    baseline_mean=_float(mean.at[start, brand]),
                    baseline_sd=_float(sd.at[start, brand]),
                    threshold=_float(threshold.at[start, brand]),
                    themes=tuple(top_themes(inside["themes"])),
                    posts=tuple(post_quotes(top_engaged(inside, TOP_POSTS))),
                )
            )
    return sorted(found, key=lambda c: (c.start, c.brand))


def top_themes(themes: pd.Series) -> list[str]:
    """The most frequent theme slugs among comma-joined theme strings (ties by name)."""
    exploded = themes[themes != ""].str.split(",").explode()
    counts = exploded[exploded != ""].value_counts()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [str(slug) for slug, _ in ranked[:TOP_THEMES]]


def top_engaged(rows: pd.DataFrame, n: int) -> pd.DataFrame:
    """The n most engaged rows (ties: larger audience, then more recent, then post id)."""
    order = rows.sort_values(
        ["engagement", "audience", "published", "post_id"], ascending=[False, False, False, True]
    )
    return order.drop_duplicates("post_id").head(n)


def _float(value: Any) -> float:
    """A frame cell as a float (pandas types cells as any scalar)."""
    return float(value)
