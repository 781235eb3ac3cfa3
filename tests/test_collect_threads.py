"""Thread facts: what a feed entry says about the post it answers and its conversation — URL
rules, real feeds parsed and normalised, and a thread split across two feeds collected over
local HTTP into a real SQLite store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from collect_helpers import open_store
from feedserver import FeedServer

from generator.aggregate.mentions import MENTION_COLUMNS, shape_mentions
from generator.analyse.pipeline import analyse_store
from generator.collect import collect_sources
from generator.collect.normalise import normalise_feed
from generator.collect.parse import parse_feed
from generator.collect.threads import (
    PlatformThread,
    comment_parent,
    discourse_thread,
    fold_title,
    in_reply_to,
    platform_thread,
    reddit_thread,
    title_key,
)
from generator.config import Brand, CollectConfig, Config, Sector, Source
from generator.records import FeedEntry
from generator.store.schema import posts

FETCHED = datetime(2026, 8, 20, 12, 0, tzinfo=UTC)


# -- the URL rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://forum.orbis.example/t/panne-fibre/18996", ("18996", False)),
        ("https://forum.orbis.example/t/panne-fibre/18996/", ("18996", False)),
        ("https://forum.orbis.example/t/panne-fibre/18996/1", ("18996", False)),
        ("https://forum.orbis.example/t/panne-fibre/18996/2", ("18996", True)),
        ("https://forum.orbis.example/t/panne-fibre/18996/14/", ("18996", True)),
        ("https://forum.orbis.example/t/panne-fibre/18996/14?u=julie", ("18996", True)),
        ("https://forum.orbis.example/t/panne-fibre/18996?page=2#reply", ("18996", False)),
        ("https://forum.orbis.example/t/18996", ("18996", False)),
        ("https://forum.orbis.example/t/18996/3", ("18996", True)),
        ("https://forum.orbis.example/t/panne-fibre/018996/last", ("18996", False)),
        ("HTTP://Forum.Orbis.Example/t/panne-fibre/18996/3", ("18996", True)),
    ],
)
def test_discourse_post_urls_name_their_topic(url: str, expected: tuple[str, bool]) -> None:
    topic, reply = expected
    assert discourse_thread(url) == PlatformThread(f"discourse:forum.orbis.example:{topic}", reply)


def test_a_hostile_topic_number_is_text_not_an_integer() -> None:
    digits = "9" * 5000  # int() refuses more than 4,300 digits
    found = discourse_thread(f"https://forum.orbis.example/t/x/{digits}/0{digits}")
    assert found == PlatformThread(f"discourse:forum.orbis.example:{digits}", True)


def test_a_discourse_forum_in_a_sub_folder_keeps_it_in_its_key() -> None:
    found = discourse_thread("https://www.orbis.example/communaute/t/box-8/412/5")
    assert found == PlatformThread("discourse:www.orbis.example/communaute:412", True)
    # The same topic number on another forum of the host is another conversation.
    other = discourse_thread("https://www.orbis.example/t/box-8/412/5")
    assert other is not None and other.key != found.key


@pytest.mark.parametrize(
    "url",
    [
        "https://forum.orbis.example/t/panne-fibre/18996.rss",  # a feed, not a post
        "https://forum.orbis.example/t/panne-fibre",
        "https://forum.orbis.example/t/",
        "https://forum.orbis.example/c/support/5",
        "https://forum.orbis.example/latest",
        "ftp://forum.orbis.example/t/panne/12",
        "https://forum.orbis.example/t/panne/١٢",  # not ASCII digits
        "https://[::1/t/panne/12",  # not a URL
        "",
    ],
)
def test_other_urls_name_no_discourse_topic(url: str) -> None:
    assert discourse_thread(url) is None


@pytest.mark.parametrize(
    ("url", "reply"),
    [
        ("https://www.reddit.com/r/ForfaitsEtBox/comments/1ldu6hr/panne_fibre/", False),
        ("https://www.reddit.com/r/ForfaitsEtBox/comments/1ldu6hr/panne_fibre", False),
        ("https://www.reddit.com/r/ForfaitsEtBox/comments/1ldu6hr/", False),
        ("https://www.reddit.com/r/ForfaitsEtBox/comments/1LDU6HR/", False),
        ("https://www.reddit.com/r/ForfaitsEtBox/comments/1ldu6hr/panne_fibre/?utm=share", False),
        ("https://reddit.com/comments/1ldu6hr", False),
        ("https://old.reddit.com/r/ForfaitsEtBox/comments/1ldu6hr/panne_fibre/", False),
        ("https://www.reddit.com/user/julie/comments/1ldu6hr/panne_fibre/", False),
        ("https://redd.it/1ldu6hr", False),
        ("https://www.reddit.com/r/ForfaitsEtBox/comments/1ldu6hr/panne_fibre/myu323c/", True),
        ("https://www.reddit.com/r/ForfaitsEtBox/comments/1ldu6hr/panne_fibre/myu323c", True),
        ("https://np.reddit.com/r/ForfaitsEtBox/comments/1ldu6hr/panne_fibre/myu323c/", True),
        ("https://old.reddit.com/r/ForfaitsEtBox/comments/1ldu6hr/x/myu323c/?context=3", True),
        ("https://www.reddit.com/r/Minecraft/comments/1ldu6hr/comment/myu323c/", True),
        ("https://www.reddit.com/r/ForfaitsEtBox/comments/1ldu6hr/_/myu323c/#top", True),
    ],
)
def test_reddit_permalinks_name_their_submission(url: str, reply: bool) -> None:
    assert reddit_thread(url) == PlatformThread("reddit:1ldu6hr", reply)
    assert platform_thread(url) == PlatformThread("reddit:1ldu6hr", reply)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.reddit.com/r/ForfaitsEtBox/",
        "https://www.reddit.com/r/ForfaitsEtBox/new/.rss",
        "https://www.reddit.com/r/ForfaitsEtBox/s/AbCdEf",  # a share link names no id
        "https://www.notreddit.com/r/x/comments/1ldu6hr/",
        # The demo's Reddit look-alike is no Reddit: its posts get no Reddit key.
        "https://www.rezo.example/r/ForfaitsEtBox/comments/h4bls2/debit-en-chute-libre/",
        "https://redd.it/",
    ],
)
def test_other_urls_name_no_reddit_submission(url: str) -> None:
    assert reddit_thread(url) is None


@pytest.mark.parametrize(
    ("url", "parent"),
    [
        ("https://blog.example/2026/08/panne/#comment-42", "https://blog.example/2026/08/panne/"),
        ("https://blog.example/?p=10#comment-7", "https://blog.example/?p=10"),
        ("https://blog.example/2026/08/panne/#comments", None),
        ("https://blog.example/2026/08/panne/", None),
        ("javascript:alert(1)#comment-1", None),
        (None, None),
    ],
)
def test_a_comment_permalink_names_its_article(url: str | None, parent: str | None) -> None:
    assert comment_parent(url) == parent


@pytest.mark.parametrize(
    "title",
    [
        "Panne fibre ?",
        "Re: Panne fibre ?",
        "RE : panne FIBRE",
        "Re\u00a0: Panne fibre",
        "Réf : Panne fibre",
        "Re: Re[2]: Panne fibre",
        "  re:panne   fibre!",
        "Ｐａｎｎｅ fibre",  # full-width letters
    ],
)
def test_reply_prefixes_case_and_punctuation_fold_away(title: str) -> None:
    assert fold_title(title) == "panne fibre"


def test_title_keys_keep_accents_out_and_need_words() -> None:
    assert (
        title_key("forum.example", "Re: Débit très lent") == "title:forum.example:debit tres lent"
    )
    assert title_key("forum.example", "Re: ?!") is None
    assert fold_title("Reseau en panne") == "reseau en panne"  # "Re" alone is no prefix


# -- feeds parsed and normalised -----------------------------------------------------------------


def _normalise(body: str, url: str) -> list[FeedEntry]:
    feed = parse_feed(body.encode(), url=url, content_type="application/xml")
    return normalise_feed(feed, feed_url=url, fetched_at=FETCHED)


ATOM_THREAD = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
<title>ConsoTélécom</title><id>https://forum.conso.example/</id>
<link rel="alternate" href="https://forum.conso.example/"/>
<updated>2026-08-12T10:00:00Z</updated>
<entry><id>tag:forum.conso.example,2026:message-1</id><title>Box Orbis muette</title>
<author><name>julie</name></author><published>2026-08-12T08:00:00Z</published>
<link rel="alternate" href="https://forum.conso.example/sujet/1-box-orbis-muette"/>
<content type="html">Ma box Orbis ne répond plus.</content></entry>
<entry><id>tag:forum.conso.example,2026:message-2</id><title>Box Orbis muette</title>
<author><name>Orbis_Care</name></author><published>2026-08-12T08:20:00Z</published>
<thr:in-reply-to ref="tag:forum.conso.example,2026:message-1"
  href="https://forum.conso.example/sujet/1-box-orbis-muette" type="text/html"/>
<link rel="alternate" href="https://forum.conso.example/sujet/1-box-orbis-muette#m2"/>
<content type="html">Bonjour, nous regardons votre ligne Orbis.</content></entry>
<entry><id>tag:forum.conso.example,2026:message-3</id><title>Box Orbis muette</title>
<author><name>marc</name></author><published>2026-08-12T09:00:00Z</published>
<thr:in-reply-to href="/sujet/1-box-orbis-muette"/>
<link rel="alternate" href="https://forum.conso.example/sujet/1-box-orbis-muette#m3"/>
<content type="html">Même souci chez moi avec Orbis.</content></entry>
</feed>"""


