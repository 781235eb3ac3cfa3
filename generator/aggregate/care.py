"""Customer-care KPIs per brand and month, from the conversation facts (conversations.py).

Which conversations count: those whose starter was collected (not `orphan`), not started by
staff (an announcement is not a request; a competitor's agent is no customer), and not on a
news source (journalists report, they do not ask the brand). Their month is the starter's.

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
                       post about the brand within 60 days of the reply is positive
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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from generator.aggregate.conversations import UNANSWERED

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


@dataclass(frozen=True, slots=True)
class CareTargets:
    """A brand's response-time targets, in hours (defaults: the published practices)."""

    acknowledge_hours: float = 1.0
    answer_hours: float = 24.0
    extended_answer_hours: float = 48.0


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
