"""Conversations: mentions grouped into threads, and what happened in each of them.

Feeds carry threading facts per post (`guid`, `reply_to`, `thread_hint`, see collect); a
conversation is what they link together, whatever feed each post came from:

- Grouping: two posts are in one conversation when one's `reply_to` equals the other's `guid`
  or `url` (URLs compared without a trailing slash), or when they share a non-empty
  `thread_hint` (a platform's conversation key, a "Re:" title); links are transitive
  (union-find over posts). A thread split across two feeds (sources) is one conversation.
- Starter: the earliest post of the conversation that is not a reply (`is_reply` false and no
  collected parent). When every post is a reply (the post they answer was never collected),
  the earliest one starts the conversation, which is flagged `orphan`. A reply whose parent was
  never collected and that nothing links to is thus a conversation of its own, `orphan`.
- Conversation id: the starter's `post_id`. `position`: 0 for the starter, then 1, 2... in
  order of publication (ties by post id).
- Brands: those of the starter's mention rows (a mention row is a (post, brand) pair: a starter
  naming two brands opens a conversation with each of them). Posts that name no brand may be
  passed as *context rows* (brand ""): they are grouped like any post (a peer's "redémarre ta
  box" answers the thread it replies to), but never open a conversation of their own.
- Staff: an author listed as staff of a brand (names compare by `author_key`). A reply by the
  staff of the conversation's brand is that brand's answer; staff of another brand answering
  in the thread is neither the brand's answer nor the community's (a competitor is no peer).
- Peer: any other named author than the starter's, not staff of any brand.

The per-conversation facts (`conversation_facts`) feed the care KPIs (care.py). Pass every
mention, owned ones included (the brand's replies are owned: the earned-only KPI frame has
none), the context rows, and the posts that follow the months measured (late replies, a
customer's next post within the convert window) -- a conversation is only as complete as the
frame it comes from (a build passes the posts up to the end of the month after).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from generator.analyse.care_cues import asks_series, thanks_series
from generator.names import author_key, author_keys

THREAD_COLUMNS = ["post_id", "brand", "conversation", "starter", "position", "orphan", "staff"]
FACT_COLUMNS = [
    "conversation",
    "brand",
    "sector",
    "month",
    "source",
    "source_kind",
    "source_threaded",
    "started",
    "starter_author",
    "orphan",
    "by_staff",
    "question",
    "negative",
    "request",
    "replies",
    "participants",
    "brand_replied",
    "first_brand_reply_hours",
    "first_peer_reply_hours",
    "status",
    "peers_first",
    "thanked",
    "converted",
]
# What conversations read of a mention row (a prepared frame carries more).
READ_COLUMNS = (
    "post_id",
    "akey",
    "brand",
    "sector",
    "month",
    "published",
    "author",
    "source",
    "source_kind",
    "source_named",
    "text",
    "asks",
    "sentiment",
    "is_reply",
    "url",
    "guid",
    "reply_to",
    "thread_hint",
)
# Status codes (the report words them): the brand answered / only peers did / nobody did.
ANSWERED_BY_BRAND = "brand"
ANSWERED_BY_PEERS = "peers"
UNANSWERED = "unanswered"
CONVERT_WINDOW = pd.Timedelta(days=30)
CONTEXT_BRAND = ""  # the brand of a context row: a post in a thread that names no brand
_SEP = "\x1f"


def _text_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A threading column as text, "" when missing (older stores carry none)."""
    if name not in frame.columns:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[name].fillna("").astype(str)


def _url_form(urls: pd.Series) -> pd.Series:
    return urls.str.strip().str.rstrip("/")


def staff_pairs(staff: Mapping[str, Iterable[str]]) -> set[str]:
    """`brand \\x1f author key` of every staff account."""
    return {f"{brand}{_SEP}{author_key(n)}" for brand, names in staff.items() for n in names}


def _staff_keys(staff: Mapping[str, Iterable[str]]) -> set[str]:
    return {author_key(n) for names in staff.values() for n in names} - {""}


def _components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Union-find (path halving, union toward the smaller index): each node's root."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = np.asarray(parent, dtype=np.int64)
    while True:  # pointer jumping: every node straight to its root, vectorised
        jumped = roots[roots]
        if np.array_equal(jumped, roots):
            return roots
        roots = jumped


def _lookup(keys: pd.Series, positions: np.ndarray, wanted: pd.Series) -> pd.Series:
    """key -> position of the first post carrying it, for the keys `wanted` (empty keys never
    match). Only the wanted keys are indexed: a window holds far more posts than parents."""
    named = keys.isin(wanted.unique()).to_numpy() & (keys != "").to_numpy()
    table = pd.Series(positions[named], index=keys.to_numpy()[named])
    return table[~table.index.duplicated()]


