"""The change log (`post_changes`, kept by database triggers): every write to a post, its
analysis or its mentions, through the store or by hand in SQL, moves the total of the UTC hour
the post is published in, and only that hour's; folding the log keeps every total. Builds
tell which months changed from it (generator/incremental.py). On SQLite and on a real
PostgreSQL server (`store_url`, tests/conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from test_store_migrations import add_forum

from generator.records import FeedEntry
from generator.store import Store
from generator.store import months as stored


def entry(guid: str, published: datetime) -> FeedEntry:
    return FeedEntry(
        guid=guid,
        url=f"https://f.example/t/{guid}",
        title="",
        author="Ana",
        published=published,
        text=f"Orbis {guid}",
        html="",
        content_hash=f"hash-{guid}",
    )


def analysis(post_id: int, sentiment: str = "positive") -> dict[str, Any]:
    return {
        "post_id": post_id,
        "version": "test",
        "content_hash": "h",
        "language": "fr",
        "sentiment": sentiment,
        "score": 0.5,
        "brands": [("orbis", "telecom")],
    }


def open_forum(url: str) -> Store:
    store = Store(url)
    with store.engine.begin() as conn:
        add_forum(conn)
    return store


def moved(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {hour for hour in before.keys() | after.keys() if before.get(hour) != after.get(hour)}


def test_every_write_moves_the_total_of_its_post_hour_only(store_url: str) -> None:
    with open_forum(store_url) as store:
        engine = store.engine
        store.save_entries(
            1,
            [
                entry("a", datetime(2026, 8, 1, 10, 15, tzinfo=UTC)),
                entry("b", datetime(2026, 8, 2, 23, 59, tzinfo=UTC)),
            ],
        )
        log = stored.changes_by_hour(engine)
        assert set(log) == {"2026-08-01 10", "2026-08-02 23"}
        with engine.connect() as conn:
            ids: dict[str, int] = dict(conn.execute(text("SELECT guid, id FROM posts")).all())

        steps: list[tuple[str, set[str]]] = []

        def step(name: str) -> None:
            nonlocal log
            now = stored.changes_by_hour(engine)
            steps.append((name, moved(log, now)))
            log = now

        store.save_analyses([analysis(ids["a"])])
        step("analysed")
        store.save_analyses([analysis(ids["a"], "negative")])  # re-analysed
        step("re-analysed")
        for name, statement in (
            ("fixed by hand", "UPDATE analyses SET sentiment = 'neutral' WHERE post_id = :id"),
            ("stance by hand", "UPDATE mentions SET stance = 'leaves' WHERE post_id = :id"),
            ("mention removed", "DELETE FROM mentions WHERE post_id = :id"),
            ("text edited", "UPDATE posts SET text = 'Orbis, encore' WHERE id = :id"),
        ):
            with engine.begin() as conn:
                conn.execute(text(statement), {"id": ids["a"]})
            step(name)
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE posts SET published = :at WHERE id = :id"),
                {"at": datetime(2026, 9, 3, 8, 30), "id": ids["b"]},
            )
        step("redated")
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM analyses WHERE post_id = :id"), {"id": ids["a"]})
            conn.execute(text("DELETE FROM posts WHERE id = :id"), {"id": ids["a"]})
        step("deleted")

    assert steps == [
        ("analysed", {"2026-08-01 10"}),
        ("re-analysed", {"2026-08-01 10"}),
        ("fixed by hand", {"2026-08-01 10"}),
        ("stance by hand", {"2026-08-01 10"}),
        ("mention removed", {"2026-08-01 10"}),
        ("text edited", {"2026-08-01 10"}),
        ("redated", {"2026-08-02 23", "2026-09-03 08"}),
        ("deleted", {"2026-08-01 10"}),
    ]


def test_folding_keeps_every_total_and_one_row_per_hour(store_url: str) -> None:
    with open_forum(store_url) as store:
        engine = store.engine
        hours = [datetime(2026, 8, day, hour, 5, tzinfo=UTC) for day in (1, 2) for hour in (9, 21)]
        store.save_entries(1, [entry(f"p{i}", at) for i, at in enumerate(hours * 3)][:4])
        with engine.connect() as conn:
            ids = [row[0] for row in conn.execute(text("SELECT id FROM posts ORDER BY id"))]
        for sentiment in ("positive", "negative", "neutral"):
            store.save_analyses([analysis(i, sentiment) for i in ids])
        before = stored.changes_by_hour(engine)
        assert stored.log_rows(engine) > len(before) == 4

        stored.fold_changes(engine)
        assert stored.changes_by_hour(engine) == before
        assert stored.log_rows(engine) == 4
        stored.fold_changes(engine)  # nothing to fold: nothing changes
        assert stored.changes_by_hour(engine) == before

        store.save_analyses([analysis(ids[0], "negative")])
        assert moved(before, stored.changes_by_hour(engine)) == {"2026-08-01 09"}
