"""Source recipes: the feed URL each builds, how each platform's real feed shape maps to posts
(collected from a local server through the real collector), autodiscovery with the collector's
address rule, and `observatoire sources add` editing a commented configuration in place."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner, Result
from collect_helpers import make_config, open_store
from feedserver import FeedServer

from generator.analyse.cues import detect_cues
from generator.cli import main
from generator.collect import collect_sources
from generator.collect.normalise import normalise_entry, normalise_feed
from generator.collect.parse import ParsedFeed, parse_feed
from generator.collect.recipes import (
    FALLBACK_PATHS,
    RecipeError,
    RecipeUsage,
    build_recipe,
    discover_feed,
    fallback_urls,
    feed_links,
    known_kinds,
    recognise,
    web_recipe,
)
from generator.config import CollectConfig, load_config
from generator.config_edit import insert_source, source_entry
from generator.records import FeedEntry

PLATFORMS = Path(__file__).parent / "fixtures" / "platforms"
SETTINGS = CollectConfig(timeout=5, connect_timeout=2, max_bytes=1_000_000)
AGENT = "Observatoire/test (+https://observatoire.example.org/)"

# -- the URL each recipe builds (pure) ---------------------------------------------------------

URLS = [
    (
        ("reddit", "subreddit", "ForfaitsEtBox"),
        "https://www.reddit.com/r/ForfaitsEtBox/new/.rss",
        "social",
        None,
        "r/ForfaitsEtBox (Reddit)",
    ),
    (
        ("reddit", "subreddit", "r/ForfaitsEtBox"),
        "https://www.reddit.com/r/ForfaitsEtBox/new/.rss",
        "social",
        None,
        "r/ForfaitsEtBox (Reddit)",
    ),
    (
        ("reddit", "search", "orbis télécom"),
        "https://www.reddit.com/search.rss?q=orbis+t%C3%A9l%C3%A9com&sort=new",
        "social",
        None,
        "Reddit search: orbis télécom",
    ),
    (
        ("mastodon", "tag", "piaf.example", "#télécoms"),
        "https://piaf.example/tags/t%C3%A9l%C3%A9coms.rss",
        "social",
        None,
        "#télécoms (piaf.example)",
    ),
    (
        ("mastodon", "account", "https://Piaf.example/", "@OrbisTelecom"),
        "https://piaf.example/@OrbisTelecom.rss",
        "social",
        None,
        "@OrbisTelecom@piaf.example",
    ),
    (
        ("mastodon", "account", "@OrbisTelecom@piaf.example"),
        "https://piaf.example/@OrbisTelecom.rss",
        "social",
        None,
        "@OrbisTelecom@piaf.example",
    ),
    (
        ("youtube", "channel", "UCa1b2c3d4e5f6g7h8i9j0kL"),
        "https://www.youtube.com/feeds/videos.xml?channel_id=UCa1b2c3d4e5f6g7h8i9j0kL",
        "video",
        None,
        "YouTube UCa1b2c3d4e5f6g7h8i9j0kL",
    ),
    (
        ("youtube", "channel", "https://www.youtube.com/channel/UCa1b2c3d4e5f6g7h8i9j0kL"),
        "https://www.youtube.com/feeds/videos.xml?channel_id=UCa1b2c3d4e5f6g7h8i9j0kL",
        "video",
        None,
        "YouTube UCa1b2c3d4e5f6g7h8i9j0kL",
    ),
    (
        ("bluesky", "profile", "@orbis-telecom.bsky.social"),
        "https://bsky.app/profile/orbis-telecom.bsky.social/rss",
        "social",
        None,
        "@orbis-telecom.bsky.social (Bluesky)",
    ),
    (
        ("googlenews", "search", '"Orbis Télécom" fibre'),
        "https://news.google.com/rss/search?q=%22Orbis+T%C3%A9l%C3%A9com%22+fibre"
        "&hl=fr&gl=FR&ceid=FR:fr",
        "news",
        "fr",
        'Google News: "Orbis Télécom" fibre',
    ),
    (
        ("discourse", "latest", "https://forum.orbis.example/"),
        "https://forum.orbis.example/latest.rss",
        "forum",
        None,
        "forum.orbis.example (Discourse)",
    ),
    (
        ("discourse", "latest", "http://intranet.example/forum"),
        "http://intranet.example/forum/latest.rss",
        "forum",
        None,
        "intranet.example/forum (Discourse)",
    ),
    (
        ("discourse", "tag", "forum.orbis.example", "fibre"),
        "https://forum.orbis.example/tag/fibre.rss",
        "forum",
        None,
        "forum.orbis.example #fibre",
    ),
    (
        ("discourse", "category", "forum.orbis.example", "support/box"),
        "https://forum.orbis.example/c/support/box.rss",
        "forum",
        None,
        "forum.orbis.example / support/box",
    ),
    (
        ("lemmy", "community", "lemmy.example", "telecoms"),
        "https://lemmy.example/feeds/c/telecoms.xml?sort=New",
        "forum",
        None,
        "!telecoms@lemmy.example",
    ),
    (
        ("lemmy", "community", "!telecoms@lemmy.example"),
        "https://lemmy.example/feeds/c/telecoms.xml?sort=New",
        "forum",
        None,
        "!telecoms@lemmy.example",
    ),
]


@pytest.mark.parametrize(("words", "url", "kind", "language", "name"), URLS)
def test_each_recipe_builds_the_platform_feed_url(
    words: tuple[str, ...], url: str, kind: str, language: str | None, name: str
) -> None:
    recipe = build_recipe(words[0], words[1:])
    assert (recipe.url, recipe.kind, recipe.language, recipe.name) == (url, kind, language, name)
    assert recognise(recipe.url) is not None and recognise(recipe.url)[1] == kind


@pytest.mark.parametrize(
    "platform",
    [
        "trustpilot",
        "avis-verifies",
        "google-reviews",
        "facebook",
        "instagram",
        "x",
        "twitter",
        "linkedin",
        "tiktok",
    ],
)
def test_platforms_without_feed_say_so_and_never_guess(platform: str) -> None:
    with pytest.raises(RecipeError) as caught:
        build_recipe(platform, ["orbis"])
    assert not isinstance(caught.value, RecipeUsage)
    assert "publishes no public feed" in str(caught.value)
    assert "googlenews search" in str(caught.value) and "http" not in str(caught.value)


def test_wrong_arguments_name_the_expected_ones() -> None:
    with pytest.raises(RecipeUsage, match=r"mastodon tag INSTANCE TAG"):
        build_recipe("mastodon", ["tag", "piaf.example"])
    with pytest.raises(RecipeUsage, match=r"(?s)in quotes.*googlenews search \"QUERY\""):
        build_recipe("googlenews", ["search", "orbis", "fibre"])
    with pytest.raises(RecipeUsage, match=r"unknown reddit recipe 'user'"):
        build_recipe("reddit", ["user", "someone"])
    with pytest.raises(RecipeUsage) as caught:
        build_recipe("myspace", ["orbis"])
    assert all(kind in str(caught.value) for kind in known_kinds())


def test_youtube_needs_a_channel_id_and_says_why_a_handle_cannot_be_used() -> None:
    with pytest.raises(RecipeError, match=r"cannot be turned into a feed offline") as caught:
        build_recipe("youtube", ["channel", "@OrbisTelecom"])
    assert "sources add web https://www.youtube.com/@OrbisTelecom" in str(caught.value)
    with pytest.raises(RecipeError, match=r"UC followed by 22"):
        build_recipe("youtube", ["channel", "UCshort"])
    with pytest.raises(RecipeError, match=r"not a Mastodon server"):
        build_recipe("mastodon", ["tag", "not a host", "orbis"])
    with pytest.raises(RecipeError, match=r"not a Bluesky handle"):
        build_recipe("bluesky", ["profile", "orbis"])


# -- each platform's real feed shape, collected from a local server ----------------------------

RECIPES = {
    "reddit": ("reddit", "subreddit", "ForfaitsEtBox"),
    "reddit search": ("reddit", "search", "orbis télécom"),
    "mastodon tag": ("mastodon", "tag", "piaf.example", "orbis"),
    "mastodon account": ("mastodon", "account", "@OrbisTelecom@piaf.example"),
    "youtube": ("youtube", "channel", "UCa1b2c3d4e5f6g7h8i9j0kL"),
    "bluesky": ("bluesky", "profile", "orbis-telecom.bsky.social"),
    "googlenews": ("googlenews", "search", "Orbis Télécom"),
    "discourse latest": ("discourse", "latest", "forum.orbis.example"),
    "discourse tag": ("discourse", "tag", "forum.orbis.example", "fibre"),
    "discourse category": ("discourse", "category", "forum.orbis.example", "support"),
    "lemmy": ("lemmy", "community", "lemmy.example", "telecoms"),
}

# source -> guid -> (author, title, text, engagement)
EXPECTED: dict[str, dict[str, tuple[str, str, str, dict[str, float]]]] = {
    "reddit": {
        "t3_1d4x2kq": (
            "Kevin_Lyon",
            "Fibre Orbis : coupures tous les soirs",
            "Trois semaines que la fibre Orbis coupe tous les soirs. Le service client ne "
            "rappelle jamais.\n\nQuelqu'un a une solution ?",
            {},  # Reddit's feeds carry no counts
        ),
        "t3_1d4vw0b": ("amelie_telecom", "Nuvo baisse ses prix", "", {}),
    },
    "reddit search": {
        "t3_1d5a9zz": (
            "Sandrine_B",
            "Orbis Télécom : technicien au top",
            "Je recommande Orbis Télécom, technicien venu le lendemain.",
            {},
        ),
    },
    "mastodon tag": {
        "https://piaf.example/@julie_m/112233445566778899": (
            "@julie_m@piaf.example",
            "",
            "Encore une coupure chez #orbis ce soir, merci pour rien 😤",
            {},
        ),
        "https://mastodon.example/@marc/998877665544": (
            "@marc@mastodon.example",
            "",
            "Passé chez #orbis le mois dernier, aucun regret.",
            {},
        ),
    },
    "mastodon account": {
        "https://piaf.example/@OrbisTelecom/112230000000000001": (
            "@OrbisTelecom@piaf.example",
            "",
            "Incident réseau en cours dans le Rhône : nos équipes sont mobilisées. Suivi sur "
            "notre page d'état.",
            {},
        ),
    },
    "youtube": {
        "yt:video:Qw3rTy9UiOp": (
            "TechTube FR",
            "J'ai testé la box fibre Orbis pendant un mois",
            "Un mois avec la box Orbis : débit, wifi, décodeur.\nCollaboration commerciale avec "
            "Orbis Télécom.\n\n00:00 Intro\n04:10 Le débit réel",
            {"views": 48210.0, "rating": 5.0, "rating_count": 1843.0},
        ),
        "yt:video:Zx8cVb7nM6a": (
            "TechTube FR",
            "Panne Fibralis : ce qui s'est passé",
            "Trois jours sans internet pour des milliers d'abonnés.",
            {"views": 912.0, "rating_count": 0.0},  # no average of zero ratings
        ),
    },
    "bluesky": {
        "at://did:plc:abcdefghijklmnopqrstuvwx/app.bsky.feed.post/3kx7qv2abcd2k": (
            "@orbis-telecom.bsky.social",
            "",
            "Nouvelle offre fibre 8 Gb/s disponible dès aujourd'hui. Détails : "
            "orbis.example/fibre-8g",
            {},
        ),
        "at://did:plc:abcdefghijklmnopqrstuvwx/app.bsky.feed.post/3kx5mm9zyxw2j": (
            "@orbis-telecom.bsky.social",
            "",
            "Merci pour vos messages : la panne du Rhône est résolue depuis 14 h.",
            {},
        ),
    },
    "googlenews": {
        "CBMiWmh0dHBzOi8vcXVvdGlkaWVuLmV4YW1wbGUvb3JiaXMtY29uZGFtbmXSAQA": (
            "Le Quotidien du Numérique",
            "Orbis Télécom condamné pour ses hausses de prix",
            "Orbis Télécom condamné pour ses hausses de prix",
            {},
        ),
        "CBMiVGh0dHBzOi8vYWN0dS1yZXNlYXV4LmV4YW1wbGUvcmhvbmXSAQA": (
            "Actu Réseaux",
            "Fibre : Orbis - Télécom et Fibralis se disputent le Rhône",  # only the suffix goes
            "Fibre : Orbis - Télécom et Fibralis se disputent le Rhône",
            {},
        ),
    },
    "discourse latest": {
        "forum.orbis.example-topic-4521": (
            "nico_69",
            "Box 8 : wifi qui décroche",
            "Depuis la mise à jour, le wifi de ma box décroche toutes les heures. Orbis, une "
            "solution ?",
            {"comments": 12.0},  # 13 posts: the topic and 12 answers
        ),
        "forum.orbis.example-topic-12": (
            "Orbis_Care",
            "Bienvenue sur la communauté Orbis",
            "Présentez-vous et lisez les règles avant de poster.",
            {"comments": 0.0},
        ),
    },
    "discourse tag": {
        "forum.orbis.example-topic-4388": (
            "claire.d",
            "Raccordement fibre : 3 mois d'attente",
            "Commande passée en mars, toujours pas de technicien.",
            {"comments": 3.0},
        ),
    },
    "discourse category": {
        "forum.orbis.example-topic-4530": (
            "papy_tv",
            "Décodeur TV bloqué au démarrage",
            "Le décodeur reste bloqué sur le logo depuis ce matin.",
            {"comments": 1.0},
        ),
    },
    "lemmy": {
        "https://lemmy.example/post/5512": (
            "@pierrot@lemmy.example",
            "Orbis augmente encore ses forfaits",
            "Deuxième hausse cette année, je pars chez Nuvo.",
            {"comments": 9.0, "likes": 27.0},
        ),
        "https://lemmy.example/post/5498": (
            "@lea@autre.example",
            "Retour d'expérience Célesta",
            "Service client injoignable depuis une semaine.",
            {"comments": 0.0},  # -2 points: net votes below zero are not likes
        ),
    },
}
ENGAGEMENT = ("comments", "replies", "views", "likes", "rating", "rating_count")


def local(server: FeedServer, url: str) -> str:
    """The recipe's URL on the local server: /<host>/<path>?<query> under the fixtures."""
    split = urlsplit(url)
    return server.url + split.netloc + split.path + (f"?{split.query}" if split.query else "")


