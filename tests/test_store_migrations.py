"""Schema versions: a new database starts at the current version, an old one is upgraded in
place with its posts, a newer one is refused — on SQLite and on a real PostgreSQL server
(`store_url`, tests/conftest.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, create_engine, inspect, text

from generator.records import FeedEntry
from generator.store import SCHEMA_VERSION, Store, StoreError, months
from generator.store.schema import metadata, posts, schema_version, sources


def versions(url: str) -> list[int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [row[0] for row in conn.execute(text("select version from schema_version"))]
    finally:
        engine.dispose()


def execute(url: str, *statements: str) -> None:
    """Raw SQL on the database, outside the Store (what an older observatoire left there)."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def marked_as_version(version: int) -> tuple[str, str]:
    """The statements that make a database say it is at `version` (an older observatoire)."""
    return (
        "DELETE FROM schema_version",
        f"INSERT INTO schema_version (version, upgraded_at) VALUES ({version}, '2026-01-01')",
    )


def add_forum(conn: Connection) -> None:
    """Source 1, written with Core so that booleans suit both databases."""
    conn.execute(
        sources.insert().values(
            id=1,
            name="Forum",
            url="https://f.example/feed",
            configured_url="https://f.example/feed",
            kind="forum",
            audience=1,
        )
    )


def test_a_new_database_is_created_at_the_current_version(store_url: str) -> None:
    Store(store_url).close()
    Store(store_url).close()  # reopening changes nothing
    assert versions(store_url) == [SCHEMA_VERSION]


def test_a_version_1_database_is_upgraded_with_its_posts(store_url: str) -> None:
    """Version 1: the layout create_all made before schemas were versioned (no version table,
    an index on posts' links)."""
    engine = create_engine(store_url)
    tables = [t for t in metadata.sorted_tables if t is not schema_version]
    metadata.create_all(engine, tables=tables)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE INDEX ix_posts_source_url ON posts (source_id, url)")
        add_forum(conn)
    engine.dispose()
    with Store(store_url) as store:
        entry = FeedEntry(
            guid="g1",
            url="https://f.example/1",
            title="Orbis",
            author="Ana",
            published=datetime(2026, 6, 1, tzinfo=UTC),
            text="Orbis est super",
            html="",
            content_hash="h1",
        )
        assert store.save_entries(1, [entry]).new == 1
        assert store.count_posts() == 1
        indexes = {i["name"] for i in inspect(store.engine).get_indexes("posts")}
    assert "ix_posts_source_url" not in indexes
    assert versions(store_url) == [SCHEMA_VERSION]


def test_a_database_from_a_newer_version_is_refused(store_url: str) -> None:
    Store(store_url).close()
    execute(store_url, "insert into schema_version (version) values (99)")
    with pytest.raises(StoreError, match="schema version 99, newer than this observatoire"):
        Store(store_url)


def test_a_version_2_database_gains_the_mentions_stance(store_url: str) -> None:
    """Version 3: a mention says whether its post leaves or joins the brand (brand switching);
    mentions stored before it get "" and keep their rows."""
    with Store(store_url) as store, store.engine.begin() as conn:
        add_forum(conn)  # PostgreSQL checks the mention's post (and the post's source)
        now = datetime(2026, 1, 1)
        conn.execute(
            posts.insert().values(
                id=7,
                source_id=1,
                guid="g7",
                published=now,
                content_hash="h7",
                fetched_at=now,
                updated_at=now,
            )
        )
    execute(
        store_url,
        "ALTER TABLE mentions DROP COLUMN stance",
        *marked_as_version(2),
        "INSERT INTO mentions (post_id, brand, sector) VALUES (7, 'orbis', 'telecom')",
    )
    with Store(store_url) as store:
        columns = {c["name"] for c in inspect(store.engine).get_columns("mentions")}
        with store.engine.connect() as conn:
            rows = conn.execute(text("SELECT brand, stance FROM mentions")).fetchall()
    assert "stance" in columns
    assert versions(store_url)[-1] == SCHEMA_VERSION
    assert [tuple(row) for row in rows] == [("orbis", "")]


def test_stances_are_stored_per_mention(store_url: str) -> None:
    with Store(store_url) as store:
        with store.engine.begin() as conn:
            add_forum(conn)
        entry = FeedEntry(
            guid="g1",
            url="https://f.example/1",
            title="",
            author="Ana",
            published=datetime(2026, 6, 1, tzinfo=UTC),
            text="Je quitte Fibralis pour Orbis",
            html="",
            content_hash="h1",
        )
        store.save_entries(1, [entry])
        (post,) = [p for batch in store.posts_to_analyse("v") for p in batch]
        assert post.source_kind == "forum"
        store.save_analyses(
            [
                {
                    "post_id": post.post_id,
                    "version": "v",
                    "content_hash": "h1",
                    "language": "fr",
                    "sentiment": "negative",
                    "score": -0.5,
                    "brands": [("fibralis", "telecom"), ("orbis", "telecom")],
                    "stances": {"fibralis": "leaves", "orbis": "joins"},
                }
            ]
        )
        rows = store.mention_rows()
    assert dict(zip(rows["brand"], rows["stance"], strict=True)) == {
        "fibralis": "leaves",
        "orbis": "joins",
    }


