"""The thread facts of a feed entry: which post it answers, which conversation it belongs to.

Why: the care figures (response times, peer help) need conversations, and feeds only carry
their pieces. Three kinds of evidence, strongest first:

- `reply_to`, the identity of the post an entry answers: Atom threading (RFC 4685)
  `thr:in-reply-to`, whose `ref` is the parent's id (its `href`, the parent's page, when there
  is no ref), else a comment permalink that names its article (`https://blog/post/#comment-42`
  answers `https://blog/post/`);
- `thread_hint`, a conversation key when the platform's URL names the conversation: a
  Discourse topic (`discourse:<host>:<topic>`) or a Reddit submission (`reddit:<id>`), the
  starter and every reply alike;
- as a last resort only (no platform key, no reply_to), a "Re: <title>" title:
  `title:<feed host>:<folded title>`; the starter of such a thread, found in the same feed,
  gets the key too (`link_title_starters`).

Mastodon and Bluesky links name the post, never its parent, so they give no thread fact.
Every function here is pure: URLs and titles in, facts out; hostile input is only parsed
with linear patterns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from generator.records import FeedEntry

# "Re:", "RE :", "Réf :", "AW:", "SV:", "Antw:", "Re[2]:" (the mail clients' reply prefixes).
REPLY_TITLE = re.compile(r"^\s*+(re|rép|rep|réf|aw|sv|antw)\s*+(\[\d++\])?\s*+:", re.IGNORECASE)
_REPLY_PREFIXES = re.compile(
    r"\A(?:\s*+(?:re|rép|rep|réf|aw|sv|antw)\s*+(?:\[\d++\])?\s*+:)++", re.IGNORECASE
)
_TOPIC = re.compile(r"\A(?P<prefix>(?:/[^/]++)*?)/t/(?P<rest>[^?#]*)\Z")
_REDDIT_PATH = re.compile(
    r"\A/(?:(?:r|u|user)/[^/]++/)?comments/(?P<id>[a-z0-9]++)(?:/(?P<rest>.*))?\Z", re.IGNORECASE
)
_REDDIT_ID = re.compile(r"\A[a-z0-9]++\Z", re.IGNORECASE)
_SHORT_REDDIT = re.compile(r"\A/(?P<id>[a-z0-9]++)/?\Z", re.IGNORECASE)
_COMMENT_FRAGMENT = re.compile(r"\Acomment-\d++\Z", re.IGNORECASE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class PlatformThread:
    """What a platform's post URL says: the conversation's key, and whether the post replies."""

    key: str
    is_reply: bool


@dataclass(frozen=True, slots=True)
class ThreadFacts:
    """An entry's thread facts, as `FeedEntry` carries them."""

    reply_to: str | None
    thread_hint: str | None
    is_reply: bool


def _split(url: str) -> tuple[str, str, str] | None:
    """(scheme, host, path) of an http(s) URL, host lower case; None for anything else."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return parts.scheme.lower(), host.lower(), parts.path


def discourse_thread(url: str) -> PlatformThread | None:
    """`https://host/t/<slug>/<topic>[/<n>]` (also `/t/<topic>[/<n>]`, a forum in a
    sub-folder) -> `discourse:<host>:<topic>`; post number n > 1 is a reply.

    `/t/<a>/<b>` with both numbers is read as topic a, post b (the short form; a slug of
    digits alone would be misread, a rare title). A feed URL (`/t/slug/123.rss`) names no
    post: None. Numbers are compared as text: a hostile 5,000-digit one must not raise."""
    split = _split(url)
    match = _TOPIC.match(split[2]) if split else None
    if split is None or match is None:
        return None
    segments = [s for s in match["rest"].split("/") if s]
    if not segments:
        return None
    if segments[0].isdecimal():
        topic, number = segments[0], segments[1] if len(segments) > 1 else ""
        if len(segments) > 2 and segments[2].isdecimal():  # /t/<digits slug>/<topic>/<n>
            topic, number = segments[1], segments[2]
    elif len(segments) > 1 and segments[1].isdecimal():
        topic, number = segments[1], segments[2] if len(segments) > 2 else ""
    else:
        return None
    if not topic.isascii() or (number and not number.isascii()):
        return None
    host = split[1] + match["prefix"].rstrip("/")
    reply = number.isdecimal() and number.lstrip("0") not in ("", "1")
    return PlatformThread(f"discourse:{host}:{topic.lstrip('0') or '0'}", reply)


def _is_reddit(host: str) -> bool:
    return host == "reddit.com" or host.endswith(".reddit.com")


def reddit_thread(url: str) -> PlatformThread | None:
    """A Reddit submission or comment permalink -> `reddit:<submission id>`; a comment is a
    reply. Any reddit.com host (www, old, np, new...), with or without a subreddit, slug,
    trailing slash or query; `redd.it/<id>` short links too."""
    split = _split(url)
    if split is None:
        return None
    _scheme, host, path = split
    if host == "redd.it":
        short = _SHORT_REDDIT.match(path)
        return PlatformThread(f"reddit:{short['id'].lower()}", False) if short else None
    if not _is_reddit(host):
        return None
    match = _REDDIT_PATH.match(path)
    if match is None:
        return None
    rest = [s for s in (match["rest"] or "").split("/") if s]
    # [] or [slug]: the submission; [slug, comment id] or ["comment", comment id]: a comment.
    comment = len(rest) >= 2 and bool(_REDDIT_ID.match(rest[1]))
    return PlatformThread(f"reddit:{match['id'].lower()}", comment)


def platform_thread(url: str | None) -> PlatformThread | None:
    """The conversation a platform's post URL names, if it names one."""
    if not url:
        return None
    return reddit_thread(url) or discourse_thread(url)


