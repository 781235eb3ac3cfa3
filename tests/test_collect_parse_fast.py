"""The Rust parse path (feedparser-rs behind feedparser's shape) changes no stored post.

Shadow test: every demo feed and every feed of ../shared/data/feeds is read by feedparser
alone (`fast=False`, the reference) and by the fast path with its fallback, both normalised
with one fixed fetch time, and compared field by field. Any difference must be fixed (the
adapter repeats feedparser, or the fast path steps aside) or listed in ACCEPTED with its
reason.
"""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest
from collect_helpers import make_config, open_store
from conftest import SHARED, require_shared
from feedserver import FeedServer
from rich.console import Console

from generator.collect import collect_sources
from generator.collect.normalise import normalise_feed
from generator.collect.parse import GZIP_LIMIT, NotAFeed, ParsedFeed, _parse_fast, parse_feed
from generator.collect.parse_fast import parse_fast

ROOT = Path(__file__).resolve().parent.parent
DEMO_FEEDS = ROOT / "generator" / "data" / "demo" / "feeds"
CORPUS = SHARED / "data" / "feeds"
FETCHED_AT = datetime(2026, 12, 1, tzinfo=UTC)
POST_FIELDS = (
    "guid",
    "former_guids",
    "url",
    "title",
    "published",
    "date_missing",
    "author",
    "text",
    "html",
    "content_hash",
    "is_reply",
    "language",
    "engagement",
    "author_audience",
    "reply_to",
    "thread_hint",
)
FEED_FIELDS = ("format", "malformed", "title", "link", "language", "author")
# (file under ../shared/data/feeds, field) -> why both parsers may disagree there. Empty: every
# difference found so far was fixed in the adapter or made the fast path fall back.
ACCEPTED: dict[tuple[str, str], str] = {}


def _read(body: bytes, url: str, content_type: str, *, fast: bool) -> ParsedFeed | str:
    try:
        return parse_feed(body, url=url, content_type=content_type, fast=fast)
    except NotAFeed as exc:
        return f"NotAFeed: {exc}"


def _compare(body: bytes, url: str, content_type: str = "") -> tuple[list[Any], str]:
    """(differences, the parser the fast path used) for one body."""
    reference = _read(body, url, content_type, fast=False)
    fast = _read(body, url, content_type, fast=True)
    if isinstance(reference, str) or isinstance(fast, str):
        return ([] if reference == fast else [("result", reference, fast)]), "none"
    found: list[Any] = [
        (name, getattr(reference, name), getattr(fast, name))
        for name in FEED_FIELDS
        if getattr(reference, name) != getattr(fast, name)
    ]
    before = normalise_feed(reference, feed_url=url, fetched_at=FETCHED_AT)
    after = normalise_feed(fast, feed_url=url, fetched_at=FETCHED_AT)
    if len(before) != len(after):
        return [*found, ("posts", len(before), len(after))], fast.parser
    for old, new in zip(before, after, strict=True):
        found += [
            (name, getattr(old, name, None), getattr(new, name, None))
            for name in POST_FIELDS
            if getattr(old, name, None) != getattr(new, name, None)
        ]
    return found, fast.parser


def _differences(body: bytes, url: str, content_type: str = "") -> list[Any]:
    return _compare(body, url, content_type)[0]


def _parsed(path: Path, content_type: str = "") -> ParsedFeed:
    return parse_feed(
        path.read_bytes(), url=f"https://example.org/{path.name}", content_type=content_type
    )


