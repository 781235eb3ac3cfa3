"""Ambassadors, brand lovers, influencers, detractors and converts, per brand and month.

Each author is judged on a rolling window of WINDOW_MONTHS calendar months ending at the
month, for one brand at a time. Classes are mutually exclusive; the first rule that holds
wins, in this order (all thresholds are in PARAMS and on the methodology page):

1. influencer  -- at least one sponsored post about the brand (reported apart, never ambassador);
2. convert     -- a won-back critic: wrote a detractor post (negative and advising against or
                  intending to leave) within CONVERT_LOOKBACK_MONTHS; since then, inside the
                  window, at least one positive post, no fewer positive than negative posts,
                  and the latest post is positive (one lukewarm post on the way does not undo
                  it); or a customer won from a competitor: inside the window, a post switching
                  to the brand from another one ("je quitte Fibralis pour Orbis", found by
                  analyse) and no detractor post since;
3. detractor   -- at least DETRACTOR_MIN_NEGATIVE_SHARE of the posts negative, and advises
                  against the brand or says they intend to leave;
4. ambassador  -- at least POSITIVE_SHARE of the posts positive, recommends the brand, never
                  advises against it, and is consistent: active in >= 2 months or >= 2 sources;
5. brand lover -- at least POSITIVE_SHARE positive, never recommends nor advises against,
                  at least BRAND_LOVER_MIN_POSTS posts.

Brand staff, posts on the brand's own sources (a source configured with `brand:`) and authors
without a name are never classified. Journalists -- authors who publish on a news source --
report rather than advocate: they are never ambassadors, brand lovers or converts. Reach only
breaks ties in the ranking; it never makes anyone an ambassador. Only the LISTED_PER_CLASS
strongest authors of a class are listed (with `class_size`, the class's full size).

Each monthly report spotlights at most SPOTLIGHT_MAX ambassadors, preferring those it did not
spotlight in the SPOTLIGHT_ROTATION_MONTHS before (then those active in the month, then the
strongest); when every ambassador was spotlighted recently, one is: preferably one who posted
in the month, the one spotlighted longest ago. Quotes prefer the author's posts of the
month; `quoted_earlier` says when the first quote comes from an earlier month of the window,
so the report can say so.
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
SPOTLIGHT_MAX = 3
SPOTLIGHT_ROTATION_MONTHS = 3
JOURNALIST_KINDS = ("news",)
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
    "switched_from",
    "last_switch",
    "spotlight",
    "quoted_earlier",
    "strength",
    "posts_in_month",
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
        "spotlight_max": SPOTLIGHT_MAX,
        "spotlight_rotation_months": SPOTLIGHT_ROTATION_MONTHS,
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
        joins=("joins", "sum"),
    )
    per_month = per_month.reset_index()
    exploded = _explode(per_month, WINDOW_MONTHS, month_numbers)
    exploded["posts_in_month"] = exploded["posts"].where(exploded["n"] == exploded["t"], 0)
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
        joins=("joins", "sum"),
        posts_in_month=("posts_in_month", "sum"),
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


def last_switch(people: pd.DataFrame, month_numbers: np.ndarray) -> pd.DataFrame:
    """Per (pid, t): time of the author's latest post switching to the brand inside the window,
    and the brand it left (see `switch_origins`)."""
    joins = people[people["joins"]]
    latest = joins.sort_values("published").groupby(["pid", "n"], as_index=False).last()
    latest = pd.DataFrame(latest[["pid", "n", "published", "switched_from"]])
    exploded = _explode(latest, WINDOW_MONTHS, month_numbers).sort_values("published")
    out = exploded.groupby(["pid", "t"], as_index=False).last()
    return out.rename(columns={"published": "last_switch"})[
        ["pid", "t", "last_switch", "switched_from"]
    ]


def switch_origins(frame: pd.DataFrame) -> pd.Series:
    """Per row: the brand its post leaves when the row is the brand it joins, else ""."""
    stance = frame["stance"] if "stance" in frame.columns else pd.Series("", index=frame.index)
    left = frame.loc[stance == "leaves", ["post_id", "brand"]].drop_duplicates("post_id")
    origin = frame["post_id"].map(left.set_index("post_id")["brand"]).astype(object)
    return origin.where((stance == "joins") & origin.notna(), "")


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
    customer = ~stats["journalist"].to_numpy(dtype=bool)
    conditions = [
        stats["sponsored_posts"].to_numpy() > 0,
        customer & (won_back(stats) | switched_in(stats)),
        (negative_share >= DETRACTOR_MIN_NEGATIVE_SHARE) & detracts,
        customer & positive & recommends & ~detracts & consistent,
        customer & positive & ~recommends & ~detracts & (posts >= BRAND_LOVER_MIN_POSTS),
    ]
    choices = ["influencer", "convert", "detractor", "ambassador", "brand_lover"]
    return pd.Series(np.select(conditions, choices, default=""), index=stats.index)


def won_back(stats: pd.DataFrame) -> np.ndarray:
    """The won-back critic's rule (see the module docstring)."""
    positive_after = stats["positive_after"].to_numpy()
    negative_after = stats["negative_after"].to_numpy()
    latest_positive = stats["latest_positive"].to_numpy() > 0
    return np.asarray((positive_after > 0) & (positive_after >= negative_after) & latest_positive)


