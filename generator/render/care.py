"""The "Customer care" section of the monthly report and the brand pages, as plain data.

Aggregate measured (aggregate/care.py); this module words it: durations the way people say
them (`35 min`, `2 h 10`, `1,5 jour`), each KPI with its change against the month before,
coloured by what the change means for the brand (a faster reply is good news, more unanswered
requests bad news) and never by colour alone (arrow, sign and words, as the KPI tiles do).
Below `report.min_requests` requests (this month or the month before) a brand's month is a
small sample: its changes are shown but never coloured, and the card says so. A brand without
any counted conversation in the month is said to have none, never shown as zeros.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from generator.aggregate import Observatory
from generator.aggregate.care import DELAY_BUCKETS, FASTEST, NO_REPLY, SLOWEST
from generator.aggregate.conversations import CONVERT_WINDOW
from generator.aggregate.months import shift_month
from generator.config import Config
from generator.render import charts
from generator.render import formatting as fmt
from generator.render.i18n import N_, Wording
from generator.render.kpis import TONE_WORDS, Tone
from generator.render.report_facts import small_sample

Better = Literal["higher", "lower", "neither"]
Kind = Literal["count", "share", "hours"]
HISTORY_MONTHS = 6  # the brand page's table


@dataclass(frozen=True, slots=True)
class CareKpi:
    column: str
    label: str  # msgid; `{target}` is the brand's target, worded as a duration
    kind: Kind
    better: Better
    target: str | None = None  # the column holding the target, in hours
    generic: str = ""  # msgid: the label without the target (brands with different targets)


KPIS = (
    CareKpi("requests", N_("Requests received"), "count", "neither"),
    CareKpi("brand_answered_share", N_("Answered by the brand"), "share", "higher"),
    CareKpi("peers_first_share", N_("Answered first by the community"), "share", "neither"),
    CareKpi("unanswered_share", N_("Left unanswered"), "share", "lower"),
    CareKpi("reply_median_hours", N_("Median time to the brand's first reply"), "hours", "lower"),
    CareKpi("reply_p90_hours", N_("9 replies in 10 within (90th percentile)"), "hours", "lower"),
    CareKpi(
        "acknowledged_share",
        N_("Acknowledged within {target} (target)"),
        "share",
        "higher",
        "acknowledge_hours",
        N_("Acknowledged within the brand's target"),
    ),
    CareKpi(
        "answered_share",
        N_("Answered within {target} (target)"),
        "share",
        "higher",
        "answer_hours",
        N_("Answered within the brand's target"),
    ),
    CareKpi(
        "answered_extended_share",
        N_("Answered within {target} (target)"),
        "share",
        "higher",
        "extended_answer_hours",
        N_("Answered within the brand's longer target"),
    ),
    CareKpi("thanked_share", N_("Thanked after a reply"), "share", "higher"),
)

BUCKET_LABELS = {
    "1h": N_("up to 1 h"),
    "4h": N_("1 to 4 h"),
    "24h": N_("4 to 24 h"),
    "48h": N_("1 to 2 days"),
    "7d": N_("2 to 7 days"),
    "later": N_("over 7 days"),
    NO_REPLY: N_("no reply from the brand"),
}
BUCKET_ORDER = [name for name, _ in DELAY_BUCKETS] + [NO_REPLY]
EXAMPLE_LABELS = {FASTEST: N_("Fastest answer"), SLOWEST: N_("Slowest answer")}


# -- durations -----------------------------------------------------------------------------------


def duration(hours: float | None, lang: str) -> str:
    """Hours as people say them: `35 min`, `2 h 10` (`2 h 10 min`), `1,5 jour` (`1.5 days`);
    a dash when missing."""
    if fmt.is_missing(hours):
        return fmt.MISSING
    w = Wording(lang)
    value = abs(float(hours))  # type: ignore[arg-type]
    minutes = round(value * 60)
    if minutes < 1:
        return w._("under a minute")
    if minutes < 60:
        return w._("{minutes} min", minutes=fmt.number(minutes, lang))
    if minutes < 24 * 60:
        whole, rest = divmod(minutes, 60)
        if rest == 0:
            return w._("{hours} h", hours=fmt.number(whole, lang))
        return w._("{hours} h {minutes} min", hours=fmt.number(whole, lang), minutes=f"{rest:02d}")
    days = round(value / 24, 1)
    # French says "1,5 jour" (singular below 2), English "1.5 days" (plural unless exactly 1).
    plural_n = 1 if days == 1 or (lang == "fr" and days < 2) else 2
    return w.ngettext("{days} day", "{days} days", plural_n, days=fmt.plain(days, lang))


def target(hours: float | None, lang: str) -> str:
    """A response-time target as practices state it: `1 h`, `24 h`, `48 h`; longer or
    fractional targets as any duration."""
    if hours is None or fmt.is_missing(hours):
        return fmt.MISSING
    value = float(hours)
    if value.is_integer() and 0 < value <= 72:
        return Wording(lang)._("{hours} h", hours=fmt.number(value, lang))
    return duration(value, lang)


def duration_delta(hours: float | None, lang: str) -> fmt.Delta:
    """A change of duration: `−1 h 10`, `+35 min`; unchanged below half a minute."""
    w = Wording(lang)
    base = fmt.delta(None, lang)
    if fmt.is_missing(hours):
        return base
    value = float(hours)  # type: ignore[arg-type]
    if round(abs(value) * 60) == 0:
        return fmt.Delta(w._("{minutes} min", minutes="0"), "flat", "►", w._("unchanged"))
    direction: Literal["up", "down"] = "up" if value > 0 else "down"
    sign = "+" if value > 0 else "−"
    words = w._("up") if value > 0 else w._("down")
    return fmt.Delta(sign + duration(value, lang), direction, "▲" if value > 0 else "▼", words)


# -- the KPI cards -------------------------------------------------------------------------------


def _tone(better: Better, direction: str, small: bool) -> Tone:
    if small or better == "neither" or direction not in ("up", "down"):
        return "neutral"
    return "good" if (direction == "up") == (better == "higher") else "bad"


def _value(kpi: CareKpi, value: Any, lang: str) -> str:
    if kpi.kind == "hours":
        return duration(value, lang)
    if kpi.kind == "share":
        return fmt.percent(value, lang, 0)
    return fmt.number(value, lang)


def _delta(kpi: CareKpi, value: Any, lang: str) -> fmt.Delta:
    if kpi.kind == "hours":
        return duration_delta(value, lang)
    if kpi.kind == "share":
        return fmt.delta(value, lang, "points", 0)
    return fmt.delta(value, lang, "number", 0)


def small_text(n: int, before: int | None, previous: str, min_requests: int, w: Wording) -> str:
    """Which month is the small one: `Faible échantillon : 6 demandes`, or the month before."""
    if n < min_requests or before is None:
        return w.ngettext("Small sample: {count} request", "Small sample: {count} requests", n)
    return w.ngettext(
        "Small sample: {count} request in {month}",
        "Small sample: {count} requests in {month}",
        before,
        month=fmt.month_label(previous, w.lang),
    )


def kpi_rows(row: Mapping[str, Any], w: Wording, *, small: bool) -> list[dict[str, Any]]:
    """One brand's month: each KPI's label, value, change, tone and a detail line."""
    lang = w.lang
    out = []
    for kpi in KPIS:
        goal = target(row.get(kpi.target), lang) if kpi.target else ""
        missing = fmt.is_missing(row.get(kpi.column))
        change = None if missing else _delta(kpi, row.get(f"{kpi.column}_delta"), lang)
        tone = _tone(kpi.better, change.direction, small) if change else "neutral"
        detail = ""
        if kpi.column == "requests":
            detail = w._(
                "{questions}, {complaints}",
                questions=w.ngettext(
                    "{count} question", "{count} questions", int(row.get("questions") or 0)
                ),
                complaints=w.ngettext(
                    "{count} complaint", "{count} complaints", int(row.get("complaints") or 0)
                ),
            )
        out.append(
            {
                "key": kpi.column,
                "label": w._(kpi.label, target=goal) if kpi.target else w._(kpi.label),
                "generic": w._(kpi.generic) if kpi.generic else w._(kpi.label),
                "explain": "",
                "target": goal,
                "value": _value(kpi, row.get(kpi.column), lang),
                "delta": change,
                "tone": tone,
                "tone_words": w._(TONE_WORDS[tone]) if TONE_WORDS[tone] else "",
                "detail": detail,
            }
        )
    detractors = int(row.get("detractors_answered") or 0)
    out.append(
        {
            "key": "converts",
            "label": w._("Unhappy customers won back"),
            "generic": w._("Unhappy customers won back"),
            "explain": w.ngettext(
                "of the unhappy customers the brand answered, those whose next post within "
                "{count} day is positive",
                "of the unhappy customers the brand answered, those whose next post within "
                "{count} days is positive",
                CONVERT_WINDOW.days,
            ),
            "target": "",
            "value": w._(
                "{converts} of {detractors}",
                converts=fmt.number(int(row.get("converts") or 0), lang),
                detractors=fmt.number(detractors, lang),
            )
            if detractors
            else fmt.MISSING,
            "delta": None,
            "tone": "neutral",
            "tone_words": "",
            "detail": "" if detractors else w._("the brand answered no unhappy customer"),
        }
    )
    third = int(row.get("third_party_requests") or 0)
    out.append(
        {
            "key": "third_party_presence",
            "label": w._("Presence on third-party forums"),
            "generic": w._("Presence on third-party forums"),
            "explain": w._(
                "share of the brand's replies given outside its own forums and accounts"
            ),
            "target": "",
            "value": fmt.percent(row.get("third_party_presence"), lang, 0),
            "delta": None,
            "tone": "neutral",
            "tone_words": "",
            "detail": w.ngettext(
                "it answered {share} of the {count} request there",
                "it answered {share} of the {count} requests there",
                third,
                share=fmt.percent(row.get("third_party_answered_share"), lang, 0),
            )
            if third
            else w._("no request there"),
        }
    )
    return out


def _care_row(care: pd.DataFrame, brand: str, month: str) -> dict[str, Any] | None:
    found = care[(care["brand"] == brand) & (care["month"] == month)]
    if found.empty:
        return None
    return {str(k): v for k, v in found.iloc[0].to_dict().items()}


def cards(
    observatory: Observatory,
    month: str,
    brands: Sequence[str],
    names: Mapping[str, str],
    w: Wording,
    min_requests: int,
) -> list[dict[str, Any]]:
    """One card per brand (in the order given): its care KPIs, or "no conversation observed"."""
    care = observatory.care
    previous = shift_month(month, -1)
    out = []
    for brand in brands:
        row = _care_row(care, brand, month)
        card: dict[str, Any] = {"brand": brand, "name": names.get(brand, brand)}
        if row is None:
            out.append({**card, "observed": False, "rows": [], "small_sample": False})
            continue
        n = int(row.get("n") or row.get("requests") or 0)
        prior = _care_row(care, brand, previous)
        before = int(prior.get("n") or prior.get("requests") or 0) if prior else None
        small = small_sample(n, before, min_requests)
        out.append(
            {
                **card,
                "observed": True,
                "n": n,
                "rows": kpi_rows(row, w, small=small),
                "small_sample": small,
                "small_sample_text": small_text(n, before, previous, min_requests, w)
                if small
                else "",
            }
        )
    return out


def table(cards: Sequence[Mapping[str, Any]], w: Wording) -> dict[str, Any] | None:
    """The cards as one table, a KPI per row and a brand per column (the laptop's view; the
    cards are the phone's). A label names the target when every brand has the same one,
    else each cell says its brand's. None when no brand was observed."""
    observed = [card for card in cards if card["observed"]]
    if not observed:
        return None
    rows = []
    for i, first in enumerate(observed[0]["rows"]):
        uniform = len({card["rows"][i]["label"] for card in observed}) == 1
        cells: list[dict[str, Any] | None] = []
        for card in cards:
            if not card["observed"]:
                cells.append(None)
                continue
            kpi = card["rows"][i]
            detail = kpi["detail"]
            if not uniform and kpi["target"]:
                detail = w._("target {delay}", delay=kpi["target"])
            cells.append({**kpi, "detail": detail})
        label = first["label"] if uniform else first["generic"]
        rows.append(
            {"key": first["key"], "label": label, "explain": first["explain"], "cells": cells}
        )
    return {"rows": rows, "span": len(rows)}


# -- quotes and helpers --------------------------------------------------------------------------


def _as_quotes(value: Any) -> list[Any]:
    if value is None or isinstance(value, float | str):
        return []
    return list(value)


def _per_brand(
    frame: pd.DataFrame, month: str, brands: Sequence[str]
) -> Iterator[tuple[str, pd.DataFrame]]:
    """(brand, its rows of the month) for the brands, in order, that have rows."""
    frame = frame[frame["month"] == month]
    for brand in brands:
        mine = frame[frame["brand"] == brand]
        if not mine.empty:
            yield brand, mine


def examples(
    observatory: Observatory, month: str, brands: Sequence[str], names: Mapping[str, str], lang: str
) -> list[dict[str, Any]]:
    """Per brand (in order): its fastest then slowest answer, the customer's post quoted and
    the brand's first reply after it."""
    w = Wording(lang)
    out = []
    for brand, mine in _per_brand(observatory.care_examples, month, brands):
        order = {FASTEST: 0, SLOWEST: 1}
        items = []
        for row in sorted(mine.to_dict("records"), key=lambda r: order.get(str(r["kind"]), 2)):
            quotes = _as_quotes(row["quotes"])
            if not quotes:
                continue
            kind = str(row["kind"])
            items.append(
                {
                    "kind": kind,
                    "label": w._(EXAMPLE_LABELS.get(kind, EXAMPLE_LABELS[FASTEST])),
                    "delay": w._(
                        "the brand replied after {delay}", delay=duration(row["hours"], lang)
                    ),
                    "customer": quotes[0],
                    "replies": quotes[1:2],
                }
            )
        if items:
            out.append({"brand": brand, "name": names.get(brand, brand), "answers": items})
    return out


def helpers(
    observatory: Observatory, month: str, brands: Sequence[str], names: Mapping[str, str], lang: str
) -> list[dict[str, Any]]:
    """Per brand (in order): the community's best helpers of the month, with their counts
    worded (`5 answers, 4 of them first, thanked 2 times`)."""
    w = Wording(lang)
    out = []
    for brand, mine in _per_brand(observatory.care_helpers, month, brands):
        people = []
        for row in mine.to_dict("records"):
            answers = int(row["answers"])
            first = int(row["first_answers"])
            thanked = int(row["thanked"])
            parts = [w.ngettext("{count} answer", "{count} answers", answers)]
            if first:
                parts.append(w.ngettext("{count} first answer", "{count} first answers", first))
            if thanked:
                parts.append(w.ngettext("thanked {count} time", "thanked {count} times", thanked))
            people.append(
                {
                    "display_name": str(row["author_display"]),
                    "answers": answers,
                    "first_answers": first,
                    "thanked": thanked,
                    "counts": ", ".join(parts),
                }
            )
        out.append({"brand": brand, "name": names.get(brand, brand), "people": people})
    return out


# -- the whole section ---------------------------------------------------------------------------


def section(
    observatory: Observatory,
    month: str,
    sectors: Iterable[tuple[Any, Sequence[str]]],
    names: Mapping[str, str],
    lang: str,
    min_requests: int,
    figures: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    """The report's care section: per sector (with its brands in configuration order) the
    cards, the response-time chart (`figures`: sector slug -> Figure), the quoted answers and
    the helpers. None when the observatory measured no care at all (older data)."""
    if observatory.care.empty:
        return None
    w = Wording(lang)
    blocks = []
    for sector, brands in sectors:
        shown = cards(observatory, month, brands, names, w, min_requests)
        blocks.append(
            {
                "sector": sector,
                "cards": shown,
                "table": table(shown, w),
                "figure": (figures or {}).get(sector.slug),
                "examples": examples(observatory, month, brands, names, lang),
                "helpers": helpers(observatory, month, brands, names, lang),
            }
        )
    observed = any(card["observed"] for block in blocks for card in block["cards"])
    small = any(card["small_sample"] for block in blocks for card in block["cards"])
    return {
        "blocks": blocks,
        "observed": observed,
        "small": small,
        "min_requests": min_requests,
        "previous": shift_month(month, -1),
    }


def report_section(
    config: Config, observatory: Observatory, month: str, lang: str
) -> dict[str, Any] | None:
    """`section` for a report page: the configuration's sectors and brands, their names, the
    configured sample size and a response-time chart per sector with requests this month."""
    names = {b.slug: b.name for b in config.brands}
    sectors = [(s, [b.slug for b in s.brands]) for s in config.sectors]
    delays = observatory.care_delays
    delays = delays[delays["month"] == month]
    figures = {}
    for sector, brands in sectors:
        mine = delays[(delays["sector"] == sector.slug) & delays["brand"].isin(brands)]
        if not mine.empty and float(mine["requests"].sum()) > 0:
            figures[sector.slug] = charts.care_delays(
                mine, names, brands, lang, fig_id=f"fig-{month}-{sector.slug}-care"
            )
    return section(observatory, month, sectors, names, lang, config.report.min_requests, figures)


def brand_section(
    observatory: Observatory,
    brand: str,
    latest: str,
    names: Mapping[str, str],
    lang: str,
    min_requests: int,
) -> dict[str, Any] | None:
    """The brand page's care: its KPIs over the last months and its helpers of the latest
    month; None when the observatory measured no care at all."""
    if observatory.care.empty:
        return None
    return {
        "history": history(observatory, brand, latest, lang, min_requests),
        "helpers": helpers(observatory, latest, [brand], names, lang),
        "months": HISTORY_MONTHS,
        "min_requests": min_requests,
        "latest": latest,
    }


def history(
    observatory: Observatory, brand: str, latest: str, lang: str, min_requests: int
) -> list[dict[str, Any]]:
    """The brand page's table: its care KPIs over the last HISTORY_MONTHS months (newest
    first), months without any counted conversation left out."""
    care = observatory.care
    months = [shift_month(latest, -i) for i in range(HISTORY_MONTHS)]
    mine = care[(care["brand"] == brand) & care["month"].isin(months)]
    out = []
    for row in sorted(mine.to_dict("records"), key=lambda r: str(r["month"]), reverse=True):
        n = int(row.get("n") or row.get("requests") or 0)
        out.append(
            {
                "month": str(row["month"]),
                "requests": fmt.number(n, lang),
                "small": n < min_requests,
                "brand_answered": fmt.percent(row.get("brand_answered_share"), lang, 0),
                "peers_first": fmt.percent(row.get("peers_first_share"), lang, 0),
                "unanswered": fmt.percent(row.get("unanswered_share"), lang, 0),
                "median": duration(row.get("reply_median_hours"), lang),
                "p90": duration(row.get("reply_p90_hours"), lang),
                "answered": fmt.percent(row.get("answered_share"), lang, 0),
                "answer_target": target(row.get("answer_hours"), lang),
            }
        )
    return out


def delay_shares(delays: pd.DataFrame, within: Iterable[str]) -> dict[str, float]:
    """Brand -> share of its requests in the given buckets (NaN-free: brands with requests)."""
    wanted = set(within)
    out = {}
    for brand, rows in delays.groupby("brand", sort=False):
        total = float(rows["requests"].sum())
        if total > 0:
            out[str(brand)] = float(rows[rows["bucket"].isin(wanted)]["requests"].sum()) / total
    return out