@pytest.mark.parametrize(
    "content_type", ["", "application/rss+xml", "text/xml", "text/xml; charset=utf-8"]
)
def test_demo_feeds_make_the_same_posts_with_either_parser(content_type: str) -> None:
    paths = sorted(DEMO_FEEDS.iterdir())
    for path in paths:
        url = f"https://www.example.org/{path.name}"
        assert _differences(path.read_bytes(), url, content_type) == [], path.name
    # The fast path really reads the demo: only the YouTube-style feed (yt:videoId,
    # media:statistics) needs feedparser.
    readers = {path.name: _parsed(path, content_type).parser for path in paths}
    assert readers.pop("techtube-telecoms.atom") == "feedparser"
    assert set(readers.values()) == {"feedparser-rs"}
    # text/xml without a charset means us-ascii, which these French feeds are not: each says
    # utf-8 in its XML declaration, which feedparser then uses, and says so.
    for path in paths:
        if path.read_bytes().isascii():
            continue
        parsed = _parsed(path, "text/xml")
        assert parsed.malformed == (
            "wrong character encoding declared (document declared as us-ascii, but parsed as utf-8)"
        ), path.name


@pytest.mark.slow
def test_real_world_feeds_make_the_same_posts_with_either_parser() -> None:
    require_shared(CORPUS)
    files = sorted(
        p
        for p in CORPUS.rglob("*")
        if p.is_file() and p.suffix in (".xml", ".rss", ".atom", ".rdf")
    )
    assert len(files) >= 250
    unexplained: list[str] = []
    fast = 0
    for path in files:
        name = str(path.relative_to(CORPUS))
        found, parser = _compare(path.read_bytes(), f"https://example.org/{name}")
        unexplained += [
            f"{name}: {field}: {old!r:.80} != {new!r:.80}"
            for field, old, new in found
            if (name, field) not in ACCEPTED
        ]
        fast += parser == "feedparser-rs"
    assert unexplained == []
    assert fast >= 100  # the fast path reads 112 of these 270 files today (most are test cases)


def test_the_parser_is_recorded() -> None:
    rss = (
        b'<rss version="2.0"><channel><title>T</title>'
        b"<item><guid>https://x.org/1</guid><title>A</title></item></channel></rss>"
    )
    assert parse_feed(rss, url="https://x.org/feed").parser == "feedparser-rs"
    assert parse_feed(rss, url="https://x.org/feed", fast=False).parser == "feedparser"
    json_feed = (
        b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": "A"}]}'
    )
    assert parse_feed(json_feed, url="https://x.org/feed.json").parser == "json"


def test_broken_xml_falls_back_with_feedparser_s_own_reason() -> None:
    broken = (
        b'<rss version="2.0"><channel><title>T</title>'
        b"<item><title>A &nbsp; B</title><guid>https://x.org/1</guid></item></channel></rss>"
    )
    fast = parse_feed(broken, url="https://x.org/feed")
    reference = parse_feed(broken, url="https://x.org/feed", fast=False)
    assert fast.parser == "feedparser"
    assert fast.malformed == reference.malformed
    assert fast.malformed == "invalid XML at line 2: undefined entity"  # its line numbers too


def test_a_declared_charset_that_fails_is_reported_as_feedparser_reports_it() -> None:
    rss = (
        '<rss version="2.0"><channel><item><guid>https://x.org/1</guid>'
        "<title>Débit</title></item></channel></rss>"
    )
    # us-ascii (text/xml) fails; the XML declaration's charset decodes: the fast path reads
    # it as feedparser does, reason included.
    declared = f'<?xml version="1.0" encoding="UTF-8"?>{rss}'.encode()
    fast = parse_feed(declared, url="https://x.org/feed", content_type="text/xml")
    reference = parse_feed(declared, url="https://x.org/feed", content_type="text/xml", fast=False)
    assert fast.parser == "feedparser-rs"
    assert (
        fast.malformed
        == reference.malformed
        == (
            "wrong character encoding declared (document declared as us-ascii, but parsed as utf-8)"
        )
    )
    assert fast.entries[0]["title"] == reference.entries[0]["title"] == "Débit"
    # Without a declaration feedparser guesses (chardet when installed, then utf-8...): it
    # reads the feed itself, and so do bodies whose declared charsets both fail.
    for body, content_type in [
        (rss.encode(), "text/xml"),
        (f'<?xml version="1.0" encoding="ascii"?>{rss}'.encode(), "text/xml"),
        (rss.encode("utf-8"), "application/rss+xml; charset=ascii"),
        (rss.encode("utf-16-le"), "application/rss+xml"),
        (b"\xef\xbb\xbf" + rss.encode("utf-8"), "application/rss+xml; charset=gb2312"),
    ]:
        assert (
            _parse_fast(
                body, {"content-location": "https://x.org/feed", "content-type": content_type}
            )
            == "charset"
        )
        assert _differences(body, "https://x.org/feed", content_type) == [], content_type
    # A declared single-byte charset that decodes is read by the fast path.
    latin = f'<?xml version="1.0" encoding="iso-8859-1"?>{rss}'.encode("iso-8859-1")
    assert parse_feed(latin, url="https://x.org/feed").parser == "feedparser-rs"
    assert _differences(latin, "https://x.org/feed") == []
    assert _differences(latin, "https://x.org/feed", "application/xml") == []


