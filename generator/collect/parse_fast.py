"""feedparser-rs (Rust) behind feedparser's shape: the collector's fast parse path.

feedparser-rs parses ~40x faster than feedparser but hands back objects (`Entry`, `Link`,
`TextConstruct`...), spells a few keys differently and reads some feeds otherwise. The
normaliser reads feedparser's mappings, so this adapter rebuilds the plain dicts feedparser
would have built, repeats those of feedparser's per-element rules that the standard library
reproduces exactly, and refuses (returns a reason) whenever feedparser-rs is known to read a
feed differently or a rule would need feedparser's private internals (a date in an unusual
form, cp1252 characters, a title that may be HTML): the caller then asks feedparser.
A post must look the same whichever parser read it (tests/test_collect_parse_fast.py).
Only public APIs: `feedparser_rs.parse` and its result's attributes, and the stdlib.

Never hand feedparser-rs a `str`: it takes a string that looks like a URL as one and fetches it.
"""

from __future__ import annotations

import contextlib
import html
import re
import time
import xml.parsers.expat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser_rs

ATOM_NS = "http://www.w3.org/2005/Atom"
_RSS10_NS = "http://purl.org/rss/1.0/"
_ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
_MEDIA_NS = "http://search.yahoo.com/mrss/"
# Elements the normaliser reads that feedparser-rs does not keep: YouTube's yt:videoId and
# media:statistics / media:starRating (engagement), Discourse's topicPinned marker.
_UNREAD_NAMESPACES = ("http://www.youtube.com/xml/schemas/2015", "http://www.discourse.org/")
_UNREAD_MEDIA = (b"statistics", b"starRating")
_RSS_VERSION = re.compile(rb"<rss\b[^>]*?\bversion\s*=\s*[\"']\s*2\.0\s*[\"']")
_CP1252_RANGE = re.compile("[\x80-\x9f]")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_BASE64 = re.compile(rb"""\bmode\s*=\s*["']base64["']""")
_XHTML = re.compile(rb"""\btype\s*=\s*["'](?:xhtml|application/xhtml\+xml)["']""")
_RSS_AUTHOR_ELEMENTS = re.compile(rb"<author\b[^>]*>\s*<")
# Unescaped markup inside a text element (<description><em>...): feedparser keeps the markup,
# feedparser-rs only the first text node.
_MARKUP_IN_TEXT = re.compile(
    rb"<(?:description|summary|content|title|content:encoded)\b[^>]*(?<!/)>[^<]*<(?![/!])"
)
# An Atom <link> with text inside: feedparser takes the text for the entry's link.
_LINK_WITH_TEXT = re.compile(rb"<link\b[^>]*(?<!/)>\s*[^<\s]")
# feedparser's split of "name (email)" author strings into author_detail (mixin.py).
_EMAIL = re.compile(
    r"(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))"
    r"([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"
)
_PREFIXED_LANGUAGE = re.compile(rb"<\w+:language\b")
_SUMMARY_TAG = re.compile(rb"<(?:\w+:)?(?:summary|description)\b")
_PERSON_KEYS = frozenset(
    {"author", "author_detail", "authors", "contributors", "publisher", "publisher_detail"}
)
_UPDATED_TAG = re.compile(rb"<(?:\w+:)?(?:updated|date|modified)\b")
_DATE_TAG = re.compile(rb"<(?:\w+:)?(?:pubDate|date|updated|published|issued|modified|created)\b")
_ITEM_START = re.compile(rb"<(?:\w+:)?(?:item|entry)\b")
_ITEM_END = re.compile(rb"</(?:\w+:)?(?:item|entry)\s*>")
_GUID_TAG = re.compile(rb"<guid\b")
_NOT_PERMALINK = re.compile(rb"""\bisPermaLink\s*=\s*["']\s*false\s*["']""", re.IGNORECASE)
# Atom text constructs: feedparser-rs says text/html both for type="html" and for no type
# (which means text); the tags themselves settle it.
_ATOM_TEXT_TAG = re.compile(rb"<(?:\w+:)?(?:title|summary|subtitle)\b([^>]*)>")
_TYPE_ATTR = re.compile(rb"""\btype\s*=\s*["']([^"']*)["']""")
_TEXT_DETAILS = ("title_detail", "summary_detail", "subtitle_detail")
_DATES = ("published", "updated", "created")
# The date forms where the stdlib and feedparser's date handlers agree (the shadow test and
# test_dates_in_the_common_forms_are_read_as_feedparser_reads_them check it): RFC 822 with a
# four-digit year, a comma after an optional day name and a numeric or US zone; RFC 3339; a
# date alone (midnight UTC for both).
# Any other form (two-digit years, "+0530" in ISO dates, named months in other languages...)
# goes to feedparser, whose many handlers have their own quirks.
_RFC822_DATE = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}(?::\d{2})? "
    r"(?:[+-]\d{4}|GMT|UTC?|Z|[ECMP][SD]T)"
)
_RFC3339_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})"
)
# feedparser's first test before it calls an RSS title HTML (a closing tag or an entity);
# the rest of its test needs its private list of HTML elements, so such titles go to it.
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MAY_BE_HTML = re.compile(r"</\w+>|&#?\w+;")


