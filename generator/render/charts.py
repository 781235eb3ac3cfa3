"""Charts drawn at build time: Altair specs -> static SVG through vl-convert.

Static SVG means no JavaScript, no CDN and charts that print; each chart comes with a title,
a one-sentence description and the numbers as a table (behind `<details>`), so a screen reader
or a reader on paper gets the same facts as the picture.

Every chart is drawn twice: a wide drawing for a laptop column and a narrow one for a phone
(fewer ticks, legends in columns), each sized so that its text renders at 11 px or more where
it is shown; the page switches between them with a CSS container query on the chart's own
width (see `Layout`). A brand has one colour on every chart (`Config.brand_colours`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc
from babel import Locale

from generator import atomic
from generator.french import de
from generator.records import Crisis
from generator.render import formatting as fmt
from generator.render.i18n import LOCALES, N_, Wording

SENTIMENT_COLOURS = {"positive": "#1a7f37", "neutral": "#8c959f", "negative": "#cf222e"}
INK = "#1f2328"  # text on the chart; charts sit on white (a light card in dark mode)
CRISIS_FILL = "#cf222e"
NO_OPINION = "#d0d7de"  # a day with mentions but no opinion, on the sentiment heat map
VEGA_VERSION = getattr(vlc, "__version__", "") + alt.SCHEMA_VERSION


@dataclass(frozen=True, slots=True)
class Layout:
    """One drawing of a chart: its width in SVG pixels, text size and axis density.

    The page shows the wide drawing in a chart column of at least `SWITCH_PX` pixels (scale
    >= SWITCH_PX / 640, so 12 px text renders >= 11 px) and the narrow one below (a 390 px
    phone gives the chart about 358 px: scale ~1.08). Keep SWITCH_PX equal to the container
    query in content/stylesheets/extra.css.
    """

    name: str
    width: int  # the whole SVG, axes and legend included (Vega-Lite autosize "fit")
    font: int  # every text: ticks, axis titles, legends, labels
    ticks: int  # quantitative axes
    day_step: int  # days between two labelled days on a daily axis
    legend_columns: int  # 0: as many as fit on one line
    label_limit: int  # longest category label (brand, theme) before an ellipsis
    month_angle: int  # month labels of the monthly trends


WIDE = Layout("wide", 640, 12, 6, 2, 0, 200, -40)
NARROW = Layout("narrow", 330, 12, 4, 5, 2, 110, -90)
LAYOUTS = (WIDE, NARROW)
SWITCH_PX = 600


@dataclass(frozen=True, slots=True)
class Figure:
    """One chart ready for the template: SVG markup plus its accessible text equivalents.

    `svg` is the wide drawing, `narrow` the phone one (empty: the wide one everywhere).
    """

    id: str
    title: str
    description: str
    svg: str
    columns: Sequence[str]
    rows: Sequence[Sequence[str]] = field(default_factory=list)
    narrow: str = ""


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
    "day": N_("Day"),
    "week": N_("Week of"),
    "opinions": N_("Opinions"),
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


def time_locale(lang: str) -> dict[str, Any]:
    """d3's time-format locale from Babel's CLDR data, so date axes read `août`, `12`."""
    locale = Locale.parse(LOCALES.get(lang, "fr_FR"))
    months = locale.months["format"]
    days = locale.days["format"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # Babel counts from Monday, d3 from Sunday
    return {
        "dateTime": "%x %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": [days["wide"][i] for i in sunday_first],
        "shortDays": [days["abbreviated"][i] for i in sunday_first],
        "months": [months["wide"][i] for i in range(1, 13)],
        "shortMonths": [months["abbreviated"][i] for i in range(1, 13)],
    }


TIME_LOCALES = {lang: time_locale(lang) for lang in LOCALES}
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


def _configured(chart: Any, layout: Layout) -> Any:
    """Text sizes, colours and legend layout of one drawing; aria off (the table speaks)."""
    legend: dict[str, Any] = {"orient": "bottom", "symbolSize": 80, "labelLimit": 240}
    if layout.legend_columns:
        legend["columns"] = layout.legend_columns
    text = {"labelFontSize": layout.font, "titleFontSize": layout.font}
    colours = {"labelColor": INK, "titleColor": INK}
    return (
        chart.configure(aria=False, font="sans-serif")
        .configure_view(stroke=None)
        .configure_axis(**text, **colours, labelLimit=layout.label_limit, titlePadding=8)
        .configure_legend(**text, **colours, **legend)
        .configure_text(fontSize=layout.font, color=INK)
    )


def to_svg(
    build: Callable[[Layout], Any],
    lang: str,
    *,
    key: tuple[Any, ...],
    fig_id: str,
    layout: Layout = WIDE,
) -> str:
    """Render one drawing of a chart to one-line SVG that scales and is announced as one image.

    `key` names the chart's inputs (its data and options); with the layout, this module's
    source and the library versions it addresses the cache, so a cached chart skips Altair
    entirely. Vega's per-mark ARIA is switched off (the table carries the numbers); the root
    `<svg>` gets role="img" and points at the figure's title (`<fig_id>-t`) and description
    (`<fig_id>-d`).
    """
    digest = hashlib.sha256(
        json.dumps([key, layout, VEGA_VERSION, _CODE_HASH], default=str).encode()
    ).hexdigest()
    cached = _cache_dir / f"{digest}.svg" if _cache_dir is not None else None
    if cached is not None and cached.exists():
        svg = cached.read_text(encoding="utf-8")
    else:
        spec = _configured(build(layout), layout).to_dict(validate=False)
        spec["width"] = layout.width
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
        spec["config"]["locale"] = {
            "number": NUMBER_LOCALES.get(lang, NUMBER_LOCALES["fr"]),
            "time": TIME_LOCALES.get(lang, TIME_LOCALES["fr"]),
        }
        svg = vlc.vegalite_to_svg(spec)
        svg = re.sub(r"\s+(width|height)=\"[\d.]+\"", "", svg, count=2)
        # Vega keeps group roles even with aria off; inside role="img" they are noise.
        svg = re.sub(r"\s(?:role|aria-[a-z]+)=\"[^\"]*\"", "", svg)
        if cached is not None:
            atomic.write_text(cached, svg)
    return svg.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{fig_id}-t" aria-describedby="{fig_id}-d" '
        f'class="obs-svg obs-svg--{layout.name}" preserveAspectRatio="xMinYMin meet" ',
        1,
    )


def _figure(
    build: Callable[[Layout], Any],
    lang: str,
    *,
    key: tuple[Any, ...],
    fig_id: str,
    title: str,
    description: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
) -> Figure:
    """Both drawings of a chart and its text equivalents."""
    wide, narrow = (to_svg(build, lang, key=key, fig_id=fig_id, layout=x) for x in LAYOUTS)
    return Figure(fig_id, title, description, wide, columns, rows, narrow)


def _base(frame: pd.DataFrame, height: int) -> alt.Chart:
    return alt.Chart(frame).properties(height=height)


def _brand_scale(
    slugs: Iterable[str], names: Mapping[str, str], colours: Mapping[str, str]
) -> alt.Scale:
    """Brand name -> the brand's colour, brands in configuration order."""
    ordered = [s for s in colours if s in set(slugs)]
    return alt.Scale(domain=[names[s] for s in ordered], range=[colours[s] for s in ordered])


