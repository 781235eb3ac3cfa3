"""Brand switches ("je quitte X pour Y") and the factual-news prior, through the real analyser."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from generator.analyse import Analyser
from generator.analyse.news_prior import news_prior, shrink
from generator.analyse.text import fold

BRANDS = [
    SimpleNamespace(slug="orbis", name="Orbis Télécom", aliases=["Orbis", "Orbis Télécom"]),
    SimpleNamespace(slug="fibralis", name="Fibralis", aliases=["Fibralis", "@Fibralis"]),
    SimpleNamespace(slug="nuvo", name="Nuvo Mobile", aliases=["Nuvo", "Nuvo Mobile"]),
    SimpleNamespace(slug="celesta", name="Célesta", aliases=["Célesta", "Celesta"]),
]


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(BRANDS)


@pytest.mark.parametrize(
    ("text", "left", "joined"),
    [
        ("Je quitte Fibralis pour Orbis, enfin !", "fibralis", "orbis"),
        ("Je viens de quitter Fibralis pour Orbis : débit bien meilleur.", "fibralis", "orbis"),
        ("J'ai résilié Fibralis pour aller chez Orbis.", "fibralis", "orbis"),
        ("Passée de Célesta à Nuvo : mon retour", "celesta", "nuvo"),
        ("Je suis passé de chez Fibralis à Nuvo Mobile le mois dernier.", "fibralis", "nuvo"),
        ("Facture Fibralis encore fausse. Je vais partir chez Orbis, j'en ai marre !", "fibralis",
         "orbis"),
        ("Fibralis, c'est fini : je pars chez Célesta.", "fibralis", "celesta"),
        ("Switched from Fibralis to Orbis last week, no regrets.", "fibralis", "orbis"),
        ("I left Celesta for Nuvo and saved 8 euros.", "celesta", "nuvo"),
    ],
)  # fmt: skip
def test_a_switch_leaves_one_brand_and_joins_another(
    analyser: Analyser, text: str, left: str, joined: str
) -> None:
    result = analyser.analyse(text, "fr")
    assert dict(result.stances) == {left: "leaves", joined: "joins"}
    assert any(
        line.startswith(f"switch: leaves {left} for {joined}") for line in result.explanation
    )


@pytest.mark.parametrize(
    "text",
    [
        "Je ne quitterai jamais Orbis pour Fibralis.",  # denied
        "Vous quitteriez Fibralis pour Orbis ?",  # asked
        "Si je passe chez Orbis, je garde mon numéro, Fibralis ?",  # hypothetical
        "J'hésite à quitter Fibralis pour Orbis.",  # only considered
        "Passé chez Nuvo Mobile il y a trois mois : je recommande !",  # no brand left named
        "Orbis me déçoit. Je pars chez la concurrence de Fibralis.",  # Fibralis is not joined
        "Nuvo est passé de 9,99 à 12,99 € et Orbis aussi.",  # figures, not brands
        "Orbis Max contre Célesta Home : le duel des box.",
    ],
)
def test_what_is_not_a_switch(analyser: Analyser, text: str) -> None:
    assert analyser.analyse(text, "fr").stances == ()


def test_shrink_keeps_only_strong_polarity() -> None:
    assert shrink(-0.14) == 0.0 and shrink(0.6) == 0.0
    assert shrink(-0.9) == pytest.approx(-0.75) and shrink(1.0) == 1.0


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # Figures with "contre" are not a complaint; a price change is not praise.
        (
            "Couverture 5G : les chiffres du trimestre pour Nuvo Mobile. Selon les données "
            "transmises au régulateur, Nuvo Mobile couvre désormais 67 % de la population en 5G, "
            "contre 65 % au trimestre précédent.",
            "neutral",
        ),
        (
            "Tarifs : Orbis Télécom modifie le prix de ses box. À compter du mois prochain, le "
            "prix des box Orbis Télécom évoluera de 3 € par mois pour les nouveaux abonnés.",
            "neutral",
        ),
        # A major outage stays negative news.
        (
            "Panne géante chez Fibralis : des milliers d'abonnés privés d'internet. Une panne "
            "majeure touche depuis ce matin le réseau de Fibralis. Internet, télévision et "
            "téléphonie fixe sont coupés dans plusieurs régions.",
            "negative",
        ),
    ],
)
def test_news_has_a_neutral_prior(analyser: Analyser, text: str, label: str) -> None:
    news = analyser.analyse(text, "fr", source_kind="news")
    assert news.sentiment == label
    assert any(line.startswith("news source, factual prior") for line in news.explanation)


def test_the_prior_is_for_news_only_and_yields_to_opinion(analyser: Analyser) -> None:
    figures = (
        "Selon le régulateur, les réclamations visant Nuvo Mobile ont reculé de 12 % sur un an."
    )
    assert analyser.analyse(figures, "fr", source_kind="news").sentiment == "neutral"
    assert analyser.analyse(figures, "fr", source_kind="forum").sentiment == "negative"
    assert analyser.analyse(figures, "fr").sentiment == "negative"
    opinion = "Notre avis : la nouvelle box Orbis est une réussite, rapide et silencieuse."
    label, score, note = news_prior("positive", 0.4, fold(opinion))
    assert (label, score) == ("positive", 0.4) and note and "opinion cue" in note
