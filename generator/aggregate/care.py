"""Customer-care KPIs per brand and month, from the conversation facts (conversations.py).

Which conversations count: those whose starter was collected (not `orphan`), not started by
staff (an announcement is not a request; a competitor's agent is no customer), and not on a
news source (journalists report, they do not ask the brand), and seen with its replies: on a
source whose feed shows replies (`conversations.threaded_sources`), or with replies collected
from another feed (a feed of tweets or reviews without their replies cannot tell an unanswered
complaint from one answered elsewhere). Their month is the starter's, and
a build follows them to the end of the next month: a reply or a customer's next post after
that is not seen (monthwise.py reads one month after the month measured).

Formulas (per brand and month; `requests` are the counted conversations whose starter is a
question or negative toward the brand; NaN where a denominator is 0):

- conversations      = number of counted conversations
- questions          = counted conversations whose starter asks (a "?" or a question phrase)
- complaints         = counted conversations whose starter is negative toward the brand
- requests = n       = questions or complaints (n: the sample size; the report flags small ones)
- brand_answered_share = requests the brand's staff replied to / requests
- peers_first_share  = requests where a peer replied before the brand (or the brand never
                       did) / requests
- unanswered_share   = requests nobody but their author replied to / requests
- reply_median_hours, reply_p90_hours = median and 90th percentile (linear interpolation
                       between closest ranks) of the hours from the starter to the brand's
                       first reply, over the requests the brand replied to
- acknowledged_share = requests with a brand reply within `acknowledge_hours` (1 h) / requests
- answered_share     = requests with a brand reply within `answer_hours` (24 h) / requests
- answered_extended_share = the same within `extended_answer_hours` (48 h)
- thanked_share      = answered requests (by the brand or a peer) whose customer thanks after
                       the first reply / answered requests
- converts           = distinct authors of a negative request the brand replied to whose next
                       post about the brand within 30 days of the reply is positive
- detractors_answered = distinct authors of a negative request the brand replied to
- convert_share      = converts / detractors_answered
- third_party_presence = counted conversations the brand replied to on a source that is not
                       the brand's own (`own_sources`) / counted conversations it replied to
- third_party_requests = requests on sources that are not the brand's own
- third_party_answered_share = of those, the share the brand replied to

Targets are per brand (`targets`), defaulting to the published practices: acknowledge within
the hour, answer within 24 h, and within two days (48 h); each row carries the targets used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from generator.aggregate.conversations import CONVERT_WINDOW, UNANSWERED
from generator.aggregate.months import shift_month
from generator.config import CareTargets

NEWS_KINDS = ("news",)

CARE_COLUMNS = [
    "sector",
    "brand",
    "month",
    "n",
    "conversations",
    "questions",
    "complaints",
    "requests",
    "brand_answered_share",
    "peers_first_share",
    "unanswered_share",
    "reply_median_hours",
    "reply_p90_hours",
    "acknowledged_share",
    "answered_share",
    "answered_extended_share",
    "thanked_share",
    "converts",
    "detractors_answered",
    "convert_share",
    "third_party_presence",
    "third_party_requests",
    "third_party_answered_share",
    "acknowledge_hours",
    "answer_hours",
    "extended_answer_hours",
]


def own_sources(source_brands: Mapping[str, str]) -> dict[str, set[str]]:
    """Brand slug -> its own sources, from `analyse.pipeline.source_brands` (source -> brand)."""
    found: dict[str, set[str]] = {}
    for source, brand in source_brands.items():
        found.setdefault(brand, set()).add(source)
    return found


def _share(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator, NaN where the denominator is 0."""
    return numerator.astype(float) / denominator.astype(float).replace(0.0, np.nan)


def counted(facts: pd.DataFrame) -> pd.DataFrame:
    """The conversations the care KPIs count (see the module docstring)."""
    keep = ~facts["orphan"].astype(bool) & ~facts["by_staff"].astype(bool)
    keep &= facts["source_threaded"].astype(bool) | (facts["replies"].astype(int) > 0)
    return facts[keep & ~facts["source_kind"].isin(NEWS_KINDS)]