def test_every_platform_feed_maps_to_posts_through_the_collector(tmp_path: Path) -> None:
    recipes = {name: build_recipe(words[0], words[1:]) for name, words in RECIPES.items()}
    with FeedServer(PLATFORMS) as server, open_store(tmp_path) as store:
        config = make_config(
            [
                {"name": name, "url": local(server, r.url), "kind": r.kind, "language": r.language}
                for name, r in recipes.items()
            ]
        )
        summary = collect_sources(config, store)
        with store.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "select s.name, p.guid, p.author, p.title, p.text, p.url, "
                + ", ".join(f"p.{key}" for key in ENGAGEMENT)
                + " from posts p join sources s on s.id = p.source_id"
            ).all()
    assert [(r.name, r.status, r.error) for r in summary.sources] == [
        (name, "collected", None) for name in RECIPES
    ]
    found: dict[str, dict[str, tuple[str, str, str, dict[str, float]]]] = {}
    urls: dict[str, str] = {}
    for source, guid, author, title, text, url, *counts in rows:
        if guid.startswith(server.url):  # feedparser resolves an Atom id against the feed URL
            guid = guid.rsplit("/", 1)[-1]
        engagement = {k: v for k, v in zip(ENGAGEMENT, counts, strict=True) if v is not None}
        found.setdefault(source, {})[guid] = (author, title, text, engagement)
        urls[guid] = url
    assert found == EXPECTED
    # A Lemmy link post is the discussion on Lemmy, not the article it shares.
    assert urls["https://lemmy.example/post/5512"] == "https://lemmy.example/post/5512"
    # The YouTube description reaches the text, where the sponsorship cue is found.
    video = found["youtube"]["yt:video:Qw3rTy9UiOp"]
    assert detect_cues(video[1] + "\n" + video[2]).sponsored
    # Reddit's "submitted by /u/name" never leaks the author's name into the text.
    assert all("/u/" not in post[2] for post in found["reddit"].values())


