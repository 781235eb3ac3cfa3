"""Hostile feeds and crashes that once lost or forged data, kept here so they stay fixed.

Each case is served over real HTTP by a local server (or run in a real subprocess killed with
SIGKILL): distinct posts merged into one, a post from the year 2999 ruling the site, redirects
to internal addresses (in a private network namespace, so nothing can leave this machine), a
killed build blocking the next one, an exclusion dodged with invisible characters, a
configuration key given twice.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from aggregate_support import config as aggregate_config
from aggregate_support import frame
from collect_helpers import make_config, open_store
from feedserver import FeedServer

from generator.aggregate import compute
from generator.aggregate.privacy import Privacy
from generator.collect import collect_sources
from generator.config import ConfigError, parse_config
from generator.errors import BuildError
from generator.render.pages import MARKER, YAML_MARKER, ContentWriter
from generator.render.site import build_site

TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent


def rss(*items: str) -> str:
    return f"<rss version='2.0'><channel><title>T</title>{''.join(items)}</channel></rss>"


def item(
    title: str = "Orbis en panne",
    text: str = "Plus rien chez Orbis",
    *,
    guid: str | None = None,
    link: str | None = None,
    author: str | None = None,
    date: str | None = "Mon, 01 Jun 2026 10:00:00 GMT",
) -> str:
    parts = [f"<title>{title}</title><description>{text}</description>"]
    if guid is not None:
        parts.append(f"<guid isPermaLink='false'>{guid}</guid>")
    if link is not None:
        parts.append(f"<link>{link}</link>")
    if author is not None:
        parts.append(f"<author>{author}</author>")
    if date is not None:
        parts.append(f"<pubDate>{date}</pubDate>")
    return "<item>" + "".join(parts) + "</item>"


def collect_feeds(tmp_path: Path, feeds: dict[str, str]) -> dict[str, list[tuple]]:
    """Serve the feeds, collect them twice, return each source's stored posts."""
    folder = tmp_path / "feeds"
    folder.mkdir(exist_ok=True)
    for name, body in feeds.items():
        (folder / f"{name}.xml").write_text(body, encoding="utf-8")
    with FeedServer(folder) as server:
        config = make_config([{"name": n, "url": server.url_for(f"{n}.xml")} for n in feeds])
        with open_store(tmp_path) as store:
            first = collect_sources(config, store, force=True)
            second = collect_sources(config, store, force=True)
            assert all(r.status == "collected" for r in first.sources), first.sources
            assert second.new == 0 and all(r.status != "failed" for r in second.sources)
            with store.engine.connect() as conn:
                rows = conn.exec_driver_sql(
                    "select s.name, p.guid, p.author, p.title, p.text, p.published, "
                    "p.date_missing from posts p join sources s on s.id = p.source_id "
                    "order by p.id"
                ).all()
    by_source: dict[str, list[tuple]] = {name: [] for name in feeds}
    for row in rows:
        by_source[row[0]].append(tuple(row[1:]))
    return by_source


# -- 1. distinct posts stay distinct ------------------------------------------------------------


def test_distinct_guids_sharing_a_link_or_a_text_are_distinct_posts(tmp_path: Path) -> None:
    thread = "https://forum.example/t/42"
    four = rss(
        item(guid="p1", link=thread, author="a@example.org (Ana)", text="Panne Orbis depuis hier"),
        item(guid="p2", link=thread, author="b@example.org (Bob)", text="Pareil, Orbis HS"),
        item(guid="p3", author="c@example.org (Cléo)"),
        item(guid="p4", author="d@example.org (Dan)"),
    )
    big = rss(
        *(
            item(guid=f"g{i}", link=f"https://forum.example/t/{i % 3}", text=f"Avis {i % 81}")
            for i in range(243)
        )
    )
    stored = collect_feeds(tmp_path, {"four": four, "big": big})
    assert [row[0] for row in stored["four"]] == ["p1", "p2", "p3", "p4"]
    assert [row[1] for row in stored["four"]] == ["Ana", "Bob", "Cléo", "Dan"]
    assert len(stored["big"]) == 243


