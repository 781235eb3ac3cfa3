"""Bytes -> feed: feedparser for RSS/Atom/RDF, our own reader for JSON Feed.

feedparser recovers from most broken XML (wrong charset, junk before `<?xml`, undefined
entities) through its lenient parser; we keep whatever it recovers and record *why* the feed
is malformed so the Sources page can say so. A body with nothing feed-like in it (an HTML page,
an error document) is an error, not an empty feed.
"""

from __future__ import annotations

import io
import re
import xml.sax
from dataclasses import dataclass, field
from typing import Any

import feedparser

from generator.collect.jsonfeed import JSONFeedError, parse_json_feed


class NotAFeed(Exception):
    """The body is not a feed we can read; the message is a plain-language reason."""


@dataclass(slots=True)
class ParsedFeed:
    format: str  # feedparser's version (rss20, atom10, ...) or json1 / json1.1
    title: str | None = None
    link: str | None = None
    language: str | None = None
    author: str | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)
    malformed: str | None = None  # why the feed is broken, when it was recovered anyway


_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html)", re.IGNORECASE | re.DOTALL
)


def _looks_like_json(body: bytes, content_type: str) -> bool:
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return head in (b"{", b"[") or "json" in content_type


def _looks_like_html(body: bytes, content_type: str) -> bool:
    head = body[:2048]
    return bool(_HTML_START.match(head)) or (
        "html" in content_type and b"<rss" not in head and b"<feed" not in head
    )


def describe_bozo(exc: BaseException | None) -> str | None:
    """A readable reason for feedparser's bozo exception, or None when it is harmless."""
    if exc is None:
        return None
    if isinstance(exc, feedparser.NonXMLContentType):
        return None  # the server's Content-Type is wrong, the feed itself is fine
    if isinstance(exc, feedparser.CharacterEncodingOverride):
        return f"wrong character encoding declared ({_first_line(exc)})"
    if isinstance(exc, feedparser.CharacterEncodingUnknown):
        return "unknown character encoding"
    if isinstance(exc, xml.sax.SAXParseException):
        return f"invalid XML at line {exc.getLineNumber()}: {exc.getMessage()}"
    return _first_line(exc) or exc.__class__.__name__


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""


def parse_feed(body: bytes, *, url: str, content_type: str = "") -> ParsedFeed:
    """Parse a downloaded body; raise NotAFeed when nothing usable is in it."""
    content_type = content_type.lower()
    if not body.strip():
        raise NotAFeed("empty response")
    if _looks_like_json(body, content_type):
        try:
            data = parse_json_feed(body)
        except JSONFeedError as exc:
            if body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
                raise NotAFeed(str(exc)) from None
            # Declared as JSON but looks like XML: let feedparser try.
        else:
            feed = data["feed"]
            return ParsedFeed(
                format=data["version"],
                title=feed["title"],
                link=feed["link"],
                language=feed["language"],
                author=feed["author"],
                entries=data["entries"],
                malformed="; ".join(data["problems"]) or None,
            )

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # A stream, never raw bytes: feedparser treats a short bytes value as a file name.
    # nh3 sanitises and resolves links later (much faster than feedparser's own passes).
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers=headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    reason = describe_bozo(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    version = parsed.get("version") or ""
    if not parsed.entries and not version:
        if _looks_like_html(body, content_type):
            raise NotAFeed("not a feed: got an HTML page")
        raise NotAFeed(f"not a feed: {reason}" if reason else "not a feed: no RSS, Atom or JSON")
    feed = parsed.feed
    author_detail = feed.get("author_detail") or {}
    return ParsedFeed(
        format=version or "unknown",
        title=_plain(feed.get("title")),
        link=feed.get("link"),
        language=feed.get("language"),
        author=author_detail.get("name") or feed.get("author"),
        entries=list(parsed.entries),
        malformed=reason,
    )


def _plain(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