def comment_parent(url: str | None) -> str | None:
    """The article a comment permalink answers: `https://blog/post/#comment-42` ->
    `https://blog/post/` (WordPress, Drupal and most blog engines write comment links so)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if not _COMMENT_FRAGMENT.match(parts.fragment):
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def in_reply_to(entry: Mapping[str, Any], base: str | None = None) -> str | None:
    """The parent the entry's `thr:in-reply-to` names: its `ref` (the parent's id), else its
    `href` made absolute. feedparser keeps the last element's attributes as one mapping."""
    raw = entry.get("thr_in-reply-to")
    if isinstance(raw, list | tuple):  # several parents: the last one, as feedparser keeps
        raw = next((r for r in reversed(raw) if isinstance(r, Mapping)), None)
    if not isinstance(raw, Mapping):
        return None
    ref = raw.get("ref")
    if isinstance(ref, str) and ref.strip():
        return ref.strip()
    href = raw.get("href")
    if not isinstance(href, str) or not href.strip():
        return None
    try:
        link = urljoin(base, href.strip()) if base else href.strip()
    except ValueError:
        return None
    return link if urlsplit(link).scheme.lower() in ("http", "https") else None


def is_reply_title(title: str) -> bool:
    """A title written as an answer ("Re: …", "RE : …", "Réf : …")."""
    return REPLY_TITLE.match(title) is not None


def fold_title(title: str) -> str:
    """The title without its reply prefixes (repeated ones too), its words folded: case,
    accents and punctuation do not separate "Re : Panne fibre ?" from "Panne Fibre"."""
    if match := _REPLY_PREFIXES.match(title):
        title = title[match.end() :]
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", title).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(plain))


def title_key(host: str, title: str) -> str | None:
    """`title:<host>:<folded title>`; None when the title has no words."""
    folded = fold_title(title)
    return f"title:{host}:{folded}" if folded else None


def host_of(url: str | None) -> str:
    """The lower-case host of a URL, "" when it has none (a local file)."""
    split = _split(url) if url else None
    return split[1] if split else ""


def thread_facts(
    entry: Mapping[str, Any], *, link: str | None, title: str, feed_host: str, base: str | None
) -> ThreadFacts:
    """An entry's reply_to, thread_hint and is_reply (the order of evidence: module docstring)."""
    threaded = bool(entry.get("thr_in-reply-to"))
    reply_to = in_reply_to(entry, base) or comment_parent(link)
    platform = platform_thread(link)
    reply_title = is_reply_title(title)
    hint = platform.key if platform else None
    if hint is None and reply_to is None and reply_title:
        hint = title_key(feed_host, title)
    is_reply = (
        threaded
        or reply_to is not None
        or reply_title
        or (platform is not None and platform.is_reply)
    )
    return ThreadFacts(reply_to, hint, is_reply)


def link_title_starters(entries: Iterable[FeedEntry], feed_host: str) -> None:
    """Give the starter of a "Re:" thread found in the same feed its replies' title key (in
    place): a post without a reply prefix, platform key or parent, whose folded title is the
    one its "Re:" replies answer."""
    entries = list(entries)
    keys = {
        e.thread_hint
        for e in entries
        if e.thread_hint and e.thread_hint.startswith("title:") and is_reply_title(e.title)
    }
    if not keys:
        return
    for entry in entries:
        if entry.thread_hint or entry.reply_to or is_reply_title(entry.title):
            continue
        key = title_key(feed_host, entry.title)
        if key in keys:
            entry.thread_hint = key
