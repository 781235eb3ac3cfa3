"""Share metadata (Open Graph, Twitter cards) and the PNG cards drawn at build time."""

from __future__ import annotations

import struct
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.render import social
from generator.render.pages import THEME_DIR

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = yaml.safe_load((ROOT / "observatoire.yml").read_text(encoding="utf-8"))["site"]["url"]
CRISIS = "Crise chez Fibralis du 11 au 15 août 2026"


class _Head(HTMLParser):
    """The `<meta property|name=... content=...>` tags and the canonical link of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta.setdefault(a.get("property") or a["name"], []).append(a.get("content", ""))
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]


def _head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _site_file(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return site / url.removeprefix(SITE_URL)


def _share_urls(head: _Head) -> list[str]:
    return [
        value
        for key, values in head.meta.items()
        if key.startswith(("og:", "twitter:", "article:"))
        for value in values
        if "://" in value
    ]


def test_august_report_shares_its_headline_chart(demo_site: Any) -> None:
    page = demo_site.site / "blog/2026/08/rapport-2026-08/index.html"
    head = _head(page)
    meta = {key: values[0] for key, values in head.meta.items()}
    url = SITE_URL + "blog/2026/08/rapport-2026-08/"
    assert head.canonical == url
    assert meta["og:url"] == url
    assert meta["og:type"] == "article"
    assert meta["og:locale"] == "fr_FR"
    assert meta["og:title"] == meta["twitter:title"] == "Rapport mensuel — août 2026"
    assert CRISIS in meta["og:description"]
    assert meta["twitter:description"] == meta["og:description"]
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["article:published_time"].startswith("2026-08-31")
    assert "Fibralis" in head.meta["article:tag"]
    image = meta["og:image"]
    assert image == meta["twitter:image"] == SITE_URL + "assets/cartes/2026-08.png"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert "Fibralis" in meta["og:image:alt"]  # the chart's description names the crisis
    assert _png_size(_site_file(demo_site.site, image)) == (1200, 630)
    urls = _share_urls(head)
    assert urls and all(u.startswith(SITE_URL) for u in urls), urls


def test_every_report_and_article_has_a_card(demo_site: Any) -> None:
    pages = sorted((demo_site.site / "blog").glob("20*/*/*/index.html"))
    assert len(pages) >= 3
    for page in pages:
        head = _head(page)
        assert head.meta.get("og:type") == ["article"], page
        assert head.meta["og:description"][0].strip(), page
        assert head.meta["og:url"] == [head.canonical], page
        image = _site_file(demo_site.site, head.meta["og:image"][0])
        assert _png_size(image) == (1200, 630), page
        assert all(u.startswith(SITE_URL) for u in _share_urls(head)), page
    # the card is no RSS enclosure: the feed plugin would give it no length (see main.html)
    assert 'length="None"' not in (demo_site.site / "feed_rss_created.xml").read_text("utf-8")
    # the home page is no article and falls back on the site's card and description
    home = _head(demo_site.site / "index.html")
    assert home.meta["og:type"] == ["website"]
    assert home.meta["og:image"] == [SITE_URL + social.SITE_CARD]


def test_site_card_escapes_its_text() -> None:
    png = social.site_card("Veille & <marques>", "Une description « longue » " * 20)
    assert struct.unpack(">II", png[16:24]) == (social.WIDTH, social.HEIGHT)


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-page mkdocs-material site with the observatory's theme: hand-written posts."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path_factory.mktemp("tiny-site")
    docs = root / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Accueil\n\nBienvenue.\n", encoding="utf-8")
    (docs / "billet.md").write_text(
        "---\ndate: 2026-09-25\ntags: [crise]\n---\n\n# Un billet\n\n"
        'Le *premier* paragraphe, avec "guillemets" & 3 < 4.\n\nLe second.\n',
        encoding="utf-8",
    )
    (docs / "illustre.md").write_text(
        "---\ndate:\n  created: 2026-10-02\ndescription: Résumé écrit à la main.\n"
        "share_image: images/photo.jpg\nshare_image_alt: Une photo\n---\n\n# Illustré\n\nTexte.\n",
        encoding="utf-8",
    )
    config = {
        "site_name": "Observatoire test",
        "site_url": "https://exemple.test/obs/",
        "site_description": "Description du site",
        "docs_dir": str(docs),
        "site_dir": str(root / "site"),
        "theme": {"name": "material", "language": "fr", "custom_dir": str(THEME_DIR)},
        "extra": {
            "share_card": {
                "image": social.SITE_CARD,
                "alt": "La carte du site",
                "dir": social.CARD_DIR + "/",
            }
        },
        "plugins": [],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    build(load_config(config_file=str(root / "mkdocs.yml")))
    return root / "site"


def test_hand_written_post_describes_itself_by_its_first_paragraph(tiny_site: Path) -> None:
    head = _head(tiny_site / "billet" / "index.html")
    assert head.meta["og:description"] == ['Le premier paragraphe, avec "guillemets" & 3 < 4.']
    assert head.meta["og:type"] == ["article"]
    assert head.meta["article:published_time"][0].startswith("2026-09-25")
    assert head.meta["og:image"] == ["https://exemple.test/obs/" + social.SITE_CARD]
    assert head.meta["og:image:alt"] == ["La carte du site"]
    assert head.meta["og:image:width"] == ["1200"]


def test_front_matter_description_and_image_win(tiny_site: Path) -> None:
    head = _head(tiny_site / "illustre" / "index.html")
    assert head.meta["og:description"] == ["Résumé écrit à la main."]
    assert head.meta["og:image"] == ["https://exemple.test/obs/images/photo.jpg"]
    assert head.meta["twitter:image:alt"] == ["Une photo"]
    assert "og:image:width" not in head.meta  # its size is unknown: no made-up dimensions
    assert head.meta["article:published_time"][0].startswith("2026-10-02")
    home = _head(tiny_site / "index.html")
    assert home.meta["og:type"] == ["website"]
    assert home.meta["og:description"] == ["Description du site"]


def test_zensical_writes_the_same_share_tags(zensical_site: Any) -> None:
    """The theme override is portable Jinja: Zensical (MiniJinja) renders it too."""
    head = _head(zensical_site.site / "blog/2026/09/rapport-2026-09/index.html")
    assert head.meta["og:type"] == ["article"]
    assert head.meta["og:image"] == [SITE_URL + social.report_card_path("2026-09")]
    assert head.meta["og:url"] == [head.canonical]
    assert head.meta["twitter:card"] == ["summary_large_image"]
    assert _png_size(zensical_site.site / social.report_card_path("2026-09")) == (1200, 630)
