"""The monthly Excel workbook: opened as a reader's spreadsheet would, checked against the JSON."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import BuiltSite
from openpyxl.worksheet.worksheet import Worksheet
from render_fixture import make_config, make_observatory

from generator.render import workbook
from generator.render.i18n import Wording

FR = Wording("fr")
MONTHS = ["2026-09", "2026-08"]  # the fixture's crisis month, and a quiet one


def headers(ws: Worksheet) -> list[str]:
    return [str(c.value) for c in next(ws.iter_rows(min_row=1, max_row=1))]


def rows(ws: Worksheet) -> list[dict[str, Any]]:
    """Each data row as {header: cell}, cells kept (value, type and number format)."""
    names = headers(ws)
    return [dict(zip(names, row, strict=False)) for row in ws.iter_rows(min_row=2)]


def same(cell_value: Any, expected: Any) -> bool:
    if expected is None:
        return cell_value is None
    if isinstance(expected, int):
        return bool(cell_value == expected) and isinstance(cell_value, int)
    return cell_value == pytest.approx(expected, rel=1e-9, abs=1e-9)


def check_sheet_against_json(
    ws: Worksheet,
    columns: list[workbook.Column],
    records: list[dict[str, Any]],
    key_of_row: Any,
    key_of_record: Any,
) -> int:
    """Every number of the sheet equals the JSON's, and every JSON number is in the sheet."""
    by_key = {key_of_record(r): r for r in records}
    sheet_rows = rows(ws)
    assert len(sheet_rows) == len(records), ws.title
    present = {workbook.column_header(c, FR): c for c in columns}
    numeric_keys = {
        k for r in records for k, v in r.items() if isinstance(v, int | float) or v is None
    }
    shown = {c.key for c in present.values()}
    assert numeric_keys - {"month"} <= shown, f"{ws.title}: missing {numeric_keys - shown}"
    checked = 0
    for row in sheet_rows:
        record = by_key[key_of_row(row)]
        for header, column in present.items():
            if column.kind == "text" or header not in row:
                continue
            cell = row[header]
            expected = record.get(column.key)
            assert not isinstance(cell.value, str), f"{ws.title}/{header}: text, not a number"
            assert same(cell.value, expected), (ws.title, header, cell.value, expected)
            checked += 1
    return checked


@pytest.mark.parametrize("month", MONTHS)
def test_every_number_equals_the_month_json(fixture_site: BuiltSite, month: str) -> None:
    content = fixture_site.root / "content" / "donnees"
    data = json.loads((content / f"{month}.json").read_text(encoding="utf-8"))
    book = openpyxl.load_workbook(content / f"{month}.xlsx")
    config = make_config()
    slug = {b.name: b.slug for b in config.brands}
    themes = {t.name: t.slug for s in config.sectors for t in s.themes}
    sectors = {s.name: s.slug for s in config.sectors}

    assert book.sheetnames[0] == "À propos"
    assert {"Marques", "Secteurs", "Thèmes", "Sources", "Personnes", "Crises"} <= set(
        book.sheetnames
    )
    checked = check_sheet_against_json(
        book["Marques"],
        workbook.BRAND_COLUMNS,
        data["brands"],
        lambda row: slug[row["Marque"].value],
        lambda record: record["brand"],
    )
    checked += check_sheet_against_json(
        book["Secteurs"],
        workbook.SECTOR_COLUMNS,
        data["sectors"],
        lambda row: sectors[row["Secteur"].value],
        lambda record: record["sector"],
    )
    checked += check_sheet_against_json(
        book["Thèmes"],
        workbook.THEME_COLUMNS,
        data["themes"],
        lambda row: (slug[row["Marque"].value], themes[row["Thème"].value]),
        lambda record: (record["brand"], record["theme"]),
    )
    assert checked > 100


