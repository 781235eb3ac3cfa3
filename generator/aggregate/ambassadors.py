"""Ambassadors, brand lovers, influencers, detractors and converts, per brand and month.

Each author is judged on a rolling window of WINDOW_MONTHS calendar months ending at the
month, for one brand at a time. Classes are mutually exclusive; the first rule that holds
wins, in this order (all thresholds are in PARAMS and on the methodology page):

1. influencer  -- at least one sponsored post about the brand (reported apart, never ambassador);
2. convert     -- wrote a detractor post (negative and advising against or intending to leave)
                  within CONVERT_LOOKBACK_MONTHS; since then, inside the window, at least one
                  positive post, no fewer positive than negative posts, and the latest post is
                  positive: a won-back critic (one lukewarm post on the way does not undo it);
3. detractor   -- at least DETRACTOR_MIN_NEGATIVE_SHARE of the posts negative, and advises
                  against the brand or says they intend to leave;
4. ambassador  -- at least POSITIVE_SHARE of the posts positive, recommends the brand, never
                  advises against it, and is consistent: active in >= 2 months or >= 2 sources;
5. brand lover -- at least POSITIVE_SHARE positive, never recommends nor advises against,
                  at least BRAND_LOVER_MIN_POSTS posts.

Brand staff and authors without a name are never classified. Reach only breaks ties in the
ranking; it never makes anyone an ambassador. Only the LISTED_PER_CLASS strongest authors of a
class are listed (with `class_size`, the class's full size).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from generator.aggregate.months import month_key
from generator.aggregate.privacy import Privacy, author_hash, pseudonym
from generator.records import Quote

WINDOW_MONTHS = 3
CONVERT_LOOKBACK_MONTHS = 6
POSITIVE_SHARE = 0.6
DETRACTOR_MIN_NEGATIVE_SHARE = 0.5
BRAND_LOVER_MIN_POSTS = 2
CONSISTENCY_MIN = 2
LISTED_PER_CLASS = 10
QUOTES_PER_AUTHOR = 2
PostQuotes = Callable[..., list[Quote]]  # (rows, shown_as=None) -> quotes
CLASSES = ("ambassador", "brand_lover", "influencer", "detractor", "convert")

AUTHOR_COLUMNS = [
    "sector",
    "brand",
    "month",
    "author_id",
    "display_name",
    "named",
    "klass",
    "posts",
    "active_months",
    "source_count",
    "positive_share",
    "recommendations",
    "advice_against",
    "intent_to_leave",
    "sponsored_posts",
    "replies",
    "reach",
    "quotes",
    "negative_share",
    "positive",
    "negative",
    "positive_after",
    "last_detraction",
    "rank",
    "class_size",
]


def params() -> dict[str, float]:
    return {
        "ambassador_window_months": WINDOW_MONTHS,
        "convert_lookback_months": CONVERT_LOOKBACK_MONTHS,
        "positive_share_min": POSITIVE_SHARE,
        "detractor_negative_share_min": DETRACTOR_MIN_NEGATIVE_SHARE,
        "brand_lover_min_posts": BRAND_LOVER_MIN_POSTS,
        "ambassador_consistency_min": CONSISTENCY_MIN,
        "listed_per_class": LISTED_PER_CLASS,
        "quotes_per_author": QUOTES_PER_AUTHOR,
    }


def _explode(table: pd.DataFrame, span: int, valid: np.ndarray) -> pd.DataFrame:
    """Repeat each row for the `span` target months it counts in (its month and the next)."""
    parts = [table.assign(t=table["n"] + k) for k in range(span)]
    out = pd.concat(parts, ignore_index=True)
    return out[np.isin(out["t"].to_numpy(), valid)]


def window_stats(people: pd.DataFrame, month_numbers: np.ndarray) -> pd.DataFrame:
    """Per (pid, target month t): the author's counts over the window ending at t."""
    per_month = people.groupby(["pid", "n"], sort=False).agg(
        posts=("post_id", "size"),
        positive=("is_pos", "sum"),
        negative=("is_neg", "sum"),
        recommendations=("recommends", "sum"),
        advice_against=("advises_against", "sum"),
        intent_to_leave=("intends_to_leave", "sum"),
        sponsored_posts=("sponsored", "sum"),
        replies=("is_reply", "sum"),
        reach=("audience", "sum"),
        unnamed_posts=("unnamed", "sum"),
    )
    per_month = per_month.reset_index()
    exploded = _explode(per_month, WINDOW_MONTHS, month_numbers)
    stats = exploded.groupby(["pid", "t"], sort=False).agg(
        posts=("posts", "sum"),
        positive=("positive", "sum"),
        negative=("negative", "sum"),
        recommendations=("recommendations", "sum"),
        advice_against=("advice_against", "sum"),
        intent_to_leave=("intent_to_leave", "sum"),
        sponsored_posts=("sponsored_posts", "sum"),
        replies=("replies", "sum"),
        reach=("reach", "sum"),
        unnamed_posts=("unnamed_posts", "sum"),
        active_months=("n", "size"),
    )
    per_source = people[["pid", "n", "source"]].drop_duplicates()
    sources = _explode(per_source, WINDOW_MONTHS, month_numbers)
    stats["source_count"] = sources.groupby(["pid", "t"], sort=False)["source"].nunique()
    return stats.reset_index()


