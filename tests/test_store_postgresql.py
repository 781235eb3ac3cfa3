"""The demo on a real PostgreSQL server: the same posts, to the last digit the same open data
(each month's CSV and JSON, the monthly metrics) and the same pages as the demo on SQLite."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from click.testing import CliRunner
from conftest import ROOT, BuiltSite, copy_project
from pg_server import PostgresServer

from generator.cli import main
from generator.config import load_config
from generator.pipeline import write_all_content
from generator.store import Store


def demo_config(root: Path, store_url: str) -> Path:
    """The demo's observatoire.yml in root, reading its bundled feeds, storing in store_url."""
    config = yaml.safe_load((ROOT / "observatoire.yml").read_text(encoding="utf-8"))
    for source in config["sources"]:
        if "path" in source:
            source["path"] = str(ROOT / source["path"])
    config.setdefault("store", {})["url"] = store_url
    path = root / "observatoire.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def same_svg_ids(page: str) -> str:
    """The page with Vega's gradient ids made equal: they count the charts the process drew
    before (session-wide), not anything in the data."""
    return re.sub(r"gradient_\d+", "gradient_N", page)


def test_the_demo_on_postgresql_matches_the_demo_on_sqlite(
    demo_site: BuiltSite, pg_server: PostgresServer, tmp_path: Path
) -> None:
    root = copy_project(tmp_path / "demo-pg", live_articles=True)
    url = pg_server.new_database()
    path = demo_config(root, url)
    result = CliRunner().invoke(main, ["collect", "--quiet", "--config", str(path)])
    assert result.exit_code == 0, result.output
    written = write_all_content(load_config(path))  # what `build` does before mkdocs
    assert written.mentions > 0

    with Store(f"sqlite:///{demo_site.root / 'data' / 'observatoire.db'}") as sqlite:
        expected_posts = sqlite.post_keys()
    with Store(url) as postgresql:
        assert postgresql.post_keys() == expected_posts
    assert len(expected_posts) > 100

    expected = sorted(
        p.relative_to(demo_site.root)
        for p in (demo_site.root / "content" / "donnees").iterdir()
        if p.suffix in {".csv", ".json"}
    )
    assert Path("content/donnees/metriques-mensuelles.csv") in expected
    assert Path("content/donnees/2026-08.json") in expected
    for name in expected:
        assert (root / name).read_bytes() == (demo_site.root / name).read_bytes(), name

    # Every generated page too: post ids (which follow the order in which collection finished
    # each source) must not decide anything a reader sees, e.g. the distinctive terms.
    listing = (demo_site.root / "content" / ".generated").read_text(encoding="utf-8")
    pages = [line.strip() for line in listing.splitlines() if line.strip().endswith(".md")]
    assert len(pages) > 10
    different = [
        page
        for page in pages
        if same_svg_ids((root / "content" / page).read_text(encoding="utf-8"))
        != same_svg_ids((demo_site.root / "content" / page).read_text(encoding="utf-8"))
    ]
    assert different == []