def switched_in(stats: pd.DataFrame) -> np.ndarray:
    """Switched to the brand inside the window, with no detractor post since."""
    switch = pd.to_datetime(stats["last_switch"], utc=True)
    detraction = pd.to_datetime(stats["last_detraction"], utc=True)
    return np.asarray(switch.notna() & (detraction.isna() | (detraction < switch)))


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
            stats["positive_after"] + stats["joins"],
        ],
        default=0,
    ).astype(float)


def classify_authors(
    frame: pd.DataFrame,
    privacy: Privacy,
    months: list[str],
    post_quotes: PostQuotes,
    *,
    journalists: set[str] | None = None,
) -> pd.DataFrame:
    """The authors frame of the contract (see ARCHITECTURE.md, "Aggregate outputs") for
    `months`, from `frame` holding those months and the months their windows reach back to.

    The brand's own accounts (owned posts, see aggregate/origin.py) classify nobody.
    `journalists` (author keys) defaults to those of `frame`."""
    people = frame[frame["akey"] != ""]
    if len(people) and "origin" in people.columns:  # owned: staff, or the brand's own name
        people = people[(people["origin"] != "owned").to_numpy()]
    elif len(people):
        people = people[~privacy.is_staff(people["akey"], people["brand"]).to_numpy()]
    if people.empty or not months:
        return pd.DataFrame(columns=AUTHOR_COLUMNS)
    journalists = journalist_keys(frame) if journalists is None else journalists
    stance = people["stance"] if "stance" in people.columns else ""
    people = people.assign(
        pid=people.groupby(["brand", "akey"], sort=False, observed=True).ngroup(),
        unnamed=~people["source_named"],
        joins=stance == "joins",
        switched_from=switch_origins(people) if "stance" in people.columns else "",
    )
    month_numbers = np.unique(_numbers(months))  # the target months: the rest is history
    stats = window_stats(people, month_numbers)
    detractions = last_detraction(people, month_numbers)
    turns = turned_positive(people, detractions, month_numbers)
    stats = stats.merge(turns, on=["pid", "t"], how="left")
    stats = stats.merge(last_switch(people, month_numbers), on=["pid", "t"], how="left")
    stats["last_switch"] = pd.to_datetime(stats["last_switch"], utc=True)
    stats["switched_from"] = stats["switched_from"].fillna("")
    after_columns = ["positive_after", "negative_after", "latest_positive"]
    stats[after_columns] = stats[after_columns].fillna(0)
    keys = people.drop_duplicates("pid").set_index("pid")["akey"]
    stats["journalist"] = stats["pid"].map(keys).isin(journalists).to_numpy()
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
    chosen, earlier = quotes(listed, people, month_numbers, post_quotes)
    listed["quotes"] = pd.Series(chosen, index=listed.index, dtype=object)
    listed["quoted_earlier"] = np.asarray(earlier, dtype=bool)
    listed["spotlight"] = spotlight(listed)
    is_switch = (listed["klass"] == "convert") & switched_in(listed)
    listed["switched_from"] = listed["switched_from"].where(is_switch, "").fillna("").astype(str)
    listed["last_switch"] = pd.to_datetime(listed["last_switch"], utc=True).where(is_switch)
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


def journalist_keys(frame: pd.DataFrame) -> set[str]:
    """Author keys of everyone who publishes on a news source (any brand, any month)."""
    if "source_kind" not in frame.columns:
        return set()
    news = frame[frame["source_kind"].isin(JOURNALIST_KINDS) & (frame["akey"] != "")]
    return set(news["akey"].unique())


