"""Brand queries and rules: the boolean syntax, context, exclusions, case, and clear errors."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from generator.analyse.brands import BrandMatcher
from generator.analyse.query import QuerySyntaxError, Tokens, parse_query
from generator.config import ConfigError, parse_config


def holds(query: str, text: str) -> bool:
    return parse_query(query).evaluate(Tokens(text), frozenset()).ok


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("Orange AND forfait", "Mon forfait chez Orange", True),
        ("Orange AND forfait", "Une orange pressée", False),
        ("Orange OR Sosh", "Passée chez sosh", True),
        ("Orange NOT mécanique", "Orange mécanique, le film", False),
        ("Orange AND NOT mécanique", "Mon forfait Orange", True),
        ('"La Poste"', "la poste a perdu mon colis", True),
        ('"La Poste"', "un poste à pourvoir à la mairie", False),
        ("Bouygues NEAR/3 forfait", "Bouygues a augmenté mon forfait", True),
        ("Bouygues NEAR/3 forfait", "Le forfait chez Bouygues", True),  # either order
        ("Bouygues NEAR/1 forfait", "Bouygues a encore augmenté le forfait", False),
        ("Bouygues NEAR/3f forfait", "le forfait Bouygues", False),  # f: left side first
        ("Free NEAR/2 (box OR fibre)", "Free et sa fibre", True),
        ('"Free Mobile" NEAR/4 "service client"', "Le service client de Free Mobile", True),
        ("freebox*", "Ma Freebox Delta plante", True),
        ("freebox*", "Ma Free box plante", False),
        ("@free", "Merci @Free pour la réparation", True),
        ("@free", "Free a réparé", False),
        ("#freebox", "Encore en panne #Freebox", True),
        ("freebox", "Encore en panne #Freebox", True),  # a bare word also matches the hashtag
        ("{Free}", "Free a coupé ma ligne", True),
        ("{Free}", "free shipping", False),
        ('{"La Poste"}', "la poste", False),
        ("célesta", "CELESTA est top", True),  # accents and case ignored by default
        ("Orange AND (fibre OR 5G) NOT (mécanique OR alerte)", "Orange déploie la 5G", True),
        ("B&You", "J'ai pris B&You", True),
        ('Free NOT "free-lance"', "Free lance une offre fibre", True),  # a hyphen is a hyphen
        ('Free NOT "free-lance"', "Je suis free-lance", False),
        ('Free NOT "free lance"', "Je suis free-lance", False),  # a space matches either
        ("B&You", "plan B you know", False),
    ],
)
def test_query_semantics(query: str, text: str, expected: bool) -> None:
    assert holds(query, text) is expected


@pytest.mark.parametrize(
    ("query", "message", "column"),
    [
        ("Orange AND", "the query ends where a term was expected", 11),
        ("(Orange OR Free", "this parenthesis is never closed", 1),
        ("Orange mécanique", "two terms without an operator", 8),
        ("orange and free", "operators are written in capitals (AND)", 8),
        ('"Orange', "this quote is never closed", 1),
        ("Orange)", "a closing parenthesis without an opening one", 7),
        ("A NEAR/3 (B AND C)", "NEAR needs words, phrases or OR-groups", 10),
        ("NOT Orange", "cannot start with NOT", 1),
        ("{Free", "this { is never closed", 1),
        ("fr*ee", "a wildcard * may only end a word", 1),
        ("x NEAR/0 y", "NEAR/n takes a distance from 1 to 100", 3),
        ("()", "empty parentheses", 2),
        ("", "empty query", 1),
    ],
)
def test_malformed_queries_name_the_position(query: str, message: str, column: int) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query)
    text = str(caught.value)
    assert message in text and f"at position {column}" in text
    caret_line = text.splitlines()[-1]
    assert caret_line.index("^") - 4 == column - 1  # the caret sits under the problem


ORANGE = SimpleNamespace(
    slug="orange",
    name="Orange",
    aliases=["Livebox*", "@Orange_conseil"],
    ambiguous=["Orange"],
    context=["forfait*", "fibre", "opérateur", "4G"],
    context_window=3,
    exclude=["Orange mécanique", "alerte orange"],
    query=None,
)
POSTE = SimpleNamespace(
    slug="la-poste", name="La Poste", aliases=["Colissimo"], exclude=["poste à pourvoir"]
)
OWN = SimpleNamespace(
    slug="free",
    name="Free",
    aliases=[],
    ambiguous=["{Free}"],
    context=["box"],
    query='"Xavier Niel" NEAR/6 (opérateur OR forfait*)',
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J'ai revu Orange mécanique hier soir", ()),
        ("Alerte orange sur le Var, la fibre est coupée", ()),  # context, but excluded phrase
        ("Mon forfait Orange ne marche plus", ("orange",)),
        ("Orange a annoncé de bons résultats trimestriels.", ()),  # no context word nearby
        ("Orange mécanique ce soir, puis ma Livebox a planté", ("orange",)),
        ("d'Orange, l'opérateur historique", ("orange",)),
        ("Orange " + "mot " * 4 + "forfait", ()),  # context too far (window 3)
        ("La Poste a perdu mon colis", ("la-poste",)),
        ("Un poste à pourvoir", ()),
        ("Free a coupé ma box", ("free",)),
        ("free box for everyone", ()),  # case-sensitive ambiguous term
        ("Xavier Niel, patron de l'opérateur, promet", ("free",)),  # the query
        ("Livebox et Free box", ("orange", "free")),
    ],
)
def test_brand_rules(text: str, expected: tuple[str, ...]) -> None:
    assert BrandMatcher([ORANGE, POSTE, OWN]).match(text) == expected


def test_explain_says_what_counted_and_what_was_removed() -> None:
    (orange,) = BrandMatcher([ORANGE]).explain(
        "Alerte orange ! Orange a des soucis. Mon forfait Orange est coupé."
    )
    assert orange.matched and orange.via == "context"
    assert [h.blocked_by for h in orange.excluded] == ["alerte orange"]
    assert len(orange.without_context) == 1  # "Orange a des soucis": no context word near
    (counted,) = orange.hits
    assert counted.context == "forfait*" and counted.chars == (49, 55)


def test_configuration_errors_name_brand_file_line_and_position() -> None:
    text = """sectors:
  - slug: telecom
    name: Télécoms
    brands:
      - slug: orange
        name: Orange
        query: 'Orange AND (forfait OR'
