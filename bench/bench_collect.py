"""Benchmark: `collect_sources` against sequential feedparser and `reader.update_feeds`.

    python bench/bench_collect.py [--feeds 500] [--hosts 50] [--latency 0.1] [--workers 32]

N feeds (20 short posts each, like a forum or social feed) are served by local servers on
127.0.0.1..127.0.0.H (one per "host", so per-host politeness is exercised), each response
delayed by --latency seconds. Every contender runs twice in a fresh subprocess (so its peak RSS
is its own): the second run shows what conditional GET saves. Bytes are counted by the servers
(response bodies, as sent). Ratios are printed, not asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

WORDS = [
    "orbis", "réseau", "fibre", "panne", "service", "client", "box", "débit", "facture",
    "conseiller", "attente", "super", "nul", "merci", "bravo", "coupure", "remboursement",
    "offre", "mobile", "forfait", "appli",
]  # fmt: skip


def write_feeds(folder: Path, count: int, items: int = 20) -> None:
    for f in range(count):
        entries = []
        for i in range(items):
            text = " ".join(WORDS[(f * 7 + i * 3 + k) % len(WORDS)] for k in range(40))
            entries.append(
                f"<item><title>Sujet {f}-{i}</title><link>https://forum{f}.example/t/{i}</link>"
                f"<guid>f{f}-{i}</guid><pubDate>Mon, 01 Jun 2026 {i % 24:02d}:00:00 GMT</pubDate>"
                f"<dc:creator>membre_{i}</dc:creator><description>&lt;p&gt;{text}&lt;/p&gt;"
                f"</description></item>"
            )
        (folder / f"feed{f}.xml").write_text(
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f"<title>Forum {f}</title><link>https://forum{f}.example/</link>{''.join(entries)}"
            "</channel></rss>",
            encoding="utf-8",
        )


# -- contenders (run in a child process) -------------------------------------------------------


def run_observatoire(urls: list[str], state: Path, workers: int) -> None:
    from generator.collect import collect_sources
    from generator.config import Brand, CollectConfig, Config, Sector, Source
    from generator.store import Store

    config = Config(
        sectors=[Sector(slug="t", name="T", brands=[Brand(slug="o", name="O")])],
        sources=[Source(name=f"feed {i}", url=u, kind="forum") for i, u in enumerate(urls)],
        collect=CollectConfig(concurrency=workers, per_host=2, timeout=30),
    )
    with Store(f"sqlite:///{state / 'obs.db'}") as store:
        summary = collect_sources(config, store)
    assert summary.failed == 0, [r.error for r in summary.sources if r.failed][:3]


def run_feedparser(urls: list[str], _state: Path, _workers: int) -> None:
    import feedparser

    for url in urls:
        parsed = feedparser.parse(url)
        assert parsed.entries, url


def run_reader(urls: list[str], state: Path, workers: int) -> None:
    from reader import make_reader

    reader = make_reader(str(state / "reader.sqlite"))
    existing = {feed.url for feed in reader.get_feeds()}
    for url in urls:
        if url not in existing:
            reader.add_feed(url)
    reader.update_feeds(workers=workers)
    reader.close()


IMPORTS = {
    "observatoire": ("generator.collect", "generator.store", "generator.config"),
    "feedparser": ("feedparser",),
    "reader": ("reader",),
}
CONTENDERS = {
    "observatoire": run_observatoire,
    "feedparser": run_feedparser,
    "reader": run_reader,
}


def child(name: str, urls_file: Path, state: Path, workers: int) -> None:
    urls = json.loads(urls_file.read_text())
    function = CONTENDERS[name]
    # Imports happen before the clock starts: we time collecting, not interpreter start-up.
    for module in IMPORTS[name]:
        __import__(module)
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    function(urls, state, workers)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_kib = usage.ru_maxrss
    # Worker processes (observatoire's parse pool): the largest one, reported separately.
    workers_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mib": peak_kib / 1024,
                "child_mib": workers_kib / 1024,
                "cpu": usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime,
            }
        )
    )


# -- driver ------------------------------------------------------------------------------------


def start_servers(folder: Path, hosts: int, latency: float) -> list:
    from feedserver import FeedServer

    servers = []
    for h in range(1, hosts + 1):
        try:
            servers.append(FeedServer(folder, host=f"127.0.0.{h}", delay=latency).start())
        except OSError:
            break  # only 127.0.0.1 on this machine
    return servers


def measure(name: str, urls_file: Path, state: Path, workers: int, servers: list) -> dict:
    before = sum(s.bytes_sent for s in servers)
    done = subprocess.run(
        [sys.executable, __file__, "--child", name, str(urls_file), str(state), str(workers)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        print(f"  {name} failed:\n{done.stderr[-1500:]}")
        return {"seconds": float("nan"), "peak_mib": float("nan"), "child_mib": 0.0, "cpu": 0.0,
                "bytes": 0}  # fmt: skip
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["bytes"] = sum(s.bytes_sent for s in servers) - before
    return result


def cpu_floor(bodies: list[bytes], feeds: int, workers: int, latency: float) -> dict:
    """What no collector parsing with feedparser can beat on this machine, measured here.

    Parsing and normalising every body on one core (no network), divided by the cores, is a
    floor for the first run; so is the pure waiting (feeds / workers x latency). The
    sequential baseline pays latency + its own parse for every feed, so the best ratio any
    such collector can reach is sequential time / the larger floor.
    """
    import os
    from datetime import UTC, datetime

    from generator.collect.worker import parse_and_normalise

    started = time.perf_counter()
    for body in bodies:
        parse_and_normalise(body, "http://127.0.0.1/feed.xml", "application/rss+xml",
                            datetime.now(UTC), None)  # fmt: skip
    parse = time.perf_counter() - started
    cores = len(os.sched_getaffinity(0))
    return {
        "parse": parse,
        "cores": cores,
        "floor": max(parse / cores, feeds / workers * latency),
    }


def parse_floor(bodies: list[bytes]) -> dict:
    """CPU seconds to parse every body on one core with feedparser alone and with the fast
    path (feedparser-rs, feedparser behind it), and how many bodies fell back."""
    from generator.collect.parse import parse_feed

    seconds: dict = {}
    for label, fast in (("feedparser", False), ("fast", True)):
        started = time.process_time()
        parsers = [
            parse_feed(body, url="http://127.0.0.1/feed.xml", content_type="application/rss+xml",
                       fast=fast).parser
            for body in bodies
        ]  # fmt: skip
        seconds[label] = time.process_time() - started
        if fast:
            seconds["fell_back"] = sum(p == "feedparser" for p in parsers)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--skip-sequential-rerun", action="store_true")
    parser.add_argument("--only", nargs="+", choices=list(CONTENDERS), help="run only these")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, urls_file, state, workers = args.child
        child(name, Path(urls_file), Path(state), int(workers))
        return

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "feeds"
        folder.mkdir()
        write_feeds(folder, args.feeds)
        folder_bytes = [p.read_bytes() for p in sorted(folder.glob("feed*.xml"))]
        servers = start_servers(folder, args.hosts, args.latency)
        urls = [servers[f % len(servers)].url_for(f"feed{f}.xml") for f in range(args.feeds)]
        urls_file = Path(tmp) / "urls.json"
        urls_file.write_text(json.dumps(urls))
        print(
            f"{args.feeds} feeds on {len(servers)} local hosts, {args.latency * 1000:.0f} ms "
            f"added per response, {args.workers} workers (observatoire: per_host=2)"
        )
        results: dict[str, list[dict]] = {}
        for name in args.only or ("observatoire", "reader", "feedparser"):
            state = Path(tmp) / name
            state.mkdir()
            runs = [measure(name, urls_file, state, args.workers, servers)]
            if not (name == "feedparser" and args.skip_sequential_rerun):
                runs.append(measure(name, urls_file, state, args.workers, servers))
            results[name] = runs
            for number, run in enumerate(runs, 1):
                workers = (
                    f" (+ largest worker process {run['child_mib']:.0f} MiB)"
                    if run["child_mib"]
                    else ""
                )
                print(
                    f"  {name:13s} run {number}: {run['seconds']:7.2f} s  "
                    f"{run['bytes'] / 1e6:8.2f} MB  CPU (main process) {run['cpu']:6.2f} s  "
                    f"peak RSS {run['peak_mib']:6.0f} MiB{workers}"
                )
        for server in servers:
            server.stop()

    if "observatoire" not in results:
        return
    ours = results["observatoire"]
    floor = cpu_floor(folder_bytes, args.feeds, args.workers, args.latency)
    print("ratios (higher is better for observatoire):")
    for name in ("feedparser", "reader"):
        if name not in results:
            continue
        print(f"  first run, {name} time / observatoire time: "
              f"{results[name][0]['seconds'] / ours[0]['seconds']:.1f}x")  # fmt: skip
    print(
        f"  floor: parse + normalise of all feeds {floor['parse']:.2f} s on one core, "
        f"{floor['cores']} cores -> no feedparser-based collector beats {floor['floor']:.2f} s here"
    )
    parsing = parse_floor(folder_bytes)
    print(
        f"  parse floor on one core (CPU): feedparser {parsing['feedparser']:.2f} s, "
        f"feedparser-rs with feedparser behind it {parsing['fast']:.2f} s "
        f"({parsing['fell_back']} of {len(folder_bytes)} feeds fell back)"
    )
    if "feedparser" in results:
        sequential = results["feedparser"][0]["seconds"]
        best = sequential / floor["floor"]
        reached = sequential / ours[0]["seconds"] / best
        print(f"  best ratio reachable against sequential on this machine: {best:.1f}x "
              f"(observatoire reaches {reached:.0%} of it)")  # fmt: skip
    for name, runs in results.items():
        if len(runs) == 2 and runs[0]["bytes"]:
            print(f"  second run bytes / first run bytes, {name}: "
                  f"{100 * runs[1]['bytes'] / runs[0]['bytes']:.1f} %")  # fmt: skip


if __name__ == "__main__":
    main()