def test_atom_threading_gives_the_parent_id_else_its_page() -> None:
    starter, staff, peer = _normalise(ATOM_THREAD, "https://forum.conso.example/feed.atom")
    assert (starter.reply_to, starter.thread_hint, starter.is_reply) == (None, None, False)
    assert staff.reply_to == "tag:forum.conso.example,2026:message-1" == starter.guid
    assert staff.is_reply and staff.thread_hint is None  # a parent: no title key needed
    # No ref: the parent's page, made absolute against the feed.
    assert peer.reply_to == "https://forum.conso.example/sujet/1-box-orbis-muette"
    assert peer.reply_to == starter.url and peer.is_reply


def test_in_reply_to_reads_what_feedparser_gives() -> None:
    assert in_reply_to({"thr_in-reply-to": {"ref": " urn:1 ", "href": "https://x.example/1"}})
    assert in_reply_to({"thr_in-reply-to": {"ref": "", "href": "/1"}}, "https://x.example/f") == (
        "https://x.example/1"
    )
    assert in_reply_to({"thr_in-reply-to": [{"ref": "urn:1"}, {"ref": "urn:2"}]}) == "urn:2"
    assert in_reply_to({"thr_in-reply-to": {"href": "javascript:alert(1)"}}) is None
    assert in_reply_to({"thr_in-reply-to": {}}) is None and in_reply_to({}) is None