# -- web: feed autodiscovery -------------------------------------------------------------------

PAGE_WITH_LINKS = """<!DOCTYPE html><html lang="fr"><head><title>Le Blog des Box</title>
<link rel="alternate" type="application/rss+xml" title="Commentaires" href="comments/feed.xml">
<link rel="stylesheet" href="style.css">
<link rel="Alternate" type="application/atom+xml; charset=utf-8" title="Articles"
      href="../feeds/main.atom">
</head><body><p>Bienvenue</p></body></html>
"""
PAGE_WITHOUT_LINK = "<!DOCTYPE html><html><head><title>Forum</title></head><body></body></html>"
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Le Blog des Box</title>
<id>urn:blog</id><updated>2026-06-01T10:00:00Z</updated>
<entry><id>urn:1</id><title>Premier</title><updated>2026-06-01T10:00:00Z</updated></entry></feed>
"""
RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Forum Box</title>
<link>http://forum.example/</link><language>fr</language>
<item><title>Un</title><guid>1</guid></item></channel></rss>
"""


def site(root: Path) -> Path:
    """A page linking its feed (relatively), and a page without link beside a /feed."""
    (root / "blog" / "comments").mkdir(parents=True)
    (root / "feeds").mkdir()
    (root / "forum").mkdir()
    (root / "blog" / "index.html").write_text(PAGE_WITH_LINKS, encoding="utf-8")
    (root / "blog" / "comments" / "feed.xml").write_text(RSS, encoding="utf-8")
    (root / "feeds" / "main.atom").write_text(ATOM, encoding="utf-8")
    (root / "forum" / "index.html").write_text(PAGE_WITHOUT_LINK, encoding="utf-8")
    (root / "forum" / "feed").write_text(RSS, encoding="utf-8")
    (root / "nothing.html").write_text(PAGE_WITHOUT_LINK, encoding="utf-8")
    return root


