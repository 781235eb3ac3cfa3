"""Monthly metrics: exact values on small frames, invariants on random ones."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from aggregate_support import config, frame
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.aggregate import compute
from generator.aggregate.metrics import DELTA_METRICS

SENTIMENTS = ["positive", "neutral", "negative"]


def test_values_of_one_month() -> None:
    rows = [
        {
            "published": "2025-03-10T10:00",
            "sentiment": "positive",
            "author": "A",
            "audience": 10,
            "engagement": 4,
        },
        {"published": "2025-03-11T10:00", "sentiment": "positive", "author": "a ", "audience": 10},
        {"published": "2025-03-12T10:00", "sentiment": "positive", "author": "B", "audience": 20},
        {
            "published": "2025-03-13T10:00",
            "sentiment": "negative",
            "author": "C",
            "audience": 10,
            "engagement": 6,
        },
        {"published": "2025-03-14T10:00", "sentiment": "neutral", "author": "", "audience": 50},
        {
            "published": "2025-03-14T10:00",
            "brand": "celesta",
            "sentiment": "negative",
            "audience": 100,
            "engagement": 10,
        },
    ]
    result = compute(frame(rows), config())
    orbis = result.monthly.set_index("brand").loc["orbis"]
    assert orbis["mentions"] == 5
    assert orbis["unique_authors"] == 3  # "A" and "a " are one author; unknown not counted
    assert (orbis["positive"], orbis["neutral"], orbis["negative"]) == (3, 1, 1)
    assert orbis["net_sentiment"] == 0.5  # (3 - 1) / (3 + 1)
    assert math.isclose(orbis["net_sentiment_pct"], 0.4)  # 3/5 - 1/5
    assert math.isclose(orbis["sov"], 5 / 6)
    assert math.isclose(orbis["reach"], 100.0)
    assert math.isclose(orbis["sov_reach"], 0.5)
    assert math.isclose(orbis["sov_engagement"], 0.5)
    assert math.isclose(orbis["engagement_rate"], 10 / 100)
    sector = result.sector_monthly.iloc[0]
    assert (sector["mentions"], sector["posts"], sector["unique_authors"]) == (6, 6, 3)


def test_every_brand_in_every_month_with_deltas() -> None:
    rows = [
        {"published": "2024-01-15", "sentiment": "positive"},
        {"published": "2024-01-16", "sentiment": "positive"},
        {"published": "2024-02-15", "sentiment": "negative"},
        {"published": "2025-01-15", "sentiment": "positive"},
        {"published": "2025-01-16", "sentiment": "positive"},
        {"published": "2025-01-17", "sentiment": "positive"},
    ]
    result = compute(frame(rows), config())
    assert result.months == ["2024-01", "2024-02", "2025-01"]
    monthly = result.monthly.set_index(["brand", "month"])
    assert len(monthly) == 6  # two brands x three months
    celesta = monthly.loc[("celesta", "2024-02")]
    assert celesta["mentions"] == 0 and celesta["sov"] == 0 and celesta["net_sentiment"] == 0
    feb = monthly.loc[("orbis", "2024-02")]
    assert feb["mentions_mom"] == -1 and feb["mentions_mom_rel"] == -0.5
    assert feb["net_sentiment_mom"] == -2.0
    jan25 = monthly.loc[("orbis", "2025-01")]
    assert math.isnan(jan25["mentions_mom"])  # December 2024 is not in the data
    assert jan25["mentions_yoy"] == 1 and jan25["mentions_yoy_rel"] == 0.5
    assert math.isnan(monthly.loc[("celesta", "2025-01")]["mentions_yoy_rel"])  # base 0
    for metric in DELTA_METRICS:
        assert f"{metric}_mom" in result.monthly and f"{metric}_yoy" in result.monthly


def test_themes_and_sources() -> None:
    rows = [
        {"published": "2025-03-10", "sentiment": "negative", "themes": "reseau,prix"},
        {"published": "2025-03-11", "sentiment": "positive", "themes": "reseau", "source": "B"},
        {"published": "2025-03-12", "sentiment": "neutral"},
    ]
    result = compute(frame(rows), config())
    themes = result.themes.set_index("theme")
    assert themes.loc["reseau", "mentions"] == 2 and themes.loc["reseau", "net_sentiment"] == 0
    assert themes.loc["prix", "negative"] == 1
    sources = result.sources.set_index("source")
    assert sources.loc["Forum", "mentions"] == 2 and sources.loc["B", "mentions"] == 1


def test_excluded_author_removed_defensively() -> None:
    rows = [
        {"published": "2025-03-10", "sentiment": "negative", "author": "Jean Dupont"},
        {"published": "2025-03-11", "sentiment": "positive", "author": "Marie"},
    ]
    result = compute(frame(rows), config(excluded_authors=["JEAN DUPONT"]))
    assert result.monthly.set_index("brand").loc["orbis", "mentions"] == 1
    assert result.monthly["negative"].sum() == 0


row_strategy = st.fixed_dictionaries(
    {
        "brand": st.sampled_from(["orbis", "celesta"]),
        "month": st.integers(0, 14),
        "day": st.integers(1, 28),
        "sentiment": st.sampled_from(SENTIMENTS),
        "audience": st.sampled_from([0.0, 1.0, 250.0]),
        "engagement": st.sampled_from([0.0, 3.0]),
        "author": st.sampled_from(["", "A", "B", "c"]),
        "recommends": st.booleans(),
        "advises_against": st.booleans(),
    }
)


def _rows(draws: list[dict]) -> list[dict]:
    rows = []
    for d in draws:
        month = d.pop("month")
        day = d.pop("day")
        rows.append(
            {**d, "published": f"{2024 + month // 12}-{month % 12 + 1:02d}-{day:02d}T12:00"}
        )
    return rows


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row_strategy, min_size=1, max_size=40))
def test_invariants(draws: list[dict]) -> None:
    result = compute(frame(_rows(draws)), config())
    monthly = result.monthly
    assert len(monthly) == 2 * len(result.months)
    by_month = monthly.groupby("month")
    for column, base in (
        ("sov", "mentions"),
        ("sov_reach", "reach"),
        ("sov_engagement", "engagement"),
    ):
        totals = by_month[column].sum()
        active = by_month[base].sum() > 0
        assert np.allclose(totals[active], 1.0)
        assert np.allclose(totals[~active], 0.0)
    shares = monthly[["pos_share", "neu_share", "neg_share"]].sum(axis=1)
    assert np.allclose(shares[monthly["mentions"] > 0], 1.0)
    assert monthly["net_sentiment"].between(-1, 1).all()
    assert monthly["net_sentiment_pct"].between(-1, 1).all()
    assert monthly["reputation_index"].between(0, 100).all()
    assert (
        monthly["positive"] + monthly["neutral"] + monthly["negative"] == monthly["mentions"]
    ).all()
    assert result.sector_monthly["mentions"].sum() == len(draws)
    assert result.monthly["mentions"].sum() == len(draws)


def test_no_raw_author_anywhere() -> None:
    rows = [
        {
            "published": f"2025-0{m}-10",
            "sentiment": s,
            "author": "Jeanne Secret",
            "recommends": s == "positive",
            "source": src,
        }
        for m in (1, 2, 3)
        for s, src in (("positive", "Forum"), ("positive", "Blog"))
    ]
    result = compute(frame(rows), config())
    assert len(result.authors) > 0
    for name in (
        "monthly",
        "sector_monthly",
        "themes",
        "sources",
        "terms",
        "authors",
        "top_posts",
    ):
        table: pd.DataFrame = getattr(result, name)
        assert "author" not in table.columns
        assert "jeanne secret" not in table.to_string().casefold()
        assert "jeanne secret" not in repr(table.to_dict("records")).casefold()
    assert "jeanne secret" not in repr(result.crises).casefold()


def test_paid_and_owned_mentions_stay_out_of_the_kpis() -> None:
    """A sponsored video and the brand's own account are counted apart, not as the public."""
    rows = [
        {"published": "2025-03-10", "sentiment": "positive", "author": "A", "engagement": 3},
        {"published": "2025-03-11", "sentiment": "negative", "author": "B", "engagement": 2},
        {
            "published": "2025-03-12",
            "sentiment": "positive",
            "author": "Tech",
            "sponsored": True,
            "engagement": 700,
        },
        {
            "published": "2025-03-13",
            "sentiment": "positive",
            "author": "Orbis_Care",
            "engagement": 1,
        },
        {"published": "2025-03-13", "brand": "celesta", "sentiment": "neutral", "author": "C"},
    ]
    observatory = compute(frame(rows), config(), as_of=pd.Timestamp("2025-04-01", tz="UTC"))
    row = observatory.monthly.set_index("brand").loc["orbis"]
    assert (row["mentions"], row["positive"], row["negative"]) == (2, 1, 1)
    assert row["engagement"] == 5
    assert (row["paid_mentions"], row["paid_engagement"]) == (1, 700)
    assert (row["owned_mentions"], row["owned_engagement"]) == (1, 1)
    assert row["sov"] == 2 / 3  # the sector's earned mentions: 2 of Orbis, 1 of Celesta
    assert observatory.top_posts["post_id"].isin([1, 2]).all()


def test_net_sentiment_interval_is_wilsons() -> None:
    from generator.aggregate.metrics import net_sentiment_interval

    low, high = net_sentiment_interval(pd.Series([8, 0, 50]), pd.Series([2, 0, 50]))
    # Wilson 95 % for 8 of 10: [0.4902, 0.9433] -> net [-0.0196, 0.8866]
    assert math.isclose(low[0], -0.0196, abs_tol=1e-3)
    assert math.isclose(high[0], 0.8866, abs_tol=1e-3)
    assert math.isnan(low[1]) and math.isnan(high[1])  # no opinion, no interval
    assert low[2] < 0 < high[2] and high[2] - low[2] < high[0] - low[0]  # more opinions, narrower