def last_detraction(people: pd.DataFrame, month_numbers: np.ndarray) -> pd.DataFrame:
    """Per (pid, t): time of the author's latest detractor post within the convert lookback."""
    detractor_posts = people[(people["is_neg"] == 1) & people["detracts"]]
    latest = detractor_posts.groupby(["pid", "n"], as_index=False)["published"].max()
    exploded = _explode(pd.DataFrame(latest), CONVERT_LOOKBACK_MONTHS, month_numbers)
    return exploded.groupby(["pid", "t"])["published"].max().rename("last_detraction").reset_index()


def turned_positive(
    people: pd.DataFrame, detractions: pd.DataFrame, month_numbers: np.ndarray
) -> pd.DataFrame:
    """Per (pid, t): positive and negative posts inside the window after the last detraction."""
    candidates = people[people["pid"].isin(detractions["pid"].unique())]
    posts = _explode(
        candidates[["pid", "n", "published", "is_pos", "is_neg"]], WINDOW_MONTHS, month_numbers
    )
    posts = posts.merge(detractions, on=["pid", "t"], how="inner")
    after = posts[posts["published"] > posts["last_detraction"]].sort_values("published")
    counts = after.groupby(["pid", "t"], as_index=False).agg(
        positive_after=("is_pos", "sum"),
        negative_after=("is_neg", "sum"),
        latest_positive=("is_pos", "last"),
    )
    return detractions.merge(counts, on=["pid", "t"], how="left").fillna(
        {"positive_after": 0, "negative_after": 0, "latest_positive": 0}
    )


def classify(stats: pd.DataFrame) -> pd.Series:
    """One class per row (or "" for the unlisted), applying the rules in order."""
    posts = stats["posts"].to_numpy(dtype=float)
    positive_share = stats["positive"].to_numpy() / posts
    negative_share = stats["negative"].to_numpy() / posts
    recommends = stats["recommendations"].to_numpy() > 0
    detracts = (stats["advice_against"].to_numpy() + stats["intent_to_leave"].to_numpy()) > 0
    consistent = (stats["active_months"].to_numpy() >= CONSISTENCY_MIN) | (
        stats["source_count"].to_numpy() >= CONSISTENCY_MIN
    )
    positive = positive_share >= POSITIVE_SHARE
    positive_after = stats["positive_after"].to_numpy()
    negative_after = stats["negative_after"].to_numpy()
    latest_positive = stats["latest_positive"].to_numpy() > 0
    conditions = [
        stats["sponsored_posts"].to_numpy() > 0,
        (positive_after > 0) & (positive_after >= negative_after) & latest_positive,
        (negative_share >= DETRACTOR_MIN_NEGATIVE_SHARE) & detracts,
        positive & recommends & ~detracts & consistent,
        positive & ~recommends & ~detracts & (posts >= BRAND_LOVER_MIN_POSTS),
    ]
    choices = ["influencer", "convert", "detractor", "ambassador", "brand_lover"]
    return pd.Series(np.select(conditions, choices, default=""), index=stats.index)