def ink_on(colour: str) -> str:
    """White or dark text, whichever reads better on a fill (WCAG relative luminance)."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return INK if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


def volume_by_brand(
    current: pd.DataFrame,
    names: Mapping[str, str],
    lang: str,
    *,
    fig_id: str,
    colours: Mapping[str, str],
) -> Figure:
    """Horizontal bars: mentions per brand this month, largest first, in the brands' colours."""
    lab = labels(lang)
    data = pd.DataFrame(
        {"brand": [names[b] for b in current["brand"]], "value": current["mentions"].astype(float)}
    ).sort_values("value", ascending=False)
    scale = _brand_scale(current["brand"], names, colours)

    def build(layout: Layout) -> Any:  # altair is untyped: a TopLevelMixin
        bars = (
            _base(data, 28 * len(data) + 10)
            .mark_bar()
            .encode(
                y=alt.Y("brand:N", sort=list(data["brand"]), title=None),  # largest first
                x=alt.X(
                    "value:Q",
                    title=lab["mentions"],
                    axis=alt.Axis(format=",d", tickCount=layout.ticks),
                ),
                color=alt.Color("brand:N", scale=scale, legend=None),
            )
        )
        return bars + bars.mark_text(align="left", dx=4).encode(
            text=alt.Text("value:Q", format=",d"), color=alt.value(INK)
        )

    key = ("volume", data.to_json(orient="split"), dict(colours), lang)
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
    return _figure(
        build,
        lang,
        key=key,
        fig_id=fig_id,
        title=w._("Mentions by brand"),
        description=desc,
        columns=[lab["brand"], lab["mentions"]],
        rows=rows,
    )


