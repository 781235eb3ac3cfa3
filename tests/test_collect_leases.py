"""Several collectors, one store: real `observatoire collect` processes on the demo's feeds
served over local HTTP, on a real PostgreSQL server and on SQLite.

Started together, they fetch every source exactly once and store the posts of one collector;
one killed with SIGKILL while it holds leases loses nothing: a later collector fetches what it
left, once its leases expire (another machine) or at once (the same machine, the holder's
process gone). Feeds answer with Cache-Control: max-age, as most do, so a source another
collector has just recorded is not due."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from pg_server import PostgresServer

from generator.collect import collect_sources
from generator.config import load_config
from generator.store import Store

PROJECT = Path(__file__).resolve().parents[1]
FEEDS = PROJECT / "generator" / "data" / "demo" / "feeds"
DELAY = 0.4  # per response: the collectors' runs overlap


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _CountingServer

    def log_message(self, *_args: object) -> None:
        pass

    def do_GET(self) -> None:
        name = unquote(urlsplit(self.path).path).lstrip("/")
        server = self.server
        with server.lock:
            server.hits[name] += 1
            stalled = name in server.stall
            if stalled:
                server.stalled[name] += 1
        if stalled:  # held until the test lets go (the collector is killed meanwhile)
            server.release.wait(30)
        time.sleep(DELAY)
        target = FEEDS / name
        if not target.is_file():
            self.send_error(404)
            return
        body = target.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class _CountingServer(ThreadingHTTPServer):
    """The demo feeds, each request counted by path; paths in `stall` wait for `release`."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.stalled: Counter[str] = Counter()
        self.stall: set[str] = set()
        self.release = threading.Event()
        self.url = f"http://127.0.0.1:{self.server_address[1]}/"


@pytest.fixture
def feeds() -> Iterator[_CountingServer]:
    server = _CountingServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def write_config(path: Path, base_url: str, store_url: str, **collect: object) -> Path:
    """The demo's observatoire.yml, its sources fetched from base_url, stored in store_url."""
    config = yaml.safe_load((PROJECT / "observatoire.yml").read_text(encoding="utf-8"))
    for source in config["sources"]:
        source["url"] = base_url + Path(source.pop("path")).name
    config["store"] = {"url": store_url}
    config["collect"] = {"timeout": 15, "connect_timeout": 2, "concurrency": 2, **collect}
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def start(config: Path, name: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "collect", "--quiet", "--config", str(config)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "250", "OBSERVATOIRE_COLLECTOR": name},
    )


def finish(process: subprocess.Popen[str]) -> str:
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    return output


def counted(output: str, word: str) -> int:
    """A figure of the summary line ("9 sources: 3 collected, ... 2 leased elsewhere, ...")."""
    found = re.search(rf"(\d+) {word}", output)
    assert found, output
    return int(found.group(1))


def reference_keys(tmp_path: Path, server: _CountingServer) -> list[tuple[str, str, str]]:
    """One collector on a fresh SQLite store (in process): the posts every scenario must get."""
    config = write_config(tmp_path / "one.yml", server.url, f"sqlite:///{tmp_path / 'one.db'}")
    with Store(f"sqlite:///{tmp_path / 'one.db'}") as store:
        summary = collect_sources(load_config(config), store)
        keys = store.post_keys()
    assert summary.failed == 0 and summary.count("collected") == len(summary.sources)
    with server.lock:
        server.hits.clear()
    return keys


@contextmanager
def opened(url: str) -> Iterator[Store]:
    with Store(url) as store:
        yield store


