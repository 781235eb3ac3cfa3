"""The right people and posts, on the bundled demo (issue 12, "Right people").

Each test is a regression test on a demo case the monthly report used to get wrong: a customer
leaving Fibralis for Orbis listed as an Orbis detractor, an English-language journalist listed
as a Fibralis fan, a regulator's figures ("contre 65 %") shown as Nuvo's most engaging
complaint, a post nobody reacted to called "the most engaging", October quoting August posts
without saying so, and the same two ambassadors spotlighted from May to October. The pipeline
runs as `observatoire build` runs it (collect -> analyse -> mentions -> aggregate -> pages).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from aggregate_support import demo_mentions

from generator.aggregate import Observatory, compute
from generator.aggregate.privacy import author_hash
from generator.analyse.pipeline import staff_authors
from generator.config import Config

MONTHS = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
ADVOCATES = {"ambassador", "brand_lover", "convert"}


@dataclass(frozen=True)
class Demo:
    config: Config
    mentions: pd.DataFrame
    observatory: Observatory
    health: pd.DataFrame


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    config, mentions, health = demo_mentions(tmp_path_factory.mktemp("people") / "demo.db")
    observatory = compute(mentions, config, staff=staff_authors(config))
    return Demo(config, mentions, observatory, health)


@pytest.fixture(scope="module")
def reports(
    demo: Demo, tmp_path_factory: pytest.TempPathFactory, chart_cache: Path
) -> dict[str, str]:
    """Month -> the generated Markdown of its monthly report."""
    from conftest import copy_project

    from generator.render.pages import write_content

    root = copy_project(tmp_path_factory.mktemp("people-site"))
    write_content(demo.config, demo.observatory, demo.health, root=root, chart_cache=chart_cache)
    folder = root / "content" / "blog" / "posts" / "rapports"
    return {path.stem: path.read_text(encoding="utf-8") for path in folder.glob("*.md")}


def classes(demo: Demo, author: str, brand: str) -> dict[str, str]:
    """Month -> class of one author for one brand (months where they are listed)."""
    rows = demo.observatory.authors
    mine = rows[rows["author_id"] == author_hash(author, brand, demo.config.privacy.secret)]
    return dict(zip(mine["month"], mine["klass"], strict=True))


def people_section(report: str) -> str:
    """The report's people section, up to the most engaging posts (no-break spaces as spaces)."""
    section = report.split("## Les voix du mois", 1)[1].split('<section class="obs-top">', 1)[0]
    return section.replace("\u00a0", " ")


# -- 1. Switchers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("author", "left", "joined", "month"),
    [
        ("Marc_D", "fibralis", "orbis", "2026-05"),  # "Je vais partir chez Orbis"
        ("Marc_D", "fibralis", "orbis", "2026-08"),  # "je résilie et je vais partir chez Orbis"
        ("ancien_abonne_fibre", "fibralis", "orbis", "2026-06"),  # "quitter Fibralis pour Orbis"
        ("camille_etud", "celesta", "nuvo", "2026-06"),  # "Passée de Célesta à Nuvo"
    ],
)
def test_a_switcher_is_a_detractor_of_the_brand_left_and_a_convert_of_the_one_joined(
    demo: Demo, author: str, left: str, joined: str, month: str
) -> None:
    joined_classes = classes(demo, author, joined)
    assert joined_classes.get(month) == "convert", joined_classes
    assert "detractor" not in joined_classes.values(), joined_classes
    left_classes = classes(demo, author, left)
    assert "detractor" in left_classes.values(), left_classes
    assert not ADVOCATES & set(left_classes.values()), left_classes
    posts = demo.mentions[(demo.mentions["author"] == author) & (demo.mentions["month"] == month)]
    toward = posts.set_index("brand")
    assert set(toward.loc[[joined], "sentiment"]) <= {"neutral", "positive"}
    assert not toward.loc[[joined], "intends_to_leave"].any()
    assert set(toward.loc[[left], "sentiment"]) == {"negative"}
    assert toward.loc[[left], "intends_to_leave"].all()


def test_the_switch_is_explained_and_never_fibralis_praise(
    demo: Demo, reports: dict[str, str]
) -> None:
    """June: "je viens de quitter Fibralis pour Orbis… très content" was Fibralis' most
    engaging praise; it is a departure from Fibralis and an arrival at Orbis."""
    top = demo.observatory.top_posts
    june = top[(top["month"] == "2026-06") & (top["brand"] == "fibralis")]
    assert "Arrivée de chez Fibralis" not in set(june["title"])
    section = people_section(reports["2026-06"])
    assert "quitter Fibralis pour Orbis Télécom : un client gagné sur la concurrence" in section
    assert "quitter Célesta pour Nuvo Mobile" in section


# -- 2. Journalists ----------------------------------------------------------------------------


def test_journalists_and_news_sources_are_never_fans_ambassadors_or_converts(demo: Demo) -> None:
    news = demo.mentions[demo.mentions["source_kind"] == "news"]
    journalists = set(news["author"]) - {""}
    assert "Priya Natarajan" in journalists  # was a Fibralis "fan de la marque" in October
    for journalist in journalists:
        for brand in demo.config.brands:
            listed = set(classes(demo, journalist, brand.slug).values())
            assert not ADVOCATES & listed, (journalist, brand.slug, listed)


# -- 3. Factual news ---------------------------------------------------------------------------


