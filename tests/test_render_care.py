"""The "Customer care" section of the monthly report and the brand pages (render/care.py).

Durations in words, KPI changes coloured by what they mean (a faster reply is good news), small
samples flagged and never coloured, brands without a conversation said to have none, the
response-time chart, quoted answers with the brand's badge, the community's helpers, hostile
quotes and names shown as text, both languages.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import markdown
import pandas as pd
import pytest
from conftest import copy_project
from render_fixture import make_config, make_health, make_observatory

from generator.aggregate import Observatory
from generator.aggregate import care as aggregate_care
from generator.render import care, charts
from generator.render.i18n import Wording
from generator.render.pages import write_content

NBSP = "\u00a0"
HOSTILE_HELPER = "[clic](javascript:alert('h')) **gras** <script>window.__pwned=3</script> _x_"
REPORT = "content/blog/posts/rapports/{month}.md"
# The site's Markdown extensions (mkdocs.yml): a page's HTML blocks must come out as written.
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc", "pymdownx.details"]


def observatory_variant() -> Observatory:
    """The fixture with Hélia silent in August (no care row at all) and a hostile helper name."""
    obs = make_observatory()
    kept = ~((obs.care["brand"] == "helia") & (obs.care["month"] == "2026-08"))
    helpers = obs.care_helpers.copy()
    first = helpers.index[(helpers["brand"] == "nova") & (helpers["month"] == "2026-08")][0]
    helpers.loc[first, "author_display"] = HOSTILE_HELPER
    return replace(
        obs,
        care=obs.care[kept].reset_index(drop=True),
        care_delays=obs.care_delays[
            ~((obs.care_delays["brand"] == "helia") & (obs.care_delays["month"] == "2026-08"))
        ],
        care_examples=obs.care_examples[
            ~((obs.care_examples["brand"] == "helia") & (obs.care_examples["month"] == "2026-08"))
        ],
        care_helpers=helpers,
    )


def written_project(root: Path, lang: str, observatory: Observatory, chart_cache: Path) -> Path:
    copy_project(root)
    write_content(make_config(lang), observatory, make_health(), root=root, chart_cache=chart_cache)
    return root


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory, chart_cache: Path) -> Path:
    return written_project(
        tmp_path_factory.mktemp("care-fr"), "fr", observatory_variant(), chart_cache
    )


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory, chart_cache: Path) -> Path:
    return written_project(
        tmp_path_factory.mktemp("care-en"), "en", observatory_variant(), chart_cache
    )


def page(root: Path, month: str) -> str:
    return (root / REPORT.format(month=month)).read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The Markdown of one `## heading` section, up to the next `## `."""
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


# -- words -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "fr", "en"),
    [
        (0.6, f"36{NBSP}min", "36 min"),
        (35 / 60, f"35{NBSP}min", "35 min"),
        (2 + 10 / 60, f"2{NBSP}h{NBSP}10", "2 h 10 min"),
        (3.0, f"3{NBSP}h", "3 h"),
        (24.0, f"1{NBSP}jour", "1 day"),
        (36.0, f"1,5{NBSP}jour", "1.5 days"),
        (70.0, f"2,9{NBSP}jours", "2.9 days"),
        (0.001, "moins d'une minute", "under a minute"),
        (float("nan"), "–", "–"),
        (None, "–", "–"),
    ],
)
def test_durations_read_as_people_say_them(hours: float | None, fr: str, en: str) -> None:
    assert care.duration(hours, "fr") == fr
    assert care.duration(hours, "en") == en


def test_targets_are_said_in_hours_and_changes_of_time_carry_a_sign() -> None:
    assert care.target(24.0, "fr") == f"24{NBSP}h" and care.target(48.0, "en") == "48 h"
    assert care.target(1.0, "en") == "1 h" and care.target(0.5, "en") == "30 min"
    slower = care.duration_delta(1 + 54 / 60, "fr")
    assert (slower.text, slower.direction, slower.arrow) == (f"+1{NBSP}h{NBSP}54", "up", "▲")
    faster = care.duration_delta(-(35 / 60), "en")
    assert (faster.text, faster.direction) == ("−35 min", "down")
    assert care.duration_delta(0.001, "en").direction == "flat"
    assert care.duration_delta(float("nan"), "en").direction == "none"