def share_of_voice(
    current: pd.DataFrame,
    names: Mapping[str, str],
    lang: str,
    *,
    fig_id: str,
    colours: Mapping[str, str],
) -> Figure:
    """One stacked bar of 100 %: each brand's share of the sector's mentions."""
    lab = labels(lang)
    data = pd.DataFrame(
        {
            "brand": [names[b] for b in current["brand"]],
            "sov": current["sov"].astype(float),
            "ink": [ink_on(colours[b]) for b in current["brand"]],
        }
    ).sort_values("sov", ascending=False)
    data["label"] = [fmt.percent(v, lang, 0) for v in data["sov"]]
    scale = _brand_scale(current["brand"], names, colours)

    def build(layout: Layout) -> Any:  # altair is untyped: a TopLevelMixin
        bars = (
            _base(data, 60)
            .mark_bar()
            .encode(
                x=alt.X(
                    "sov:Q",
                    stack="zero",
                    title=lab["sov"],
                    axis=alt.Axis(format="%", tickCount=layout.ticks),
                    scale=alt.Scale(domain=[0, 1]),
                ),
                color=alt.Color("brand:N", title=lab["brand"], scale=scale),
                order=alt.Order("sov:Q", sort="descending"),
            )
        )
        # A label only where the slice is wide enough to hold it (the table has them all).
        least = 0.08 if layout is WIDE else 0.14
        text = (
            bars.mark_text(dx=-4, align="right", fontWeight="bold")
            .encode(text="label:N", color=alt.Color("ink:N", scale=None))
            .transform_filter(f"datum.sov >= {least}")
        )
        return bars + text

    key = ("sov", data.to_json(orient="split"), dict(colours), lang)
    rows = [[r.brand, fmt.percent(r.sov, lang)] for r in _rows(data)]
    w = Wording(lang)
    return _figure(
        build,
        lang,
        key=key,
        fig_id=fig_id,
        title=w._("Share of voice"),
        description=w._("How the sector's mentions split between the brands followed."),
        columns=[lab["brand"], lab["sov"]],
        rows=rows,
    )