def care_kpis(
    facts: pd.DataFrame,
    own_sources: Mapping[str, Iterable[str]],
    targets: Mapping[str, CareTargets] | None = None,
) -> pd.DataFrame:
    """One row per (brand, month) with the care KPIs of the module docstring."""
    base = counted(facts)
    if base.empty:
        return pd.DataFrame(columns=CARE_COLUMNS)
    targets = targets or {}
    brands = base["brand"].unique()
    chosen = {b: targets.get(b, CareTargets()) for b in brands}
    limits = pd.DataFrame(
        {
            name: base["brand"].map({b: float(getattr(t, name)) for b, t in chosen.items()})
            for name in ("acknowledge_hours", "answer_hours", "extended_answer_hours")
        }
    )
    own = {f"{brand}\x1f{source}" for brand, sources in own_sources.items() for source in sources}
    third_party = ~(base["brand"].astype(str) + "\x1f" + base["source"].astype(str)).isin(own)
    hours = base["first_brand_reply_hours"].astype(float)
    request = base["request"].astype(bool)
    brand = base["brand_replied"].astype(bool)
    answered = base["status"] != UNANSWERED
    detractor = request & base["negative"].astype(bool) & brand & (base["starter_author"] != "")
    columns = pd.DataFrame(
        {
            "sector": base["sector"],
            "brand": base["brand"],
            "month": base["month"],
            "conversations": 1,
            "questions": base["question"].astype(bool),
            "complaints": base["negative"].astype(bool),
            "requests": request,
            "brand_answered": request & brand,
            "peers_first": request & base["peers_first"].astype(bool),
            "unanswered": request & ~answered,
            "hours": hours.where(request),
            "acknowledged": request & (hours <= limits["acknowledge_hours"]),
            "answered_in_time": request & (hours <= limits["answer_hours"]),
            "answered_extended": request & (hours <= limits["extended_answer_hours"]),
            "answered": request & answered,
            "thanked": request & answered & base["thanked"].astype(bool),
            "converts": base["starter_author"].where(detractor & base["converted"].astype(bool)),
            "detractors_answered": base["starter_author"].where(detractor),
            "replied": brand,
            "presence": brand & third_party,
            "third_party_requests": request & third_party,
            "third_party_answered": request & third_party & brand,
            **{name: limits[name] for name in limits.columns},
        }
    )
    group = columns.groupby(["brand", "month"], sort=True)
    sums = group[
        [
            "conversations",
            "questions",
            "complaints",
            "requests",
            "brand_answered",
            "peers_first",
            "unanswered",
            "acknowledged",
            "answered_in_time",
            "answered_extended",
            "answered",
            "thanked",
            "replied",
            "presence",
            "third_party_requests",
            "third_party_answered",
        ]
    ].sum()
    out = group[["sector", *limits.columns]].first()
    for name in ("conversations", "questions", "complaints", "requests", "third_party_requests"):
        out[name] = sums[name].astype(np.int64)
    out["n"] = out["requests"]
    requests = sums["requests"]
    out["brand_answered_share"] = _share(sums["brand_answered"], requests)
    out["peers_first_share"] = _share(sums["peers_first"], requests)
    out["unanswered_share"] = _share(sums["unanswered"], requests)
    out["reply_median_hours"] = group["hours"].median()
    out["reply_p90_hours"] = group["hours"].quantile(0.9)
    out["acknowledged_share"] = _share(sums["acknowledged"], requests)
    out["answered_share"] = _share(sums["answered_in_time"], requests)
    out["answered_extended_share"] = _share(sums["answered_extended"], requests)
    out["thanked_share"] = _share(sums["thanked"], sums["answered"])
    out["converts"] = group["converts"].nunique().astype(np.int64)
    out["detractors_answered"] = group["detractors_answered"].nunique().astype(np.int64)
    out["convert_share"] = _share(out["converts"], out["detractors_answered"])
    out["third_party_presence"] = _share(sums["presence"], sums["replied"])
    out["third_party_answered_share"] = _share(
        sums["third_party_answered"], sums["third_party_requests"]
    )
    return out.reset_index()[CARE_COLUMNS]


