"""The monthly report as an e-mail: subject, HTML and plain-text bodies, charts as PNG.

Executives read the report in their mailbox first, so the e-mail carries what the web page
opens with (headline, crisis, KPIs, what to do, what changed, the brand comparison) and links
to the public site for the rest. Mail clients strip `<style>`, scripts and remote images, so
the HTML uses layout tables and inline styles only, and the charts travel inside the message
as PNG parts referenced by `cid:`. The plain-text part says the same things in the same words.
Building the message and sending it are I/O (generator/mail.py); this module only renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import vl_convert as vlc

from generator.aggregate import Observatory
from generator.config import Config
from generator.records import Crisis
from generator.render import charts, kpis, timelines
from generator.render import formatting as fmt
from generator.render.i18n import N_, Wording
from generator.render.pages import TEXT, make_env, page_url, report_url
from generator.render.placeholder_words import observatory_in_words
from generator.render.summary import build_summary

TEMPLATE = "email_report.html"
PNG_SCALE = 2  # drawn at twice the displayed width: sharp on high-density screens
CHART_WIDTH = 560  # displayed width in the 600-pixel mail column

WORDS = {
    "subject": N_("[Observatoire] Monthly report — {month}"),
    "read_online": N_("Read the full report"),
    "kpis": N_("Key figures, {month}"),
    "change_against": N_("Change against %(month)s."),
    "first_month": N_("First month observed: no comparison."),
    "crisis_title": N_("Crisis: %(brand)s"),
    "what_to_do": N_("What to do"),
    "what_changed": N_("What changed, and why"),
    "compared": N_("Brands compared, %(month)s"),
    "brand": N_("Brand"),
    "sector_average": N_("Sector average"),
    "rank_note": N_("#1 is the best rank in the column."),
    "charts": N_("Charts"),
    "data": N_("Data of the month (CSV, JSON, Excel)"),
    "methodology": N_("Full methodology"),
    "why": N_("You receive this report because your address is on the observatory's list."),
}


@dataclass(frozen=True, slots=True)
class Chart:
    """One chart as a PNG part of the message; `cid` is its Content-ID without brackets."""

    cid: str
    title: str
    description: str
    png: bytes
    width: int  # displayed width in CSS pixels
    height: int


@dataclass(frozen=True, slots=True)
class EmailReport:
    subject: str
    html: str
    text: str
    url: str  # the report on the public site
    charts: list[Chart] = field(default_factory=list)


def subject(crises: list[Crisis], names: dict[str, str], month: str, w: Wording) -> str:
    """A crisis is said first: it is why the reader should open this e-mail now."""
    label = fmt.month_label(month, w.lang)
    if not crises:
        return w._(WORDS["subject"], month=label)
    brands = list(dict.fromkeys(names.get(c.brand, c.brand) for c in crises))
    return w.ngettext(
        "Crisis at {brands} — Monthly report {month}",
        "Crises at {brands} — Monthly report {month}",
        len(crises),
        brands=fmt.names_list(brands, w.lang),
        month=label,
    )


def chart_png(figure: charts.Figure) -> tuple[bytes, int, int]:
    """The figure's wide SVG drawn as PNG (resvg, inside vl-convert: offline, no browser).

    The page's SVG carries accessibility attributes and no size; resvg wants a plain root
    with width and height, taken from the viewBox."""
    head, rest = figure.svg.split(">", 1)
    head = re.sub(r"\s(?:role|aria-[a-z]+|class|preserveAspectRatio)=\"[^\"]*\"", "", head)
    box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', head)
    if box is None:
        raise ValueError(f"chart {figure.id} has no viewBox")
    width, height = float(box[1]), float(box[2])
    head = head.replace("<svg ", f'<svg width="{width:g}" height="{height:g}" ', 1)
    png = vlc.svg_to_png(head + ">" + rest, scale=PNG_SCALE)
    shown = min(CHART_WIDTH, round(width))
    return png, shown, round(height * shown / width)


def _charts(observatory: Observatory, config: Config, month: str, lang: str) -> list[Chart]:
    """Per sector: the month day by day (mentions, crises marked) and the volume by brand."""
    names = {b.slug: b.name for b in config.brands}
    colours = config.brand_colours
    host = urlsplit(config.site.url).hostname or "observatoire"
    out = []
    for sector in config.sectors:
        monthly = observatory.monthly
        current = monthly[(monthly["sector"] == sector.slug) & (monthly["month"] == month)]
        if current.empty:
            continue
        base = f"fig-{month}-{sector.slug}"
        daily = timelines.month_figures(
            observatory, sector.slug, month, names, colours, lang, fig_base=base
        )[:1]  # mentions per day; the daily sentiment stays on the site
        volume = charts.volume_by_brand(
            current, names, lang, fig_id=f"{base}-volume", colours=colours
        )
        for figure in [*daily, volume]:
            png, width, height = chart_png(figure)
            cid = f"{figure.id.removeprefix('fig-')}@{host}"
            out.append(Chart(cid, figure.title, figure.description, png, width, height))
    return out


# The report page's own sentence (templates/report.md.j2), so the catalog says it once.
CRISIS_SENTENCE = N_(
    "%(period)s: %(negatives)s negative mentions, peaking on %(peak)s with "
    "%(peak_negatives)s (alert threshold: %(threshold)s a day, against a usual mean of %(mean)s)."
)


def _crisis_sentence(crisis: Crisis, themes: dict[str, str], w: Wording) -> str:
    period = fmt.day_range(crisis.start, crisis.end, w.lang)
    text = w._(CRISIS_SENTENCE) % {
        "period": period[:1].upper() + period[1:],
        "negatives": fmt.number(crisis.negatives, w.lang),
        "peak": fmt.day_label(crisis.peak_day, w.lang),
        "peak_negatives": fmt.number(crisis.peak_negatives, w.lang),
        "threshold": fmt.number(crisis.threshold, w.lang, 1),
        "mean": fmt.number(crisis.baseline_mean, w.lang, 1),
    }
    if crisis.themes:
        names = ", ".join(themes.get(t, t) for t in crisis.themes)
        text += " " + w._("Themes: %(themes)s.") % {"themes": names}
    return text


def build_email(
    observatory: Observatory, config: Config, month: str, lang: str | None = None
) -> EmailReport:
    """Everything the message says about one month, in the site's language by default."""
    lang = lang or config.site.language
    w = Wording(lang)
    observatory = observatory_in_words(observatory, w)  # pseudonyms and the like, in words
    names = {b.slug: b.name for b in config.brands}
    themes = {t.slug: t.name for s in config.sectors for t in s.themes}
    if month not in list(observatory.months):
        from generator.errors import BuildError

        known = ", ".join(observatory.months)
        raise BuildError(f"no data for {month} (months observed: {known})")
    site = config.site.url
    url = site + report_url(month)
    months = list(observatory.months)
    index = months.index(month)
    previous = months[index - 1] if index else None
    label = fmt.month_label(month, lang)
    summary = build_summary(observatory, config, month, lang)
    crises = [c for c in observatory.crises if c.month == month]
    cards = kpis.kpi_cards(observatory, month, names, w, config.report.min_mentions)
    tables = []
    for sector in config.sectors:
        compared = kpis.comparison(observatory, sector.slug, month, names, lang)
        if compared is not None:
            tables.append({"sector": sector.name, **compared})
    words = {key: w._(message) for key, message in WORDS.items()}
    context: dict[str, Any] = {
        "lang": lang,
        "title": w._(TEXT["report_title"], month=label),
        "site_title": config.site.title,
        "site_url": site,
        "url": url,
        "data_url": site + page_url("donnees.md"),
        "methodology_url": site + page_url("methodologie.md"),
        "summary": summary,
        "crises": [
            {
                "title": words["crisis_title"] % {"brand": names.get(c.brand, c.brand)},
                "text": _crisis_sentence(c, themes, w),
            }
            for c in crises
        ],
        "cards": cards,
        "kpi_labels": [w._(k.label) for k in kpis.KPIS],
        "kpis_title": w._(WORDS["kpis"], month=label),
        "change_note": words["change_against"] % {"month": fmt.month_label(previous, lang)}
        if previous
        else words["first_month"],
        "tables": tables,
        "tables_title": words["compared"] % {"month": label},
        "column_labels": {key: w._(text) for key, text in kpis.COLUMN_LABELS.items()},
        "charts": _charts(observatory, config, month, lang),
        "words": words,
        "tone_colours": {"good": "#1a7f37", "bad": "#cf222e", "neutral": "#57606a"},
    }
    html = make_env(Path(__file__).parent, lang).get_template(TEMPLATE).render(**context)
    return EmailReport(
        subject=subject(crises, names, month, w),
        html=html,
        text=_plain(context),
        url=url,
        charts=context["charts"],
    )


