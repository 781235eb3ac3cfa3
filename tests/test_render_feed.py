"""The site's feeds are valid RSS 2.0 and JSON Feed 1.1, and every page says where they are.

`rss2_problems` is a strict checker written from the RSS 2.0 specification
(https://www.rssboard.org/rss-specification): required channel elements, the element set,
RFC 822 dates, e-mail fields, images, guids, and no missing value printed as "None".
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import feedparser
import pytest
from conftest import BuiltSite

from generator.config import ConfigError, parse_config
from generator.render.feed import fix_json_feed, fix_rss

RSS_FILES = ("feed_rss_created.xml", "feed_rss_updated.xml")
CHANNEL_ELEMENTS = {
    "title", "link", "description", "language", "copyright", "managingEditor", "webMaster",
    "pubDate", "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image",
    "rating", "textInput", "skipHours", "skipDays", "item",
}  # fmt: skip
ITEM_ELEMENTS = {
    "title", "link", "description", "author", "category", "comments", "enclosure", "guid",
    "pubDate", "source",
}  # fmt: skip
REPEATABLE = {"category", "item"}
RFC822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct"
    r"|Nov|Dec) \d{2}(?:\d{2})? \d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|UT|GMT|[ECMP][SD]T|[A-IK-Z])"
)
EMAIL = re.compile(r"[^@\s()<>]+@[^@\s()<>]+\.[^@\s()<>]+(?: \([^()]*\))?")
URL = re.compile(r"https?://[^\s<>\"]+")
LANGUAGE = re.compile(r"[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*")


def _once(parent: ET.Element, allowed: set[str], where: str) -> list[str]:
    problems, seen = [], set()
    for child in parent:
        if child.tag.startswith("{"):  # a namespaced extension (atom:link, dc:creator)
            continue
        if child.tag not in allowed:
            problems.append(f"{where}: <{child.tag}> is not an RSS 2.0 element")
        elif child.tag in seen and child.tag not in REPEATABLE:
            problems.append(f"{where}: <{child.tag}> appears twice")
        seen.add(child.tag)
    return problems


def _date(element: ET.Element | None, where: str) -> list[str]:
    if element is None:
        return []
    text = (element.text or "").strip()
    if not RFC822.fullmatch(text):
        return [f"{where}: {text!r} is not an RFC 822 date"]
    try:
        parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return [f"{where}: {text!r} is not a date"]
    return []


def rss2_problems(document: str) -> list[str]:
    """Every way `document` departs from RSS 2.0 (empty when it is valid)."""
    try:
        root = ET.fromstring(document.encode("utf-8"))
    except ET.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    problems = []
    if root.tag != "rss" or root.get("version") != "2.0":
        problems.append('the root is not <rss version="2.0">')
    channels = root.findall("channel")
    if len(channels) != 1:
        return [*problems, f"{len(channels)} <channel> elements instead of one"]
    channel = channels[0]
    problems += _once(channel, CHANNEL_ELEMENTS, "channel")
    for tag in ("title", "link", "description"):
        if not (channel.findtext(tag) or "").strip():
            problems.append(f"channel: required <{tag}> is missing or empty")
    if not URL.fullmatch((channel.findtext("link") or "").strip()):
        problems.append("channel: <link> is not an absolute URL")
    for tag in ("managingEditor", "webMaster"):
        value = channel.findtext(tag)
        if value is not None and not EMAIL.fullmatch(value.strip()):
            problems.append(f"channel: <{tag}> {value!r} is not an e-mail address")
    for tag in ("pubDate", "lastBuildDate"):
        problems += _date(channel.find(tag), f"channel <{tag}>")
    language = channel.findtext("language")
    if language is not None and not LANGUAGE.fullmatch(language.strip()):
        problems.append(f"channel: <language> {language!r} is not a language code")
    ttl = channel.findtext("ttl")
    if ttl is not None and not ttl.strip().isdigit():
        problems.append(f"channel: <ttl> {ttl!r} is not a number of minutes")
    for image in channel.findall("image"):
        for tag in ("url", "title", "link"):
            if not (image.findtext(tag) or "").strip():
                problems.append(f"image: required <{tag}> is missing")
        url = (image.findtext("url") or "").strip()
        if not (URL.fullmatch(url) and re.search(r"\.(?:gif|jpe?g|png)$", url, re.I)):
            problems.append(f"image: <url> {url!r} is not the URL of a GIF, JPEG or PNG")
    guids = []
    items = channel.findall("item")
    if not items:
        problems.append("channel: no <item>")
    for number, item in enumerate(items, 1):
        where = f"item {number}"
        problems += _once(item, ITEM_ELEMENTS, where)
        if not (item.findtext("title") or item.findtext("description") or "").strip():
            problems.append(f"{where}: needs a title or a description")
        for author in item.findall("author"):
            if not EMAIL.fullmatch((author.text or "").strip()):
                problems.append(f"{where}: <author> {author.text!r} is not an e-mail address")
        problems += _date(item.find("pubDate"), f"{where} <pubDate>")
        for tag in ("link", "comments"):
            value = item.findtext(tag)
            if value is not None and not URL.fullmatch(value.strip()):
                problems.append(f"{where}: <{tag}> {value!r} is not an absolute URL")
        guid = item.find("guid")
        if guid is None or not (guid.text or "").strip():
            problems.append(f"{where}: no <guid>")
        else:
            guids.append(guid.text.strip())
            if guid.get("isPermaLink", "true") == "true" and not URL.fullmatch(guid.text.strip()):
                problems.append(f"{where}: a permalink <guid> that is not a URL")
        source = item.find("source")
        if source is not None and not URL.fullmatch(source.get("url", "")):
            problems.append(f"{where}: <source> without an absolute url attribute")
        for enclosure in item.findall("enclosure"):
            if not all(enclosure.get(a) for a in ("url", "length", "type")):
                problems.append(f"{where}: <enclosure> needs url, length and type")
    if len(guids) != len(set(guids)):
        problems.append("two items share a guid")
    for element in root.iter():
        if (element.text or "").strip() in {"None", "nan", "null"}:
            problems.append(f"<{element.tag}> says {element.text.strip()!r}: a missing value")
        for name, value in element.attrib.items():
            if value.strip() in {"None", "nan", ""}:
                problems.append(f"<{element.tag} {name}={value!r}>: a missing value")
    return problems


# What mkdocs-rss-plugin 1.19 writes without an image, with a site author and item authors.
PLUGIN_FEED = """<?xml version="1.0" encoding="UTF-8" ?>
<?xml-stylesheet type="text/xsl" href="rss.xsl"?><rss version="2.0" \
xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Observatoire</title>
    <description>Un observatoire.</description>
    <link>https://observatoire.example.org/</link>
    <atom:link href="https://observatoire.example.org/feed_rss_created.xml" rel="self" \