def test_headers_formats_and_layout_read_the_french_way(fixture_site: BuiltSite) -> None:
    book = openpyxl.load_workbook(fixture_site.root / "content" / "donnees" / "2026-09.xlsx")
    brands = book["Marques"]
    names = headers(brands)
    for label in ("Marque", "Mentions", "Part de voix", "Sentiment net", "Indice de réputation"):
        assert label in names
    assert (
        "Mentions : variation sur un mois (en %)".replace(" :", "\u00a0:").replace(" %", "\u00a0%")
        in names
    )
    assert not [n for n in names if "_" in n], "raw column names in the headers"
    first = rows(brands)[0]
    assert first["Mentions"].number_format == "#,##0"
    assert first["Part de voix"].number_format == "0.0%"
    assert first["Sentiment net"].number_format.startswith("+0.00")
    for ws in book.worksheets[1:]:
        assert ws.freeze_panes == "A2", ws.title
        assert all(c.font.bold for c in next(ws.iter_rows(min_row=1, max_row=1)))
        assert all(
            (ws.column_dimensions[c.column_letter].width or 0) >= 8
            for c in next(ws.iter_rows(min_row=1, max_row=1))
        )
    crisis = rows(book["Crises"])
    assert len(crisis) == 1 and crisis[0]["Marque"].value == "Orbis Télécom"
    assert crisis[0]["Début"].value == datetime(2026, 9, 10)  # a date cell, not text
    assert crisis[0]["Début"].number_format == "dd/mm/yyyy"
    people = rows(book["Personnes"])
    authors = make_observatory().authors
    shown = authors[authors["month"] == "2026-09"]
    assert {r["Contributeur"].value for r in people} == set(shown["display_name"])
    assert not {"author_id", "author"} & {h.lower() for h in headers(book["Personnes"])}

    about = {
        str(r[0].value): r[1].value
        for r in book["À propos"].iter_rows(min_row=2)
        if r[0].value is not None
    }
    assert about["Observatoire"] == "Observatoire de test"
    assert about["Mois"] == "septembre 2026"
    assert isinstance(about["Généré le"], datetime)
    assert about["Méthodologie"] == "https://observatoire.example.org/methodologie/"
    assert about["Rapport"].endswith("/blog/2026/09/rapport-2026-09/")
    licence = make_config().site.data_licence
    assert licence.name in about["Licence"] and licence.url in about["Licence"]


def test_the_site_serves_the_workbook_and_the_report_links_it(fixture_site: BuiltSite) -> None:
    built = fixture_site.site / "donnees" / "2026-09.xlsx"
    assert built.read_bytes() == (fixture_site.root / "content/donnees/2026-09.xlsx").read_bytes()
    report = fixture_site.site / "blog/2026/09/rapport-2026-09/index.html"
    assert 'href="../../../../donnees/2026-09.xlsx">Excel</a>' in report.read_text("utf-8")


def test_collected_text_stays_text_and_bytes_are_reproducible() -> None:
    """A post titled like a formula is a string cell; control characters are dropped."""
    config = make_config()
    observatory = make_observatory()
    top = observatory.top_posts.copy()
    september = top.index[(top["month"] == "2026-09")][0]
    top.loc[september, "title"] = '=HYPERLINK("https://evil.example","clic")'
    top.loc[september, "excerpt"] = "bell\x07 and\x0b tab"
    observatory = replace(observatory, top_posts=top)
    made = workbook.month_workbook(
        config, observatory, "2026-09", generated=date(2026, 10, 2), report_url="r/"
    )
    again = workbook.month_workbook(
        config, observatory, "2026-09", generated=date(2026, 10, 2), report_url="r/"
    )
    assert made == again, "same data, same day: same bytes (no rewrite, no churn)"
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(n) for n in sheets), "a formula was written"
    book = openpyxl.load_workbook(io.BytesIO(made))
    posts = rows(book["Messages cités"])
    titles = {r["Titre"].value: r for r in posts}
    formula = titles['=HYPERLINK("https://evil.example","clic")']
    assert formula["Titre"].data_type == "s"
    assert "bell and tab" in {r["Extrait"].value for r in posts}
    assert all(
        r["Lien"].value is None or str(r["Lien"].value).startswith("https://") for r in posts
    ), "a javascript: link reached the workbook"


