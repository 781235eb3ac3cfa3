"""Bytes -> feed: feedparser-rs, else feedparser, for RSS/Atom/RDF; our own reader for JSON Feed.

feedparser-rs (Rust, parse_fast.py) reads most well-formed feeds; whatever it might read
differently from feedparser goes to feedparser, so a stored post never depends on the parser.

feedparser recovers from most broken XML (wrong charset, junk before `<?xml`, undefined
entities) through its lenient parser; we keep whatever it recovers and record *why* the feed
is malformed so the Sources page can say so. A body with nothing feed-like in it (an HTML page,
an error document) is an error, not an empty feed.
"""

from __future__ import annotations

import codecs
import io
import re
import xml.sax
import zlib
from dataclasses import dataclass, field
from typing import Any

import feedparser

from generator.collect.jsonfeed import JSONFeedError, parse_json_feed
from generator.collect.parse_fast import FastFeed, parse_fast


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
    parser: str = "feedparser"  # which parser read it: feedparser-rs, feedparser or json


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


def parse_feed(body: bytes, *, url: str, content_type: str = "", fast: bool = True) -> ParsedFeed:
    """Parse a downloaded body; raise NotAFeed when nothing usable is in it.

    RSS and Atom go to feedparser-rs first (`fast`) and to feedparser whenever the fast
    path is unsure; `fast=False` is feedparser alone, the reference the shadow test compares.
    A body whose bytes are not what the server says (gzip without Content-Encoding, UTF-16
    without a byte-order mark) is read anyway and recorded as malformed, with that reason.
    """
    content_type = content_type.lower()
    if not body.strip():
        raise NotAFeed("empty response")
    body, content_type, disguise = _undisguise(body, content_type)
    if disguise is None:
        return _parse(body, url=url, content_type=content_type, fast=fast)
    try:
        parsed = _parse(body, url=url, content_type=content_type, fast=fast)
    except NotAFeed as exc:
        raise NotAFeed(f"{exc} ({disguise})") from None
    parsed.malformed = "; ".join(filter(None, (disguise, parsed.malformed)))
    return parsed


# A disguised gzip body is held to the collector's default size cap once decompressed.
GZIP_LIMIT = 10_000_000
_GZIP_MAGIC = b"\x1f\x8b"
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_CHARSET = re.compile(r";\s*charset\s*=[^;]*", re.IGNORECASE)


def _undisguise(body: bytes, content_type: str) -> tuple[bytes, str, str | None]:
    """The body as bytes a parser can read, its content type, and what was disguised.

    Without this both read as "invalid XML at line 2: not well-formed", which says nothing
    about the real fault (a server or proxy setting) to whoever reads the Sources page.
    """
    if body.startswith(_GZIP_MAGIC):
        return _gunzip(body), content_type, "gzip-compressed body sent without Content-Encoding"
    encoding = _utf16_without_bom(body)
    if encoding is None:
        return body, content_type, None
    text = _XML_DECLARATION.sub("", body.decode(encoding, errors="replace"), count=1)
    utf8 = ('<?xml version="1.0" encoding="utf-8"?>\n' + text.lstrip()).encode("utf-8")
    label = encoding.upper().replace("-LE", "LE").replace("-BE", "BE")
    # Now UTF-8, and said so: a charset the server declared described other bytes.
    declared = _CHARSET.sub("", content_type).strip()
    content_type = f"{declared}; charset=utf-8" if declared else ""
    return utf8, content_type, f"{label} body without a byte-order mark"


def _gunzip(body: bytes) -> bytes:
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = decompressor.decompress(body, GZIP_LIMIT)
    except zlib.error:
        data = b""
    if not data.strip():
        raise NotAFeed(
            "gzip-compressed body sent without Content-Encoding, and it does not decompress"
        )
    if decompressor.unconsumed_tail:
        raise NotAFeed(
            "gzip-compressed body sent without Content-Encoding, larger than "
            f"{GZIP_LIMIT // 1_000_000} MB once decompressed"
        )
    return data


def _utf16_without_bom(body: bytes) -> str | None:
    """The UTF-16 codec of a body that opens with ASCII markup in UTF-16 but has no BOM.

    Markup opens with ASCII (`<?xml`, `<rss`, `<feed`): in UTF-16 every other byte of it is
    zero, which no UTF-8 or single-byte document has.
    """
    head = body[:64]
    if len(head) < 16 or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) == len(odd) and 0 not in even:
        return "utf-16-le"
    if even.count(0) == len(even) and 0 not in odd:
        return "utf-16-be"
    return None


def _parse(body: bytes, *, url: str, content_type: str, fast: bool) -> ParsedFeed:
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
                parser="json",
            )

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    if fast:
        read = _parse_fast(body, headers)
        if isinstance(read, ParsedFeed):
            return read
    return _parse_feedparser(body, headers, content_type)


