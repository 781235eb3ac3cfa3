"""One month at a time: a month's aggregates read only the posts around that month.

Why: a build's memory must not grow with the history a store holds, and a build must
recompute only the months whose posts changed. Every output row of month M depends on:
- the mentions of months M-2..M: the ambassador window (WINDOW_MONTHS) and, with them, about
  sixty days of crisis baseline (the rule needs 14 and looks back 28);
- the mentions of M+1: a crisis that starts in M is followed to its end, and the daily
  timeline runs to the end of M when later posts exist;
- the detractor posts of M-5..M-3: a convert's last detraction (CONVERT_LOOKBACK_MONTHS);
- for customer care, the posts of M-2..M+1 that name no brand but sit in a thread (context
  rows: a peer's answer, a customer's thanks): conversations started in M are followed to
  the end of M+1.
So `aggregate_month` is a pure function of that `MonthWindow`; what spans months
(month-on-month and year-on-year deltas, the weekly timeline, the spotlight rotation) is
derived afterwards from the months' aggregates alone (`assemble`). The names a quote masks
and the journalists are those of the window too: the people around the month.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from generator.aggregate import ambassadors, care, conversations, crisis, distinctive, metrics
from generator.aggregate import daily as timeline
from generator.aggregate.conversations import CONTEXT_BRAND
from generator.aggregate.months import month_number, month_range, shift_month
from generator.aggregate.observatory import Observatory
from generator.aggregate.origin import EARNED, OWNED
from generator.aggregate.posts import POST_DICT_KEYS, brand_handles, post_quotes
from generator.aggregate.privacy import Privacy, author_hash
from generator.config import Config
from generator.records import Crisis, Quote

TOP_POSTS = 3
FULL_BEFORE = ambassadors.WINDOW_MONTHS - 1
FULL_AFTER = 1
DETRACTIONS_BEFORE = ambassadors.CONVERT_LOOKBACK_MONTHS - 1
TOP_POST_COLUMNS = ["sector", "brand", "month", "polarity", "rank", *POST_DICT_KEYS]


@dataclass(frozen=True, slots=True)
class WindowMonths:
    """The months a month's aggregates read: all mentions of `first`..`last`, and the
    detractor posts of `first_detraction`..the month before `first`."""

    first: str
    last: str
    first_detraction: str

    def all(self) -> tuple[str, str]:
        return self.first_detraction, self.last


def window_months(month: str) -> WindowMonths:
    return WindowMonths(
        first=shift_month(month, -FULL_BEFORE),
        last=shift_month(month, FULL_AFTER),
        first_detraction=shift_month(month, -DETRACTIONS_BEFORE),
    )


def months_reading(month: str) -> list[str]:
    """Every month whose posts can change month's aggregates (what invalidates them)."""
    span = window_months(month)
    return month_range(span.first_detraction, span.last)


@dataclass(frozen=True, slots=True, eq=False)
class MonthWindow:
    """Prepared mention rows (see `aggregate.prepare`) a month's aggregates read."""

    month: str
    frame: pd.DataFrame  # every mention of window_months(month).first .. .last
    detractions: pd.DataFrame  # detractor mentions of the months before (convert lookback)
    # Posts of the same months that name no brand but sit in a thread (brand CONTEXT_BRAND).
    context: pd.DataFrame | None = None


def detractor_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Negative posts advising against the brand or leaving it: all a convert's history needs."""
    return frame[(frame["is_neg"] == 1) & frame["detracts"].astype(bool)]


def slice_window(frame: pd.DataFrame, month: str) -> MonthWindow:
    """Month's window cut from a prepared frame holding (at least) all the months it reads."""
    span = window_months(month)
    numbers = frame["n"].to_numpy()
    first, last, first_detraction = month_number(
        pd.Index([span.first, span.last, span.first_detraction])
    )
    context = (frame["brand"] == CONTEXT_BRAND).to_numpy()
    full = (numbers >= first) & (numbers <= last)
    before = frame[(numbers >= first_detraction) & (numbers < first) & ~context]
    return MonthWindow(month, frame[full & ~context], detractor_rows(before), frame[full & context])


@dataclass(frozen=True, slots=True, eq=False)
class MonthAggregates:
    """One month's rows of every `Observatory` frame (month-on-month deltas and the spotlight
    are `assemble`'s: they compare months)."""

    month: str
    monthly: pd.DataFrame
    sector_monthly: pd.DataFrame
    themes: pd.DataFrame
    sources: pd.DataFrame
    terms: pd.DataFrame
    crises: tuple[Crisis, ...]
    authors: pd.DataFrame
    top_posts: pd.DataFrame
    daily: pd.DataFrame
    care: pd.DataFrame  # customer-care KPIs per brand (care.CARE_COLUMNS)
    care_delays: pd.DataFrame  # requests per response-time bucket (care.DELAY_COLUMNS)
    care_examples: pd.DataFrame  # fastest and slowest answers quoted (care.EXAMPLE_COLUMNS)
    care_helpers: pd.DataFrame  # the community's best helpers (care.HELPER_COLUMNS)


