"""The post repository: SQLAlchemy Core over SQLite by default (PostgreSQL through the same code).

This package is the only one that speaks SQL (the schema and its migrations are in `schema`),
and it defines no metric: reach, engagement, months and exclusions are aggregate's. Every
write that belongs together (one source's entries and its fetch state, one batch of analyses)
is one transaction, so killing the process at any point leaves the database consistent and a
rerun neither loses nor duplicates a post.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, bindparam, create_engine, event, func, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from generator.names import author_key
from generator.records import FeedEntry, SaveStats
from generator.store.months import read_mentions
from generator.store.schema import analyses, mentions, migrate, posts, sent_alerts, sources

if TYPE_CHECKING:  # pandas costs ~1 s to import: only the frame functions load it
    import pandas as pd

ENGAGEMENT_KEYS = ("comments", "replies", "views", "likes", "rating", "rating_count")
# A post's thread facts: a re-fetch that finds them changed (or first finds them, in a store
# upgraded to version 7) updates the post like a change of its engagement.
THREAD_KEYS = ("is_reply", "reply_to", "thread_hint")


def utcnow() -> datetime:
    """Naive UTC, the form every DateTime column holds."""
    return datetime.now(UTC).replace(tzinfo=None)


def _naive_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class StoredSource:
    """A source row as the collector needs it (fetch state included)."""

    id: int
    name: str
    url: str
    kind: str
    etag: str | None
    last_modified: str | None
    consecutive_failures: int
    disabled: bool
    next_attempt_after: datetime | None
    language: str | None
    bytes_total: int = 0
    last_attempt: datetime | None = None
    lease_holder: str | None = None
    lease_until: datetime | None = None  # naive UTC


@dataclass(frozen=True, slots=True)
class Leases:
    """One lease transaction over a batch of sources (see Store.lease_sources).

    `leased`: now held by the caller, with their state as of the lease (read again after
    locking, so a result another collector recorded meanwhile is seen). `declined`: free, but
    the caller's `choose` turned them down (not due, fetched meanwhile...), state as of the
    lease. `elsewhere`: held by another collector's live lease. `busy`: being leased by another
    collector at this very moment (PostgreSQL's SKIP LOCKED): ask again shortly."""

    leased: list[StoredSource]
    declined: list[StoredSource]
    elsewhere: list[StoredSource]
    busy: list[int]


@dataclass(frozen=True, slots=True)
class StoredPost:
    """A post as the brand-query tools read it (`brands test`, `brands explain`)."""

    post_id: int
    title: str
    text: str
    url: str | None
    published: datetime  # naive UTC
    source: str
    sector: str | None


@dataclass(frozen=True, slots=True)
class PostToAnalyse:
    post_id: int
    guid: str
    url: str | None
    author: str
    title: str
    text: str
    language_hint: str | None
    content_hash: str
    source: str
    sector: str | None
    source_kind: str = ""


# Statements a collection runs once per source, built once: building a SQLAlchemy statement
# costs more CPU than running it (measured: most of a 304's store work).
_TAKE_LEASE = (
    update(sources)
    .where(
        sources.c.id == bindparam("source_id"),
        (sources.c.lease_holder.is_(None))
        | (sources.c.lease_holder == bindparam("holder"))
        | (sources.c.lease_holder == bindparam("read_holder"))  # as read, under the lock
        | (sources.c.lease_until.is_(None))
        | (sources.c.lease_until < bindparam("now")),
    )
    .values(lease_holder=bindparam("holder"), lease_until=bindparam("until"))
)
_RELEASE_ONE = (
    update(sources)
    .where(sources.c.lease_holder == bindparam("holder"), sources.c.id == bindparam("source_id"))
    .values(lease_holder=None, lease_until=None)
)


@functools.lru_cache(maxsize=1)
def _candidates_query() -> Any:
    """The stored posts of a source under some guids (`guids`: an expanding list)."""
    columns = (
        posts.c.id,
        posts.c.guid,
        posts.c.author,
        posts.c.content_hash,
        posts.c.date_missing,
        *_engagement_columns(),
        *(posts.c[key] for key in THREAD_KEYS),
    )
    return select(*columns).where(
        posts.c.source_id == bindparam("source_id"),
        posts.c.guid.in_(bindparam("guids", expanding=True)),
    )


@functools.lru_cache(maxsize=64)
def _source_update(columns: tuple[str, ...]) -> Any:
    """UPDATE sources SET <columns> WHERE id = :sid, with bound values `v_<column>`."""
    return (
        update(sources)
        .where(sources.c.id == bindparam("sid"))
        .values({name: bindparam(f"v_{name}") for name in columns})
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")  # first: collectors sharing the file wait
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Store:
    """Posts, sources, analyses and brand mentions behind one engine."""

    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite:///") and ":memory:" not in url:
            Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- sources -----------------------------------------------------------------------------

    def sync_sources(self, configured: Iterable[Any]) -> dict[str, int]:
        """Insert or refresh configured sources (config wins for metadata, state is kept).

        A source whose configured location changed starts over from the new URL; one that
        moved by permanent redirect keeps its redirected URL while the configuration is the same.
        Collectors started together on a new store may insert the same source at once: the one
        that loses the race reads the winner's row on its second try.
        """
        configured = list(configured)
        for attempt in range(3):
            try:
                return self._sync_sources(configured)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _sync_sources(self, configured: list[Any]) -> dict[str, int]:
        ids: dict[str, int] = {}
        metadata_columns = ("kind", "language", "audience", "sector", "name_authors")
        with self.engine.begin() as conn:
            # One query for all of them: an hourly run over hundreds of feeds starts here.
            existing = {
                row.name: row
                for row in conn.execute(
                    select(
                        sources.c.id,
                        sources.c.name,
                        sources.c.configured_url,
                        *(sources.c[name] for name in metadata_columns),
                    )
                )
            }
            for source in configured:
                location = source.location
                values = {name: getattr(source, name) for name in metadata_columns}
                row = existing.get(source.name)
                if row is None:
                    result = conn.execute(
                        sources.insert().values(
                            name=source.name, url=location, configured_url=location, **values
                        )
                    )
                    inserted = result.inserted_primary_key
                    assert inserted is not None
                    ids[source.name] = int(inserted[0])
                    continue
                if row.configured_url != location:
                    values.update(
                        url=location,
                        configured_url=location,
                        etag=None,
                        last_modified=None,
                        disabled=False,
                        consecutive_failures=0,
                        next_attempt_after=None,
                    )
                if any(getattr(row, name, None) != value for name, value in values.items()):
                    conn.execute(update(sources).where(sources.c.id == row.id).values(**values))
                ids[source.name] = int(row.id)
        return ids

    def stored_sources(self, names: Iterable[str] | None = None) -> list[StoredSource]:
        query = select(
            sources.c.id,
            sources.c.name,
            sources.c.url,
            sources.c.kind,
            sources.c.etag,
            sources.c.last_modified,
            sources.c.consecutive_failures,
            sources.c.disabled,
            sources.c.next_attempt_after,
            sources.c.language,
            sources.c.bytes_total,
            sources.c.last_attempt,
            sources.c.lease_holder,
            sources.c.lease_until,
        ).order_by(sources.c.id)
        if names is not None:
            query = query.where(sources.c.name.in_(list(names)))
        with self.engine.connect() as conn:
            return [StoredSource(**row._mapping) for row in conn.execute(query)]

    def source_health(self) -> pd.DataFrame:
        """One row per source with its collection health (the CLI table and the site page)."""
        import pandas as pd

        post_counts = (
            select(posts.c.source_id, func.count().label("posts"))
            .group_by(posts.c.source_id)
            .subquery()
        )
        query = (
            select(sources, func.coalesce(post_counts.c.posts, 0).label("posts"))
            .select_from(sources.outerjoin(post_counts, post_counts.c.source_id == sources.c.id))
            .order_by(sources.c.name)
        )
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def record_fetch(self, source_id: int, *, holder: str | None = None, **state: Any) -> None:
        """Update a source's fetch state alone (failures, 304s, redirects), releasing the
        holder's lease on it in the same transaction."""
        with self.engine.begin() as conn:
            self._update_source(conn, source_id, state)
            if holder is not None:
                self._release(conn, holder, [source_id])

    # -- leases: several collectors, one store -------------------------------------------------

    def _now(self, conn: Connection) -> datetime:
        """The database's clock where there is a server (collectors on several machines agree
        on it), else this machine's; naive UTC."""
        if conn.dialect.name == "postgresql":
            moment = conn.execute(text("SELECT now() AT TIME ZONE 'UTC'")).scalar_one()
            assert isinstance(moment, datetime)
            return moment
        return utcnow()

    def lease_sources(
        self,
        source_ids: Sequence[int],
        holder: str,
        seconds: float,
        choose: Callable[[StoredSource], bool],
        abandoned: Callable[[str], bool] = lambda _holder: False,
    ) -> Leases:
        """Lease, in one short transaction, those of `source_ids` that are free (no lease, an
        expired one, the holder's own, or one whose holder is known `abandoned`) and that
        `choose` accepts given their current state.

        PostgreSQL: the rows are locked with SELECT ... FOR UPDATE SKIP LOCKED, so two collectors
        never wait on each other and never both lease a row. SQLite: the transaction starts with
        BEGIN IMMEDIATE (one writer at a time) and each lease is a conditional UPDATE whose row
        count is checked."""
        columns = [sources.c[f.name] for f in fields(StoredSource)]
        outcome = Leases([], [], [], [])
        if not source_ids:
            return outcome
        with self.engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            now = self._now(conn)
            until = now + timedelta(seconds=seconds)
            query = (
                select(*columns)
                .where(sources.c.id.in_(list(source_ids)))
                .order_by(sources.c.id)
                .with_for_update(skip_locked=True)
            )
            rows = [StoredSource(**row._mapping) for row in conn.execute(query)]
            found = {row.id for row in rows}
            outcome.busy.extend(i for i in source_ids if i not in found)
            for row in rows:
                free = (
                    row.lease_holder is None
                    or row.lease_holder == holder
                    or row.lease_until is None
                    or row.lease_until < now
                    or abandoned(row.lease_holder)
                )
                if not free:
                    outcome.elsewhere.append(row)
                    continue
                if not choose(row):
                    outcome.declined.append(row)
                    continue
                taken = conn.execute(
                    _TAKE_LEASE,
                    {
                        "source_id": row.id,
                        "holder": holder,
                        "read_holder": row.lease_holder,
                        "now": now,
                        "until": until,
                    },
                )
                if taken.rowcount == 1:
                    outcome.leased.append(replace(row, lease_holder=holder, lease_until=until))
                else:  # cannot happen under the row lock / write lock; never fetch it twice
                    outcome.elsewhere.append(row)
        return outcome

    def renew_leases(self, holder: str, source_ids: Sequence[int], seconds: float) -> int:
        """Push back the expiry of the holder's leases on `source_ids` (a long run keeps what it
        is still fetching); returns how many it still held."""
        if not source_ids:
            return 0
        with self.engine.begin() as conn:
            until = self._now(conn) + timedelta(seconds=seconds)
            result = conn.execute(
                update(sources)
                .where(sources.c.id.in_(list(source_ids)), sources.c.lease_holder == holder)
                .values(lease_until=until)
            )
            return int(result.rowcount)

    def release_leases(self, holder: str, source_ids: Sequence[int] | None = None) -> None:
        """Free the holder's leases (all of them without `source_ids`): the end of a run."""
        with self.engine.begin() as conn:
            self._release(conn, holder, source_ids)

    @staticmethod
    def _release(conn: Connection, holder: str, source_ids: Sequence[int] | None) -> None:
        if source_ids is not None and len(source_ids) == 1:  # after each source: one statement
            conn.execute(_RELEASE_ONE, {"holder": holder, "source_id": source_ids[0]})
            return
        query = update(sources).where(sources.c.lease_holder == holder)
        if source_ids is not None:
            query = query.where(sources.c.id.in_(list(source_ids)))
        conn.execute(query.values(lease_holder=None, lease_until=None))

    @staticmethod
    def _update_source(conn: Connection, source_id: int, state: dict[str, Any]) -> None:
        unknown = set(state) - set(sources.c.keys())
        if unknown:
            raise ValueError(f"unknown source fields: {sorted(unknown)}")
        if state:
            statement = _source_update(tuple(sorted(state)))
            conn.execute(statement, {**{f"v_{k}": v for k, v in state.items()}, "sid": source_id})

    # -- sent alerts: one announcement per crisis and channel, whichever machine runs ---------

    def sent_alert_keys(self, channel: str) -> set[str]:
        """Alerts sent on the channel, or being sent by a run right now."""
        query = select(sent_alerts.c.alert_key).where(sent_alerts.c.channel == channel)
        with self.engine.connect() as conn:
            return {str(key) for key in conn.execute(query).scalars()}

    def claim_alert(self, key: str, channel: str, claimant: str, stale_seconds: float) -> bool:
        """Take the right to send an alert on a channel: insert its row if absent (a primary
        key, so of two runs only one gets it), or take over a claim whose run died before the
        channel accepted it (`stale_seconds` old, longer than any send)."""
        with self.engine.begin() as conn:
            now = self._now(conn)
            values = {
                "alert_key": key,
                "channel": channel,
                "claimed_by": claimant,
                "claimed_at": now,
                "sent_at": None,
            }
            if _insert_if_absent(conn, sent_alerts, values):
                return True
            stale = conn.execute(
                update(sent_alerts)
                .where(
                    sent_alerts.c.alert_key == key,
                    sent_alerts.c.channel == channel,
                    sent_alerts.c.sent_at.is_(None),
                    sent_alerts.c.claimed_at < now - timedelta(seconds=stale_seconds),
                )
                .values(claimed_by=claimant, claimed_at=now)
            )
            return bool(stale.rowcount == 1)

    def alert_sent(self, key: str, channel: str, claimant: str) -> None:
        """The channel accepted the alert: its claim becomes a record."""
        with self.engine.begin() as conn:
            conn.execute(
                update(sent_alerts)
                .where(*self._claim(key, channel, claimant))
                .values(sent_at=self._now(conn))
            )

    def alert_failed(self, key: str, channel: str, claimant: str) -> None:
        """The channel refused it: drop the claim so that the next run tries again."""
        with self.engine.begin() as conn:
            conn.execute(sent_alerts.delete().where(*self._claim(key, channel, claimant)))

    @staticmethod
    def _claim(key: str, channel: str, claimant: str) -> tuple[Any, ...]:
        return (
            sent_alerts.c.alert_key == key,
            sent_alerts.c.channel == channel,
            sent_alerts.c.claimed_by == claimant,
        )

    def import_sent_alerts(self, sent: dict[str, dict[str, datetime]]) -> int:
        """Record alerts sent before the store remembered them (channel -> key -> when);
        those already recorded are kept. Returns how many were added."""
        added = 0
        with self.engine.begin() as conn:
            for channel, keys in sent.items():
                for key, when in keys.items():
                    values = {
                        "alert_key": key,
                        "channel": channel,
                        "claimed_by": "import",
                        "claimed_at": when,
                        "sent_at": when,
                    }
                    added += _insert_if_absent(conn, sent_alerts, values)
        return added

    # -- posts -------------------------------------------------------------------------------

    def save_entries(
        self,
        source_id: int,
        entries: Sequence[FeedEntry],
        *,
        holder: str | None = None,
        **source_state: Any,
    ) -> SaveStats:
        """Store one source's entries and its new fetch state in a single transaction.

        An entry is the same post as a stored one when it has the same guid (the collector
        gives every entry one: the feed's, else its link, else a hash of author, date and
        content), so distinct posts are never merged. A stored post found under one of the
        entry's former guids (an identity of an earlier version or fetch) by the same author
        is renamed, not duplicated. A changed post is updated in place, keeping its id. The
        holder's lease on the source is released in the same transaction.
        """
        stats = SaveStats()
        now = utcnow()
        with self.engine.begin() as conn:
            # One query for the candidates of the whole batch instead of one per entry.
            index = _PostIndex(self._candidate_posts(conn, source_id, entries))
            # New posts are inserted together at the end (one executemany); until then they
            # are indexed under negative ids so later entries of the batch still find them.
            pending: list[dict[str, Any]] = []
            for entry in entries:
                existing, renamed = index.find(entry)
                values = self._post_values(entry)
                if existing is None:
                    pending.append(
                        {"source_id": source_id, "fetched_at": now, "updated_at": now, **values}
                    )
                    index.add(-len(pending), values)
                    stats.new += 1
                    continue
                changed = existing.content_hash != entry.content_hash
                if not (
                    changed
                    or renamed
                    or _engagement_changed(existing, values)
                    or _thread_changed(existing, values)
                ):
                    stats.unchanged += 1
                    continue
                if entry.date_missing:
                    # Keep the first-seen date of an undated (or falsely dated) post: a re-fetch
                    # must not move it to the month of the fetch.
                    values.pop("published")
                    values.pop("date_missing")
                if not renamed:
                    values.pop("guid")
                if existing.id < 0:  # inserted by this batch: update the pending row
                    pending[-existing.id - 1].update(updated_at=now, **values)
                else:
                    conn.execute(
                        update(posts)
                        .where(posts.c.id == existing.id)
                        .values(updated_at=now, **values)
                    )
                if changed:
                    stats.updated += 1
                else:
                    stats.unchanged += 1
            if pending:
                conn.execute(posts.insert(), pending)
            self._update_source(conn, source_id, source_state)
            if holder is not None:
                self._release(conn, holder, [source_id])
        return stats

    @staticmethod
    def _candidate_posts(
        conn: Connection, source_id: int, entries: Sequence[FeedEntry]
    ) -> list[Any]:
        """Stored posts of the source whose guid is a guid or former guid of the batch."""
        keys = sorted({g for e in entries for g in (e.guid, *e.former_guids) if g})
        found: dict[int, Any] = {}
        step = 900  # stays under SQLite's bound-parameter limit
        for start in range(0, len(keys), step):
            chunk = {"source_id": source_id, "guids": keys[start : start + step]}
            for row in conn.execute(_candidates_query(), chunk):
                found[row.id] = row
        return [found[key] for key in sorted(found)]

    @staticmethod
    def _post_values(entry: FeedEntry) -> dict[str, Any]:
        values: dict[str, Any] = {
            "guid": entry.guid,
            "url": entry.url,
            "title": entry.title or "",
            "author": entry.author or "",
            "published": _naive_utc(entry.published),
            "date_missing": entry.date_missing,
            "text": entry.text,
            "html": entry.html,
            "language_hint": entry.language,
            "content_hash": entry.content_hash,
            "author_audience": entry.author_audience,
            "is_reply": entry.is_reply,
            "reply_to": entry.reply_to,
            "thread_hint": entry.thread_hint,
        }
        for key in ENGAGEMENT_KEYS:
            raw = entry.engagement.get(key)
            values[key] = None if raw is None else float(raw)
        return values

    def count_posts(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(posts)).scalar_one())

    def post_keys(self) -> list[tuple[str, str, str]]:
        """(source name, guid, content hash) of every post: what tests compare across runs."""
        query = (
            select(sources.c.name, posts.c.guid, posts.c.content_hash)
            .select_from(posts.join(sources, posts.c.source_id == sources.c.id))
            .order_by(sources.c.name, posts.c.guid)
        )
        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(query)]

    def _stored_posts_query(self) -> Any:
        return (
            select(
                posts.c.id.label("post_id"),
                posts.c.title,
                posts.c.text,
                posts.c.url,
                posts.c.published,
                sources.c.name.label("source"),
                sources.c.sector,
            )
            .select_from(posts.join(sources, posts.c.source_id == sources.c.id))
            .order_by(posts.c.id)
        )

    def stored_posts(self, batch_size: int = 5000) -> Iterator[StoredPost]:
        """Every stored post, oldest id first (streamed: a corpus may not fit in memory)."""
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=batch_size).execute(
                self._stored_posts_query()
            )
            for row in result:
                yield StoredPost(**row._mapping)

    def stored_post(self, post_id: int) -> StoredPost | None:
        query = self._stored_posts_query().where(posts.c.id == post_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else StoredPost(**row._mapping)

    # -- analyses ----------------------------------------------------------------------------

    def posts_to_analyse(
        self, version: str, batch_size: int = 5000
    ) -> Iterator[list[PostToAnalyse]]:
        """Posts never analysed, changed since, or analysed by another analyser version."""
        query = (
            select(
                posts.c.id.label("post_id"),
                posts.c.guid,
                posts.c.url,
                posts.c.author,
                posts.c.title,
                posts.c.text,
                posts.c.language_hint,
                posts.c.content_hash,
                sources.c.name.label("source"),
                sources.c.sector,
                sources.c.language.label("source_language"),
                sources.c.kind.label("source_kind"),
            )
            .select_from(
                posts.join(sources, posts.c.source_id == sources.c.id).outerjoin(
                    analyses, analyses.c.post_id == posts.c.id
                )
            )
            .where(
                (analyses.c.post_id.is_(None))
                | (analyses.c.version != version)
                | (analyses.c.content_hash != posts.c.content_hash)
            )
            .order_by(posts.c.id)
        )
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=batch_size).execute(query)
            for chunk in result.partitions(batch_size):
                yield [
                    PostToAnalyse(
                        post_id=row.post_id,
                        guid=row.guid,
                        url=row.url,
                        author=row.author,
                        title=row.title,
                        text=row.text,
                        language_hint=row.language_hint or row.source_language,
                        content_hash=row.content_hash,
                        source=row.source,
                        sector=row.sector,
                        source_kind=row.source_kind,
                    )
                    for row in chunk
                ]

    def save_analyses(self, items: Sequence[dict[str, Any]]) -> None:
        """Replace the analyses and brand mentions of a batch of posts, atomically.

        Each item: post_id, version, content_hash, language, sentiment, score, explanation
        (list of str), recommends, advises_against, intends_to_leave, sponsored, off_topic,
        themes (list of slugs), brands (list of (brand slug, sector slug)), and optionally
        stances (brand slug -> "leaves" | "joins", for a post switching brands) and asks
        (the post asks something; None: not worked out).
        """
        if not items:
            return
        now = utcnow()
        post_ids = [item["post_id"] for item in items]
        with self.engine.begin() as conn:
            for start in range(0, len(post_ids), 900):
                chunk = post_ids[start : start + 900]
                conn.execute(analyses.delete().where(analyses.c.post_id.in_(chunk)))
                conn.execute(mentions.delete().where(mentions.c.post_id.in_(chunk)))
            conn.execute(
                analyses.insert(),
                [
                    {
                        "post_id": item["post_id"],
                        "version": item["version"],
                        "content_hash": item["content_hash"],
                        "language": item["language"],
                        "sentiment": item["sentiment"],
                        "score": float(item["score"]),
                        "explanation": json.dumps(
                            list(item.get("explanation", ())), ensure_ascii=False
                        ),
                        "recommends": bool(item.get("recommends")),
                        "advises_against": bool(item.get("advises_against")),
                        "intends_to_leave": bool(item.get("intends_to_leave")),
                        "sponsored": bool(item.get("sponsored")),
                        "off_topic": bool(item.get("off_topic")),
                        "themes": ",".join(item.get("themes", ())),
                        "analysed_at": now,
                        "asks": item.get("asks"),
                    }
                    for item in items
                ],
            )
            mention_rows = [
                {
                    "post_id": item["post_id"],
                    "brand": brand,
                    "sector": sector,
                    "stance": item.get("stances", {}).get(brand, ""),
                }
                for item in items
                for brand, sector in item.get("brands", ())
            ]
            if mention_rows:
                conn.execute(mentions.insert(), mention_rows)

    def explanation(self, post_id: int) -> list[str]:
        with self.engine.connect() as conn:
            raw = conn.execute(
                select(analyses.c.explanation).where(analyses.c.post_id == post_id)
            ).scalar_one_or_none()
        return [] if raw is None else json.loads(raw)

    # -- frames for aggregation --------------------------------------------------------------

    def mention_rows(self, *, context: bool = False) -> pd.DataFrame:
        """One row per (post, brand) as stored: what `aggregate.mentions.shape_mentions` shapes
        (the query and what it leaves out: `store.months.mention_select`); `context` adds the
        threaded posts that name no brand (brand "", what customer care follows)."""
        return read_mentions(self.engine, context=context)


