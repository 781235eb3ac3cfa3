"""Sentences built from the aggregate's facts, in the site's language (gettext catalogs).

Aggregate says *what* (an author's counts and class, a month's figures); this module says it
in words. Every message is an English msgid translated by `generator/locale/*/observatoire.po`,
so a translator works on catalogs, never on code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.render import formatting as fmt
from generator.render.i18n import N_, Wording

# The classes of people, in the order pages and files list them (ambassadors first).
KLASS_LABELS = {
    "ambassador": N_("Ambassadors"),
    "brand_lover": N_("Brand lovers"),
    "influencer": N_("Influencers"),
    "convert": N_("Converts"),
    "detractor": N_("Detractors"),
}
KLASS_ORDER = list(KLASS_LABELS)


def author_explanation(
    w: Wording, author: Mapping[str, Any], brand: str, names: Mapping[str, str] | None = None
) -> str:
    """A short, factual sentence saying why the author is in their class.

    `names`: brand slug -> display name, for the brand a convert switched from."""
    n = {key: int(author.get(key) or 0) for key in _COUNTS}
    posts = w.ngettext("{count} post", "{count} posts", n["posts"])
    positive = w.ngettext("{count} positive post", "{count} positive posts", n["positive"])
    helped = (
        w._(
            "; {replies}",
            replies=w.ngettext(
                "{count} helpful forum reply", "{count} helpful forum replies", n["replies"]
            ),
        )
        if n["replies"]
        else ""
    )
    months = w.ngettext("{count} month", "{count} months", n["active_months"])
    share = fmt.percent(author.get("positive_share"), w.lang, 0)
    klass = author.get("klass")
    if klass == "ambassador":
        text = w._(
            "{positive} out of {posts} ({share}) over {months} and {sources}; recommends "
            "{brand} {times}{helped}.",
            positive=positive,
            posts=posts,
            share=share,
            months=months,
            sources=w.ngettext("{count} source", "{count} sources", n["source_count"]),
            brand=brand,
            times=w.ngettext("{count} time", "{count} times", n["recommendations"]),
            helped=helped,
        )
    elif klass == "brand_lover":
        text = w._(
            "{positive} out of {posts} ({share}) over {months}, with no explicit "
            "recommendation{helped}.",
            positive=positive,
            posts=posts,
            share=share,
            months=months,
            helped=helped,
        )
    elif klass == "influencer":
        text = w._(
            "{sponsored} out of {posts}: reported separately, never as an ambassador.",
            sponsored=w.ngettext(
                "{count} sponsored or partnership post",
                "{count} sponsored or partnership posts",
                n["sponsored_posts"],
            ),
            posts=posts,
        )
    elif klass == "detractor":
        against = (
            w._(
                "; advises against {brand} {times}",
                brand=brand,
                times=w.ngettext("{count} time", "{count} times", n["advice_against"]),
            )
            if n["advice_against"]
            else ""
        )
        leave = (
            w._(
                "; intends to leave {times}",
                times=w.ngettext("{count} time", "{count} times", n["intent_to_leave"]),
            )
            if n["intent_to_leave"]
            else ""
        )
        text = w._(
            "{negative} out of {posts} ({share}){against}{leave}.",
            negative=w.ngettext("{count} negative post", "{count} negative posts", n["negative"]),
            posts=posts,
            share=fmt.percent(author.get("negative_share"), w.lang, 0),
            against=against,
            leave=leave,
        )
    elif klass == "convert" and author.get("switched_from"):
        rival = str(author["switched_from"])
        last = author.get("last_switch")
        rival = (names or {}).get(rival, rival)
        text = w._(
            "Announced a switch from {rival} to {brand} ({date}): a customer won from a "
            "competitor.",
            rival=rival,
            brand=brand,
            date="" if fmt.is_missing(last) else fmt.day_label(_as_date(last), w.lang),
        )
    elif klass == "convert":
        last = author.get("last_detraction")
        text = w._(
            "Criticised {brand} (negative post on {date}), then {positive} since: a won-back "
            "customer.",
            brand=brand,
            of_brand=w.of(brand),
            date="" if fmt.is_missing(last) else fmt.day_label(_as_date(last), w.lang),
            positive=w.ngettext(
                "{count} positive post", "{count} positive posts", n["positive_after"]
            ),
        )
    else:
        return ""
    return " ".join(text.split())


_COUNTS = (
    "posts",
    "positive",
    "negative",
    "active_months",
    "source_count",
    "recommendations",
    "sponsored_posts",
    "positive_after",
    "replies",
    "advice_against",
    "intent_to_leave",
)


def _as_date(value: Any) -> Any:
    import pandas as pd

    return pd.Timestamp(value).date()