def aggregate_month(window: MonthWindow, config: Config, privacy: Privacy) -> MonthAggregates:
    """Every aggregate of one month from its window (pure, apart from `privacy` learning the
    window's names so quotes mask them)."""
    month = window.month
    frame = window.frame
    privacy.learn_names(frame["author"].unique())
    to_quotes = quote_maker(config, privacy)

    in_month = (frame["month"] == month).to_numpy()
    this_month = frame[in_month]
    # The public's voice: paid and owned mentions are counted apart (see aggregate/origin.py).
    earned_rows = (frame["origin"] == EARNED).to_numpy()
    earned = frame[in_month & earned_rows]
    brand_monthly = metrics.with_paid_and_owned(
        metrics.monthly(earned, config, [month], deltas=False), this_month
    )
    del this_month
    # The window is the largest thing a build holds: the copies cut from it are made one at
    # a time and dropped once used, so a month never holds several (peak memory of a build).
    last_day = frame["day"][earned_rows].max() if earned_rows.any() else None
    journalists = ambassadors.journalist_keys(frame) | ambassadors.journalist_keys(
        window.detractions
    )
    up_to_month = frame["n"].to_numpy() <= month_number(pd.Index([month]))[0]
    people = concat([window.detractions, frame[up_to_month]], list(frame.columns))
    authors = ambassadors.classify_authors(
        people, privacy, [month], to_quotes, journalists=journalists
    )
    del people
    crises = month_crises(window, to_quotes)
    care_parts = month_care(window, config, privacy, to_quotes)
    return MonthAggregates(
        month=month,
        monthly=brand_monthly,
        sector_monthly=metrics.sector_monthly(earned, brand_monthly),
        themes=metrics.themes(earned),
        sources=metrics.sources(earned),
        terms=distinctive.terms(
            distinctive.in_language(earned, config.site.language),
            distinctive.excluded_words(config, privacy),
        ),
        crises=crises,
        authors=authors,
        top_posts=top_posts(earned, to_quotes),
        daily=timeline.daily(earned, config, [month], last_day=last_day),
        **care_parts,
    )


def month_care(
    window: MonthWindow, config: Config, privacy: Privacy, to_quotes: ambassadors.PostQuotes
) -> dict[str, pd.DataFrame]:
    """The customer-care aggregates of the conversations started in the window's month
    (aggregate/care.py), followed through the window's next month."""
    month = window.month
    parts = [f for f in (window.frame, window.context) if f is not None and len(f)]
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else window.frame
    details = conversations.conversation_details(
        frame, privacy.staff, months=[month], observable_only=True
    )
    facts = details.facts
    targets = {b.slug: b.care for b in config.brands}
    owned = care.own_sources(config.source_brands())
    return {
        "care": care.care_kpis(facts, owned, targets),
        "care_delays": care.care_delays(facts),
        "care_examples": care_examples(frame, facts, details.replies, to_quotes),
        "care_helpers": care_helpers(facts, details.replies, privacy),
    }


def care_examples(
    frame: pd.DataFrame,
    facts: pd.DataFrame,
    replies: pd.DataFrame,
    to_quotes: ambassadors.PostQuotes,
) -> pd.DataFrame:
    """The fastest and slowest answered requests, each quoted as (the customer's post, the
    brand's first reply)."""
    chosen = care.answered_examples(facts)
    if chosen.empty:
        return pd.DataFrame(columns=care.EXAMPLE_COLUMNS)
    answers = care.first_brand_replies(replies)
    chosen = chosen.merge(answers, on=["conversation", "brand"], how="left")
    by_post = frame.drop_duplicates("post_id").set_index("post_id")
    by_pair = frame.set_index(["post_id", "brand"])
    quotes = []
    for conversation, brand, answer_id in zip(
        chosen["conversation"], chosen["brand"].astype(str), chosen["post_id"], strict=True
    ):
        starter = by_pair.loc[[(conversation, brand)]].reset_index()
        answer = by_post.loc[[answer_id]].reset_index().assign(brand=brand, origin=OWNED)
        quotes.append(tuple(to_quotes(pd.concat([starter, answer], ignore_index=True))))
    chosen["quotes"] = pd.Series(quotes, index=chosen.index, dtype=object)
    return chosen[care.EXAMPLE_COLUMNS]


def care_helpers(facts: pd.DataFrame, replies: pd.DataFrame, privacy: Privacy) -> pd.DataFrame:
    """The community's best helpers under their public names (pseudonyms by default)."""
    found = care.peer_helpers(facts, replies)
    if found.empty:
        return pd.DataFrame(columns=care.HELPER_COLUMNS)
    people = list(
        zip(
            found["author"].astype(str),
            found["brand"].astype(str),
            found["source_named"].astype(bool),
            strict=True,
        )
    )
    found["author_id"] = [author_hash(a, b, privacy.secret) for a, b, _ in people]
    found["author_display"] = [privacy.display(a, b, bool(n)) for a, b, n in people]
    return found[care.HELPER_COLUMNS]