def test_feed_links_resolve_relative_hrefs_and_put_comment_feeds_last() -> None:
    links = feed_links(PAGE_WITH_LINKS, "https://blog.example/blog/index.html")
    assert links == [
        "https://blog.example/feeds/main.atom",
        "https://blog.example/blog/comments/feed.xml",
    ]
    based = '<base href="https://cdn.example/x/"><link rel="alternate feed" '
    based += 'type="application/feed+json" href="feed.json"><link rel=alternate href=nope.xml>'
    assert feed_links(based, "https://blog.example/") == ["https://cdn.example/x/feed.json"]
    assert (
        feed_links(
            "<link rel=alternate type=application/rss+xml href='javascript:x'>",
            "https://a.example/",
        )
        == []
    )
    urls = fallback_urls("https://blog.example/blog/post.html")
    assert urls[: len(FALLBACK_PATHS)] == [f"https://blog.example/blog/{p}" for p in FALLBACK_PATHS]
    assert urls[len(FALLBACK_PATHS)] == "https://blog.example/feed"


def test_web_discovers_a_linked_feed_and_a_usual_path(tmp_path: Path) -> None:
    with FeedServer(site(tmp_path)) as server:
        linked = asyncio.run(discover_feed(server.url + "blog/index.html", SETTINGS, AGENT))
        usual = asyncio.run(discover_feed(server.url + "forum/index.html", SETTINGS, AGENT))
        itself = asyncio.run(discover_feed(server.url + "feeds/main.atom", SETTINGS, AGENT))
        with pytest.raises(RecipeError, match=r"no feed found for .*nothing\.html"):
            asyncio.run(discover_feed(server.url + "nothing.html", SETTINGS, AGENT))
        agents = server.user_agents
    assert (linked.url, linked.how) == (server.url + "feeds/main.atom", "linked by the page")
    assert (usual.url, usual.how) == (server.url + "forum/feed", "usual feed path")
    assert itself.url == server.url + "feeds/main.atom"
    recipe = web_recipe(server.url + "blog/index.html", linked)
    assert (recipe.name, recipe.kind, recipe.language) == ("Le Blog des Box", "blog", "fr")
    assert agents == {AGENT}