DISCOURSE_TOPIC = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Panne fibre depuis hier</title>
<link>https://forum.orbis.example/t/panne-fibre-depuis-hier/18996</link>
<item><title>Panne fibre depuis hier</title><dc:creator><![CDATA[Orbis_Care]]></dc:creator>
<description><![CDATA[<p>Bonjour, un technicien passe demain chez vous.</p>]]></description>
<link>https://forum.orbis.example/t/panne-fibre-depuis-hier/18996/3</link>
<pubDate>Wed, 12 Aug 2026 10:30:00 +0000</pubDate>
<guid isPermaLink="false">forum.orbis.example-post-55103</guid></item>
<item><title>Panne fibre depuis hier</title><dc:creator><![CDATA[marc]]></dc:creator>
<description><![CDATA[<p>Pareil à Lyon avec Orbis.</p>]]></description>
<link>https://forum.orbis.example/t/panne-fibre-depuis-hier/18996/2</link>
<pubDate>Wed, 12 Aug 2026 09:10:00 +0000</pubDate>
<guid isPermaLink="false">forum.orbis.example-post-55101</guid></item>
<item><title>Panne fibre depuis hier</title><dc:creator><![CDATA[julie]]></dc:creator>
<description><![CDATA[<p>Plus de fibre Orbis depuis hier soir.</p>]]></description>
<link>https://forum.orbis.example/t/panne-fibre-depuis-hier/18996/1</link>
<pubDate>Wed, 12 Aug 2026 08:00:00 +0000</pubDate>
<guid isPermaLink="false">forum.orbis.example-post-55100</guid></item>
</channel></rss>"""

DISCOURSE_LATEST = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:discourse="http://www.discourse.org/">
<channel><title>Communauté Orbis - Derniers sujets</title><link>https://forum.orbis.example/latest</link>
<item><title>Panne fibre depuis hier</title><discourse:topicPinned>No</discourse:topicPinned>
<description><![CDATA[<p>Plus de fibre Orbis depuis hier soir.</p>
<p><small>3 messages - 3 participants</small></p>
<p><a href="https://forum.orbis.example/t/panne-fibre-depuis-hier/18996">Lire le sujet</a></p>
]]></description>
<link>https://forum.orbis.example/t/panne-fibre-depuis-hier/18996</link>
<pubDate>Wed, 12 Aug 2026 08:00:00 +0000</pubDate>
<guid isPermaLink="false">forum.orbis.example-topic-18996</guid></item>
</channel></rss>"""


