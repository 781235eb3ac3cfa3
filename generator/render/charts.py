"""Charts drawn at build time: Altair specs -> static SVG through vl-convert.

Static SVG means no JavaScript, no CDN and charts that print; each chart comes with a title,
a one-sentence description and the numbers as a table (behind `<details>`), so a screen reader
or a reader on paper gets the same facts as the picture.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc

from generator import atomic
from generator.french import de
from generator.render import formatting as fmt
from generator.render.i18n import N_, Wording

SENTIMENT_COLOURS = {"positive": "#1a7f37", "neutral": "#8c959f", "negative": "#cf222e"}
# Colour-blind-safe categorical palette (Okabe-Ito), dark enough on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
VEGA_VERSION = getattr(vlc, "__version__", "") + alt.SCHEMA_VERSION
WIDTH = 560


@dataclass(frozen=True, slots=True)
class Figure:
    """One chart ready for the template: SVG markup plus its accessible text equivalents."""

    id: str
    title: str
    description: str
    svg: str
    columns: Sequence[str]
    rows: Sequence[Sequence[str]] = field(default_factory=list)


_LABELS = {
    "brand": N_("Brand"),
    "mentions": N_("Mentions"),
    "sov": N_("Share of voice"),
    "sentiment": N_("Sentiment"),
    "share": N_("Share"),
    "month": N_("Month"),
    "net": N_("Net sentiment"),
    "theme": N_("Theme"),
    "index": N_("Reputation index"),
    "positive": N_("Positive"),
    "neutral": N_("Neutral"),
    "negative": N_("Negative"),
}


def labels(lang: str) -> dict[str, str]:
    """The charts' axis and legend labels in the site's language."""
    w = Wording(lang)
    return {key: w._(message) for key, message in _LABELS.items()}


# Vega number locales, set in the spec's config (much cheaper than vl-convert's
# format_locale argument, which reloads the locale on every call).
NUMBER_LOCALES = {
    "fr": {
        "decimal": ",",
        "thousands": "\u202f",
        "grouping": [3],
        "currency": ["", "\u00a0€"],
        "percent": "\u202f%",
        "minus": "−",
    },
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["£", ""], "minus": "−"},
}
_cache_dir: Path | None = None
_CODE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def use_cache(directory: Path | None) -> None:
    """Keep rendered SVGs keyed by spec hash: past months' charts never change, so a
    rebuild only draws the new ones."""
    global _cache_dir
    _cache_dir = directory
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)


def _rows(frame: pd.DataFrame) -> Iterable[Any]:
    """A frame's rows as named tuples (pandas types their cells as any scalar)."""
    return frame.itertuples()


def to_svg(build: Callable[[], Any], lang: str, *, key: tuple[Any, ...], fig_id: str) -> str:
    """Render a chart to one-line SVG that scales and is announced as one image.

    `key` names the chart's inputs (its data and options); with this module's source and the
    library versions it addresses the cache, so a cached chart skips Altair entirely.
    Vega's per-mark ARIA is switched off (the table carries the numbers); the root `<svg>`
    gets role="img" and points at the figure's title (`<fig_id>-t`) and description
    (`<fig_id>-d`).
    """
    digest = hashlib.sha256(
        json.dumps([key, VEGA_VERSION, _CODE_HASH], default=str).encode()
    ).hexdigest()
    cached = _cache_dir / f"{digest}.svg" if _cache_dir is not None else None
    if cached is not None and cached.exists():
        svg = cached.read_text(encoding="utf-8")
    else:
        spec = (
            build()
            .configure(aria=False, font="sans-serif")
            .configure_view(stroke=None)
            .to_dict(validate=False)
        )
        spec["config"]["locale"] = {"number": NUMBER_LOCALES.get(lang, NUMBER_LOCALES["fr"])}
        svg = vlc.vegalite_to_svg(spec)
        svg = re.sub(r"\s+(width|height)=\"[\d.]+\"", "", svg, count=2)
        # Vega keeps group roles even with aria off; inside role="img" they are noise.
        svg = re.sub(r"\s(?:role|aria-[a-z]+)=\"[^\"]*\"", "", svg)
        if cached is not None:
            atomic.write_text(cached, svg)
    return svg.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{fig_id}-t" aria-describedby="{fig_id}-d" '
        'preserveAspectRatio="xMinYMin meet" ',
        1,
    )


def _base(frame: pd.DataFrame, height: int) -> alt.Chart:
    return alt.Chart(frame).properties(width=WIDTH, height=height)