def test_a_public_page_cannot_lead_to_an_internal_feed(tmp_path: Path) -> None:
    """All test servers are on loopback: the page plays a public one through `allowed`."""
    root = tmp_path
    with FeedServer(root) as server:
        feed = server.url + "feed.xml"
        (root / "feed.xml").write_text(RSS, encoding="utf-8")
        page = f'<html><head><link rel="alternate" type="application/rss+xml" href="{feed}">'
        (root / "page.html").write_text(page, encoding="utf-8")
        with pytest.raises(RecipeError) as caught:
            asyncio.run(
                discover_feed(
                    server.url + "page.html", SETTINGS, AGENT, allowed=frozenset({"public"})
                )
            )
        requests = server.requests
    message = str(caught.value)
    assert message.startswith(f"discovered feed {feed} refused: 127.0.0.1 is a loopback address")
    assert "public address may not lead the collector to an internal one" in message
    assert requests == 1  # the page only: the feed was refused before any request


@pytest.mark.parametrize(
    ("target", "kind"),
    [("http://10.1.2.3/feed.xml", "private"), ("http://169.254.169.254/rss", "cloud metadata")],
)
def test_a_loopback_page_cannot_lead_to_another_internal_class(
    tmp_path: Path, target: str, kind: str
) -> None:
    """The default rule (the page's own class is allowed) with literal addresses: refused
    before any connection, so nothing is ever sent to them."""
    page = f'<link rel="alternate" type="application/atom+xml" href="{target}">'
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    with FeedServer(tmp_path) as server:
        with pytest.raises(RecipeError, match=rf"refused: .* is a {kind} address"):
            asyncio.run(discover_feed(server.url + "page.html", SETTINGS, AGENT))
        assert server.requests == 1