def _strength(stats: pd.DataFrame) -> np.ndarray:
    """The class-specific signal authors are ranked on (reach is only the tie-breaker)."""
    klass = stats["klass"]
    return np.select(
        [
            klass == "ambassador",
            klass == "brand_lover",
            klass == "influencer",
            klass == "detractor",
            klass == "convert",
        ],
        [
            stats["recommendations"],
            stats["positive"],
            stats["sponsored_posts"],
            stats["advice_against"] + stats["intent_to_leave"],
            stats["positive_after"],
        ],
        default=0,
    ).astype(float)


def classify_authors(
    frame: pd.DataFrame,
    privacy: Privacy,
    months: list[str],
    post_quotes: PostQuotes,
) -> pd.DataFrame:
    """The authors frame of the contract (see ARCHITECTURE.md, "Aggregate outputs")."""
    people = frame[frame["akey"] != ""]
    if len(people):
        people = people[~privacy.is_staff(people["akey"], people["brand"]).to_numpy()]
    if people.empty or not months:
        return pd.DataFrame(columns=AUTHOR_COLUMNS)
    people = people.assign(
        pid=people.groupby(["brand", "akey"], sort=False, observed=True).ngroup(),
        unnamed=~people["source_named"],
    )
    month_numbers = np.unique(people["n"].to_numpy())
    month_numbers = np.unique(np.concatenate([month_numbers, _numbers(months)]))
    stats = window_stats(people, month_numbers)
    detractions = last_detraction(people, month_numbers)
    turns = turned_positive(people, detractions, month_numbers)
    stats = stats.merge(turns, on=["pid", "t"], how="left")
    after_columns = ["positive_after", "negative_after", "latest_positive"]
    stats[after_columns] = stats[after_columns].fillna(0)
    stats = stats[np.isin(stats["t"].to_numpy(), _numbers(months))]
    stats["klass"] = classify(stats)
    stats = stats[stats["klass"] != ""].copy()
    if stats.empty:
        return pd.DataFrame(columns=AUTHOR_COLUMNS)

    identity = people.drop_duplicates("pid").set_index("pid")[["sector", "brand", "akey", "author"]]
    stats = stats.join(identity, on="pid")
    stats["month"] = month_key(stats["t"].to_numpy())
    stats["strength"] = _strength(stats)
    stats = stats.sort_values(
        ["sector", "brand", "month", "klass", "strength", "posts", "replies", "reach", "akey"],
        ascending=[True, True, True, True, False, False, False, False, True],
    )
    group = stats.groupby(["sector", "brand", "month", "klass"], sort=False)
    stats["rank"] = group.cumcount() + 1
    stats["class_size"] = group["pid"].transform("size")
    listed = stats[stats["rank"] <= LISTED_PER_CLASS].copy()

    listed["author_id"] = [
        author_hash(a, b, privacy.secret)
        for a, b in zip(listed["akey"], listed["brand"], strict=True)
    ]
    listed["named"] = [
        bool(a.strip()) and (a in privacy.named or unnamed == 0)
        for a, unnamed in zip(listed["akey"], listed["unnamed_posts"], strict=True)
    ]
    listed["display_name"] = [
        author.strip() if named else pseudonym(aid)
        for author, named, aid in zip(
            listed["author"], listed["named"], listed["author_id"], strict=True
        )
    ]
    listed["positive_share"] = listed["positive"] / listed["posts"]
    listed["negative_share"] = listed["negative"] / listed["posts"]
    listed["quotes"] = pd.Series(
        quotes(listed, people, month_numbers, post_quotes), index=listed.index, dtype=object
    )
    for column in (
        "posts",
        "active_months",
        "source_count",
        "recommendations",
        "advice_against",
        "intent_to_leave",
        "sponsored_posts",
        "replies",
        "rank",
        "class_size",
        "positive",
        "negative",
        "positive_after",
    ):
        listed[column] = listed[column].astype(int)
    listed["reach"] = listed["reach"].astype(float)
    return listed[AUTHOR_COLUMNS].reset_index(drop=True)


