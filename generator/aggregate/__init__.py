"""Aggregate: the numbers an executive acts on and the people a community manager thanks.

`compute(mentions, config)` turns the mentions frame (one row per post and brand, see
ARCHITECTURE.md) into an `Observatory`: pure pandas, no I/O, every parameter exposed in
`Observatory.params` for the methodology page. Raw author names never leave this package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

import pandas as pd

from generator import placeholders
from generator.aggregate import ambassadors, crisis, metrics
from generator.aggregate import daily as timeline
from generator.aggregate import index as reputation
from generator.aggregate.months import month_number
from generator.aggregate.origin import EARNED, origins
from generator.aggregate.posts import EXCERPT_LENGTH, POST_DICT_KEYS, brand_handles, post_quotes
from generator.aggregate.privacy import DISPLAY_LENGTH, Privacy
from generator.config import Config
from generator.names import author_keys
from generator.records import Crisis, Quote

__all__ = ["Observatory", "compute", "prepare"]

TOP_POSTS = 3
TERMS_PER_GROUP = 10
TERMS_MAX_TEXTS = 50  # most engaged texts per (brand, month) fed to the TF-IDF
TOP_POST_COLUMNS = [
    "sector",
    "brand",
    "month",
    "polarity",
    "rank",
    *POST_DICT_KEYS,
]
TERM_COLUMNS = ["sector", "brand", "month", "term", "weight"]
UNTRUSTED_TEXT = ("title", "text", "author", "source")


@dataclass
class Observatory:
    """Everything render needs; field by field in ARCHITECTURE.md ("Aggregate outputs")."""

    months: list[str]
    monthly: pd.DataFrame
    sector_monthly: pd.DataFrame
    themes: pd.DataFrame
    sources: pd.DataFrame
    terms: pd.DataFrame
    crises: list[Crisis]
    authors: pd.DataFrame
    top_posts: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)
    # Timelines (aggregate/daily.py): per brand and local day, and per ISO week.
    daily: pd.DataFrame = field(default_factory=timeline.empty_daily)
    weekly: pd.DataFrame = field(default_factory=timeline.empty_weekly)


def params() -> dict[str, Any]:
    """Every methodology parameter, as published on the methodology page."""
    return {
        **reputation.params(),
        **crisis.params(),
        **ambassadors.params(),
        "top_posts": TOP_POSTS,
        "excerpt_length": EXCERPT_LENGTH,
        "pseudonym_hex_digits": DISPLAY_LENGTH,
        "pseudonym_hash": "HMAC-SHA256",
        "net_sentiment_convention": "(P-N)/(P+N)",
        "net_sentiment_pct_convention": "%P-%N",
        "engagement_fields": ["comments", "replies", "likes", "rating_count"],
        "terms_per_group": TERMS_PER_GROUP,
        "terms_max_texts": TERMS_MAX_TEXTS,
    }


def current_month(config: Config, as_of: datetime | None = None) -> str:
    """`YYYY-MM` of `as_of` (default: now) in the site's time zone."""
    moment = pd.Timestamp(as_of or datetime.now(UTC))
    moment = moment.tz_localize(UTC) if moment.tzinfo is None else moment
    return moment.tz_convert(config.site.timezone).strftime("%Y-%m")


def prepare(
    mentions: pd.DataFrame, config: Config, privacy: Privacy, as_of: datetime | None = None
) -> pd.DataFrame:
    """Drop excluded authors and months after `as_of`; add the columns every aggregate uses.

    No report is ever made for a month that has not begun: a post the collector could not
    date truthfully was already given its fetch time, and this guards stored data too.
    """
    frame = privacy.drop_excluded(mentions)
    frame = frame[frame["month"] <= current_month(config, as_of)]
    frame = frame.assign(  # collected text cannot carry a placeholder (see placeholders.strip)
        **{c: frame[c].map(placeholders.strip, na_action="ignore") for c in UNTRUSTED_TEXT}
    )
    sentiment = frame["sentiment"]
    published = pd.to_datetime(frame["published"], utc=True)
    local = published.dt.tz_convert(config.site.timezone).dt.tz_localize(None)
    return frame.assign(
        published=published,
        akey=author_keys(frame["author"].fillna("")),
        is_pos=(sentiment == "positive").astype("int8"),
        is_neu=(sentiment == "neutral").astype("int8"),
        is_neg=(sentiment == "negative").astype("int8"),
        detracts=frame["advises_against"].astype(bool) | frame["intends_to_leave"].astype(bool),
        recommends=frame["recommends"].astype(bool),
        n=month_number(frame["month"]) if len(frame) else pd.Series(dtype=int),
        day=local.dt.normalize(),
        origin=origins(frame, privacy, config),
    )


