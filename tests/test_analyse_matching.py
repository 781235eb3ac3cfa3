"""Language detection, brand matching, themes and distinctive terms."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from generator.analyse.brands import BrandMatcher
from generator.analyse.language import detect_language
from generator.analyse.terms import distinctive_terms
from generator.analyse.themes import ThemeMatcher

BRANDS = [
    NS(slug="orbis", name="Orbis Télécom", aliases=["Orbis", "@OrbisTelecom"]),
    NS(slug="celesta", name="Célesta", aliases=[]),
    NS(slug="nova", aliases=["Nova Mobile"]),  # no .name attribute
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Merci @OrbisTelecom pour la réactivité", ("orbis",)),
        ("merci @orbistelecom", ("orbis",)),
        ("ORBIS a encore planté", ("orbis",)),
        ("Je suis chez orbis télécom", ("orbis",)),
        ("celesta et Célesta et CELESTA", ("celesta",)),
        ("Orbisland n'a rien à voir", ()),
        ("Le forfait de Célesta vs Orbis", ("orbis", "celesta")),
        ("Nova  Mobile a une offre", ("nova",)),
        ("Novamobile", ()),
        ("#Celesta en panne", ("celesta",)),
    ],
)
def test_brand_matching(text: str, expected: tuple[str, ...]) -> None:
    assert BrandMatcher(BRANDS).match(text) == expected


def test_brand_matcher_without_brands() -> None:
    assert BrandMatcher([]).match("Orbis") == ()


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        (
            "Le réseau est en panne depuis ce matin, impossible de joindre le service client",
            None,
            "fr",
        ),
        ("The network has been down since this morning and support is unreachable", None, "en"),
        ("The network has been down since this morning and support is unreachable", "fr", "en"),
        ("La red está caída desde esta mañana y no contestan al teléfono", None, "other"),
        ("ok merci", "fr", "fr"),
        ("ok thanks", "en-GB", "en"),
        ("👍👍", None, "other"),
    ],
)
def test_language_detection(text: str, hint: str | None, expected: str) -> None:
    assert detect_language(text, hint) == expected


def test_themes_several_per_post_with_plurals_and_boundaries() -> None:
    themes = ThemeMatcher(
        [
            NS(slug="reseau", keywords=["réseau", "panne", "4G", "débit"]),
            NS(slug="facture", keywords=["facture", "prix", "prélèvement"]),
            NS(slug="service", keywords=["service client", "hotline"]),
        ]
    )
    assert themes.match("Pannes à répétition et factures en hausse") == ("reseau", "facture")
    assert themes.match("Le SERVICE  CLIENT ne répond pas") == ("service",)
    assert themes.match("Les panneaux solaires") == ()
    assert themes.match("debit en 4g") == ("reseau",)
    assert ThemeMatcher([]).match("panne") == ()


def test_distinctive_terms_favour_what_is_specific_to_a_group() -> None:
    groups = {
        ("orbis", "2026-05"): ["panne de fibre à Lyon", "encore une panne de fibre", "le forfait"],
        ("celesta", "2026-05"): ["livraison rapide du colis", "colis livré, le forfait"],
    }
    terms = distinctive_terms(groups, top=3)
    orbis_terms = [t for t, _ in terms[("orbis", "2026-05")]]
    celesta_terms = [t for t, _ in terms[("celesta", "2026-05")]]
    assert "panne" in orbis_terms or "fibre" in orbis_terms
    assert "colis" in celesta_terms
    assert "le" not in orbis_terms and "de" not in orbis_terms
    weights = [w for _, w in terms[("orbis", "2026-05")]]
    assert weights == sorted(weights, reverse=True)


def test_distinctive_terms_of_empty_groups() -> None:
    assert distinctive_terms({"a": [], "b": ["le la les"]}) == {"a": [], "b": []}


def test_distinctive_terms_leave_out_brand_names_and_elided_words() -> None:
    from generator.analyse.terms import surface_forms

    groups = {
        "orbis": [
            "L'option Orbis, c'est la panne du réseau",
            "Orbis : réseau en panne, l'appli aussi",
        ],
        "celesta": ["Célesta livre vite", "colis Célesta livré d'avance"],
    }
    terms = distinctive_terms(groups, top=10, exclude=["Orbis Télécom", "Célesta"])
    words = {w for items in terms.values() for term, _ in items for w in term.split()}
    assert {"orbis", "celesta"}.isdisjoint(words), "brand names are not distinctive terms"
    assert not any("'" in w for w in words), words  # l'option -> option, c'est -> (stop word)
    assert {"option", "panne", "reseau"} <= words
    forms = surface_forms(groups["orbis"])
    assert forms["reseau"] == "réseau" and forms["option"] == "option"


def test_language_is_read_from_the_opening_of_a_long_post() -> None:
    """Only the first MAX_CHARS characters are read: a French review quoting English lyrics at
    length is French, and an English post in a French feed is still English."""
    from generator.analyse.language import MAX_CHARS

    french = "Franchement, ce concert était magnifique et la salle pleine à craquer, bravo à tous. "
    english = "And the chorus went: we will never stop dreaming of the summer nights together. " * 8
    assert len(french) < MAX_CHARS < len(french + english)
    assert detect_language(french + english, "fr") == "fr"
    assert detect_language(english + french, "fr") == "en"