def fresh_store(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.db'}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    return server.new_database()


@pytest.mark.parametrize(("kind", "collectors"), [("postgresql", 3), ("sqlite", 2)])
def test_collectors_started_together_fetch_each_source_once(
    kind: str,
    collectors: int,
    feeds: _CountingServer,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    expected = reference_keys(tmp_path, feeds)
    url = fresh_store(kind, tmp_path, request)  # created by the collectors themselves
    config = write_config(tmp_path / "shared.yml", feeds.url, url)
    processes = [start(config, f"machine-{n}") for n in range(collectors)]
    outputs = [finish(p) for p in processes]

    files = sorted(p.name for p in FEEDS.iterdir())
    assert dict(feeds.hits) == dict.fromkeys(files, 1)
    with opened(url) as store:
        keys = store.post_keys()
        health = store.source_health()
    assert len(set(keys)) == len(keys)
    assert keys == expected
    assert sum(counted(o, "collected") for o in outputs) == len(files)
    assert sum(counted(o, "failed") for o in outputs) == 0
    assert health["lease_holder"].isna().all()  # every lease released


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_a_killed_collector_loses_nothing(
    kind: str, feeds: _CountingServer, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The collector is killed while two of its sources hang; the next collector fetches them
    (and the third it never reached), nothing twice. On PostgreSQL it runs as another machine
    and waits for the killed one's leases to expire (lease_seconds: 2); on SQLite it runs on
    the same machine, which knows the holder's process is gone and takes them over at once."""
    expected = reference_keys(tmp_path, feeds)
    url = fresh_store(kind, tmp_path, request)
    lease = 2 if kind == "postgresql" else 600  # SQLite: taken over long before it expires
    config = write_config(tmp_path / "shared.yml", feeds.url, url, lease_seconds=lease)
    stalled = {"piaf-telecoms.xml", "rezo-forfaits-et-box.atom", "avis-operateurs.xml"}
    feeds.stall |= stalled
    killed = start(config, "machine-a")
    deadline = time.monotonic() + 30
    while sum(feeds.stalled.values()) < 2 and killed.poll() is None:
        assert time.monotonic() < deadline, "the collector never reached the stalled feeds"
        time.sleep(0.05)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    with feeds.lock:
        requested = Counter(feeds.hits)  # by the killed collector
    with opened(url) as store:
        held = [s for s in store.stored_sources() if s.lease_holder is not None]
        recorded = {Path(s.url).name for s in store.stored_sources() if s.last_attempt}
    assert len(held) >= 2 and all(s.lease_holder.startswith("machine-a:") for s in held)  # type: ignore[union-attr]

    feeds.stall.clear()
    feeds.release.set()
    if kind == "postgresql":
        expiry = max(s.lease_until for s in held if s.lease_until is not None)
        while datetime.now(UTC).replace(tzinfo=None) <= expiry:
            time.sleep(0.1)
    second = finish(start(config, "machine-b" if kind == "postgresql" else "machine-a"))

    with opened(url) as store:
        keys = store.post_keys()
        health = store.source_health()
    assert len(set(keys)) == len(keys)
    assert keys == expected
    files = sorted(p.name for p in FEEDS.iterdir())
    assert counted(second, "collected") == len(files) - len(recorded) >= 3
    # What the killed collector recorded is not fetched again; what it had not (stalled, or
    # still in flight when it died) is fetched once more by the second one.
    assert all(requested[f] == 1 for f in recorded)
    assert dict(feeds.hits) == {f: requested[f] + (f not in recorded) for f in files}
    assert sum(feeds.stalled.values()) == 2
    assert health["lease_holder"].isna().all() and (health["consecutive_failures"] == 0).all()


def test_a_source_leased_by_another_collector_is_reported_not_fetched(
    feeds: _CountingServer, tmp_path: Path
) -> None:
    """Another machine's live lease is respected even by --force, and shown as such."""
    url = f"sqlite:///{tmp_path / 'obs.db'}"
    config = load_config(write_config(tmp_path / "obs.yml", feeds.url, url))
    with Store(url) as store:
        ids = store.sync_sources(config.sources)
        first = config.sources[0].name
        taken = store.lease_sources([ids[first]], "elsewhere:1:abcd", 60, lambda _s: True)
        assert len(taken.leased) == 1
        summary = collect_sources(config, store, force=True)
        [held] = [s for s in store.stored_sources() if s.lease_holder is not None]
    results = {r.name: r for r in summary.sources}
    assert results[first].status == "leased-elsewhere"
    assert "another collector" in (results[first].note or "")
    assert summary.count("collected") == len(config.sources) - 1 and summary.failed == 0
    assert held.lease_holder == "elsewhere:1:abcd"  # left to its holder
    assert Path(config.sources[0].location).name not in feeds.hits
