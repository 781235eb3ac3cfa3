"""The whole product: demo feeds served over HTTP -> collect (twice) -> build -> report pages.

The numbers on a monthly report page are checked against numbers computed here, independently
of the pipeline: straight from the feed XML with ElementTree, a plain regex brand matcher and
the documented counting rules (excluded authors out, undated backlog out, a word-for-word
syndicated article once).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, copy_project
from feedserver import serve_directory

from generator.cli import main
from generator.config import load_config
from generator.store import Store

DEMO_FEEDS = ROOT / "generator" / "data" / "demo" / "feeds"
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
PARIS = ZoneInfo("Europe/Paris")

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class RawPost:
    source: str
    author: str
    published: datetime | None
    title: str
    text: str


def plain(markup: str) -> str:
    without_blocks = re.sub(r"(?is)<(script|style|iframe)\b.*?</\1\s*>", " ", markup or "")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", without_blocks)).split())


def read_feed(path: Path, source: str) -> list[RawPost]:
    tree = ElementTree.parse(path).getroot()
    found = []
    if tree.tag == f"{ATOM}feed":
        for entry in tree.iter(f"{ATOM}entry"):
            stamp = entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated")
            body = entry.findtext(f"{ATOM}content") or entry.findtext(f"{ATOM}summary") or ""
            if not body:  # YouTube-like: the description lives in media:group
                body = " ".join(e.text or "" for e in entry.iter() if e.tag.endswith("description"))
            found.append(
                RawPost(
                    source=source,
                    author=entry.findtext(f"{ATOM}author/{ATOM}name") or "",
                    published=datetime.fromisoformat(stamp) if stamp else None,
                    title=plain(entry.findtext(f"{ATOM}title") or ""),
                    text=plain(body),
                )
            )
    else:
        for item in tree.iter("item"):
            stamp = item.findtext("pubDate")
            body = item.findtext(f"{CONTENT}encoded") or item.findtext("description") or ""
            found.append(
                RawPost(
                    source=source,
                    author=item.findtext(f"{DC}creator") or item.findtext("author") or "",
                    published=parsedate_to_datetime(stamp) if stamp else None,
                    title=plain(item.findtext("title") or ""),
                    text=plain(body),
                )
            )
    return found


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Mastodon wraps hashtags in links: the plain text reads "# sponsorisé".
SPONSORED = re.compile(
    r"#\s*sponsoris|#\s*partenariat|collaboration commerciale|en partenariat avec"
)


def expected_mentions() -> Counter[tuple[str, str]]:
    """(brand slug, YYYY-MM) -> earned mentions, computed from the feed files alone.

    Earned: sponsored posts (their markers) and posts by a brand's own staff are not counted.
    A brand's own source (`brand:` in the configuration) adds that brand to every post of it.
    """
    config = yaml.safe_load((ROOT / "observatoire.yml").read_text(encoding="utf-8"))
    excluded = {fold(a) for a in config["privacy"]["excluded_authors"]}
    staff = {
        b["slug"]: {fold(a) for a in b.get("staff", [])}
        for s in config["sectors"]
        for b in s["brands"]
    }
    patterns = {}
    for sector in config["sectors"]:
        for brand in sector["brands"]:
            names = [brand["name"], *brand.get("aliases", [])]
            names = {fold(n).lstrip("@") for n in names}
            alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            patterns[brand["slug"]] = re.compile(rf"(?<![\w]){'(?:' + alternatives + ')'}(?!\w)")
    seen_long_texts: set[tuple[str, str]] = set()
    counts: Counter[tuple[str, str]] = Counter()
    raw = []
    owner = {s["name"]: s["brand"] for s in config["sources"] if s.get("brand")}
    for source in config["sources"]:
        raw += read_feed(ROOT / source["path"], source["name"])
    raw.sort(key=lambda p: p.published or datetime.max.replace(tzinfo=PARIS))
    for post in raw:
        if post.published is None or fold(post.author) in excluded:
            continue
        whole = f"{post.title}\n{post.text}"
        if len(post.text) >= 140:
            key = (post.title, post.text)
            if key in seen_long_texts:
                continue
            seen_long_texts.add(key)
        month = post.published.astimezone(PARIS).strftime("%Y-%m")
        if SPONSORED.search(fold(whole)):
            continue
        for slug, pattern in patterns.items():
            about = pattern.search(fold(whole)) or owner.get(post.source) == slug
            if about and fold(post.author) not in staff[slug]:
                counts[(slug, month)] += 1
    return counts


def kpi_values(page: str, slug: str) -> dict[str, str]:
    """The KPI tile of one brand on a report page: metric -> displayed value."""
    section = re.search(rf'<section class="obs-card[^"]*"[^>]*kpi-{slug}".*?</section>', page, re.S)
    assert section, f"no KPI tile for {slug}"
    pairs = re.findall(
        r'obs-kpi--(\w+)">.*?<span class="obs-kpi__value">([^<]+)</span>', section.group(), re.S
    )
    return dict(pairs)


def french_percent(value: float) -> str:
    return f"{value * 100:.1f}".replace(".", ",") + "\xa0%"


@pytest.fixture(scope="module")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo configuration rewritten to fetch its feeds over HTTP, collected twice, built."""
    root = copy_project(tmp_path_factory.mktemp("demo"))
    config = yaml.safe_load((ROOT / "observatoire.yml").read_text(encoding="utf-8"))
    runner = CliRunner()
    with serve_directory(DEMO_FEEDS) as base_url:
        for source in config["sources"]:
            source["url"] = base_url + Path(source.pop("path")).name
        (root / "observatoire.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
        first = runner.invoke(
            main, ["collect", "--quiet", "--config", str(root / "observatoire.yml")]
        )
        assert first.exit_code == 0, first.output
        with Store(load_config(root / "observatoire.yml").store_url) as store:
            keys_after_first = store.post_keys()
        second = runner.invoke(
            main, ["collect", "--quiet", "--force", "--config", str(root / "observatoire.yml")]
        )
        assert second.exit_code == 0, second.output
        with Store(load_config(root / "observatoire.yml").store_url) as store:
            assert store.post_keys() == keys_after_first, "a second collection changed the posts"
    built = runner.invoke(main, ["build", "--config", str(root / "observatoire.yml")])
    assert built.exit_code == 0, built.output
    return root


def test_collecting_twice_stores_nothing_twice(demo_project: Path) -> None:
    with Store(load_config(demo_project / "observatoire.yml").store_url) as store:
        keys = store.post_keys()
    assert len(keys) == len(set(keys))
    assert len(keys) == sum(len(read_feed(p, p.name)) for p in DEMO_FEEDS.iterdir())


def test_site_has_home_and_a_report_per_month_with_charts(demo_project: Path) -> None:
    site = demo_project / "site"
    assert (site / "index.html").exists()
    months = sorted({month for _, month in expected_mentions()})
    assert len(months) >= 6
    for month in months:
        page = site / "blog" / month[:4] / month[5:] / f"rapport-{month}" / "index.html"
        assert page.exists(), f"no report page for {month}"
    august = (site / "blog/2026/08/rapport-2026-08/index.html").read_text(encoding="utf-8")
    assert august.count("<svg") >= 4, "the report's charts are missing"
    assert "<script>alert" not in august


def test_report_numbers_equal_an_independent_count(demo_project: Path) -> None:
    counts = expected_mentions()
    config = load_config(demo_project / "observatoire.yml")
    slugs = [brand.slug for brand in config.brands]
    for month in ("2026-05", "2026-08", "2026-09"):
        path = demo_project / "site/blog" / month[:4] / month[5:] / f"rapport-{month}/index.html"
        page = path.read_text(encoding="utf-8")
        total = sum(counts[(slug, month)] for slug in slugs)
        assert total > 0
        for slug in slugs:
            tiles = kpi_values(page, slug)
            assert tiles["mentions"] == str(counts[(slug, month)]), (slug, month)
            assert tiles["sov"] == french_percent(counts[(slug, month)] / total), (slug, month)
        assert f"relevé {total} mentions" in page


def test_open_data_csv_matches_the_independent_count(demo_project: Path) -> None:
    import pandas as pd

    counts = expected_mentions()
    csv_files = list((demo_project / "site").rglob("*.csv"))
    assert csv_files, "no open-data CSV in the site"
    monthly = pd.concat(pd.read_csv(path) for path in csv_files if "mentions" in path.read_text())
    monthly = monthly.drop_duplicates(subset=["brand", "month"])
    for (slug, month), expected in counts.items():
        row = monthly[(monthly["brand"] == slug) & (monthly["month"] == month)]
        assert int(row["mentions"].iloc[0]) == expected, (slug, month)


def test_no_raw_author_name_reaches_the_site(demo_project: Path) -> None:
    private = {"Julie_M", "Karim.B", "Sophie_L", "Marc_D", "Nadia_R", "Thomas_G", "Paul_Retrait"}
    for path in (demo_project / "site").rglob("*"):
        if path.suffix in {".html", ".xml", ".json", ".csv", ".txt"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            leaked = [name for name in private if name in text]
            assert not leaked, f"{path.relative_to(demo_project)} names {leaked}"


def _report_page(project: Path, month: str) -> Path:
    return project / "site/blog" / month[:4] / month[5:] / f"rapport-{month}/index.html"


def test_every_report_reads_like_an_editor_wrote_it(demo_project: Path) -> None:
    """Lead, crisis banner, points and recommendations of every month, as published."""
    from test_report_truth import FORBIDDEN

    months = sorted({month for _, month in expected_mentions()})
    for month in months:
        page = _report_page(demo_project, month).read_text(encoding="utf-8")
        blocks = re.findall(
            r'<p class="obs-lead">(.*?)</p>|<ul class="obs-(?:summary|todo)">(.*?)</ul>', page, re.S
        )
        text = html.unescape(re.sub(r"<[^>]+>", "\n", " ".join(a + b for a, b in blocks)))
        sentences = [line.strip() for line in text.splitlines() if line.strip()]
        assert len(sentences) >= 4, month
        for sentence in sentences:
            for name, pattern in FORBIDDEN.items():
                assert not pattern.search(sentence), (month, name, sentence)
    august = _report_page(demo_project, "2026-08").read_text(encoding="utf-8")
    feed = (demo_project / "site/feed_rss_created.xml").read_text(encoding="utf-8")
    item = re.search(r"<item>(?:(?!</item>).)*rapport-2026-08.*?</item>", feed, re.S)
    assert item and "Crise chez Fibralis" in html.unescape(item.group()), "RSS item"
    assert 'content="Crise chez Fibralis' in august, "page description (social cards)"


@pytest.mark.parametrize("width", [1280, 390])
def test_august_report_says_the_crisis_first_on_laptop_and_phone(
    demo_project: Path, width: int
) -> None:
    """What a communications director sees first: the crisis, and its tiles in red words."""
    from conftest import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve

    require_chromium()
    from playwright.sync_api import sync_playwright

    url, server = serve(demo_project / "site")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(url + "blog/2026/08/rapport-2026-08/", wait_until="networkidle")
            content = page.locator(".md-content__inner")
            first_text = content.locator("h1 ~ p").first.inner_text()
            assert first_text.startswith("Crise chez Fibralis du 11 au 15 août 2026")
            banner = content.locator(".obs-crisis-banner").first
            cards = content.locator(".obs-cards")
            banner_box, cards_box = banner.bounding_box(), cards.bounding_box()
            assert banner_box and cards_box and banner_box["y"] < cards_box["y"]
            assert banner.is_visible() and "Fibralis" in banner.inner_text()
            first_card = cards.locator(".obs-card").first
            assert first_card.locator(".obs-card__title").inner_text() == "Fibralis"
            delta = first_card.locator(".obs-kpi--mentions .obs-delta")
            assert "défavorable" in delta.inner_text()
            colour = delta.evaluate("e => getComputedStyle(e).color")
            down = page.evaluate(
                "() => { const s = document.createElement('span');"
                " s.style.color = 'var(--obs-down)'; document.body.append(s);"
                " const c = getComputedStyle(s).color; s.remove(); return c; }"
            )
            assert colour == down, (colour, down)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
