"""The report's "Customer care" section as a reader meets it, in Debian's Chromium.

August's report of the render fixture on a 1280 px laptop and a 390 px phone: the KPIs as a
table on the laptop and as stacked cards on the phone, nothing wider than the screen, the
response-time chart drawn, changes coloured by what they mean, hostile quotes and names shown
as text. The September report (Orbis's crisis slows its answers) colours the slower replies
as unfavourable.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.browser

AUGUST = "blog/2026/08/rapport-2026-08/"
SEPTEMBER = "blog/2026/09/rapport-2026-09/"
VIEWPORTS = {"laptop": (1280, 900), "phone": (390, 844)}
SECTION = "#service-client"

# Every element of the section (from its heading to the next h2) reaching past the viewport,
# or scrolling sideways in its own box: sideways scrolling a reader would have to do.
OVERFLOW = """(selector) => {
  const heading = document.querySelector(selector);
  const out = [];
  const width = document.documentElement.clientWidth;
  for (let node = heading.nextElementSibling; node && node.tagName !== 'H2';
       node = node.nextElementSibling) {
    for (const el of [node, ...node.querySelectorAll('*')]) {
      // Inside a drawing, marks are clipped by their <svg>, whose own box is checked.
      if (!el.checkVisibility() || el.closest('svg') !== null && el.tagName !== 'svg') continue;
      const box = el.getBoundingClientRect();
      if (box.right > width + 1) out.push([el.tagName, el.className, box.right]);
      const style = getComputedStyle(el);
      if (el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(style.overflowX)) {
        out.push([el.tagName, el.className, 'scrolls', el.scrollWidth, el.clientWidth]);
      }
    }
  }
  return out;
}"""


def open_page(browser: Any, url: str, viewport: str) -> Any:
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
        device_scale_factor=1,
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: (errors.append(dialog.message), dialog.dismiss()))
    page.goto(url, wait_until="networkidle")
    page.errors = errors  # type: ignore[attr-defined]
    return page


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def august(request: pytest.FixtureRequest, browser: Any, site_url: str) -> Iterator[Any]:
    page = open_page(browser, site_url + AUGUST, request.param)
    page.viewport_name = request.param  # type: ignore[attr-defined]
    yield page
    page.context.close()


def test_the_section_follows_the_crisis_and_the_summary(august: Any) -> None:
    headings = august.locator("article h2").all_inner_texts()
    assert "Service client" in headings
    assert headings.index("Ce qui a changé, et pourquoi") < headings.index("Service client")
    assert headings.index("Service client") < headings.index("Graphiques")
    assert august.errors == []


def test_nothing_in_the_section_is_wider_than_the_screen(august: Any) -> None:
    assert august.evaluate(OVERFLOW, SECTION) == []
    width = august.evaluate("document.documentElement.scrollWidth")
    assert width <= august.evaluate("window.innerWidth")


def test_a_table_on_the_laptop_and_cards_on_the_phone(august: Any) -> None:
    table = august.locator(".obs-care-table")
    cards = august.locator(".obs-care-card")
    assert cards.count() == 3
    if august.viewport_name == "laptop":
        assert table.is_visible() and not cards.first.is_visible()
        heads = table.locator("thead th").all_inner_texts()
        assert [h.split("\n")[0] for h in heads[1:]] == [
            "Orbis Télécom",
            "Hélia Mobile",
            "Nova Box",
        ]
        assert "Faible échantillon\u00a0: 6 demandes" in heads[3]
        assert table.locator("tbody tr").count() == 12
    else:
        assert not table.is_visible()
        boxes = [cards.nth(i).bounding_box() for i in range(3)]
        assert all(box is not None and box["width"] > 300 for box in boxes)
        # Stacked: each card below the one before, in the configuration's order.
        assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]  # type: ignore[index]
        assert "Faible échantillon\u00a0: 6 demandes" in cards.nth(2).inner_text()
    deltas = august.locator(".obs-care-kpis-block .obs-delta:visible")
    assert deltas.count() >= 30
    for i in range(deltas.count()):
        text = deltas.nth(i).inner_text()
        assert any(mark in text for mark in "▲▼►"), text


def test_the_response_time_chart_is_drawn(august: Any) -> None:
    figure = august.locator("#fig-2026-08-telecom-care")
    svg = figure.locator("svg:visible")
    assert svg.count() == 1  # the wide or the narrow drawing, never both
    drawing = "wide" if august.viewport_name == "laptop" else "narrow"
    assert f"obs-svg--{drawing}" in (svg.get_attribute("class") or "")
    box = svg.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 80
    assert svg.locator("path, rect").count() > 10
    assert svg.get_attribute("role") == "img"
    title = august.locator("#" + str(svg.get_attribute("aria-labelledby"))).inner_text()
    assert title == "Délai de première réponse de la marque"
    words = svg.locator("text").evaluate_all("ts => ts.map(t => t.textContent)")
    assert "Orbis Télécom" in words and "sans réponse de la marque" in words


def test_quotes_and_helpers_are_text(august: Any) -> None:
    assert august.evaluate("typeof window.__pwned") == "undefined"
    examples = august.locator(".obs-care-examples")
    assert examples.locator("a[href^='javascript:' i]").count() == 0
    assert examples.locator(".obs-care-example__reply .obs-badge--owned").count() == 6
    text = examples.inner_text()
    assert "<script>window.__pwned = 1; alert('titre')</script>" in text
    helpers = august.locator(".obs-care-helpers").inner_text()
    assert "<b>Entraide</b> 9c1d (Orbis Télécom)" in helpers
    assert august.locator(".obs-care-helpers b").count() == 0


def test_slower_answers_are_coloured_unfavourable(browser: Any, site_url: str) -> None:
    page = open_page(browser, site_url + SEPTEMBER, "laptop")
    try:
        row = page.locator(".obs-care-table__row--reply_median_hours")
        orbis = row.locator("td").first
        assert "défavorable" in orbis.inner_text()
        badge = orbis.locator(".obs-delta")
        assert "obs-tone--bad" in (badge.get_attribute("class") or "")
        down = page.evaluate(
            "getComputedStyle(document.documentElement).getPropertyValue('--obs-down').trim()"
        )
        colour = badge.evaluate("e => getComputedStyle(e).color")
        assert down == "#b42318" and colour == "rgb(180, 35, 24)"
        # Nova, a small sample, is never coloured.
        nova = row.locator("td").nth(2).locator(".obs-delta")
        assert "obs-tone--neutral" in (nova.get_attribute("class") or "")
    finally:
        page.context.close()


def test_the_section_reads_on_paper(
    fixture_site: Any,
    tmp_path: Any,
    browser: Any,  # browser: Chromium present, or skipped
) -> None:
    from test_browser_pdf import pages_text, run_report, squash

    result = run_report(fixture_site.site, "2026-08", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = [squash(p) for p in pages_text(tmp_path / "rapport-2026-08.pdf")]
    detail = pages[2:]  # after the cover and the executive summary
    table = next(p for p in detail if "Demandes reçues" in p)
    # The KPI table prints whole, a brand per column, on one page (squash: plain spaces).
    for words in (
        "Service client, août 2026",
        "Orbis Télécom",
        "Hélia Mobile",
        "Nova Box",
        "Délai médian de première réponse de la marque 36 min",
        "Réponse sous 24 h (objectif) 85 %",
        "Présence sur les forums tiers 50 %",
        "Faible échantillon : 6 demandes",
    ):
        assert words in table, words
    text = " ".join(detail)
    assert "Délai de première réponse de la marque" in text
    assert "Réponse la plus rapide" in text and "Compte de la marque" in text
    assert "Les meilleurs entraidants de la communauté" in text
    assert "Voir les données du graphique" not in text
