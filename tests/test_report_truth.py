"""The monthly report tells the truth first: the crisis, weighed numbers, supported causes.

Checked on the demo observatory (collect -> analyse -> aggregate, as `observatoire build`
does) and on small hand-made frames where a rule needs an exact case.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from aggregate_support import demo_mentions

from generator.aggregate import Observatory, compute
from generator.config import Config
from generator.render import formatting as fmt
from generator.render.i18n import Wording
from generator.render.kpis import kpi_cards
from generator.render.placeholder_words import observatory_in_words
from generator.render.report_facts import Cause, mentions_cause, sentiment_cause
from generator.render.summary import build_summary

# Prose a careful editor would strike out; each pattern names the mistake it catches.
FORBIDDEN = {
    "month and year said twice in a range": re.compile(
        r"(?i)\b(?:du|from) \d+(?:er)? (\w+) (\d{4}) (?:au|to) \d+ \1 \2"
    ),
    "'en hausse (+x, à x)' template": re.compile(r"\((?:\+|−)[\d,.]+, (?:à|now) [\d,.]+\)"),
    "missing elision": re.compile(r"\bde [AEIOUÉÈaeiouéèh]\w"),
    "'1 août' instead of '1er août'": re.compile(
        r"(?<![\d,])1 (?:janvier|février|mars|avril|mai|"
        r"juin|juillet|août|septembre|octobre|"
        r"novembre|décembre)"
    ),
    "unformatted value": re.compile(r"\bnan\b|\bNone\b|\{\w*\}|%\(|\ue000"),
    "a percentage of a small base": re.compile(r"\+\d{3,}\s?%"),
    "doubled punctuation or space": re.compile(r"\.\.|\s,|  |,\.|\.\s*\."),
    "English words on a French page": re.compile(r"\b(?:mentions of|went|because|up|down)\b"),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Observatory]:
    config, mentions, _ = demo_mentions(tmp_path_factory.mktemp("truth") / "demo.db")
    observatory = compute(mentions, config)
    return config, observatory_in_words(observatory, Wording("fr"))


def test_a_crisis_month_opens_with_the_crisis(demo: tuple[Config, Observatory]) -> None:
    config, observatory = demo
    summary = build_summary(observatory, config, "2026-08", "fr")
    assert summary.headline.startswith("Crise chez Fibralis du 11 au 15 août 2026\u00a0: ")
    assert "mentions négatives" in summary.headline.split(".")[0]
    assert summary.actions[0].startswith("Fibralis\u00a0: publier un point de situation")


def test_the_crisis_brands_customer_care_is_said_with_the_crisis(
    demo: tuple[Config, Observatory],
) -> None:
    """August: after the crisis and its themes, how Fibralis answered in public (the care
    figures of the month), and the unanswered requests become an action."""
    config, observatory = demo
    summary = build_summary(observatory, config, "2026-08", "fr")
    care = observatory.care.set_index(["brand", "month"]).loc[("fibralis", "2026-08")]
    share = fmt.percent(care["brand_answered_share"], "fr", 0)
    said = next(p for p in summary.points if p.startswith("Fibralis a répondu à "))
    assert f"à {share} des {int(care['requests'])} demandes publiques reçues" in said
    assert said.endswith(" en médiane.") and "jour" in said  # Fibralis is slow: days
    assert summary.points.index(said) < next(
        i for i, p in enumerate(summary.points) if p.startswith("Les mentions")
    )
    unanswered = round(care["unanswered_share"] * care["requests"])
    assert unanswered >= 3
    assert (
        f"Fibralis\u00a0: {unanswered} demandes publiques de ce mois-ci restent sans réponse"
        in " ".join(summary.actions)
    )
    assert summary.actions[0].startswith("Fibralis\u00a0: publier un point de situation")


def test_no_month_opens_with_a_crisis_it_did_not_have(demo: tuple[Config, Observatory]) -> None:
    config, observatory = demo
    for month in observatory.months:
        if month != "2026-08":
            assert not build_summary(observatory, config, month, "fr").headline.startswith("Crise")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_prose_of_every_month_has_no_forbidden_pattern(
    demo: tuple[Config, Observatory], lang: str
) -> None:
    config, observatory = demo
    for month in observatory.months:
        summary = build_summary(observatory, config, month, lang)
        for sentence in [summary.headline, *summary.points, *summary.actions]:
            assert sentence.strip() and sentence[0].isupper(), (month, sentence)
            for name, pattern in FORBIDDEN.items():
                if lang == "en" and name in ("English words on a French page", "missing elision"):
                    continue
                assert not pattern.search(sentence), (month, name, sentence)


def test_the_fall_after_the_crisis_is_explained_by_the_crisis(
    demo: tuple[Config, Observatory],
) -> None:
    config, observatory = demo
    points = build_summary(observatory, config, "2026-09", "fr").points
    fall = [p for p in points if p.startswith("Les mentions de Fibralis passent de")]
    assert fall and fall[0].endswith("une fois passée la crise d'août 2026."), points


def test_crisis_brand_tiles_say_unfavourable(demo: tuple[Config, Observatory]) -> None:
    config, observatory = demo
    cards = kpi_cards(observatory, "2026-08", {}, Wording("fr"), config.report.min_mentions)
    assert cards[0]["brand"] == "fibralis" and cards[0]["crisis"] is not None  # said first
    tiles = {t["key"]: t for t in cards[0]["tiles"]}
    assert tiles["mentions"]["delta"].direction == "up"
    assert (tiles["mentions"]["tone"], tiles["mentions"]["tone_words"]) == ("bad", "défavorable")
    assert tiles["net_sentiment"]["tone"] == "bad"


def test_small_samples_show_counts_and_no_colour_unless_beyond_chance(
    demo: tuple[Config, Observatory],
) -> None:
    config, observatory = demo
    w = Wording("fr")
    for month in observatory.months[1:]:
        for card in kpi_cards(observatory, month, {}, w, config.report.min_mentions):
            if not card["small_sample"]:
                continue
            assert card["small_sample_text"].startswith("Faible échantillon")
            for tile in card["tiles"]:
                if tile["key"] in ("mentions", "engagement"):
                    assert "%" not in tile["delta"].text, (month, card["brand"], tile)
                if tile["key"] == "engagement":
                    assert tile["tone"] == "neutral"  # one viral post moves it: never coloured
    # With a lower threshold the same month shows percentages again.
    cards = kpi_cards(observatory, "2026-10", {}, w, min_mentions=5)
    assert all("%" in t["delta"].text for c in cards for t in c["tiles"] if t["key"] == "mentions")


def _themes(rows: list[tuple[str, str, int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "sector": "s",
                "brand": "b",
                "month": m,
                "theme": t,
                "mentions": n,
                "positive": p,
                "negative": neg,
                "net_sentiment": 0.0,
            }
            for m, t, n, p, neg in rows
        ]
    )


def test_a_theme_is_a_cause_only_when_it_carries_most_of_the_change() -> None:
    spread = _themes(
        [
            ("2026-01", "a", 2, 0, 0),
            ("2026-02", "a", 5, 0, 0),
            ("2026-02", "b", 3, 0, 0),
            ("2026-02", "c", 4, 0, 0),
        ]
    )
    assert mentions_cause(spread, "b", "2026-02", "2026-01", set()) is None  # +3/+3/+4: no cause
    carried = _themes(
        [("2026-01", "a", 2, 0, 0), ("2026-02", "a", 12, 0, 0), ("2026-02", "b", 2, 0, 0)]
    )
    cause = mentions_cause(carried, "b", "2026-02", "2026-01", set())
    assert cause == Cause("theme", "a", 10 / 12)
    # A fall is never explained by the theme that grew (the old "porté par" mistake).
    fall = _themes(
        [
            ("2026-01", "a", 20, 0, 0),
            ("2026-01", "b", 5, 0, 0),
            ("2026-02", "a", 2, 0, 0),
            ("2026-02", "b", 8, 0, 0),
        ]
    )
    assert mentions_cause(fall, "b", "2026-02", "2026-01", set()) == Cause("theme", "a", 18 / 15)
    assert mentions_cause(fall, "b", "2026-02", "2026-01", {"b"}) != Cause("crisis")
    rise = _themes([("2026-01", "a", 5, 0, 1), ("2026-02", "a", 5, 0, 6)])
    assert sentiment_cause(rise, "b", "2026-02", "2026-01", {"b"}, falling=True) == Cause("crisis")
    assert sentiment_cause(rise, "b", "2026-02", "2026-01", set(), falling=True) == Cause(
        "theme", "a", 1.0
    )


def test_date_ranges_are_written_the_french_way() -> None:
    from datetime import date

    assert fmt.day_range(date(2026, 8, 11), date(2026, 8, 15)) == "du 11 au 15 août 2026"
    assert fmt.day_range(date(2026, 7, 28), date(2026, 8, 1)) == "du 28 juillet au 1er août 2026"
    assert fmt.day_range(date(2026, 8, 12), date(2026, 8, 12)) == "le 12 août 2026"
    assert (
        fmt.day_range(date(2026, 12, 28), date(2027, 1, 3), "en")
        == "from 28 December 2026 to 3 January 2027"
    )