# -- `observatoire sources add` on a commented configuration ----------------------------------

CONFIG = """\
# Observatoire — configuration de test.
# Les commentaires et la mise en page doivent survivre à `sources add`.

site:
  title: Observatoire de test   # le nom du site
  description: >-
    Une description pliée
    sur deux lignes.

store:
  url: sqlite:///data/obs.db

sectors:
  - slug: telecom
    name: Télécoms
    brands:
      - slug: orbis
        name: Orbis Télécom
        aliases: [Orbis, "@OrbisTelecom",
                  Orbis Télécom]
    themes:
      - {slug: reseau, name: Réseau, keywords: [réseau, fibre]}

sources:
    # Le forum de la marque.
  - name: Communauté Orbis
    url: https://forum.orbis.example/latest.rss
    kind: forum
    audience: 3000        # membres actifs
    name_authors: false   # pas de consentement

# La vie privée vient ensuite.
privacy:
  excluded_authors: [Paul_Retrait]
"""
LAST_LINE = "    name_authors: false   # pas de consentement\n"


def run(*args: str) -> Result:
    return CliRunner(env={"COLUMNS": "200"}).invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "observatoire.yml"
    path.write_bytes(CONFIG.encode("utf-8"))
    return path


def test_sources_add_appends_one_entry_and_keeps_every_other_byte(config_file: Path) -> None:
    config_file.chmod(0o600)  # it may hold the pseudonym secret
    result = run(
        "sources", "add", "reddit", "subreddit", "ForfaitsEtBox", "--brand", "Orbis Télécom",
        "--sector", "telecom", "--config", str(config_file),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    entry = (
        "  - name: r/ForfaitsEtBox (Reddit)\n"
        "    url: https://www.reddit.com/r/ForfaitsEtBox/new/.rss\n"
        "    kind: social\n"
        "    audience: 1\n"
        "    sector: telecom\n"
        "    brand: Orbis Télécom\n"
        "    name_authors: false\n"
    )
    assert config_file.read_bytes().decode() == CONFIG.replace(LAST_LINE, LAST_LINE + entry)
    assert "added source 'r/ForfaitsEtBox (Reddit)' (social)" in result.stderr
    assert "https://www.reddit.com/r/ForfaitsEtBox/new/.rss" in result.stderr
    assert "no comment or vote counts" in result.stderr
    assert result.stdout == ""
    assert config_file.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in config_file.parent.iterdir()] == [config_file.name]  # no temporary
    config = load_config(config_file)
    assert [s.name for s in config.sources] == ["Communauté Orbis", "r/ForfaitsEtBox (Reddit)"]
    assert config.brand_slug(config.sources[-1].brand) == "orbis"


