"""Source recipes: a platform and a few words (a subreddit, a channel id, a query) -> a feed URL.

Users know "the r/ForfaitsEtBox subreddit" or "Orbis's YouTube channel", not where the
platforms hide their feeds. Each recipe is a pure function of its arguments (nothing is fetched,
so a recipe never guesses): it builds the platform's documented feed URL, a default source
name, the source kind and a language hint where the URL fixes one. The one exception is `web`,
feed autodiscovery on any page, which must fetch: it goes through the collector's `Fetcher`
(timeouts, size cap, User-Agent, redirect rule) and checks every discovered feed URL with the
collector's address rule, so a public page cannot send the collector to an internal address.

Platforms that publish no public feed (review sites, the big social networks) get a plain
explanation and an alternative, never a guessed URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import NoReturn
from urllib.parse import parse_qs, quote, quote_plus, unquote, urljoin, urlsplit

from generator.collect.addresses import AddressRefused, address_class, allowed_classes, resolve
from generator.collect.fetch import Fetcher
from generator.collect.normalise import language_tag
from generator.collect.parse import NotAFeed, ParsedFeed, parse_feed
from generator.config import CollectConfig, SourceKind
from generator.errors import ObservatoireError


@dataclass(frozen=True, slots=True)
class SourceRecipe:
    """What a recipe produced: enough for one `sources:` entry."""

    name: str
    url: str
    kind: SourceKind
    language: str | None
    platform: str
    note: str | None = None  # what the user should know about this platform's feed


class RecipeError(ObservatoireError, ValueError):
    """The recipe cannot give a feed; the message says why and what to do instead."""


class RecipeUsage(RecipeError):
    """Wrong arguments for a recipe; the message names the expected ones."""


USAGE: dict[str, tuple[str, ...]] = {
    "web": ("web URL",),
    "reddit": ("reddit subreddit NAME", 'reddit search "QUERY"'),
    "mastodon": (
        "mastodon tag INSTANCE TAG",
        "mastodon account INSTANCE USER",
        "mastodon account @USER@INSTANCE",
    ),
    "youtube": ("youtube channel CHANNEL_ID",),
    "bluesky": ("bluesky profile HANDLE",),
    "googlenews": ('googlenews search "QUERY"',),
    "discourse": (
        "discourse latest BASE_URL",
        "discourse tag BASE_URL TAG",
        "discourse category BASE_URL SLUG",
    ),
    "lemmy": ("lemmy community INSTANCE NAME", "lemmy community !NAME@INSTANCE"),
}
_ALIASES = {"google-news": "googlenews", "bsky": "bluesky"}

_INSTEAD = (
    "Instead: follow what the press says with a Google News search "
    '(observatoire sources add googlenews search "BRAND"), the brand\'s Mastodon, Bluesky or '
    "YouTube accounts if it has some, or turn an export of your own account's data into a "
    "JSON Feed file and configure it with `path:`."
)
_NO_FEED: dict[str, str] = {
    "trustpilot": "Trustpilot",
    "avis-verifies": "Avis Vérifiés",
    "google-reviews": "Google reviews (Google Business Profile)",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "x": "X (Twitter)",
    "twitter": "X (Twitter)",
    "linkedin": "LinkedIn",
    "tiktok": "TikTok",
    "threads": "Threads",
}
_NO_FEED_ALIASES = {"avisverifies": "avis-verifies", "google-maps": "google-reviews"}

_SUBREDDIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_]{1,20}")
_CHANNEL_ID = re.compile(r"UC[A-Za-z0-9_-]{22}")
_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,}(?::\d{1,5})?")
_ACCOUNT = re.compile(r"@?(?P<user>[\w.-]+)@(?P<host>[^@\s/]+)")
_HANDLE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")
_DID = re.compile(r"did:(?:plc:[a-z2-7]{24}|web:[A-Za-z0-9.-]+)")
_WORD = re.compile(r"\w+")


def known_kinds() -> list[str]:
    """Every recipe name, then the platforms we know have no feed (for the usage message)."""
    return [*USAGE, *sorted(set(_NO_FEED))]


def usage(kind: str) -> str:
    """The accepted forms of one recipe, one per line."""
    return "\n".join(f"  observatoire sources add {form}" for form in USAGE[kind])


def canonical_kind(kind: str) -> str:
    """The recipe name for what the user typed; RecipeError for a platform without feed."""
    wanted = kind.strip().lower()
    wanted = _ALIASES.get(wanted, wanted)
    if wanted in USAGE:
        return wanted
    wanted = _NO_FEED_ALIASES.get(wanted, wanted)
    if wanted in _NO_FEED:
        raise RecipeError(f"{_NO_FEED[wanted]} publishes no public feed. {_INSTEAD}")
    raise RecipeUsage(
        f"unknown source kind {kind!r}; known recipes: {', '.join(USAGE)} (and, without a "
        f"public feed: {', '.join(sorted(_NO_FEED))})\n" + "\n".join(usage(k) for k in USAGE)
    )


def build_recipe(kind: str, args: Sequence[str]) -> SourceRecipe:
    """The feed of `kind ARGS…` (every recipe but `web`, which needs `discover_feed`)."""
    kind = canonical_kind(kind)
    if kind == "web":
        raise RecipeError("the web recipe discovers its feed over the network: use discover_feed")
    words = [a.strip() for a in args]
    if not words:
        _wrong(kind)
    mode, rest = words[0].lower(), words[1:]
    builder = _BUILDERS.get((kind, mode))
    if builder is None:
        _wrong(kind, f"unknown {kind} recipe {words[0]!r}")
    return builder(kind, rest)


def _wrong(kind: str, problem: str | None = None) -> NoReturn:
    what = problem or f"wrong arguments for the {kind} recipe"
    hint = " (put a query of several words in quotes)" if "search" in " ".join(USAGE[kind]) else ""
    raise RecipeUsage(f"{what}{hint}; expected:\n{usage(kind)}")


def _expect(kind: str, rest: list[str], count: int) -> list[str]:
    if len(rest) != count or not all(rest):
        _wrong(kind)
    return rest


# -- the recipes -----------------------------------------------------------------------------


def _reddit_subreddit(kind: str, rest: list[str]) -> SourceRecipe:
    (name,) = _expect(kind, rest, 1)
    name = re.sub(r"^/?r/", "", name).strip("/")
    if not _SUBREDDIT.fullmatch(name):
        raise RecipeError(f"{name!r} is not a subreddit name (letters, digits and _, 2-21)")
    return SourceRecipe(
        name=f"r/{name} (Reddit)",
        url=f"https://www.reddit.com/r/{name}/new/.rss",
        kind="social",
        language=None,
        platform="reddit",
        note=_REDDIT_NOTE,
    )


_REDDIT_NOTE = "Reddit's feeds carry no comment or vote counts: its posts bring no engagement."


def _reddit_search(kind: str, rest: list[str]) -> SourceRecipe:
    (query,) = _expect(kind, rest, 1)
    return SourceRecipe(
        name=f"Reddit search: {query}",
        url=f"https://www.reddit.com/search.rss?q={quote_plus(query)}&sort=new",
        kind="social",
        language=None,
        platform="reddit",
        note=_REDDIT_NOTE,
    )


def _mastodon_tag(kind: str, rest: list[str]) -> SourceRecipe:
    instance, tag = _expect(kind, rest, 2)
    base = _instance(instance, kind)
    tag = tag.lstrip("#")
    if not _WORD.fullmatch(tag):
        raise RecipeError(f"{tag!r} is not a hashtag (letters, digits and _ only)")
    return SourceRecipe(
        name=f"#{tag} ({urlsplit(base).netloc})",
        url=f"{base}/tags/{quote(tag)}.rss",
        kind="social",
        language=None,
        platform="mastodon",
    )


def _mastodon_account(kind: str, rest: list[str]) -> SourceRecipe:
    if len(rest) == 1 and (match := _ACCOUNT.fullmatch(rest[0])):  # @user@instance
        instance, user = match["host"], match["user"]
    else:
        instance, user = _expect(kind, rest, 2)
        user = user.lstrip("@")
    base = _instance(instance, kind)
    if not re.fullmatch(r"[\w.-]+", user):
        raise RecipeError(f"{user!r} is not a Mastodon user name")
    host = urlsplit(base).netloc
    return SourceRecipe(
        name=f"@{user}@{host}",
        url=f"{base}/@{user}.rss",
        kind="social",
        language=None,
        platform="mastodon",
    )


def _youtube_channel(kind: str, rest: list[str]) -> SourceRecipe:
    (value,) = _expect(kind, rest, 1)
    channel = _channel_id(value)
    return SourceRecipe(
        name=f"YouTube {channel}",
        url=f"https://www.youtube.com/feeds/videos.xml?channel_id={channel}",
        kind="video",
        language=None,
        platform="youtube",
    )


def _channel_id(value: str) -> str:
    """UC… from an id, a /channel/ URL or a feed URL; a clear error for a handle."""
    candidate = value
    if "://" in value or value.startswith(("www.", "youtube.com")):
        split = urlsplit(value if "://" in value else "https://" + value)
        query = parse_qs(split.query).get("channel_id")
        parts = [p for p in split.path.split("/") if p]
        if query:
            candidate = query[0]
        elif len(parts) >= 2 and parts[0] == "channel":
            candidate = parts[1]
        elif parts:
            candidate = parts[0]
    if _CHANNEL_ID.fullmatch(candidate):
        return candidate
    if candidate.startswith("@") or candidate in ("c", "user"):
        raise RecipeError(
            f"{value!r} is a channel handle or custom URL, which cannot be turned into a feed "
            "offline. Give the channel id (UC followed by 22 characters: on the channel's page, "
            "About > Share channel > Copy channel ID), or let the channel page name its feed: "
            f"observatoire sources add web https://www.youtube.com/{candidate.lstrip('/')}"
        )
    raise RecipeError(
        f"{value!r} is not a YouTube channel id: an id is UC followed by 22 letters, digits, "
        "- or _ (e.g. UCa1b2c3d4e5f6g7h8i9j0kL)"
    )


def _bluesky_profile(kind: str, rest: list[str]) -> SourceRecipe:
    (value,) = _expect(kind, rest, 1)
    handle = value
    if "://" in value or value.startswith("bsky.app/"):
        path = urlsplit(value if "://" in value else "https://" + value).path
        parts = [p for p in path.split("/") if p]
        handle = parts[1] if len(parts) >= 2 and parts[0] == "profile" else ""
    handle = handle.lstrip("@")
    if not (_HANDLE.fullmatch(handle) or _DID.fullmatch(handle)):
        raise RecipeError(
            f"{value!r} is not a Bluesky handle (like name.bsky.social or a domain) or DID"
        )
    return SourceRecipe(
        name=f"@{handle} (Bluesky)",
        url=f"https://bsky.app/profile/{handle}/rss",
        kind="social",
        language=None,
        platform="bluesky",
    )


def _googlenews_search(kind: str, rest: list[str]) -> SourceRecipe:
    (query,) = _expect(kind, rest, 1)
    return SourceRecipe(
        name=f"Google News: {query}",
        url=f"https://news.google.com/rss/search?q={quote_plus(query)}&hl=fr&gl=FR&ceid=FR:fr",
        kind="news",
        language="fr",
        platform="googlenews",
        note="Google News links lead through news.google.com; the publisher is the author.",
    )


def _discourse(kind: str, rest: list[str], mode: str) -> SourceRecipe:
    if mode == "latest":
        (base,) = _expect(kind, rest, 1)
        root = _instance(base, kind, path_allowed=True)
        url, name = f"{root}/latest.rss", f"{_shown(root)} (Discourse)"
    else:
        base, value = _expect(kind, rest, 2)
        root = _instance(base, kind, path_allowed=True)
        value = value.strip("/").lstrip("#")
        if not value or not re.fullmatch(r"[\w./-]+", value):
            raise RecipeError(f"{value!r} is not a Discourse {mode} slug")
        if mode == "tag":
            url, name = f"{root}/tag/{quote(value)}.rss", f"{_shown(root)} #{value}"
        else:
            url, name = f"{root}/c/{quote(value, safe='/')}.rss", f"{_shown(root)} / {value}"
    return SourceRecipe(name=name, url=url, kind="forum", language=None, platform="discourse")


def _lemmy_community(kind: str, rest: list[str]) -> SourceRecipe:
    if len(rest) == 1 and (match := _ACCOUNT.fullmatch(rest[0].lstrip("!"))):
        instance, name = match["host"], match["user"]
    else:
        instance, name = _expect(kind, rest, 2)
        name = name.lstrip("!")
    base = _instance(instance, kind)
    if not _WORD.fullmatch(name):
        raise RecipeError(f"{name!r} is not a Lemmy community name")
    return SourceRecipe(
        name=f"!{name}@{urlsplit(base).netloc}",
        url=f"{base}/feeds/c/{quote(name)}.xml?sort=New",
        kind="forum",
        language=None,
        platform="lemmy",
    )


_BUILDERS: dict[tuple[str, str], Callable[[str, list[str]], SourceRecipe]] = {
    ("reddit", "subreddit"): _reddit_subreddit,
    ("reddit", "search"): _reddit_search,
    ("mastodon", "tag"): _mastodon_tag,
    ("mastodon", "account"): _mastodon_account,
    ("youtube", "channel"): _youtube_channel,
    ("bluesky", "profile"): _bluesky_profile,
    ("googlenews", "search"): _googlenews_search,
    ("discourse", "latest"): lambda k, r: _discourse(k, r, "latest"),
    ("discourse", "tag"): lambda k, r: _discourse(k, r, "tag"),
    ("discourse", "category"): lambda k, r: _discourse(k, r, "category"),
    ("lemmy", "community"): _lemmy_community,
}


def _instance(value: str, kind: str, *, path_allowed: bool = False) -> str:
    """`https://host[:port][/path]` without a trailing slash, from a host name or a URL.

    An explicit http:// is kept (an intranet forum); a bare host name means https.
    """
    text = value.strip()
    split = urlsplit(text if "://" in text else "https://" + text)
    host = split.netloc.lower()
    what = f"{kind.capitalize()} server"
    if split.scheme not in ("http", "https") or not _HOST.fullmatch(host):
        raise RecipeError(f"{value!r} is not a {what} (a host name such as forum.example)")
    path = split.path.rstrip("/")
    if path and not path_allowed:
        raise RecipeError(f"give the {what} as a host name, without a path: {host}")
    if split.query or split.fragment:
        raise RecipeError(f"give the {what} without ?query or #fragment: {host}{path}")
    return f"{split.scheme}://{host}{path}"


def _shown(root: str) -> str:
    split = urlsplit(root)
    return split.netloc + split.path


# -- feed URLs of known platforms, for what autodiscovery finds ------------------------------


def recognise(url: str) -> tuple[str, SourceKind, str | None] | None:
    """(platform, kind, language) of a feed URL in a known platform's shape, else None."""
    split = urlsplit(url)
    host, path = (split.hostname or "").lower(), unquote(split.path)
    if host.endswith("youtube.com") and path == "/feeds/videos.xml":
        return ("youtube", "video", None)
    if host.endswith("reddit.com"):
        return ("reddit", "social", None)
    if host == "news.google.com" and path.startswith("/rss"):
        language = language_tag(parse_qs(split.query).get("hl", [""])[0])
        return ("googlenews", "news", language)
    if host == "bsky.app" and path.endswith("/rss"):
        return ("bluesky", "social", None)
    if re.fullmatch(r"/(@[\w.-]+|tags/\w+)\.rss", path):
        return ("mastodon", "social", None)
    if path.startswith("/feeds/c/"):
        return ("lemmy", "forum", None)
    if re.search(r"/(latest|top|posts|c/.+|tag/.+|t/.+)\.rss\Z", path):  # a subfolder too
        return ("discourse", "forum", None)
    return None


