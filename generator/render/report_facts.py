"""The facts a monthly report states, picked from the Observatory before any word is written.

Picking is separate from wording (render/summary.py) so each rule can be tested on numbers:
a change is only called a movement when both months have enough mentions to mean something,
a cause is only given when one theme or the crisis explains most of the change, and every
recommendation points at a count that justifies it.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import pandas as pd

from generator.aggregate import Observatory
from generator.records import Crisis

CAUSE_SHARE = 0.5  # a theme "explains" a change when it carries at least half of it
MIN_THEME_NEGATIVES = 3  # a theme worth answering: at least this many negative mentions
MIN_SOURCE_NEGATIVES = 5  # a source worth watching: at least this many negative mentions...
SOURCE_NEGATIVE_SHARE = 0.4  # ...and this share of the brand's negative mentions
MIN_SENTIMENT_MOVE = 0.2  # net sentiment moves on a -1..+1 scale: smaller is not news
SIGNIFICANT_Z = 2.0  # a change is news when it spans two standard errors or more


@dataclass(frozen=True, slots=True)
class Cause:
    """Why a movement happened, when the data can say it."""

    kind: Literal["crisis", "after_crisis", "theme"]
    theme: str = ""  # theme slug when kind == "theme"
    share: float = 0.0  # the part of the change it carries


@dataclass(frozen=True, slots=True)
class Movement:
    """The largest change of the month among brands with enough mentions in both months."""

    brand: str
    metric: Literal["mentions", "net_sentiment"]
    before: float
    now: float
    relative: float  # relative change of mentions; the difference for net sentiment
    cause: Cause | None
    small_sample: bool  # then the words give counts, not a percentage


@dataclass(frozen=True, slots=True)
class Leader:
    brand: str
    score: float
    runner_up: str | None
    runner_up_score: float
    kept: bool  # also led the month before


@dataclass(frozen=True, slots=True)
class ThemeToAnswer:
    brand: str
    theme: str
    negatives: int


@dataclass(frozen=True, slots=True)
class SourceToWatch:
    brand: str
    source: str
    negatives: int
    share: float


@dataclass(frozen=True, slots=True)
class PersonToThank:
    brand: str
    display_name: str
    klass: Literal["ambassador", "convert"]
    recommendations: int


@dataclass(frozen=True, slots=True)
class PaidMentions:
    brand: str
    mentions: int
    engagement: float


@dataclass(frozen=True, slots=True)
class CareFact:
    """A brand's customer care in public this month (aggregate/care.py)."""

    brand: str
    requests: int
    answered_share: float  # NaN without requests
    median_hours: float  # NaN when the brand answered none
    unanswered: int  # requests nobody but their author replied to


@dataclass(frozen=True, slots=True)
class MonthFacts:
    month: str
    previous: str | None
    total: int
    total_before: int | None
    crises: list[Crisis]
    owned_during_crisis: dict[str, int]  # brand -> posts of its own accounts that month
    movement: Movement | None
    small_samples: list[str]  # brands below the sample threshold this month or the one before
    paid: list[PaidMentions]
    leader: Leader | None
    themes_to_answer: list[ThemeToAnswer]
    sources_to_watch: list[SourceToWatch]
    people_to_thank: list[PersonToThank]
    # Customer care: how each crisis brand answered in public; the brands leaving the most
    # requests unanswered (at least UNANSWERED_TO_ACT, most first, at most two).
    care_in_crisis: list[CareFact] = field(default_factory=list)
    unanswered: list[CareFact] = field(default_factory=list)


UNANSWERED_TO_ACT = 3