# -- cards: tones, small samples, silent brands ----------------------------------------------


def card_of(cards: list[dict], brand: str) -> dict:
    return next(c for c in cards if c["brand"] == brand)


def row_of(card: dict, key: str) -> dict:
    return next(r for r in card["rows"] if r["key"] == key)


NAMES = {"orbis": "Orbis Télécom", "helia": "Hélia Mobile", "nova": "Nova Box"}


def test_a_slower_reply_is_unfavourable_and_a_faster_one_favourable() -> None:
    obs = make_observatory()
    w = Wording("en")
    crisis = card_of(care.cards(obs, "2026-09", list(NAMES), NAMES, w, 10), "orbis")
    median = row_of(crisis, "reply_median_hours")
    assert median["delta"].direction == "up" and median["tone"] == "bad"
    assert median["tone_words"] == "unfavourable" and median["value"] == "2 h 30 min"
    acknowledged = row_of(crisis, "acknowledged_share")
    assert acknowledged["delta"].text == "−32 pts" and acknowledged["tone"] == "bad"
    assert acknowledged["label"] == "Acknowledged within 1 h (target)"
    assert row_of(crisis, "answered_share")["label"] == "Answered within 24 h (target)"
    # More requests is neither good nor bad news in itself.
    assert row_of(crisis, "requests")["delta"].text == "+61"
    assert row_of(crisis, "requests")["tone"] == "neutral"
    after = card_of(care.cards(obs, "2026-10", list(NAMES), NAMES, w, 10), "orbis")
    median = row_of(after, "reply_median_hours")
    assert median["delta"].direction == "down" and median["tone"] == "good"
    assert median["tone_words"] == "favourable"
    assert row_of(after, "acknowledged_share")["tone"] == "good"
    assert row_of(after, "converts")["value"] == "2 of 5"


def test_a_small_sample_is_flagged_and_its_changes_never_coloured() -> None:
    obs = make_observatory()
    moved = obs.care.copy()
    nova = (moved["brand"] == "nova") & (moved["month"] == "2026-08")
    moved.loc[nova, "reply_median_hours_delta"] = -20.0
    moved.loc[nova, "brand_answered_share_delta"] = 0.3
    obs = replace(obs, care=moved)
    for lang, flag in (("fr", f"Faible échantillon{NBSP}: 6 demandes"), ("en", "6 requests")):
        card = card_of(care.cards(obs, "2026-08", list(NAMES), NAMES, Wording(lang), 10), "nova")
        assert card["small_sample"] and flag in card["small_sample_text"]
        median = row_of(card, "reply_median_hours")
        assert median["delta"].direction == "down" and median["tone"] == "neutral"
        assert row_of(card, "brand_answered_share")["tone"] == "neutral"
    orbis = card_of(care.cards(obs, "2026-08", list(NAMES), NAMES, Wording("en"), 10), "orbis")
    assert not orbis["small_sample"]
    # The threshold is the configuration's: at 5, Nova's 6 requests are enough.
    nova = card_of(care.cards(obs, "2026-08", list(NAMES), NAMES, Wording("en"), 5), "nova")
    assert not nova["small_sample"] and row_of(nova, "reply_median_hours")["tone"] == "good"


def test_the_month_before_can_make_the_sample_small() -> None:
    obs = make_observatory()
    smaller = obs.care.copy()
    smaller.loc[(smaller["brand"] == "helia") & (smaller["month"] == "2026-07"), "n"] = 4
    card = card_of(
        care.cards(replace(obs, care=smaller), "2026-08", list(NAMES), NAMES, Wording("en"), 10),
        "helia",
    )
    assert card["small_sample"]
    assert card["small_sample_text"] == "Small sample: 4 requests in July 2026"