def test_relative_ids_are_resolved_like_feedparser() -> None:
    body = (
        b'<rss version="2.0"><channel><link>https://x.org/</link>'
        b"<item><guid>post-1</guid><title>A</title></item>"
        b"<item><guid>post-2</guid><link>https://x.org/2</link><title>B</title></item>"
        b"</channel></rss>"
    )
    fast = parse_feed(body, url="https://x.org/feed/rss")
    reference = parse_feed(body, url="https://x.org/feed/rss", fast=False)
    assert fast.parser == "feedparser-rs"
    assert (
        [e["id"] for e in fast.entries]
        == [e["id"] for e in reference.entries]
        == [
            "https://x.org/feed/post-1",
            "https://x.org/feed/post-2",
        ]
    )
    assert [e.get("link") for e in fast.entries] == [e.get("link") for e in reference.entries]
    kept = body.replace(b"<guid>", b'<guid isPermaLink="false">')
    assert [e["id"] for e in parse_feed(kept, url="https://x.org/feed/rss").entries] == [
        "post-1",
        "post-2",
    ]
    # xml:base makes the resolution uncertain: feedparser reads the feed.
    based = body.replace(b"<channel>", b'<channel xml:base="https://y.org/">')
    assert parse_feed(based, url="https://x.org/feed/rss").parser == "feedparser"


def test_entries_have_feedparser_s_keys_and_shapes() -> None:
    body = (DEMO_FEEDS / "forum-consotelecom.atom").read_bytes()
    fast = parse_feed(body, url="https://forum.example/feed")
    reference = feedparser.parse(
        io.BytesIO(body),
        response_headers={"content-location": "https://forum.example/feed"},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    assert fast.parser == "feedparser-rs"
    replies = [
        (i, e["thr_in-reply-to"]) for i, e in enumerate(fast.entries) if "thr_in-reply-to" in e
    ]
    assert replies
    assert replies == [
        (i, dict(e["thr_in-reply-to"]))
        for i, e in enumerate(reference.entries)
        if "thr_in-reply-to" in e
    ]
    for ours, theirs in zip(fast.entries, reference.entries, strict=True):
        assert all(not hasattr(value, "keys") or isinstance(value, dict) for value in ours.values())
        for key in ("id", "link", "title", "summary", "author", "published_parsed", "thr_total"):
            assert ours.get(key) == theirs.get(key), key
        assert ours["author_detail"]["name"] == theirs["author_detail"]["name"]
        assert [link["href"] for link in ours["links"] if link["rel"] == "alternate"] == [
            link["href"] for link in theirs["links"] if link["rel"] == "alternate"
        ]


def test_atom_hrefs_are_unescaped_and_plain_text_stays_plain() -> None:
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>'
        b"<entry><id>https://x.org/1</id><title>A &amp; B &lt; C</title>"
        b'<link href="https://x.org/?a=1&amp;b=2"/><summary>line one\n\nline two</summary>'
        b"<updated>2026-08-03T10:00:00Z</updated></entry></feed>"
    )
    fast = parse_feed(body, url="https://x.org/feed")
    assert fast.parser == "feedparser-rs"
    entry = fast.entries[0]
    assert entry["link"] == "https://x.org/?a=1&b=2"
    assert entry["summary_detail"]["type"] == "text/plain"
    assert _differences(body, "https://x.org/feed") == []


