"""KPI tiles and the brand comparison table, as a reader should weigh them.

A change is coloured by what it means for the brand's reputation, not by its direction: more
mentions during a crisis (or while more people complain than praise) is bad news. Colour is
never the only cue: each change carries an arrow, a sign and the words "favourable" or
"unfavourable". Below the configured sample size a change is neither: it is shown as a count
(never a percentage of a handful) and the card says "small sample".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

import pandas as pd

from generator.aggregate import Observatory
from generator.render import formatting as fmt
from generator.render.i18n import N_, Wording
from generator.render.report_facts import (
    SIGNIFICANT_Z,
    mentions_z,
    previous_month,
    records,
    sentiment_z,
    small_sample,
)

Tone = Literal["good", "bad", "neutral"]
DeltaKind = Literal["number", "percent", "points", "index"]


@dataclass(frozen=True, slots=True)
class Kpi:
    column: str
    label: str  # msgid
    delta_column: str
    delta_kind: DeltaKind
    digits: int
    count_delta_column: str | None = None  # the absolute change, shown on small samples
    volume: bool = False  # more of it is good news only when people are not complaining


KPIS = [
    Kpi("mentions", N_("Mentions"), "mentions_mom_rel", "percent", 0, "mentions_mom", True),
    Kpi("sov", N_("Share of voice"), "sov_mom", "points", 1, volume=True),
    Kpi("net_sentiment", N_("Net sentiment"), "net_sentiment_mom", "number", 2),
    Kpi("reputation_index", N_("Reputation index"), "reputation_index_mom", "number", 1),
    Kpi("engagement", N_("Engagement"), "engagement_mom_rel", "percent", 0, "engagement_mom", True),
]
TONE_WORDS = {"good": N_("favourable"), "bad": N_("unfavourable"), "neutral": ""}


def value_text(column: str, value: Any, lang: str) -> str:
    if column == "sov":
        return fmt.percent(value, lang, 1)
    if column == "net_sentiment":
        return fmt.signed(value, lang, 2)
    if column == "reputation_index":
        return fmt.number(value, lang, 1)
    return fmt.compact(value, lang)


def tone(kpi: Kpi, direction: str, *, small: bool, bad_news: bool, significant: bool) -> Tone:
    """Good or bad for the brand's reputation; neutral when flat or missing, and on a small
    sample unless the change is beyond chance (15 to 70 mentions is news on any sample)."""
    if direction not in ("up", "down") or (small and not significant):
        return "neutral"
    rising_is_good = not (kpi.volume and bad_news)
    return "good" if (direction == "up") == rising_is_good else "bad"


def significance(row: Mapping[str, Any], prior: Mapping[str, Any] | None) -> dict[str, bool]:
    """Which changes are beyond chance: volume (and share of voice) by the Poisson rule,
    net sentiment (and the index built on it) by its standard error; engagement never is,
    one viral post moves it."""
    if prior is None:
        return {}
    volume = mentions_z(float(prior["mentions"]), float(row["mentions"])) >= SIGNIFICANT_Z
    opinions = row["positive"] + row["negative"] and prior["positive"] + prior["negative"]
    sentiment = bool(opinions) and sentiment_z(row, prior) >= SIGNIFICANT_Z
    return {
        "mentions": volume,
        "sov": volume,
        "net_sentiment": sentiment,
        "reputation_index": sentiment,
    }


def tiles(
    row: Mapping[str, Any],
    w: Wording,
    *,
    small: bool,
    bad_news: bool,
    prior: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    significant = significance(row, prior)
    out = []
    for kpi in KPIS:
        if small and kpi.count_delta_column:
            delta = fmt.delta(row.get(kpi.count_delta_column), w.lang, "number", 0)
        else:
            delta = fmt.delta(row.get(kpi.delta_column), w.lang, kpi.delta_kind, kpi.digits)
        t = tone(
            kpi,
            delta.direction,
            small=small,
            bad_news=bad_news,
            significant=significant.get(kpi.column, False),
        )
        out.append(
            {
                "key": kpi.column,
                "label": w._(kpi.label),
                "value": value_text(kpi.column, row[kpi.column], w.lang),
                "delta": delta,
                "tone": t,
                "tone_words": w._(TONE_WORDS[t]) if TONE_WORDS[t] else "",
            }
        )
    return out


def kpi_cards(
    observatory: Observatory,
    month: str,
    names: Mapping[str, str],
    w: Wording,
    min_mentions: int,
    brands: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """One card per brand: its five KPIs, their changes, its crisis and sample flags."""
    monthly = observatory.monthly
    current = monthly[monthly["month"] == month]
    if brands is not None:
        current = current[current["brand"].isin(list(brands))]
    crises = {c.brand: c for c in observatory.crises if c.month == month}
    previous = previous_month(list(observatory.months), month)
    priors = monthly[monthly["month"] == previous].set_index("brand") if previous else None
    cards = []
    for row in records(current):
        prior = (
            cast(dict[str, Any], priors.loc[row["brand"]].to_dict())
            if priors is not None and row["brand"] in priors.index
            else None
        )
        before = None if prior is None else float(prior["mentions"])
        small = small_sample(row["mentions"], before, min_mentions)
        crisis = crises.get(row["brand"])
        bad_news = crisis is not None or row["net_sentiment"] < 0
        cards.append(
            {
                "brand": row["brand"],
                "sector": row["sector"],
                "name": names.get(row["brand"], row["brand"]),
                "tiles": tiles(row, w, small=small, bad_news=bad_news, prior=prior),
                "small_sample": small,
                "small_sample_text": _small_text(row["mentions"], before, previous, min_mentions, w)
                if small
                else "",
                "mentions": int(row["mentions"]),
                "min_mentions": min_mentions,
                "crisis": crisis,
                "crisis_period": fmt.day_range(crisis.start, crisis.end, w.lang) if crisis else "",
            }
        )
    return sorted(cards, key=lambda card: card["crisis"] is None)  # a crisis is said first


def _small_text(
    mentions: float, before: float | None, previous: str | None, min_mentions: int, w: Wording
) -> str:
    """Which month is the small one: `Faible échantillon : 13 mentions`, or the month before."""
    if mentions < min_mentions or before is None or previous is None:
        return w.ngettext(
            "Small sample: {count} mention", "Small sample: {count} mentions", int(mentions)
        )
    return w.ngettext(
        "Small sample: {count} mention in {month}",
        "Small sample: {count} mentions in {month}",
        int(before),
        month=fmt.month_label(previous, w.lang),
    )


COMPARED = ["mentions", "sov", "net_sentiment", "reputation_index", "reach", "engagement"]
COLUMN_LABELS = {
    "mentions": N_("Mentions"),
    "sov": N_("Share of voice"),
    "net_sentiment": N_("Net sentiment"),
    "reputation_index": N_("Reputation index"),
    "reach": N_("Reach"),
    "engagement": N_("Engagement"),
}


def comparison(
    observatory: Observatory, sector: str, month: str, names: Mapping[str, str], lang: str
) -> dict[str, Any] | None:
    """Brand x KPI table of one sector and month, with each brand's rank and the sector mean."""
    monthly = observatory.monthly
    rows = monthly[(monthly["sector"] == sector) & (monthly["month"] == month)]
    if rows.empty:
        return None
    rows = rows.sort_values(["reputation_index", "brand"], ascending=[False, True])
    ranks = {c: rows[c].rank(ascending=False, method="min").astype(int).tolist() for c in COMPARED}
    body = []
    for position, row in enumerate(records(rows)):
        cells = []
        for column in COMPARED:
            text = value_text(column, row[column], lang)
            if column == "net_sentiment" and not pd.isna(row.get("net_sentiment_low")):
                interval = (
                    fmt.signed(row["net_sentiment_low"], lang, 2),
                    fmt.signed(row["net_sentiment_high"], lang, 2),
                )
            else:
                interval = None
            rank = ranks[column][position]
            cells.append({"text": text, "rank": fmt.ordinal(rank, lang), "interval": interval})
        body.append(
            {
                "brand": row["brand"],
                "name": names.get(row["brand"], row["brand"]),
                "cells": cells,
                "paid": int(row.get("paid_mentions", 0)),
            }
        )
    means = {c: rows[c].mean() for c in COMPARED}
    return {
        "sector": sector,
        "columns": COMPARED,
        "rows": body,
        "mean": [value_text(c, means[c], lang) for c in COMPARED],
        "brands": len(rows),
    }
