"""The open data's metadata: its licence, and a Frictionless Data Package describing the files.

A file found on its own must say what it is and under which terms it may be reused: each
month's JSON carries the licence, and `donnees/datapackage.json` (Frictionless Data Package
v1, https://specs.frictionlessdata.io/data-package/) lists every CSV and JSON file with the
licence, and each CSV column with its type, its label in the site's language and its unit. The
CSV files stay plain for machines: comma separator, decimal point, UTF-8, a header row.

The customer-care table (`Observatory.care`, aggregate/care.py) is published the same way: one
CSV per month that has care figures (`service-client-YYYY-MM.csv`), every month in one file
(`service-client.csv`) and a `care` list in each month's JSON. Totals per brand and month only:
the quotes and the helpers' names of the care section are never data (`care_table` keeps the
known KPI columns and nothing else).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from generator.aggregate.care import CARE_COLUMNS_WITH_DELTAS
from generator.config import Config
from generator.render import labels
from generator.render.i18n import N_, Wording
from generator.render.workbook import (
    CARE_DELTA_COLUMNS,
    CARE_KPI_COLUMNS,
    CARE_SAMPLE_COLUMN,
    Column,
    column_header,
)

PACKAGE_FILE = "datapackage.json"
ALL_MONTHS_FILE = "metriques-mensuelles.csv"
CARE_FILE = "service-client.csv"
CARE_SUFFIX = "_delta"  # the care table's changes: this month minus the month before
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
    return _schema(frame, labels.data_columns(frame.columns, w), field_type)


def _schema(
    frame: pd.DataFrame, columns: Iterable[labels.DataColumn], kind_of: Callable[[str, Any], str]
) -> dict[str, Any]:
    """A Table Schema: the columns with their words, typed by `kind_of(name, dtype)`."""
    fields = []
    for column in columns:
        field: dict[str, Any] = {
            "name": column.name,
            "type": kind_of(column.name, frame[column.name].dtype),
            "title": column.label,
        }
        if column.unit:
            field["description"] = column.unit
        fields.append(field)
    return {"fields": fields, "missingValues": [""], "primaryKey": ["sector", "brand", "month"]}


# What a care column's number means, by kind (render/workbook.py), beyond labels.UNITS.
CARE_UNITS = {
    **labels.UNITS,
    "hours": N_("hours (1.5 = 1 h 30 min)"),
    "hours_delta": N_("difference, in hours"),
}
UNIT_OF_CARE_COLUMN = {
    "n": N_("count: the requests the shares are computed on"),
    "acknowledge_hours": N_("hours: the target the brand is measured against"),
    "answer_hours": N_("hours: the target the brand is measured against"),
    "extended_answer_hours": N_("hours: the target the brand is measured against"),
}
_CARE_COLUMNS: dict[str, Column] = {
    c.key: c for c in (CARE_SAMPLE_COLUMN, *CARE_KPI_COLUMNS, *CARE_DELTA_COLUMNS)
}
# Table Schema types of the care columns, should a frame's dtype not tell (an empty table).
_CARE_TYPES = {"count": "integer", "count_delta": "number"}


def care_file(month: str) -> str:
    """The month's care CSV, beside its metrics in `donnees/`."""
    return f"service-client-{month}.csv"


def care_table(care: pd.DataFrame) -> pd.DataFrame:
    """The care frame as published: its known KPI columns in their order, nothing else."""
    return care[[c for c in CARE_COLUMNS_WITH_DELTAS if c in care.columns]]


def care_months(care: pd.DataFrame) -> list[str]:
    """The months with care figures, in order."""
    return sorted(set(care["month"].astype(str))) if "month" in care.columns else []


def care_column(name: str, w: Wording) -> labels.DataColumn:
    """A column of the care files as a reader sees it (an unknown one keeps its name)."""
    if name in labels.KEY_LABELS:
        return labels.DataColumn(
            name, w._(labels.KEY_LABELS[name]), w._(labels.KEY_UNITS[name]), False
        )
    column = _CARE_COLUMNS.get(name)
    if column is None:
        return labels.DataColumn(name, name, "", name.endswith(CARE_SUFFIX))
    unit = UNIT_OF_CARE_COLUMN.get(name) or CARE_UNITS[column.kind]
    return labels.DataColumn(name, column_header(column, w), w._(unit), name.endswith(CARE_SUFFIX))


def care_columns(names: Iterable[str], w: Wording) -> list[labels.DataColumn]:
    """Every column of the care files with its words, in file order."""
    return [care_column(name, w) for name in names]


def care_field_type(name: str, dtype: Any) -> str:
    """`field_type`, with the care column's kind where the dtype does not tell (an empty
    table)."""
    kind = field_type(name, dtype)
    if kind == "string" and name in _CARE_COLUMNS:
        return _CARE_TYPES.get(_CARE_COLUMNS[name].kind, "number")
    return kind


def care_schema(care: pd.DataFrame, w: Wording) -> dict[str, Any]:
    """The Table Schema of the care CSV files."""
    return _schema(care, care_columns(care.columns, w), care_field_type)


def _name(text: str) -> str:
    """A Frictionless name: lower case letters, digits, `-`, `.` and `_`."""
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "observatoire"


def data_package(
    config: Config,
    monthly: pd.DataFrame,
    months: Sequence[str],
    w: Wording,
    care: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """`donnees/datapackage.json`: the CSV and JSON files of every month, described (the
    care files too when `care`, the published `care_table`, has rows)."""
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
    if care is not None and len(care):
        care_common = {**csv_common, "schema": care_schema(care, w)}
        resources.append(
            {
                "name": "service-client",
                "path": CARE_FILE,
                "title": w._("Customer care in public, every brand, every month"),
                **care_common,
            }
        )
        for month in care_months(care):
            resources.append(
                {
                    "name": f"service-client-{month}",
                    "path": care_file(month),
                    "title": w._("Customer care in public, {month}", month=month),
                    **care_common,
                }
            )
    host = re.sub(r"^https?://", "", site.url).strip("/")
    return {
        "profile": "data-package",
        "name": _name(host),
        "title": site.title,
        "description": w._(
            "Monthly indicators of the brands the observatory follows: volume, share of voice, "
            "sentiment, reach, engagement, reputation index and customer care in public. "
            "Totals only: no author name."
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