def test_entries_without_guid_sharing_a_link_or_words_stay_apart(tmp_path: Path) -> None:
    """A forum thread whose replies carry the thread's link; two people, the same words."""
    thread = "https://forum.example/t/7"
    replies = rss(
        item(link=thread, author="a@example.org (Ana)", text="Orbis en panne", date=None),
        item(link=thread, author="b@example.org (Bob)", text="Moi aussi", date=None),
        item(link=thread, author="c@example.org (Cléo)", text="Rétabli ce matin"),
    )
    no_link = rss(
        item(author="a@example.org (Ana)"),
        item(author="b@example.org (Bob)"),
        item(author="b@example.org (Bob)", date="Tue, 02 Jun 2026 10:00:00 GMT"),
    )
    stored = collect_feeds(tmp_path, {"replies": replies, "nolink": no_link})
    assert [row[1] for row in stored["replies"]] == ["Ana", "Bob", "Cléo"]
    assert len({row[0] for row in stored["replies"]}) == 3
    assert all(row[0].startswith(thread + "#sha256:") for row in stored["replies"])
    assert [row[1] for row in stored["nolink"]] == ["Ana", "Bob", "Bob"]


def test_a_thread_growing_keeps_its_first_post(tmp_path: Path) -> None:
    """Stored under the bare link while alone, the first reply is found again, not doubled."""
    thread = "https://forum.example/t/9"
    folder = tmp_path / "feeds"
    folder.mkdir()
    feed = folder / "thread.xml"
    first = item(link=thread, author="a@example.org (Ana)", text="Panne Orbis")
    feed.write_text(rss(first), encoding="utf-8")
    with FeedServer(folder) as server, open_store(tmp_path) as store:
        config = make_config([{"name": "thread", "url": server.url_for("thread.xml")}])
        assert collect_sources(config, store, force=True).new == 1
        reply = item(link=thread, author="b@example.org (Bob)", text="Idem")
        feed.write_text(rss(first, reply), "utf-8")
        os.utime(feed, (time.time() + 5, time.time() + 5))
        again = collect_sources(config, store, force=True)
        assert (again.new, again.updated) == (1, 0)
        with store.engine.connect() as conn:
            rows = conn.exec_driver_sql("select id, guid, author from posts order by id").all()
    assert [(r[0], r[2]) for r in rows] == [(1, "Ana"), (2, "Bob")]
    assert rows[0][1].startswith(thread + "#")


# -- 2. no post from the future --------------------------------------------------------------


def test_a_date_in_the_future_becomes_the_fetch_time_and_is_flagged(tmp_path: Path) -> None:
    before = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    tomorrow_ish = (datetime.now(UTC) + timedelta(hours=12)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    feed = rss(
        item(guid="future", date="Fri, 01 Jan 2999 10:00:00 GMT"),
        item(guid="soon", date=tomorrow_ish),  # within the tolerance: clocks disagree a little
        item(guid="old", date="Mon, 01 Jun 2026 10:00:00 GMT"),
    )
    stored = {row[0]: row for row in collect_feeds(tmp_path, {"f": feed})["f"]}
    published, missing = stored["future"][4], stored["future"][5]
    after = datetime.now(UTC).replace(tzinfo=None)
    assert missing and before <= pd.Timestamp(published).to_pydatetime() <= after
    assert not stored["soon"][5] and not stored["old"][5]


def test_no_report_for_a_month_after_the_build_date() -> None:
    config = aggregate_config()
    mentions = frame(
        [
            {"published": "2026-11-20T10:00:00", "sentiment": "positive"},
            {"published": "2999-01-01T10:00:00", "sentiment": "negative"},
        ]
    )
    observatory = compute(mentions, config, as_of=datetime(2026, 12, 2, tzinfo=UTC))
    assert observatory.months == ["2026-11"]
    assert set(observatory.monthly["month"]) == {"2026-11"}
    # The build date is read in the site's time zone: 1 January 00:30 in Paris is January.
    new_year = frame([{"published": "2026-12-31T23:30:00"}])  # 00:30 in Paris
    late = compute(new_year, config, as_of=datetime(2026, 12, 31, 23, 40, tzinfo=UTC))
    assert late.months == ["2027-01"]


# -- 3. redirects to internal addresses -----------------------------------------------------------


def _namespace_available() -> str | None:
    if not shutil.which("unshare") or not shutil.which("ip"):
        return "unshare(1) and ip(8) are needed (util-linux, iproute2)"
    probe = subprocess.run(
        ["unshare", "-rn", "ip", "link", "set", "lo", "up"], capture_output=True, text=True
    )
    if probe.returncode != 0:
        return f"cannot create a network namespace here: {probe.stderr.strip()}"
    return None


def test_redirects_to_internal_addresses_are_refused(tmp_path: Path) -> None:
    """A public feed redirecting to loopback, private or metadata addresses is refused with a
    readable per-source error and nothing is requested there; a feed configured on loopback
    may still redirect within loopback (local test servers keep working)."""
    reason = _namespace_available()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    script = (
        "ip link set lo up && ip addr add 192.88.99.1/32 dev lo && "
        f'exec "{sys.executable}" netns_redirects.py "{tmp_path / "ns.db"}"'
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(PROJECT)])}
    done = subprocess.run(
        ["unshare", "-rn", "sh", "-c", script],
        cwd=TESTS,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout.strip().splitlines()[-1])
    for allowed in ("public-to-public", "loopback-to-loopback"):
        assert results[allowed]["status"] == "collected" and results[allowed]["new"] == 2
    refused = {
        "public-to-loopback": "loopback",
        "public-to-loopback-permanent": "loopback",
        "public-to-localhost-name": "localhost = 127.0.0.1 is a loopback",
        "public-to-mapped-ipv6": "loopback",
        "public-to-metadata": "cloud metadata",
        "public-to-private": "private",
        "public-two-hops-to-loopback": "loopback",
        "loopback-to-metadata": "cloud metadata",
    }
    for name, words in refused.items():
        outcome = results[name]
        assert outcome["status"] == "failed" and outcome["new"] == 0, (name, outcome)
        assert "refused" in outcome["error"] and words in outcome["error"], (name, outcome)
    assert results["secret-server-requests"] == 0


