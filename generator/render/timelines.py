"""The timeline figures of the pages: a month day by day (reports), a brand week by week.

Pages pick rows of `Observatory.daily` / `Observatory.weekly` and the crises that overlap
them; the drawing is in charts.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.aggregate import Observatory
from generator.render import charts


def month_figures(
    obs: Observatory,
    sector: str,
    month: str,
    names: Mapping[str, str],
    colours: Mapping[str, str],
    lang: str,
    *,
    fig_base: str,
) -> list[charts.Figure]:
    """Mentions and net sentiment per day of one sector's month, its crises marked."""
    days = obs.daily[(obs.daily["sector"] == sector) & (obs.daily["month"] == month)]
    if days.empty or days["mentions"].sum() == 0:
        return []
    first, last = days["day"].min().date(), days["day"].max().date()
    crises = [c for c in obs.crises if c.sector == sector and c.start <= last and c.end >= first]
    return [
        charts.daily_volume(
            days, names, lang, fig_id=f"{fig_base}-daily", colours=colours, crises=crises
        ),
        charts.daily_sentiment(days, names, lang, fig_id=f"{fig_base}-daily-net", crises=crises),
    ]


def brand_figures(
    obs: Observatory, brand: str, name: str, colour: str, lang: str
) -> list[charts.Figure]:
    """Mentions and net sentiment of one brand per ISO week over every observed month."""
    weeks = obs.weekly[obs.weekly["brand"] == brand]
    if weeks.empty:
        return []
    crises = [c for c in obs.crises if c.brand == brand]
    return [
        charts.weekly(weeks, name, colour, lang, fig_id=f"fig-{brand}-weekly", crises=crises),
        charts.weekly(
            weeks,
            name,
            colour,
            lang,
            fig_id=f"fig-{brand}-weekly-net",
            crises=crises,
            kind="net",
        ),
    ]