def test_english_site_gets_english_headers(tmp_path: Path) -> None:
    from render_fixture import make_config as config_for

    made = workbook.month_workbook(
        config_for("en"),
        make_observatory(),
        "2026-09",
        generated=date(2026, 10, 2),
        report_url="r/",
    )
    book = openpyxl.load_workbook(io.BytesIO(made))
    assert book.sheetnames[:2] == ["About", "Brands"]
    assert "Mentions: change over one month (%)" in headers(book["Brands"])


CARE_SHEET = "Service client"


def test_the_care_sheet_reads_back_as_the_observatorys_care(fixture_site: BuiltSite) -> None:
    """Every number of the care sheet is the care frame's, with a French number format;
    brands in the configuration's order; small samples flagged; no quote, no name."""
    book = openpyxl.load_workbook(fixture_site.root / "content" / "donnees" / "2026-09.xlsx")
    assert CARE_SHEET in book.sheetnames
    ws = book[CARE_SHEET]
    care = make_observatory().care
    expected = care[care["month"] == "2026-09"].set_index("brand")
    config = make_config()
    slug = {b.name: b.slug for b in config.brands}
    sheet_rows = rows(ws)
    assert [slug[r["Marque"].value] for r in sheet_rows] == ["orbis", "helia", "nova"]
    checked = 0
    for row in sheet_rows:
        record = expected.loc[slug[row["Marque"].value]]
        assert row["Secteur"].value == "Télécoms"
        for column in workbook.CARE_SHEET_COLUMNS:
            if column.kind == "text":
                continue
            cell = row[workbook.column_header(column, FR)]
            value = record[column.key]
            assert not isinstance(cell.value, str), column.key
            assert same(cell.value, None if value != value else value), (column.key, cell.value)
            assert cell.number_format == workbook.FORMATS[column.kind], column.key
            checked += 1
    assert checked == 3 * (len(workbook.CARE_SHEET_COLUMNS) - 1)
    by_brand = {slug[r["Marque"].value]: r for r in sheet_rows}
    assert by_brand["nova"]["Petit échantillon"].value == "oui"  # 6 requests < 10
    assert by_brand["orbis"]["Petit échantillon"].value is None
    median = by_brand["orbis"]["Délai médian de première réponse de la marque (heures)"]
    assert median.value == 2.5 and median.number_format == "#,##0.0"  # reads 2,5 in French
    assert by_brand["orbis"]["Part des demandes restées sans réponse"].number_format == "0.0%"
    change = by_brand["orbis"]["Demandes (questions ou réclamations)\u00a0: variation sur un mois"]
    assert change.value == 61 and change.number_format == "+#,##0;-#,##0;0"
    names = set(headers(ws))
    assert not [n for n in names if "_" in n], "raw column names in the headers"
    assert not {"author", "author_id", "author_display", "quotes"} & {n.lower() for n in names}
    texts = {str(c.value) for line in ws.iter_rows() for c in line if isinstance(c.value, str)}
    assert not [t for t in texts if "Entraide" in t or "Lecteur" in t], "a helper's name"
    about = [str(r[0].value) for r in book["À propos"].iter_rows() if r[0].value]
    assert CARE_SHEET in about


def test_a_month_without_care_figures_has_an_empty_care_sheet() -> None:
    made = workbook.month_workbook(
        make_config(), make_observatory(), "2026-01", generated=date(2026, 2, 2), report_url="r/"
    )
    ws = openpyxl.load_workbook(io.BytesIO(made))[CARE_SHEET]
    assert rows(ws) == [] and "Demandes (questions ou réclamations)" in headers(ws)


def test_the_english_care_sheet() -> None:
    from render_fixture import make_config as config_for

    made = workbook.month_workbook(
        config_for("en"),
        make_observatory(),
        "2026-09",
        generated=date(2026, 10, 2),
        report_url="r/",
    )
    ws = openpyxl.load_workbook(io.BytesIO(made))["Customer care"]
    names = headers(ws)
    assert "Median time to the brand's first reply (hours)" in names
    assert "Share of requests the brand answered: change over one month" in names
    assert {r["Small sample"].value for r in rows(ws)} == {"yes", None}