def test_sources_add_refuses_duplicates_and_bad_entries_without_touching_the_file(
    config_file: Path,
) -> None:
    before = config_file.read_bytes()
    cases = [
        (("discourse", "latest", "forum.orbis.example"), "already configured, as source"),
        (("reddit", "subreddit", "x1", "--name", "Communauté Orbis"), "already configured"),
        (("reddit", "subreddit", "x2", "--brand", "nope"), "unknown brand 'nope'"),
        (("reddit", "subreddit", "x3", "--sector", "banque"), "unknown sector 'banque'"),
        (("trustpilot", "orbis"), "Trustpilot publishes no public feed"),
    ]
    for words, message in cases:
        result = run("sources", "add", *words, "--config", str(config_file))
        assert result.exit_code == 1, (words, result.output)
        assert message in result.stderr, (words, result.stderr)
    for words, message in [
        (("lemmy", "community"), "lemmy community INSTANCE NAME"),
        (("gopher", "x"), "known recipes: web, reddit"),
    ]:
        result = run("sources", "add", *words, "--config", str(config_file))
        assert result.exit_code == 2 and message in result.stderr, (words, result.stderr)
    assert config_file.read_bytes() == before


def test_sources_add_web_discovers_through_the_local_server(
    tmp_path: Path, config_file: Path
) -> None:
    with FeedServer(site(tmp_path / "www")) as server:
        linked = run("sources", "add", "web", server.url + "blog/index.html",
                     "--config", str(config_file))  # fmt: skip
        usual = run("sources", "add", "web", server.url + "forum/index.html", "--kind", "forum",
                    "--name", "Forum Box", "--config", str(config_file))  # fmt: skip
        agents = server.user_agents
    assert linked.exit_code == 0 and usual.exit_code == 0, linked.output + usual.output
    added = load_config(config_file).sources[1:]
    assert [(s.name, s.url, s.kind, s.language) for s in added] == [
        ("Le Blog des Box", server.url + "feeds/main.atom", "blog", "fr"),
        ("Forum Box", server.url + "forum/feed", "forum", "fr"),
    ]
    assert len(agents) == 1 and next(iter(agents)).startswith("Observatoire/")


def test_sources_without_subcommand_still_prints_the_health_table(config_file: Path) -> None:
    result = run("sources", "--config", str(config_file))
    assert result.exit_code == 0, result.output
    assert "Communauté Orbis" in result.stdout
    # The group's --config also reaches `add`.
    added = run(
        "sources", "--config", str(config_file), "add", "bluesky", "profile", "a.bsky.social"
    )
    assert added.exit_code == 0, added.output
    assert load_config(config_file).sources[-1].url == "https://bsky.app/profile/a.bsky.social/rss"