def test_a_discourse_topic_and_its_replies_share_one_key() -> None:
    posts = _normalise(DISCOURSE_TOPIC, "https://forum.orbis.example/t/18996.rss")
    (topic,) = _normalise(DISCOURSE_LATEST, "https://forum.orbis.example/latest.rss")
    by_author = {p.author: p for p in posts}
    key = "discourse:forum.orbis.example:18996"
    assert {p.thread_hint for p in [*posts, topic]} == {key}
    assert [by_author[a].is_reply for a in ("julie", "marc", "Orbis_Care")] == [False, True, True]
    assert not topic.is_reply and topic.engagement == {"comments": 2.0}
    assert all(p.reply_to is None for p in [*posts, topic])  # the URL names no parent post


REDDIT_COMMENTS = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Panne fibre Orbis : r/ForfaitsEtBox</title>
<link rel="alternate" href="https://www.reddit.com/r/ForfaitsEtBox/comments/1ldu6hr/panne_fibre_orbis/"/>
<id>/r/ForfaitsEtBox/comments/1ldu6hr/panne_fibre_orbis/.rss</id>
<updated>2026-08-12T10:00:00+00:00</updated>
<entry><author><name>/u/julie_m</name></author><id>t3_1ldu6hr</id>
<link href="https://www.reddit.com/r/ForfaitsEtBox/comments/1ldu6hr/panne_fibre_orbis/"/>
<content type="html">&lt;p&gt;Plus de fibre Orbis.&lt;/p&gt;</content>
<updated>2026-08-12T08:00:00+00:00</updated><title>Panne fibre Orbis</title></entry>
<entry><author><name>/u/OrbisTelecom</name></author><id>t1_myu323c</id>
<link href="https://www.reddit.com/r/ForfaitsEtBox/comments/1ldu6hr/panne_fibre_orbis/myu323c/"/>
<content type="html">&lt;p&gt;Bonjour, écrivez-nous en message privé.&lt;/p&gt;</content>
<updated>2026-08-12T08:40:00+00:00</updated>
<title>/u/OrbisTelecom on Panne fibre Orbis</title></entry>
</feed>"""


def test_a_reddit_submission_and_its_comments_share_one_key() -> None:
    submission, comment = _normalise(REDDIT_COMMENTS, "https://www.reddit.com/r/x/.rss")
    assert (submission.thread_hint, submission.is_reply) == ("reddit:1ldu6hr", False)
    assert (comment.thread_hint, comment.is_reply) == ("reddit:1ldu6hr", True)
    assert comment.author == "OrbisTelecom"


MAILING_LIST = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Liste abonnés</title><link>https://liste.example/</link>
<item><title>Facture Nuvo en double</title><link>https://liste.example/msg/1</link>
<guid>m1</guid><pubDate>Wed, 12 Aug 2026 08:00:00 GMT</pubDate>
<description>Deux prélèvements Nuvo ce mois-ci.</description></item>
<item><title>RE : Facture NUVO en double ?</title><link>https://liste.example/msg/2</link>
<guid>m2</guid><pubDate>Wed, 12 Aug 2026 09:00:00 GMT</pubDate>
<description>Appelez le service Nuvo.</description></item>
<item><title>Re: Re: Facture Nuvo en double</title><link>https://liste.example/msg/3</link>
<guid>m3</guid><pubDate>Wed, 12 Aug 2026 10:00:00 GMT</pubDate>
<description>Merci, c'est réglé.</description></item>
<item><title>Facture Celesta</title><link>https://liste.example/msg/4</link>
<guid>m4</guid><pubDate>Wed, 12 Aug 2026 11:00:00 GMT</pubDate>
<description>Rien à voir.</description></item>
<item><title>Re: Panne</title><link>https://blog.example/panne/#comment-9</link>
<guid>m5</guid><pubDate>Wed, 12 Aug 2026 12:00:00 GMT</pubDate>
<description>Un commentaire.</description></item>
</channel></rss>"""