def test_a_brand_without_conversation_is_said_so_never_shown_as_zeros(french: Path) -> None:
    obs = observatory_variant()
    cards = care.cards(obs, "2026-08", list(NAMES), NAMES, Wording("fr"), 10)
    assert card_of(cards, "helia") == {
        "brand": "helia",
        "name": "Hélia Mobile",
        "observed": False,
        "rows": [],
        "small_sample": False,
    }
    table = care.table(cards, Wording("fr"))
    assert table is not None and all(row["cells"][1] is None for row in table["rows"])
    text = section(page(french, "2026-08"), "Service client")
    assert text.count("Aucune conversation observée ce mois-ci.") == 2  # table and card
    assert 'rowspan="12"' in text
    helia_card = text[text.index('id="care-helia"') : text.index('id="care-nova"')]
    assert "obs-care-kpi" not in helia_card and "0 %" not in helia_card
    # Hélia is still in the table's head, between Orbis and Nova (configuration order).
    head = text[text.index("<thead>") : text.index("</thead>")]
    assert head.index("Orbis Télécom") < head.index("Hélia Mobile") < head.index("Nova Box")


def test_different_targets_are_said_per_brand() -> None:
    obs = make_observatory()
    other = obs.care.copy()
    other.loc[other["brand"] == "nova", "answer_hours"] = 8.0
    cards = care.cards(replace(obs, care=other), "2026-08", list(NAMES), NAMES, Wording("en"), 10)
    table = care.table(cards, Wording("en"))
    assert table is not None
    row = next(r for r in table["rows"] if r["key"] == "answered_share")
    assert row["label"] == "Answered within the brand's target"
    assert [c["detail"] for c in row["cells"]] == ["target 24 h", "target 24 h", "target 8 h"]
    same = next(r for r in table["rows"] if r["key"] == "acknowledged_share")
    assert same["label"] == "Acknowledged within 1 h (target)"


# -- the report page -------------------------------------------------------------------------


def test_the_report_says_the_crisis_first_then_customer_care(french: Path) -> None:
    text = page(french, "2026-09")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings.index("Crise") < headings.index("Service client") < headings.index("Graphiques")
    care_text = section(text, "Service client")
    for words in (
        "Demandes reçues",
        "Répondues par la marque",
        "Répondues d'abord par la communauté",
        "Restées sans réponse",
        "Délai médian de première réponse de la marque",
        "Délai de 9 réponses sur 10 (90e centile)",
        f"Prise en charge sous 1{NBSP}h (objectif)",
        f"Réponse sous 24{NBSP}h (objectif)",
        f"Réponse sous 48{NBSP}h (objectif)",
        "Remerciements après une réponse",
        "Clients mécontents reconquis",
        "Présence sur les forums tiers",
        "Réponses les plus rapides et les plus lentes",
        "Les meilleurs entraidants de la communauté",
        "Ambassadeurs entre pairs",
    ):
        assert words in html.unescape(care_text), words
    assert "52 questions, 52 réclamations" in care_text
    assert "2 sur 5" in care_text
    assert f"2{NBSP}h{NBSP}30" in care_text and "obs-tone--bad" in care_text
    assert "défavorable" in care_text
    assert "Variation par rapport à août 2026." in care_text
    assert 'id="fig-2026-09-telecom-care"' in care_text


def test_the_fastest_and_slowest_answers_quote_both_sides(french: Path) -> None:
    text = section(page(french, "2026-09"), "Service client")
    quoted = text[text.index("### Réponses les plus rapides") :]
    assert quoted.index("Orbis Télécom") < quoted.index("Hélia Mobile") < quoted.index("Nova Box")
    assert (
        quoted.count("Réponse la plus rapide") == 3 and quoted.count("Réponse la plus lente") == 3
    )
    assert "la marque a répondu après 38" in quoted  # Orbis: 2.5 h / 4
    assert quoted.count('obs-badge--owned">Compte de la marque') == 6
    assert "Bonjour, nous regardons votre ligne tout de suite." in quoted
    # The customer's post (hostile) comes as text, its javascript: link dropped.
    assert "&lt;script&gt;window.__pwned = 1;" in quoted
    assert 'href="javascript:' not in quoted and "<script" not in quoted


