"""The site also builds with Zensical, from the same mkdocs.yml, and keeps its promises."""

from __future__ import annotations

import re

import feedparser
from conftest import BuiltSite


def test_zensical_builds_every_page(zensical_site: BuiltSite) -> None:
    site = zensical_site.site
    assert "No issues found" in zensical_site.log or "issue" not in zensical_site.log.lower()
    for page in [
        "index.html",
        "blog/2026/09/rapport-2026-09/index.html",
        "blog/page/2/index.html",
        "blog/category/rapports-mensuels/index.html",
        "marques/orbis/index.html",
        "methodologie/index.html",
        "donnees/2026-09.csv",
    ]:
        assert (site / page).exists(), page
    report = (site / "blog/2026/09/rapport-2026-09/index.html").read_text(encoding="utf-8")
    assert report.count('<figure class="obs-chart"') == 8  # 7 + customer care
    assert "&lt;script&gt;" in report and "<script>window.__pwned" not in report
    assert '<html lang="fr"' in (site / "index.html").read_text(encoding="utf-8")


def test_zensical_rss_lists_the_reports(zensical_site: BuiltSite) -> None:
    feed = feedparser.parse((zensical_site.site / "feed_rss_created.xml").read_bytes())
    assert not feed.bozo
    assert "Rapport mensuel — octobre 2026" in [entry.title for entry in feed.entries]


def test_zensical_pages_load_nothing_from_another_host(zensical_site: BuiltSite) -> None:
    loads = re.compile(
        r"<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)=[\"']?(?:https?:)?//", re.I
    )
    for page in zensical_site.site.rglob("*.html"):
        for match in loads.finditer(page.read_text(encoding="utf-8")):
            assert "canonical" in match.group(0) or "alternate" in match.group(0), page