"""
    with pytest.raises(ConfigError) as caught:
        parse_config(text, source="obs.yml")
    message = str(caught.value)
    assert "obs.yml:7" in message and "brand 'orange'" in message
    assert "at position 23" in message
    ambiguous_alone = text.replace("query: 'Orange AND (forfait OR'", "ambiguous: [Orange]")
    with pytest.raises(ConfigError, match="'ambiguous' terms need 'context' words"):
        parse_config(ambiguous_alone, source="obs.yml")


def test_example_configuration_validates_and_tells_its_brands_apart() -> None:
    from conftest import ROOT

    from generator.config import load_config

    config = load_config(ROOT / "examples" / "telecom-fr.yml")
    names = [b.name for b in config.brands]
    assert names == [
        "Orange",
        "Sosh",
        "SFR",
        "RED by SFR",
        "Free",
        "Bouygues Telecom",
        "B&You",
        "La Poste",
    ]
    assert config.sector_of("la-poste").slug != config.sector_of("orange").slug
    matcher = BrandMatcher(config.brands)
    named = {b.slug: b.name for b in config.brands}

    def found(text: str) -> list[str]:
        return [named[s] for s in matcher.match(text)]

    assert found("Je quitte SFR pour Free, la Freebox est top") == ["SFR", "Free"]
    assert found("Vigilance orange canicule dans le Var") == []
    assert found("RED by SFR augmente ses forfaits") == ["RED by SFR"]
    assert found("Bouygues Construction remporte un chantier") == []
    assert found("Un poste à pourvoir chez un free-lance") == []