def care_facts(care: pd.DataFrame, month: str) -> list[CareFact]:
    """Every brand's care of the month that received requests."""
    rows = records(care[(care["month"] == month) & (care["requests"] > 0)]) if len(care) else []
    return [
        CareFact(
            brand=str(r["brand"]),
            requests=int(r["requests"]),
            answered_share=float(r["brand_answered_share"]),
            median_hours=float(r["reply_median_hours"]),
            unanswered=round(float(r["unanswered_share"]) * int(r["requests"])),
        )
        for r in rows
    ]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts keyed by column name (the frames of the contract have string columns)."""
    return cast(list[dict[str, Any]], frame.to_dict("records"))


def previous_month(months: list[str], month: str) -> str | None:
    if month not in months or months.index(month) == 0:
        return None
    return months[months.index(month) - 1]


def small_sample(mentions: float, before: float | None, min_mentions: int) -> bool:
    """True when this month (or the month compared with) has too few mentions to compare."""
    return mentions < min_mentions or (before is not None and before < min_mentions)


def month_facts(observatory: Observatory, month: str, min_mentions: int) -> MonthFacts:
    months = list(observatory.months)
    previous = previous_month(months, month)
    monthly = observatory.monthly
    current = monthly[monthly["month"] == month]
    before = monthly[monthly["month"] == previous] if previous else monthly.iloc[0:0]
    crises = [c for c in observatory.crises if c.month == month]
    crisis_brands = {c.brand for c in crises}
    crisis_before = {c.brand for c in observatory.crises if c.month == previous}
    total_before = int(before["mentions"].sum()) if previous else None
    care = care_facts(observatory.care, month)
    small = [
        str(r["brand"])
        for r in records(current)
        if small_sample(r["mentions"], _before(r) if previous else None, min_mentions)
    ]
    owned = {
        str(r["brand"]): int(r["owned_mentions"])
        for r in records(current)
        if r["brand"] in crisis_brands and r.get("owned_mentions", 0)
    }
    return MonthFacts(
        month=month,
        previous=previous,
        total=int(current["mentions"].sum()),
        total_before=total_before or None,
        crises=crises,
        owned_during_crisis=owned,
        movement=biggest_movement(
            observatory, month, previous, min_mentions, crisis_brands, crisis_before
        ),
        small_samples=small,
        paid=[
            PaidMentions(str(r["brand"]), int(r["paid_mentions"]), float(r["paid_engagement"]))
            for r in records(current)
            if r.get("paid_mentions", 0)
        ],
        leader=leader(current, before),
        themes_to_answer=themes_to_answer(observatory.themes, month, crisis_brands),
        sources_to_watch=sources_to_watch(observatory.sources, month),
        people_to_thank=people_to_thank(observatory.authors, month),
        care_in_crisis=[c for c in care if c.brand in crisis_brands],
        unanswered=sorted(
            (c for c in care if c.unanswered >= UNANSWERED_TO_ACT),
            key=lambda c: (-c.unanswered, c.brand),
        )[:2],
    )


def _before(row: Mapping[str, Any]) -> float:
    """The previous month's mentions of a monthly row (its delta column holds the difference)."""
    change = row.get("mentions_mom")
    return float("nan") if change is None or pd.isna(change) else row["mentions"] - change


def mentions_z(before: float, now: float) -> float:
    """How unusual a change of counts is, in standard deviations (two Poisson counts)."""
    return abs(now - before) / math.sqrt(now + before) if now + before > 0 else 0.0


def sentiment_z(row: Mapping[str, Any], prior: Mapping[str, Any]) -> float:
    """How unusual a change of net sentiment is: the difference over its standard error
    (net = 2p - 1 has variance 4p(1-p)/n on n opinions; half a count smooths p away from 0/1)."""

    def variance(r: Mapping[str, Any]) -> float:
        n = float(r["positive"] + r["negative"])
        p = (float(r["positive"]) + 0.5) / (n + 1.0)
        return 4 * p * (1 - p) / (n + 1.0)

    change = float(row["net_sentiment"]) - float(prior["net_sentiment"])
    return abs(change) / math.sqrt(variance(row) + variance(prior))


def biggest_movement(
    observatory: Observatory,
    month: str,
    previous: str | None,
    min_mentions: int,
    crisis_brands: set[str],
    crisis_before: Collection[str] = (),
) -> Movement | None:
    """The most significant change of mentions or net sentiment, if any is significant.

    Changes compare by how many standard errors they span, so a jump from 15 to 70 mentions
    counts (it is far beyond chance) while +4 on 13 does not; net sentiment also has to move
    by MIN_SENTIMENT_MOVE at least. Small samples still qualify: the words then give the
    counts, never a percentage.
    """
    if previous is None:
        return None
    monthly = observatory.monthly
    prior_rows = monthly[monthly["month"] == previous].set_index("brand")
    best: tuple[float, Movement] | None = None
    for row in records(monthly[monthly["month"] == month]):
        brand = str(row["brand"])
        if brand not in prior_rows.index:
            continue
        prior = cast(dict[str, Any], prior_rows.loc[brand].to_dict())
        before, now = float(prior["mentions"]), float(row["mentions"])
        small = small_sample(now, before, min_mentions)
        candidates: list[tuple[float, Movement]] = []
        if before > 0:
            cause = mentions_cause(observatory.themes, brand, month, previous, crisis_brands)
            if now < before and brand in crisis_before:
                cause = Cause("after_crisis")
            rel = (now - before) / before
            move = Movement(brand, "mentions", before, now, rel, cause, small)
            candidates.append((mentions_z(before, now), move))
        change = float(row["net_sentiment"]) - float(prior["net_sentiment"])
        opinions = row["positive"] + row["negative"]
        prior_opinions = prior["positive"] + prior["negative"]
        if abs(change) >= MIN_SENTIMENT_MOVE and opinions and prior_opinions:
            cause = sentiment_cause(
                observatory.themes, brand, month, previous, crisis_brands, falling=change < 0
            )
            before_net, now_net = float(prior["net_sentiment"]), float(row["net_sentiment"])
            move = Movement(brand, "net_sentiment", before_net, now_net, change, cause, small)
            candidates.append((sentiment_z(row, prior), move))
        for z, move in candidates:
            if z >= SIGNIFICANT_Z and (best is None or z > best[0]):
                best = (z, move)
    return best[1] if best else None


def _theme_counts(themes: pd.DataFrame, brand: str, month: str, column: str) -> pd.Series:
    mine = themes[(themes["brand"] == brand) & (themes["month"] == month)]
    return mine.set_index("theme")[column].astype(float)