# -- web: feed autodiscovery -----------------------------------------------------------------

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json"})
FALLBACK_PATHS = ("feed", "rss.xml", "feed.xml", "atom.xml", "index.xml", "rss", "feed/")


class _FeedLinks(HTMLParser):
    """Collects <link rel="alternate" type="…feed…" href> and the <base href> of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "").strip() for name, value in attrs}
        if tag == "base" and self.base is None and values.get("href"):
            self.base = values["href"]
        elif tag == "link" and values.get("href"):
            rels = values.get("rel", "").lower().split()
            kind = values.get("type", "").split(";")[0].strip().lower()
            if "alternate" in rels and kind in FEED_TYPES:
                self.hrefs.append(values["href"])


def feed_links(page: str, page_url: str) -> list[str]:
    """The feeds a page announces, as absolute http(s) URLs, comment feeds last."""
    parser = _FeedLinks()
    try:
        parser.feed(page)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        pass
    base = urljoin(page_url, parser.base) if parser.base else page_url
    found: list[str] = []
    for href in parser.hrefs:
        url = urljoin(base, href)
        if urlsplit(url).scheme in ("http", "https") and url not in found:
            found.append(url)
    return sorted(found, key=lambda u: "comments" in u.lower())


def fallback_urls(page_url: str) -> list[str]:
    """Where sites usually put their feed: beside the page first, then at the site's root."""
    split = urlsplit(page_url)
    root = f"{split.scheme}://{split.netloc}/"
    folder = urljoin(root, split.path.rsplit("/", 1)[0] + "/")
    urls: list[str] = []
    for base in (folder, root):
        for path in FALLBACK_PATHS:
            url = urljoin(base, path)
            if url not in urls:
                urls.append(url)
    return urls


