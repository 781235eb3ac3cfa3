"""The store: idempotent saves, identity by guid, incremental analysis, mentions frame."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from generator.aggregate.mentions import MENTION_COLUMNS, shape_mentions
from generator.config import parse_config
from generator.records import FeedEntry
from generator.store import Store

CONFIG = parse_config(
    """
sectors:
  - slug: telecom
    name: Télécoms
    brands: [{slug: orbis, name: Orbis}]
sources:
  - {name: Forum, url: "https://forum.example/feed", kind: forum, audience: 100}
  - {name: News, url: "https://news.example/feed", kind: news, audience: 5000, name_authors: true}
"""
)


def entry(guid: str, **changes: object) -> FeedEntry:
    base = FeedEntry(
        guid=guid,
        url=f"https://forum.example/{guid}",
        title=f"Post {guid}",
        author="Julie_M",
        published=datetime(2026, 5, 31, 23, 30, tzinfo=UTC),
        text="Orbis est super",
        html="<p>Orbis est super</p>",
        content_hash=f"hash-{guid}",
        engagement={"comments": 3},
    )
    return replace(base, **changes)


@pytest.fixture
def store(store_url: str) -> Store:
    with Store(store_url) as opened:
        yield opened


def test_saving_twice_stores_nothing_twice(store: Store) -> None:
    ids = store.sync_sources(CONFIG.sources)
    first = store.save_entries(ids["Forum"], [entry("a"), entry("b")])
    second = store.save_entries(ids["Forum"], [entry("a"), entry("b")])
    assert (first.new, second.new, second.unchanged) == (2, 0, 2)
    assert store.count_posts() == 2


def test_distinct_guids_are_distinct_posts_whatever_they_share(store: Store) -> None:
    """Replies carrying their thread's link, two people writing the same words: 4 posts."""
    ids = store.sync_sources(CONFIG.sources)
    thread = "https://forum.example/t/1"
    batch = [
        entry("r1", url=thread, author="Ana", text="Panne chez Orbis", content_hash="h1"),
        entry("r2", url=thread, author="Bob", text="Pareil ici", content_hash="h2"),
        entry("s1", title="Orbis en panne", author="Cléo", content_hash="same"),
        entry("s2", title="Orbis en panne", author="Dan", content_hash="same"),
    ]
    assert store.save_entries(ids["Forum"], batch).new == 4
    again = store.save_entries(ids["Forum"], batch)
    assert (again.new, again.unchanged) == (0, 4)
    assert store.count_posts() == 4
    with store.engine.connect() as conn:
        authors = conn.exec_driver_sql("select guid, author from posts order by guid").all()
    assert authors == [("r1", "Ana"), ("r2", "Bob"), ("s1", "Cléo"), ("s2", "Dan")]
    # The same guid in another source is another post (another audience).
    assert store.save_entries(ids["News"], [entry("r1")]).new == 1


def test_a_post_stored_under_a_former_identity_is_renamed_not_duplicated(store: Store) -> None:
    """Migration: posts without guid or link were once stored as 'sha256:<content hash>'."""
    ids = store.sync_sources(CONFIG.sources)
    legacy = entry("sha256:hash-x", url=None, content_hash="hash-x", author="Ana")
    store.save_entries(ids["Forum"], [legacy])
    (post_id,) = [row.post_id for batch in store.posts_to_analyse("v1") for row in batch]
    now = entry("sha256:new-identity", url=None, content_hash="hash-x", author="Ana")
    now.former_guids = ("sha256:hash-x",)
    other = entry("sha256:other-author", url=None, content_hash="hash-x", author="Bob")
    other.former_guids = ("sha256:hash-x",)  # same words, another person: never adopted
    stats = store.save_entries(ids["Forum"], [now, other])
    assert (stats.new, stats.updated, stats.unchanged) == (1, 0, 1)
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("select id, guid, author from posts order by id").all()
    assert rows[0] == (post_id, "sha256:new-identity", "Ana")
    assert rows[1][1:] == ("sha256:other-author", "Bob")


def test_edited_post_updates_in_place_and_undated_keeps_first_date(store: Store) -> None:
    ids = store.sync_sources(CONFIG.sources)
    first_seen = datetime(2026, 6, 1, tzinfo=UTC)
    store.save_entries(ids["Forum"], [entry("u", date_missing=True, published=first_seen)])
    edited = entry(
        "u",
        date_missing=True,
        published=datetime(2026, 7, 1, tzinfo=UTC),
        text="Orbis est vraiment super",
        content_hash="hash-u2",
    )
    stats = store.save_entries(ids["Forum"], [edited])
    assert stats.updated == 1 and store.count_posts() == 1
    frame_row = store.posts_to_analyse("v1")
    (post,) = next(frame_row)
    assert post.text == "Orbis est vraiment super"
    with store.engine.connect() as conn:
        published = conn.exec_driver_sql("select published from posts").scalar_one()
    assert str(published).startswith("2026-06-01")


