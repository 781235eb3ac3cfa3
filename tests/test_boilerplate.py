"""Platform boilerplate ("submitted by /u/… [link] [comments]", "proposé par u/… [0
commentaires]", "The post … appeared first on …") never reaches analysis nor a quote.

The collector drops it from new posts; aggregate drops it from posts stored before.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, require_shared

from generator.aggregate.mentions import shape_mentions
from generator.aggregate.posts import post_quotes
from generator.aggregate.privacy import Privacy
from generator.analyse.pipeline import analyse_store
from generator.collect.normalise import normalise_entry, normalise_feed
from generator.collect.parse import ParsedFeed, parse_feed
from generator.config import parse_config
from generator.records import FeedEntry
from generator.sanitize import strip_boilerplate
from generator.store import Store

FETCHED = datetime(2026, 11, 1, 8, tzinfo=UTC)
DEMO_FEEDS = ROOT / "generator" / "data" / "demo" / "feeds"
BOILERPLATE = ("proposé par", "submitted by", "[link]", "commentaires]", "appeared first")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # Reddit, as its Atom feed reads once turned into text, and the demo's French copy.
        ("Débit en chute libre.\n\nsubmitted by /u/Mlakuss\n[link] [comments]",
         "Débit en chute libre."),
        ("submitted by /u/kevincox_ca to r/kevincox\n[link] [comments]", ""),
        ("Débit catastrophique.\n\nproposé par u/zoe_bzh\n[9 commentaires]",
         "Débit catastrophique."),
        ("Fibralis : à fuir !\nproposé par u/manon13 [0 commentaires]", "Fibralis : à fuir !"),
        # WordPress, in English and French; Medium.
        ("La 5G arrive.\n\nThe post Orbis lance la 5G appeared first on Le Blog des Box.",
         "La 5G arrive."),
        ("La 5G arrive.\n\nL’article Orbis lance la 5G est apparu en premier sur Le Blog.",
         "La 5G arrive."),
        ("Mes tests de box…\nContinue reading on Medium »", "Mes tests de box…"),
        # The author's words stay: a by-line quoted inside the post, a bracket of their own,
        # an aggregator line that is not Reddit's footer, a review's rating.
        ("J'ai lu « proposé par u/x [3 commentaires] » et je réponds.",
         "J'ai lu « proposé par u/x [3 commentaires] » et je réponds."),
        ("La fibre est revenue.\n[Mise à jour]", "La fibre est revenue.\n[Mise à jour]"),
        ("submitted by /u/bob\nLe Monde", "submitted by /u/bob\nLe Monde"),
        ("Double prélèvement.\n\nNote : 1/5", "Double prélèvement.\n\nNote : 1/5"),
    ],
)  # fmt: skip
def test_strip_boilerplate(text: str, kept: str) -> None:
    assert strip_boilerplate(text) == kept


def test_a_hostile_last_line_is_not_searched() -> None:
    """A huge last line is left alone (no pattern runs over it), whatever it holds."""
    line = "proposé par u/x " + "[a] " * 100_000
    assert strip_boilerplate("Texte\n" + line) == "Texte\n" + line


def test_the_demo_reddit_copy_loses_its_footer_at_collection() -> None:
    path = DEMO_FEEDS / "rezo-forfaits-et-box.atom"
    feed = parse_feed(path.read_bytes(), url="https://www.rezo.example/r/ForfaitsEtBox/feed.atom")
    entries = normalise_feed(feed, feed_url="https://www.rezo.example/", fetched_at=FETCHED)
    assert len(entries) > 50
    for entry in entries:
        assert entry.text.strip(), entry.guid
        assert not any(b in entry.text for b in BOILERPLATE), entry.text
        assert "u/" + entry.author not in entry.text  # the footer also named the author


def test_real_reddit_feeds_lose_their_footer() -> None:
    feeds = require_shared(SHARED / "data" / "feeds")
    for name in ("RSS-Parser/atom-feed-reddit.xml", "feed-rs/atom_mediarss_reddit_1.xml"):
        path = feeds / name
        feed = parse_feed(path.read_bytes(), url="https://www.reddit.com/r/x/.rss")
        entries = normalise_feed(feed, feed_url="https://www.reddit.com/", fetched_at=FETCHED)
        assert entries, name
        for entry in entries:
            assert "submitted by" not in entry.text and "[comments]" not in entry.text, name


def test_a_post_without_id_keeps_its_identity_from_before_the_stripping() -> None:
    raw = {
        "title": "Panne",
        "author": "lea",
        "published_parsed": (2026, 8, 12, 9, 0, 0, 0, 0, 0),
        "summary": "<p>Plus de fibre.</p><p>proposé par u/lea</p><p>[2 commentaires]</p>",
        "summary_detail": {"type": "text/html"},
    }
    entry = normalise_entry(
        raw, ParsedFeed(format="rss20"), feed_url="https://f.example/", fetched_at=FETCHED
    )
    assert entry.text == "Plus de fibre."
    assert entry.guid.startswith("sha256:")
    assert len(entry.former_guids) == 2  # the pre-0.2 content hash, the identity with footer
    assert entry.guid not in entry.former_guids


CONFIG = """
sectors:
  - slug: telecom
    name: Télécoms
    brands:
      - {slug: orbis, name: Orbis Télécom, aliases: [Orbis]}
    themes:
      - {slug: reseau, name: Réseau, keywords: [fibre]}
sources:
  - {name: Rezo, url: "https://rezo.example/feed", kind: social, language: fr}
"""


def test_posts_stored_with_their_footer_are_quoted_without_it(tmp_path: Path) -> None:
    """A post saved by an earlier collector still carries the footer in the store."""
    config = parse_config(CONFIG, base_dir=tmp_path)
    words = "Fibre Orbis coupée depuis trois jours, inadmissible."
    text = words + "\n\nproposé par u/zoe_bzh\n[0 commentaires]"
    stored = FeedEntry(
        guid="t3_1",
        url="https://rezo.example/r/x/comments/1/",
        title="Fibre coupée",
        author="zoe_bzh",
        published=datetime(2026, 8, 12, 9, tzinfo=UTC),
        text=text,
        html=f"<p>{text}</p>",
        content_hash="old",
    )
    with Store(f"sqlite:///{tmp_path / 'obs.db'}") as store:
        ids = store.sync_sources(config.sources)
        store.save_entries(ids["Rezo"], [stored])
        analyse_store(store, config)
        mentions = shape_mentions(store.mention_rows(), "Europe/Paris")
    assert mentions["text"].tolist() == [words]
    (quote,) = post_quotes(mentions, Privacy(config))
    assert quote.excerpt == words
