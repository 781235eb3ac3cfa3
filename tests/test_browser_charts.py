"""The demo site's charts as a reader meets them, in Debian's Chromium (Playwright).

On a 390 px phone and a 1280 px laptop, in the light and the dark scheme: every word of every
chart renders at 11 px or more and contrasts with what is behind it; and a brand has the same
colour on every chart of every page.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import BuiltSite, serve
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from generator.config import load_config

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AUGUST = "blog/2026/08/rapport-2026-08/"
BRAND = "marques/fibralis/"
VIEWPORTS = {"phone": (390, 844), "laptop": (1280, 900)}
MIN_PX = 11.0
WHITE = "rgb(255, 255, 255)"

# Every chart text drawn: its rendered size (CSS font size x the SVG's scale), its box, its
# colour and the colour behind it (the SVG's card, else the page's background).
MEASURE = """() => {
  const page = getComputedStyle(document.body).backgroundColor;
  return [...document.querySelectorAll('figure.obs-chart')].map(figure => {
    const shown = [...figure.querySelectorAll('.obs-chart__svg svg')]
      .filter(svg => svg.checkVisibility());
    const svg = shown[0];
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const card = getComputedStyle(svg).backgroundColor;
    const behind = card === 'rgba(0, 0, 0, 0)' ? page : card;
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
    return {
      id: figure.id,
      shown: shown.length,
      texts: texts.map(t => ({
        text: t.textContent,
        px: parseFloat(getComputedStyle(t).fontSize) * scale,
        box: t.getBoundingClientRect().height,
        fill: getComputedStyle(t).fill,
      })),
      behind,
    };
  });
}"""

# Brand name -> colour as each chart shows it: legend entries (symbol beside its label) and,
# on charts without a legend, bars beside the axis label at their height; plus every colour
# the chart's marks use.
COLOURS = """() => [...document.querySelectorAll('.obs-chart__svg svg')]
  .filter(svg => svg.checkVisibility())
  .map(svg => {
    const pairs = [...svg.querySelectorAll('.role-legend-symbol')].map(symbol => {
      const label = symbol.parentElement.querySelector('.role-legend-label text');
      const mark = symbol.querySelector('path');
      const colour = mark.getAttribute('fill') || mark.getAttribute('stroke');
      return [label ? label.textContent : '', colour];
    });
    if (!svg.querySelector('.role-legend')) {
      const labels = [...svg.querySelectorAll('.role-axis-label text')].map(t => {
        const r = t.getBoundingClientRect();
        return [t.textContent, r.top + r.height / 2];
      });
      for (const bar of svg.querySelectorAll('.mark-rect.role-mark path')) {
        const r = bar.getBoundingClientRect();
        const middle = r.top + r.height / 2;
        const nearest = labels.reduce((a, b) =>
          Math.abs(b[1] - middle) < Math.abs(a[1] - middle) ? b : a, ['', Infinity]);
        if (Math.abs(nearest[1] - middle) < r.height / 2) {
          pairs.push([nearest[0], bar.getAttribute('fill')]);
        }
      }
    }
    const used = [...svg.querySelectorAll('.role-mark path')]
      .flatMap(p => [p.getAttribute('fill'), p.getAttribute('stroke')]).filter(Boolean);
    return {id: svg.closest('figure').id, pairs, used};
  })"""


@pytest.fixture(scope="module")
def demo_url(demo_site: BuiltSite) -> Iterator[str]:
    url, server = serve(demo_site.site)
    yield url
    server.shutdown()
    server.server_close()


def _luminance(css: str) -> float:
    """WCAG relative luminance of a computed `rgb(r, g, b)` colour."""
    values = [int(v) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in values)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def open_page(browser: Any, url: str, viewport: str, scheme: str) -> Any:
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=viewport == "phone",
        device_scale_factor=1,
        color_scheme="dark" if scheme == "slate" else "light",
    )
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return page


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("path", [AUGUST, BRAND])
def test_chart_text_renders_at_11_px_or_more_and_contrasts(
    browser: Any, demo_url: str, path: str, viewport: str, scheme: str
) -> None:
    page = open_page(browser, demo_url + path, viewport, scheme)
    try:
        # The theme applies the reader's light or dark preference from a script: on a busy
        # machine it may run after the page went idle, so wait for it (a few seconds at most).
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(
                "s => document.body.getAttribute('data-md-color-scheme') === s",
                arg=scheme,
                timeout=5000,
            )
        shown_scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown_scheme == scheme  # the site follows the reader's light or dark preference
        charts = page.evaluate(MEASURE)
    finally:
        page.context.close()
    assert len(charts) == (8 if path == AUGUST else 5)  # August: 7 + customer care
    for chart in charts:
        assert chart["shown"] == 1, chart["id"]  # the wide or the narrow drawing, never both
        assert len(chart["texts"]) >= 8, chart["id"]
        for text in chart["texts"]:
            where = (chart["id"], text["text"])
            assert text["px"] >= MIN_PX, (*where, round(text["px"], 1))
            assert text["box"] >= MIN_PX, (*where, round(text["box"], 1))
            if text["fill"] != WHITE:  # white labels sit on a bar (charts.ink_on chose them)
                assert contrast(text["fill"], chart["behind"]) >= 4.5, (*where, chart["behind"])


def test_the_daily_timeline_marks_the_crisis_and_its_peak(browser: Any, demo_url: str) -> None:
    page = open_page(browser, demo_url + AUGUST, "phone", "default")
    try:
        figure = page.locator("#fig-2026-08-telecom-daily")
        words = figure.locator("svg:visible text").evaluate_all("ts => ts.map(t => t.textContent)")
        caption = figure.locator("figcaption").inner_text()
    finally:
        page.context.close()
    assert "Crise\u00a0: Fibralis" in words
    assert "pic\u00a0: 17 mentions négatives" in words
    assert "la crise chez Fibralis du 11 au 15 août 2026, avec un pic le 12 août 2026" in caption


def test_a_brand_has_one_colour_on_every_chart_of_the_site(
    browser: Any, demo_site: BuiltSite, demo_url: str
) -> None:
    config = load_config(demo_site.root / "observatoire.yml")
    colours = config.brand_colours
    by_name = {b.name: colours[b.slug] for b in config.brands}
    reports = sorted(p.parent for p in (demo_site.site / "blog").glob("*/*/rapport-*/index.html"))
    brands = {b.slug: demo_site.site / "marques" / b.slug for b in config.brands}
    pages = [*reports, *brands.values()]
    assert len(reports) >= 6
    seen: dict[str, set[str]] = {}
    on_brand_page: dict[str, set[str]] = {slug: set() for slug in brands}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        for directory in pages:
            page.goto(demo_url + directory.relative_to(demo_site.site).as_posix() + "/")
            charts = page.evaluate(COLOURS)
            assert charts, directory
            for chart in charts:
                for name, colour in chart["pairs"]:
                    if name in by_name:
                        seen.setdefault(name, set()).add(colour.lower())
                used = {c.lower() for c in chart["used"]}
                slug = directory.name
                if slug in brands:  # a brand page draws that brand only, in its colour
                    others = {c for s, c in colours.items() if s != slug} - {colours[slug]}
                    assert not used & others, (slug, chart["id"], used & others)
                    on_brand_page[slug] |= used
    finally:
        context.close()
    assert seen == {name: {colour} for name, colour in by_name.items()}
    assert all(colours[slug] in used for slug, used in on_brand_page.items())
    # Configuration order across sectors: Orbis, Fibralis, Nuvo, Célesta (Okabe-Ito).
    assert by_name["Fibralis"] == "#d55e00" and by_name["Orbis Télécom"] == "#0072b2"
