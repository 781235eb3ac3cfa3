"""Every real-world feed of ../shared/data/feeds, served over HTTP: entries or a readable error."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from collect_helpers import make_config, open_store
from conftest import SHARED, require_shared
from feedserver import FeedServer

from generator.collect import collect_sources

CORPUS = SHARED / "data" / "feeds"


def corpus_files() -> list[Path]:
    require_shared(CORPUS)
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.txt")


@pytest.mark.slow
def test_every_real_world_feed_yields_entries_or_a_recorded_error(tmp_path: Path) -> None:
    files = corpus_files()
    assert len(files) >= 250
    with FeedServer(CORPUS) as server, open_store(tmp_path) as store:
        names = [str(path.relative_to(CORPUS)) for path in files]
        config = make_config(
            [{"name": name, "url": server.url_for(name)} for name in names],
            timeout=30,
            max_bytes=5_000_000,
            per_host=8,
            concurrency=8,
        )
        summary = collect_sources(config, store)
        health = store.source_health().set_index("name")
        rerun = collect_sources(config, store)

    assert len(summary.sources) == len(files)
    for result in summary.sources:
        row = health.loc[result.name]
        if result.status == "collected":
            assert row["entries_seen"] == result.entries and pd.notna(row["last_success"])
            assert row["posts"] == result.new  # nothing lost, nothing doubled
        else:
            assert result.status == "failed", result
            assert result.error and not result.error.startswith("internal error"), result
            assert row["last_error"] == result.error
    collected = [r for r in summary.sources if r.status == "collected"]
    assert len(collected) >= 0.9 * len(files)
    assert sum(r.entries for r in collected) > 1500
    # Second run: every collected feed answers 304, nothing is transferred or stored twice.
    statuses = {r.name: r.status for r in rerun.sources}
    assert all(statuses[r.name] == "not-modified" for r in collected)
    assert rerun.bytes == 0 and rerun.new == 0