def _parse_fast(body: bytes, headers: dict[str, str]) -> ParsedFeed | str:
    """feedparser-rs's reading, or why feedparser must read the feed instead.

    The body is decoded as feedparser decodes it (`_as_utf8`), or left to feedparser when
    it would guess the charset. Every feed feedparser-rs reads differently (`parse_fast`)
    is left to feedparser too, whose recovery and `malformed` reasons stay the reference.
    """
    decoded = _as_utf8(body, headers.get("content-type", ""))
    if decoded is None:
        return "charset"
    utf8, reason = decoded
    read = parse_fast(utf8, base=headers["content-location"])
    if not isinstance(read, FastFeed):
        return read
    feed = read.feed
    author_detail = feed.get("author_detail") or {}
    return ParsedFeed(
        format=read.version,
        title=_plain(feed.get("title")),
        link=feed.get("link"),
        language=feed.get("language"),
        author=author_detail.get("name") or feed.get("author"),
        entries=read.entries,
        malformed=reason,
        parser="feedparser-rs",
    )


_UTF8_BOM = b"\xef\xbb\xbf"
# Byte-order marks and UTF-16/32 or EBCDIC openings: feedparser reads those itself.
_WIDE_OPENINGS = (b"\xfe\xff", b"\xff\xfe", b"\x00\x00", b"\x4c\x6f\xa7\x94", b"<\x00", b"\x00<")
_XML_ENCODING = re.compile(rb"^<\?.*encoding=['\"](.*?)['\"].*\?>")
_XML_DECLARATION_TEXT = re.compile(r"^<\?xml[^>]*?>")
_XML_APPLICATION_TYPES = (
    "application/xml",
    "application/xml-dtd",
    "application/xml-external-parsed-entity",
)


def _as_utf8(body: bytes, content_type: str) -> tuple[bytes, str | None] | None:
    """The body as the UTF-8 document feedparser's parser would read, and its `malformed`
    reason; None when feedparser should decode it itself.

    feedparser tries the charset RFC 3023 gives (`_charsets`), then the XML declaration's,
    then guesses (chardet, utf-8, windows-1252...). The first two are reproduced with the
    stdlib, with feedparser's reason when the second one was needed; a guess is left to it.
    """
    if body.startswith(_UTF8_BOM):
        body = body[3:]
    elif body.startswith(_WIDE_OPENINGS):
        return None
    charsets = _charsets(body, content_type)
    if charsets is None:
        return None
    declared, in_document = charsets
    reason = None
    text = _decode(body, declared)
    if text is None and in_document and in_document != declared:
        text = _decode(body, in_document)
        override = f"document declared as {declared}, but parsed as {in_document}"
        reason = describe_bozo(feedparser.CharacterEncodingOverride(override))
    if text is None:
        return None
    # As feedparser does: the declaration now says utf-8, which the bytes are.
    declaration = "<?xml version='1.0' encoding='utf-8'?>"
    if _XML_DECLARATION_TEXT.search(text):
        text = _XML_DECLARATION_TEXT.sub(declaration, text)
    else:
        text = f"{declaration}\n{text}"
    return text.encode("utf-8"), reason


def _decode(body: bytes, charset: str) -> str | None:
    try:
        if codecs.lookup(charset).name.startswith(("utf-16", "utf-32")):
            return None  # declared wide but not: feedparser settles it its own way
        return body.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return None


def _charsets(body: bytes, content_type: str) -> tuple[str, str] | None:
    """The charset feedparser tries first, by RFC 3023's rules as it applies them, and the
    XML declaration's (or "").

    An XML media type's charset parameter wins over the XML declaration; a text/* type
    without one means us-ascii; no Content-Type means the declaration, else ISO-8859-1.
    None for GB2312, which feedparser reads as GB18030.
    """
    match = _XML_ENCODING.match(body)
    in_document = match.group(1).decode("utf-8", "replace").lower() if match else ""
    mime, _, parameters = content_type.partition(";")
    mime = mime.strip()
    in_header = ""
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            in_header = value.strip().strip("\"'")
    if mime in _XML_APPLICATION_TYPES or (
        mime.startswith("application/") and mime.endswith("+xml")
    ):
        charset = in_header or in_document or "utf-8"
    elif mime.startswith("text/"):
        charset = in_header or "us-ascii"
    elif not content_type:
        charset = in_document or "iso-8859-1"
    else:
        charset = in_document or "utf-8"
    if "gb2312" in (charset.lower(), in_document):
        return None
    return charset, in_document


def _parse_feedparser(body: bytes, headers: dict[str, str], content_type: str) -> ParsedFeed:
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
        parser="feedparser",
    )


def _plain(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
