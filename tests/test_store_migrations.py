"""Schema versions: a new database starts at the current version, an old one is upgraded in
place with its posts, a newer one is refused."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from generator.records import FeedEntry
from generator.store import SCHEMA_VERSION, Store, StoreError
from generator.store.schema import metadata, schema_version


def versions(db: Path) -> list[int]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("select version from schema_version")]


def test_a_new_database_is_created_at_the_current_version(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    Store(f"sqlite:///{db}").close()
    Store(f"sqlite:///{db}").close()  # reopening changes nothing
    assert versions(db) == [SCHEMA_VERSION]


def test_a_version_1_database_is_upgraded_with_its_posts(tmp_path: Path) -> None:
    """Version 1: the layout create_all made before schemas were versioned (no version table,
    an index on posts' links)."""
    db = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{db}")
    tables = [t for t in metadata.sorted_tables if t is not schema_version]
    metadata.create_all(engine, tables=tables)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE INDEX ix_posts_source_url ON posts (source_id, url)")
        conn.exec_driver_sql(
            "INSERT INTO sources (id, name, url, configured_url, kind, audience, name_authors,"
            " consecutive_failures, entries_seen, malformed, disabled, bytes_last, bytes_total)"
            " VALUES (1, 'Forum', 'https://f.example/feed', 'https://f.example/feed', 'forum',"
            " 1, 0, 0, 0, 0, 0, 0, 0)"
        )
    engine.dispose()
    with Store(f"sqlite:///{db}") as store:
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
    assert versions(db) == [SCHEMA_VERSION]


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    Store(f"sqlite:///{db}").close()
    with sqlite3.connect(db) as conn:
        conn.execute("insert into schema_version (version) values (99)")
    with pytest.raises(StoreError, match="schema version 99, newer than this observatoire"):
        Store(f"sqlite:///{db}")


def test_a_version_2_database_gains_the_mentions_stance(tmp_path: Path) -> None:
    """Version 3: a mention says whether its post leaves or joins the brand (brand switching);
    mentions stored before it get "" and keep their rows."""
    db = tmp_path / "v2.db"
    Store(f"sqlite:///{db}").close()
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE mentions DROP COLUMN stance")
        conn.execute("DELETE FROM schema_version")
        conn.execute("INSERT INTO schema_version (version, upgraded_at) VALUES (2, '2026-01-01')")
        conn.execute("INSERT INTO mentions (post_id, brand, sector) VALUES (7, 'orbis', 'telecom')")
    with Store(f"sqlite:///{db}") as store:
        columns = {c["name"] for c in inspect(store.engine).get_columns("mentions")}
    assert "stance" in columns
    assert versions(db)[-1] == SCHEMA_VERSION == 3
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT brand, stance FROM mentions").fetchall() == [("orbis", "")]


def test_stances_are_stored_per_mention(tmp_path: Path) -> None:
    db = tmp_path / "stances.db"
    with Store(f"sqlite:///{db}") as store:
        with store.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO sources (id, name, url, configured_url, kind, audience, name_authors,"
                " consecutive_failures, entries_seen, malformed, disabled, bytes_last,"
                " bytes_total) VALUES (1, 'Forum', 'https://f.example/feed',"
                " 'https://f.example/feed', 'forum', 1, 0, 0, 0, 0, 0, 0, 0)"
            )
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