def test_helpers_are_listed_with_their_counts_as_text(french: Path) -> None:
    text = section(page(french, "2026-08"), "Service client")
    helpers = text[text.index("### Les meilleurs entraidants") :]
    assert "<b>" not in helpers and "&lt;b&gt;Entraide&lt;/b&gt; 9c1d" in helpers
    assert "(Orbis Télécom) — 5 réponses, 4 premières réponses, remercié 2 fois." in helpers
    assert "Lecteur 2</strong> (Nova Box) — 3 réponses, 2 premières réponses" in helpers
    out = markdown.markdown(text, extensions=EXTENSIONS)
    assert "<script" not in out and 'href="javascript' not in out
    assert "<em>" not in out and "<strong>gras</strong>" not in out
    assert "[clic](javascript:alert(&#39;h&#39;)) **gras** &lt;script&gt;" in out


def test_the_small_sample_note_and_flag_in_the_report(french: Path) -> None:
    text = section(page(french, "2026-08"), "Service client")
    assert f"Faible échantillon{NBSP}: 6 demandes" in text
    assert f"Faible échantillon{NBSP}: moins de 10 demandes ce mois-ci ou le mois précédent" in (
        text
    )


def test_english_report_and_brand_page(english: Path) -> None:
    text = section(page(english, "2026-09"), "Customer care")
    for words in (
        "Requests received",
        "Answered first by the community",
        "Median time to the brand's first reply",
        "Acknowledged within 1 h (target)",
        "2 h 30 min",
        "unfavourable",
        "Fastest answer",
        "the brand replied after 38 min",
        "Brand account",
        "The community's best helpers",
        "5 answers, 4 first answers, thanked 2 times",
        "Change against August 2026.",
        "Time to the brand's first reply",
        "Answered within 24 h: Orbis Télécom 90%, Hélia Mobile 17% and Nova Box 0%.",
    ):
        assert words in html.unescape(text), words
    small = section(page(english, "2026-08"), "Customer care")
    assert "Small sample: 6 requests" in small
    assert small.count("No conversation observed this month.") == 2
    brand = (english / "content/marques/nova.md").read_text(encoding="utf-8")
    brand_care = section(brand, "Customer care")
    assert "Customer care of Nova Box, month by month" in brand_care
    assert brand_care.count('<abbr class="obs-count" title="small sample">*</abbr>') == 6
    assert "### The community's best helpers, October 2026" in brand_care


def test_the_brand_page_has_six_months_of_care_and_its_helpers(french: Path) -> None:
    text = (french / "content/marques/orbis.md").read_text(encoding="utf-8")
    care_text = section(text, "Service client")
    months = re.findall(r"<th scope=\"row\"><a href=\"[^\"]+\">([^<]+)</a></th>", care_text)
    assert months == [
        "octobre 2026",
        "septembre 2026",
        "août 2026",
        "juillet 2026",
        "juin 2026",
        "mai 2026",
    ]
    assert 'title="faible échantillon"' not in care_text  # Orbis has 40 requests and more
    assert f"Réponse sous 24{NBSP}h (objectif)" in care_text  # one target: said once
    assert "### Les meilleurs entraidants de la communauté, octobre 2026" in care_text
    assert "&lt;b&gt;Entraide&lt;/b&gt; 9c1d</strong> — 5 réponses" in care_text
    nova = section(
        (french / "content/marques/nova.md").read_text(encoding="utf-8"), "Service client"
    )
    assert nova.count('<abbr class="obs-count" title="faible échantillon">*</abbr>') == 6
    assert "* faible échantillon" in nova


