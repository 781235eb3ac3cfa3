"""Months in the store: the mention rows of a period, how many changes each hour's posts have
seen (the change log), and each month's stored aggregates (the `month_aggregates` table).

A build reads the rows of one month's window at a time (generator/incremental.py), so its
memory follows a month's volume, not the history's; the change log (`post_changes`, kept by
triggers) tells it which months changed since their aggregates were stored, without reading
their posts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Select,
    and_,
    delete,
    exists,
    false,
    func,
    insert,
    literal,
    null,
    or_,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from generator.store.schema import (
    analyses,
    mentions,
    month_aggregates,
    post_changes,
    posts,
    sources,
)
from generator.store.schema import store_identity as store_identity_table

if TYPE_CHECKING:
    import pandas as pd


def mention_select() -> Select[Any]:
    """One row per stored (post, brand): what `aggregate.mentions.shape_mentions` shapes.

    Off-topic posts never leave it, nor undated posts found by a source's first collection:
    their month is unknown, and dating a whole backlog by its fetch time would fake a spike.
    """
    return (
        select(
            posts.c.id.label("post_id"),
            mentions.c.sector,
            mentions.c.brand,
            mentions.c.stance,
            posts.c.published,
            posts.c.author,
            sources.c.name.label("source"),
            sources.c.kind.label("source_kind"),
            sources.c.name_authors.label("source_named"),
            sources.c.audience.label("source_audience"),
            posts.c.author_audience,
            posts.c.comments,
            posts.c.replies,
            posts.c.likes,
            posts.c.rating_count,
            posts.c.views,
            analyses.c.language,
            analyses.c.sentiment,
            analyses.c.score,
            analyses.c.recommends,
            analyses.c.advises_against,
            analyses.c.intends_to_leave,
            analyses.c.sponsored,
            analyses.c.asks,
            posts.c.is_reply,
            analyses.c.themes,
            posts.c.title,
            posts.c.url,
            posts.c.text,
            posts.c.content_hash,
            posts.c.guid,
            posts.c.reply_to,
            posts.c.thread_hint,
        )
        .select_from(_joined())
        .where(analyses.c.off_topic.is_(False), _dated_or_seen_after_first_collection())
    )


def context_select() -> Select[Any]:
    """Posts that name no brand but sit in a thread (a reply, or a post with a conversation
    key), shaped like `mention_select` with brand and sector "": customer care follows a
    conversation through them (a peer's answer, a customer's thanks), nothing else counts them.
    """
    columns = [
        literal("").label("sector")
        if c.name == "sector"
        else literal("").label("brand")
        if c.name == "brand"
        else null().label("stance")
        if c.name == "stance"
        else c
        for c in mention_select().selected_columns
    ]
    unmentioned = ~exists(select(mentions.c.post_id).where(mentions.c.post_id == posts.c.id))
    threaded = (func.coalesce(posts.c.reply_to, "") != "") | (
        func.coalesce(posts.c.thread_hint, "") != ""
    )
    joined = posts.join(sources, sources.c.id == posts.c.source_id).join(
        analyses, analyses.c.post_id == posts.c.id
    )
    return (
        select(*columns)
        .select_from(joined)
        .where(
            analyses.c.off_topic.is_(False),
            _dated_or_seen_after_first_collection(),
            unmentioned,
            threaded,
        )
    )


def _joined() -> Any:
    return (
        mentions.join(posts, posts.c.id == mentions.c.post_id)
        .join(sources, sources.c.id == posts.c.source_id)
        .join(analyses, analyses.c.post_id == posts.c.id)
    )


def _dated_or_seen_after_first_collection() -> Any:
    """An undated post is dated by the collection that first saw it, except in the first one."""
    first_collection = (
        select(func.min(posts.c.fetched_at))
        .where(posts.c.source_id == sources.c.id)
        .correlate(sources)
        .scalar_subquery()
    )
    return posts.c.date_missing.is_(False) | (posts.c.fetched_at > first_collection)


# Measures typed whatever the rows hold (a month whose posts carry no rating count, or an hour
# holding one post, is read with the types of any other: a kept month is patched by hours).
MEASURE_TYPES = {
    column: "float64"
    for column in (
        "source_audience",
        "author_audience",
        "comments",
        "replies",
        "likes",
        "rating_count",
        "views",
        "score",
    )
}


def read_mentions(
    engine: Engine,
    start: datetime | None = None,
    end: datetime | None = None,
    *,
    negative_only: bool = False,
    context: bool = False,
    spans: Sequence[tuple[datetime, datetime]] | None = None,
) -> pd.DataFrame:
    """The mention rows published in [start, end) (naive UTC; None: unbounded), in order.

    `negative_only` keeps the rows that can be a detraction once shaped: negative posts and
    posts leaving the brand (a switch makes them negative toward it). `context` adds the
    threaded posts that name no brand (`context_select`), after the mention rows. `spans`
    (instead of start and end): the rows published in any of these [start, end) spans."""
    import pandas as pd

    query = _published_in(mention_select(), start, end, spans)
    if negative_only:
        query = query.where(or_(analyses.c.sentiment == "negative", mentions.c.stance == "leaves"))
    query = query.order_by(posts.c.published, posts.c.id, mentions.c.brand)
    with engine.connect() as conn:
        rows = pd.read_sql(query, conn, dtype=MEASURE_TYPES)
        if not context:
            return rows
        extra = _published_in(context_select(), start, end, spans)
        extra = extra.order_by(posts.c.published, posts.c.id)
        threaded = pd.read_sql(extra, conn, dtype=MEASURE_TYPES)
    if threaded.empty:
        return rows
    if rows.empty:
        return threaded
    return pd.concat([rows, threaded], ignore_index=True)


def _published_in(
    query: Select[Any],
    start: datetime | None,
    end: datetime | None,
    spans: Sequence[tuple[datetime, datetime]] | None = None,
) -> Select[Any]:
    if spans is not None:
        published = posts.c.published
        return query.where(or_(false(), *(and_(published >= a, published < b) for a, b in spans)))
    if start is not None:
        query = query.where(posts.c.published >= start)
    if end is not None:
        query = query.where(posts.c.published < end)
    return query


def changes_by_hour(engine: Engine) -> dict[str, int]:
    """UTC hour ("YYYY-MM-DD HH") -> how many changes its posts have seen so far (the
    `post_changes` log the triggers keep). A month whose hours' totals are unchanged has the
    same posts, analyses and mentions as when its aggregates were stored."""
    query = select(post_changes.c.bucket, func.sum(post_changes.c.weight)).group_by(
        post_changes.c.bucket
    )
    with engine.connect() as conn:
        return {str(bucket): int(total) for bucket, total in conn.execute(query)}


def log_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(post_changes)).scalar() or 0)


def fold_changes(engine: Engine) -> None:
    """Fold each hour's log rows into one row carrying their total, so the log stays about one
    row per hour while its totals (what `changes_by_hour` returns) stay the same.

    Collectors may be logging changes meanwhile: on PostgreSQL one statement deletes rows and
    re-inserts the sum of exactly the rows it deleted (a concurrent fold deletes none of them
    twice); SQLite has one writer at a time."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "WITH gone AS (DELETE FROM post_changes WHERE bucket IN ("
                "SELECT bucket FROM post_changes GROUP BY bucket HAVING count(*) > 1) "
                "RETURNING bucket, weight) "
                "INSERT INTO post_changes (bucket, weight) "
                "SELECT bucket, sum(weight) FROM gone GROUP BY bucket"
            )
        return
    with engine.begin() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        conn.exec_driver_sql(
            "CREATE TEMP TABLE folded AS SELECT bucket, sum(weight) AS weight "
            "FROM post_changes GROUP BY bucket HAVING count(*) > 1"
        )
        conn.exec_driver_sql(
            "DELETE FROM post_changes WHERE bucket IN (SELECT bucket FROM temp.folded)"
        )
        conn.exec_driver_sql(
            "INSERT INTO post_changes (bucket, weight) SELECT bucket, weight FROM temp.folded"
        )
        conn.exec_driver_sql("DROP TABLE temp.folded")


def store_identity(engine: Engine) -> str:
    """The store's random identity (set when it was created or upgraded to version 10)."""
    with engine.connect() as conn:
        return str(conn.execute(select(store_identity_table.c.id)).scalar_one())


def sources_digest(engine: Engine) -> str:
    """What every aggregate reads of the sources (names, kinds, audiences, consent)."""
    query = select(
        sources.c.id,
        sources.c.name,
        sources.c.kind,
        sources.c.audience,
        sources.c.name_authors,
    ).order_by(sources.c.id)
    with engine.connect() as conn:
        rows = [tuple(str(v) for v in row) for row in conn.execute(query)]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def stored_keys(engine: Engine) -> dict[str, str]:
    """month -> the key its stored aggregates were computed under."""
    with engine.connect() as conn:
        rows = conn.execute(select(month_aggregates.c.month, month_aggregates.c.key))
        return {str(month): str(key) for month, key in rows}


def load_aggregates(engine: Engine, months: Iterable[str]) -> dict[str, str]:
    """month -> stored aggregates (JSON text, see month_codec) of the months asked for."""
    wanted = list(months)
    if not wanted:
        return {}
    query = select(month_aggregates.c.month, month_aggregates.c.payload).where(
        month_aggregates.c.month.in_(wanted)
    )
    with engine.connect() as conn:
        return {str(month): str(payload) for month, payload in conn.execute(query)}


def save_aggregates(engine: Engine, month: str, key: str, payload: str, at: datetime) -> None:
    """Replace a month's stored aggregates (one transaction: never a month without them).

    Two builds sharing a store may store the same month at once: the second finds the first's
    row and leaves it (both computed it from the same rows, or the next build sees the key)."""
    try:
        with engine.begin() as conn:
            conn.execute(delete(month_aggregates).where(month_aggregates.c.month == month))
            values = {"month": month, "key": key, "payload": payload, "computed_at": at}
            conn.execute(insert(month_aggregates).values(**values))
    except IntegrityError:
        pass


def forget_aggregates(engine: Engine, keep: Iterable[str]) -> None:
    """Drop the stored aggregates of months that no longer have mentions."""
    kept = list(keep)
    with engine.begin() as conn:
        conn.execute(delete(month_aggregates).where(month_aggregates.c.month.not_in(kept)))
