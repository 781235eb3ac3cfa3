"""The bundled demo feeds: well-formed, reproducible, and saying what demo_truth.yml says.

The counts here are recomputed from the feed files with feedparser and a plain alias match
read from observatoire.yml, independently of the generator's own bookkeeping, so a drift
between the script, the committed feeds, the truth file and the demo configuration fails.
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import make_feeds  # tools/demo/make_feeds.py, on sys.path through conftest.py
import pytest
import yaml

from generator.config import load_config

ROOT = Path(__file__).resolve().parents[1]
FEEDS = ROOT / "generator" / "data" / "demo" / "feeds"
TRUTH_PATH = ROOT / "tests" / "fixtures" / "demo_truth.yml"
LABELS_PATH = ROOT / "generator" / "data" / "demo" / "labels.csv"
PARIS = ZoneInfo("Europe/Paris")
NEGATIVE_WORDS = (
    "panne", "coupure", "coupé", "plus de réseau", "plus d'internet", "rétabli", "sans internet",
    "honteux", "inadmissible", "scandaleux", "lamentable", "catastroph", "outage", "offline",
)  # fmt: skip


@pytest.fixture(scope="module")
def truth() -> dict:
    return yaml.safe_load(TRUTH_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parsed() -> dict[str, feedparser.FeedParserDict]:
    return {path.name: feedparser.parse(path.read_bytes()) for path in sorted(FEEDS.iterdir())}


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "observatoire.yml")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _visible(entry: feedparser.FeedParserDict) -> str:
    body = entry.content[0].value if entry.get("content") else entry.get("summary", "")
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return f"{entry.get('title', '')} {text}"


def _author(entry: feedparser.FeedParserDict) -> str:
    detail = entry.get("author_detail") or {}
    return detail.get("name") or entry.get("author", "")


def _when(entry: feedparser.FeedParserDict) -> datetime | None:
    stamp = entry.get("published_parsed")
    if stamp is None:
        return None
    return datetime(*stamp[:6], tzinfo=UTC).astimezone(PARIS)


def _matcher(config):
    patterns = {
        brand.slug: [
            re.compile(r"(?<!\w)" + re.escape(_fold(alias)) + r"(?!\w)") for alias in brand.aliases
        ]
        for brand in config.brands
    }

    def brands(text: str) -> list[str]:
        folded = _fold(text)
        return [slug for slug, pats in patterns.items() if any(p.search(folded) for p in pats)]

    return brands


def test_every_feed_is_well_formed_and_has_entries(parsed, truth) -> None:
    assert set(parsed) == set(truth["sources"])
    for name, feed in parsed.items():
        assert feed.bozo == 0, f"{name}: {feed.get('bozo_exception')}"
        assert feed.entries, name
        expected = {"rss": "rss20", "atom": "atom10"}[truth["sources"][name]["format"]]
        assert feed.version == expected, name
        assert feed.feed.get("title") and feed.feed.get("link") and feed.feed.get("language")
        assert len(feed.entries) == truth["sources"][name]["posts"], name
        ids = [entry.id for entry in feed.entries]
        assert len(ids) == len(set(ids)), f"{name}: duplicate guid"
    formats = Counter(source["format"] for source in truth["sources"].values())
    assert formats["rss"] >= 3 and formats["atom"] >= 3


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    written = make_feeds.write_feeds(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in FEEDS.iterdir())
    for path in written:
        assert path.read_bytes() == (FEEDS / path.name).read_bytes(), path.name


def test_truth_and_labels_are_what_the_generator_writes() -> None:
    posts = make_feeds.build_posts()
    make_feeds.assign_ids(posts)
    assert make_feeds.render_truth(posts) == TRUTH_PATH.read_text(encoding="utf-8")
    assert make_feeds.render_labels(posts) == LABELS_PATH.read_text(encoding="utf-8")


def test_mentions_per_brand_and_month_match_truth(parsed, truth, config) -> None:
    brands_in = _matcher(config)
    counts: Counter[tuple[str, str]] = Counter()
    undated = off_topic = multi = 0
    owners = {Path(s.path).name: config.brand_slug(s.brand) for s in config.sources if s.brand}
    for name, feed in parsed.items():
        for entry in feed.entries:
            found = brands_in(_visible(entry))
            if name in owners and owners[name] not in found:  # a brand's own forum
                found = [*found, owners[name]]
            off_topic += not found
            multi += len(found) > 1
            when = _when(entry)
            if when is None:
                undated += 1
                continue
            assert truth["period"]["start"] <= when.date().isoformat() <= truth["period"]["end"]
            for brand in found:
                counts[(brand, when.strftime("%Y-%m"))] += 1
    for brand, months in truth["mentions"].items():
        for month, expected in months.items():
            assert counts[(brand, month)] == expected, (brand, month)
    assert undated == truth["totals"]["undated"]
    assert off_topic == truth["totals"]["off_topic"]
    assert multi == truth["totals"]["multi_brand"]
    # Outside the crisis, no brand-month stands out in volume.
    for brand, months in truth["mentions"].items():
        quiet = [n for m, n in months.items() if (brand, m) != ("fibralis", "2026-08")]
        assert max(quiet) <= 1.6 * min(quiet), brand
    fibralis = truth["mentions"]["fibralis"]
    assert fibralis["2026-08"] >= 3 * max(fibralis["2026-07"], fibralis["2026-09"])


def test_crisis_week_dwarfs_every_other_week(parsed, truth) -> None:
    weekly: Counter[tuple[int, int]] = Counter()
    for feed in parsed.values():
        for entry in feed.entries:
            when = _when(entry)
            text = _fold(_visible(entry))
            if when is None or "fibralis" not in text:
                continue
            if any(_fold(word) in text for word in NEGATIVE_WORDS):
                weekly[when.isocalendar()[:2]] += 1
    start = datetime.fromisoformat(truth["crisis"]["start"]).isocalendar()[:2]
    crisis = weekly.pop(start)
    assert crisis >= 40
    assert crisis >= 5 * max(weekly.values())
    assert truth["crisis"]["negatives"] >= 40
    assert truth["crisis"]["max_daily_negatives_elsewhere"] <= 3


def test_recurring_cast_staff_and_excluded_author_are_in_the_feeds(parsed, truth, config) -> None:
    authors: Counter[str] = Counter()
    sources: dict[str, set[str]] = {}
    for name, feed in parsed.items():
        for entry in feed.entries:
            author = _author(entry)
            authors[author] += 1
            sources.setdefault(author, set()).add(name)
    assert not [a for a in authors if not a or "@" in a or "(" in a], "mangled author names"
    for author, spec in truth["recurring_authors"].items():
        assert authors[author] == spec["posts"], author
        assert sources[author] == set(spec["sources"]), author
        assert len(spec["months"]) >= 3
    for brand in config.brands:
        (staff,) = brand.staff
        assert authors[staff] == truth["staff"][brand.slug]["posts"] > 0
    (excluded,) = config.privacy.excluded_authors
    assert authors[excluded] == truth["excluded_authors"][excluded] > 0
    roles = {
        "ambassadors": "ambassador",
        "brand_lovers": "brand_lover",
        "influencers": "influencer",
        "detractors": "detractor",
    }
    for key, klass in roles.items():
        for brand, names in truth[key].items():
            for author in names:
                spec = truth["recurring_authors"][author]
                assert (spec["class"], spec["brand"]) == (klass, brand)
    assert truth["recurring_authors"]["Sophie_L"]["recommending_posts"] == 0
    influencer = truth["recurring_authors"]["TechAvecLea"]
    assert influencer["sponsored_posts"] == influencer["posts"]


def test_hostile_markup_is_present_for_the_sanitiser() -> None:
    """The escaped HTML payloads of the feeds carry script, event handler and javascript: URL."""
    bodies = []
    for path in FEEDS.iterdir():
        for element in ET.parse(path).iter():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag in {"description", "encoded", "content"} and element.text:
                bodies.append(element.text)
    payload = "\n".join(bodies)
    assert "<script>alert(1)</script>" in payload
    assert "onerror=alert(1)" in payload
    assert 'href="javascript:alert(1)"' in payload


def test_demo_configuration_matches_the_feeds(config, truth) -> None:
    assert config.site.language == "fr" and config.site.timezone == "Europe/Paris"
    assert [s.slug for s in config.sectors] == [truth["sector"]]
    assert [b.slug for b in config.brands] == truth["brands"]
    assert [t.slug for t in config.sectors[0].themes] == [
        "reseau", "service-client", "facturation", "offre", "boutique-livraison",
    ]  # fmt: skip
    by_file = {s.path.name: s for s in config.sources}
    assert set(by_file) == set(truth["sources"])
    for name, spec in truth["sources"].items():
        source = by_file[name]
        assert source.path.is_file()
        assert (source.name, source.kind, source.language) == (
            spec["name"], spec["kind"], spec["language"],
        )  # fmt: skip
        assert source.name_authors == (source.kind == "news")
    assert config.privacy.named_authors == []


def test_duplicate_article_is_in_two_sources_with_different_ids(parsed, truth) -> None:
    (duplicate,) = truth["duplicates"]
    found = [
        (name, entry.id)
        for name, feed in parsed.items()
        for entry in feed.entries
        if entry.get("title") == duplicate["title"]
    ]
    assert sorted(name for name, _ in found) == sorted(duplicate["files"])
    assert len({entry_id for _, entry_id in found}) == 2
