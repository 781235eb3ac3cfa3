"""`observatoire report --pdf`: the report printed by Chromium as a clean A4 document."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BuiltSite, require_chromium

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pdf(fixture_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_chromium()
    folder = tmp_path_factory.mktemp("pdf")
    config = folder / "observatoire.yml"
    config.write_text(
        "sectors:\n  - slug: telecom\n    name: Télécoms\n    brands: [{slug: orbis, name: O}]\n",
        encoding="utf-8",
    )
    out = folder / "rapport.pdf"
    # A separate process, as users run it (and Playwright's sync API allows one per thread).
    command = [sys.executable, "-m", "generator.cli", "report", "--config", str(config)]
    command += ["--site-dir", str(fixture_site.site), "--pdf", "2026-09", "--output", str(out)]
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        command, cwd=root, capture_output=True, text=True, timeout=180, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "written to" in result.stdout
    return out


def test_pdf_is_a4_with_page_numbers_and_no_navigation(pdf: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(pdf))
    pages = len(reader.pages)
    assert pages >= 2
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 in points
    texts = [page.extract_text() for page in reader.pages]
    assert "Rapport mensuel — septembre 2026" in texts[0]
    for number, text in enumerate(texts, start=1):
        assert f"{number} / {pages}" in text
    everything = "\n".join(texts)
    assert "Retourner à l'index" not in everything  # no navigation
    assert "Rechercher" not in everything  # no search box
    assert "Voir les données du graphique" not in everything  # tables stay online
    assert "Crise chez Orbis Télécom" in everything


def test_unknown_month_is_a_clear_error(fixture_site: BuiltSite, tmp_path: Path) -> None:
    from generator.cli import main

    config = tmp_path / "observatoire.yml"
    config.write_text(
        "sectors:\n  - slug: telecom\n    name: T\n    brands: [{slug: orbis, name: O}]\n",
        encoding="utf-8",
    )
    args = ["report", "--config", str(config), "--site-dir", str(fixture_site.site)]
    result = CliRunner().invoke(main, [*args, "--pdf", "2031-01"])
    assert result.exit_code == 1 and "no report for 2031-01" in result.output
    result = CliRunner().invoke(main, [*args, "--pdf", "2031-13"])
    assert result.exit_code == 2