def test_factual_news_is_neutral_and_news_about_an_outage_stays_negative(demo: Demo) -> None:
    news = demo.mentions[demo.mentions["source_kind"] == "news"]
    figures = news[news["title"].str.startswith("Couverture 5G : les chiffres du trimestre")]
    assert len(figures) >= 4 and set(figures["sentiment"]) == {"neutral"}  # "…, contre 73 %"
    outage = news[news["title"].str.contains("Panne géante|outage leaves", regex=True)]
    assert len(outage) == 2 and set(outage["sentiment"]) == {"negative"}


def test_a_regulator_item_is_not_nuvos_most_engaging_complaint(
    demo: Demo, reports: dict[str, str]
) -> None:
    top = demo.observatory.top_posts
    complaints = top[(top["polarity"] == "negative") & (top["brand"] == "nuvo")]
    assert not complaints["title"].str.contains("Couverture 5G").any()
    report = reports["2026-08"].split('<section class="obs-top">', 1)[1]
    assert "Couverture 5G" not in report


# -- 4. Most engaging --------------------------------------------------------------------------


def test_the_most_engaging_posts_were_engaged_with(demo: Demo) -> None:
    top = demo.observatory.top_posts
    assert len(top) and (top["engagement"] > 0).all()
    zero = demo.mentions[(demo.mentions["engagement"] == 0) & (demo.mentions["title"] != "")]
    assert not set(top["post_id"]) & set(zero["post_id"])


# -- 5. Quotes from the month, or said ---------------------------------------------------------


def test_quotes_prefer_the_month_and_the_report_says_when_they_do_not(
    demo: Demo, reports: dict[str, str]
) -> None:
    authors = demo.observatory.authors
    for row in authors.itertuples():
        if not row.quotes:
            continue
        first = pd.Timestamp(row.quotes[0].published).tz_convert("Europe/Paris")
        assert row.quoted_earlier == (first.strftime("%Y-%m") < row.month), row
    active = authors[(authors["klass"] == "ambassador") & ~authors["quoted_earlier"]]
    assert len(active), "ambassadors who posted in the month are quoted from the month"
    for month in MONTHS:
        section = people_section(reports[month])
        earlier = authors[(authors["month"] == month) & authors["quoted_earlier"]]
        said = "Citations des 3 derniers mois" in section
        assert said == (not earlier.empty), month
    # October quotes August posts (a detractor's outage post), and says so.
    assert "août 2026</time>" in people_section(reports["2026-10"])
    assert "Citations des 3 derniers mois" in people_section(reports["2026-10"])


# -- 6. Spotlight rotation ---------------------------------------------------------------------


def spotlighted(demo: Demo) -> dict[str, list[str]]:
    authors = demo.observatory.authors
    chosen = authors[authors["spotlight"]]
    return {m: sorted(chosen[chosen["month"] == m]["author_id"]) for m in MONTHS}


def test_spotlight_rotates_between_ambassadors(demo: Demo) -> None:
    spots = spotlighted(demo)
    authors = demo.observatory.authors
    assert set(authors[authors["spotlight"]]["klass"]) == {"ambassador"}
    # Before: the same two pseudonyms every month from May to October.
    assert len({tuple(spots[m]) for m in MONTHS[1:]}) > 1, spots
    for i, month in enumerate(MONTHS):
        ambassadors = authors[(authors["month"] == month) & (authors["klass"] == "ambassador")]
        assert bool(spots[month]) == (not ambassadors.empty), month
        recent = {a for m in MONTHS[max(0, i - 3) : i] for a in spots[m]}
        fresh = set(ambassadors["author_id"]) - recent
        if fresh:  # people not spotlighted in the three months before come first
            assert set(spots[month]) <= fresh, (month, spots)
    # Deterministic: the same data gives the same spotlight.
    again = compute(demo.mentions, demo.config, staff=staff_authors(demo.config))
    assert again.authors["spotlight"].tolist() == authors["spotlight"].tolist()


def test_the_report_spotlights_and_names_the_others(reports: dict[str, str]) -> None:
    section = people_section(reports["2026-07"])
    ambassadors = section.split("obs-people--ambassador", 1)[1].split("</section>", 1)[0]
    assert ambassadors.count("<li>") == 1
    assert "Autres ambassadeurs ce mois-ci : Contributeur·rice" in section


# -- 7. Every class in the monthly report ------------------------------------------------------


def test_fans_converts_and_paid_influencers_appear_in_the_monthly_report(
    reports: dict[str, str],
) -> None:
    section = people_section(reports["2026-08"])
    for heading, note in [
        ("Ambassadeurs", "recommandent la marque"),
        ("Fans de la marque", "sans recommandation explicite"),
        ("Influenceurs (partenariats rémunérés)", "Auteurs rémunérés par la marque"),
        ("Convertis", "gagnés sur la concurrence"),
        ("Détracteurs", "déconseillent la marque"),
    ]:
        block = section.split(f"<h3>{heading}</h3>", 1)
        assert len(block) == 2, heading
        assert note in block[1].split("</section>", 1)[0], heading
    influencers = section.split("obs-people--influencer", 1)[1].split("</section>", 1)[0]
    assert "obs-badge--paid" in influencers  # the quote is badged "Sponsorisé"


# -- 8. Sponsored and owned posts never make advocates -----------------------------------------


def test_sponsored_and_staff_authors_are_never_ambassadors_or_fans(demo: Demo) -> None:
    frame = demo.mentions
    sponsored = frame[frame["sponsored"]][["author", "brand"]].drop_duplicates()
    assert len(sponsored)
    for author, brand in sponsored.itertuples(index=False):
        listed = set(classes(demo, author, brand).values())
        assert listed <= {"influencer"}, (author, brand, listed)
    for brand in demo.config.brands:
        for staff in brand.staff:
            assert not classes(demo, staff, brand.slug)
