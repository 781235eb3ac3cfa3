"""`observatoire brands test|explain|match` on a real SQLite store and real CSV files."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import load_config
from generator.records import FeedEntry
from generator.store import Store

CONFIG = """
store: {{url: "sqlite:///{db}"}}
sectors:
  - slug: telecom
    name: Télécoms
    brands:
      - slug: orange
        name: Orange
        aliases: ["Livebox*"]
        ambiguous: [Orange]
        context: [forfait, fibre, opérateur]
        exclude: [Orange mécanique, alerte orange]
      - slug: free
        name: Free
        aliases: [Freebox, Free Mobile]
  - slug: courrier
    name: Courrier
    brands:
      - {{slug: la-poste, name: La Poste, exclude: [poste à pourvoir]}}
sources:
  - {{name: Forum, url: "https://forum.example/feed", kind: forum}}
  - {{name: Communauté Free, url: "https://free.example/feed", kind: forum, brand: Free}}
"""

POSTS = [
    ("Forum", "2026-09-03", "Panne", "Ma fibre Orange est coupée depuis hier"),
    ("Forum", "2026-09-10", "Cinéma", "Revu Orange mécanique, un chef-d'œuvre"),
    ("Forum", "2026-10-01", "Météo", "Alerte orange sur la Provence"),
    ("Forum", "2026-10-02", "Bilan", "Orange publie ses résultats"),
    ("Forum", "2026-10-05", "Box", "Ma Livebox redémarre en boucle"),
    ("Forum", "2026-10-06", "Colis", "La Poste a perdu mon colis"),
    ("Communauté Free", "2026-10-07", "Aide", "Mon décodeur ne s'allume plus"),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    config_file = tmp_path / "observatoire.yml"
    config_file.write_text(CONFIG.format(db=tmp_path / "obs.db"), encoding="utf-8")
    config = load_config(config_file)
    with Store(config.store_url) as store:
        ids = store.sync_sources(config.sources)
        for n, (source, day, title, text) in enumerate(POSTS):
            entry = FeedEntry(
                guid=f"p{n}",
                url=f"https://forum.example/p{n}",
                title=title,
                author="x",
                published=datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC),
                text=text,
                html=f"<p>{text}</p>",
                content_hash=f"h{n}",
            )
            store.save_entries(ids[source], [entry])
    return config_file


def run(*args: str) -> tuple[int, str]:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_brands_test_counts_per_month_and_shows_what_the_rules_remove(project: Path) -> None:
    code, out = run("brands", "test", "Orange", "--config", str(project))
    assert code == 0, out
    assert "2 of 7 posts match" in out
    assert "remove 3" in out
    lines = {line.split("│")[1].strip(): line for line in out.splitlines() if "2026-" in line}
    assert "1" in lines["2026-09"].split("│")[2] and "1" in lines["2026-09"].split("│")[3]
    assert "inside excluded 'Orange mécanique'" in out
    assert "without a context word nearby" in out
    assert "'Orange' near 'fibre'" in out


def test_brands_test_with_a_query_and_a_month(project: Path) -> None:
    code, out = run(
        "brands", "test", "orange", "--query", "Orange NOT mécanique", "--month", "2026-09",
        "--config", str(project),
    )  # fmt: skip
    assert code == 0, out
    assert "with the --query given: 1 of 2 posts match" in out
    code, out = run("brands", "test", "orange", "--query", "Orange AND", "--config", str(project))
    assert code == 2 and "the query ends where a term was expected" in out


def test_brands_test_counts_the_brands_own_sources_and_warns_on_outsized_terms(
    project: Path,
) -> None:
    code, out = run("brands", "test", "Free", "--config", str(project))
    assert code == 0, out
    assert "1 of 7 posts match, 1 through the brand's own sources" in out
    code, out = run("brands", "test", "nobody", "--config", str(project))
    assert code == 1 and "no brand 'nobody'" in out and "la-poste (La Poste)" in out


def test_brands_explain(project: Path) -> None:
    code, out = run("brands", "explain", "2", "--config", str(project))
    assert code == 0, out
    assert "Orange (orange): no match" in out
    assert "ignored, inside excluded 'Orange mécanique'" in out
    code, out = run("brands", "explain", "1", "--config", str(project))
    assert "counts, context word 'fibre' nearby" in out
    code, out = run("brands", "explain", "7", "--config", str(project))
    assert "Free (free): matches" in out and "declared as the brand's own" in out
    code, out = run("brands", "explain", "99", "--config", str(project))
    assert code == 1 and "no post 99" in out


def test_brands_match_writes_one_row_per_brand_found(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "label"])
        writer.writerow(["a", "Ma Livebox et ma Freebox, quel duo", "x"])
        writer.writerow(["b", "Orange mécanique, le film", "x"])
        writer.writerow(["c", 'Un texte avec "guillemets",\nune virgule et La Poste', "x"])
        writer.writerow(["d", "Mon décodeur ne s'allume plus", "x"])  # no source assumption
    out = tmp_path / "out.csv"
    code, log = run(
        "brands", "match", "--config", str(project), "--input", str(source), "--output", str(out)
    )
    assert code == 0, log
    assert "4 texts, 3 brand mentions" in log
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["id", "brand"], ["a", "Orange"], ["a", "Free"], ["c", "La Poste"]]


def test_brands_match_refuses_a_file_without_the_columns(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("identifier,body\n1,Orange\n", encoding="utf-8")
    code, out = run("brands", "match", "--config", str(project), "--input", str(source))
    assert code == 1
    assert "missing column 'id' and 'text'" in out and "found: identifier, body" in out
    code, out = run(
        "brands", "match", "--config", str(project), "--input", str(tmp_path / "nope.csv")
    )
    assert code == 1 and "nope.csv: cannot read" in out


def test_analyse_warns_when_one_term_matches_an_outsized_share(project: Path) -> None:
    quiet = CliRunner().invoke(main, ["analyse", "--config", str(project)])
    assert "warning" not in quiet.output  # 7 posts: too few to judge
    config = load_config(project)
    with Store(config.store_url) as store:
        ids = store.sync_sources(config.sources)
        filler = [
            FeedEntry(
                guid=f"f{n}",
                url=None,
                title="",
                author="y",
                published=datetime(2026, 10, 10, tzinfo=UTC),
                text=f"Ma Livebox numéro {n}",
                html="",
                content_hash=f"f{n}",
            )
            for n in range(30)
        ]
        store.save_entries(ids["Forum"], filler)
    result = CliRunner().invoke(main, ["analyse", "--config", str(project)])
    assert result.exit_code == 0, result.output
    # The 30 new posts: above a third, and above twice an even share of 3 brands (67 %).
    assert "warning: Orange: Livebox* alone matched 100% of the posts analysed" in result.output
