"""Records passed between stages (see ARCHITECTURE.md): plain dataclasses, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Sentiment = Literal["positive", "neutral", "negative"]
AuthorClass = Literal["ambassador", "brand_lover", "influencer", "detractor", "convert"]
SourceStatus = Literal[
    "collected", "not-modified", "skipped", "disabled", "failed", "leased-elsewhere"
]
Origin = Literal["earned", "paid", "owned"]  # see generator/aggregate/origin.py


@dataclass(slots=True)
class FeedEntry:
    """One normalised post as the collector hands it to the store."""

    guid: str
    url: str | None
    title: str
    author: str | None
    published: datetime  # tz-aware UTC
    text: str  # plain text derived from the sanitised HTML
    html: str  # sanitised HTML, safe to embed
    content_hash: str
    date_missing: bool = False  # no date in the feed: published is the fetch time
    language: str | None = None  # the entry's or feed's language hint
    engagement: dict[str, float] = field(default_factory=dict)
    author_audience: float | None = None
    is_reply: bool = False
    # Identities this post may be stored under by an earlier version or an earlier fetch; the
    # store adopts such a post (renaming it to `guid`) instead of inserting a duplicate.
    former_guids: tuple[str, ...] = ()
    # Thread facts (generator/collect/threads.py): the identity of the post this one answers
    # (the parent's guid or URL, as the feed gives it), and a conversation key when the
    # platform's URL names the conversation (or, last resort, a "Re:" title).
    reply_to: str | None = None
    thread_hint: str | None = None


@dataclass(slots=True)
class SaveStats:
    """What storing one batch of entries did, for the collection summary."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: SaveStats) -> SaveStats:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


@dataclass(frozen=True, slots=True)
class Quote:
    """A post as a public page may quote it: cut, masked, its author under a pseudonym.

    Text fields may hold placeholders (see `generator.placeholders`) that render words.
    """

    post_id: int
    title: str
    excerpt: str
    url: str  # "" when the address would reveal a pseudonymised author
    published: str  # ISO 8601
    source: str
    author_display: str
    sentiment: Sentiment
    engagement: float
    origin: Origin = "earned"  # paid (sponsored) and owned (brand account) quotes get a badge


@dataclass(frozen=True, slots=True)
class Crisis:
    """A dated spike of negative mentions of one brand (rule in aggregate/crisis.py)."""

    sector: str
    brand: str
    month: str  # the month the crisis started in
    start: date
    end: date
    peak_day: date
    peak_negatives: int
    negatives: int
    baseline_mean: float
    baseline_sd: float
    threshold: float
    themes: tuple[str, ...]  # theme slugs, most frequent first
    posts: tuple[Quote, ...]  # most engaged negative posts