def spotlight(listed: pd.DataFrame) -> np.ndarray:
    """Which listed ambassadors each monthly report puts forward, month after month.

    Deterministic rotation: up to SPOTLIGHT_MAX ambassadors (all brands of the report) not
    spotlighted in the SPOTLIGHT_ROTATION_MONTHS before, those who posted in the month first,
    then the strongest; when all were spotlighted recently, a single one: among those who posted
    in the month (a report quotes its month), the one spotlighted longest ago.
    `listed` is the authors frame (its `author_id` is one person for one brand).
    """
    chosen = np.zeros(len(listed), dtype=bool)
    amb = listed[listed["klass"] == "ambassador"]
    if amb.empty:
        return chosen
    position = {index: i for i, index in enumerate(listed.index)}
    order = amb.assign(
        t=_numbers(amb["month"].astype(str).tolist()), active=amb["posts_in_month"] > 0
    ).sort_values(
        ["t", "active", "strength", "posts", "replies", "reach", "brand", "author_id"],
        ascending=[True, False, False, False, False, False, True, True],
    )
    last: dict[str, int] = {}
    for _, month in order.groupby("t", sort=True):
        t = int(month["t"].to_numpy()[0])
        people = [str(a) for a in month["author_id"]]
        fresh = [
            (index, who)
            for index, who in zip(month.index, people, strict=True)
            if who not in last or t - last[who] > SPOTLIGHT_ROTATION_MONTHS
        ][:SPOTLIGHT_MAX]
        if not fresh:  # all spotlighted recently: one who posted this month, the longest ago
            active = month["active"].to_numpy()
            index, who, _ = min(
                zip(month.index, people, active, strict=True),
                key=lambda item: (not item[2], last[item[1]]),
            )
            fresh = [(index, who)]
        for index, who in fresh:
            chosen[position[index]] = True
            last[who] = t
    return chosen


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
    "joins",
    "engagement",
)


def quotes(
    listed: pd.DataFrame,
    people: pd.DataFrame,
    month_numbers: np.ndarray,
    post_quotes: PostQuotes,
) -> tuple[list[tuple[Quote, ...]], list[bool]]:
    """One or two posts per listed author that show why they are in their class, and whether
    the first of them comes from a month before the listed month.

    Posts of the month come first; a convert's quotes tell the story in order instead (the
    detractor or switching post, then a positive one), which may reach back in the window.
    """
    columns = ["pid", "t", "klass", "last_detraction", "last_switch", "display_name", "named"]
    keys = listed[columns]
    # Only the columns the choice needs are exploded (three copies of a million full rows,
    # texts included, cost seconds and gigabytes); the chosen rows are fetched at the end.
    wanted = people["pid"].isin(keys["pid"].unique()).to_numpy()
    slim = people.loc[wanted, [*_QUOTE_CHOICE_COLUMNS]].assign(row=np.flatnonzero(wanted))
    posts = _explode(slim, WINDOW_MONTHS, month_numbers).merge(keys, on=["pid", "t"])
    positive = posts["is_pos"] == 1
    negative = posts["is_neg"] == 1
    klass = posts["klass"]
    convert = klass == "convert"
    after_turn = (posts["published"] > posts["last_detraction"]) | (
        posts["published"] > posts["last_switch"]
    )
    priority = np.select(
        [
            klass.isin(["ambassador", "brand_lover"]) & positive & posts["recommends"],
            klass.isin(["ambassador", "brand_lover"]) & positive,
            (klass == "detractor") & negative & posts["detracts"],
            (klass == "detractor") & negative,
            convert & (posts["published"] == posts["last_detraction"]),
            convert & posts["joins"] & (posts["published"] == posts["last_switch"]),
            convert & positive & after_turn,
            (klass == "influencer") & posts["sponsored"],
        ],
        [3, 2, 3, 2, 3, 3, 2, 3],
        default=0,
    )
    in_month = posts["n"] == posts["t"]
    posts = posts.assign(priority=priority, in_month=in_month, month_first=in_month & ~convert)
    posts = posts[posts["priority"] > 0].sort_values(
        ["pid", "t", "month_first", "priority", "in_month", "engagement", "published"],
        ascending=[True, True, False, False, False, False, False],
    )
    # A convert's quotes tell the story: the detractor post first, then one positive post.
    story = posts["klass"] == "convert"
    posts = posts[~story | ~posts.duplicated(["pid", "t", "priority"])]
    chosen = posts.groupby(["pid", "t"], sort=False).head(QUOTES_PER_AUTHOR)
    rows = people.iloc[chosen["row"].to_numpy()]
    # The quote must not reveal a name behind the pseudonym shown for this author.
    shown_as = list(zip(chosen["display_name"], chosen["named"], strict=True))
    by_key: dict[tuple[int, int], list[Quote]] = {}
    for item, pid, t in zip(post_quotes(rows, shown_as), chosen["pid"], chosen["t"], strict=True):
        by_key.setdefault((int(pid), int(t)), []).append(item)
    first = chosen.drop_duplicates(["pid", "t"])
    earlier = {
        (int(p), int(t))
        for p, t, ok in zip(first["pid"], first["t"], first["in_month"], strict=True)
        if not ok
    }
    pairs = list(zip(listed["pid"], listed["t"], strict=True))
    return (
        [tuple(by_key.get((int(p), int(t)), ())) for p, t in pairs],
        [(int(p), int(t)) in earlier for p, t in pairs],
    )
