"""The mentions frame: stored (post, brand) rows shaped into what every aggregate reads.

The definitions the methodology page states live here, not in the store: a mention's month
(in the site's time zone), its reach (the author's audience when the feed gives it, else the
source's), its engagement (comments + replies + likes + rating count), the removal of excluded
authors, and the merge of an article syndicated word for word by several sources.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from generator.names import author_key, author_keys
from generator.sanitize import strip_boilerplate

MENTION_COLUMNS = [
    "post_id",
    "sector",
    "brand",
    "published",
    "month",
    "author",
    "source",
    "source_kind",
    "source_named",
    "audience",
    "engagement",
    "views",
    "language",
    "sentiment",
    "score",
    "recommends",
    "advises_against",
    "intends_to_leave",
    "sponsored",
    "asks",  # the post asks something (None: work it out from the text)
    "is_reply",
    "themes",
    "title",
    "url",
    "text",
    "stance",
    # The thread facts conversations are built from (collect/threads.py), "" when unknown;
    # they stay out of the published data (only aggregates are published).
    "guid",
    "reply_to",
    "thread_hint",
]


THREAD_COLUMNS = ("guid", "reply_to", "thread_hint")


def shape_mentions(
    frame: pd.DataFrame, timezone: str, excluded_authors: Iterable[str] = ()
) -> pd.DataFrame:
    """Derive month, reach and engagement columns; drop excluded authors everywhere; merge
    syndicated copies."""
    return merge_syndicated_copies(shape_rows(frame, timezone, excluded_authors))[
        MENTION_COLUMNS
    ].reset_index(drop=True)


def shape_rows(
    frame: pd.DataFrame, timezone: str, excluded_authors: Iterable[str] = ()
) -> pd.DataFrame:
    """What `shape_mentions` does row by row (all but the merge of syndicated copies, which
    compares rows): a build shapes each month's rows once and merges per window."""
    excluded = {author_key(a) for a in excluded_authors}
    frame = frame.copy()
    frame["author"] = frame["author"].fillna("")
    if excluded:
        keys = pd.Series(author_keys(frame["author"]), index=frame.index, dtype=object)
        frame = frame[~keys.isin(excluded)]
    published = pd.to_datetime(frame["published"], utc=True)
    frame["published"] = published
    frame["month"] = published.dt.tz_convert(timezone).dt.strftime("%Y-%m")
    frame["audience"] = frame["author_audience"].fillna(frame["source_audience"]).astype(float)
    engagement_parts = frame[["comments", "replies", "likes", "rating_count"]].fillna(0.0)
    frame["engagement"] = engagement_parts.sum(axis=1).astype(float)
    frame["views"] = frame["views"].fillna(0.0).astype(float)
    for column in ("source_named", "recommends", "advises_against", "intends_to_leave"):
        frame[column] = frame[column].astype(bool)
    for column in ("sponsored", "is_reply"):
        frame[column] = frame[column].astype(bool)
    for column in ("themes", "title", "url", "text"):
        frame[column] = frame[column].fillna("")
    # Posts stored before the collector dropped platform boilerplate still carry it.
    frame["text"] = frame["text"].map(strip_boilerplate)
    frame["stance"] = frame["stance"].fillna("") if "stance" in frame.columns else ""
    frame["asks"] = frame["asks"].astype(object) if "asks" in frame.columns else None
    for column in THREAD_COLUMNS:  # text like `url` whatever the rows (all NULL included)
        values = frame[column].fillna("") if column in frame else pd.Series("", frame.index)
        frame[column] = values.astype(str)
    return with_stances(frame)


LEFT_SCORE = -0.6  # the score a non-negative post gets toward the brand it leaves


def with_stances(frame: pd.DataFrame) -> pd.DataFrame:
    """Sentiment and cues toward each brand of a post that switches brands.

    "Je quitte Fibralis pour Orbis" (analyse found the direction): toward Fibralis the post is
    negative and a departure, whatever its overall tone; toward Orbis it is never negative, nor
    a departure or advice against it, and its recommendation (if any) is not Fibralis'.
    """
    joins = (frame["stance"] == "joins").to_numpy()
    leaves = (frame["stance"] == "leaves").to_numpy()
    if not (joins.any() or leaves.any()):
        return frame
    frame = frame.copy()
    negative = (frame["sentiment"] == "negative").to_numpy()
    score = frame["score"].astype(float)
    frame.loc[joins & negative, "sentiment"] = "neutral"
    frame.loc[joins, "score"] = score[joins].clip(lower=0.0)
    frame.loc[joins, ["intends_to_leave", "advises_against"]] = False
    frame.loc[leaves & ~negative, "sentiment"] = "negative"
    frame.loc[leaves & ~negative, "score"] = LEFT_SCORE
    frame.loc[leaves, "intends_to_leave"] = True
    frame.loc[leaves, "recommends"] = False
    return frame


SYNDICATION_MIN_CHARS = 140


def merge_syndicated_copies(frame: pd.DataFrame) -> pd.DataFrame:
    """One article republished word for word by several sources is one mention.

    The earliest copy is kept and carries the reach and engagement of every copy. Short
    texts are never merged: two people writing the same few words are two voices; nor are
    posts without a content hash (nothing says they are copies).
    """
    if "content_hash" not in frame.columns or frame.empty:
        return frame
    # (a measure nobody knows counts as none, copies or not: what a sum of one unknown gives)
    measures = ("audience", "engagement", "views")
    frame = frame.assign(**{column: frame[column].fillna(0.0) for column in measures})
    hashes = frame["content_hash"]
    long_text = (frame["text"].str.len() >= SYNDICATION_MIN_CHARS).to_numpy() & (
        hashes.notna().to_numpy()
    )
    # Only long texts can be copies: the few rows sharing (hash, brand) are summed, the others
    # (most of a window) are left as they are.
    keys = pd.DataFrame({"hash": hashes[long_text], "brand": frame["brand"][long_text]})
    copied = keys.duplicated(keep=False).to_numpy()
    if not copied.any():
        return frame
    rows = np.flatnonzero(long_text)[copied]
    copies = frame.iloc[rows]
    groups = copies.groupby([copies["content_hash"], copies["brand"]], sort=False)
    sums = {}
    for column in measures:
        values = frame[column].to_numpy(copy=True)
        values[rows] = groups[column].transform("sum").to_numpy()
        sums[column] = values
    frame = frame.assign(**sums)
    later = np.zeros(len(frame), dtype=bool)
    later[rows] = copies[["content_hash", "brand"]].duplicated().to_numpy()
    return frame[~later]