def sentiment_split(
    current: pd.DataFrame, names: Mapping[str, str], lang: str, *, fig_id: str
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
    order = [names[b] for b in current["brand"]]

    def build(layout: Layout) -> Any:  # altair is untyped: a TopLevelMixin
        return (
            _base(data, 28 * len(current) + 10)
            .mark_bar()
            .encode(
                y=alt.Y("brand:N", title=None, sort=order),
                x=alt.X(
                    "share:Q",
                    stack="normalize",
                    title=lab["share"],
                    axis=alt.Axis(format="%", tickCount=layout.ticks),
                ),
                color=alt.Color(
                    "sentiment:N",
                    title=lab["sentiment"],
                    sort=[lab["positive"], lab["neutral"], lab["negative"]],
                    scale=alt.Scale(
                        domain=[lab["positive"], lab["neutral"], lab["negative"]],
                        range=list(SENTIMENT_COLOURS.values()),
                    ),
                    legend=alt.Legend(columns=3) if layout is NARROW else alt.Legend(),
                ),
                order=alt.Order("order:Q"),
            )
        )

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
    return _figure(
        build,
        lang,
        key=key,
        fig_id=fig_id,
        title=w._("Sentiment split"),
        description=w._(
            "Share of positive, neutral and negative mentions of each brand this month."
        ),
        columns=[lab["brand"], lab["positive"], lab["neutral"], lab["negative"]],
        rows=rows,
    )


def trend(
    history: pd.DataFrame,
    names: Mapping[str, str],
    lang: str,
    *,
    fig_id: str,
    colours: Mapping[str, str],
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
    scale_colours = _brand_scale(history["brand"], names, colours)

    def build(layout: Layout) -> Any:  # altair is untyped: a TopLevelMixin
        axis_format = {"net": "+.1f", "index": ".0f", "mentions": ",d"}[kind]
        scale = {"net": alt.Scale(domain=[-1, 1]), "index": alt.Scale(domain=[0, 100])}.get(
            kind, alt.Scale(zero=True)
        )
        multi = data["brand"].nunique() > 1
        return (
            _base(data, 220)
            .mark_line(point=True, strokeWidth=2)
            .encode(
                x=alt.X(
                    "month:N",
                    sort=[short[m] for m in months],
                    title=None,
                    axis=alt.Axis(labelAngle=layout.month_angle),
                ),
                y=alt.Y(
                    "value:Q",
                    title=y_title,
                    axis=alt.Axis(format=axis_format, tickCount=layout.ticks),
                    scale=scale,
                ),
                color=alt.Color(
                    "brand:N",
                    title=lab["brand"],
                    scale=scale_colours,
                    legend=alt.Legend() if multi else None,
                ),
                shape=alt.Shape("brand:N", legend=None) if multi else alt.Undefined,
            )
        )

    key = ("trend", data.to_json(orient="split"), dict(colours), lang, kind)

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
    first = fmt.month_label(months[0], lang)
    desc = w._(
        "Monthly {what} from {first} to {last}.",
        what=y_title.lower(),
        first=first,
        from_first=de(first, lang),
        last=fmt.month_label(months[-1], lang),
    )
    return _figure(
        build,
        lang,
        key=key,
        fig_id=fig_id,
        title=w._(titles[kind]),
        description=desc,
        columns=[lab["month"], *pivot.columns],
        rows=rows,
    )


def themes_chart(
    themes: pd.DataFrame,
    names: Mapping[str, str],
    theme_names: Mapping[str, str],
    lang: str,
    *,
    fig_id: str,
    colours: Mapping[str, str],
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
    scale = _brand_scale(themes["brand"], names, colours)

    def build(layout: Layout) -> Any:  # altair is untyped: a TopLevelMixin
        return (
            _base(data, 40 * max(1, data["theme"].nunique()))
            .mark_bar()
            .encode(
                y=alt.Y("theme:N", title=None),
                yOffset=alt.YOffset("brand:N", sort=scale.domain),
                x=alt.X(
                    "value:Q",
                    title=lab["mentions"],
                    axis=alt.Axis(format=",d", tickCount=layout.ticks),
                ),
                color=alt.Color("brand:N", title=lab["brand"], scale=scale),
            )
        )

    key = ("themes", data.to_json(orient="split"), dict(colours), lang)
    pivot = data.pivot_table(index="theme", columns="brand", values="value", aggfunc="sum")
    rows = [[t, *(fmt.number(v, lang) for v in pivot.loc[t])] for t in pivot.index]
    w = Wording(lang)
    return _figure(
        build,
        lang,
        key=key,
        fig_id=fig_id,
        title=w._("Conversation themes"),
        description=w._("Mentions of each theme by brand this month."),
        columns=[lab["theme"], *pivot.columns],
        rows=rows,
    )


# -- timelines -------------------------------------------------------------------------------


def _utc(day: date | pd.Timestamp, hours: float = 0) -> str:
    """A calendar day as an instant Vega reads the same whatever the machine's time zone
    (the scales are UTC: a day drawn is the site's local day, see aggregate/daily.py)."""
    moment = pd.Timestamp(day) + pd.Timedelta(hours=hours)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _crisis_band(
    crises: Sequence[Crisis],
    names: Mapping[str, str],
    first: date,
    last: date,
    lang: str,
    y_top: float | None = None,
) -> pd.DataFrame:
    """One row per crisis overlapping [first, last]: its shaded span (clipped) and label."""
    w = Wording(lang)
    rows = []
    for c in crises:
        start, end = max(c.start, first), min(c.end, last)
        if start > end:
            continue
        rows.append(
            {
                "x": _utc(start, -12),
                "x2": _utc(end, 12),
                "mid": _utc(start + (end - start) / 2, 0),
                "brand": names.get(c.brand, c.brand),
                "label": w._("Crisis: {brand}", brand=names.get(c.brand, c.brand)),
                "top": y_top,
            }
        )
    return pd.DataFrame(rows, columns=["x", "x2", "mid", "brand", "label", "top"])


def _peak_label(crisis: Crisis, lang: str) -> str:
    w = Wording(lang)
    return w.ngettext(
        "peak: {count} negative mention",
        "peak: {count} negative mentions",
        crisis.peak_negatives,
    )


def _crisis_sentence(crises: Sequence[Crisis], names: Mapping[str, str], lang: str) -> str:
    """What the shading shows, for the figure's description."""
    w = Wording(lang)
    return " ".join(
        w.ngettext(
            "Shaded: the crisis at {brand} {period}, peaking on {day} ({count} negative mention).",
            "Shaded: the crisis at {brand} {period}, peaking on {day} ({count} negative mentions).",
            c.peak_negatives,
            brand=names.get(c.brand, c.brand),
            period=fmt.day_range(c.start, c.end, lang),
            day=fmt.day_label(c.peak_day, lang),
        )
        for c in crises
    )


def _day_axis(layout: Layout, title: str) -> alt.Axis:
    return alt.Axis(
        format="%e",
        tickCount={"interval": "day", "step": layout.day_step},
        labelOverlap=True,
        grid=False,
        title=title,
    )


def daily_volume(
    days: pd.DataFrame,
    names: Mapping[str, str],
    lang: str,
    *,
    fig_id: str,
    colours: Mapping[str, str],
    crises: Sequence[Crisis] = (),
) -> Figure:
    """Mentions per day and brand over one month, each crisis shaded, its peak labelled.

    `days` is `Observatory.daily` for one sector and month; `crises` those overlapping it.
    """
    lab = labels(lang)
    w = Wording(lang)
    month = str(days["month"].iloc[0])
    first, last = days["day"].min().date(), days["day"].max().date()
    data = pd.DataFrame(
        {
            "day": [_utc(d) for d in days["day"]],
            "brand": [names[b] for b in days["brand"]],
            "value": days["mentions"].astype(float),
        }
    )
    scale = _brand_scale(days["brand"], names, colours)
    top = float(data["value"].max()) if len(data) else 0.0
    band = _crisis_band(crises, names, first, last, lang, y_top=top * 1.25 or 1.0)
    peaks = []
    for c in crises:
        if first <= c.peak_day <= last:
            on_peak = days[(days["brand"] == c.brand) & (days["day"].dt.date == c.peak_day)]
            value = float(on_peak["mentions"].iloc[0]) if len(on_peak) else 0.0
            position = (c.peak_day - first).days / max(1, (last - first).days)
            peaks.append(
                {
                    "day": _utc(c.peak_day),
                    "value": value,
                    "label": _peak_label(c, lang),
                    "right": position > 0.55,
                }
            )
    peak_frame = pd.DataFrame(peaks, columns=["day", "value", "label", "right"])
    x_title = fmt.month_label(month, lang)

    def build(layout: Layout) -> Any:  # altair is untyped: a TopLevelMixin
        x = alt.X("day:T", scale=alt.Scale(type="utc"), axis=_day_axis(layout, x_title))
        y_scale = alt.Scale(domain=[0, top * 1.25 or 1.0], nice=True)
        lines = (
            _base(data, 200)
            .mark_line(strokeWidth=2)
            .encode(
                x=x,
                y=alt.Y(
                    "value:Q",
                    title=lab["mentions"],
                    scale=y_scale,
                    axis=alt.Axis(format=",d", tickCount=layout.ticks),
                ),
                color=alt.Color("brand:N", title=lab["brand"], scale=scale),
            )
        )
        layers = []
        if not band.empty:
            shade = alt.Chart(band).mark_rect(color=CRISIS_FILL, opacity=0.12)
            layers.append(shade.encode(x=alt.X("x:T", scale=alt.Scale(type="utc")), x2="x2:T"))
            layers.append(
                alt.Chart(band)
                .mark_text(baseline="top", dy=2, fontWeight="bold", color="#a40e26")
                .encode(
                    x=alt.X("mid:T", scale=alt.Scale(type="utc")),
                    y=alt.Y("top:Q", scale=y_scale),
                    text="label:N",
                )
            )
        layers.append(lines)
        if not peak_frame.empty:
            for right, part in peak_frame.groupby("right"):
                layers.append(
                    alt.Chart(part)
                    .mark_text(
                        align="right" if right else "left",
                        dx=-10 if right else 10,
                        baseline="middle",
                    )
                    .encode(
                        x=alt.X("day:T", scale=alt.Scale(type="utc")),
                        y=alt.Y("value:Q", scale=y_scale),
                        text="label:N",
                    )
                )
            layers.append(
                alt.Chart(peak_frame)
                .mark_point(filled=False, size=90, strokeWidth=2, color=INK)
                .encode(
                    x=alt.X("day:T", scale=alt.Scale(type="utc")),
                    y=alt.Y("value:Q", scale=y_scale),
                )
            )
        return alt.layer(*layers).properties(height=200)

    key = (
        "daily-volume",
        data.to_json(orient="split"),
        band.to_json(orient="split"),
        peak_frame.to_json(orient="split"),
        dict(colours),
        lang,
    )
    pivot = data.pivot_table(index="day", columns="brand", values="value", sort=False)
    pivot = pivot[[b for b in scale.domain if b in pivot.columns]]
    rows = [
        [fmt.day_month(pd.Timestamp(d).date(), lang), *(fmt.number(v, lang) for v in pivot.loc[d])]
        for d in pivot.index
    ]
    busiest = days.sort_values("mentions", ascending=False, kind="stable").iloc[0]
    desc = w._("Mentions per day of each brand, {month}.", month=x_title)
    if busiest["mentions"] > 0:
        desc += " " + w.ngettext(
            "The busiest day: {brand} on {day} ({count} mention).",
            "The busiest day: {brand} on {day} ({count} mentions).",
            int(busiest["mentions"]),
            brand=names[str(busiest["brand"])],
            day=fmt.day_month(pd.Timestamp(busiest["day"]).date(), lang),
        )
    if crises:
        desc += " " + _crisis_sentence(crises, names, lang)
    return _figure(
        build,
        lang,
        key=key,
        fig_id=fig_id,
        title=w._("Mentions per day"),
        description=desc,
        columns=[lab["day"], *pivot.columns],
        rows=rows,
    )


def daily_sentiment(
    days: pd.DataFrame,
    names: Mapping[str, str],
    lang: str,
    *,
    fig_id: str,
    crises: Sequence[Crisis] = (),
) -> Figure:
    """A heat map, brands x days: net sentiment from red (-1) to blue (+1); grey, mentions
    without an opinion; blank, no mention. A crisis is outlined on its brand's row."""
    lab = labels(lang)
    w = Wording(lang)
    month = str(days["month"].iloc[0])
    first, last = days["day"].min().date(), days["day"].max().date()
    order = list(dict.fromkeys(names[b] for b in days["brand"]))
    data = pd.DataFrame(
        {
            "x": [_utc(d, -12) for d in days["day"]],
            "x2": [_utc(d, 12) for d in days["day"]],
            "brand": [names[b] for b in days["brand"]],
            "net": days["net_sentiment"].astype(float),
            "mentions": days["mentions"].astype(int),
        }
    )
    opinions = data[data["net"].notna()]
    quiet = data[data["net"].isna() & (data["mentions"] > 0)]
    band = _crisis_band(crises, names, first, last, lang)
    x_title = fmt.month_label(month, lang)

    def build(layout: Layout) -> Any:  # altair is untyped: a TopLevelMixin
        x = alt.X("x:T", scale=alt.Scale(type="utc", domain=[_utc(first, -12), _utc(last, 12)]))
        y = alt.Y("brand:N", sort=order, title=None)
        base = (
            alt.Chart(data)
            .mark_rect(opacity=0)
            .encode(
                x=alt.X(
                    "x:T",
                    scale=alt.Scale(type="utc", domain=[_utc(first, -12), _utc(last, 12)]),
                    axis=_day_axis(layout, x_title),
                ),
                x2="x2:T",
                y=y,
            )
        )
        layers = [base]
        if not quiet.empty:
            layers.append(alt.Chart(quiet).mark_rect(color=NO_OPINION).encode(x=x, x2="x2:T", y=y))
        layers.append(
            alt.Chart(opinions)
            .mark_rect(stroke="white", strokeWidth=0.5)
            .encode(
                x=x,
                x2="x2:T",
                y=y,
                color=alt.Color(
                    "net:Q",
                    title=lab["net"],
                    scale=alt.Scale(scheme="redblue", domain=[-1, 1]),
                    legend=alt.Legend(
                        format="+.0f",
                        values=[-1, 0, 1],
                        labelExpr="datum.value === 0 ? '0' : datum.label",
                        gradientLength=160 if layout is NARROW else 220,
                    ),
                ),
            )
        )
        if not band.empty:
            layers.append(
                alt.Chart(band)
                .mark_rect(fill=None, stroke=INK, strokeWidth=2)
                .encode(
                    x=alt.X("x:T", scale=alt.Scale(type="utc")),
                    x2="x2:T",
                    y=alt.Y("brand:N", sort=order),
                )
            )
        return alt.layer(*layers).properties(height=26 * len(order) + 4)

    key = (
        "daily-sentiment",
        data.to_json(orient="split"),
        band.to_json(orient="split"),
        lang,
    )
    pivot = data.pivot_table(index="x", columns="brand", values="net", sort=False, dropna=False)
    pivot = pivot.reindex(columns=order)
    rows = [
        [
            fmt.day_month((pd.Timestamp(x) + pd.Timedelta(hours=12)).date(), lang),
            *(fmt.signed(v, lang) for v in pivot.loc[x]),
        ]
        for x in pivot.index
    ]
    desc = w._(
        "Net sentiment per day and brand, {month}: from red (−1, only negative opinions) to "
        "blue (+1, only positive ones); grey, mentions without an opinion; blank, no mention.",
        month=x_title,
    )
    if crises:
        desc += " " + w._("Outlined: the days of the crisis.")
    return _figure(
        build,
        lang,
        key=key,
        fig_id=fig_id,
        title=w._("Net sentiment per day"),
        description=desc,
        columns=[lab["day"], *order],
        rows=rows,
    )


def weekly(
    weeks: pd.DataFrame,
    name: str,
    colour: str,
    lang: str,
    *,
    fig_id: str,
    crises: Sequence[Crisis] = (),
    kind: str = "mentions",
) -> Figure:
    """One brand over every observed ISO week: mentions (bars) or net sentiment (points sized
    by the number of opinions, so a week of one opinion does not look like a verdict).

    `weeks` is `Observatory.weekly` for the brand. The weeks of a crisis are shaded.
    """
    lab = labels(lang)
    w = Wording(lang)
    starts = [pd.Timestamp(s).date() for s in weeks["week_start"]]
    # The first and last weeks may be partial: the period is the days actually observed.
    first = starts[0] + timedelta(days=7 - int(weeks["days"].iloc[0]))
    last = starts[-1] + timedelta(days=int(weeks["days"].iloc[-1]) - 1)
    net = kind != "mentions"
    data = pd.DataFrame(
        {
            "x": [_utc(s, 12) for s in starts],
            "x2": [_utc(s + timedelta(days=7), -12) for s in starts],
            "mid": [_utc(s + timedelta(days=3), 12) for s in starts],
            "value": weeks["net_sentiment" if net else "mentions"].astype(float),
            "opinions": (weeks["positive"] + weeks["negative"]).astype(int),
        }
    )
    spans = [  # whole ISO weeks, from the Monday of the first to the Monday after the last
        (c.start - timedelta(days=c.start.weekday()), c.end + timedelta(days=7 - c.end.weekday()))
        for c in crises
    ]
    band = pd.DataFrame(
        [
            {"x": _utc(a), "x2": _utc(b), "mid": _utc(a + (b - a) / 2), "label": w._("Crisis")}
            for a, b in spans
        ],
        columns=["x", "x2", "mid", "label"],
    )
    most = int(data["opinions"].max())
    size_steps = sorted({1, max(1, round(most / 2)), max(1, most)})
    domain = [_utc(starts[0]), _utc(starts[-1] + timedelta(days=7))]
    scale = alt.Scale(type="utc", domain=domain)

    def build(layout: Layout) -> Any:  # altair is untyped: a TopLevelMixin
        x_axis = alt.Axis(
            format="%b" if layout is NARROW else "%b %Y",
            tickCount={"interval": "month", "step": 1},
            labelOverlap=True,
            grid=False,
            title=None,
        )
        layers = []
        if not band.empty:
            shade = alt.Chart(band).encode(x=alt.X("x:T", scale=scale, axis=x_axis), x2="x2:T")
            layers.append(shade.mark_rect(color=CRISIS_FILL, opacity=0.15))
            layers.append(
                shade.mark_text(
                    baseline="bottom", dy=-2, fontWeight="bold", color="#a40e26"
                ).encode(x=alt.X("mid:T", scale=scale), y=alt.value(0), text="label:N")
            )
        if not net:
            layers.append(
                alt.Chart(data)
                .mark_rect(color=colour)
                .encode(
                    x=alt.X("x:T", scale=scale, axis=x_axis),
                    x2="x2:T",
                    y=alt.Y(
                        "value:Q",
                        title=lab["mentions"],
                        axis=alt.Axis(format=",d", tickCount=layout.ticks),
                    ),
                )
            )
        else:
            y = alt.Y(
                "value:Q",
                title=lab["net"],
                scale=alt.Scale(domain=[-1, 1]),
                axis=alt.Axis(format="+.1f", tickCount=layout.ticks),
            )
            points = alt.Chart(data).encode(x=alt.X("mid:T", scale=scale, axis=x_axis), y=y)
            layers.append(points.mark_line(color=colour, strokeWidth=1, opacity=0.5))
            layers.append(
                points.mark_circle(color=colour, opacity=0.9).encode(
                    size=alt.Size(
                        "opinions:Q",
                        title=lab["opinions"],
                        scale=alt.Scale(range=[12, 260], zero=True),
                        legend=alt.Legend(values=size_steps),
                    )
                )
            )
        return alt.layer(*layers).properties(height=180)

    key = ("weekly", kind, data.to_json(orient="split"), band.to_json(orient="split"), colour, lang)
    period = fmt.day_range(first, last, lang)
    if not net:
        title = w._("Mentions per week")
        desc = w._(
            "Mentions of {brand} per week (Monday to Sunday), {period}.",
            brand=name,
            of_brand=de(name, lang),
            period=period,
        )
        columns = [lab["week"], lab["mentions"]]
        rows = [
            [fmt.day_label(s, lang), fmt.number(v, lang)]
            for s, v in zip(starts, data["value"], strict=True)
        ]
    else:
        title = w._("Net sentiment per week")
        desc = w._(
            "Net sentiment of {brand} per week (Monday to Sunday), from −1 to +1, {period}; "
            "the larger the point, the more opinions; no point for a week without one.",
            brand=name,
            of_brand=de(name, lang),
            period=period,
        )
        columns = [lab["week"], lab["net"], lab["opinions"]]
        rows = [
            [fmt.day_label(s, lang), fmt.signed(v, lang), fmt.number(n, lang)]
            for s, v, n in zip(starts, data["value"], data["opinions"], strict=True)
        ]
    if crises:
        desc += " " + _crisis_sentence(crises, {c.brand: name for c in crises}, lang)
    return _figure(
        build,
        lang,
        key=key,
        fig_id=fig_id,
        title=title,
        description=desc,
        columns=columns,
        rows=rows,
    )


# -- customer care -----------------------------------------------------------------------------

# Time to the brand's first reply, fast (dark blue) to slow (dark orange); no reply is grey.
DELAY_COLOURS = ("#08519c", "#3182bd", "#9ecae1", "#fdd0a2", "#f16913", "#a63603")
NO_REPLY_COLOUR = "#8c959f"


def care_delays(
    delays: pd.DataFrame,
    names: Mapping[str, str],
    order: Sequence[str],
    lang: str,
    *,
    fig_id: str,
) -> Figure:
    """A stacked horizontal bar per brand: the month's requests by time to the brand's first
    reply (aggregate/care.py DELAY_BUCKETS), then those it never replied to; brands in
    configuration order (`order`), each bar's total at its end.

    `delays` is `Observatory.care_delays` for one sector and month."""
    from generator.render.care import BUCKET_LABELS, BUCKET_ORDER, target

    w = Wording(lang)
    lab = labels(lang)
    bucket_words = [w._(BUCKET_LABELS[b]) for b in BUCKET_ORDER]
    brands = [b for b in order if b in set(delays["brand"])]
    data = pd.DataFrame(
        {
            "brand": [names[b] for b in delays["brand"]],
            "bucket": [w._(BUCKET_LABELS[str(b)]) for b in delays["bucket"]],
            "order": [BUCKET_ORDER.index(str(b)) for b in delays["bucket"]],
            "value": delays["requests"].astype(float),
        }
    )
    data = data.sort_values(["brand", "order"]).reset_index(drop=True)
    totals = data.groupby("brand", sort=False)["value"].sum()
    total_frame = pd.DataFrame(
        {
            "brand": list(totals.index),
            "value": totals.to_numpy(dtype=float),
            "label": [fmt.number(v, lang) for v in totals],
        }
    )
    brand_names = [names[b] for b in brands]
    title = w._("Time to the brand's first reply")

    def build(layout: Layout) -> Any:  # altair is untyped: a TopLevelMixin
        y = alt.Y("brand:N", title=None, sort=brand_names)
        bars = (
            _base(data, 30 * len(brand_names) + 10)
            .mark_bar()
            .encode(
                y=y,
                x=alt.X(
                    "value:Q",
                    stack="zero",
                    title=w._("Requests"),
                    axis=alt.Axis(format=",d", tickCount=layout.ticks, tickMinStep=1),
                ),
                color=alt.Color(
                    "bucket:N",
                    title=None,  # the figure's title says what the colours are
                    sort=bucket_words,
                    scale=alt.Scale(domain=bucket_words, range=[*DELAY_COLOURS, NO_REPLY_COLOUR]),
                    # One column on a phone, two on a laptop: the longest bucket ("no reply
                    # from the brand") never runs past the drawing.
                    legend=alt.Legend(columns=1 if layout is NARROW else 2),
                ),
                order=alt.Order("order:Q"),
            )
        )
        ends = (
            alt.Chart(total_frame)
            .mark_text(align="left", dx=4, color=INK)
            .encode(y=y, x=alt.X("value:Q"), text="label:N")
        )
        return alt.layer(bars, ends).properties(height=30 * len(brand_names) + 10)

    key = ("care-delays", data.to_json(orient="split"), lang)
    pivot = data.pivot_table(index="brand", columns="bucket", values="value", aggfunc="sum")
    pivot = pivot.reindex(index=brand_names, columns=bucket_words).fillna(0)
    counts = pivot.to_numpy(dtype=float).tolist()
    rows = [
        [brand, *(fmt.number(v, lang) for v in values), fmt.number(sum(values), lang)]
        for brand, values in zip(brand_names, counts, strict=True)
    ]
    quick = set(BUCKET_ORDER[:3])  # within 24 h
    within = []
    for brand in brands:
        mine = delays[delays["brand"] == brand]
        total = float(mine["requests"].sum())
        if total > 0:
            share = float(mine[mine["bucket"].isin(quick)]["requests"].sum()) / total
            within.append(f"{names[brand]} {fmt.percent(share, lang, 0)}")
    desc = w._(
        "Requests to each brand by the time its first reply took; grey: the brand never replied."
    )
    if within:
        desc += " " + w._(
            "Answered within {hours}: {brands}.",
            hours=target(24.0, lang),
            brands=fmt.names_list(within, lang),
        )
    return _figure(
        build,
        lang,
        key=key,
        fig_id=fig_id,
        title=title,
        description=desc,
        columns=[lab["brand"], *bucket_words, w._("Requests")],
        rows=rows,
    )