type="application/rss+xml" />
    <managingEditor>L&#39;équipe de l&#39;observatoire</managingEditor>
    <language>fr</language>
    <pubDate>Thu, 03 Dec 2026 06:00:13 -0000</pubDate>
    <lastBuildDate>Thu, 03 Dec 2026 06:00:13 -0000</lastBuildDate>
    <ttl>1440</ttl>
    <generator>MkDocs RSS plugin - v1.19.0</generator>
    <image>
      <url>None</url>
      <title>Observatoire</title>
      <link>https://observatoire.example.org/</link>
    </image>
    <item>
      <title>Rapport mensuel — août 2026</title>
      <author>L'équipe de l'observatoire</author>
      <category>R&D</category>
      <category>Rapports mensuels</category>
      <description>En août 2026, une crise chez Fibralis.</description>
      <link>https://observatoire.example.org/blog/2026/08/rapport-2026-08/</link>
      <pubDate>Mon, 31 Aug 2026 00:00:00 +0000</pubDate>
      <guid isPermaLink="true">https://observatoire.example.org/blog/2026/08/rapport-2026-08/</guid>
    </item>
  </channel>
</rss>
"""
EDITOR = "redaction@observatoire.example.org (L'équipe de l'observatoire)"


def test_the_checker_sees_what_the_plugin_gets_wrong() -> None:
    problems = rss2_problems(PLUGIN_FEED.replace("R&D", "R&amp;D"))
    assert any("managingEditor" in p for p in problems)
    assert any("image: <url> 'None'" in p for p in problems)
    assert any("<author>" in p for p in problems)
    (broken,) = rss2_problems(PLUGIN_FEED)  # the unescaped "R&D" category
    assert broken.startswith("not well-formed XML")


def test_the_plugin_feed_is_repaired_into_valid_rss() -> None:
    fixed = fix_rss(PLUGIN_FEED, EDITOR)
    assert rss2_problems(fixed) == []
    root = ET.fromstring(fixed.encode("utf-8"))
    channel = root.find("channel")
    assert channel is not None
    assert channel.findtext("managingEditor") == EDITOR
    assert channel.findtext("webMaster") == EDITOR
    assert channel.find("image") is None
    item = channel.find("item")
    assert item is not None
    creator = item.findtext("{http://purl.org/dc/elements/1.1/}creator")
    assert creator == "L'équipe de l'observatoire"  # the name stays, as Dublin Core
    assert [c.text for c in item.findall("category")] == ["R&D", "Rapports mensuels"]
    assert fixed.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet')
    # Without an address the feed names no editor rather than a name where an address goes.
    bare = ET.fromstring(fix_rss(PLUGIN_FEED, None).encode("utf-8")).find("channel")
    assert bare is not None and bare.find("managingEditor") is None
    assert bare.find("webMaster") is None
    # An image that is one is kept.
    with_logo = PLUGIN_FEED.replace(
        "<url>None</url>", "<url>https://observatoire.example.org/logo.png</url>"
    )
    assert ET.fromstring(fix_rss(with_logo, EDITOR).encode()).find("channel/image") is not None
    assert fix_rss(fixed, EDITOR) == fixed  # a second pass changes nothing


@pytest.mark.parametrize("name", RSS_FILES)
def test_built_feeds_are_valid_rss_2(fixture_site: BuiltSite, name: str) -> None:
    document = (fixture_site.site / name).read_text(encoding="utf-8")
    assert rss2_problems(document) == []
    feed = feedparser.parse(document.encode("utf-8"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert "Rapport mensuel — octobre 2026" in [entry.title for entry in feed.entries]
    assert all(entry.get("author") for entry in feed.entries)  # dc:creator names them


def test_built_json_feeds_have_no_null(fixture_site: BuiltSite) -> None:
    for name in ("feed_json_created.json", "feed_json_updated.json"):
        text = (fixture_site.site / name).read_text(encoding="utf-8")
        feed = json.loads(text)
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["items"] and all(item["id"] for item in feed["items"])
        assert ": null" not in text and "None" not in text
    assert json.loads(fix_json_feed('{"a": null, "b": [{"c": null, "d": 1}]}')) == {"b": [{"d": 1}]}


def _config(site: str):  # type: ignore[no-untyped-def]
    sectors = "sectors: [{slug: t, name: T, brands: [{slug: a, name: A}]}]\n"
    return parse_config(f"site: {site}\n{sectors}", source="observatoire.yml")


def test_the_feed_editor_comes_from_the_configuration() -> None:
    from generator.render.feed import feed_editor

    both = _config("{author: Équipe (Paris), contact: a@x.org, editor_email: r@x.org}")
    assert feed_editor(both) == "r@x.org (Équipe Paris)"
    assert feed_editor(_config("{contact: a@x.org}")) == "a@x.org (L'équipe de l'observatoire)"
    assert feed_editor(_config("{title: T}")) is None
    assert feed_editor(_config("{contact: 'écrivez-nous'}")) is None  # not an address
    with pytest.raises(ConfigError, match="editor_email"):
        _config("{editor_email: la rédaction}")


def test_every_page_links_to_the_feed(fixture_site: BuiltSite) -> None:
    site = fixture_site.site
    for page in ("index.html", "blog/index.html", "blog/page/2/index.html",
                 "blog/2026/09/rapport-2026-09/index.html", "donnees/index.html"):  # fmt: skip
        html = (site / page).read_text(encoding="utf-8")
        link = re.search(r'<a class="obs-feed-link" href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
        assert link, page
        assert "S'abonner (RSS)" in link.group(2)
        url = urljoin(f"https://observatoire.example.org/{page}", link.group(1))
        assert url == "https://observatoire.example.org/feed_rss_created.xml", page
        assert re.search(r'<link rel="alternate" type="application/rss\+xml"[^>]*>', html), page