BLOCK = ['name: "yes"', "url: https://b.example/feed", "kind: news", "audience: 1"]
BLOCK.append("name_authors: false")
ITEM = "  - " + "\n    ".join(BLOCK) + "\n"  # the documented layout, for a file with no example
FLOW = '{name: "yes", url: https://b.example/feed, kind: news, audience: 1, name_authors: false}'
ONE = "  kind: blog\r\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("site: {}\n", "site: {}\nsources:\n" + ITEM),
        ("sources: []   # none yet\n", "sources:   # none yet\n" + ITEM),
        ("sources: ~\nprivacy: {}\n", "sources:\n" + ITEM + "privacy: {}\n"),
        (  # an unindented sequence with Windows line ends stays so
            "sources:\r\n- name: A\r\n  url: https://a.example/f\r\n" + ONE,
            "sources:\r\n- name: A\r\n  url: https://a.example/f\r\n"
            + ONE
            + "- "
            + "\r\n  ".join(BLOCK)
            + "\r\n",
        ),
        (  # block sequence of flow mappings
            "sources:\n  - {name: A, url: 'https://a.example/f', kind: blog}\n",
            f"sources:\n  - {{name: A, url: 'https://a.example/f', kind: blog}}\n  - {FLOW}\n",
        ),
        (  # flow sequence
            "sources: [{name: A, url: 'https://a.example/f', kind: blog}]  # flow\n",
            f"sources: [{{name: A, url: 'https://a.example/f', kind: blog}}, {FLOW}]  # flow\n",
        ),
    ],
)
def test_the_new_entry_follows_the_file_layout(text: str, expected: str) -> None:
    """ "yes" is quoted: the configuration loader reads YAML 1.1, where it is a boolean."""
    entry = source_entry(name="yes", url="https://b.example/feed", kind="news")
    assert insert_source(text, entry) == expected


# -- the platform rules touch only their platform's shape --------------------------------------

FETCHED = datetime(2026, 6, 15, tzinfo=UTC)


def normalised(body: str) -> list[FeedEntry]:
    feed = parse_feed(body.encode(), url="https://feed.example/")
    return normalise_feed(feed, feed_url="https://feed.example/", fetched_at=FETCHED)


def test_platform_rules_leave_other_feeds_alone() -> None:
    (own,) = normalised(
        '<rss version="2.0"><channel><title>Agrégateur</title><item><title>Titre - Le Monde'
        "</title><author>Ana</author><guid>1</guid><source url='https://m.example'>Le Monde"
        "</source><description>&lt;p&gt;submitted by &lt;a href='x'&gt;/u/bob&lt;/a&gt;"
        "&lt;/p&gt;&lt;font&gt;Le Monde&lt;/font&gt;</description></item></channel></rss>"
    )
    # An item with its own author keeps it, and its whole title and body.
    assert (own.author, own.title, own.text) == (
        "Ana",
        "Titre - Le Monde",
        "submitted by /u/bob\nLe Monde",
    )
    (video,) = normalised(
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:yt="http://www.youtube.com/xml/schemas/2015"><title>Chaîne</title><entry>'
        "<id>yt:video:a</id><yt:videoId>a</yt:videoId><title>Box</title><media:group>"
        "<media:description>J'adore &lt;3 la box &lt;b&gt;\n#ad</media:description>"
        "</media:group></entry></feed>"
    )
    # YouTube descriptions are plain text: "<3" and "<b>" are words, line breaks stay.
    assert video.text == "J'adore <3 la box <b>\n#ad"
    assert detect_cues(video.text).sponsored


@pytest.mark.parametrize(
    ("entry", "body"),
    [
        ({"author": "/u/x"}, "submitted by" + " " * 200_000 + "<a " * 1000),
        ({}, "submitted by <a href='x'>" + "a" * 200_000),
        ({"discourse_topicpinned": "No"}, "<p><small>" + "1" * 200_000 + " posts"),
        ({"source": {"title": "P"}}, "<font " * 200_000),
        ({"source": {"title": "P"}}, "a&nbsp; " * 20_000 + "<font>P</font>"),
    ],
)
def test_platform_rules_stay_linear_on_hostile_bodies(entry: dict[str, object], body: str) -> None:
    """Each would take minutes if a pattern backtracked quadratically."""
    raw = {**entry, "id": "1", "summary": body, "summary_detail": {"type": "text/html"}}
    post = normalise_entry(
        raw, ParsedFeed(format="rss20"), feed_url="https://f.example/", fetched_at=FETCHED
    )
    assert post.guid == "1"