def test_fetch_state_is_written_with_the_entries(store: Store) -> None:
    ids = store.sync_sources(CONFIG.sources)
    store.save_entries(ids["Forum"], [entry("a")], etag='"v1"', entries_seen=1)
    (forum,) = store.stored_sources(["Forum"])
    assert forum.etag == '"v1"'
    with pytest.raises(ValueError, match="unknown source fields"):
        store.record_fetch(ids["Forum"], no_such_column=1)


def analysis(post_id: int, content_hash: str, **extra: object) -> dict[str, object]:
    return {
        "post_id": post_id,
        "version": "v1",
        "content_hash": content_hash,
        "language": "fr",
        "sentiment": "positive",
        "score": 0.6,
        "explanation": ["super (+0.6)"],
        "recommends": True,
        "themes": ["reseau"],
        "brands": [("orbis", "telecom")],
        **extra,
    }


def test_incremental_analysis_and_mentions_frame(store: Store) -> None:
    ids = store.sync_sources(CONFIG.sources)
    store.save_entries(ids["Forum"], [entry("a"), entry("b", author="Paul_Retrait")])
    todo = [post for batch in store.posts_to_analyse("v1") for post in batch]
    assert len(todo) == 2
    store.save_analyses([analysis(p.post_id, p.content_hash) for p in todo])
    assert list(store.posts_to_analyse("v1")) == []
    assert sum(len(b) for b in store.posts_to_analyse("v2")) == 2  # a new version re-analyses
    assert store.explanation(todo[0].post_id) == ["super (+0.6)"]

    frame = shape_mentions(store.mention_rows(), "Europe/Paris", ["paul_retrait"])
    assert list(frame.columns) == MENTION_COLUMNS
    assert len(frame) == 1
    row = frame.iloc[0]
    # 23:30 UTC on 31 May is 1 June in Paris: months follow the site's time zone.
    assert row["month"] == "2026-06"
    assert (row["audience"], row["engagement"], row["themes"]) == (100.0, 3.0, "reseau")
    assert bool(row["recommends"]) and not bool(row["source_named"])


def test_off_topic_posts_never_reach_the_frame(store: Store) -> None:
    ids = store.sync_sources(CONFIG.sources)
    store.save_entries(ids["Forum"], [entry("a")])
    (post,) = next(store.posts_to_analyse("v1"))
    store.save_analyses([analysis(post.post_id, post.content_hash, off_topic=True)])
    assert shape_mentions(store.mention_rows(), "Europe/Paris").empty


def test_changed_configured_url_resets_fetch_state(store: Store) -> None:
    ids = store.sync_sources(CONFIG.sources)
    store.record_fetch(ids["Forum"], etag='"x"', disabled=True)
    moved = CONFIG.model_copy(
        update={"sources": [CONFIG.sources[0].model_copy(update={"url": "https://f.example/n"})]}
    )
    store.sync_sources(moved.sources)
    (forum,) = store.stored_sources(["Forum"])
    assert (forum.url, forum.etag, forum.disabled) == ("https://f.example/n", None, False)


def test_undated_backlog_is_left_out_but_later_undated_posts_count(store: Store) -> None:
    ids = store.sync_sources(CONFIG.sources)
    store.save_entries(ids["Forum"], [entry("old", date_missing=True), entry("dated")])
    store.save_entries(ids["Forum"], [entry("new", date_missing=True)])
    todo = [post for batch in store.posts_to_analyse("v1") for post in batch]
    store.save_analyses([analysis(p.post_id, p.content_hash) for p in todo])
    titles = sorted(shape_mentions(store.mention_rows(), "Europe/Paris")["title"])
    assert titles == ["Post dated", "Post new"]


def test_an_article_syndicated_by_two_sources_is_one_mention_with_both_reaches(
    store: Store,
) -> None:
    ids = store.sync_sources(CONFIG.sources)
    article = "Orbis étend sa couverture fibre à cent vingt communes. " * 4
    short = "Orbis est super"
    store.save_entries(ids["News"], [entry("n1", text=article, content_hash="h-article")])
    later = datetime(2026, 6, 2, tzinfo=UTC)
    store.save_entries(
        ids["Forum"],
        [
            entry("f1", text=article, content_hash="h-article", published=later),
            entry("f2", text=short, content_hash="h-short"),
        ],
    )
    store.save_entries(ids["News"], [entry("n2", text=short, content_hash="h-short")])
    todo = [post for batch in store.posts_to_analyse("v1") for post in batch]
    store.save_analyses([analysis(p.post_id, p.content_hash) for p in todo])
    frame = shape_mentions(store.mention_rows(), "Europe/Paris")
    assert len(frame) == 3  # the article once, the short text twice
    article_row = frame[frame["text"] == article].iloc[0]
    assert article_row["source"] == "News"  # the earliest copy
    assert article_row["audience"] == 5100.0 and article_row["engagement"] == 6.0