# -- 4. a killed build never blocks the next one ---------------------------------------------


def test_a_page_listed_as_generated_but_cut_short_is_rewritten(tmp_path: Path) -> None:
    content = tmp_path / "content"
    writer = ContentWriter(content)
    writer.write("a.md", MARKER + "\n\nfirst")
    writer.write("blog/b.md", f"---\n{YAML_MARKER}\ndate: 2026-10-31\n---\n{MARKER}\n")
    # A build killed here never reached finish(): the manifest must already list both pages.
    listed = (content / ".generated").read_text(encoding="utf-8").split()
    assert listed == ["a.md", "blog/b.md"]
    (content / "a.md").write_text("", encoding="utf-8")  # what a kill mid-write once left
    (content / "blog" / "b.md").write_text("---\n# generated by obs", encoding="utf-8")
    (content / ".a.md.x.observatoire-tmp").write_text("half", encoding="utf-8")
    (content / "hand.md").write_text("", encoding="utf-8")  # empty but never generated
    again = ContentWriter(content)
    assert not (content / ".a.md.x.observatoire-tmp").exists()
    again.write("a.md", MARKER + "\n\nsecond")
    again.write("blog/b.md", MARKER + "\n")
    with pytest.raises(BuildError, match="hand-written"):
        again.write("hand.md", MARKER)
    again.finish()
    assert (content / "a.md").read_text(encoding="utf-8").endswith("second")


