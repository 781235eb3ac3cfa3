"""Share cards: the PNG images that Open Graph and Twitter cards show for a page.

Social networks want a raster image of about 1200 x 630 pixels; they cannot show the site's
SVG charts. A report's card is its headline chart (the sector's month day by day, crises
marked: the same drawing as on the page) under the report's title; every other page falls
back to the site's card (its title and description). Both are drawn offline at build time:
an SVG composed here is rasterised by vl-convert (resvg, bundled fonts), no browser and no
network. The `<meta>` tags themselves are written by the theme (render/theme/main.html) from
the page's front matter (`share_image`, `share_image_alt`, `description`).
"""

from __future__ import annotations

import re
import textwrap
from xml.sax.saxutils import escape

import vl_convert as vlc

from generator.config import SiteConfig
from generator.render.charts import INK, Figure

WIDTH = 1200
HEIGHT = 630
CARD_DIR = "assets/cartes"
SITE_CARD = f"{CARD_DIR}/site.png"
MARGIN = 60
ACCENT = "#3f51b5"  # mkdocs-material's indigo, the site's header colour
MUTED = "#57606a"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"


def report_card_path(month: str) -> str:
    """Where a monthly report's card is written, relative to content/ (and to the site)."""
    return f"{CARD_DIR}/{month}.png"


def _text(x: int, y: int, size: int, text: str, *, fill: str = INK, weight: str = "normal") -> str:
    return (
        f'<text x="{x}" y="{y}" font-family="{FONT}" font-size="{size}" '
        f'font-weight="{weight}" fill="{fill}">{escape(text)}</text>'
    )


def _frame(body: str) -> str:
    """A white 1200 x 630 card with the site's accent band on the left."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>'
        f'<rect width="16" height="{HEIGHT}" fill="{ACCENT}"/>{body}</svg>'
    )


def _png(svg: str) -> bytes:
    return bytes(vlc.svg_to_png(svg, scale=1.0))


def _lines(text: str, width: int, most: int) -> list[str]:
    """Word-wrapped lines (SVG text does not wrap), the last one cut with an ellipsis."""
    lines = textwrap.wrap(" ".join(text.split()), width=width)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1].rstrip(" ,;:.") + "\u00a0…"
    return lines


def _nested(root_tag: str, x: int, y: int, width: int, height: int) -> str:
    """The chart's root `<svg ...>` tag placed in a box of the card, keeping proportions.

    Only its namespaces and viewBox survive: the page adds attributes (class, ARIA) that a
    strict XML parser refuses twice and that mean nothing in a picture.
    """
    kept = re.findall(r'\s(?:xmlns(?::\w+)?|viewBox)="[^"]*"', root_tag)
    return (
        f'<svg x="{x}" y="{y}" width="{width}" height="{height}" '
        f'preserveAspectRatio="xMidYMid meet"{"".join(kept)}>'
    )


def report_card(site_name: str, title: str, chart_svg: str) -> bytes:
    """A report's card: site name, report title, then its headline chart filling the rest."""
    head, rest = chart_svg.split(">", 1)
    top = MARGIN + 110
    body = (
        _text(MARGIN, MARGIN + 22, 26, site_name, fill=MUTED)
        + _text(MARGIN, MARGIN + 80, 46, title, weight="bold")
        + _nested(head, MARGIN, top, WIDTH - 2 * MARGIN, HEIGHT - top - MARGIN // 2)
        + rest
    )
    return _png(_frame(body))


def site_card(site_name: str, description: str) -> bytes:
    """The fallback card of every page without its own: the observatory's name and purpose."""
    title = _lines(site_name, 34, 2)
    body = "".join(
        _text(MARGIN, 220 + 72 * i, 60, line, weight="bold") for i, line in enumerate(title)
    )
    top = 220 + 72 * len(title) + 40
    body += "".join(
        _text(MARGIN, top + 46 * i, 32, line, fill=MUTED)
        for i, line in enumerate(_lines(description, 62, 4))
    )
    return _png(_frame(body))


def image_alt(figure: Figure) -> str:
    """The card's text equivalent: the chart's one-sentence description (it names the month,
    the busiest day and any crisis), else its title."""
    return figure.description.strip() or figure.title


def site_card_alt(site: SiteConfig) -> str:
    """The site card's text equivalent: what it shows, the observatory's name and purpose."""
    return " — ".join(part for part in (site.title, site.description) if part)
