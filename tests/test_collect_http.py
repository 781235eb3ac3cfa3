"""The collector against a local HTTP server: hostile answers, politeness, incremental fetches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from collect_helpers import make_config, open_store
from feedserver import FeedServer, gzip_bomb

from generator.collect import collect_sources

ITEM = (
    "<item><title>Post {n}</title><link>http://forum.example/{n}</link><guid>p-{n}</guid>"
    "<pubDate>Mon, 01 Jun 2026 10:00:00 GMT</pubDate><description>{body}</description></item>"
)


def write_feed(path: Path, bodies: list[str]) -> None:
    items = "".join(ITEM.format(n=n, body=body) for n, body in enumerate(bodies))
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Forum</title>'
        f"<link>http://forum.example/</link>{items}</channel></rss>",
        encoding="utf-8",
    )


HOSTILE = {
    "malformed": None,
    "html": "not a feed: got an HTML page",
    "status/404": "HTTP 404 Not Found",
    "status/410": "HTTP 410 Gone: the feed is gone, source disabled",
    "status/500": "HTTP 500 Internal Server Error",
    "429": "HTTP 429 Too Many Requests",
    "hang": "timed out after 2 s",
    "drip": "timed out after 2 s",
    "huge": "response larger than 1 MB",
    "huge-stream": "response larger than 1 MB",
    "gzip-bomb": "response larger than 1 MB",
    "loop-a": "redirect loop",
    "redirects/9": "too many redirects (more than 5)",
    "bad-json": "invalid JSON at line 1",
    "wrong-type": None,
    "octet": None,
    "redirects/2": None,
    "moved": None,
}


def test_hostile_server_every_source_ends_with_entries_or_its_error(tmp_path: Path) -> None:
    gzip_bomb()  # built once up front, so building it is not mistaken for a slow server
    with FeedServer() as server, open_store(tmp_path) as store:
        config = make_config(
            [{"name": route, "url": f"{server.url}hostile/{route}"} for route in HOSTILE],
            timeout=2,
            max_bytes=1_000_000,
            per_host=32,
            concurrency=32,
        )
        summary = collect_sources(config, store)
        health = store.source_health().set_index("name")
        agents = server.user_agents

    results = {r.name: r for r in summary.sources}
    for route, error in HOSTILE.items():
        result, row = results[route], health.loc[route]
        if error is None:
            assert result.status == "collected", (route, result.error)
            assert (
                row["posts"] > 0 and pd.isna(row["last_error"]) and row["consecutive_failures"] == 0
            )
        else:
            assert result.status == "failed", route
            assert result.error.startswith(error), (route, result.error)
            assert row["last_error"] == result.error and row["consecutive_failures"] == 1
            assert pd.notna(row["last_attempt"]) and row["posts"] == 0
    assert summary.failed == sum(1 for e in HOSTILE.values() if e is not None)
    assert (
        health.loc["malformed", "malformed"]
        and "invalid XML" in health.loc["malformed", "malformed_reason"]
    )
    assert health.loc["status/410", "disabled"]
    assert health.loc["moved", "url"].endswith("/hostile/feed")  # permanent redirect followed
    assert not health.loc["redirects/2", "url"].endswith("/hostile/feed")  # temporary: kept
    retry = health.loc["429", "next_attempt_after"].to_pydatetime().replace(tzinfo=UTC)
    assert retry > datetime.now(UTC) + timedelta(seconds=100)
    assert agents and all(
        a.startswith("Observatoire/") and "observatoire.example.org" in a for a in agents
    )


def test_schedule_is_honoured_and_force_overrides_it(tmp_path: Path) -> None:
    with FeedServer() as server, open_store(tmp_path) as store:
        config = make_config(
            [
                {"name": "busy", "url": f"{server.url}hostile/429"},
                {"name": "gone", "url": f"{server.url}hostile/status/410"},
            ]
        )
        collect_sources(config, store)
        before = server.requests
        second = {r.name: r.status for r in collect_sources(config, store).sources}
        assert second == {"busy": "skipped", "gone": "disabled"}
        assert server.requests == before
        forced = {r.name: r.status for r in collect_sources(config, store, force=True).sources}
        assert forced == {"busy": "failed", "gone": "disabled"}
        assert store.source_health().set_index("name").loc["busy", "consecutive_failures"] == 2


def test_conditional_get_and_edits_update_in_place(tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    feed = folder / "forum.xml"
    write_feed(feed, ["un", "deux", "trois"])
    with FeedServer(folder) as server, open_store(tmp_path) as store:
        config = make_config([{"name": "forum", "url": server.url_for("forum.xml")}])
        first = collect_sources(config, store)
        second = collect_sources(config, store)
        write_feed(feed, ["un", "deux (modifié)", "trois", "quatre"])
        third = collect_sources(config, store)
        keys = store.post_keys()
        health = store.source_health().set_index("name").loc["forum"]

    assert (first.new, first.sources[0].status) == (3, "collected")
    assert second.sources[0].status == "not-modified" and second.bytes == 0
    assert (third.new, third.updated, third.unchanged) == (1, 1, 2)
    assert len(keys) == 4 and len({k[1] for k in keys}) == 4
    assert health["entries_seen"] == 4 and health["bytes_total"] == first.bytes + third.bytes
    assert pd.notna(health["last_success"]) and health["etag"]


def test_per_host_limit_holds_and_hosts_run_in_parallel(tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    for n in range(6):
        write_feed(folder / f"f{n}.xml", [f"post {n}"])
    try:
        other = FeedServer(folder, host="127.0.0.2", delay=0.3)
    except OSError:
        pytest.skip("cannot bind 127.0.0.2 on this machine")
    with FeedServer(folder, delay=0.3) as one, other as two, open_store(tmp_path) as store:
        sources = [
            {"name": f"{host}-{n}", "url": server.url_for(f"f{n}.xml")}
            for host, server in (("a", one), ("b", two))
            for n in range(6)
        ]
        summary = collect_sources(make_config(sources, per_host=2, concurrency=8), store)
        assert summary.failed == 0 and summary.new == 12
        assert one.max_in_flight == 2 and two.max_in_flight == 2


def test_local_files_are_read_with_the_same_cap(tmp_path: Path) -> None:
    small, big = tmp_path / "small.xml", tmp_path / "big.xml"
    write_feed(small, ["un"])
    write_feed(big, ["x" * 5000])
    with open_store(tmp_path) as store:
        config = make_config(
            [
                {"name": "small", "path": small},
                {"name": "big", "path": big},
                {"name": "missing", "path": tmp_path / "nope.xml"},
            ],
            max_bytes=3000,
        )
        results = {r.name: r for r in collect_sources(config, store).sources}
    assert results["small"].new == 1
    assert results["big"].error == "file larger than 3 kB"
    assert results["missing"].error.startswith("file not found")