def test_re_titles_are_the_last_resort_and_find_their_starter_in_the_feed() -> None:
    starter, first, second, other, comment = _normalise(
        MAILING_LIST, "https://liste.example/feed.rss"
    )
    key = "title:liste.example:facture nuvo en double"
    assert [starter.thread_hint, first.thread_hint, second.thread_hint] == [key, key, key]
    assert [starter.is_reply, first.is_reply, second.is_reply] == [False, True, True]
    assert other.thread_hint is None and not other.is_reply
    # A parent named by the link wins over the title: no title key then.
    assert (comment.reply_to, comment.thread_hint) == ("https://blog.example/panne/", None)
    assert comment.is_reply


# -- a thread split across two feeds, collected into a real store --------------------------------

FEED_A = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Forum Conso</title><id>urn:forum-conso</id><link href="https://forum.conso.example/"/>
<updated>2026-08-12T08:00:00Z</updated>
<entry><id>tag:forum.conso.example,2026:message-1</id><title>Box Orbis muette</title>
<author><name>julie</name></author><published>2026-08-12T08:00:00Z</published>
<link href="https://forum.conso.example/sujet/1-box-orbis-muette"/>
<content type="html">Ma box Orbis ne répond plus depuis ce matin, une idée ?</content></entry>
</feed>"""

FEED_B = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
<title>Forum Conso : réponses</title><id>urn:forum-conso-replies</id>
<link href="https://forum.conso.example/reponses"/>
<updated>2026-08-12T08:30:00Z</updated>
<entry><id>tag:forum.conso.example,2026:message-2</id><title>Re: Box Orbis muette</title>
<author><name>Orbis_Care</name></author><published>2026-08-12T08:25:00Z</published>
<thr:in-reply-to ref="tag:forum.conso.example,2026:message-1"/>
<link href="https://forum.conso.example/sujet/1-box-orbis-muette#message-2"/>
<content type="html">Bonjour Julie, l'équipe Orbis relance votre box à distance.</content></entry>
</feed>"""