# Response-time distribution: requests by hours to the brand's first reply (upper bounds,
# inclusive), then "later" and "none" (the brand never replied).
DELAY_BUCKETS: tuple[tuple[str, float], ...] = (
    ("1h", 1.0),
    ("4h", 4.0),
    ("24h", 24.0),
    ("48h", 48.0),
    ("7d", 168.0),
    ("later", float("inf")),
)
NO_REPLY = "none"
DELAY_COLUMNS = ["sector", "brand", "month", "bucket", "order", "requests"]
EXAMPLE_COLUMNS = ["sector", "brand", "month", "kind", "hours", "quotes"]
HELPER_COLUMNS = [
    "sector",
    "brand",
    "month",
    "author_id",
    "author_display",
    "answers",
    "first_answers",
    "thanked",
]
# What peer_helpers gives (raw names: monthwise turns them into HELPER_COLUMNS).
PEER_HELPER_COLUMNS = [
    "sector",
    "brand",
    "month",
    "akey",
    "author",
    "source_named",
    "answers",
    "first_answers",
    "thanked",
]
TOP_HELPERS = 5
FASTEST, SLOWEST = "fastest", "slowest"
# The KPIs compared with the month before (render words each change by what it means).
DELTA_COLUMNS = tuple(
    CARE_COLUMNS[CARE_COLUMNS.index("requests") : CARE_COLUMNS.index("thanked_share") + 1]
)

CARE_COLUMNS_WITH_DELTAS = [*CARE_COLUMNS, *(f"{c}_delta" for c in DELTA_COLUMNS)]


def params() -> dict[str, object]:
    """The care parameters the methodology page states."""
    defaults = CareTargets()
    return {
        "care_acknowledge_hours": defaults.acknowledge_hours,
        "care_answer_hours": defaults.answer_hours,
        "care_extended_answer_hours": defaults.extended_answer_hours,
        "care_delay_buckets": [name for name, _ in DELAY_BUCKETS] + [NO_REPLY],
        "care_delay_bucket_hours": [hours for _, hours in DELAY_BUCKETS if hours != np.inf],
        "care_convert_days": CONVERT_WINDOW.days,
        "care_top_helpers": TOP_HELPERS,
        "care_p90_method": "linear interpolation between closest ranks",
    }


def requests_of(facts: pd.DataFrame) -> pd.DataFrame:
    """The counted conversations that are requests (questions or complaints)."""
    base = counted(facts)
    return base[base["request"].astype(bool)]


def care_delays(facts: pd.DataFrame) -> pd.DataFrame:
    """Requests per brand, month and response-time bucket (every bucket present, zeros too)."""
    asked = requests_of(facts)
    if asked.empty:
        return pd.DataFrame(columns=DELAY_COLUMNS)
    hours = asked["first_brand_reply_hours"].astype(float)
    names = [name for name, _ in DELAY_BUCKETS]
    edges = [-np.inf, *(limit for _, limit in DELAY_BUCKETS)]
    bucket = pd.cut(hours, bins=edges, labels=names, right=True).astype(object)
    bucket = bucket.where(hours.notna(), NO_REPLY)
    order = {name: i for i, name in enumerate([*names, NO_REPLY])}
    counts = pd.crosstab([asked["sector"], asked["brand"], asked["month"]], bucket)
    counts = counts.reindex(columns=list(order), fill_value=0)
    out = counts.stack().reset_index()
    out.columns = ["sector", "brand", "month", "bucket", "requests"]
    out["order"] = out["bucket"].map(order).astype(np.int64)
    out["requests"] = out["requests"].astype(np.int64)
    return out.sort_values(["brand", "month", "order"])[DELAY_COLUMNS].reset_index(drop=True)


