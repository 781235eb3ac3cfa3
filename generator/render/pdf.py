"""`observatoire report --pdf YYYY-MM`: the monthly report page printed to an A4 PDF.

The PDF is the built page itself printed by Debian's Chromium with the site's print
stylesheet (navigation hidden, charts kept whole, page numbers from `@page` margin boxes), so
the paper report and the web report can never disagree. Nothing is fetched from the network:
every request that is not a local file is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.errors import BuildError
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


def report_page(site_dir: Path, month: str) -> Path:
    """The built HTML of a month's report, or BuildError if the site has no such report."""
    page = Path(site_dir) / report_url(month) / "index.html"
    if not page.exists():
        raise BuildError(
            f"no report for {month} in {site_dir}: run `observatoire build` first "
            "(or check the month, format YYYY-MM)"
        )
    return page


def write_pdf(site_dir: Path, month: str, out: Path) -> Path:
    """Print the report of `month` from the built site into `out` (A4, print stylesheet)."""
    page_file = report_page(site_dir, month).resolve()
    if not Path(CHROMIUM).exists():
        raise BuildError(f"{CHROMIUM} not found: install Debian's chromium to write PDFs")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - optional dependency
        raise BuildError("the PDF needs playwright: pip install 'observatoire[pdf]'") from exc
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    refused: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()

            def only_local(route, request) -> None:  # type: ignore[no-untyped-def]
                if request.url.startswith("file://"):
                    route.continue_()
                else:
                    refused.append(request.url)
                    route.abort()

            page.route("**/*", only_local)
            page.goto(page_file.as_uri(), wait_until="load")
            page.emulate_media(media="print")
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
    return out