def _insert_if_absent(conn: Connection, table: Any, values: dict[str, Any]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING (both engines); True if the row was inserted."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement: Any = dialect.insert(table).values(**values).on_conflict_do_nothing()
    key = next(iter(table.primary_key.columns))
    # RETURNING rather than rowcount, which psycopg leaves at -1 for this statement
    return conn.execute(statement.returning(key)).first() is not None


class _PostIndex:
    """In-memory guid lookup over one batch's candidate posts (and the batch's new posts).

    A stored post can be claimed through a former guid only once, and only by an entry of the
    same author, so two entries can never both take over one stored post.
    """

    def __init__(self, rows: Iterable[Any]) -> None:
        self.by_guid: dict[str, Any] = {}
        self.claimed: set[int] = set()
        for row in rows:
            self.by_guid[row.guid] = row

    def find(self, entry: FeedEntry) -> tuple[Any, bool]:
        """(the stored post of this entry or None, whether it is found under a former guid)."""
        row = self.by_guid.get(entry.guid)
        if row is not None:
            self.claimed.add(row.id)
            return row, False
        for former in entry.former_guids:
            row = self.by_guid.get(former)
            if (
                row is not None
                and row.id not in self.claimed
                and author_key(row.author) == author_key(entry.author)
            ):
                self.claimed.add(row.id)
                self.by_guid[entry.guid] = row
                return row, True
        return None, False

    def add(self, post_id: int, values: dict[str, Any]) -> None:
        fields = {key: values[key] for key in ("guid", "author", "content_hash", "date_missing")}
        fields.update({key: values[key] for key in (*ENGAGEMENT_KEYS, *THREAD_KEYS)})
        row = SimpleNamespace(id=post_id, **fields)
        self.by_guid[row.guid] = row
        self.claimed.add(post_id)


def _json_list(values: Iterable[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _engagement_columns() -> tuple[Column[Any], ...]:
    return tuple(posts.c[key] for key in ENGAGEMENT_KEYS)


def _engagement_changed(existing: Any, values: dict[str, Any]) -> bool:
    return any(getattr(existing, key) != values[key] for key in ENGAGEMENT_KEYS)


def _thread_changed(existing: Any, values: dict[str, Any]) -> bool:
    return any(getattr(existing, key) != values[key] for key in THREAD_KEYS)
