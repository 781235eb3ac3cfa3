"""Human corrections win over the analyser, survive re-analysis, and bad files say where."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

import generator.analyse as analyse_pkg
from generator.aggregate.mentions import shape_mentions
from generator.analyse import Analyser
from generator.analyse.corrections import CorrectionsError, load_corrections, parse_corrections
from generator.analyse.pipeline import analyse_store, excluded_authors, staff_authors
from generator.config import parse_config
from generator.records import FeedEntry
from generator.store import Store

CORRECTIONS = """
posts:
  - url: https://forum.example/p/sarcasm
    sentiment: negative
    note: sarcasm
  - guid: ad-1
    sponsored: true
  - guid: spam-1
    off_topic: true
authors:
  - {name: Orbis_Care, role: staff, brand: orbis}
  - {name: Troll42, role: excluded}
phrases:
  - {brand: orbis, phrase: Galère Zéro, polarity: neutral}
"""

CONFIG_TEXT = """
sectors:
  - slug: telecom
    name: Télécoms
    brands:
      - {slug: orbis, name: Orbis Télécom, aliases: [Orbis, "@OrbisTelecom"], staff: [Orbis_Help]}
      - {slug: celesta, name: Célesta}
    themes:
      - {slug: reseau, name: Réseau, keywords: [réseau, panne, fibre]}
      - {slug: facture, name: Facture, keywords: [facture, prix]}
sources:
  - {name: Forum, url: "https://forum.example/feed", kind: forum, language: fr}
analysis:
  corrections: corrections.yml
"""


def test_post_correction_wins_and_is_explained() -> None:
    corrections = parse_corrections(CORRECTIONS)
    analyser = Analyser([], [], corrections)
    text = "Génial, encore une coupure de réseau, merci Orbis"
    plain = analyser.analyse(text, "fr")
    corrected = analyser.analyse(text, "fr", url="https://forum.example/p/sarcasm")
    assert corrected.sentiment == "negative" and corrected.score < 0
    assert any("correction" in line and "sarcasm" in line for line in corrected.explanation)
    assert plain.sentiment != "negative" or plain.explanation != corrected.explanation
    assert analyser.analyse("Ma box", "fr", guid="ad-1").sponsored
    assert analyser.analyse("Gagnez des euros", "fr", guid="spam-1").off_topic


def test_phrase_rule_applies_to_its_brand_only() -> None:
    brands = parse_config(CONFIG_TEXT).brands
    analyser = Analyser(brands, [], parse_corrections(CORRECTIONS))
    assert analyser.analyse("Orbis lance la box Galère Zéro", "fr").sentiment == "neutral"
    assert analyser.analyse("Célesta lance la box Galère Zéro", "fr").sentiment == "negative"


def test_authors_staff_and_excluded() -> None:
    config = parse_config(CONFIG_TEXT)
    corrections = parse_corrections(CORRECTIONS)
    assert "Troll42" in excluded_authors(config, corrections)
    assert staff_authors(config, corrections)["orbis"] == {"Orbis_Help", "Orbis_Care"}
    assert staff_authors(config, corrections)["celesta"] == set()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("posts:\n  - {sentiment: negative}\n", "posts[0]"),
        (
            "posts:\n  - {guid: a}\n  - guid: b\n    sentiment: furious\n",
            ":4: entry posts[1] key 'sentiment'",
        ),
        ("authors:\n  - {name: X, role: boss}\n", "authors[0]"),
        ("phrases:\n  - {brand: orbis, phrase: x, polarity: 3}\n", "-1..1"),
        ("posts: [\n", "not valid YAML"),
        ("colour: blue\n", "unknown key"),
    ],
)
def test_bad_corrections_name_file_and_entry(text: str, fragment: str, tmp_path: Path) -> None:
    path = tmp_path / "corrections.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorrectionsError) as error:
        load_corrections(path)
    assert str(path) in str(error.value)
    assert fragment in str(error.value)


def test_missing_corrections_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorrectionsError, match="not found"):
        load_corrections(tmp_path / "nope.yml")


# --- incremental analysis of the store ---------------------------------------------------------


def _entry(guid: str, text: str, **changes: object) -> FeedEntry:
    base = FeedEntry(
        guid=guid,
        url=f"https://forum.example/p/{guid}",
        title="",
        author="Julie_M",
        published=datetime(2026, 5, 20, 12, tzinfo=UTC),
        text=text,
        html=f"<p>{text}</p>",
        content_hash=f"hash-{guid}-{len(text)}",
    )
    return replace(base, **changes)


@pytest.fixture
def project(tmp_path: Path):
    (tmp_path / "observatoire.yml").write_text(CONFIG_TEXT, encoding="utf-8")
    (tmp_path / "corrections.yml").write_text(CORRECTIONS, encoding="utf-8")
    config = parse_config(CONFIG_TEXT, base_dir=tmp_path)
    with Store(f"sqlite:///{tmp_path / 'obs.db'}") as store:
        ids = store.sync_sources(config.sources)
        store.save_entries(
            ids["Forum"],
            [
                _entry("1", "Orbis : panne de fibre depuis trois jours, service nul"),
                _entry("sarcasm", "Génial Orbis, encore une coupure de réseau, merci"),
                _entry("3", "Célesta, conseillère adorable, je recommande"),
                _entry("4", "Rien à voir avec les opérateurs"),
            ],
        )
        yield tmp_path, config, store, ids


def _analysed(store: Store) -> dict[int, tuple]:
    frame = shape_mentions(store.mention_rows(), "Europe/Paris")
    return {
        (row.url.rsplit("/", 1)[-1], row.brand): (row.sentiment, row.themes, row.recommends)
        for row in frame.itertuples()
    }


def test_store_analysis_is_incremental_and_keeps_corrections(project, monkeypatch) -> None:
    _root, config, store, ids = project
    first = analyse_store(store, config)
    assert first.analysed == 4
    result = _analysed(store)
    assert result[("1", "orbis")][0] == "negative"
    assert "reseau" in result[("1", "orbis")][1]
    assert result[("sarcasm", "orbis")][0] == "negative"  # the correction won
    assert result[("3", "celesta")][0] == "positive" and result[("3", "celesta")][2]
    assert not any(key[0] == "4" for key in result)  # no brand, no mention

    assert analyse_store(store, config).analysed == 0  # nothing new

    store.save_entries(ids["Forum"], [_entry("3", "Célesta : facture fausse, conseillère absente")])
    second = analyse_store(store, config)
    assert second.analysed == 1  # only the changed post
    assert _analysed(store)[("3", "celesta")][0] == "negative"

    monkeypatch.setattr(analyse_pkg, "ANALYSER_VERSION", "next-version")
    import generator.analyse.pipeline as pipeline

    monkeypatch.setattr(pipeline, "ANALYSER_VERSION", "next-version")
    third = analyse_store(store, config)
    assert third.analysed == 4  # a new analyser version re-analyses everything
    assert _analysed(store)[("sarcasm", "orbis")][0] == "negative"  # corrections survive


def test_editing_corrections_reanalyses(project) -> None:
    tmp_path, config, store, _ids = project
    analyse_store(store, config)
    (tmp_path / "corrections.yml").write_text("posts: []\n", encoding="utf-8")
    assert analyse_store(store, config).analysed == 4
    sentiments = {k: v[0] for k, v in _analysed(store).items()}
    assert sentiments[("sarcasm", "orbis")] == "positive"  # the analyser's own reading again
    assert sentiments[("1", "orbis")] == "negative"
