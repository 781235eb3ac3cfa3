"""The real mkdocs build of the fixture site: blog, RSS, open data, no foreign host, atomicity."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from conftest import BuiltSite

from generator.errors import BuildError
from generator.render.site import build_site

REPORT = "blog/2026/09/rapport-2026-09/index.html"


def test_build_log_is_clean(fixture_site: BuiltSite) -> None:
    problems = [
        line for line in fixture_site.log.splitlines() if line.startswith(("WARNING", "ERROR"))
    ]
    assert not problems


def test_pages_of_the_site_exist(fixture_site: BuiltSite) -> None:
    site = fixture_site.site
    for page in [
        "index.html",
        REPORT,
        "marques/orbis/index.html",
        "ambassadeurs/index.html",
        "methodologie/index.html",
        "sources/index.html",
        "donnees/index.html",
        "donnees/2026-09.csv",
        "donnees/2026-09.json",
        "blog/index.html",
        "blog/page/2/index.html",  # 13 reports + 2 articles, 10 per page
        "blog/archive/2026/09/index.html",
        "blog/category/rapports-mensuels/index.html",
        "blog/2026/06/reconnaitre-ses-ambassadeurs/index.html",
    ]:
        assert (site / page).exists(), page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in home
    assert "Observatoire de test" in home


def test_report_html_has_kpis_summary_and_charts(fixture_site: BuiltSite) -> None:
    html = (fixture_site.site / REPORT).read_text(encoding="utf-8")
    assert len(re.findall(r'class="obs-card[ "]', html)) == 3
    # 2 timelines of the month + 5, and the customer-care response times
    assert html.count('<figure class="obs-chart"') == 8
    assert html.count('<svg role="img"') == 16  # a wide and a narrow drawing each
    assert "Crise chez Orbis Télécom" in html
    assert "obs-delta--up" in html and "obs-delta--down" in html


def test_rss_feed_is_valid_and_lists_the_reports(fixture_site: BuiltSite) -> None:
    feed = feedparser.parse((fixture_site.site / "feed_rss_created.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    titles = [entry.title for entry in feed.entries]
    assert "Rapport mensuel — octobre 2026" in titles
    assert "Rapport mensuel — septembre 2026" in titles
    links = [entry.link for entry in feed.entries]
    assert all(link.startswith("https://observatoire.example.org/") for link in links)
    assert "https://observatoire.example.org/blog/2026/10/rapport-2026-10/" in links


def test_no_page_loads_anything_from_another_host(fixture_site: BuiltSite) -> None:
    """Scripts, styles, images, fonts: all local (links to sources may point outside)."""
    loads = re.compile(
        r"<(?:script|link|img|iframe|source|video|audio|embed)\b[^>]*?\b(?:src|href)="
        r"[\"']?(?:https?:)?//",
        re.IGNORECASE,
    )
    for page in fixture_site.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in loads.finditer(text):
            tag = text[match.start() : text.index(">", match.start()) + 1]
            assert 'rel="canonical"' in tag or "alternate" in tag, (page, tag)
    for css in fixture_site.site.rglob("*.css"):
        assert not re.search(r"url\([\"']?(?:https?:)?//", css.read_text(encoding="utf-8")), css
    assert not list(fixture_site.site.rglob("*.woff*"))  # font: false, system fonts only


def _tiny_project(root: Path, plugin: str = "search") -> Path:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content/index.md").write_text("# Bonjour\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        f"site_name: T\ndocs_dir: content\ntheme:\n  name: material\n  font: false\n"
        f"plugins:\n  - {plugin}\n",
        encoding="utf-8",
    )
    return root


def test_failed_build_keeps_the_old_site_and_says_why(tmp_path: Path) -> None:
    root = _tiny_project(tmp_path / "p")
    site = tmp_path / "site"
    build_site(root, site)
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    assert "Bonjour" in (site / "index.html").read_text(encoding="utf-8")
    _tiny_project(root, plugin="plugin-qui-n-existe-pas")
    (root / "content/index.md").write_text("# Au revoir\n", encoding="utf-8")
    with pytest.raises(BuildError, match="plugin-qui-n-existe-pas"):
        build_site(root, site)
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert "Bonjour" in (site / "index.html").read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_successful_build_replaces_the_site(tmp_path: Path) -> None:
    root = _tiny_project(tmp_path / "p")
    site = tmp_path / "site"
    (site / "stale").mkdir(parents=True)
    build_site(root, site)
    assert not (site / "stale").exists()
    assert (site / "index.html").exists()


def test_blog_shows_authors_categories_and_tags(fixture_site: BuiltSite) -> None:
    site = fixture_site.site
    article = (site / "blog/2026/06/reconnaitre-ses-ambassadeurs/index.html").read_text(
        encoding="utf-8"
    )
    assert "Claire Martin" in article and "Analyses" in article
    assert "relation client" in article  # a tag
    tags = (site / "tags/index.html").read_text(encoding="utf-8")
    assert "Orbis Télécom" in tags and "Rapport mensuel — septembre 2026" in tags
    blog = (site / "blog/index.html").read_text(encoding="utf-8")
    assert "Rapport mensuel — octobre 2026" in blog  # newest first, with its excerpt
    assert "l&#39;observatoire a relevé" in blog or "l'observatoire a relevé" in blog


def test_english_site_builds_in_english(tmp_path: Path, chart_cache: Path) -> None:
    from conftest import copy_project
    from render_fixture import make_config, make_health, make_observatory

    from generator.render.pages import write_content

    root = copy_project(tmp_path / "en")
    write_content(
        make_config("en"), make_observatory(), make_health(), root=root, chart_cache=chart_cache
    )
    build_site(root, root / "site")
    report = (root / "site/blog/2026/09/rapport-2026-09/index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in report
    assert "Monthly report — September 2026" in report
    assert "Change against August 2026." in report
    feed = feedparser.parse((root / "site/feed_rss_created.xml").read_bytes())
    assert not feed.bozo and feed.feed.language == "en"
