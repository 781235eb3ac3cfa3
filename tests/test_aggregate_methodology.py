"""The methodology page states the parameters actually used, in French and in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from aggregate_support import config

from generator.aggregate import params
from generator.render.i18n import Wording
from generator.render.pages import make_env

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def render(lang: str, values: dict | None = None, sectors: list | None = None) -> str:
    env = make_env(TEMPLATES, lang)  # the site's environment: its words come from the catalogs
    site = config().site.model_copy(update={"language": lang})
    return env.get_template("methodology.md.j2").render(
        params=values or params(),
        site=site,
        lang=lang,
        sectors=sectors if sectors is not None else config().sectors,
        report=config().report,
        pseudonym_label=Wording(lang)._("Contributor {code}", code="").strip(),
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_section_and_parameter(lang: str) -> None:
    page = render(lang)
    fr = lang == "fr"
    for needle in (
        "(P − N) ÷ (P + N)",
        "%P − %N",
        "R + 1) ÷ (R + D + 2)",
        "m + 4 × σ",
        "≥ 5",
        "28",
        "HMAC-SHA256",
        "Contributeur·rice" if fr else "Contributor",
        "Méthodologie" if fr else "Methodology",
        "Comment demander le retrait" if fr else "How to ask for removal",
        "Ce qui est collecté" if fr else "What is collected",
        "Converti" if fr else "Convert",
        "60\u00a0%" if fr else "60%",
        "0,5 × S" if fr else "0.5 × S",
    ):
        assert needle in page, needle
    assert "{{" not in page and "{%" not in page


def test_page_follows_the_parameters() -> None:
    values = {**params(), "crisis_k": 2.5, "ambassador_window_months": 6}
    page = render("fr", values)
    assert "m + 2,5 × σ" in page and "fenêtre glissante de 6 mois" in page


def test_the_brand_rules_used_are_listed_and_escaped() -> None:
    from generator.config import Brand, Sector

    orange = Brand(
        slug="orange",
        name="Orange",
        aliases=["Livebox*"],
        ambiguous=["Orange"],
        context=["forfait*", "fibre"],
        exclude=["Orange mécanique"],
        query='"Orange <b>Business</b>" NEAR/3 fibre*',
    )
    page = render("fr", sectors=[Sector(slug="telecom", name="Télécoms", brands=[orange])])
    assert "## Reconnaître les marques" in page
    row = page[page.index('<th scope="row">Orange</th>') :].split("</tr>")[0]
    assert "<td>Livebox*</td>" in row  # the ambiguous name is not listed as sufficient
    assert "Orange — à moins de 10 mots de\u00a0: forfait*, fibre" in row
    assert "Orange mécanique" in row
    assert "&#34;Orange &lt;b&gt;Business&lt;/b&gt;&#34; NEAR/3 fibre*" in row