def _colon(label: str, value: str, lang: str) -> str:
    """`Label : value` with French typography (a no-break space before the colon)."""
    return f"{label}\u00a0: {value}" if lang == "fr" else f"{label}: {value}"


def _plain(c: dict[str, Any]) -> str:
    """The plain-text part: the same sentences, underlined headings, links in full."""
    words, lang = c["words"], c["lang"]
    lines = [c["title"], "=" * len(c["title"]), "", c["summary"].headline, ""]
    for crisis in c["crises"]:
        lines += [f"!! {crisis['title']}", crisis["text"], ""]
    lines += [_colon(words["read_online"], c["url"], lang), ""]
    lines += [*_heading(c["kpis_title"]), c["change_note"], ""]
    for card in c["cards"]:
        flag = f" ({card['small_sample_text']})" if card["small_sample"] else ""
        lines.append(f"{card['name']}{flag}")
        for tile in card["tiles"]:
            delta = tile["delta"]
            change = f"{delta.arrow} {delta.text}".strip()
            tone = f", {tile['tone_words']}" if tile["tone_words"] else ""
            lines.append("  - " + _colon(tile["label"], f"{tile['value']} ({change}{tone})", lang))
        lines.append("")
    lines += [*_heading(words["what_to_do"]), *(f"- {a}" for a in c["summary"].actions), ""]
    lines += [*_heading(words["what_changed"]), *(f"- {p}" for p in c["summary"].points), ""]
    for table in c["tables"]:
        title = c["tables_title"]
        lines += _heading(f"{table['sector']} — {title}" if len(c["tables"]) > 1 else title)
        labels = [c["column_labels"][col] for col in table["columns"]]
        for row in table["rows"]:
            cells = ", ".join(
                f"{name} {cell['text']} ({cell['rank']})"
                for name, cell in zip(labels, row["cells"], strict=True)
            )
            lines.append("- " + _colon(row["name"], cells, lang))
        average = ", ".join(f"{n} {v}" for n, v in zip(labels, table["mean"], strict=True))
        lines += ["- " + _colon(words["sector_average"], average, lang), words["rank_note"], ""]
    if c["charts"]:
        lines += _heading(words["charts"])
        for chart in c["charts"]:
            lines += [chart.title, chart.description, ""]
    lines += [
        _colon(words["data"], c["data_url"], lang),
        _colon(words["methodology"], c["methodology_url"], lang),
        "",
        "-- ",
        f"{c['site_title']} — {c['site_url']}",
        words["why"],
        "",
    ]
    return "\n".join(lines)


def _heading(text: str) -> list[str]:
    return [text, "-" * len(text)]