HOOK = """
import os, time
def on_post_build(config, **kwargs):
    if os.environ.get("SLOW_BUILD_PIDFILE"):
        with open(os.environ["SLOW_BUILD_PIDFILE"], "w") as handle:
            handle.write(str(os.getpid()))
        time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def test_a_killed_build_takes_mkdocs_with_it_and_the_next_build_cleans_up(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Accueil\n", encoding="utf-8")
    (root / "hook.py").write_text(HOOK, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Test\ndocs_dir: content\nhooks: [hook.py]\n", encoding="utf-8"
    )
    site = tmp_path / "site"
    pidfile = tmp_path / "mkdocs.pid"
    code = f"from generator.render.site import build_site; build_site({str(root)!r}, {str(site)!r})"
    env = {**os.environ, "SLOW_BUILD_PIDFILE": str(pidfile), "PYTHONPATH": str(PROJECT)}
    builder = subprocess.Popen([sys.executable, "-c", code], env=env)
    try:
        deadline = time.monotonic() + 60
        while not pidfile.exists() or not pidfile.read_text():
            assert time.monotonic() < deadline, "mkdocs never reached the hook"
            assert builder.poll() is None, "the build ended early"
            time.sleep(0.1)
        mkdocs = int(pidfile.read_text())
        staging = [p for p in tmp_path.iterdir() if p.name.startswith(".site-new-")]
        assert staging, "the build stages into a .site-new-* folder"
        builder.send_signal(signal.SIGKILL)
        builder.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _alive(mkdocs):
            assert time.monotonic() < deadline, "mkdocs outlived the killed build"
            time.sleep(0.1)
    finally:
        builder.kill()
    assert not site.exists()
    build_site(root, site)  # SLOW_BUILD_PIDFILE is not set in this process
    assert (site / "index.html").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


# -- 5. the exclusion list cannot be dodged -----------------------------------------------------

DISGUISES = [
    "Jeanne Secret",
    "Jeanne\u200b Secret",  # zero-width space
    "Jea\u200dnne Secret",  # zero-width joiner inside the name
    "\ufeffJeanne Secret",  # byte-order mark
    "Ｊｅａｎｎｅ　Ｓｅｃｒｅｔ",  # full-width letters and ideographic space
    "JEANNE   SECRET",  # case and blanks
    "Jeanne\u00a0Secret",  # no-break space
    "Jean\u00adne Secret",  # soft hyphen
]


def test_an_excluded_author_is_excluded_under_every_disguise() -> None:
    config = aggregate_config(excluded_authors=["jeanne secret"])
    mentions = frame(
        [
            {"published": f"2026-06-0{i % 9 + 1}T10:00:00", "author": name, "recommends": True}
            for i, name in enumerate(DISGUISES)
        ]
        + [{"published": "2026-06-10T10:00:00", "author": "Paul"}]
    )
    observatory = compute(mentions, config, as_of=datetime(2026, 12, 1, tzinfo=UTC))
    (row,) = observatory.monthly[observatory.monthly["brand"] == "orbis"].to_dict("records")
    assert row["mentions"] == 1 and row["unique_authors"] == 1


def test_consent_staff_and_pseudonyms_compare_names_the_same_way() -> None:
    config = aggregate_config(named_authors=["Jeanne Secret"])
    privacy = Privacy(config, {"orbis": ["Ｏｒｂｉｓ＿Ｃａｒｅ"]})
    shown = {privacy.display(name, "orbis", source_named=False) for name in DISGUISES}
    assert all(name in DISGUISES for name in shown)  # named by consent under every disguise
    anonymous = Privacy(aggregate_config())
    pseudonyms = {anonymous.display(name, "orbis", source_named=False) for name in DISGUISES}
    assert len(pseudonyms) == 1  # one person, one pseudonym
    staff = privacy.is_staff(
        pd.Series(["orbis_care", "Orbis\u200b_Care", "Someone"]), pd.Series(["orbis"] * 3)
    )
    assert staff.tolist() == [True, True, False]


def test_the_store_drops_excluded_authors_under_every_disguise(tmp_path: Path) -> None:
    from generator.aggregate.mentions import shape_mentions

    raw = frame([{"published": "2026-06-01T10:00:00", "author": n} for n in DISGUISES])
    raw = raw.rename(columns={"audience": "source_audience"}).assign(
        author_audience=None, comments=0, replies=0, likes=0, rating_count=0, content_hash=""
    )
    assert shape_mentions(raw, "Europe/Paris", ["JEANNE SECRET"]).empty


# -- 6. a key given twice is an error --------------------------------------------------------


def test_a_duplicate_configuration_key_names_both_lines() -> None:
    text = "site:\n  title: A\nsectors: []\nsite:\n  title: B\n"
    with pytest.raises(ConfigError, match=r"obs\.yml:4: duplicate key 'site' \(first at line 1\)"):
        parse_config(text, source="obs.yml")
    nested = "sectors:\n  - slug: t\n    name: T\n    brands: []\n    slug: u\n"
    with pytest.raises(ConfigError, match=r"obs\.yml:5: duplicate key 'slug' \(first at line 2\)"):
        parse_config(nested, source="obs.yml")
    # Anchors and merge keys stay legal.
    merged = "x: &d {kind: news}\nsectors: []\n"
    with pytest.raises(ConfigError, match="unknown key 'x'"):
        parse_config(merged, source="obs.yml")
