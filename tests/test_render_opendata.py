"""The open data states its licence and describes itself: a Frictionless Data Package whose
every resource exists and whose every CSV cell has the declared type; plain CSV for machines.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from conftest import BuiltSite, copy_project

from generator.config import parse_config
from generator.render.i18n import Wording
from generator.render.labels import data_columns

ETALAB = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
NAME = re.compile(r"[a-z0-9._-]+")  # Frictionless names


def _cell_fits(value: str, kind: str) -> bool:
    if value == "":
        return True  # missingValues: [""]
    if kind == "integer":
        return re.fullmatch(r"-?\d+", value) is not None
    if kind == "number":
        return re.fullmatch(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?", value) is not None
    if kind == "yearmonth":
        return re.fullmatch(r"\d{4}-(?:0[1-9]|1[0-2])", value) is not None
    if kind == "boolean":
        return value in {"true", "false", "True", "False"}
    return kind == "string"


def package_problems(folder: Path) -> list[str]:
    """Where `folder/datapackage.json` departs from Data Package v1 or from its files."""
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    problems = []
    if not NAME.fullmatch(package.get("name", "")):
        problems.append(f"package name {package.get('name')!r}")
    licences = package.get("licenses") or []
    if not licences or not all(lic.get("path") or lic.get("name") for lic in licences):
        problems.append("no licence with a name or a path")
    resources = package.get("resources") or []
    if not resources:
        problems.append("no resource")
    names = [r.get("name", "") for r in resources]
    if len(names) != len(set(names)) or not all(NAME.fullmatch(n) for n in names):
        problems.append(f"resource names {names}")
    for resource in resources:
        path = folder / resource.get("path", "")
        if not path.is_file():
            problems.append(f"{resource.get('path')}: no such file")
            continue
        if resource.get("format") == "json":
            json.loads(path.read_text(encoding="utf-8"))
            continue
        fields = resource["schema"]["fields"]
        if resource.get("dialect", {}).get("delimiter", ",") != ",":
            problems.append(f"{path.name}: not comma-separated")
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        if rows[0] != [f["name"] for f in fields]:
            problems.append(f"{path.name}: header differs from the schema")
        for row in rows[1:]:
            for value, spec in zip(row, fields, strict=True):
                if not _cell_fits(value, spec["type"]):
                    problems.append(f"{path.name}: {spec['name']}={value!r} is no {spec['type']}")
        for spec in fields:
            if not spec.get("title") or spec["title"] == spec["name"]:
                problems.append(f"{path.name}: field {spec['name']} has no title in words")
    return problems


def test_the_data_package_describes_every_file(fixture_site: BuiltSite) -> None:
    folder = fixture_site.site / "donnees"
    assert package_problems(folder) == []
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [
        {
            "name": "etalab-2.0",
            "path": ETALAB,
            "title": "Licence Ouverte / Open Licence 2.0 (Etalab)",
        }
    ]
    paths = {r["path"] for r in package["resources"]}
    assert {p.name for p in folder.glob("*.csv")} | {p.name for p in folder.glob("*.json")} == (
        paths | {"datapackage.json"}
    )
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["mentions"]["type"] == "integer" and fields["month"]["type"] == "yearmonth"
    assert fields["sov"]["title"] == "Part de voix"
    title = fields["mentions_mom_rel"]["title"]
    assert title == "Mentions\u00a0: variation sur un mois (en\u00a0%)"


def test_the_checker_sees_a_file_that_lies(fixture_site: BuiltSite, tmp_path: Path) -> None:
    folder = tmp_path / "donnees"
    folder.mkdir()
    for source in (fixture_site.site / "donnees").iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    one = folder / "2026-09.csv"
    with one.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("mentions")] = "douze"
    with one.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    (folder / "metriques-mensuelles.csv").unlink()
    problems = package_problems(folder)
    assert "metriques-mensuelles.csv: no such file" in problems
    assert "2026-09.csv: mentions='douze' is no integer" in problems


def test_each_json_file_carries_the_licence(fixture_site: BuiltSite) -> None:
    for path in (fixture_site.site / "donnees").glob("20*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert list(doc)[:3] == ["month", "site", "licenses"], path.name
        assert doc["licenses"][0]["path"] == ETALAB
        assert doc["brands"], path.name


def test_the_csv_files_stay_plain_for_machines(fixture_site: BuiltSite) -> None:
    text = (fixture_site.site / "donnees" / "2026-09.csv").read_text(encoding="utf-8")
    header, first = text.splitlines()[:2]
    assert header.startswith("sector,brand,month,mentions,")
    assert ";" not in text and "\u00a0" not in text
    assert re.search(r",0\.\d+,", first)  # decimal point


def test_the_data_page_states_licence_conventions_and_columns_in_words(
    fixture_site: BuiltSite,
) -> None:
    html = (fixture_site.site / "donnees" / "index.html").read_text(encoding="utf-8")
    assert (
        f'<a href="{ETALAB}" rel="license">Licence Ouverte / Open Licence 2.0 (Etalab)</a>' in html
    )
    assert "séparateur virgule, point décimal, encodage UTF-8" in html
    assert 'href="datapackage.json"' in html  # beside the page, in site/donnees/
    assert (
        '<th scope="row">Part de voix<br><code translate="no">sov</code></th>'
        "<td>fraction de 0 à 1" in html
    )
    # Raw column names only as what they are: the name in the file, marked not to translate.
    article = html[html.index("<article") : html.index("</article>")]
    outside_code = re.sub(r'<code translate="no">[^<]*</code>', "", article)
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", re.sub(r"<[^>]+>", " ", outside_code))
    # The workbook sentence appears exactly when workbooks are published.
    workbooks = list((fixture_site.site / "donnees").glob("*.xlsx"))
    assert ("classeur" in html) == bool(workbooks)


def test_every_column_of_the_files_has_words() -> None:
    from render_fixture import make_observatory

    columns = make_observatory().monthly.columns
    for lang in ("fr", "en"):
        described = data_columns(columns, Wording(lang))
        assert [c.name for c in described] == list(columns)
        assert all(c.label != c.name and c.unit for c in described), [
            c.name for c in described if c.label == c.name or not c.unit
        ]


def test_a_configured_licence_is_the_one_stated(tmp_path: Path, chart_cache: Path) -> None:
    from render_fixture import CONFIG_TEMPLATE, make_health, make_observatory

    from generator.render.pages import write_content

    text = CONFIG_TEMPLATE.format(lang="fr").replace(
        "  description: Un observatoire de test.\n",
        "  description: Un observatoire de test.\n"
        "  data_licence: {name: CC BY 4.0, url: 'https://creativecommons.org/licenses/by/4.0/',"
        " id: CC-BY-4.0}\n",
    )
    config = parse_config(text, source="fixture.yml")
    root = copy_project(tmp_path / "p")
    write_content(config, make_observatory(), make_health(), root=root, chart_cache=chart_cache)
    page = (root / "content" / "donnees.md").read_text(encoding="utf-8")
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in page
    assert "Etalab" not in page
    package = json.loads((root / "content/donnees/datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    month = json.loads((root / "content/donnees/2026-09.json").read_text(encoding="utf-8"))
    assert month["licenses"] == package["licenses"]


@pytest.mark.parametrize("url", ["ftp://x.org/licence", "licence.html"])
def test_a_licence_url_must_be_a_web_address(url: str) -> None:
    from generator.config import ConfigError

    sectors = "sectors: [{slug: t, name: T, brands: [{slug: a, name: A}]}]\n"
    with pytest.raises(ConfigError, match="data_licence"):
        parse_config(f"site: {{data_licence: {{url: '{url}'}}}}\n{sectors}", source="x.yml")


def _read_csv(path: Path):
    import pandas as pd

    return pd.read_csv(path, keep_default_na=True)


def test_the_care_table_is_the_observatorys(fixture_site: BuiltSite) -> None:
    """One care CSV per month with figures and one for every month: the Observatory's care
    frame, column for column and value for value; totals only, never a quote or a name."""
    import pandas as pd
    from render_fixture import make_observatory

    care = make_observatory().care
    folder = fixture_site.root / "content" / "donnees"
    every = _read_csv(folder / "service-client.csv")
    assert list(every.columns) == list(care.columns)
    pd.testing.assert_frame_equal(every, care.reset_index(drop=True), check_dtype=False)
    months = sorted(set(care["month"]))
    assert sorted(p.name for p in folder.glob("service-client-*.csv")) == [
        f"service-client-{m}.csv" for m in months
    ]
    september = _read_csv(folder / "service-client-2026-09.csv")
    expected = care[care["month"] == "2026-09"].reset_index(drop=True)
    pd.testing.assert_frame_equal(september, expected, check_dtype=False)
    assert september.loc[september["brand"] == "orbis", "reply_median_hours"].item() == 2.5
    text = "".join(p.read_text(encoding="utf-8") for p in folder.glob("service-client*.csv"))
    assert '"' not in text and "Entraide" not in text and "Lecteur" not in text
    assert not {"author", "author_id", "author_display", "quotes"} & set(every.columns)
    # The month's JSON carries the same rows; a month without care figures an empty list.
    doc = json.loads((folder / "2026-09.json").read_text(encoding="utf-8"))
    assert [r["brand"] for r in doc["care"]] == list(expected["brand"])
    assert doc["care"][0]["reply_p90_hours"] == expected.loc[0, "reply_p90_hours"]
    assert json.loads((folder / "2026-01.json").read_text(encoding="utf-8"))["care"] == []
    assert not (folder / "service-client-2026-01.csv").exists()


def test_the_data_package_describes_the_care_files(fixture_site: BuiltSite) -> None:
    folder = fixture_site.site / "donnees"
    assert package_problems(folder) == []  # every care file listed, typed and titled
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["path"]: r for r in package["resources"]}
    assert "service-client.csv" in resources and "service-client-2026-09.csv" in resources
    schema = resources["service-client-2026-09.csv"]["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    assert schema["primaryKey"] == ["sector", "brand", "month"]
    assert fields["requests"]["type"] == "integer" and fields["month"]["type"] == "yearmonth"
    assert fields["reply_median_hours"]["type"] == "number"
    assert fields["reply_median_hours"]["title"] == (
        "Délai médian de première réponse de la marque (heures)"
    )
    assert fields["requests_delta"]["title"] == (
        "Demandes (questions ou réclamations)\u00a0: variation sur un mois"
    )
    assert fields["answered_share"]["description"].startswith("fraction de 0 à 1")
    assert "service client" in package["description"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_care_column_has_words(lang: str) -> None:
    from render_fixture import make_observatory

    from generator.render.opendata import care_columns

    columns = make_observatory().care.columns
    described = care_columns(columns, Wording(lang))
    assert [c.name for c in described] == list(columns)
    assert all(c.label != c.name and c.unit for c in described), [
        c.name for c in described if c.label == c.name or not c.unit
    ]
    assert [c.name for c in described if c.change] == [c for c in columns if c.endswith("_delta")]


def test_the_data_page_documents_the_care_table(fixture_site: BuiltSite) -> None:
    html = (fixture_site.site / "donnees" / "index.html").read_text(encoding="utf-8")
    assert 'href="service-client-2026-09.csv"' in html and 'href="service-client.csv"' in html
    assert "Colonnes du service client" in html
    assert (
        '<th scope="row">Délai médian de première réponse de la marque (heures)<br>'
        '<code translate="no">reply_median_hours</code></th><td>heures (1,5' in html
    )
    assert '<code translate="no">reply_median_hours_delta</code>' in html
    assert "en dessous de 10 demandes" in html  # config.report.min_requests
    assert "Entraide" not in html  # helpers are not data
    assert 'href="../methodologie/"' in html


def test_the_english_data_page_documents_the_care_table(tmp_path: Path, chart_cache: Path) -> None:
    from render_fixture import make_config, make_health, make_observatory

    from generator.render.pages import write_content

    root = copy_project(tmp_path / "p")
    config = make_config("en")
    write_content(config, make_observatory(), make_health(), root=root, chart_cache=chart_cache)
    page = (root / "content" / "donnees.md").read_text(encoding="utf-8")
    assert "## Customer care columns" in page
    assert (
        '<th scope="row">Median time to the brand\'s first reply (hours)<br>'
        '<code translate="no">reply_median_hours</code></th><td>hours (1.5 = 1 h 30 min)</td>'
    ) in page.replace("&#39;", "'")
    assert "[CSV](donnees/service-client-2026-09.csv)" in page
    package = json.loads((root / "content/donnees/datapackage.json").read_text(encoding="utf-8"))
    titles = {
        f["name"]: f["title"]
        for r in package["resources"]
        if r["path"] == "service-client.csv"
        for f in r["schema"]["fields"]
    }
    assert titles["unanswered_share"] == "Share of requests left unanswered"


def test_an_observatory_without_care_figures_publishes_no_care_file(
    tmp_path: Path, chart_cache: Path
) -> None:
    from dataclasses import replace

    from render_fixture import make_config, make_health, make_observatory

    from generator.aggregate.care import CARE_COLUMNS_WITH_DELTAS
    from generator.aggregate.observatory import care_frame
    from generator.render.pages import write_content

    observatory = replace(make_observatory(), care=care_frame(CARE_COLUMNS_WITH_DELTAS))
    root = copy_project(tmp_path / "p")
    write_content(make_config(), observatory, make_health(), root=root, chart_cache=chart_cache)
    folder = root / "content" / "donnees"
    assert not list(folder.glob("service-client*"))
    assert "service-client" not in (folder / "datapackage.json").read_text(encoding="utf-8")
    page = (root / "content" / "donnees.md").read_text(encoding="utf-8")
    assert "Service client" not in page and "Colonnes du service client" not in page