def _dominant(change_by_theme: pd.Series, total_change: float) -> Cause | None:
    """The theme carrying at least CAUSE_SHARE of a change, in the change's direction."""
    if total_change == 0 or change_by_theme.empty:
        return None
    aligned = change_by_theme * (1 if total_change > 0 else -1)
    theme = str(aligned.idxmax())
    share = float(aligned.max()) / abs(total_change)
    return Cause("theme", theme, share) if share >= CAUSE_SHARE else None


def mentions_cause(
    themes: pd.DataFrame, brand: str, month: str, previous: str, crisis_brands: set[str]
) -> Cause | None:
    """A crisis explains a rise of its brand's mentions; otherwise the one theme whose change
    carries most of the change, or nothing (a theme tagged on a few posts explains nothing)."""
    now = _theme_counts(themes, brand, month, "mentions")
    before = _theme_counts(themes, brand, previous, "mentions")
    change = now.sub(before, fill_value=0.0)
    monthly_change = float(now.sum() - before.sum())
    if brand in crisis_brands and monthly_change > 0:
        return Cause("crisis")
    return _dominant(change, monthly_change)


def sentiment_cause(
    themes: pd.DataFrame,
    brand: str,
    month: str,
    previous: str,
    crisis_brands: set[str],
    *,
    falling: bool,
) -> Cause | None:
    """A fall: the crisis, or the theme that brought most of the new negative mentions; a rise:
    the theme that brought most of the new positive ones."""
    if falling and brand in crisis_brands:
        return Cause("crisis")
    column = "negative" if falling else "positive"
    now = _theme_counts(themes, brand, month, column)
    before = _theme_counts(themes, brand, previous, column)
    change = now.sub(before, fill_value=0.0)
    grown = float(change[change > 0].sum())
    return _dominant(change, grown) if grown > 0 else None


def leader(current: pd.DataFrame, before: pd.DataFrame) -> Leader | None:
    if current.empty:
        return None
    ranked = current.sort_values(["reputation_index", "brand"], ascending=[False, True])
    first = ranked.iloc[0]
    second = ranked.iloc[1] if len(ranked) > 1 else None
    kept = False
    if not before.empty:
        prior = before.sort_values(["reputation_index", "brand"], ascending=[False, True])
        kept = prior.iloc[0]["brand"] == first["brand"]
    return Leader(
        brand=str(first["brand"]),
        score=float(first["reputation_index"]),
        runner_up=None if second is None else str(second["brand"]),
        runner_up_score=0.0 if second is None else float(second["reputation_index"]),
        kept=kept,
    )


def themes_to_answer(
    themes: pd.DataFrame, month: str, skip_brands: set[str], limit: int = 2
) -> list[ThemeToAnswer]:
    """The themes drawing the most criticism, one per brand (brands in crisis have their own
    recommendation)."""
    rows = themes[(themes["month"] == month) & (themes["negative"] >= MIN_THEME_NEGATIVES)]
    rows = rows[(rows["net_sentiment"] < 0) & ~rows["brand"].isin(skip_brands)]
    rows = rows.sort_values(["negative", "brand", "theme"], ascending=[False, True, True])
    rows = rows.drop_duplicates("brand").head(limit)
    return [
        ThemeToAnswer(str(r["brand"]), str(r["theme"]), int(r["negative"])) for r in records(rows)
    ]


def sources_to_watch(sources: pd.DataFrame, month: str, limit: int = 1) -> list[SourceToWatch]:
    """A source concentrating a brand's criticism: where an answer is read by most critics."""
    rows = sources[sources["month"] == month]
    if rows.empty:
        return []
    negatives = rows.groupby("brand")["negative"].transform("sum")
    rows = rows.assign(share=rows["negative"] / negatives.where(negatives > 0))
    rows = rows[
        (rows["negative"] >= MIN_SOURCE_NEGATIVES) & (rows["share"] >= SOURCE_NEGATIVE_SHARE)
    ]
    rows = rows.sort_values(["negative", "brand", "source"], ascending=[False, True, True])
    return [
        SourceToWatch(str(r["brand"]), str(r["source"]), int(r["negative"]), float(r["share"]))
        for r in rows.head(limit).to_dict("records")
    ]


def people_to_thank(authors: pd.DataFrame, month: str, limit: int = 2) -> list[PersonToThank]:
    """The spotlighted ambassadors (or, failing them, the won-back customers) of the month."""
    mine = authors[(authors["month"] == month) & authors["klass"].isin(["ambassador", "convert"])]
    if mine.empty:
        return []
    order = mine.assign(is_amb=mine["klass"] == "ambassador")
    keys = ["is_amb", "recommendations", "posts", "display_name"]
    if "spotlight" in order.columns:  # the people the report itself puts forward come first
        keys.insert(1, "spotlight")
    order = order.sort_values(keys, ascending=[k == "display_name" for k in keys])
    return [
        PersonToThank(
            str(r["brand"]),
            str(r["display_name"]),
            "ambassador" if r["klass"] == "ambassador" else "convert",
            int(r["recommendations"] or 0),
        )
        for r in order.drop_duplicates("brand").head(limit).to_dict("records")
    ]
