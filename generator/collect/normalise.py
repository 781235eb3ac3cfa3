"""feedparser-shaped entries -> `FeedEntry` records (the collector's contract with the store).

Identity: a distinct guid is a distinct post, always. An entry without a guid is identified by
its link, and one without either by a hash of its author, date, title and text, so two people
writing the same words stay two posts (see `entry_identity`).
Dates: published, else updated, else the fetch time with `date_missing` set (never invented
silently); a date in the future (beyond FUTURE_TOLERANCE after the fetch) or before 1990 is
treated like a missing one. HTML is sanitised here, once, and the plain text derives from the
sanitised HTML.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from generator.collect.parse import ParsedFeed
from generator.collect.threads import host_of, link_title_starters, thread_facts
from generator.records import FeedEntry
from generator.sanitize import html_to_text, sanitize_html, strip_boilerplate

_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}")
# Keep dates plausible: a feed claiming year 1970 or 2999 gets the fetch time instead.
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
# Clocks and time zones disagree a little; a post dated later than this after the fetch lies.
FUTURE_TOLERANCE = timedelta(days=1)
HASH_PREFIX = "sha256:"


def content_hash(title: str, text: str) -> str:
    """sha256 of the normalised title and text: what "the same content" means for dedup."""
    normal = unicodedata.normalize("NFC", " ".join(title.split()) + "\n" + " ".join(text.split()))
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def identity_hash(author: str | None, published: datetime | None, title: str, text: str) -> str:
    """Identity of an entry with neither guid nor link: who wrote what, when.

    The date is left out when the feed gives none (the stand-in fetch time changes on every
    fetch), so an undated entry keeps its identity from one collection to the next.
    """
    when = "" if published is None else published.astimezone(UTC).isoformat()
    who = " ".join((author or "").split())
    normal = "\n".join((who, when, " ".join(title.split()), " ".join(text.split())))
    return HASH_PREFIX + hashlib.sha256(unicodedata.normalize("NFC", normal).encode()).hexdigest()


def plausible_date(published: datetime | None, fetched_at: datetime) -> datetime | None:
    """The feed's date, or None when it is missing, before 1990 or in the future."""
    if published is None or published < _EARLIEST or published > fetched_at + FUTURE_TOLERANCE:
        return None
    return published


def language_tag(value: Any) -> str | None:
    """'fr-FR' -> 'fr'; anything unusable -> None."""
    if not isinstance(value, str):
        return None
    match = _LANGUAGE.match(value.strip())
    return match.group(0).lower() if match else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = (
            float(str(value).strip().replace(",", "")) if isinstance(value, str) else float(value)
        )
    except (TypeError, ValueError):
        return None
    if math.isnan(number) or math.isinf(number) or number < 0:
        return None
    return number


def engagement_of(entry: Mapping[str, Any]) -> dict[str, float]:
    """Comment counts, views, likes and ratings the feed carries (nothing is guessed)."""
    found: dict[str, float] = {}
    comments = [_number(entry.get(key)) for key in ("slash_comments", "thr_total")]
    counts = [c for c in comments if c is not None]
    if counts:
        found["comments"] = max(counts)
    statistics = entry.get("media_statistics")
    if isinstance(statistics, Mapping):
        for source_key, key in (("views", "views"), ("likes", "likes")):
            value = _number(statistics.get(source_key))
            if value is not None:
                found[key] = value
    rating = entry.get("media_starrating")
    if isinstance(rating, Mapping):
        average = _number(rating.get("average"))
        count = _number(rating.get("count"))
        if average is not None and count != 0:  # an average of no ratings is no rating
            found["rating"] = average
        if count is not None:
            found["rating_count"] = count
    return found


def _date(entry: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get: feedparser's own get() maps missing published_* to updated_* with a warning.
        value = dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)
        if value:
            try:
                moment = datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (TypeError, ValueError, OverflowError, OSError):
                continue
            return moment
    return None


def _http_link(value: Any, base: str | None) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    link = value.strip()
    if base:
        try:
            link = urljoin(base, link)
        except ValueError:
            return None
    return link if urlsplit(link).scheme in ("http", "https") else None