def test_what_feedparser_rs_does_not_read_goes_to_feedparser() -> None:
    youtube = _parsed(DEMO_FEEDS / "techtube-telecoms.atom")
    assert youtube.parser == "feedparser"
    assert all(e.get("yt_videoid") for e in youtube.entries)
    reasons = {
        "base64 content": (
            b'<feed xmlns="http://purl.org/atom/ns#" version="0.3"><entry>'
            b'<id>https://x.org/1</id><content mode="base64" type="text/html">PHA+aGk8L3A+'
            b"</content></entry></feed>"
        ),
        "no entries": b'<rss version="2.0"><channel><title>T</title></channel></rss>',
        "xhtml content": (
            b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>https://x.org/1</id>'
            b'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
            b"<p>a <b>b</b> c</p></div></content></entry></feed>"
        ),
    }
    for reason, body in reasons.items():
        assert _parse_fast(body, {"content-location": "https://x.org/feed"}) == reason
        assert _differences(body, "https://x.org/feed") == []


DATES = [
    "Mon, 03 Aug 2026 10:00:00 +0000",
    "Mon, 03 Aug 2026 10:00:00 -0000",
    "03 Aug 2026 10:00:00 +0200",
    "Mon, 3 Aug 2026 23:59:59 -0930",
    "Mon, 03 Aug 2026 10:00 GMT",
    "Mon, 03 Aug 2026 10:00:00 UT",
    "Mon, 03 Aug 2026 10:00:00 UTC",
    "Mon, 03 Aug 2026 10:00:00 Z",
    "Mon, 03 Aug 2026 10:00:00 EST",
    "Mon, 03 Aug 2026 10:00:00 PDT",
    "Thu, 31 Dec 2026 23:30:00 -0100",
    " Mon, 03 Aug 2026 10:00:00 +0000",  # both parsers strip an element's text
    "2026-08-03T10:00:00Z",
    "2026-08-03T10:00:00.999999+02:00",
    "2026-08-03T10:00Z",
    "2026-12-31T23:59:59-05:30",
    "2026-08-03",
    # Forms the fast path leaves to feedparser (its handlers read them their own way).
    "Sun, 29 Feb 2026 10:00:00 +0000",  # no such day
    "Mon, 03 Aug 2026 24:00:00 +0000",
    "Mon, 03 Aug 2026 10:00:60 +0000",
    "2026-02-30T10:00:00Z",
    "2026-08-03T10:00:00+0530",
    "2026-02-29",
    "Mon, 03 Aug 26 10:00:00 +0000",
    "Mon 03 Aug 2026 10:00:00 +0000",
    "03 août 2026 10:00:00 +0200",
    "",
]


def _when(entry: dict[str, Any]) -> Any:
    # dict.get: feedparser's own get() maps a missing updated_parsed to published_parsed.
    return dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")


@pytest.mark.parametrize("date", DATES)
def test_dates_in_the_common_forms_are_read_as_feedparser_reads_them(date: str) -> None:
    """The stdlib reads the dates the fast path keeps exactly as feedparser's handlers do."""
    for element in ("pubDate", "dc:date"):
        body = (
            '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f"<item><guid>https://x.org/1</guid><title>A</title><{element}>{date}</{element}>"
            "</item></channel></rss>"
        ).encode()
        fast = parse_feed(body, url="https://x.org/feed")
        reference = parse_feed(body, url="https://x.org/feed", fast=False)
        # The date the normaliser reads (feedparser-rs also names a dc:date `published`).
        assert _when(fast.entries[0]) == _when(reference.entries[0]), element
        assert _differences(body, "https://x.org/feed") == []
    body = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>https://x.org/1</id>'
        f"<title>A</title><updated>{date}</updated></entry></feed>"
    ).encode()
    fast = parse_feed(body, url="https://x.org/feed")
    reference = parse_feed(body, url="https://x.org/feed", fast=False)
    assert _when(fast.entries[0]) == _when(reference.entries[0])
    assert _differences(body, "https://x.org/feed") == []