def volume_by_brand(
    current: pd.DataFrame, names: dict[str, str], lang: str, *, fig_id: str
) -> Figure:
    """Horizontal bars: mentions per brand this month, largest first."""
    lab = labels(lang)
    data = pd.DataFrame(
        {"brand": [names[b] for b in current["brand"]], "value": current["mentions"].astype(float)}
    ).sort_values("value", ascending=False)

    def build() -> Any:  # altair is untyped: a TopLevelMixin
        chart = (
            _base(data, 28 * len(data) + 10)
            .mark_bar(color=PALETTE[0])
            .encode(
                y=alt.Y("brand:N", sort="-x", title=None),
                x=alt.X("value:Q", title=lab["mentions"], axis=alt.Axis(format=",d")),
            )
        )
        chart = chart + chart.mark_text(align="left", dx=4, color="#1f2328").encode(
            text=alt.Text("value:Q", format=",d")
        )
        return chart

    key = ("volume", data.to_json(orient="split"), lang)
    top = data.iloc[0] if len(data) else None
    w = Wording(lang)
    desc = (
        w._(
            "{brand} is the most mentioned brand ({mentions} mentions).",
            brand=top["brand"],
            mentions=fmt.number(top["value"], lang),
        )
        if top is not None
        else ""
    )
    rows = [[r.brand, fmt.number(r.value, lang)] for r in _rows(data)]
    title = w._("Mentions by brand")
    return Figure(
        fig_id,
        title,
        desc,
        to_svg(build, lang, key=key, fig_id=fig_id),
        [lab["brand"], lab["mentions"]],
        rows,
    )


def share_of_voice(
    current: pd.DataFrame, names: dict[str, str], lang: str, *, fig_id: str
) -> Figure:
    """One stacked bar of 100 %: each brand's share of the sector's mentions."""
    lab = labels(lang)
    data = pd.DataFrame(
        {"brand": [names[b] for b in current["brand"]], "sov": current["sov"].astype(float)}
    ).sort_values("sov", ascending=False)
    data["label"] = [fmt.percent(v, lang) for v in data["sov"]]

    def build() -> Any:  # altair is untyped: a TopLevelMixin
        bars = (
            _base(data, 60)
            .mark_bar()
            .encode(
                x=alt.X(
                    "sov:Q",
                    stack="zero",
                    title=lab["sov"],
                    axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=[0, 1]),
                ),
                color=alt.Color(
                    "brand:N",
                    title=lab["brand"],
                    scale=alt.Scale(range=PALETTE),
                    legend=alt.Legend(orient="bottom"),
                ),
                order=alt.Order("sov:Q", sort="descending"),
            )
        )
        text = (
            bars.mark_text(dx=-4, align="right", color="white", fontWeight="bold")
            .encode(text="label:N")
            .transform_filter("datum.sov >= 0.08")
        )
        return bars + text

    key = ("sov", data.to_json(orient="split"), lang)
    rows = [[r.brand, r.label] for r in _rows(data)]
    w = Wording(lang)
    desc = w._("How the sector's mentions split between the brands followed.")
    title = w._("Share of voice")
    return Figure(
        fig_id,
        title,
        desc,
        to_svg(build, lang, key=key, fig_id=fig_id),
        [lab["brand"], lab["sov"]],
        rows,
    )


def sentiment_split(
    current: pd.DataFrame, names: dict[str, str], lang: str, *, fig_id: str
) -> Figure:
    """Stacked 100 % bars per brand: positive, neutral, negative shares."""
    lab = labels(lang)
    long = []
    for r in _rows(current):
        for sentiment in ("positive", "neutral", "negative"):
            long.append(
                {
                    "brand": names[r.brand],
                    "sentiment": lab[sentiment],
                    "order": ["positive", "neutral", "negative"].index(sentiment),
                    "share": float(getattr(r, sentiment[:3] + "_share")),
                }
            )
    data = pd.DataFrame(long)

    def build() -> Any:  # altair is untyped: a TopLevelMixin
        chart = (
            _base(data, 28 * len(current) + 10)
            .mark_bar()
            .encode(
                y=alt.Y("brand:N", title=None),
                x=alt.X(
                    "share:Q", stack="normalize", title=lab["share"], axis=alt.Axis(format="%")
                ),
                color=alt.Color(
                    "sentiment:N",
                    title=lab["sentiment"],
                    sort=[lab["positive"], lab["neutral"], lab["negative"]],
                    scale=alt.Scale(
                        domain=[lab["positive"], lab["neutral"], lab["negative"]],
                        range=list(SENTIMENT_COLOURS.values()),
                    ),
                    legend=alt.Legend(orient="bottom"),
                ),
                order=alt.Order("order:Q"),
            )
        )
        return chart

    key = ("sentiment", data.to_json(orient="split"), lang)
    rows = [
        [
            names[r.brand],
            fmt.percent(r.pos_share, lang),
            fmt.percent(r.neu_share, lang),
            fmt.percent(r.neg_share, lang),
        ]
        for r in _rows(current)
    ]
    w = Wording(lang)
    desc = w._("Share of positive, neutral and negative mentions of each brand this month.")
    title = w._("Sentiment split")
    return Figure(
        fig_id,
        title,
        desc,
        to_svg(build, lang, key=key, fig_id=fig_id),
        [lab["brand"], lab["positive"], lab["neutral"], lab["negative"]],
        rows,
    )