@dataclass(frozen=True, slots=True)
class Discovered:
    """A feed found for a page, and how (a <link> of the page, a usual path, the page itself)."""

    url: str
    feed: ParsedFeed
    how: str


async def discover_feed(
    page_url: str,
    settings: CollectConfig,
    user_agent: str,
    *,
    allowed: frozenset[str] | None = None,
) -> Discovered:
    """The feed a web page announces, else the first usual path that answers with a feed.

    `allowed` is the set of address classes a discovered feed may be at: by default public
    addresses plus the page's own class (the collector's redirect rule); tests pass it to
    play a public page on a loopback server. Raises RecipeError with a readable reason.
    """
    page_url = page_url.strip()
    if "://" not in page_url:
        page_url = "https://" + page_url
    if urlsplit(page_url).scheme not in ("http", "https") or not urlsplit(page_url).hostname:
        raise RecipeError(f"{page_url!r} is not a web address (http:// or https://)")
    async with Fetcher(settings, user_agent) as fetcher:
        if allowed is None:
            try:
                allowed = allowed_classes(await resolve(page_url))
            except AddressRefused as exc:
                raise RecipeError(f"{page_url}: {exc}") from None
        page = await fetcher.fetch(page_url)
        if page.error is not None or page.body is None:
            raise RecipeError(f"{page_url}: {page.error or 'no answer'}")
        content_type = page.headers.get("content-type", "")
        try:  # the address given may be the feed itself
            feed = parse_feed(page.body, url=page.url, content_type=content_type)
            return Discovered(page.permanent_url or page_url, feed, "the address is a feed")
        except NotAFeed:
            pass
        linked = feed_links(page.body.decode("utf-8", errors="replace"), page.url)
        candidates = [(u, "linked by the page") for u in linked] or [
            (u, "usual feed path") for u in fallback_urls(page.url)
        ]
        refused: list[str] = []
        failed: list[str] = []
        for url, how in candidates:
            problem = await _address_problem(url, allowed)
            if problem is not None:
                refused.append(problem)
                continue
            result = await fetcher.fetch(url)
            if result.error is not None or result.body is None:
                failed.append(f"{url}: {result.error}")
                continue
            try:
                feed = parse_feed(
                    result.body, url=result.url, content_type=result.headers.get("content-type", "")
                )
            except NotAFeed as exc:
                failed.append(f"{url}: {exc}")
                continue
            return Discovered(result.permanent_url or url, feed, how)
    if refused:
        raise RecipeError(refused[0])
    if linked:
        raise RecipeError(
            f"{page_url} links feeds, but none could be read:\n  " + "\n  ".join(failed[:5])
        )
    raise RecipeError(
        f'no feed found for {page_url}: the page links none (<link rel="alternate" '
        f'type="application/rss+xml">) and none of {", ".join(FALLBACK_PATHS)} answered '
        "with a feed; look for an RSS or Atom icon on the site, or ask its owner"
    )


async def _address_problem(url: str, allowed: frozenset[str]) -> str | None:
    """Why the collector must not fetch a discovered feed URL, or None when it may."""
    try:
        addresses = await resolve(url)
    except AddressRefused as exc:
        return f"discovered feed {url}: {exc}"
    for address in addresses:
        kind = address_class(address)
        if kind not in allowed:
            host = urlsplit(url).hostname or url
            return (
                f"discovered feed {url[:200]} refused: {host} is a {kind} address ({address}), "
                "and a page at a public address may not lead the collector to an internal one"
            )
    return None


def web_recipe(page_url: str, found: Discovered) -> SourceRecipe:
    """The source for a discovered feed: its title as name, its platform's kind if known."""
    known = recognise(found.url)
    platform, kind, language = known if known else ("web", "blog", None)
    language = language or language_tag(found.feed.language)
    name = found.feed.title or urlsplit(found.url).hostname or found.url
    return SourceRecipe(name=name, url=found.url, kind=kind, language=language, platform=platform)