def test_the_common_date_forms_stay_on_the_fast_path() -> None:
    kept = DATES[: DATES.index("Sun, 29 Feb 2026 10:00:00 +0000")]
    left = DATES[len(kept) : -1]
    for date in kept + left:
        body = (
            '<rss version="2.0"><channel><item><guid>https://x.org/1</guid><title>A</title>'
            f"<pubDate>{date}</pubDate></item></channel></rss>"
        ).encode()
        parser = parse_feed(body, url="https://x.org/feed").parser
        assert parser == ("feedparser-rs" if date in kept else "feedparser"), date


def test_texts_feedparser_repairs_with_private_rules_go_to_feedparser() -> None:
    """cp1252 characters (U+0080-U+009F) and RSS titles that may be HTML: feedparser maps or
    guesses them with private tables, so it reads those feeds; anything else stays fast."""

    def rss(title: str) -> bytes:
        return (
            '<rss version="2.0"><channel><item><guid>https://x.org/1</guid>'
            f"<title>{title}</title></item></channel></rss>"
        ).encode()

    cases = {
        "Prix &#150; promo": "cp1252 characters",
        "Prix \x96 promo": "cp1252 characters",
        "A &lt;b&gt;gras&lt;/b&gt;": "title that may be HTML",
        "A &amp;eacute; B": "title that may be HTML",
        "A &amp;foo; B": "title that may be HTML",
    }
    for title, reason in cases.items():
        body = rss(title)
        assert _parse_fast(body, {"content-location": "https://x.org/feed"}) == reason, title
        assert _differences(body, "https://x.org/feed") == [], title
    for title in ("AT&amp;T &amp; Orbis", "1 &lt; 2", "Débit — “fibre”"):
        body = rss(title)
        assert parse_feed(body, url="https://x.org/feed").parser == "feedparser-rs", title
        assert _differences(body, "https://x.org/feed") == [], title


def test_the_fast_path_uses_no_private_name_of_feedparser() -> None:
    """Only documented APIs: `import feedparser` / `feedparser_rs` and their public, non-module
    attributes. A private name (`_parse_date`) or an undocumented module (`feedparser.encodings`)
    may change in any release and silently change stored posts."""
    import ast
    import inspect

    import feedparser_rs

    import generator.collect.parse as parse_module
    import generator.collect.parse_fast as parse_fast_module

    libraries = {"feedparser": feedparser, "feedparser_rs": feedparser_rs}
    for module in (parse_module, parse_fast_module):
        source = inspect.getsource(module)
        assert "from feedparser." not in source and "import feedparser." not in source
        used: set[str] = set()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in libraries:
                        assert alias.name in libraries, alias.name
            elif (
                isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in libraries
            ):
                assert node.module in libraries, node.module
                used |= {f"{node.module}.{alias.name}" for alias in node.names}
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in libraries
            ):
                used.add(f"{node.value.id}.{node.attr}")
        assert used, module.__name__  # the scan sees the library's names
        for name in used:
            library, attribute = name.split(".", 1)
            assert not attribute.startswith("_"), name
            assert not inspect.ismodule(getattr(libraries[library], attribute)), name


def test_feedparser_rs_never_gets_a_string() -> None:
    with pytest.raises(TypeError):
        parse_fast("https://example.org/feed.xml")  # type: ignore[arg-type]


# -- bodies that are not what the server says (issue 17, item 4) ------------------------------

DEMO_RSS = DEMO_FEEDS / "actu-telecoms.xml"


def _titles(feed: ParsedFeed) -> list[str]:
    return [entry["title"] for entry in feed.entries]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("declared", [True, False])
