"""`observatoire report --pdf`: a document, read back with pdftotext as a reader would see it.

Page 1 is a cover, page 2 the executive summary, then the detail; no web chrome on any page;
nothing fetched from the network; clear errors for an unknown month or a missing site.
"""

from __future__ import annotations

import html
import http.server
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from conftest import BuiltSite, require_chromium, require_tool

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CONFIG = "sectors:\n  - slug: telecom\n    name: Télécoms\n    brands: [{slug: orbis, name: O}]\n"
# Words of the web page around the report that must never reach paper.
CHROME = [
    "Aller au contenu",
    "Rechercher",
    "Retourner à l'index",
    "Metadonnées",
    "Métadonnées",
    "min de lecture",
    "Accueil",
    "L'équipe de l'observatoire",
    "Voir les données du graphique",
    "Made with",
    "Material for MkDocs",
]


def run_report(site: Path, month: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """The command in its own process, as users run it (Playwright's sync API wants its
    own thread's event loop)."""
    config = folder / "observatoire.yml"
    config.write_text(CONFIG, encoding="utf-8")
    out = folder / f"rapport-{month}.pdf"
    command = [sys.executable, "-m", "generator.cli", "report", "--config", str(config)]
    command += ["--site-dir", str(site), "--pdf", month, "--output", str(out)]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=180, check=False
    )


def pages_text(pdf: Path) -> list[str]:
    """pdftotext's reading of each page (form feeds separate pages)."""
    pdftotext = require_tool("pdftotext", "poppler-utils")
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def lead_of(site: Path, month: str) -> str:
    page = site / f"blog/{month[:4]}/{month[5:]}/rapport-{month}/index.html"
    found = re.search(r'<p class="obs-lead">(.*?)</p>', page.read_text(encoding="utf-8"), re.S)
    assert found, "the report has no lead"
    return squash(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))))


@pytest.fixture(scope="module")
def printed(
    fixture_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[str]]:
    """The fixture site's crisis month (2026-09) and a quiet month (2026-08), printed."""
    require_chromium()
    out = {}
    for month in ("2026-09", "2026-08"):
        folder = tmp_path_factory.mktemp(f"pdf-{month}")
        result = run_report(fixture_site.site, month, folder)
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"report for {month} written to" in result.stdout
        pdf = folder / f"rapport-{month}.pdf"
        pypdf = pytest.importorskip("pypdf")
        first = pypdf.PdfReader(str(pdf)).pages[0]
        assert abs(float(first.mediabox.width) - 595) < 2  # A4 in points
        assert abs(float(first.mediabox.height) - 842) < 2
        out[month] = pages_text(pdf)
    return out


def test_page_one_is_a_cover(printed: dict[str, list[str]]) -> None:
    cover = squash(printed["2026-09"][0])
    assert cover.startswith("Observatoire de test"), "the cover opens with the observatory"
    assert "Rapport mensuel" in cover and "Septembre 2026" in cover
    assert "marques suivies" in cover.lower()  # printed in capitals by the stylesheet
    for brand in ("Hélia Mobile", "Nova Box", "Orbis Télécom"):
        assert brand in cover
    assert re.search(r"Publié le \d{1,2}(er)? \w+ \d{4}", cover)
    assert not re.search(r"\b1\s*/\s*\d", cover), "no page number on the cover"
    assert "Rapport mensuel —" not in cover, "no running header on the cover"
    assert "Crise" not in cover and "Mentions" not in cover, "the cover holds only the cover"


def test_page_two_is_the_executive_summary(
    printed: dict[str, list[str]], fixture_site: BuiltSite
) -> None:
    summary = squash(printed["2026-09"][1])
    assert "Synthèse" in summary
    assert lead_of(fixture_site.site, "2026-09")[:80] in summary, "the headline"
    assert "Crise : Orbis Télécom" in summary, "the crisis banner"
    for label in ("Mentions", "Part de voix", "Sentiment net", "Indice de réputation"):
        assert label in summary, f"KPI tile {label}"
    assert "Comparaison des marques" in summary and "Moyenne du secteur" in summary
    assert "Que faire" in summary
    assert "Rapport mensuel — septembre 2026" in summary, "running header"
    detail = squash(printed["2026-09"][2])
    assert "Synthèse" not in detail and "Que faire" not in detail, "the summary is one page"
    assert "Ce qui a changé" in detail, "the detail starts on page 3"


def test_a_month_without_crisis_skips_the_banner(
    printed: dict[str, list[str]], fixture_site: BuiltSite
) -> None:
    pages = printed["2026-08"]
    assert "Août 2026" in squash(pages[0])
    summary = squash(pages[1])
    assert lead_of(fixture_site.site, "2026-08")[:80] in summary
    assert "Crise :" not in summary and "Mentions" in summary


def test_no_web_chrome_and_numbered_pages(printed: dict[str, list[str]]) -> None:
    for month, pages in printed.items():
        assert len(pages) >= 4, month
        everything = "\n".join(pages)
        for words in CHROME:
            assert words not in everything, f"{month}: web chrome {words!r} on paper"
        for number, text in enumerate(pages[1:], start=2):
            assert re.search(rf"\b{number}\s*/\s*{len(pages)}\b", text), f"{month}: p. {number}"


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def recorder() -> Iterator[str]:
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_nothing_is_fetched_from_the_network(tmp_path: Path, recorder: str) -> None:
    """A report page that asks for a remote image, stylesheet and script gets none of them."""
    require_chromium()
    site = tmp_path / "site"
    page = site / "blog/2026/09/rapport-2026-09"
    page.mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (page / "index.html").write_text(
        f"""<!doctype html><html lang="fr"><head><title>R - Site</title>
<link rel="stylesheet" href="{recorder}style.css"><script src="{recorder}app.js"></script>
</head><body><article class="md-content__inner md-typeset"><h1>Rapport</h1>
<p class="obs-lead">Tout va bien.</p><img src="{recorder}pixel.png" alt=""></article>
</body></html>""",
        encoding="utf-8",
    )
    result = run_report(site, "2026-09", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _Recorder.hits == [], f"requests reached the network: {_Recorder.hits}"
    assert "Tout va bien." in squash(pages_text(tmp_path / "rapport-2026-09.pdf")[1])


def test_unknown_month_and_missing_site_are_clear_errors(
    fixture_site: BuiltSite, tmp_path: Path
) -> None:
    from generator.cli import main

    config = tmp_path / "observatoire.yml"
    config.write_text(CONFIG, encoding="utf-8")
    args = ["report", "--config", str(config), "--site-dir", str(fixture_site.site)]
    result = CliRunner().invoke(main, [*args, "--pdf", "2031-01"])
    assert result.exit_code == 1 and "no report for 2031-01" in result.output
    assert "2026-09" in result.output, "the message lists the months there are"
    result = CliRunner().invoke(main, [*args, "--pdf", "2031-13"])
    assert result.exit_code == 2 and "YYYY-MM" in result.output
    missing = ["report", "--config", str(config), "--site-dir", str(tmp_path / "nowhere")]
    result = CliRunner().invoke(main, [*missing, "--pdf", "2026-09"])
    assert result.exit_code == 1 and "no built site" in result.output
    assert "observatoire build" in result.output
    assert not (tmp_path / "rapport-2026-09.pdf").exists()