def compute(
    mentions: pd.DataFrame,
    config: Config,
    *,
    staff: Mapping[str, Iterable[str]] | None = None,
    as_of: datetime | None = None,
) -> Observatory:
    """All aggregates of the observatory from the mentions frame (pure: no I/O).

    `staff` (brand slug -> author names) adds staff accounts to the configuration's, e.g.
    `generator.analyse.pipeline.staff_authors(config)` which includes the corrections file.
    `as_of` (default: now) is the build date: months after it are left out.
    """
    privacy = Privacy(config, staff)
    frame = prepare(mentions, config, privacy, as_of)
    privacy.learn_names(frame["author"].unique())
    months = sorted(frame["month"].unique().tolist())
    handles = brand_handles(config.brands)

    def to_quotes(
        rows: pd.DataFrame, shown_as: list[tuple[str, bool]] | None = None
    ) -> list[Quote]:
        return post_quotes(rows, privacy, handles, shown_as)

    # The public's voice: paid and owned mentions are counted apart (see aggregate/origin.py).
    earned = frame[frame["origin"] == EARNED]
    brand_monthly = metrics.with_paid_and_owned(metrics.monthly(earned, config, months), frame)
    days = timeline.daily(earned, config, months)
    return Observatory(
        months=months,
        monthly=brand_monthly,
        sector_monthly=metrics.sector_monthly(earned, brand_monthly),
        themes=metrics.themes(earned),
        sources=metrics.sources(earned),
        terms=terms(in_language(earned, config.site.language), excluded_words(config, privacy)),
        crises=crisis.detect(earned, to_quotes),
        authors=ambassadors.classify_authors(frame, privacy, months, to_quotes),
        top_posts=top_posts(earned, to_quotes),
        daily=days,
        weekly=timeline.weekly(days),
        params=params(),
    )


def top_posts(
    frame: pd.DataFrame, to_quotes: Callable[[pd.DataFrame], list[Quote]]
) -> pd.DataFrame:
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


def in_language(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """The posts in the site's language: a French page lists French terms (posts without a
    detected language are kept)."""
    if "language" not in frame.columns:
        return frame
    return frame[frame["language"].isna() | (frame["language"] == language)]


def excluded_words(config: Config, privacy: Privacy) -> list[str]:
    """Words a term may not contain: brand names (every brand's posts say them) and the
    corpus's author names (private persons)."""
    brand_words = [b.name for b in config.brands] + [a for b in config.brands for a in b.aliases]
    brand_words += [b.slug for b in config.brands]
    return brand_words + sorted(privacy.corpus_names)


def terms(frame: pd.DataFrame, exclude: Iterable[str] = ()) -> pd.DataFrame:
    """Most distinctive terms per (brand, month), written as the posts wrote them."""
    from generator.analyse.terms import distinctive_terms, surface_forms

    if frame.empty:
        return pd.DataFrame(columns=TERM_COLUMNS)
    # Ties broken by the posts themselves, never by post_id: ids follow the order in which
    # collection finished each source, which varies from one run (or database) to the next.
    ranked = frame.sort_values(
        ["engagement", "published", "title", "text", "post_id"],
        ascending=[False, True, True, True, True],
    )
    ranked = ranked.groupby(["sector", "brand", "month"], sort=False).head(TERMS_MAX_TEXTS)
    texts = (ranked["title"] + " " + ranked["text"]).str.strip()
    groups = texts.groupby([ranked["sector"], ranked["brand"], ranked["month"]]).agg(list)
    result = distinctive_terms(groups.to_dict(), top=TERMS_PER_GROUP, exclude=exclude)
    forms = surface_forms(texts)
    keys = {key: cast(tuple[str, str, str], key) for key in result}  # (sector, brand, month)
    rows = [
        (*keys[key], " ".join(forms.get(w, w) for w in str(term).split()), float(weight))
        for key, items in result.items()
        for term, weight in list(items)[:TERMS_PER_GROUP]
    ]
    return pd.DataFrame(rows, columns=TERM_COLUMNS)
