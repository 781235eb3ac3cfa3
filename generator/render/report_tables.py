"""The tables a monthly report shows beside the charts, as peer reports do.

Sentiment by theme (where each brand is praised or criticised), the sources that carry the
conversation and their share, and the terms that set each brand's month apart. Cells are
formatted text; the template lays them out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.aggregate import Observatory
from generator.render import formatting as fmt
from generator.render.i18n import N_, Wording

TOP_SOURCES = 5
TERMS_SHOWN = 6
SOURCE_KIND_LABELS = {
    "forum": N_("forum"),
    "blog": N_("blog"),
    "news": N_("news"),
    "social": N_("social network"),
    "review": N_("reviews"),
    "video": N_("video"),
}


def theme_sentiment(
    observatory: Observatory,
    sector: str,
    month: str,
    names: Mapping[str, str],
    theme_names: Mapping[str, str],
    lang: str,
) -> dict[str, Any] | None:
    """Themes (most mentioned first) x brands: net sentiment and mentions in each cell."""
    themes = observatory.themes
    rows = themes[(themes["sector"] == sector) & (themes["month"] == month)]
    rows = rows[rows["mentions"] > 0]
    if rows.empty:
        return None
    brands = sorted(rows["brand"].unique(), key=lambda b: names.get(b, b))
    order = rows.groupby("theme")["mentions"].sum().sort_values(ascending=False, kind="stable")
    cells = rows.set_index(["theme", "brand"])
    body = []
    for theme in order.index:
        line: list[dict[str, Any] | None] = []
        for brand in brands:
            if (theme, brand) in cells.index:
                cell = cells.loc[(theme, brand)]
                line.append(
                    {
                        "net": fmt.signed(cell["net_sentiment"], lang, 2),
                        "mentions": int(cell["mentions"]),
                        "tone": _tone(float(cell["net_sentiment"]), int(cell["mentions"])),
                    }
                )
            else:
                line.append(None)
        body.append({"theme": theme_names.get(theme, theme), "cells": line})
    return {"brands": [names.get(b, b) for b in brands], "rows": body}


def _tone(net: float, mentions: int) -> str:
    if mentions < 3 or abs(net) < 0.2:
        return "neutral"
    return "good" if net > 0 else "bad"


def top_sources(
    observatory: Observatory, sector: str, month: str, w: Wording, limit: int = TOP_SOURCES
) -> list[dict[str, Any]]:
    """The sources with the most mentions of the sector's brands, and their share."""
    sources = observatory.sources
    rows = sources[(sources["sector"] == sector) & (sources["month"] == month)]
    if rows.empty:
        return []
    per_source = rows.groupby(["source", "source_kind"], as_index=False).agg(
        mentions=("mentions", "sum"),
        negative=("negative", "sum"),
        reach=("reach", "sum"),
        engagement=("engagement", "sum"),
    )
    total = per_source["mentions"].sum()
    per_source = per_source.sort_values(["mentions", "source"], ascending=[False, True])
    lang = w.lang
    return [
        {
            "source": r["source"],
            "kind": w._(SOURCE_KIND_LABELS.get(r["source_kind"], r["source_kind"])),
            "mentions": fmt.number(r["mentions"], lang),
            "share": fmt.percent(r["mentions"] / total if total else None, lang, 0),
            "negative_share": fmt.percent(
                r["negative"] / r["mentions"] if r["mentions"] else None, lang, 0
            ),
            "reach": fmt.compact(r["reach"], lang),
            "engagement": fmt.compact(r["engagement"], lang),
        }
        for r in per_source.head(limit).to_dict("records")
    ]


def distinctive_terms(
    observatory: Observatory,
    sector: str,
    month: str,
    names: Mapping[str, str],
    limit: int = TERMS_SHOWN,
) -> list[dict[str, Any]]:
    """Per brand, the terms that set its month apart from the other brands' (TF-IDF)."""
    terms = observatory.terms
    rows = terms[(terms["sector"] == sector) & (terms["month"] == month)]
    out = []
    for brand, group in rows.groupby("brand", sort=False):
        ranked = group.sort_values(["weight", "term"], ascending=[False, True])
        out.append(
            {
                "name": names.get(str(brand), str(brand)),
                "terms": ranked["term"].head(limit).tolist(),
            }
        )
    return sorted(out, key=lambda item: item["name"])