def test_a_thread_split_across_two_feeds_keeps_its_parent(tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "a.atom").write_text(FEED_A, encoding="utf-8")
    (folder / "b.atom").write_text(FEED_B, encoding="utf-8")
    brand = Brand(slug="orbis", name="Orbis", aliases=["Orbis"], staff=["Orbis_Care"])
    with FeedServer(folder) as server, open_store(tmp_path) as store:
        config = Config(
            sectors=[Sector(slug="telecom", name="Télécoms", brands=[brand])],
            sources=[
                Source(name="Forum", url=server.url_for("a.atom"), kind="forum"),
                Source(name="Réponses", url=server.url_for("b.atom"), kind="forum"),
            ],
            collect=CollectConfig(timeout=3, connect_timeout=1),
        )
        summary = collect_sources(config, store)
        analyse_store(store, config)
        frame = shape_mentions(store.mention_rows(), "Europe/Paris")
    assert summary.new == 2
    assert list(frame.columns) == MENTION_COLUMNS
    rows = frame.set_index("source")
    starter, reply = rows.loc["Forum"], rows.loc["Réponses"]
    assert reply["reply_to"] == starter["guid"] == "tag:forum.conso.example,2026:message-1"
    assert bool(reply["is_reply"]) and not bool(starter["is_reply"])
    # A parent is known: the "Re:" title gives no key; nothing is NULL in the frame.
    assert (starter["reply_to"], starter["thread_hint"], reply["thread_hint"]) == ("", "", "")
    assert (reply["author"], reply["brand"]) == ("Orbis_Care", "orbis")
    assert starter["published"] < reply["published"]
    assert all(frame[c].map(type).eq(str).all() for c in ("guid", "reply_to", "thread_hint"))