def grouped_posts(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per post, in order of publication, with its conversation, starter flag,
    position and orphan flag (the grouping rules are in the module docstring)."""
    posts = (
        frame.drop_duplicates("post_id")
        .sort_values(["published", "post_id"], kind="stable")
        .reset_index(drop=True)
    )
    n = len(posts)
    index = np.arange(n, dtype=np.int64)
    reply_to = _text_column(posts, "reply_to").str.strip()
    guids = _text_column(posts, "guid").str.strip()
    by_guid = reply_to.map(_lookup(guids, index, reply_to[reply_to != ""]))
    by_url = (reply_to != "") & by_guid.isna()  # a parent named by its page, not its id
    found = by_guid
    if by_url.any():
        parent_urls = _url_form(reply_to[by_url])
        urls = _lookup(_url_form(posts["url"]), index, parent_urls)
        found = by_guid.fillna(parent_urls.map(urls))
    parent = found.where(reply_to != "").fillna(-1).astype(np.int64).to_numpy(copy=True)
    parent[parent == index] = -1
    linked = parent >= 0
    hint = _text_column(posts, "thread_hint").str.strip()
    hinted = (hint != "").to_numpy()
    first_of_hint = pd.Series(index[hinted]).groupby(hint[hinted].to_numpy()).transform("min")
    left = np.concatenate([index[linked], index[hinted]])
    right = np.concatenate([parent[linked], first_of_hint.to_numpy(dtype=np.int64)])
    roots = _components(n, left, right)

    candidate = ~linked & ~posts["is_reply"].astype(bool).to_numpy()
    order = np.lexsort((index, ~candidate, roots))  # per root: candidates first, earliest first
    first = np.ones(n, dtype=bool)
    first[1:] = roots[order][1:] != roots[order][:-1]
    starter = np.zeros(n, dtype=bool)
    starter[order[first]] = True
    starter_of_root = np.zeros(n, dtype=np.int64)
    starter_of_root[roots[order[first]]] = order[first]
    lead = starter_of_root[roots]
    rank = np.lexsort((index, ~starter, roots))
    position = np.empty(n, dtype=np.int64)
    position[rank] = pd.Series(roots[rank]).groupby(roots[rank]).cumcount().to_numpy()
    post_ids = posts["post_id"].to_numpy()
    keys = posts["akey"] if "akey" in posts.columns else author_keys(posts["author"].fillna(""))
    return posts.assign(
        akey=keys,
        conversation=post_ids[lead],
        starter=starter,
        position=position,
        orphan=~candidate[lead],
    )


def _asks(posts: pd.DataFrame) -> np.ndarray:
    """Whether each post asks something: as analysis worked it out, else from its text."""
    stored = posts["asks"] if "asks" in posts.columns else pd.Series(None, index=posts.index)
    known = stored.notna().to_numpy()
    found = np.zeros(len(posts), dtype=bool)
    found[known] = stored[known].astype(bool).to_numpy()
    if not known.all():
        found[~known] = asks_series(posts.loc[~known, "text"]).to_numpy()
    return found


def _has_threads(frame: pd.DataFrame) -> bool:
    """Any threading fact at all: a reply, a parent, a conversation key."""
    if "is_reply" in frame.columns and frame["is_reply"].astype(bool).any():
        return True
    return any((_text_column(frame, c) != "").any() for c in ("reply_to", "thread_hint"))


def threaded_sources(posts: pd.DataFrame) -> set[str]:
    """Sources whose feed shows replies (a reply among their posts): only there can a
    conversation be seen answered or unanswered (a feed of tweets or reviews without their
    replies says nothing of how the brand answered)."""
    replying = posts["is_reply"].astype(bool) | (_text_column(posts, "reply_to").str.strip() != "")
    return set(posts.loc[replying, "source"].astype(str))


def _conversation_brands(frame: pd.DataFrame, posts: pd.DataFrame) -> pd.DataFrame:
    """(conversation, brand) pairs: the brands of each starter's mention rows."""
    starters = posts.loc[posts["starter"], ["post_id", "conversation"]]
    rows = frame[["post_id", "brand"]].merge(starters, on="post_id")
    rows = rows[rows["brand"].fillna(CONTEXT_BRAND) != CONTEXT_BRAND]
    return rows[["conversation", "brand"]].drop_duplicates()


def conversations(frame: pd.DataFrame, staff: Mapping[str, Iterable[str]]) -> pd.DataFrame:
    """The conversation of every mention row (same index as `frame`): its id, whether the post
    starts it, its position, `orphan`, and `staff` (the author is staff of one of the
    conversation's brands, i.e. answers for it)."""
    if frame.empty:
        return pd.DataFrame(columns=THREAD_COLUMNS, index=frame.index)
    posts = grouped_posts(frame)
    brands = _conversation_brands(frame, posts)
    pairs = posts[["post_id", "conversation", "akey"]].merge(brands, on="conversation")
    is_staff = (pairs["brand"].astype(str) + _SEP + pairs["akey"]).isin(staff_pairs(staff))
    staff_posts = set(pairs.loc[is_staff.to_numpy(), "post_id"])
    facts = posts.set_index("post_id")[["conversation", "starter", "position", "orphan"]]
    out = frame[["post_id", "brand"]].join(facts, on="post_id")
    out["staff"] = out["post_id"].isin(staff_posts)
    return out[THREAD_COLUMNS]


def _next_posts_positive(
    answered: pd.DataFrame, history: pd.DataFrame, window: pd.Timedelta
) -> pd.Series:
    """For each answered detractor (brand, akey, first_brand_at): is the author's next post
    about the brand after the brand's reply, within `window`, positive?"""
    left = answered.sort_values("first_brand_at")
    right = history.sort_values("published")
    nxt = pd.merge_asof(
        left,
        right,
        left_on="first_brand_at",
        right_on="published",
        by=["brand", "akey"],
        direction="forward",
        allow_exact_matches=False,
        tolerance=window,
    )
    return pd.Series(
        (nxt["sentiment"] == "positive").to_numpy(), index=left.index, dtype=bool
    ).reindex(answered.index)


REPLY_COLUMNS = [
    "conversation",
    "brand",
    "post_id",
    "author",
    "source_named",
    "akey",
    "hours",
    "brand_reply",
    "peer_reply",
]


@dataclass(frozen=True, slots=True, eq=False)
class Conversations:
    """The facts of each (conversation, brand) and its replies (one row per reply and brand,
    `hours` after the starter; who helps is read from them)."""

    facts: pd.DataFrame
    replies: pd.DataFrame

    @staticmethod
    def none() -> Conversations:
        return Conversations(
            pd.DataFrame(columns=FACT_COLUMNS), pd.DataFrame(columns=REPLY_COLUMNS)
        )


def conversation_facts(
    frame: pd.DataFrame,
    staff: Mapping[str, Iterable[str]],
    convert_window: pd.Timedelta = CONVERT_WINDOW,
) -> pd.DataFrame:
    """One row per (conversation, brand of its starter): what happened in it (see
    `conversation_details`)."""
    return conversation_details(frame, staff, convert_window).facts


def conversation_details(
    frame: pd.DataFrame,
    staff: Mapping[str, Iterable[str]],
    convert_window: pd.Timedelta = CONVERT_WINDOW,
    months: Iterable[str] | None = None,
    observable_only: bool = False,
) -> Conversations:
    """One row per (conversation, brand of its starter): what happened in it, and the replies.
    `months`: only the conversations started in those months (the others' posts still group
    and answer; a month's build reads a window around the month and needs its own only).
    `observable_only`: only the conversations care can count, those seen with their replies
    (on a threaded source, or with replies): the rest cost cue detection for nothing, and a
    frame without any threading fact has none at all.

    - question: the starter asks (a "?" or a question or help phrase, see care_cues);
      negative: its sentiment toward the brand is negative; request: either.
    - source_threaded: its source shows replies (`threaded_sources`, in the frame given).
    - by_staff: staff started it, the brand's (an announcement) or a competitor's: not a
      customer's request.
    - replies: the conversation's other posts; participants: distinct named authors, starter
      included.
    - first_brand_reply_hours: hours from the starter to the first reply by the brand's staff
      (NaN: none); first_peer_reply_hours: the same for the first peer (module docstring).
      A reply dated before its starter (clock skew between feeds) counts as 0 h.
    - status: "brand" when the brand's staff replied, else "peers" when a peer did, else
      "unanswered"; peers_first: a peer replied, and before the brand (or the brand never).
    - thanked: after the first reply (brand or peer), the starter's author posts in the
      conversation a message with a thanks cue (merci, résolu, ça marche...; see care_cues).
    - converted: the starter is negative, the brand replied, and the author's next post about
      the brand after that reply (a mention of the brand, or a post in this conversation),
      within `convert_window` (30 days), is positive: a care-driven convert.
    """
    if frame.empty:
        return Conversations.none()
    frame = frame[[c for c in READ_COLUMNS if c in frame.columns]]  # no name clashes below
    if observable_only and not _has_threads(frame):
        return Conversations.none()
    if "akey" not in frame.columns:
        frame = frame.assign(akey=author_keys(frame["author"].fillna("")))
    posts = grouped_posts(frame)
    threaded = threaded_sources(posts)
    starters = posts.loc[posts["starter"], ["post_id", "conversation", "orphan"]]
    base = frame[frame["brand"].fillna(CONTEXT_BRAND) != CONTEXT_BRAND]
    if months is not None:
        base = base[base["month"].isin(list(months))]
    base = base.merge(starters, on="post_id")
    if observable_only:
        sizes = posts["conversation"].value_counts()
        with_replies = sizes.index[sizes.to_numpy() > 1]
        base = base[base["source"].isin(threaded) | base["conversation"].isin(with_replies)]
    base = base.assign(
        started=base["published"],
        starter_author=base["akey"],
        question=_asks(base),
        negative=(base["sentiment"] == "negative").to_numpy(),
    ).drop_duplicates(["conversation", "brand"])
    base["request"] = base["question"] | base["negative"]
    base["source_threaded"] = base["source"].isin(threaded).to_numpy()
    base["by_staff"] = base["starter_author"].isin(_staff_keys(staff)).to_numpy()

    replies = posts.loc[
        ~posts["starter"],
        ["conversation", "post_id", "akey", "author", "source_named", "published", "text"],
    ]
    replies = replies.assign(sentiment=posts.loc[~posts["starter"], "sentiment"])
    pairs = replies.merge(
        base[["conversation", "brand", "starter_author", "started"]], on="conversation"
    )
    delay = pd.to_timedelta(pairs["published"] - pairs["started"])
    pairs["hours"] = (delay.dt.total_seconds() / 3600.0).clip(lower=0.0)
    own_staff = (pairs["brand"].astype(str) + _SEP + pairs["akey"]).isin(staff_pairs(staff))
    pairs["brand_reply"] = own_staff.to_numpy()
    by_customer = (pairs["akey"] == pairs["starter_author"]) & (pairs["akey"] != "")
    pairs["peer_reply"] = (
        (pairs["akey"] != "") & ~by_customer & ~pairs["akey"].isin(_staff_keys(staff))
    ).to_numpy()
    pairs["brand_at"] = pairs["published"].where(pairs["brand_reply"])
    group = pairs.groupby(["conversation", "brand"], sort=False)
    answered = (
        pd.DataFrame(
            {
                "first_brand_reply_hours": pairs["hours"].where(pairs["brand_reply"]),
                "first_peer_reply_hours": pairs["hours"].where(pairs["peer_reply"]),
                "first_brand_at": pairs["brand_at"],
            }
        )
        .groupby([pairs["conversation"], pairs["brand"]], sort=False)
        .min()
    )
    answered["replies"] = group.size()
    facts = base.join(answered, on=["conversation", "brand"])
    facts["replies"] = facts["replies"].fillna(0).astype(np.int64)
    named = posts[posts["akey"] != ""]
    facts["participants"] = (
        facts["conversation"].map(named.groupby("conversation")["akey"].nunique()).fillna(0)
    ).astype(np.int64)

    brand = facts["first_brand_reply_hours"].notna()
    peer = facts["first_peer_reply_hours"].notna()
    facts["brand_replied"] = brand
    facts["status"] = np.select(
        [brand.to_numpy(), peer.to_numpy()], [ANSWERED_BY_BRAND, ANSWERED_BY_PEERS], UNANSWERED
    )
    facts["peers_first"] = peer & (
        ~brand | (facts["first_peer_reply_hours"] < facts["first_brand_reply_hours"])
    )

    first_answer = facts.set_index(["conversation", "brand"])[
        ["first_brand_reply_hours", "first_peer_reply_hours"]
    ].min(axis=1)
    pairs = pairs.join(first_answer.rename("first_answer"), on=["conversation", "brand"])
    thanking = pairs[by_customer.to_numpy() & (pairs["hours"] > pairs["first_answer"]).to_numpy()]
    thanking = thanking[thanks_series(thanking["text"]).to_numpy()]
    keys = ["conversation", "brand"]
    facts["thanked"] = pd.MultiIndex.from_frame(facts[keys]).isin(
        pd.MultiIndex.from_frame(thanking[keys])
    )

    detractors = facts[facts["negative"] & brand & (facts["starter_author"] != "")]
    detractors = detractors[["brand", "starter_author", "first_brand_at"]].rename(
        columns={"starter_author": "akey"}
    )
    history = pd.concat(
        [
            frame[["post_id", "brand", "published", "sentiment", "akey"]],
            pairs.loc[
                by_customer.to_numpy(), ["post_id", "brand", "published", "sentiment", "akey"]
            ],
        ],
        ignore_index=True,
    ).drop_duplicates(["brand", "post_id"])
    facts["converted"] = False
    if len(detractors):
        converted = _next_posts_positive(detractors, history, convert_window)
        facts.loc[converted.index, "converted"] = converted.to_numpy()
    return Conversations(
        facts[FACT_COLUMNS].reset_index(drop=True), pairs[REPLY_COLUMNS].reset_index(drop=True)
    )