def trend(
    history: pd.DataFrame,
    names: dict[str, str],
    lang: str,
    *,
    fig_id: str,
    metric: str = "net_sentiment",
    kind: str = "net",
) -> Figure:
    """Lines per brand over months (net sentiment, reputation index or mentions)."""
    lab = labels(lang)
    months = sorted(history["month"].unique())
    short = {m: fmt.month_short(m, lang) for m in months}
    data = pd.DataFrame(
        {
            "brand": [names[b] for b in history["brand"]],
            "month": [short[m] for m in history["month"]],
            "value": history[metric].astype(float),
        }
    )
    y_title = {"net": lab["net"], "index": lab["index"], "mentions": lab["mentions"]}[kind]

    def build() -> Any:  # altair is untyped: a TopLevelMixin
        axis_format = {"net": "+.1f", "index": ".0f", "mentions": ",d"}[kind]
        scale = {"net": alt.Scale(domain=[-1, 1]), "index": alt.Scale(domain=[0, 100])}.get(
            kind, alt.Scale(zero=True)
        )
        multi = data["brand"].nunique() > 1
        chart = (
            _base(data, 220)
            .mark_line(point=True, strokeWidth=2)
            .encode(
                x=alt.X(
                    "month:N",
                    sort=[short[m] for m in months],
                    title=None,
                    axis=alt.Axis(labelAngle=-40),
                ),
                y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=axis_format), scale=scale),
                color=alt.Color(
                    "brand:N",
                    title=lab["brand"],
                    scale=alt.Scale(range=PALETTE),
                    legend=alt.Legend(orient="bottom") if multi else None,
                ),
                shape=alt.Shape("brand:N", legend=None) if multi else alt.Undefined,
            )
        )
        return chart

    key = ("trend", data.to_json(orient="split"), lang, kind)

    def cell(v: float) -> str:
        if kind == "net":
            return fmt.number(v, lang, 2)
        return fmt.number(v, lang, 0 if kind == "mentions" else 1)

    pivot = data.pivot_table(index="month", columns="brand", values="value", sort=False)
    pivot = pivot.reindex([short[m] for m in months])
    rows = [[month, *(cell(v) for v in pivot.loc[month])] for month in pivot.index]
    w = Wording(lang)
    titles = {
        "net": N_("Net sentiment over 12 months"),
        "index": N_("Reputation index"),
        "mentions": N_("Mentions per month"),
    }
    title = w._(titles[kind])
    first = fmt.month_label(months[0], lang)
    desc = w._(
        "Monthly {what} from {first} to {last}.",
        what=y_title.lower(),
        first=first,
        from_first=de(first, lang),
        last=fmt.month_label(months[-1], lang),
    )
    return Figure(
        fig_id,
        title,
        desc,
        to_svg(build, lang, key=key, fig_id=fig_id),
        [lab["month"], *pivot.columns],
        rows,
    )


def themes_chart(
    themes: pd.DataFrame,
    names: dict[str, str],
    theme_names: dict[str, str],
    lang: str,
    *,
    fig_id: str,
) -> Figure:
    """Grouped bars: mentions per theme and brand this month."""
    lab = labels(lang)
    data = pd.DataFrame(
        {
            "theme": [theme_names.get(t, t) for t in themes["theme"]],
            "brand": [names[b] for b in themes["brand"]],
            "value": themes["mentions"].astype(float),
        }
    )

    def build() -> Any:  # altair is untyped: a TopLevelMixin
        chart = (
            _base(data, 40 * max(1, data["theme"].nunique()))
            .mark_bar()
            .encode(
                y=alt.Y("theme:N", title=None),
                yOffset=alt.YOffset("brand:N"),
                x=alt.X("value:Q", title=lab["mentions"], axis=alt.Axis(format=",d")),
                color=alt.Color(
                    "brand:N",
                    title=lab["brand"],
                    scale=alt.Scale(range=PALETTE),
                    legend=alt.Legend(orient="bottom"),
                ),
            )
        )
        return chart

    key = ("themes", data.to_json(orient="split"), lang)
    pivot = data.pivot_table(index="theme", columns="brand", values="value", aggfunc="sum")
    rows = [[t, *(fmt.number(v, lang) for v in pivot.loc[t])] for t in pivot.index]
    w = Wording(lang)
    desc = w._("Mentions of each theme by brand this month.")
    title = w._("Conversation themes")
    return Figure(
        fig_id,
        title,
        desc,
        to_svg(build, lang, key=key, fig_id=fig_id),
        [lab["theme"], *pivot.columns],
        rows,
    )
