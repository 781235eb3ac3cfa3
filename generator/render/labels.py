"""Words for the raw names the data carries: engagement counters, source kinds, data columns.

Aggregate and the open-data files speak in field names (`rating_count`, `news`, `sov_mom_rel`):
machines need them. A page never shows them bare: it shows these words in the site's
language, and names a file's column only as what it is, the column's name in the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from babel.lists import format_list

from generator.render.i18n import N_, Wording
from generator.render.report_tables import SOURCE_KIND_LABELS
from generator.render.workbook import BRAND_COLUMNS, Column, column_header

ENGAGEMENT_FIELD_LABELS = {
    "comments": N_("comments"),
    "replies": N_("replies"),
    "likes": N_("likes"),
    "rating_count": N_("number of ratings"),
    "views": N_("views"),
}

# The identifying columns of the monthly files, before the metrics.
KEY_LABELS = {"sector": N_("Sector"), "brand": N_("Brand"), "month": N_("Month")}
KEY_UNITS = {
    "sector": N_("slug of the sector (as in the configuration)"),
    "brand": N_("slug of the brand (as in the configuration)"),
    "month": N_("year and month, YYYY-MM"),
}
# What a column's number means, by the workbook's kind of column (render/workbook.py).
UNITS = {
    "count": N_("count"),
    "amount": N_("total"),
    "share": N_("fraction from 0 to 1 (0.123 = 12.3%)"),
    "share2": N_("fraction (0.0123 = 1.23%)"),
    "signed": N_("from −1 to +1"),
    "index": N_("from 0 to 100"),
    "unit": N_("from 0 to 1"),
    "count_delta": N_("difference (a count)"),
    "amount_delta": N_("difference"),
    "points": N_("difference of fractions (0.05 = 5 points)"),
    "signed_delta": N_("difference, on the −1 to +1 scale"),
    "index_delta": N_("difference, in index points"),
    "relative": N_("relative change (0.25 = +25%)"),
}
# The change columns: a metric's name followed by one of these suffixes.
CHANGE_SUFFIXES = {
    "_mom": N_("change since the previous month (difference)"),
    "_mom_rel": N_("relative change since the previous month (0.25 = +25%)"),
    "_yoy": N_("change since the same month a year before (difference)"),
    "_yoy_rel": N_("relative change since the same month a year before"),
}
# Where the kind of column does not say it all: a "share" that can be negative.
UNIT_OF_COLUMN = {"net_sentiment_pct": N_("from −1 to +1 (0.05 = 5 points)")}
_COLUMNS: dict[str, Column] = {c.key: c for c in BRAND_COLUMNS}


@dataclass(frozen=True, slots=True)
class DataColumn:
    """A column of the monthly files as a reader sees it: its label, unit and file name."""

    name: str  # the column's name in the CSV and JSON files
    label: str
    unit: str
    change: bool  # a change column (name ends with a CHANGE_SUFFIXES suffix)


def source_kind(kind: str, w: Wording) -> str:
    """ "news" -> "actualités": a source kind in the site's language."""
    label = SOURCE_KIND_LABELS.get(kind)
    return w._(label) if label else kind


def engagement_fields(fields: Iterable[str], w: Wording) -> str:
    """The engagement counters as a list in words ("comments, replies and likes")."""
    words = [w._(ENGAGEMENT_FIELD_LABELS[f]) if f in ENGAGEMENT_FIELD_LABELS else f for f in fields]
    return format_list(words, locale=w.lang) if words else ""


def is_change(name: str) -> bool:
    return any(name.endswith(suffix) for suffix in CHANGE_SUFFIXES)


def data_column(name: str, w: Wording) -> DataColumn | None:
    """The reader's view of one column of the monthly files; None for an unknown column."""
    if name in KEY_LABELS:
        return DataColumn(name, w._(KEY_LABELS[name]), w._(KEY_UNITS[name]), False)
    column = _COLUMNS.get(name)
    if column is None:
        return None
    unit = UNIT_OF_COLUMN.get(name) or UNITS[column.kind]
    return DataColumn(name, column_header(column, w), w._(unit), is_change(name))


def data_columns(names: Iterable[str], w: Wording) -> list[DataColumn]:
    """Every column of the monthly files with its words (an unknown one keeps its name)."""
    out = []
    for name in names:
        known = data_column(name, w)
        out.append(known or DataColumn(name, name, "", is_change(name)))
    return out


def change_suffixes(w: Wording) -> Mapping[str, str]:
    return {suffix: w._(text) for suffix, text in CHANGE_SUFFIXES.items()}
