"""`observatoire report --pdf YYYY-MM`: the monthly report as an A4 document.

The PDF is printed by Debian's Chromium from the built report page itself, so the paper report
and the web report can never disagree. Before printing, the page is rearranged into a document
(`pdf_document.js`, styled by `pdf_document.css` on top of the site's print stylesheet): a
cover (observatory, "Monthly report", the month in words, the brands covered, the date of
publication), a one-page executive summary (the lead, crisis banners, KPI cards, brand
comparison and "What to do", whichever the report has), then the detail. The site's print
stylesheet hides the web chrome and keeps charts, tables and quotes whole; running headers and
page numbers come from `@page` margin boxes, and the cover carries none.

Nothing is fetched from the network: every request that is not a local file is refused.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

from generator.errors import BuildError
from generator.render import formatting as fmt
from generator.render.i18n import N_, Wording
from generator.render.pages import report_url

CHROMIUM = os.environ.get("OBSERVATOIRE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
]
MM = 96 / 25.4  # CSS pixels per millimetre
A4_MM = (210, 297)
# The site's print.css sets these margins (@page); the summary is fitted to what they leave.
MARGINS_MM = {"top": 16, "right": 14, "bottom": 18, "left": 14}
SUMMARY_MIN_ZOOM = 0.6  # below this the summary would be unreadable: it may take two pages
LOCAL_SCHEMES = ("file://", "data:", "blob:", "about:")

TEXT = {
    "kind": N_("Monthly report"),
    "title": N_("Monthly report — {month}"),
    "brands_label": N_("Brands covered"),
    "published": N_("Published on {date}"),
    "online": N_("Online: {url}"),
    "summary": N_("Executive summary"),
}


@dataclass(frozen=True, slots=True)
class PrintedReport:
    """What was printed, for the command's message and the tests."""

    path: Path
    brands: list[str]
    summary: dict[str, Any]
    zoom: float


def report_page(site_dir: Path, month: str) -> Path:
    """The built HTML of a month's report, or BuildError saying what is missing."""
    site = Path(site_dir)
    if not (site / "index.html").is_file():
        raise BuildError(
            f"no built site in {site}: run `observatoire build` first (or pass --site-dir)"
        )
    page = site / report_url(month) / "index.html"
    if not page.is_file():
        months = sorted(p.name.removeprefix("rapport-") for p in site.glob("blog/*/*/rapport-*"))
        known = f" (reports: {', '.join(months)})" if months else ""
        raise BuildError(
            f"no report for {month} in {site}{known}: check the month (YYYY-MM) or rebuild"
        )
    return page


def publication_date(site_dir: Path, month: str) -> date:
    """When the site carrying the report was built (its sitemap's lastmod), else today."""
    sitemap = Path(site_dir) / "sitemap.xml"
    if sitemap.is_file():
        text = sitemap.read_text(encoding="utf-8", errors="replace")
        found = re.search(
            re.escape(report_url(month)) + r"</loc>\s*<lastmod>(\d{4}-\d{2}-\d{2})", text
        )
        if found:
            return date.fromisoformat(found.group(1))
    return datetime.now().date()


def _css_string(text: str) -> str:
    """A CSS string literal: `content: "…"` of the running header."""
    cleaned = re.sub(r"[\x00-\x1f\x7f]", " ", text)
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_rules(site_title: str, running_title: str) -> str:
    """Running header on every page but the cover; page numbers from print.css, not on it."""
    header = "font: 8pt sans-serif; color: #57606a;"
    return (
        "@page {"
        f" @top-left {{ content: {_css_string(site_title)}; {header} }}"
        f" @top-right {{ content: {_css_string(running_title)}; {header} }}"
        " }\n"
        "@page :first {"
        " @top-left { content: none; } @top-right { content: none; }"
        " @bottom-right { content: none; } @bottom-left { content: none; }"
        " }\n"
    )


def document_texts(
    lang: str, month: str, site_title: str, published: date, online: str
) -> dict[str, Any]:
    """The words of the cover and summary, in the site's language."""
    w = Wording(lang)
    month_words = fmt.month_label(month, lang)
    return {
        "lang": lang,
        "site": site_title,
        "kind": w._(TEXT["kind"]),
        "title": w._(TEXT["title"], month=month_words),
        "month": month_words[:1].upper() + month_words[1:],
        "brands_label": w._(TEXT["brands_label"]),
        "published": w._(TEXT["published"], date=fmt.day_label(published, lang)),
        "online": w._(TEXT["online"], url=online) if online else "",
        "summary": w._(TEXT["summary"]),
        "page_height_px": (A4_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * MM * 0.97,
        "min_zoom": SUMMARY_MIN_ZOOM,
    }


def _resource(name: str) -> str:
    return files("generator.render").joinpath(name).read_text(encoding="utf-8")


def write_pdf(site_dir: Path, month: str, out: Path) -> PrintedReport:
    """Print the report of `month` from the built site into `out` as an A4 document."""
    page_file = report_page(site_dir, month).resolve()
    if not Path(CHROMIUM).exists():
        raise BuildError(f"{CHROMIUM} not found: install Debian's chromium to write PDFs")
    try:
        from playwright.sync_api import Route, sync_playwright
    except ImportError as exc:  # pragma: no cover - optional dependency
        raise BuildError("the PDF needs playwright: pip install 'observatoire[pdf]'") from exc
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    published = publication_date(site_dir, month)
    width = (A4_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) * MM
    refused: list[str] = []

    def only_local(route: Route) -> None:
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # The viewport is the printed column, so the summary is measured as it will print.
            page = browser.new_page(viewport={"width": round(width), "height": 1100})
            page.route("**/*", only_local)
            page.goto(page_file.as_uri(), wait_until="load")
            page.emulate_media(media="print")
            about = page.evaluate(
                """() => ({
                    lang: document.documentElement.lang || "fr",
                    site: (document.querySelector(".md-header__topic .md-ellipsis")
                           || {textContent: ""}).textContent.trim()
                          || document.title.split(" - ").pop().trim(),
                    online: (document.querySelector('link[rel="canonical"]') || {href: ""}).href,
                })"""
            )
            lang = about["lang"].split("-")[0]
            texts = document_texts(lang, month, about["site"], published, about["online"])
            page.add_style_tag(
                content=_resource("pdf_document.css") + page_rules(about["site"], texts["title"])
            )
            result = page.evaluate(_resource("pdf_document.js"), texts)
            if not result.get("ok"):
                raise BuildError(f"{page_file} is not a report page: {result.get('reason')}")
            page.pdf(
                path=str(out),
                format="A4",
                print_background=True,
                prefer_css_page_size=True,
                outline=True,
                tagged=True,
            )
        finally:
            browser.close()
    if not out.exists() or out.stat().st_size == 0:
        raise BuildError(f"Chromium wrote no PDF to {out}")
    return PrintedReport(
        path=out,
        brands=list(result["brands"]),
        summary=dict(result["summary"]),
        zoom=float(result["zoom"]),
    )