def test_a_version_3_database_gains_source_leases(store_url: str) -> None:
    """Version 4: a collector leases the sources it fetches (several collectors, one store);
    sources stored before it keep their fetch state and start free. The sent alerts get their
    table."""
    with Store(store_url) as store, store.engine.begin() as conn:
        add_forum(conn)
        conn.execute(sources.update().values(etag='"e1"', consecutive_failures=2))
    execute(
        store_url,
        "ALTER TABLE sources DROP COLUMN lease_holder",
        "ALTER TABLE sources DROP COLUMN lease_until",
        "DROP TABLE sent_alerts",
        *marked_as_version(3),
    )
    with Store(store_url) as store:
        columns = {c["name"] for c in inspect(store.engine).get_columns("sources")}
        tables = set(inspect(store.engine).get_table_names())
        [forum] = store.stored_sources()
        leases = store.lease_sources([1], "collector-a", 60, lambda _source: True)
        again = store.lease_sources([1], "collector-b", 60, lambda _source: True)
    assert {"lease_holder", "lease_until"} <= columns and "sent_alerts" in tables
    assert (forum.etag, forum.consecutive_failures, forum.lease_holder) == ('"e1"', 2, None)
    assert [s.lease_holder for s in leases.leased] == ["collector-a"]
    assert [s.id for s in again.elsewhere] == [1] and again.leased == []
    assert versions(store_url) == [3, SCHEMA_VERSION]


def test_a_version_4_database_gains_stored_months_and_the_first_collection_index(
    store_url: str,
) -> None:
    """Versions 5 and 6: each month's aggregates are stored (`month_aggregates`), and every
    read of the mention rows finds a source's first collection by index."""
    with Store(store_url) as store, store.engine.begin() as conn:
        add_forum(conn)
    execute(
        store_url,
        "DROP TABLE month_aggregates",
        "DROP INDEX ix_posts_source_fetched",
        *marked_as_version(4),
    )
    with Store(store_url) as store:
        tables = set(inspect(store.engine).get_table_names())
        indexes = {i["name"] for i in inspect(store.engine).get_indexes("posts")}
        assert len(store.stored_sources()) == 1
    assert "month_aggregates" in tables and "ix_posts_source_fetched" in indexes
    assert versions(store_url) == [4, SCHEMA_VERSION]


def test_a_version_6_database_gains_the_thread_facts_with_its_posts(store_url: str) -> None:
    """Version 7: a post says which post it answers and which conversation it belongs to
    (`reply_to`, `thread_hint`, indexed); posts stored before it keep their rows, get NULL, and
    the next collection that sees them again fills the facts in."""
    entry = FeedEntry(
        guid="forum.example-post-2",
        url="https://f.example/t/panne/12/2",
        title="Panne",
        author="Ana",
        published=datetime(2026, 8, 1, tzinfo=UTC),
        text="Orbis aussi",
        html="",
        content_hash="h2",
    )
    with Store(store_url) as store:
        with store.engine.begin() as conn:
            add_forum(conn)
        store.save_entries(1, [entry])
    execute(
        store_url,
        "DROP INDEX ix_posts_thread_hint",
        "ALTER TABLE posts DROP COLUMN reply_to",
        "ALTER TABLE posts DROP COLUMN thread_hint",
        *marked_as_version(6),
    )
    with Store(store_url) as store:
        columns = {c["name"] for c in inspect(store.engine).get_columns("posts")}
        indexes = {i["name"] for i in inspect(store.engine).get_indexes("posts")}
        with store.engine.connect() as conn:
            before = conn.execute(text("SELECT guid, reply_to, thread_hint FROM posts")).all()
        threaded = replace(entry, reply_to="forum.example-post-1", thread_hint="discourse:x:12")
        stats = store.save_entries(1, [threaded])
        with store.engine.connect() as conn:
            after = conn.execute(text("SELECT guid, reply_to, thread_hint FROM posts")).all()
    assert {"reply_to", "thread_hint"} <= columns and "ix_posts_thread_hint" in indexes
    assert [tuple(row) for row in before] == [("forum.example-post-2", None, None)]
    assert stats.new == 0
    assert [tuple(row) for row in after] == [
        ("forum.example-post-2", "forum.example-post-1", "discourse:x:12")
    ]
    assert versions(store_url) == [6, SCHEMA_VERSION]