FEED_C = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
<title>Forum Conso : entraide</title><id>urn:forum-conso-peers</id>
<link href="https://forum.conso.example/entraide"/>
<updated>2026-08-12T09:00:00Z</updated>
<entry><id>tag:forum.conso.example,2026:message-3</id><title>Re: ma box</title>
<author><name>paul</name></author><published>2026-08-12T08:10:00Z</published>
<thr:in-reply-to ref="tag:forum.conso.example,2026:message-1"/>
<link href="https://forum.conso.example/sujet/1-box-orbis-muette#message-3"/>
<content type="html">Débranche-la dix secondes, chez moi ça a suffi.</content></entry>
<entry><id>tag:forum.conso.example,2026:message-4</id><title>Re: ma box</title>
<author><name>julie</name></author><published>2026-08-12T09:00:00Z</published>
<thr:in-reply-to ref="tag:forum.conso.example,2026:message-1"/>
<link href="https://forum.conso.example/sujet/1-box-orbis-muette#message-4"/>
<content type="html">Merci à vous deux, ça marche !</content></entry>
</feed>"""


def test_replies_naming_no_brand_still_answer_the_conversation(tmp_path: Path) -> None:
    """A peer's answer and the customer's thanks name no brand: they are no mentions (the
    volumes do not count them) but customer care follows the thread through them, from the
    store, and a build recomputes the month when one arrives."""
    from generator.incremental import observatory_from_store

    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "a.atom").write_text(FEED_A, encoding="utf-8")
    (folder / "b.atom").write_text(FEED_B, encoding="utf-8")
    brand = Brand(slug="orbis", name="Orbis", aliases=["Orbis"], staff=["Orbis_Care"])
    as_of = datetime(2026, 9, 15, tzinfo=UTC)
    with FeedServer(folder) as server, open_store(tmp_path) as store:
        sources = [
            Source(name="Forum", url=server.url_for("a.atom"), kind="forum"),
            Source(name="Réponses", url=server.url_for("b.atom"), kind="forum"),
        ]
        config = Config(
            sectors=[Sector(slug="telecom", name="Télécoms", brands=[brand])],
            sources=sources,
            collect=CollectConfig(timeout=3, connect_timeout=1),
        )
        collect_sources(config, store)
        analyse_store(store, config)
        staff = {"orbis": {"Orbis_Care"}}
        before = observatory_from_store(config, store, staff=staff, excluded=[], as_of=as_of)

        (folder / "c.atom").write_text(FEED_C, encoding="utf-8")
        peers = Source(name="Entraide", url=server.url_for("c.atom"), kind="forum")
        config = config.model_copy(update={"sources": [*sources, peers]})
        collect_sources(config, store)
        analyse_store(store, config)
        rows = shape_mentions(store.mention_rows(context=True), "Europe/Paris")
        after = observatory_from_store(config, store, staff=staff, excluded=[], as_of=as_of)
    context = rows[rows["source"] == "Entraide"]
    assert sorted(context["author"]) == ["julie", "paul"] and set(context["brand"]) == {""}
    assert "2026-08" in after.recomputed
    for build in (before, after):  # mentions: the question (earned) and the agent's (owned)
        monthly = build.observatory.monthly.set_index("brand").loc["orbis"]
        assert (monthly["mentions"], monthly["owned_mentions"]) == (1, 1)
    was = before.observatory.care.set_index("brand").loc["orbis"]
    care = after.observatory.care.set_index("brand").loc["orbis"]
    assert (was["peers_first_share"], was["thanked_share"]) == (0.0, 0.0)
    assert (care["conversations"], care["requests"]) == (1, 1)
    assert care["peers_first_share"] == 1.0 and care["brand_answered_share"] == 1.0
    assert care["thanked_share"] == 1.0
    assert care["reply_median_hours"] == pytest.approx(25 / 60)
    helpers = after.observatory.care_helpers
    assert helpers[["answers", "first_answers", "thanked"]].values.tolist() == [[1, 1, 1]]
    assert "paul" not in helpers["author_display"].iloc[0]  # a pseudonym, not the name


def test_a_re_fetch_updates_the_thread_facts_of_a_stored_post(tmp_path: Path) -> None:
    """A store upgraded to version 7 holds posts without thread facts: the next collection
    that sees them again fills them in, without counting them as changed posts."""
    source = Source(name="Forum", path=str(tmp_path / "f.rss"), kind="forum")
    entry = FeedEntry(
        guid="forum.orbis.example-post-55101",
        url="https://forum.orbis.example/t/panne/18996/2",
        title="Panne",
        author="marc",
        published=FETCHED,
        text="Pareil",
        html="<p>Pareil</p>",
        content_hash="h",
    )
    threaded = replace(entry, is_reply=True, thread_hint="discourse:forum.orbis.example:18996")
    with open_store(tmp_path) as store:
        ids = store.sync_sources([source])
        store.save_entries(ids["Forum"], [entry])
        stats = store.save_entries(ids["Forum"], [threaded])
        again = store.save_entries(ids["Forum"], [threaded])
        with store.engine.connect() as conn:
            row = conn.execute(posts.select()).one()
    assert (stats.new, stats.updated, stats.unchanged) == (0, 0, 1)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)
    assert (row.is_reply, row.thread_hint, row.reply_to) == (True, threaded.thread_hint, None)


def test_the_thread_facts_stay_out_of_every_published_frame() -> None:
    """The open data and the pages are made from the Observatory's frames: a post's identity
    and its parent (which can name a person's account) must not reach them (privacy)."""
    import pandas as pd
    from aggregate_support import config, frame

    from generator.aggregate import compute

    rows = [
        {
            "published": "2026-08-12T08:00:00",
            "author": "julie",
            "text": "Box Orbis muette",
            "guid": "https://social.example/@julie/1",
            "thread_hint": "reddit:1ldu6hr",
        },
        {
            "published": "2026-08-12T08:20:00",
            "author": "Orbis_Care",
            "text": "Nous regardons",
            "guid": "https://social.example/@Orbis_Care/2",
            "reply_to": "https://social.example/@julie/1",
            "thread_hint": "reddit:1ldu6hr",
            "is_reply": True,
        },
    ]
    observatory = compute(frame(rows), config())
    published = [v for v in vars(observatory).values() if isinstance(v, pd.DataFrame)]
    assert published and not any(
        {"guid", "reply_to", "thread_hint"} & set(f.columns) for f in published
    )
    texts = "".join(f.astype(str).to_csv() for f in published)
    assert "@julie/1" not in texts and "1ldu6hr" not in texts
