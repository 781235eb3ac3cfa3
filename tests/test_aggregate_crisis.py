"""Crisis detection against the brand's own baseline: bursts found, noise and rants not."""

from __future__ import annotations

import pandas as pd
from aggregate_support import config, frame

from generator.aggregate import compute


def background(days: int = 60, start: str = "2025-01-01") -> list[dict]:
    """A steady brand: one negative (by a different person) every other day, plus praise."""
    rows = []
    for i, day in enumerate(pd.date_range(start, periods=days, freq="D")):
        rows.append(
            {
                "published": day + pd.Timedelta(hours=9),
                "sentiment": "positive",
                "author": f"fan{i % 7}",
            }
        )
        if i % 2 == 0:
            rows.append(
                {
                    "published": day + pd.Timedelta(hours=15),
                    "sentiment": "negative",
                    "author": f"critic{i}",
                }
            )
    return rows


def burst(day: str, count: int, themes: str = "reseau", same_author: bool = False) -> list[dict]:
    return [
        {
            "published": pd.Timestamp(day) + pd.Timedelta(minutes=10 * j),
            "sentiment": "negative",
            "author": "angry" if same_author else f"user{day}{j}",
            "themes": themes,
            "engagement": float(j),
            "text": f"Panne totale ! message {j}",
        }
        for j in range(count)
    ]


def test_quiet_brand_has_no_crisis() -> None:
    assert not compute(frame(background(120)), config()).crises


def test_burst_is_dated_with_themes_and_posts() -> None:
    rows = background(60) + burst("2025-02-20T08:00", 12) + burst("2025-02-24T08:00", 9, "prix")
    crises = compute(frame(rows), config()).crises
    assert len(crises) == 1  # the second spike falls within the cool-down: same crisis
    crisis = crises[0]
    assert crisis.brand == "orbis" and crisis.month == "2025-02"
    assert str(crisis.start) == "2025-02-20" and str(crisis.end) == "2025-02-24"
    assert (
        str(crisis.peak_day) == "2025-02-20" and crisis.peak_negatives == 13
    )  # 12 + the usual one
    assert crisis.peak_negatives > crisis.threshold > crisis.baseline_mean
    assert crisis.themes[0] == "reseau" and "prix" in crisis.themes
    assert 1 <= len(crisis.posts) <= 3
    assert crisis.posts[0].engagement == 11.0
    assert all(p.sentiment == "negative" for p in crisis.posts)


def test_spikes_far_apart_are_two_crises() -> None:
    rows = background(90) + burst("2025-02-10T08:00", 12) + burst("2025-03-20T08:00", 12)
    crises = compute(frame(rows), config()).crises
    assert [str(c.start) for c in crises] == ["2025-02-10", "2025-03-20"]


def test_one_person_ranting_is_not_a_crisis() -> None:
    rows = background(60) + burst("2025-02-20T08:00", 30, same_author=True)
    assert not compute(frame(rows), config()).crises


def test_no_alarm_before_enough_history() -> None:
    rows = background(60, start="2025-01-05") + burst("2025-01-08T08:00", 15)
    assert not compute(frame(rows), config()).crises
