"""SIGKILL in the middle of a collection, then a rerun: the same posts as an uninterrupted run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from feedserver import FeedServer

from generator.collect import collect_sources
from generator.config import load_config
from generator.store import Store

PROJECT = Path(__file__).resolve().parents[1]
FEEDS = 20
ITEMS = 25


def write_feeds(folder: Path) -> None:
    folder.mkdir()
    for f in range(FEEDS):
        items = "".join(
            f"<item><title>Feed {f} post {i}</title><link>http://f{f}.example/{i}</link>"
            f"<description>Texte {f}-{i} sur Orbis</description>"
            + (f"<guid>f{f}-{i}</guid>" if i % 3 else "")  # some entries without guid
            + "</item>"
            for i in range(ITEMS)
        )
        (folder / f"feed{f}.xml").write_text(
            f"<rss version='2.0'><channel><title>Feed {f}</title>{items}</channel></rss>",
            encoding="utf-8",
        )


def write_config(path: Path, base_url: str, db: Path) -> None:
    sources = "\n".join(
        f"  - {{name: 'feed {f}', url: '{base_url}feed{f}.xml', kind: forum}}" for f in range(FEEDS)
    )
    path.write_text(
        f"""
store: {{url: "sqlite:///{db}"}}
collect: {{timeout: 10, connect_timeout: 2, per_host: 2, concurrency: 4}}
sectors: [{{slug: telecom, name: Télécoms, brands: [{{slug: orbis, name: Orbis}}]}}]
sources:
{sources}
""",
        encoding="utf-8",
    )


def collect(config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "collect", "--quiet", "--config", str(config)],
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "200"},
    )


def posts_in(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM posts").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # tables not created yet


def kill_when(process: subprocess.Popen[bytes], db: Path, at_least: int) -> bool:
    """SIGKILL once `at_least` posts are stored; False if the run finished first."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if posts_in(db) >= at_least:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.02)
    process.wait()
    return False


def test_sigkill_then_rerun_gives_the_posts_of_an_uninterrupted_run(tmp_path: Path) -> None:
    write_feeds(tmp_path / "feeds")
    with FeedServer(tmp_path / "feeds", delay=0.1) as server:
        clean_db, killed_db = tmp_path / "clean.db", tmp_path / "killed.db"
        write_config(tmp_path / "clean.yml", server.url, clean_db)
        write_config(tmp_path / "killed.yml", server.url, killed_db)

        with Store(f"sqlite:///{clean_db}") as clean:  # the uninterrupted run, in process
            summary = collect_sources(load_config(tmp_path / "clean.yml"), clean)
            assert summary.failed == 0

        kills = 0
        for threshold in (1, FEEDS * ITEMS // 2):
            kills += kill_when(collect(tmp_path / "killed.yml"), killed_db, threshold)
        assert kills >= 1, "the collection finished before it could be killed"
        assert 0 < posts_in(killed_db) < FEEDS * ITEMS
        rerun = collect(tmp_path / "killed.yml")
        assert rerun.wait(timeout=120) == 0, rerun.stderr.read().decode()

    with sqlite3.connect(killed_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store(f"sqlite:///{clean_db}") as clean, Store(f"sqlite:///{killed_db}") as killed:
        expected, got = clean.post_keys(), killed.post_keys()
        health = killed.source_health()
    assert len(expected) == FEEDS * ITEMS
    assert got == expected
    assert (health["consecutive_failures"] == 0).all() and health["last_success"].notna().all()
