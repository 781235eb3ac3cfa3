"""Golden test: the real pipeline on the bundled demo feeds finds the intended people and crisis.

The truth is tests/fixtures/demo_truth.yml, written by the demo-data generator. The pipeline
runs collect -> analyse -> mentions frame -> aggregate on a temporary store, exactly as
`observatoire build` does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from pathlib import Path

import pandas as pd
import pytest
import yaml
from aggregate_support import demo_mentions

from generator.aggregate import Observatory, compute
from generator.aggregate.privacy import author_hash
from generator.config import Config

ROOT = Path(__file__).resolve().parents[1]
TRUTH_FILE = ROOT / "tests" / "fixtures" / "demo_truth.yml"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Observatory, dict]:
    config, mentions, _ = demo_mentions(tmp_path_factory.mktemp("golden") / "demo.db")
    truth = yaml.safe_load(TRUTH_FILE.read_text(encoding="utf-8"))
    return config, compute(mentions, config), truth


def classes_of(config: Config, observatory: Observatory, author: str, brand: str) -> Counter:
    author_id = author_hash(author, brand, config.privacy.secret)
    rows = observatory.authors
    mine = rows[(rows["brand"] == brand) & (rows["author_id"] == author_id)]
    return Counter(mine["klass"])


def expected_people(truth: dict) -> list[tuple[str, str, str]]:
    people = []
    for key, klass in (
        ("ambassadors", "ambassador"),
        ("brand_lovers", "brand_lover"),
        ("influencers", "influencer"),
        ("detractors", "detractor"),
    ):
        for brand, authors in truth.get(key, {}).items():
            people += [(brand, author, klass) for author in authors]
    return people


def test_months_and_volumes(demo: tuple[Config, Observatory, dict]) -> None:
    _, observatory, truth = demo
    assert observatory.months == truth["period"]["months"]
    by_brand_month = observatory.monthly.set_index(["brand", "month"])
    monthly = by_brand_month["mentions"]
    everything = monthly + by_brand_month["paid_mentions"] + by_brand_month["owned_mentions"]
    # The analyser may call a few posts off topic; volumes must stay close to the truth.
    # KPIs count earned mentions only; with paid and owned ones they make every mention.
    for key, counted in (
        ("earned_mentions", monthly),
        ("mentions_after_privacy_and_dedup", everything),
    ):
        for brand, months in truth[key].items():
            for month, count in months.items():
                assert abs(counted[(brand, month)] - count) <= max(2, 0.15 * count), (brand, month)


def test_sponsored_and_staff_posts_stay_out_of_the_kpis(
    demo: tuple[Config, Observatory, dict],
) -> None:
    """October: one sponsored video made most of Fibralis' engagement; it is paid, not earned.
    August: Fibralis_Assistance answered during the outage; that is owned, not earned."""
    _, observatory, _ = demo
    by_brand_month = observatory.monthly.set_index(["brand", "month"])
    row = by_brand_month.loc[("fibralis", "2026-10")]
    assert row["paid_mentions"] == 1
    assert row["paid_engagement"] > row["engagement"], "the sponsored video dominated engagement"
    assert by_brand_month.loc[("fibralis", "2026-08"), "owned_mentions"] >= 5
    quoted = [q for q in observatory.top_posts.itertuples() if q.origin != "earned"]
    assert not quoted, "top posts are earned posts"
    low, high = row["net_sentiment_low"], row["net_sentiment_high"]
    assert -1 <= low <= row["net_sentiment"] <= high <= 1


def test_intended_people_get_their_class(demo: tuple[Config, Observatory, dict]) -> None:
    config, observatory, truth = demo
    last = truth["period"]["months"][-1]
    for brand, author, klass in expected_people(truth):
        classes = classes_of(config, observatory, author, brand)
        assert classes, f"{author} ({brand}) is never classified"
        assert classes.most_common(1)[0][0] == klass, (author, brand, classes)
        author_id = author_hash(author, brand, config.privacy.secret)
        rows = observatory.authors
        final = rows[(rows["author_id"] == author_id) & (rows["month"] == last)]
        assert list(final["klass"]) == [klass], (author, last)
        if klass == "influencer":
            assert "ambassador" not in classes


def test_convert(demo: tuple[Config, Observatory, dict]) -> None:
    config, observatory, truth = demo
    for brand, converts in truth["converts"].items():
        for convert in converts:
            author_id = author_hash(convert["author"], brand, config.privacy.secret)
            rows = observatory.authors
            mine = rows[(rows["author_id"] == author_id)].set_index("month")["klass"]
            assert mine.get(convert["month"]) == "convert", mine.to_dict()
            assert mine.get(convert["negative_until"]) == convert["from"], mine.to_dict()
            quotes = rows[(rows["author_id"] == author_id) & (rows["month"] == convert["month"])]
            sentiments = [q.sentiment for q in quotes.iloc[0]["quotes"]]
            assert sentiments == ["negative", "positive"]


def test_staff_and_excluded_never_listed(demo: tuple[Config, Observatory, dict]) -> None:
    config, observatory, truth = demo
    for brand, staff in truth["staff"].items():
        assert not classes_of(config, observatory, staff["author"], brand)
    everything = pd.concat(
        [
            observatory.authors.astype(str),
            observatory.top_posts.astype(str),
            pd.DataFrame([asdict(c) for c in observatory.crises]).astype(str),
        ]
    ).to_string()
    for excluded in truth["excluded_authors"]:
        assert excluded.casefold() not in everything.casefold()
        for brand in truth["brands"]:
            assert not classes_of(config, observatory, excluded, brand)
    for _brand, author, _ in expected_people(truth):
        assert (
            author.casefold() not in everything.casefold()
        )  # demo sources do not allow naming authors


def test_crisis_month_detected_and_quiet_months_not(demo: tuple[Config, Observatory, dict]) -> None:
    _, observatory, truth = demo
    expected = truth["crisis"]
    crises = observatory.crises
    assert len(crises) == 1, [(c.brand, c.start, c.end) for c in crises]
    crisis = asdict(crises[0])
    assert (crisis["brand"], crisis["month"]) == (expected["brand"], expected["month"])
    start = pd.Timestamp(expected["start"]).date()
    end = pd.Timestamp(expected["end"]).date()
    assert start <= crisis["start"] <= crisis["peak_day"] <= crisis["end"] <= end
    assert crisis["posts"] and crisis["themes"]
