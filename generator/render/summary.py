"""The written summary of a monthly report, generated from the aggregate's numbers.

Executives read this paragraph and little else, so it says what changed and why: the biggest
movement (and the theme behind it), the crisis if any, the leader, the ambassadors to thank.
Every figure comes from the Observatory frames; nothing is recomputed beyond picking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from generator.aggregate import Observatory
from generator.config import Config
from generator.render import formatting as fmt
from generator.render.i18n import Wording

MIN_BASE = 10  # a relative change on fewer mentions than this is noise, not news


@dataclass(frozen=True, slots=True)
class Summary:
    """Plain-text sentences (escaped by the template): a headline and the points under it."""

    headline: str
    points: list[str] = field(default_factory=list)


def _names(config: Config) -> dict[str, str]:
    return {b.slug: b.name for b in config.brands}


def _theme_names(config: Config) -> dict[str, str]:
    return {t.slug: t.name for s in config.sectors for t in s.themes}


def biggest_movement(current: pd.DataFrame) -> dict[str, Any] | None:
    """The brand row with the largest change: relative volume or net sentiment, whichever
    moved more (both are fractions, so they compare on one scale)."""
    best: dict[str, Any] | None = None
    for row in current.to_dict("records"):
        prev = row["mentions"] - row.get("mentions_mom", float("nan"))
        candidates = []
        if not fmt.is_missing(row.get("mentions_mom_rel")) and prev >= MIN_BASE:
            candidates.append(("mentions", abs(row["mentions_mom_rel"]), row["mentions_mom_rel"]))
        if not fmt.is_missing(row.get("net_sentiment_mom")) and row["mentions"] >= MIN_BASE:
            candidates.append(
                ("net_sentiment", abs(row["net_sentiment_mom"]), row["net_sentiment_mom"])
            )
        for metric, size, change in candidates:
            if best is None or size > best["size"]:
                best = {"row": row, "metric": metric, "size": size, "change": change}
    return best


def _theme_behind(themes: pd.DataFrame, brand: str, month: str, previous: str | None) -> str | None:
    """The theme whose mentions grew most for this brand: the likely 'why'."""
    mine = themes[themes["brand"] == brand]
    now = mine[mine["month"] == month].set_index("theme")["mentions"]
    if now.empty:
        return None
    before = (
        mine[mine["month"] == previous].set_index("theme")["mentions"]
        if previous
        else pd.Series(dtype=float)
    )
    growth = now.sub(before.reindex(now.index).fillna(0))
    if growth.max() <= 0:
        return None
    return str(growth.idxmax())


def build_summary(observatory: Observatory, config: Config, month: str, lang: str) -> Summary:
    """Sentences for one month, in French (or English when configured)."""
    names = _names(config)
    theme_names = _theme_names(config)
    months = list(observatory.months)
    previous = months[months.index(month) - 1] if month in months and months.index(month) else None
    monthly = observatory.monthly
    current = monthly[monthly["month"] == month]
    w = Wording(lang)
    label = fmt.month_label(month, lang)
    points: list[str] = []

    sector_now = observatory.sector_monthly[observatory.sector_monthly["month"] == month]
    total = (
        int(sector_now["mentions"].sum())
        if not sector_now.empty
        else int(current["mentions"].sum())
    )
    headline = w._(
        "In {month}, the observatory counted {mentions} brand mentions.",
        month=label,
        mentions=fmt.number(total, lang),
    )
    if previous is not None:
        before = monthly[monthly["month"] == previous]["mentions"].sum()
        if before > 0:
            d = fmt.delta((total - before) / before, lang, "percent", 1)
            headline += " " + w._(
                "That is {change} on {previous}.",
                change=d.text,
                previous=fmt.month_label(previous, lang),
            )

    move = biggest_movement(current)
    if move is not None:
        row = move["row"]
        brand = names.get(row["brand"], row["brand"])
        if move["metric"] == "mentions":
            d = fmt.delta(move["change"], lang, "percent", 0)
            prev = int(row["mentions"] - row["mentions_mom"])
            text = w._(
                "Biggest movement: mentions of {brand} went {direction} ({change}, {now} "
                "against {before})",
                brand=brand,
                of_brand=w.of(brand),
                direction=d.words,
                change=d.text,
                now=fmt.number(row["mentions"], lang),
                before=fmt.number(prev, lang),
            )
        else:
            d = fmt.delta(move["change"], lang, "number", 2)
            text = w._(
                "Biggest movement: the net sentiment of {brand} went {direction} ({change}, "
                "now {now})",
                brand=brand,
                of_brand=w.of(brand),
                direction=d.words,
                change=d.text,
                now=fmt.number(row["net_sentiment"], lang, 2),
            )
        theme = _theme_behind(observatory.themes, row["brand"], month, previous)
        if theme:
            theme_label = theme_names.get(theme, theme)
            text += w._(", driven by the theme “{theme}”.", theme=theme_label)
        else:
            text += "."
        points.append(text)

    crises = [c for c in observatory.crises if c.month == month]
    for crisis in crises:
        brand = names.get(crisis.brand, crisis.brand)
        themes = ", ".join(theme_names.get(t, t) for t in crisis.themes)
        text = w._(
            "Crisis at {brand} from {start} to {end}: {negatives} negative mentions, peaking on "
            "{peak} ({peak_negatives})",
            brand=brand,
            start=fmt.day_label(crisis.start, lang),
            end=fmt.day_label(crisis.end, lang),
            negatives=fmt.number(crisis.negatives, lang),
            peak=fmt.day_label(crisis.peak_day, lang),
            peak_negatives=fmt.number(crisis.peak_negatives, lang),
        )
        text += w._(", mostly about {themes}.", themes=themes) if themes else "."
        points.append(text)
    if not crises:
        points.append(w._("No crisis detected this month."))

    if not current.empty:
        leader = current.sort_values("reputation_index", ascending=False).iloc[0]
        brand = names.get(leader["brand"], leader["brand"])
        score = fmt.number(leader["reputation_index"], lang, 1)
        points.append(
            w._("{brand} leads the reputation index at {score}/100.", brand=brand, score=score)
        )

    authors = observatory.authors
    amb = authors[(authors["month"] == month) & (authors["klass"] == "ambassador")]
    if not amb.empty:
        amb = amb.sort_values(["recommendations", "posts"], ascending=False).head(5)
        people = ", ".join(
            f"{r['display_name']} ({names.get(r['brand'], r['brand'])})" for _, r in amb.iterrows()
        )
        points.append(w._("Ambassadors to thank: {people}.", people=people))
    return Summary(headline=headline, points=points)
