"""In Chromium, at 1280 px and 390 px: a chart's data opens from a link (not a note box), the
footer's feed link is seen and leads to the feed, and the data and tags pages pass axe-core.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.browser

REPORT = "blog/2026/09/rapport-2026-09/"
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}

SUMMARY_STYLE = """(summary) => {
  const s = getComputedStyle(summary);
  const before = getComputedStyle(summary, '::before');
  const link = document.createElement('a');
  link.href = '#';
  link.textContent = 'x';
  summary.closest('.md-typeset').appendChild(link);
  const linkColour = getComputedStyle(link).color;
  link.remove();
  const box = getComputedStyle(summary.parentElement);
  return {
    colour: s.color, linkColour, decoration: s.textDecorationLine,
    background: s.backgroundColor, fontWeight: s.fontWeight,
    beforeContent: before.content, beforeMask: before.maskImage || before.webkitMaskImage,
    boxBorder: box.borderTopWidth, boxShadow: box.boxShadow, boxBackground: box.backgroundColor,
  };
}"""


@pytest.fixture(scope="module", params=list(VIEWPORTS), ids=str)
def page(request, browser, site_url: str) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.goto(site_url + REPORT, wait_until="networkidle")
    yield tab
    context.close()


def test_chart_data_opens_from_a_link_not_a_note(page: Any) -> None:
    summary = page.locator("details.obs-chart__data > summary").first
    summary.scroll_into_view_if_needed()
    style = summary.evaluate(SUMMARY_STYLE)
    assert style["colour"] == style["linkColour"]  # the colour of the page's links
    assert "underline" in style["decoration"]
    assert style["background"] in {"rgba(0, 0, 0, 0)", "transparent"}
    assert int(style["fontWeight"]) < 600
    assert style["beforeContent"] == '"▸"' and style["beforeMask"] in {"none", ""}  # no pencil
    assert style["boxBorder"] == "0px" and style["boxShadow"] == "none"
    assert style["boxBackground"] in {"rgba(0, 0, 0, 0)", "transparent"}
    table = page.locator("details.obs-chart__data").first.locator("table")
    assert not table.is_visible()
    summary.click()
    assert table.is_visible()
    summary.click()


def test_the_footer_says_where_to_subscribe(page: Any, site_url: str) -> None:
    link = page.locator("footer a.obs-feed-link")
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    assert link.inner_text().strip() == "S'abonner (RSS)"
    href = link.evaluate("a => a.href")
    assert href == site_url + "feed_rss_created.xml"
    response = page.request.get(href)
    assert response.ok and response.text().startswith('<?xml version="1.0"')


@pytest.mark.parametrize("path", ["donnees/", "tags/"])
def test_data_and_tags_pages_pass_axe(browser, site_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(site_url + path, wait_until="networkidle")
        results = Axe().run(tab)
    finally:
        context.close()
    bad = [
        (r["id"], r["impact"], [n["target"] for n in r["nodes"]][:3])
        for r in results.response["violations"]
        if r["impact"] in {"serious", "critical"} or r["id"] == "empty-heading"
    ]
    assert bad == [], "\n".join(map(str, bad))
