"""Recommendation, advice against, intent to leave and sponsorship labels."""

from __future__ import annotations

import pytest

from generator.analyse.cues import detect_cues


@pytest.mark.parametrize(
    "text",
    [
        "Je recommande Orbis à tous mes amis",
        "je vous le recommande vivement",
        "Foncez, le service est top",
        "Allez-y les yeux fermés",
        "Produit à recommander",
        "I highly recommend them",
    ],
)
def test_recommending(text: str) -> None:
    cues = detect_cues(text)
    assert cues.recommends and not cues.advises_against


@pytest.mark.parametrize(
    "text",
    [
        "Opérateur à fuir !",
        "Je déconseille fortement",
        "Ne prenez pas cet abonnement",
        "Je ne recommande pas Orbis",
        "je ne le recommande à personne",
        "Je recommande pas du tout",
        "I would not recommend this provider",
    ],
)
def test_advising_against_including_negated_recommendation(text: str) -> None:
    cues = detect_cues(text)
    assert cues.advises_against
    assert not cues.recommends, "a negated recommendation must never count as one"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Je résilie demain", True),
        ("Je vais partir chez Célesta", True),
        ("j'ai résilié mon forfait", True),
        ("I'm switching to another carrier", True),
        ("La résiliation est possible en ligne", False),
    ],
)
def test_intent_to_leave(text: str, expected: bool) -> None:
    assert detect_cues(text).intends_to_leave is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon nouveau téléphone #ad", True),
        ("Super box #sponsorisé", True),
        ("[Publicité] La nouvelle box Orbis est là", True),
        ("Publicité : je teste le forfait Nuvo", True),
        ("Fibralis, c'est de la publicité mensongère, débit divisé par deux", False),
        ("Leur publicité à la télé est drôle", False),
        ("Collaboration commerciale avec Orbis", True),
        ("#partenariat avec Célesta", True),
        ("Publicité : découvrez la fibre", True),
        ("J'adore ma box #adorable", False),
        ("Mon adresse a changé", False),
    ],
)
def test_sponsorship_labels(text: str, expected: bool) -> None:
    assert detect_cues(text).sponsored is expected


def test_cues_are_explained() -> None:
    cues = detect_cues("Je ne recommande pas, je résilie")
    text = " ".join(cues.explanation)
    assert "negated recommendation" in text and "intends to leave" in text
