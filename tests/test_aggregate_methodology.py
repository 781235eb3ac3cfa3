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
        params=values or params(),  # as write_methodology passes them
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


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_care_section_states_its_rules_and_formulas(lang: str) -> None:
    page = render(lang)
    fr = lang == "fr"
    heading = "## Service client en public" if fr else "## Customer care in public"
    assert heading in page
    section = page[page.index(heading) : page.index("## ", page.index(heading) + 3)]
    nb = "\u00a0" if fr else " "
    for needle in (
        "thr:in-reply-to",
        "Discourse",
        "Reddit",
        "« Re: »".replace(" ", "\u00a0") if fr else '"Re:"',
        "fichier de corrections" if fr else "corrections file",
        "concurrent" if fr else "competitor",
        "actualités" if fr else "news source",
        "÷ n`",
        "`p90 = tⱼ + f × (tⱼ₊₁ − tⱼ)`",
        f"1{nb}h",  # the default targets, from the parameters
        f"24{nb}h",
        f"48{nb}h",
        "30\u00a0jours" if fr else "30 days",  # the convert window
        "1, 4, 24, 48, 168",  # the response-time buckets
        "moins de 10 demandes" if fr else "fewer than 10 requests",  # report.min_requests
        "les 5 premiers" if fr else "the first 5",  # TOP_HELPERS
        "mois civil suivant" if fr else "end of the next calendar month",
    ):
        assert needle in section, needle
    assert "{{" not in section and "%(" not in section
    assert "cibles propres" not in section and "targets of their own" not in section


def test_the_care_section_follows_the_parameters_and_each_brands_targets() -> None:
    from generator.config import Brand, CareTargets, Sector

    values = {
        **params(),
        "care_convert_days": 45,
        "care_top_helpers": 3,
        "care_delay_bucket_hours": [2.0, 12.0],
        "window_months_after": 2,
    }
    quick = Brand(
        slug="orbis",
        name="Orbis <b>Télécom</b>",
        care=CareTargets(acknowledge_hours=0.5, answer_hours=12, extended_answer_hours=36),
    )
    usual = Brand(slug="helia", name="Hélia Mobile")
    sectors = [Sector(slug="telecom", name="Télécoms", brands=[quick, usual])]
    env = make_env(TEMPLATES, "fr")
    page = env.get_template("methodology.md.j2").render(
        params=values,
        site=config().site,
        lang="fr",
        sectors=sectors,
        report=config().report.model_copy(update={"min_requests": 25}),
        pseudonym_label="Contributeur·rice",
    )
    section = page[page.index("## Service client en public") :]
    assert "45\u00a0jours" in section and "les 3 premiers" in section
    assert "(heures, incluses)\u00a0: 2, 12\u00a0;" in section
    assert "moins de 25 demandes" in section
    assert "fin des 2 mois civils suivants" in section
    assert "Les marques de cette édition qui ont leurs propres cibles\u00a0:" in section
    line = next(x for x in section.splitlines() if "Orbis" in x)
    assert line == (
        "- Orbis &lt;b&gt;Télécom&lt;/b&gt;\u00a0: prise en charge sous 0,5\u00a0h, réponse sous "
        "12\u00a0h, au plus tard sous 36\u00a0h."
    )
    assert "Hélia" not in section  # the default targets are not repeated per brand


def test_the_care_parameters_are_published_by_aggregate() -> None:
    published = params()
    assert published["care_convert_days"] == 30
    assert published["care_delay_bucket_hours"] == [1.0, 4.0, 24.0, 48.0, 168.0]