def test_a_version_7_database_gains_the_parser_of_its_sources(store_url: str) -> None:
    """Version 8: a source records which parser read its last feed (`sources.parser`); sources
    collected before show none until their next collection records it."""
    with Store(store_url) as store, store.engine.begin() as conn:
        add_forum(conn)
    execute(
        store_url,
        "ALTER TABLE sources DROP COLUMN parser",
        *marked_as_version(7),
    )
    with Store(store_url) as store:
        before = store.source_health()
        store.save_entries(1, [], entries_seen=0, parser="feedparser-rs")
        after = store.source_health()
    assert before["parser"].isna().all() and list(after["parser"]) == ["feedparser-rs"]
    assert versions(store_url) == [7, SCHEMA_VERSION]


def test_a_version_8_database_gains_the_change_log(store_url: str) -> None:
    """Version 9: triggers log each change's publication hour (`post_changes`); the log starts
    with the posts already stored, one row per hour carrying their count."""
    published = [datetime(2026, 8, 1, 10, m, tzinfo=UTC) for m in (1, 2)]
    published.append(datetime(2026, 8, 3, 22, 0, tzinfo=UTC))
    with Store(store_url) as store:
        with store.engine.begin() as conn:
            add_forum(conn)
        store.save_entries(
            1,
            [
                FeedEntry(
                    guid=f"p{i}",
                    url=None,
                    title="",
                    author="",
                    published=at,
                    text="Orbis",
                    html="",
                    content_hash=f"h{i}",
                )
                for i, at in enumerate(published)
            ],
        )
    if store_url.startswith("sqlite"):
        drop = [
            f"DROP TRIGGER {t}_changed_{op}"
            for t in ("posts", "analyses", "mentions")
            for op in ("insert", "update", "delete")
        ]
    else:
        drop = [f"DROP TRIGGER {t}_changed ON {t}" for t in ("posts", "analyses", "mentions")]
    execute(
        store_url,
        *drop,
        "DROP TABLE post_changes",
        *marked_as_version(8),
    )
    with Store(store_url) as store:
        seeded = months.changes_by_hour(store.engine)
        store.save_entries(
            1,
            [
                FeedEntry(
                    guid="p9",
                    url=None,
                    title="",
                    author="",
                    published=published[2],
                    text="Orbis",
                    html="",
                    content_hash="h9",
                )
            ],
        )
        after = months.changes_by_hour(store.engine)
    assert seeded == {"2026-08-01 10": 2, "2026-08-03 22": 1}
    assert after == {"2026-08-01 10": 2, "2026-08-03 22": 2}
    assert versions(store_url) == [8, SCHEMA_VERSION]


def test_a_version_9_database_gains_an_identity_that_stays(store_url: str) -> None:
    """Version 10: a store has a random identity (files kept about it outside the store name
    it); a new store has one too, and reopening keeps it."""
    with Store(store_url) as store:
        created = months.store_identity(store.engine)
    execute(
        store_url,
        "DROP TABLE store_identity",
        *marked_as_version(9),
    )
    with Store(store_url) as store:
        upgraded = months.store_identity(store.engine)
    with Store(store_url) as store:
        again = months.store_identity(store.engine)
    assert len(created) == len(upgraded) == 36 and upgraded != created and again == upgraded
    assert versions(store_url) == [9, SCHEMA_VERSION]


def test_a_version_10_database_gains_whether_a_post_asks(store_url: str) -> None:
    """Version 11: an analysis says whether its post asks something (`analyses.asks`);
    analyses made before it keep their rows with NULL, which builds work out from the text."""
    with Store(store_url) as store:
        with store.engine.begin() as conn:
            add_forum(conn)
        store.save_entries(
            1,
            [
                FeedEntry(
                    guid="q",
                    url=None,
                    title="",
                    author="",
                    published=datetime(2026, 8, 1, tzinfo=UTC),
                    text="Orbis : quelqu'un sait comment activer la 5G ?",
                    html="",
                    content_hash="hq",
                )
            ],
        )
        store.save_analyses(
            [
                {
                    "post_id": 1,
                    "version": "v",
                    "content_hash": "hq",
                    "language": "fr",
                    "sentiment": "neutral",
                    "score": 0.0,
                }
            ]
        )
    execute(
        store_url,
        "ALTER TABLE analyses DROP COLUMN asks",
        *marked_as_version(10),
    )
    with Store(store_url) as store, store.engine.connect() as conn:
        kept = conn.execute(text("SELECT post_id, asks FROM analyses")).all()
    assert [tuple(row) for row in kept] == [(1, None)]
    assert versions(store_url) == [10, SCHEMA_VERSION]
