"""Aggregate: the numbers an executive acts on and the people a community manager thanks.

`compute(mentions, config)` turns the mentions frame (one row per post and brand, see
ARCHITECTURE.md) into an `Observatory`: pure pandas, no I/O, every parameter exposed in
`Observatory.params` for the methodology page. Raw author names never leave this package.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from generator import placeholders
from generator.aggregate import ambassadors, care, crisis, distinctive, monthwise
from generator.aggregate import index as reputation
from generator.aggregate.months import local_month, month_number
from generator.aggregate.observatory import Observatory
from generator.aggregate.origin import origins
from generator.aggregate.posts import EXCERPT_LENGTH
from generator.aggregate.privacy import DISPLAY_LENGTH, Privacy
from generator.config import Config
from generator.names import author_keys

__all__ = ["Observatory", "compute", "observatory", "prepare"]

UNTRUSTED_TEXT = ("title", "text", "author", "source")


def params() -> dict[str, Any]:
    """Every methodology parameter, as published on the methodology page."""
    return {
        **reputation.params(),
        **crisis.params(),
        **ambassadors.params(),
        **care.params(),
        "top_posts": monthwise.TOP_POSTS,
        "excerpt_length": EXCERPT_LENGTH,
        "pseudonym_hex_digits": DISPLAY_LENGTH,
        "pseudonym_hash": "HMAC-SHA256",
        "net_sentiment_convention": "(P-N)/(P+N)",
        "net_sentiment_pct_convention": "%P-%N",
        "engagement_fields": ["comments", "replies", "likes", "rating_count"],
        "terms_per_group": distinctive.TERMS_PER_GROUP,
        "terms_max_texts": distinctive.TERMS_MAX_TEXTS,
        "window_months_before": monthwise.FULL_BEFORE,
        "window_months_after": monthwise.FULL_AFTER,
    }


def current_month(config: Config, as_of: datetime | None = None) -> str:
    """`YYYY-MM` of `as_of` (default: now) in the site's time zone."""
    return local_month(as_of or datetime.now(UTC), config.site.timezone)


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
    frame = frame.assign(akey=author_keys(frame["author"].fillna("")))
    return frame.assign(
        published=published,
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

    Month by month, each month from its window of posts (aggregate/monthwise.py): the same
    computation a build from the store runs on the windows it reads, one month at a time.
    `staff` (brand slug -> author names) adds staff accounts to the configuration's, e.g.
    `generator.analyse.pipeline.staff_authors(config)` which includes the corrections file.
    `as_of` (default: now) is the build date: months after it are left out.
    """
    privacy = Privacy(config, staff)
    frame = prepare(mentions, config, privacy, as_of)
    months = sorted(frame["month"].unique().tolist())
    parts = [
        monthwise.aggregate_month(monthwise.slice_window(frame, month), config, privacy)
        for month in months
    ]
    return observatory(parts)


def observatory(parts: Sequence[monthwise.MonthAggregates]) -> Observatory:
    """The observatory of the months' aggregates (computed now or read back from the store)."""
    return monthwise.assemble(parts, params())