def _body_html(entry: Mapping[str, Any]) -> str:
    """The richest body the entry offers, as HTML (plain text is escaped, not trusted)."""
    candidates: list[tuple[str, str]] = []
    for part in entry.get("content") or []:
        if isinstance(part, Mapping) and isinstance(part.get("value"), str):
            candidates.append((part.get("type") or "text/html", part["value"]))
    summary = entry.get("summary")
    if isinstance(summary, str) and summary.strip():
        detail = entry.get("summary_detail") or {}
        kind = detail.get("type") or "text/html"
        if entry.get("yt_videoid"):
            # YouTube's summary is its media:description, plain text (Media RSS's default
            # type) that feedparser labels text/html: read as HTML, its line breaks would be
            # lost and a "<3" would be taken for markup.
            kind = "text/plain"
        candidates.append((kind, summary))
    if not candidates:
        return ""
    html_first = sorted(candidates, key=lambda c: ("html" not in c[0], -len(c[1])))
    kind, value = html_first[0]
    if "html" in kind:
        return value
    paragraphs = (html.escape(p.strip()) for p in re.split(r"\n\s*\n", value) if p.strip())
    return "".join(f"<p>{p}</p>" for p in paragraphs).replace("\n", "<br>")


def _title(entry: Mapping[str, Any]) -> str:
    title = entry.get("title")
    if not isinstance(title, str):
        return ""
    detail = entry.get("title_detail") or {}
    if "html" in (detail.get("type") or ""):
        title = html_to_text(title)
    return " ".join(title.split())


