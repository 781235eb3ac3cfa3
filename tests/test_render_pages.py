"""write_content: generated pages, escaping, open data, stale files, config-driven mkdocs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import copy_project
from render_fixture import (
    HOSTILE_EXCERPT,
    make_config,
    make_health,
    make_observatory,
)

from generator.errors import BuildError
from generator.render import pages
from generator.render.pages import MARKER, write_content


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, chart_cache: Path) -> tuple[Path, list[Path]]:
    root = copy_project(tmp_path_factory.mktemp("pages"))
    paths = write_content(
        make_config(), make_observatory(), make_health(), root=root, chart_cache=chart_cache
    )
    return root, paths


def test_every_page_is_written_and_marked(written: tuple[Path, list[Path]]) -> None:
    root, paths = written
    content = root / "content"
    names = {p.relative_to(content).as_posix() for p in paths}
    for month in make_observatory().months:
        assert f"blog/posts/rapports/{month}.md" in names
        assert f"donnees/{month}.csv" in names and f"donnees/{month}.json" in names
    for page in ["index.md", "ambassadeurs.md", "methodologie.md", "sources.md", "donnees.md"]:
        assert page in names
    assert {"marques/orbis.md", "marques/helia.md", "marques/nova.md"} <= names
    listed = set((content / ".generated").read_text().split())
    assert listed == names
    for path in paths:
        if path.suffix == ".md":
            head = "".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:3])
            assert MARKER in head or pages.YAML_MARKER in head, path


def test_report_front_matter_makes_a_dated_post_in_its_category(
    written: tuple[Path, list[Path]],
) -> None:
    root, _ = written
    text = (root / "content/blog/posts/rapports/2026-02.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["categories"] == ["Rapports mensuels"]
    assert str(meta["date"]["created"]) == "2026-02-28"
    assert meta["slug"] == "rapport-2026-02"
    assert "<!-- more -->" in text
    assert meta["title"] == "Rapport mensuel — février 2026"


def test_collected_text_is_escaped_everywhere(written: tuple[Path, list[Path]]) -> None:
    root, paths = written
    for path in paths:
        if path.suffix != ".md":
            continue
        text = path.read_text(encoding="utf-8")
        assert "<script" not in text, path
        assert "<img src=x" not in text, path
        assert 'href="javascript:' not in text, path
        assert "<i>Lecteur</i>" not in text and "<b>Orbis</b>" not in text, path
    crisis = (root / "content/blog/posts/rapports/2026-09.md").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in crisis
    # The Markdown link in the excerpt sits in a raw HTML block, so it stays text.
    assert "[cliquez](javascript:alert(&#39;md&#39;))" in crisis
    assert "zébulon-marqueur" in crisis and HOSTILE_EXCERPT.startswith("Regardez")


def test_markdown_outside_html_blocks_is_neutralised() -> None:
    assert str(pages.md_text("[x](javascript:y) *a* <b>")) == (
        r"\[x\]\(javascript:y\) \*a\* &lt;b&gt;"
    )
    assert pages.safe_url("javascript:alert(1)") is None
    assert pages.safe_url(" https://ex.org/a?b=1 ") == "https://ex.org/a?b=1"
    assert pages.safe_url('https://ex.org/"onmouseover=x') is None


def test_open_data_per_month_without_author_names(written: tuple[Path, list[Path]]) -> None:
    root, _ = written
    data = root / "content/donnees"
    frame = pd.read_csv(data / "2026-10.csv")
    assert set(frame["brand"]) == {"orbis", "helia", "nova"}
    assert (frame["month"] == "2026-10").all()
    doc = json.loads((data / "2026-10.json").read_text(encoding="utf-8"))
    assert doc["month"] == "2026-10" and len(doc["brands"]) == 3
    assert "author" not in frame.columns and "author" not in doc["brands"][0]
    everything = pd.read_csv(data / "metriques-mensuelles.csv")
    assert len(everything) == 13 * 3


def test_generated_mkdocs_config_follows_observatoire_yml(
    written: tuple[Path, list[Path]],
) -> None:
    root, _ = written
    generated = yaml.safe_load((root / pages.GENERATED_CONFIG).read_text(encoding="utf-8"))
    assert generated["site_url"] == "https://observatoire.example.org/"
    assert generated["site_name"] == "Observatoire de test"
    assert generated["theme"]["language"] == "fr"
    schemes = [(p["scheme"], p["toggle"]["name"]) for p in generated["theme"]["palette"]]
    assert schemes == [("default", "Passer en mode sombre"), ("slate", "Passer en mode clair")]
    assert "INHERIT: mkdocs.generated.yml" in (root / "mkdocs.yml").read_text()


def test_summary_says_the_crisis_first_then_the_movement_and_what_to_do(
    written: tuple[Path, list[Path]],
) -> None:
    root, _ = written
    text = (root / "content/blog/posts/rapports/2026-09.md").read_text(encoding="utf-8")
    lead = text.split('<p class="obs-lead">')[1].split("</p>")[0]
    assert lead.startswith("Crise chez Orbis Télécom du 10 au 14 septembre 2026\u00a0: ")
    summary = text.split('<ul class="obs-summary">')[1].split("</ul>")[0]
    assert (
        "Les mentions d&#39;Orbis Télécom passent de 39 à 119 (+205\xa0%), du fait de la crise."
        in summary
    )
    assert "Hélia Mobile\u00a0: 1 contenu sponsorisé (250 interactions), compté à part" in summary
    todo = text.split('<ul class="obs-todo">')[1].split("</ul>")[0]
    assert "Orbis Télécom\u00a0: publier un point de situation" in todo
    assert "Orbis Télécom\u00a0: remercier Lecteur 00af, qui a recommandé la marque 3 fois." in todo


def test_rebuild_removes_stale_pages_but_never_hand_written_ones(
    tmp_path: Path, chart_cache: Path
) -> None:
    root = copy_project(tmp_path / "p")
    observatory = make_observatory()
    write_content(make_config(), observatory, make_health(), root=root, chart_cache=chart_cache)
    content = root / "content"
    hand = content / "blog/posts/rapports/notes.md"
    hand.write_text("# Mes notes\n", encoding="utf-8")
    listing = content / ".generated"
    listing.write_text(listing.read_text() + "blog/posts/rapports/notes.md\n")
    observatory.months = observatory.months[1:]
    write_content(make_config(), observatory, make_health(), root=root, chart_cache=chart_cache)
    assert not (content / "blog/posts/rapports/2025-10.md").exists()
    assert not (content / "donnees/2025-10.csv").exists()
    assert (content / "blog/posts/rapports/2025-11.md").exists()
    assert hand.read_text() == "# Mes notes\n"
    assert (content / "blog/posts/ambassadeurs-clients.md").exists()


def test_a_hand_written_page_is_never_overwritten(tmp_path: Path, chart_cache: Path) -> None:
    root = copy_project(tmp_path / "p")
    (root / "content/sources.md").write_text("# Écrit à la main\n", encoding="utf-8")
    with pytest.raises(BuildError, match="hand-written"):
        write_content(
            make_config(), make_observatory(), make_health(), root=root, chart_cache=chart_cache
        )
    assert (root / "content/sources.md").read_text(encoding="utf-8") == "# Écrit à la main\n"


def test_english_site_when_configured(tmp_path: Path, chart_cache: Path) -> None:
    root = copy_project(tmp_path / "p")
    write_content(
        make_config("en"), make_observatory(), make_health(), root=root, chart_cache=chart_cache
    )
    text = (root / "content/blog/posts/rapports/2026-09.md").read_text(encoding="utf-8")
    assert "Monthly report — September 2026" in text
    assert "Crisis at Orbis Télécom from " in text and "What to do" in text
    assert re.search(r"41\.5%", text)
    generated = yaml.safe_load((root / pages.GENERATED_CONFIG).read_text(encoding="utf-8"))
    assert generated["theme"]["language"] == "en"
    assert generated["theme"]["custom_dir"] == str(pages.THEME_DIR)  # corrected strings, feed link
    assert generated["extra"]["feed"]["label"] == "Subscribe (RSS)"


def workbook_text(path: Path) -> str:
    """Every cell of an Excel workbook as text (its XML is compressed)."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def test_real_aggregate_output_renders(tmp_path: Path, chart_cache: Path) -> None:
    """The contract both ways: what generator.aggregate.compute returns, write_content takes."""
    import synthetic  # bench/synthetic.py, on sys.path through conftest.py

    from generator import aggregate

    config = synthetic.synthetic_config(n_brands=3)
    mentions = synthetic.synthetic_mentions(3000, n_brands=3, n_months=14)
    observatory = aggregate.compute(mentions, config)
    root = copy_project(tmp_path / "p")
    paths = write_content(config, observatory, None, root=root, chart_cache=chart_cache)
    assert any(p.name == f"{observatory.months[-1]}.md" for p in paths)
    # Authors of sources that consented may be named; nobody else may appear.
    raw_authors = set(mentions.loc[~mentions["source_named"], "author"]) - {""}
    raw_authors -= set(mentions.loc[mentions["source_named"], "author"])
    for path in paths:
        if path.suffix == ".png":  # share cards: pixels of a chart of aggregates (social.py)
            continue
        text = workbook_text(path) if path.suffix == ".xlsx" else path.read_text(encoding="utf-8")
        leaked = [a for a in raw_authors if len(a) > 5 and a in text]
        assert not leaked, (path, leaked[:3])