def month_crises(window: MonthWindow, to_quotes: ambassadors.PostQuotes) -> tuple[Crisis, ...]:
    """The crises that start in the window's month (followed into the next month)."""
    earned = window.frame[window.frame["origin"] == EARNED]
    return tuple(c for c in crisis.detect(earned, to_quotes) if c.month == window.month)


def quote_maker(config: Config, privacy: Privacy) -> ambassadors.PostQuotes:
    """Quotes as the site shows them: names masked, authors under their pseudonyms."""
    handles = brand_handles(config.brands)

    def to_quotes(
        rows: pd.DataFrame, shown_as: list[tuple[str, bool]] | None = None
    ) -> list[Quote]:
        return post_quotes(rows, privacy, handles, shown_as)

    return to_quotes


def top_posts(frame: pd.DataFrame, to_quotes: ambassadors.PostQuotes) -> pd.DataFrame:
    """The TOP_POSTS most engaged positive and negative posts per brand and month.

    Only posts with some engagement qualify: a post nobody reacted to is not "the most
    engaging" of anything, however few posts the month has."""
    polar = frame[((frame["is_pos"] == 1) | (frame["is_neg"] == 1)) & (frame["engagement"] > 0)]
    if polar.empty:
        return pd.DataFrame(columns=TOP_POST_COLUMNS)
    polar = polar.assign(polarity=polar["sentiment"]).sort_values(
        ["sector", "brand", "month", "polarity", "engagement", "audience", "published", "post_id"],
        ascending=[True, True, True, True, False, False, False, True],
    )
    chosen = polar.groupby(["sector", "brand", "month", "polarity"], sort=False).head(TOP_POSTS)
    chosen = chosen.assign(
        rank=chosen.groupby(["sector", "brand", "month", "polarity"], sort=False).cumcount() + 1
    )
    dicts = pd.DataFrame([asdict(q) for q in to_quotes(chosen)], index=chosen.index)
    out = pd.concat([chosen[["sector", "brand", "month", "polarity", "rank"]], dicts], axis=1)
    return out[TOP_POST_COLUMNS].reset_index(drop=True)


def concat(frames: Iterable[pd.DataFrame], columns: Sequence[str]) -> pd.DataFrame:
    """Stack months' frames (an empty month adds nothing; no month gives the empty frame)."""
    parts = [f for f in frames if len(f)]
    if not parts:
        return pd.DataFrame(columns=list(columns))
    return pd.concat(parts, ignore_index=True)


def assemble(parts: Sequence[MonthAggregates], params: dict[str, Any]) -> Observatory:
    """Join months (in month order) and add month-on-month and year-on-year deltas, the
    weekly timeline and the spotlight rotation, which need the months before."""
    parts = sorted(parts, key=lambda p: p.month)
    monthly = concat((p.monthly for p in parts), metrics.MONTHLY_COLUMNS)
    if len(monthly):
        apart = [c for c in monthly.columns if c.startswith(("paid_", "owned_"))]
        with_deltas = metrics.add_deltas(monthly.drop(columns=apart))
        monthly = pd.concat([with_deltas, monthly[apart]], axis=1)
    authors = concat((p.authors for p in parts), ambassadors.AUTHOR_COLUMNS)
    if len(authors):
        authors["spotlight"] = ambassadors.spotlight(authors)
    daily = concat((p.daily for p in parts), timeline.DAILY_COLUMNS)
    care_kpis = care.add_deltas(concat((p.care for p in parts), care.CARE_COLUMNS))
    return Observatory(
        params=params,
        months=[p.month for p in parts],
        monthly=monthly,
        sector_monthly=concat((p.sector_monthly for p in parts), metrics.SECTOR_COLUMNS),
        themes=concat((p.themes for p in parts), metrics.THEME_COLUMNS),
        sources=concat((p.sources for p in parts), metrics.SOURCE_COLUMNS),
        terms=concat((p.terms for p in parts), distinctive.TERM_COLUMNS),
        crises=sorted((c for p in parts for c in p.crises), key=lambda c: (c.start, c.brand)),
        authors=authors,
        top_posts=concat((p.top_posts for p in parts), TOP_POST_COLUMNS),
        daily=daily if len(daily) else timeline.empty_daily(),
        weekly=timeline.weekly(daily) if len(daily) else timeline.empty_weekly(),
        care=care_kpis,
        care_delays=concat((p.care_delays for p in parts), care.DELAY_COLUMNS),
        care_examples=concat((p.care_examples for p in parts), care.EXAMPLE_COLUMNS),
        care_helpers=concat((p.care_helpers for p in parts), care.HELPER_COLUMNS),
    )
