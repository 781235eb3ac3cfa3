"""The open data's metadata: its licence, and a Frictionless Data Package describing the files.

A file found on its own must say what it is and under which terms it may be reused: each
month's JSON carries the licence, and `donnees/datapackage.json` (Frictionless Data Package
v1, https://specs.frictionlessdata.io/data-package/) lists every CSV and JSON file with the
licence, and each CSV column with its type, its label in the site's language and its unit. The
CSV files stay plain for machines: comma separator, decimal point, UTF-8, a header row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from generator.config import Config
from generator.render import labels
from generator.render.i18n import Wording

PACKAGE_FILE = "datapackage.json"
ALL_MONTHS_FILE = "metriques-mensuelles.csv"
CSV_DIALECT = {"delimiter": ",", "doubleQuote": True, "header": True, "lineTerminator": "\n"}


def licences(config: Config) -> list[dict[str, str]]:
    """The Frictionless `licenses` list: SPDX id (when known), URL and title."""
    licence = config.site.data_licence
    entry = {"path": licence.url, "title": licence.name}
    if licence.id:
        entry = {"name": licence.id, **entry}
    return [entry]


def field_type(name: str, dtype: Any) -> str:
    """A Table Schema type for a column of the monthly frame."""
    if name == "month":
        return "yearmonth"
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_numeric_dtype(dtype):
        return "number"
    return "string"


def table_schema(frame: pd.DataFrame, w: Wording) -> dict[str, Any]:
    """The Table Schema of the monthly CSV files: one field per column, in file order."""
    fields = []
    for column in labels.data_columns(frame.columns, w):
        field: dict[str, Any] = {
            "name": column.name,
            "type": field_type(column.name, frame[column.name].dtype),
            "title": column.label,
        }
        if column.unit:
            field["description"] = column.unit
        fields.append(field)
    return {"fields": fields, "missingValues": [""], "primaryKey": ["sector", "brand", "month"]}


def _name(text: str) -> str:
    """A Frictionless name: lower case letters, digits, `-`, `.` and `_`."""
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "observatoire"


def data_package(
    config: Config, monthly: pd.DataFrame, months: Sequence[str], w: Wording
) -> dict[str, Any]:
    """`donnees/datapackage.json`: the CSV and JSON files of every month, described."""
    site = config.site
    schema = table_schema(monthly, w)
    csv_common = {
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": CSV_DIALECT,
        "schema": schema,
    }
    resources: list[dict[str, Any]] = [
        {
            "name": "metriques-mensuelles",
            "path": ALL_MONTHS_FILE,
            "title": w._("Monthly metrics of every brand, every month"),
            **csv_common,
        }
    ]
    for month in months:
        resources.append(
            {
                "name": f"metriques-{month}",
                "path": f"{month}.csv",
                "title": w._("Monthly metrics of every brand, {month}", month=month),
                **csv_common,
            }
        )
        resources.append(
            {
                "name": f"donnees-{month}",
                "path": f"{month}.json",
                "title": w._("Brands, sectors and themes, {month}", month=month),
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
            }
        )
    host = re.sub(r"^https?://", "", site.url).strip("/")
    return {
        "profile": "data-package",
        "name": _name(host),
        "title": site.title,
        "description": w._(
            "Monthly indicators of the brands the observatory follows: volume, share of voice, "
            "sentiment, reach, engagement and reputation index. Totals only: no author name."
        ),
        "homepage": site.url,
        "language": site.language,
        "licenses": licences(config),
        "contributors": [{"title": site.author, "role": "publisher"}],
        "resources": resources,
    }


def monthly_document(config: Config, body: dict[str, Any]) -> dict[str, Any]:
    """A month's JSON file with its licence beside its data (which follows the metadata)."""
    head: dict[str, Any] = {k: body[k] for k in ("month", "site") if k in body}
    rest = {k: v for k, v in body.items() if k not in head}
    return {**head, "licenses": licences(config), **rest}


def workbook_months(months: Iterable[str], data_dir: Path) -> list[str]:
    """The months whose Excel workbook (`YYYY-MM.xlsx`) is in the data folder."""
    return [m for m in months if (data_dir / f"{m}.xlsx").exists()]
