"""The methodology page states the parameters actually used, in French and in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from aggregate_support import config
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.aggregate import params

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def render(lang: str, values: dict | None = None) -> str:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    site = config().site.model_copy(update={"language": lang})
    return env.get_template("methodology.md.j2").render(
        params=values or params(), site=site, lang=lang
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
        "60 %" if fr else "60%",
        "0,5 × S" if fr else "0.5 × S",
    ):
        assert needle in page, needle
    assert "{{" not in page and "{%" not in page


def test_page_follows_the_parameters() -> None:
    values = {**params(), "crisis_k": 2.5, "ambassador_window_months": 6}
    page = render("fr", values)
    assert "m + 2,5 × σ" in page and "fenêtre glissante de\n6 mois" in page