def test_no_care_section_without_care_data(tmp_path: Path, chart_cache: Path) -> None:
    """Observatories measured before customer care (or without threaded sources) keep their
    pages as they were."""
    empty = replace(
        make_observatory(),
        care=pd.DataFrame(columns=aggregate_care.CARE_COLUMNS_WITH_DELTAS),
        care_delays=pd.DataFrame(columns=aggregate_care.DELAY_COLUMNS),
        care_examples=pd.DataFrame(columns=aggregate_care.EXAMPLE_COLUMNS),
        care_helpers=pd.DataFrame(columns=aggregate_care.HELPER_COLUMNS),
    )
    root = written_project(tmp_path / "p", "fr", empty, chart_cache)
    assert "## Service client" not in page(root, "2026-09")
    assert "## Service client" not in (root / "content/marques/orbis.md").read_text("utf-8")


def test_a_month_without_any_conversation_says_so() -> None:
    obs = make_observatory()
    config = make_config("fr")
    found = care.report_section(config, obs, "2026-02", "fr")
    assert found is not None and not found["observed"]
    assert all(not card["observed"] for card in found["blocks"][0]["cards"])
    assert found["blocks"][0]["figure"] is None


# -- the chart -------------------------------------------------------------------------------


def test_the_response_time_chart(chart_cache: Path) -> None:
    charts.use_cache(chart_cache)
    obs = make_observatory()
    delays = obs.care_delays[obs.care_delays["month"] == "2026-09"]
    shuffled = delays.sample(frac=1, random_state=3)  # order comes from the configuration
    fig = charts.care_delays(
        shuffled, NAMES, ["orbis", "helia", "nova"], "fr", fig_id="fig-care-test"
    )
    assert fig.title == "Délai de première réponse de la marque"
    assert [row[0] for row in fig.rows] == ["Orbis Télécom", "Hélia Mobile", "Nova Box"]
    assert fig.columns[1] == f"jusqu'à 1{NBSP}h" and fig.columns[-2] == "sans réponse de la marque"
    assert fig.columns[-1] == "Demandes"
    orbis = delays[delays["brand"] == "orbis"].sort_values("order")
    assert fig.rows[0][1:] == [*(str(v) for v in orbis["requests"]), str(orbis["requests"].sum())]
    assert "en gris" in fig.description and "Orbis Télécom 90" in fig.description
    for svg in (fig.svg, fig.narrow):
        assert svg.startswith('<svg role="img"')
        assert 'aria-labelledby="fig-care-test-t"' in svg
        assert "http://" not in svg.replace("http://www.w3.org/", "")
        assert "https://" not in svg
        for colour in charts.DELAY_COLOURS:
            assert colour in svg.lower()
    assert "obs-svg--narrow" in fig.narrow and "obs-svg--wide" in fig.svg


def test_the_care_section_is_plain_data() -> None:
    """What the templates get holds words and numbers, never a frame or a NaN."""
    obs = make_observatory()
    found = care.report_section(make_config("en"), obs, "2026-08", "en")
    assert found is not None

    def walk(value: object) -> None:
        assert not isinstance(value, pd.DataFrame | pd.Series)
        if isinstance(value, float):
            assert value == value
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        if isinstance(value, list):
            for item in value:
                walk(item)

    walk(found)
    block = found["blocks"][0]
    assert [c["brand"] for c in block["cards"]] == ["orbis", "helia", "nova"]
    assert [e["brand"] for e in block["examples"]] == ["orbis", "helia", "nova"]


def test_the_ambassadors_page_lists_each_brands_community_helpers(french: Path) -> None:
    """Peer ambassadors are a class of their own beside the customer ambassadors: the
    ambassadors page shows each brand's best helpers of the latest month, names escaped."""
    text = (french / "content/ambassadeurs.md").read_text(encoding="utf-8")
    heading = "### Les meilleurs entraidants de la communauté, octobre 2026"
    assert text.count(heading) == 3  # Orbis, Hélia and Nova each had helpers in October
    nova = text[text.index("## Nova Box") :]
    helpers = nova[nova.index(heading) :]
    assert helpers.count("<li><p><strong>") == 3
    assert "&lt;b&gt;Entraide&lt;/b&gt; 9c1d</strong> — 5 réponses" in helpers
    assert "<b>Entraide</b>" not in text