def test_a_utf16_body_without_bom_is_read_and_named(codec: str, declared: bool) -> None:
    text = DEMO_RSS.read_text(encoding="utf-8")
    if not declared:
        text = text.split("?>", 1)[1].lstrip()
    # The server also declares the wrong charset: the bytes win, as they must.
    body = text.encode(codec)
    feed = parse_feed(body, url="https://x.org/feed", content_type="text/xml; charset=utf-8")
    label = codec.upper().replace("-LE", "LE").replace("-BE", "BE")
    assert feed.malformed == f"{label} body without a byte-order mark"
    assert _titles(feed) == _titles(_parsed(DEMO_RSS))
    assert "Qualité de service : le régulateur publie son enquête annuelle" in _titles(feed)


def test_a_gzip_body_without_content_encoding_is_read_and_named() -> None:
    feed = parse_feed(gzip.compress(DEMO_RSS.read_bytes()), url="https://x.org/feed")
    assert feed.malformed == "gzip-compressed body sent without Content-Encoding"
    assert feed.parser == "feedparser-rs"
    assert _titles(feed) == _titles(_parsed(DEMO_RSS))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            gzip.compress(b"<rss>" + b" " * (GZIP_LIMIT + 1), mtime=0),
            "gzip-compressed body sent without Content-Encoding, larger than 10 MB once "
            "decompressed",
        ),
        (
            b"\x1f\x8b\x08\x00 truncated",
            "gzip-compressed body sent without Content-Encoding, and it does not decompress",
        ),
        (
            gzip.compress(b"<!doctype html><html><body>Maintenance</body></html>", mtime=0),
            "not a feed: got an HTML page (gzip-compressed body sent without Content-Encoding)",
        ),
    ],
    # Readable ids that are the same in every xdist worker (bodies are bytes).
    ids=["too-large", "truncated", "html-page"],
)
def test_a_gzip_body_that_is_no_feed_says_why(body: bytes, message: str) -> None:
    with pytest.raises(NotAFeed) as caught:
        parse_feed(body, url="https://x.org/feed")
    assert str(caught.value) == message


def test_disguised_bodies_over_http_are_collected_with_a_readable_reason(tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    text = DEMO_RSS.read_text(encoding="utf-8")
    (folder / "zipped.xml").write_bytes(gzip.compress(text.encode()))
    (folder / "wide.xml").write_bytes(text.encode("utf-16-le"))
    with FeedServer(folder) as server, open_store(tmp_path) as store:
        names = ["zipped.xml", "wide.xml"]
        config = make_config([{"name": n, "url": server.url_for(n)} for n in names])
        summary = collect_sources(config, store)
        health = store.source_health().set_index("name")
    assert {r.name: r.status for r in summary.sources} == dict.fromkeys(names, "collected")
    assert health.loc["zipped.xml", "malformed_reason"] == (
        "gzip-compressed body sent without Content-Encoding"
    )
    assert health.loc["wide.xml", "malformed_reason"] == "UTF-16LE body without a byte-order mark"
    assert (health.loc[names, "posts"] == len(_parsed(DEMO_RSS).entries)).all()


def test_each_source_records_which_parser_read_it(tmp_path: Path) -> None:
    """The Sources table says which parser read a source's last feed: the demo's forum RSS
    takes the fast path, its YouTube feed (yt:videoId, media statistics) goes to feedparser."""
    from generator.collect.report import print_health

    demo = ROOT / "generator/data/demo/feeds"
    with FeedServer(demo) as server, open_store(tmp_path) as store:
        names = [DEMO_RSS.name, "techtube-telecoms.atom"]
        config = make_config([{"name": n, "url": server.url_for(n)} for n in names])
        collect_sources(config, store)
        health = store.source_health()
    parsers = dict(zip(health["name"], health["parser"], strict=True))
    assert parsers == {DEMO_RSS.name: "feedparser-rs", "techtube-telecoms.atom": "feedparser"}
    console = Console(width=200, record=True)
    print_health(health, console)
    assert "feedparser-rs" in console.export_text()