class _Unsure(Exception):
    """feedparser might read this value otherwise; the message says why (for measurement)."""


@dataclass(slots=True)
class FastFeed:
    """What feedparser-rs read, in feedparser's shape."""

    version: str
    feed: dict[str, Any]
    entries: list[dict[str, Any]] = field(default_factory=list)


def parse_fast(body: bytes, *, base: str = "") -> FastFeed | str:
    """Read UTF-8 bytes with feedparser-rs; a reason string when feedparser must read them.

    `base` is the feed's address, which feedparser resolves relative ids against. The reason
    is for measurement and tests, never shown to users.
    """
    if not isinstance(body, bytes):  # a str would be fetched as a URL
        raise TypeError("parse_fast takes bytes")
    if not _well_formed(body):
        return "invalid XML"  # feedparser's lenient parser and its bozo reason take over
    try:
        parsed = feedparser_rs.parse(body, sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # any failure means "let feedparser read it"
        return f"exception: {exc.__class__.__name__}"
    reason = fallback_reason(parsed, body)
    if reason:
        return reason
    version = str(parsed.version)
    untyped_text = False
    if version.startswith("atom"):
        typing = _atom_text_typing(body)
        if typing == "mixed":
            return "Atom text types"
        untyped_text = typing == "untyped"
        if _LINK_WITH_TEXT.search(body):
            return "Atom link with text"
    try:
        return _adapt_feed(parsed, body, version, untyped_text, base)
    except _Unsure as exc:
        return str(exc)


def _adapt_feed(
    parsed: Any, body: bytes, version: str, untyped_text: bool, base: str
) -> FastFeed | str:
    # feedparser leaves Atom person names (<name>, <email>) out of its text repairs.
    skip = _PERSON_KEYS if version.startswith("atom") else frozenset()
    feed = adapt(parsed.feed, skip=skip)
    entries = [adapt(entry, skip=skip) for entry in parsed.entries]
    feed_author = feed.get("author")
    ids = _id_policy(body, version)
    copied_summaries = not _SUMMARY_TAG.search(body)
    # feedparser-rs repeats an RSS item's pubDate as `updated`; feedparser has none.
    copied_updates = version.startswith("rss") and not _UPDATED_TAG.search(body)
    # feedparser-rs drops a date it cannot read (a dc:date "Mon 03 Aug 2026..."), raw
    # string included, where feedparser's handlers may read it.
    if sum(any(isinstance(e.get(key), str) for key in _DATES) for e in entries) < _dated_items(
        body
    ):
        return "date feedparser-rs did not read"
    for entry in entries:
        if (why := _resolve_id(entry, ids, base)) is not None:
            return why
        if (why := _entry_gap(entry, feed_author)) is not None:
            return why
        if version.startswith("atom") and _inherited_author(entry, feed_author):
            for key in ("author", "authors"):
                entry.pop(key, None)
        if copied_updates and entry.get("updated") == entry.get("published"):
            entry.pop("updated", None)
            entry.pop("updated_parsed", None)
        _copy_content_to_summary(entry, copied_summaries)
        _as_feedparser(entry, version, untyped_text)
        if version.startswith("rss"):
            _author_detail(entry)
    _as_feedparser(feed, version, untyped_text)
    if version.startswith("rss"):
        _author_detail(feed)
    link = feed.get("link")
    if isinstance(link, str) and not urlsplit(link).scheme:
        if b"xml:base" in body or not base:
            return "relative link"
        feed["link"] = _join(base, link)  # as feedparser resolves it
    return FastFeed(version=version, feed=feed, entries=entries)


def _dated_items(body: bytes) -> int:
    """How many items or entries hold a date element."""
    count = 0
    for item in _ITEM_START.split(body)[1:]:
        end = _ITEM_END.search(item)
        count += bool(_DATE_TAG.search(item, 0, end.start() if end else len(item)))
    return count


def _well_formed(body: bytes) -> bool:
    """Would feedparser's strict (expat) parser accept it? Only then is it not bozo."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    try:
        parser.Parse(body, True)
    except xml.parsers.expat.ExpatError:
        return False
    return True


def fallback_reason(parsed: Any, body: bytes) -> str | None:
    """Why this feedparser-rs result should not be trusted, or None."""
    if parsed.bozo:
        return "bozo"
    version = parsed.version or ""
    namespaces = set((parsed.namespaces or {}).values())
    if not _same_version(version, namespaces, body):
        return f"version {version or 'unknown'}"
    if not parsed.entries:
        return "no entries"
    if any(uri in namespaces for uri in _UNREAD_NAMESPACES):
        return "extension feedparser-rs does not read"
    if _MEDIA_NS in namespaces and any(marker in body for marker in _UNREAD_MEDIA):
        return "extension feedparser-rs does not read"
    if _BASE64.search(body):
        return "base64 content"  # Atom 0.3 mode="base64", which feedparser-rs leaves encoded
    if _XHTML.search(body):
        return "xhtml content"  # feedparser-rs drops inline markup of XHTML content
    if _MARKUP_IN_TEXT.search(body):
        return "markup inside a text element"
    if version.startswith("rss") and _RSS_AUTHOR_ELEMENTS.search(body):
        return "structured RSS author"  # feedparser-rs takes its <title> for the item's
    if version.startswith("rss") and b"xml:lang" in body:
        return "language"  # feedparser-rs keeps no xml:lang on RSS elements
    if not (parsed.feed.language or "") and _PREFIXED_LANGUAGE.search(body):
        return "language"  # dc:language, which feedparser-rs does not read
    if _ITUNES_NS in namespaces and b"summary" in body:
        return "itunes:summary"  # feedparser reads it as plain text, feedparser-rs as HTML
    if version.startswith("rss") and ATOM_NS in namespaces and _atom_in_items(body, parsed):
        return "prefixed Atom elements"
    return None


def _same_version(version: str, namespaces: set[str], body: bytes) -> bool:
    """Whether feedparser would name the format the same (it is stored with the source)."""
    if version == "atom10":
        return ATOM_NS in namespaces
    if version == "rss10":
        return _RSS10_NS in namespaces
    if version == "rss20":
        return bool(_RSS_VERSION.search(body, 0, 4096))
    return version in ("rss090", "rss091u", "rss091n", "rss092", "rss093", "rss094", "atom03")


def _atom_in_items(body: bytes, parsed: Any) -> bool:
    """Atom elements inside RSS items (a10:link, atom:author...), which feedparser-rs skips.

    An RSS channel's own <atom:link rel="self"> is common and harmless.
    """
    prefixes = [p for p, uri in (parsed.namespaces or {}).items() if uri == ATOM_NS and p]
    first_item = body.find(b"<item")
    if first_item < 0:
        return False
    return any(f"<{prefix}:".encode() in body[first_item:] for prefix in prefixes)


def _id_policy(body: bytes, version: str) -> str:
    """Whether feedparser resolves relative ids: "resolve", "keep" or "unsure".

    feedparser treats an Atom <id>, and an RSS <guid> unless isPermaLink="false", as a link
    and resolves it against xml:base or the feed's address, so "t3_x" becomes a URL.
    """
    if b"xml:base" in body:
        return "unsure"
    if version.startswith("atom"):
        return "resolve"
    guids = len(_GUID_TAG.findall(body))
    if version in ("rss10", "rss090") and not guids:
        return "keep"  # the id is rdf:about, which feedparser does not resolve
    not_links = len(_NOT_PERMALINK.findall(body))
    if not_links == 0:
        return "resolve"
    return "keep" if not_links == guids else "unsure"


def _resolve_id(entry: dict[str, Any], policy: str, base: str) -> str | None:
    """The entry's relative id resolved as feedparser does, or why it cannot be."""
    raw_id = entry.get("id")
    if not isinstance(raw_id, str) or not raw_id.strip() or urlsplit(raw_id).scheme:
        return None
    if policy == "keep":
        return None
    if policy == "unsure" or not base:
        return "relative id"
    resolved = _join(base, raw_id)
    entry["id"] = resolved
    if entry.get("link") == raw_id:  # feedparser-rs's link from the guid, unresolved
        entry["link"] = resolved
    links = [
        link
        for link in entry.get("links") or ()
        if not isinstance(link, dict) or link.get("href") != raw_id
    ]
    if links:
        entry["links"] = links
    else:
        entry.pop("links", None)
    return None


def _entry_gap(entry: dict[str, Any], feed_author: Any) -> str | None:
    """Entry shapes feedparser-rs reads differently from feedparser (known gaps)."""
    comments = entry.get("comments")
    if isinstance(comments, str) and not urlsplit(comments.strip()).scheme:
        return "relative comments link"
    hrefs = [entry.get("link")] + [
        link.get("href", "") for link in entry.get("links") or () if isinstance(link, dict)
    ]
    if any(isinstance(href, str) and not urlsplit(href.strip()).scheme for href in hrefs):
        return "relative link"  # feedparser resolves it (even an empty one) against xml:base
    return None


def _inherited_author(entry: dict[str, Any], feed_author: Any) -> bool:
    """feedparser-rs copies an Atom feed's author into entries without one; feedparser
    does not (the normaliser falls back to the feed's author itself, after <source>)."""
    return bool(feed_author) and "author_detail" not in entry and entry.get("author") == feed_author


def _copy_content_to_summary(entry: dict[str, Any], copied: bool) -> None:
    """feedparser's summary falls back to the first text or HTML content, untyped (so HTML
    to the normaliser); dc:date is its `updated`.

    feedparser-rs copies it too but with the content's type: with no summary element in the
    document (`copied`), that type is dropped.
    """
    if copied:
        entry.pop("summary_detail", None)
    if "summary" not in entry:
        for part in entry.get("content") or ():
            if isinstance(part, dict) and part.get("type") in ("text/plain", *_HTML_TYPES):
                entry["summary"] = part.get("value", "")
                break
    if isinstance(entry.get("dc_date"), str):
        entry["updated"] = entry["dc_date"]


def _author_detail(entry: dict[str, Any]) -> None:
    """feedparser's author_detail for an RSS author given as a string with an e-mail in it."""
    author = entry.get("author")
    if not isinstance(author, str) or not author:
        return
    detail = entry.get("author_detail")
    if isinstance(detail, dict) and detail != {"name": author}:
        return  # feedparser-rs split it already
    match = _EMAIL.search(author)
    if not match:
        entry["author_detail"] = {"name": author}
        return
    email = match.group(0)
    name = author.replace(email, "").replace("()", "").replace("<>", "").replace("&lt;&gt;", "")
    name = name.strip()
    if name[:1] == "(":
        name = name[1:]
    if name[-1:] == ")":
        name = name[:-1]
    name = name.strip()
    entry["author_detail"] = {"name": name, "email": email} if name else {"email": email}


def _atom_text_typing(body: bytes) -> str:
    """How Atom titles and summaries are typed: "untyped", "typed" or "mixed".

    "mixed" (some say html, some say nothing) leaves feedparser-rs's types ambiguous.
    """
    untyped = html_typed = False
    for match in _ATOM_TEXT_TAG.finditer(body):
        kind = _TYPE_ATTR.search(match.group(1))
        if kind is None:
            untyped = True
        elif kind.group(1).strip().lower() in (b"html", b"text/html"):
            html_typed = True
        if untyped and html_typed:
            return "mixed"
    return "untyped" if untyped else "typed"


def _as_feedparser(mapping: dict[str, Any], version: str, untyped_text: bool = False) -> None:
    """feedparser's own conventions for links, text types and dates (in place)."""
    atom = version.startswith("atom")
    alternate: str | None = None
    for link in mapping.get("links") or ():
        if not isinstance(link, dict):
            continue
        if atom and isinstance(link.get("href"), str):
            link["href"] = html.unescape(link["href"])  # feedparser-rs keeps &amp; in href
        link.setdefault("rel", "alternate")
        link.setdefault("type", "application/atom+xml" if link["rel"] == "self" else "text/html")
        if link["rel"] == "alternate" and link["type"] in _HTML_TYPES and link.get("href"):
            alternate = link["href"]
    if atom:
        # feedparser's link is the last HTML alternate, else the entry's id.
        fallback = mapping.get("id")
        link = alternate or (fallback if isinstance(fallback, str) else None)
        if link:
            mapping["link"] = link
        else:
            mapping.pop("link", None)
        if untyped_text:
            for key in _TEXT_DETAILS:
                detail = mapping.get(key)
                if isinstance(detail, dict) and detail.get("type") == "text/html":
                    detail["type"] = "text/plain"
    else:
        # RSS text is plain unless it looks like HTML: feedparser's guess, repeated.
        detail = mapping.get("title_detail")
        if isinstance(detail, dict):
            if _MAY_BE_HTML.search(str(detail.get("value", ""))):
                raise _Unsure("title that may be HTML")
            detail["type"] = "text/plain"
    for key in _DATES:
        # The date as feedparser reads the same string; an empty one stays unread.
        raw = mapping.get(key)
        if raw == "":
            mapping.pop(f"{key}_parsed", None)
        elif isinstance(raw, str):
            mapping[f"{key}_parsed"] = utc_time(raw)


def utc_time(raw: str) -> time.struct_time:
    """A date string as feedparser's UTC time tuple, read with the stdlib, for the common forms.

    Raises _Unsure for any other form: feedparser's handlers read some of them in ways the
    stdlib does not (w3dtf takes "+0530" as +05:00, rfc822 guesses two-digit years...).
    """
    try:
        if _RFC822_DATE.fullmatch(raw):
            moment = parsedate_to_datetime(raw)
        elif _RFC3339_DATE.fullmatch(raw):
            # feedparser drops fractions of a second (int(float(seconds))).
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00")).replace(microsecond=0)
        elif _DATE_ONLY.fullmatch(raw):
            moment = datetime.fromisoformat(raw)
        else:
            raise _Unsure("date in another form")
        if moment.tzinfo is None:  # RFC 2822's "-0000": feedparser reads it as UTC
            moment = moment.replace(tzinfo=UTC)
        return moment.utctimetuple()
    except (ValueError, OverflowError) as exc:
        raise _Unsure("date out of range") from exc


def _join(base: str, uri: str) -> str:
    """A relative address resolved as feedparser resolves it against the feed's address.

    feedparser's own join only differs for absolute addresses (it drops extra slashes after
    "scheme://"), which never reach here, and it turns an error into "".
    """
    if urlsplit(base).scheme not in ("http", "https"):
        raise _Unsure("relative address without an http base")
    try:
        return urljoin(base, uri)
    except ValueError as exc:
        raise _Unsure("relative address that does not resolve") from exc


def _repair(value: str) -> str:
    """feedparser's per-element repair of text: UTF-8 read as ISO-8859-1.

    feedparser re-decodes every element's text that survives `encode("iso-8859-1")` as
    UTF-8 (its parser always runs on UTF-8); the characters of a post must not depend on the
    parser. It then maps C1 controls (U+0080-U+009F) to Windows-1252 punctuation with a
    private table: a text holding one goes to feedparser (_Unsure).
    """
    if not value.isascii():
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            value = value.encode("iso-8859-1").decode("utf-8")
        if _CP1252_RANGE.search(value):
            raise _Unsure("cp1252 characters")
    return value


def _unchanged(value: str) -> str:
    return value


def adapt(
    value: Any, text: Callable[[str], str] = _repair, skip: frozenset[str] = frozenset()
) -> Any:
    """A feedparser-rs value as the plain data feedparser would give (dicts, lists, str).

    `text` repairs strings as feedparser does, except under the keys in `skip`.
    """
    if isinstance(value, str):
        return text(value)
    if value is None or isinstance(value, (int, float, bool, time.struct_time)):
        return value
    if isinstance(value, (list, tuple)):
        return [adapt(item, text, skip) for item in value]
    if isinstance(value, dict):
        return _mapping(value.items(), text, skip)
    items = getattr(value, "items", None)
    if callable(items):
        return _mapping(items(), text, skip)
    return _mapping(((name, getattr(value, name)) for name in _fields(value)), text, skip)


def _fields(value: Any) -> list[str]:
    return [
        name
        for name in dir(value)
        if not name.startswith("_") and not callable(getattr(value, name, None))
    ]


def _mapping(
    pairs: Iterable[tuple[str, Any]], text: Callable[[str], str], skip: frozenset[str]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, raw in pairs:
        if raw is None or (isinstance(raw, (list, dict)) and not raw):
            continue  # feedparser leaves absent elements out
        if key == "thr_in_reply_to":
            # feedparser keeps the attributes of the last <thr:in-reply-to>, as one mapping.
            out["thr_in-reply-to"] = adapt(raw, text, skip)[-1]
            continue
        out[key] = adapt(raw, _unchanged if key in skip else text, skip)
    return out
