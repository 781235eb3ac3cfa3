"""Parsing and normalisation: every format to the same FeedEntry, nothing invented silently."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from generator.collect.normalise import content_hash, normalise_feed
from generator.collect.parse import NotAFeed, parse_feed

FETCHED = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
     xmlns:thr="http://purl.org/syndication/thread/1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Forum Orbis</title><link>https://forum.example/</link><language>fr-FR</language>
<item><title>Panne fibre</title><link>/t/1</link><guid isPermaLink="false">t-1</guid>
<dc:creator>Julie_M</dc:creator><pubDate>Mon, 01 Jun 2026 10:00:00 +0200</pubDate>
<slash:comments>12</slash:comments>
<description>&lt;p onclick="x()"&gt;Plus de &lt;a href="/aide"&gt;fibre&lt;/a&gt;
depuis hier&lt;/p&gt;</description></item>
<item><title>Re: Panne fibre</title><link>https://forum.example/t/2</link>
<thr:in-reply-to ref="t-1"/><description>Pareil ici</description></item>
</channel></rss>"""

YOUTUBE = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"
      xmlns:yt="http://www.youtube.com/xml/schemas/2015">
<title>Orbis TV</title><author><name>Orbis Télécom</name></author>
<entry><id>yt:video:abc</id><title>Unboxing box 8</title>
<link rel="alternate" href="https://www.youtube.com/watch?v=abc"/>
<published>2026-05-02T08:00:00+00:00</published>
<media:group><media:description>La nouvelle box</media:description>
<media:community><media:starRating count="321" average="4.60" min="1" max="5"/>
<media:statistics views="45678"/></media:community></media:group></entry></feed>""".encode()


def test_rss_entry_is_normalised() -> None:
    feed = parse_feed(RSS, url="https://forum.example/feed", content_type="application/rss+xml")
    first, reply = normalise_feed(feed, feed_url="https://forum.example/feed", fetched_at=FETCHED)
    assert first.guid == "t-1"
    assert first.url == "https://forum.example/t/1"
    assert first.author == "Julie_M"
    assert first.published == datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    assert not first.date_missing
    assert first.language == "fr"
    assert first.engagement == {"comments": 12.0}
    assert "onclick" not in first.html
    assert 'href="https://forum.example/aide"' in first.html and "ugc" in first.html
    assert first.text == "Plus de fibre depuis hier"
    assert first.content_hash == content_hash("Panne fibre", "Plus de fibre depuis hier")
    assert not first.is_reply
    # No guid: the link identifies it; no date: fetch time, flagged.
    assert reply.guid == "https://forum.example/t/2"
    assert reply.is_reply
    assert reply.date_missing and reply.published == FETCHED


def test_youtube_statistics_become_engagement_and_feed_author_is_the_fallback() -> None:
    feed = parse_feed(YOUTUBE, url="https://yt.example/feed", content_type="application/atom+xml")
    (video,) = normalise_feed(feed, feed_url="https://yt.example/feed", fetched_at=FETCHED)
    assert video.engagement == {"views": 45678.0, "rating": 4.6, "rating_count": 321.0}
    assert video.author == "Orbis Télécom"
    assert video.url == "https://www.youtube.com/watch?v=abc"


def test_json_feed_1_1() -> None:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Blog",
        "home_page_url": "https://blog.example/",
        "language": "en-GB",
        "authors": [{"name": "Feed Author"}],
        "items": [
            {"id": "1", "url": "https://blog.example/1", "title": "Hello",
             "content_html": "<p>Hi <script>x()</script>there</p>",
             "date_published": "2026-04-01T10:00:00+02:00"},
            {"id": "2", "content_text": "Plain\n\nsecond para", "authors": [{"name": "Ann"}],
             "date_modified": "2026-04-02T10:00:00Z"},
            "not an item",
        ],
    }  # fmt: skip
    feed = parse_feed(json.dumps(document).encode(), url="https://blog.example/feed.json")
    assert feed.format == "json1.1"
    assert feed.malformed == "1 item(s) that are not JSON Feed items skipped"
    one, two = normalise_feed(feed, feed_url="https://blog.example/feed.json", fetched_at=FETCHED)
    assert (one.guid, one.title, one.text, one.author) == ("1", "Hello", "Hi there", "Feed Author")
    assert one.published == datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
    assert one.language == "en"
    assert two.text == "Plain\n\nsecond para" and two.author == "Ann"
    assert two.published == datetime(2026, 4, 2, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"<!DOCTYPE html><html><body>Hello</body></html>", "text/html", "got an HTML page"),
        (b"   ", "application/rss+xml", "empty response"),
        (b'{"items": []}', "application/json", "no https://jsonfeed.org/version/ marker"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": [', "", "invalid JSON"),
        (b'{"version": "https://jsonfeed.org/version/1"}', "", "without an 'items' list"),
        (b"<catalog><book/></catalog>", "application/xml", "not a feed"),
    ],
)
def test_what_is_not_a_feed_is_a_readable_error(
    body: bytes, content_type: str, reason: str
) -> None:
    with pytest.raises(NotAFeed, match=reason):
        parse_feed(body, url="https://x.example/feed", content_type=content_type)


def test_broken_xml_is_recovered_and_flagged() -> None:
    body = (
        b"\n<?xml version='1.0'?><rss version='2.0'><channel><title>T&eacute;</title>"
        b"<item><title>Un &hellip; deux</title><guid>g</guid></item></channel>"
    )
    feed = parse_feed(body, url="https://x.example/feed", content_type="text/xml")
    assert feed.malformed and "invalid XML" in feed.malformed
    (entry,) = normalise_feed(feed, feed_url="https://x.example/feed", fetched_at=FETCHED)
    assert entry.title == "Un … deux" and entry.guid.endswith("g")


def test_duplicate_guids_inside_one_feed_collapse() -> None:
    body = (
        b"<rss version='2.0'><channel><title>T</title>"
        + b"".join(b"<item><guid>same</guid><title>v%d</title></item>" % i for i in range(3))
        + b"</channel></rss>"
    )
    feed = parse_feed(body, url="https://x.example/feed")
    (entry,) = normalise_feed(feed, feed_url="https://x.example/feed", fetched_at=FETCHED)
    assert entry.title == "v2"