def _numbers(months: list[str]) -> np.ndarray:
    return np.array([int(m[:4]) * 12 + int(m[5:7]) - 1 for m in months], dtype=int)


_QUOTE_CHOICE_COLUMNS = (
    "pid",
    "n",
    "published",
    "is_pos",
    "is_neg",
    "recommends",
    "detracts",
    "sponsored",
    "engagement",
)


def quotes(
    listed: pd.DataFrame,
    people: pd.DataFrame,
    month_numbers: np.ndarray,
    post_quotes: PostQuotes,
) -> list[tuple[Quote, ...]]:
    """One or two posts per listed author that show why they are in their class."""
    keys = listed[["pid", "t", "klass", "last_detraction", "display_name", "named"]]
    # Only the columns the choice needs are exploded (three copies of a million full rows,
    # texts included, cost seconds and gigabytes); the chosen rows are fetched at the end.
    wanted = people["pid"].isin(keys["pid"].unique()).to_numpy()
    slim = people.loc[wanted, [*_QUOTE_CHOICE_COLUMNS]].assign(row=np.flatnonzero(wanted))
    posts = _explode(slim, WINDOW_MONTHS, month_numbers).merge(keys, on=["pid", "t"])
    positive = posts["is_pos"] == 1
    negative = posts["is_neg"] == 1
    klass = posts["klass"]
    after_turn = posts["published"] > posts["last_detraction"]
    priority = np.select(
        [
            klass.isin(["ambassador", "brand_lover"]) & positive & posts["recommends"],
            klass.isin(["ambassador", "brand_lover"]) & positive,
            (klass == "detractor") & negative & posts["detracts"],
            (klass == "detractor") & negative,
            (klass == "convert") & (posts["published"] == posts["last_detraction"]),
            (klass == "convert") & positive & after_turn,
            (klass == "influencer") & posts["sponsored"],
        ],
        [3, 2, 3, 2, 3, 2, 3],
        default=0,
    )
    posts = posts.assign(priority=priority)
    posts = posts[posts["priority"] > 0].sort_values(
        ["pid", "t", "priority", "engagement", "published"],
        ascending=[True, True, False, False, False],
    )
    if (klass == "convert").any():
        # A convert's quotes tell the story: the detractor post first, then one positive post.
        posts = posts.drop_duplicates(["pid", "t", "priority"])
    chosen = posts.groupby(["pid", "t"], sort=False).head(QUOTES_PER_AUTHOR)
    rows = people.iloc[chosen["row"].to_numpy()]
    # The quote must not reveal a name behind the pseudonym shown for this author.
    shown_as = list(zip(chosen["display_name"], chosen["named"], strict=True))
    by_key: dict[tuple[int, int], list[Quote]] = {}
    for item, pid, t in zip(post_quotes(rows, shown_as), chosen["pid"], chosen["t"], strict=True):
        by_key.setdefault((int(pid), int(t)), []).append(item)
    return [
        tuple(by_key.get((int(p), int(t)), ()))
        for p, t in zip(listed["pid"], listed["t"], strict=True)
    ]