def answered_examples(facts: pd.DataFrame) -> pd.DataFrame:
    """Per brand and month, the request the brand answered fastest and the one it answered
    slowest (ties: the earlier conversation), as (sector, brand, month, kind, hours,
    conversation); one row when the brand answered a single request."""
    answered = requests_of(facts)
    answered = answered[answered["brand_replied"].astype(bool)]
    if answered.empty:
        return pd.DataFrame(columns=["sector", "brand", "month", "kind", "hours", "conversation"])
    ordered = answered.sort_values(["brand", "month", "first_brand_reply_hours", "started"])
    group = ordered.groupby(["brand", "month"], sort=True)
    fastest = group.head(1).assign(kind=FASTEST)
    slowest = ordered.iloc[::-1].groupby(["brand", "month"], sort=True).head(1)
    slowest = slowest[~slowest["conversation"].isin(fastest["conversation"])].assign(kind=SLOWEST)
    rows = pd.concat([fastest, slowest]).rename(columns={"first_brand_reply_hours": "hours"})
    rows = rows.sort_values(["brand", "month", "hours"])
    return rows[["sector", "brand", "month", "kind", "hours", "conversation"]].reset_index(
        drop=True
    )


def first_brand_replies(replies: pd.DataFrame) -> pd.DataFrame:
    """(conversation, brand) -> post_id of the brand's first reply."""
    own = replies[replies["brand_reply"].astype(bool)].sort_values(["hours", "post_id"])
    return own.drop_duplicates(["conversation", "brand"])[["conversation", "brand", "post_id"]]


def peer_helpers(facts: pd.DataFrame, replies: pd.DataFrame) -> pd.DataFrame:
    """The community's helpers per brand and month: peers who replied to counted requests.

    answers: requests they replied to; first_answers: those where their reply was the first
    answer of anyone (before the brand's); thanked: those whose customer thanked after the
    first answer. The TOP_HELPERS per brand, by answers then first answers then thanks; raw
    names stay here (the caller turns them into display names)."""
    asked = requests_of(facts)[
        ["conversation", "brand", "sector", "month", "thanked", "first_peer_reply_hours"]
    ]
    asked = asked.assign(
        first_answer=asked["first_peer_reply_hours"].where(facts.loc[asked.index, "peers_first"])
    )
    peers = replies[replies["peer_reply"].astype(bool)].merge(asked, on=["conversation", "brand"])
    if peers.empty:
        return pd.DataFrame(columns=PEER_HELPER_COLUMNS)
    peers = peers.assign(first=peers["hours"] == peers["first_answer"])
    per = (
        peers.groupby(["brand", "month", "akey", "conversation"], sort=False)
        .agg(
            sector=("sector", "first"),
            author=("author", "first"),
            source_named=("source_named", "max"),
            first=("first", "max"),
            thanked=("thanked", "max"),
        )
        .reset_index()
    )
    helpers = (
        per.groupby(["brand", "month", "akey"], sort=False)
        .agg(
            sector=("sector", "first"),
            author=("author", "first"),
            source_named=("source_named", "max"),
            answers=("conversation", "nunique"),
            first_answers=("first", "sum"),
            thanked=("thanked", "sum"),
        )
        .reset_index()
        .sort_values(
            ["brand", "month", "answers", "first_answers", "thanked", "akey"],
            ascending=[True, True, False, False, False, True],
        )
    )
    top = helpers.groupby(["brand", "month"], sort=False).head(TOP_HELPERS)
    for name in ("answers", "first_answers", "thanked"):
        top[name] = top[name].astype(np.int64)
    return top[PEER_HELPER_COLUMNS].reset_index(drop=True)


def add_deltas(care: pd.DataFrame) -> pd.DataFrame:
    """`<kpi>_delta` = this month's value minus the brand's value the calendar month before
    (NaN when that month has no care row or either value is NaN)."""
    if care.empty:
        return care.assign(**{f"{c}_delta": pd.Series(dtype=float) for c in DELTA_COLUMNS})
    before = care[["brand", "month", *DELTA_COLUMNS]].assign(
        month=care["month"].map(lambda m: shift_month(m, 1))
    )
    joined = care.merge(before, on=["brand", "month"], how="left", suffixes=("", "_before"))
    for name in DELTA_COLUMNS:
        joined[f"{name}_delta"] = joined[name].astype(float) - joined[f"{name}_before"].astype(
            float
        )
    return joined.drop(columns=[f"{c}_before" for c in DELTA_COLUMNS])
