"""The built French site read as a reader would: titles once, tags by date, no English or raw
field names, no missing value printed ("None", "nan").
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
from conftest import ROOT, BuiltSite

from generator.render.pages import health_rows, make_env

MONTHS_FR = {
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}  # fmt: skip
REPORT_TITLE = re.compile(r"Rapport mensuel — (\w+) (\d{4})")


class _Text(HTMLParser):
    """The words a reader sees in <article>: no script, style, SVG, nor code (file names)."""

    SKIP = frozenset({"script", "style", "svg", "code", "pre"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.article = 0
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.article += tag == "article"
        self.skip += tag in self.SKIP

    def handle_endtag(self, tag: str) -> None:
        self.article -= tag == "article"
        self.skip -= tag in self.SKIP

    def handle_data(self, data: str) -> None:
        if self.article > 0 and self.skip == 0:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _month_key(title: str) -> tuple[int, int]:
    match = REPORT_TITLE.search(title)
    assert match, title
    return int(match.group(2)), MONTHS_FR[match.group(1)]


def test_each_report_title_is_shown_once_on_the_blog_index(fixture_site: BuiltSite) -> None:
    for page in ("blog/index.html", "blog/page/2/index.html"):
        html = (fixture_site.site / page).read_text(encoding="utf-8")
        articles = re.findall(r"<article class=\"md-post.*?</article>", html, re.S)
        assert articles, page
        for article in articles:
            headings = re.findall(r"<h2[^>]*>(.*?)</h2>", article, re.S)
            assert len(headings) == 1, (page, headings)  # the linked title, and no copy of it


def test_the_tags_page_lists_each_tag_newest_first(fixture_site: BuiltSite) -> None:
    html = (fixture_site.site / "tags/index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    sections = re.findall(r'<h2 id="tag:[^"]*">(.*?)</h2>\s*<ul>(.*?)</ul>', article, re.S)
    headings = re.findall(r'<h2 id="tag:', article)
    assert sections and len(sections) == len(headings)  # every heading has its list
    for heading, items in sections:
        assert re.sub(r"<[^>]+>", "", heading).strip(), "a tag heading without words"
        titles = [t.strip() for t in re.findall(r"<a [^>]*>(.*?)</a>", items, re.S)]
        assert titles, heading
        reports = [_month_key(t) for t in titles if REPORT_TITLE.search(t)]
        assert reports == sorted(reports, reverse=True), (heading, titles)
    orbis = next(items for heading, items in sections if "Orbis Télécom" in heading)
    assert len(REPORT_TITLE.findall(orbis)) == 13  # every month of the fixture


def test_material_speaks_correct_french(fixture_site: BuiltSite) -> None:
    report = (fixture_site.site / "blog/2026/09/rapport-2026-09/index.html").read_text(
        encoding="utf-8"
    )
    assert "Métadonnées" in report
    for page in fixture_site.site.rglob("*.html"):
        assert "Metadonnées" not in page.read_text(encoding="utf-8"), page


def test_source_kinds_are_words_on_the_sources_page() -> None:
    health = pd.DataFrame(
        [
            {"name": n, "kind": k, "consecutive_failures": 0, "last_success": None, "posts": 3}
            for n, k in [
                ("Actu", "news"),
                ("Avis", "review"),
                ("Piaf", "social"),
                ("Tube", "video"),
            ]
        ]
        + [
            {
                "name": "Cassé",
                "kind": "blog",
                "consecutive_failures": 2,
                "last_error": "HTTP 500",
                "posts": 0,
            }
        ]
    )
    html = (
        make_env(ROOT / "templates", "fr")
        .get_template("sources.md.j2")
        .render(ctx=None, lang="fr", page="sources.md", rows=health_rows(health))
    )
    cells = re.findall(r"</th><td>([^<]*)</td>", html)
    assert cells == ["actualités", "avis", "réseau social", "vidéo", "blog"]
    errors = re.findall(r"<td>([^<]*)</td></tr>", html)
    assert errors == ["", "", "", "", "HTTP 500"]  # a missing error is blank, not "nan"


def test_the_methodology_names_the_engagement_counters_in_french(fixture_site: BuiltSite) -> None:
    text = visible_text((fixture_site.site / "methodologie/index.html").read_text(encoding="utf-8"))
    assert "commentaires, réponses, mentions « j'aime » et nombre de notes" in text
    for raw in ("rating_count", "comments", "replies", "likes"):
        assert raw not in text


def test_no_raw_field_name_nor_missing_value_on_french_pages(fixture_site: BuiltSite) -> None:
    raw = re.compile(r"\b(?:[a-z]+_[a-z_]+|None|nan|NaN|null|undefined)\b")
    kinds = re.compile(r"<td>(?:news|review|social|video)</td>")
    for page in sorted(fixture_site.site.rglob("*.html")):
        if "assets" in page.parts or page.name == "404.html":
            continue
        html = page.read_text(encoding="utf-8")
        found = raw.findall(visible_text(html))
        assert not found, (page.relative_to(fixture_site.site), found)
        assert not kinds.search(html), page


def test_english_pages_keep_the_same_fixes(tmp_path: Path) -> None:
    """The raw names are words in English too (the catalog is not French-only)."""
    from generator.render.i18n import Wording
    from generator.render.labels import engagement_fields, source_kind

    w = Wording("en")
    assert engagement_fields(["comments", "rating_count"], w) == "comments and number of ratings"
    assert source_kind("social", w) == "social network"
