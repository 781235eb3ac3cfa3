"""The fixture site checked as a reader would, in Debian's Chromium (Playwright).

Desktop and phone: no console error, no request leaving localhost, every chart drawn, no
sideways scrolling on the phone, French search, axe-core without serious violations, and
hostile collected text shown as text without running anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "report": "blog/2026/09/rapport-2026-09/",
    "brand": "marques/orbis/",
}
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


class Visit:
    """One page load with every console error, dialog and foreign request recorded."""

    def __init__(self, browser, url: str, viewport: tuple[int, int], mobile: bool) -> None:  # type: ignore[no-untyped-def]
        self.context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            is_mobile=mobile,
            has_touch=mobile,
            device_scale_factor=1,
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

        def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        self.page.on("dialog", on_dialog)

        def guard(route, request) -> None:  # type: ignore[no-untyped-def]
            parsed = urlparse(request.url)
            if (
                parsed.scheme in {"http", "https", "ws", "wss"}
                and parsed.hostname not in LOCAL_HOSTS
            ):
                self.foreign.append(request.url)
                route.abort()
            else:
                route.continue_()

        self.context.route("**/*", guard)
        self.page.goto(url, wait_until="networkidle")

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module", params=[(p, v) for p in PAGES for v in VIEWPORTS], ids=str)
def visit(request, browser, site_url: str) -> Iterator[Visit]:  # type: ignore[no-untyped-def]
    page, viewport = request.param
    v = Visit(browser, site_url + PAGES[page], VIEWPORTS[viewport], viewport == "phone")
    v.name = (page, viewport)  # type: ignore[attr-defined]
    yield v
    v.close()


def test_no_console_error_and_no_foreign_request(visit: Visit) -> None:
    assert visit.errors == []
    assert visit.foreign == []
    assert visit.dialogs == []


def test_every_chart_is_drawn(visit: Visit) -> None:
    charts = visit.page.locator("figure.obs-chart")
    # The report: the month's 7 charts and the customer-care response times.
    expected = {"home": 0, "report": 8, "brand": 5}[visit.name[0]]  # type: ignore[attr-defined]
    assert charts.count() == expected
    for i in range(charts.count()):
        figure = charts.nth(i)
        svg = figure.locator("svg:visible")  # the wide or the narrow drawing, never both
        assert svg.count() == 1, figure.get_attribute("id")
        marks = svg.locator("path, rect, line, circle").count()
        assert marks > 5, figure.get_attribute("id")
        box = svg.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 40
        assert figure.locator("figcaption").inner_text().strip()
        assert svg.get_attribute("role") == "img"
        for attribute in ("aria-labelledby", "aria-describedby"):
            target = visit.page.locator("#" + str(svg.get_attribute(attribute)))
            assert target.inner_text().strip(), attribute
        assert figure.locator("details table tbody tr").count() > 0


def test_kpi_tiles_show_direction_without_colour(visit: Visit) -> None:
    if visit.name[0] == "home" or visit.name[0] == "report":  # type: ignore[attr-defined]
        assert visit.page.locator(".obs-card").count() == 3
    deltas = visit.page.locator(".obs-delta--up, .obs-delta--down")
    assert deltas.count() > 0
    for i in range(min(deltas.count(), 10)):
        text = deltas.nth(i).inner_text()
        assert any(arrow in text for arrow in "▲▼") and any(sign in text for sign in "+−")


def test_no_horizontal_overflow(visit: Visit) -> None:
    width = visit.page.evaluate("document.documentElement.scrollWidth")
    inner = visit.page.evaluate("window.innerWidth")
    assert width <= inner, f"page is {width}px wide in a {inner}px viewport"


@pytest.mark.parametrize("name", list(PAGES))
def test_accessibility_has_no_serious_violation(browser, site_url: str, name: str) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    v = Visit(browser, site_url + PAGES[name], VIEWPORTS["desktop"], False)
    try:
        results = Axe().run(v.page)
    finally:
        v.close()
    bad = [
        (r["id"], r["impact"], [n["target"] for n in r["nodes"]][:3])
        for r in results.response["violations"]
        if r["impact"] in {"serious", "critical"}
    ]
    assert bad == [], "\n".join(map(str, bad))


def test_hostile_posts_show_as_text_and_run_nothing(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    v = Visit(browser, site_url + PAGES["report"], VIEWPORTS["desktop"], False)
    try:
        page = v.page
        assert v.dialogs == []
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("a[href^='javascript:' i]").count() == 0
        assert page.locator("main img[src='x'], main [onerror]").count() == 0
        body = page.locator("article").inner_text()
        assert "<script>window.__pwned = 1; alert('titre')</script>" in body
        assert "onerror=" in body and "[cliquez](javascript:alert('md'))" in body
        assert "<i>Lecteur</i> 7f3a" in body
        page.locator("blockquote a.obs-ext").first.hover()
        assert v.dialogs == []
    finally:
        v.close()


def test_search_finds_a_french_word(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    v = Visit(browser, site_url, VIEWPORTS["desktop"], False)
    try:
        page = v.page
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially("bénévole", delay=20)
        result = page.locator(".md-search-result__item").first
        result.wait_for(timeout=15000)
        text = page.locator(".md-search-result").inner_text()
        assert "Reconnaître ses ambassadeurs clients" in text
        assert v.errors == [] and v.foreign == []
    finally:
        v.close()