def _entry_author(entry: Mapping[str, Any]) -> str | None:
    """The author the entry itself names, as written."""
    detail = entry.get("author_detail")
    if isinstance(detail, Mapping):
        name = detail.get("name")
        if isinstance(name, str) and name.strip():
            return name.strip()
    for key in ("author", "dc_creator", "creator"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _author(entry: Mapping[str, Any], feed: ParsedFeed) -> str | None:
    """The entry's author, else its publisher, the feed's author or the account it came from.

    Mastodon and Bluesky items carry no author at all: the account is in the item's link
    (`https://host/@user/123`, `https://bsky.app/profile/handle/post/…`) or, on Bluesky, in
    the channel title (`@handle - Display Name`).
    """
    name = (
        _entry_author(entry)
        or _publisher(entry)
        or feed.author
        or _link_handle(entry.get("link"))
        or _title_handle(feed.title)
    )
    return _clean_author(name) if name else None


# -- platform shapes -----------------------------------------------------------------------------
# The platforms the source recipes know (generator/collect/recipes.py) wrap a post in text that
# is not its author's words, sometimes with counts in it, and some name the author oddly. Each
# rule keys on a shape only that platform produces, so other feeds are left as they are.

# Reddit (Atom): authors are "/u/name"; the content ends with "submitted by /u/name [link]
# [comments]" (which would also put the author's name in the text). Reddit's feeds carry no
# comment or vote count at all, so no engagement comes from Reddit.
_REDDIT_FOOTER = re.compile(r"submitted by(?:\s|&#32;)*+<a\s[^<>]*+>\s*+/u/")
# Lemmy: "submitted by <a>name</a> to <a>community</a><br>N points | <a>M comments</a>", then
# for a link post "<br><a>url</a>", then the body. The item's <link> is the shared article of a
# link post; the post itself is its <comments> URL.
_LEMMY_HEADER = re.compile(
    r"\A\s*+submitted by <a\s[^<>]*+>[^<]*+</a> to <a\s[^<>]*+>[^<]*+</a><br\s*+/?>\s*+"
    r"(?P<points>-?\d++) points \| <a\s[^<>]*+>(?P<comments>\d++) comments</a>"
    r"(?:<br\s*+/?>\s*+<a\s[^<>]*+>[^<]*+</a>)?"
)
# Discourse: the topic's first post, then "<p><small>N posts - M participants</small></p>" and
# a "Read full topic" link, in the forum's language. Pinned topics (discourse:topicPinned) are
# kept like the others: nothing in a post record says "pinned".
_DISCOURSE_FOOTER = re.compile(
    r"<p>\s*+<small>\s*+(?P<posts>\d++(?:[,.\s\u00a0\u202f]\d{3})*+)[^<]*+</small>\s*+</p>"
    r"\s*+<p>\s*+<a\s[^<>]*+>[^<]*+</a>\s*+</p>\s*+\Z"
)
# Google News: the description is the headline, "&nbsp;&nbsp;" and <font>Publisher</font>.
_TRAILING_FONT = re.compile(r"<font\b[^<>]*+>(?P<name>[^<]*+)</font>\s*+\Z")
# Possessive quantifiers and [^<>] keep every pattern linear: feeds are hostile input.
_STATUS_LINK = re.compile(r"\Ahttps?://(?P<host>[^/@\s]+)/@(?P<user>[\w.-]+)/\d+/?\Z")
_BLUESKY_LINK = re.compile(r"\Ahttps?://[^/\s]+/profile/(?P<handle>[\w-]+(?:\.[\w-]+)+)/post/")
_HANDLE_TITLE = re.compile(r"\A@(?P<handle>[\w-]+(?:\.[\w-]+)+)(?:\s+-\s.*)?\Z")
_PROFILE_URL = re.compile(r"\Ahttps?://(?P<host>[^/\s]+)/(?:u|users)/(?P<name>[\w.-]+)/?\Z")


def _publisher(entry: Mapping[str, Any]) -> str | None:
    """The RSS <source> an aggregated item comes from (Google News: the newspaper)."""
    source = entry.get("source")
    title = source.get("title") if isinstance(source, Mapping) else None
    return title.strip() if isinstance(title, str) and title.strip() else None


def _link_handle(link: Any) -> str | None:
    """`@user@host` of a Mastodon status link, `@handle` of a Bluesky post link."""
    if not isinstance(link, str):
        return None
    if match := _STATUS_LINK.match(link.strip()):
        return f"@{match['user']}@{match['host'].lower()}"
    if match := _BLUESKY_LINK.match(link.strip()):
        return f"@{match['handle']}"
    return None


def _title_handle(title: str | None) -> str | None:
    """`@handle` of a Bluesky profile feed, whose title is `@handle - Display Name`."""
    match = _HANDLE_TITLE.match(title.strip()) if title else None
    return f"@{match['handle']}" if match else None


def _clean_author(name: str) -> str:
    """Reddit's "/u/name" is "name"; a Lemmy author given as a profile URL is `@name@host`."""
    if name.startswith("/u/") and len(name) > 3:
        return name[3:]
    if match := _PROFILE_URL.match(name):
        return f"@{match['name']}@{match['host'].lower()}"
    return name


def _strip_publisher(title: str, publisher: str | None) -> str:
    """Google News titles end with " - Publisher": the publisher is the author, not the title."""
    suffix = f" - {publisher}" if publisher else ""
    if suffix and title.endswith(suffix) and len(title) > len(suffix):
        return title[: -len(suffix)].rstrip()
    return title


@dataclass(slots=True)
class _Unwrapped:
    body: str
    counts: dict[str, float] = field(default_factory=dict)
    post_url: str | None = None  # where the post itself is, when <link> points elsewhere


def _unwrap(entry: Mapping[str, Any], body: str) -> _Unwrapped:
    """The body without the platform's boilerplate, and the counts that boilerplate carried."""
    own_author = _entry_author(entry) or ""
    if own_author.startswith("/u/"):
        footer = _REDDIT_FOOTER.search(body)
        return _Unwrapped(_rstrip_spaces(body[: footer.start()]) if footer else body)
    if match := _LEMMY_HEADER.match(body):
        counts = {"comments": float(match["comments"])}
        if int(match["points"]) >= 0:  # net votes: below zero says nothing about likes
            counts["likes"] = float(match["points"])
        comments_url = entry.get("comments")
        post_url = comments_url if isinstance(comments_url, str) else None
        return _Unwrapped(body[match.end() :], counts, post_url)
    if "discourse_topicpinned" in entry and (match := _DISCOURSE_FOOTER.search(body)):
        posts = int(re.sub(r"\D", "", match["posts"]) or 0)
        # The first post is the topic itself: the others answer it.
        return _Unwrapped(body[: match.start()], {"comments": float(max(posts - 1, 0))})
    publisher = _publisher(entry)
    match = _TRAILING_FONT.search(body) if publisher and not own_author else None
    if match and html.unescape(match["name"]).strip() == publisher:
        return _Unwrapped(_rstrip_spaces(body[: match.start()]))
    return _Unwrapped(body)


def _rstrip_spaces(html_text: str) -> str:
    """Without the trailing spaces, written as characters or as entities (&#32;, &nbsp;)."""
    end = len(html_text)
    while True:
        while end and html_text[end - 1].isspace():
            end -= 1
        entity = next((e for e in ("&#32;", "&nbsp;") if html_text.endswith(e, 0, end)), "")
        if not entity:
            return html_text[:end]
        end -= len(entity)


def _language(entry: Mapping[str, Any], feed: ParsedFeed, fallback: str | None) -> str | None:
    candidates: list[Any] = [entry.get("language")]
    for part in entry.get("content") or []:
        if isinstance(part, Mapping):
            candidates.append(part.get("language"))
    for key in ("summary_detail", "title_detail"):
        detail = entry.get(key)
        if isinstance(detail, Mapping):
            candidates.append(detail.get("language"))
    candidates += [feed.language, fallback]
    for candidate in candidates:
        tag = language_tag(candidate)
        if tag:
            return tag
    return None


def normalise_entry(
    entry: Mapping[str, Any],
    feed: ParsedFeed,
    *,
    feed_url: str,
    fetched_at: datetime,
    source_language: str | None = None,
) -> FeedEntry:
    """One feed entry as a `FeedEntry`; `fetched_at` (tz-aware UTC) stands in for a missing date."""
    base = feed.link if feed.link and feed.link.startswith("http") else feed_url
    unwrapped = _unwrap(entry, _body_html(entry))
    link = _http_link(unwrapped.post_url, base) or _http_link(entry.get("link"), base)
    title = _title(entry)
    if not _entry_author(entry):
        title = _strip_publisher(title, _publisher(entry))
    body = sanitize_html(unwrapped.body, base_url=link or base)
    raw_text = html_to_text(body)
    text = strip_boilerplate(raw_text)  # a platform's lines are not the post's words
    digest = content_hash(title, text)
    author = _author(entry, feed)
    dated = plausible_date(_date(entry), fetched_at)
    feed_guid = _feed_guid(entry)
    former: tuple[str, ...] = ()
    if feed_guid:
        guid = feed_guid
    elif link:
        guid = link
    else:
        guid = identity_hash(author, dated, title, text)
        former = (HASH_PREFIX + digest,)  # how versions before 0.2 identified it
        if text != raw_text:  # how versions that kept the boilerplate identified it
            former += (identity_hash(author, dated, title, raw_text),)
    threads = thread_facts(entry, link=link, title=title, feed_host=host_of(base), base=base)
    return FeedEntry(
        guid=guid,
        former_guids=former,
        url=link,
        title=title,
        author=author,
        published=dated or fetched_at,
        text=text,
        html=body,
        content_hash=digest,
        date_missing=dated is None,
        language=_language(entry, feed, source_language),
        engagement=_merge_counts(engagement_of(entry), unwrapped.counts),
        is_reply=threads.is_reply,
        reply_to=threads.reply_to,
        thread_hint=threads.thread_hint,
    )


def _merge_counts(found: dict[str, float], extra: dict[str, float]) -> dict[str, float]:
    """Counts from the feed's own elements and from its boilerplate; the larger one wins."""
    merged = dict(found)
    for key, value in extra.items():
        merged[key] = max(value, merged.get(key, value))
    return merged


def normalise_feed(
    feed: ParsedFeed,
    *,
    feed_url: str,
    fetched_at: datetime,
    source_language: str | None = None,
) -> list[FeedEntry]:
    """Every entry of a feed, with repeats of one guid inside the feed collapsed (last wins).

    Entries without a guid that share a link (the replies of a forum thread often carry the
    thread's link) are distinct posts: each gets the link plus its author/date/content hash.
    """
    entries: list[FeedEntry] = []
    without_guid: list[FeedEntry] = []
    for raw in _entries(feed.entries):
        entry = normalise_entry(
            raw, feed, feed_url=feed_url, fetched_at=fetched_at, source_language=source_language
        )
        entries.append(entry)
        if not _feed_guid(raw) and entry.url:
            without_guid.append(entry)
    _split_shared_links(without_guid)
    base = feed.link if feed.link and feed.link.startswith("http") else feed_url
    link_title_starters(entries, host_of(base))
    by_guid: dict[str, FeedEntry] = {}
    for entry in entries:
        by_guid.pop(entry.guid, None)
        by_guid[entry.guid] = entry
    return list(by_guid.values())


def _feed_guid(entry: Mapping[str, Any]) -> str | None:
    raw_id = entry.get("id")
    return raw_id.strip() if isinstance(raw_id, str) and raw_id.strip() else None


def _split_shared_links(entries: list[FeedEntry]) -> None:
    """Give entries without a guid that share a link an identity of their own (in place).

    The bare link stays a former guid, so a post first stored under it (when it was alone in
    the feed) is found again and keeps its history instead of being duplicated.
    """
    by_link: dict[str, list[FeedEntry]] = {}
    for entry in entries:
        by_link.setdefault(entry.guid, []).append(entry)
    for link, group in by_link.items():
        contents = {(e.author, e.published, e.content_hash) for e in group}
        if len(contents) < 2:  # the same post repeated: one identity
            continue
        for entry in group:
            dated = None if entry.date_missing else entry.published
            digest = identity_hash(entry.author, dated, entry.title, entry.text)
            entry.guid = f"{link}#{digest}"
            entry.former_guids = (link,)


def _entries(entries: Iterable[Any]) -> Iterable[Mapping[str, Any]]:
    return (e for e in entries if isinstance(e, Mapping))
