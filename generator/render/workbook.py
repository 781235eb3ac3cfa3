"""The month's open data as an Excel workbook (`donnees/YYYY-MM.xlsx`), for people, not parsers.

The CSV and JSON files stay standard for machines; a communications team opens a workbook:
one sheet per table of the report, headers in the site's language (the labels the pages use),
real numbers (never text) with number formats that Excel or LibreOffice show the reader's way
(`1 234`, `12,3 %` in French), dates as dates, the header row frozen, and an "About" sheet
saying what the file is, when it was made and under which licence.

Collected text (titles, excerpts, pseudonyms, source names) is untrusted: every text cell is
stored as a string, so `=HYPERLINK(...)` in a post stays text, and characters a workbook cannot
hold are removed. The bytes are reproducible (fixed document dates and zip timestamps): a
rebuild on the same day with the same data rewrites nothing.
"""

from __future__ import annotations

import io
import math
import numbers
import os
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator.aggregate import Observatory
from generator.aggregate.care import DELTA_COLUMNS
from generator.config import Config
from generator.records import Crisis
from generator.render import formatting as fmt
from generator.render.i18n import N_, Wording
from generator.render.report_tables import SOURCE_KIND_LABELS
from generator.render.wording import KLASS_LABELS, KLASS_ORDER, author_explanation

Kind = Literal[
    "text", "count", "amount", "share", "share2", "signed", "index", "unit", "weight", "date",
    "count_delta", "amount_delta", "points", "signed_delta", "index_delta", "relative",
    "hours", "hours_delta",
]  # fmt: skip

# Excel number formats are written the English way and shown in the reader's locale: `#,##0`
# reads `1 234` in a French Excel, `0.0%` reads `12,3 %`.
FORMATS: dict[str, str] = {
    "count": "#,##0",
    "amount": "#,##0",
    "share": "0.0%",
    "share2": "0.00%",
    "signed": "+0.00;-0.00;0.00",
    "index": "0.0",
    "unit": "0.00",
    "weight": "0.000",
    "date": "dd/mm/yyyy",
    "count_delta": "+#,##0;-#,##0;0",
    "amount_delta": "+#,##0;-#,##0;0",
    "points": "+0.0%;-0.0%;0.0%",
    "signed_delta": "+0.00;-0.00;0.00",
    "index_delta": "+0.0;-0.0;0.0",
    "relative": "+0%;-0%;0%",
    "hours": "#,##0.0",
    "hours_delta": "+#,##0.0;-#,##0.0;0.0",
}
TEXT_WIDTH_MAX = 60
LONG_TEXT_WIDTH = 70
HEADER_FILL = PatternFill("solid", fgColor="E8EAF6")
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a sheet: the frame's column, its header (a msgid) and how to show it."""

    key: str
    label: str
    kind: Kind
    long: bool = False  # wrapped text in a wide column (excerpts, explanations)


def _deltas(key: str, label: str, kind: Kind, counted: bool) -> list[Column]:
    """The month-over-month and year-over-year changes of a metric, as the JSON has them."""
    out = [Column(f"{key}_mom", label, kind)]
    if counted:
        out.append(Column(f"{key}_mom_rel", label, "relative"))
    out.append(Column(f"{key}_yoy", label, kind))
    if counted:
        out.append(Column(f"{key}_yoy_rel", label, "relative"))
    return out


# Headers of the change columns: "{label}: change over one month" and so on.
CHANGE_LABELS = {
    "_mom": N_("{label}: change over one month"),
    "_mom_rel": N_("{label}: change over one month (%)"),
    "_yoy": N_("{label}: change over one year"),
    "_yoy_rel": N_("{label}: change over one year (%)"),
}
# The care table's changes (`<kpi>_delta`, aggregate/care.py) are over one month too.
CHANGE_LABELS_OF_SUFFIX = {**CHANGE_LABELS, "_delta": CHANGE_LABELS["_mom"]}

BRAND_COLUMNS: list[Column] = [
    Column("mentions", N_("Mentions"), "count"),
    Column("unique_authors", N_("Unique authors"), "count"),
    Column("sov", N_("Share of voice"), "share"),
    Column("sov_reach", N_("Share of voice (reach)"), "share"),
    Column("sov_engagement", N_("Share of voice (engagement)"), "share"),
    Column("positive", N_("Positive mentions"), "count"),
    Column("neutral", N_("Neutral mentions"), "count"),
    Column("negative", N_("Negative mentions"), "count"),
    Column("pos_share", N_("Share of positive mentions"), "share"),
    Column("neu_share", N_("Share of neutral mentions"), "share"),
    Column("neg_share", N_("Share of negative mentions"), "share"),
    Column("net_sentiment", N_("Net sentiment"), "signed"),
    Column("net_sentiment_low", N_("Net sentiment, lower bound (confidence 95 %)"), "signed"),
    Column("net_sentiment_high", N_("Net sentiment, upper bound (confidence 95 %)"), "signed"),
    Column("net_sentiment_pct", N_("Net sentiment (share of all mentions)"), "share"),
    Column("reach", N_("Reach"), "amount"),
    Column("engagement", N_("Engagement"), "amount"),
    Column("engagement_rate", N_("Engagement rate"), "share2"),
    Column("reputation_index", N_("Reputation index"), "index"),
    Column("index_sentiment", N_("Reputation index: sentiment component"), "unit"),
    Column("index_visibility", N_("Reputation index: visibility component"), "unit"),
    Column("index_advocacy", N_("Reputation index: advocacy component"), "unit"),
    Column("recommendations", N_("Recommendations"), "count"),
    Column("detractions", N_("Warnings and departures"), "count"),
    Column("paid_mentions", N_("Sponsored mentions (not counted)"), "count"),
    Column("paid_engagement", N_("Engagement of sponsored posts (not counted)"), "amount"),
    Column("owned_mentions", N_("Brand account posts (not counted)"), "count"),
    Column("owned_engagement", N_("Engagement of brand account posts (not counted)"), "amount"),
    *_deltas("mentions", N_("Mentions"), "count_delta", True),
    *_deltas("unique_authors", N_("Unique authors"), "count_delta", True),
    *_deltas("sov", N_("Share of voice"), "points", False),
    *_deltas("net_sentiment", N_("Net sentiment"), "signed_delta", False),
    *_deltas("net_sentiment_pct", N_("Net sentiment (share of all mentions)"), "points", False),
    *_deltas("reach", N_("Reach"), "amount_delta", True),
    *_deltas("engagement", N_("Engagement"), "amount_delta", True),
    *_deltas("reputation_index", N_("Reputation index"), "index_delta", False),
]
SECTOR_COLUMNS: list[Column] = [
    Column("mentions", N_("Mentions"), "count"),
    Column("posts", N_("Posts"), "count"),
    Column("unique_authors", N_("Unique authors"), "count"),
    Column("reach", N_("Reach"), "amount"),
    Column("engagement", N_("Engagement"), "amount"),
    Column("positive", N_("Positive mentions"), "count"),
    Column("neutral", N_("Neutral mentions"), "count"),
    Column("negative", N_("Negative mentions"), "count"),
    Column("net_sentiment", N_("Net sentiment"), "signed"),
]
THEME_COLUMNS: list[Column] = [
    Column("mentions", N_("Mentions"), "count"),
    Column("positive", N_("Positive mentions"), "count"),
    Column("negative", N_("Negative mentions"), "count"),
    Column("net_sentiment", N_("Net sentiment"), "signed"),
]
SOURCE_COLUMNS: list[Column] = [
    Column("kind_label", N_("Kind"), "text"),
    Column("mentions", N_("Mentions"), "count"),
    Column("share", N_("Share of the brand's mentions"), "share"),
    Column("negative", N_("Negative mentions"), "count"),
    Column("reach", N_("Reach"), "amount"),
    Column("engagement", N_("Engagement"), "amount"),
]
TERM_COLUMNS: list[Column] = [
    Column("rank", N_("Rank"), "count"),
    Column("term", N_("Term"), "text"),
    Column("weight", N_("Weight (TF-IDF)"), "weight"),
]
PEOPLE_COLUMNS: list[Column] = [
    Column("klass_label", N_("Group"), "text"),
    Column("rank", N_("Rank"), "count"),
    Column("display_name", N_("Contributor"), "text"),
    Column("posts", N_("Posts"), "count"),
    Column("positive", N_("Positive posts"), "count"),
    Column("negative", N_("Negative posts"), "count"),
    Column("positive_share", N_("Share of positive posts"), "share"),
    Column("recommendations", N_("Recommendations"), "count"),
    Column("advice_against", N_("Warnings"), "count"),
    Column("intent_to_leave", N_("Intentions to leave"), "count"),
    Column("replies", N_("Forum replies"), "count"),
    Column("active_months", N_("Active months"), "count"),
    Column("source_count", N_("Sources"), "count"),
    Column("reach", N_("Reach"), "amount"),
    Column("explanation", N_("Why"), "text", long=True),
]
CRISIS_COLUMNS: list[Column] = [
    Column("start", N_("Start"), "date"),
    Column("end", N_("End"), "date"),
    Column("peak_day", N_("Peak day"), "date"),
    Column("peak_negatives", N_("Negative mentions on the peak day"), "count"),
    Column("negatives", N_("Negative mentions"), "count"),
    Column("baseline_mean", N_("Usual daily mean"), "unit"),
    Column("baseline_sd", N_("Usual standard deviation"), "unit"),
    Column("threshold", N_("Alert threshold (a day)"), "unit"),
    Column("theme_names", N_("Themes"), "text"),
]
POST_COLUMNS: list[Column] = [
    Column("context", N_("Quoted as"), "text"),
    Column("rank", N_("Rank"), "count"),
    Column("published_day", N_("Date"), "date"),
    Column("title", N_("Title"), "text"),
    Column("excerpt", N_("Excerpt"), "text", long=True),
    Column("author_display", N_("Author"), "text"),
    Column("source", N_("Source"), "text"),
    Column("sentiment_label", N_("Sentiment"), "text"),
    Column("origin_label", N_("Origin"), "text"),
    Column("engagement", N_("Engagement"), "amount"),
    Column("link", N_("Link"), "text"),
]

# Customer care in public (aggregate/care.py, CARE_COLUMNS_WITH_DELTAS): the KPIs per brand
# and month, then the targets they were measured against, then the changes since the month
# before. `n` (the sample size, equal to `requests`) is in the open data files only.
CARE_DELTA_KINDS: dict[Kind, Kind] = {
    "count": "count_delta",
    "share": "points",
    "hours": "hours_delta",
}
CARE_KPI_COLUMNS: list[Column] = [
    Column("conversations", N_("Conversations"), "count"),
    Column("questions", N_("Questions"), "count"),
    Column("complaints", N_("Complaints"), "count"),
    Column("requests", N_("Requests (questions or complaints)"), "count"),
    Column("brand_answered_share", N_("Share of requests the brand answered"), "share"),
    Column("peers_first_share", N_("Share of requests the community answered first"), "share"),
    Column("unanswered_share", N_("Share of requests left unanswered"), "share"),
    Column("reply_median_hours", N_("Median time to the brand's first reply (hours)"), "hours"),
    Column(
        "reply_p90_hours",
        N_("90th percentile of the time to the brand's first reply (hours)"),
        "hours",
    ),
    Column("acknowledged_share", N_("Share of requests acknowledged within the target"), "share"),
    Column("answered_share", N_("Share of requests answered within the target"), "share"),
    Column(
        "answered_extended_share",
        N_("Share of requests answered within the extended target"),
        "share",
    ),
    Column("thanked_share", N_("Share of answered requests whose author gave thanks"), "share"),
    Column("converts", N_("Customers won back by an answer"), "count"),
    Column("detractors_answered", N_("Critics the brand answered"), "count"),
    Column("convert_share", N_("Share of answered critics won back"), "share"),
    Column(
        "third_party_presence",
        N_("Share of the brand's answers given outside its own spaces"),
        "share",
    ),
    Column("third_party_requests", N_("Requests outside the brand's own spaces"), "count"),
    Column(
        "third_party_answered_share",
        N_("Share of requests outside its own spaces the brand answered"),
        "share",
    ),
    Column("acknowledge_hours", N_("Target: acknowledge within (hours)"), "hours"),
    Column("answer_hours", N_("Target: answer within (hours)"), "hours"),
    Column("extended_answer_hours", N_("Extended target: answer within (hours)"), "hours"),
]
CARE_SAMPLE_COLUMN = Column("n", N_("Sample size (requests)"), "count")
_CARE_BY_KEY = {c.key: c for c in CARE_KPI_COLUMNS}
CARE_DELTA_COLUMNS: list[Column] = [
    Column(f"{key}_delta", _CARE_BY_KEY[key].label, CARE_DELTA_KINDS[_CARE_BY_KEY[key].kind])
    for key in DELTA_COLUMNS
]
CARE_SMALL_SAMPLE = Column("small_sample", N_("Small sample"), "text")
# The care sheet: the flag, the KPIs and targets, then the changes.
CARE_SHEET_COLUMNS: list[Column] = [CARE_SMALL_SAMPLE, *CARE_KPI_COLUMNS, *CARE_DELTA_COLUMNS]

SENTIMENT_LABELS = {
    "positive": N_("Positive"),
    "neutral": N_("Neutral"),
    "negative": N_("Negative"),
}
ORIGIN_LABELS = {"earned": N_("Earned"), "paid": N_("Sponsored"), "owned": N_("Brand account")}


def column_header(column: Column, w: Wording) -> str:
    """The header a reader sees: the page's label, with the change it is when it is one."""
    for suffix in ("_mom_rel", "_yoy_rel", "_mom", "_yoy", "_delta"):
        if column.key.endswith(suffix):
            return w._(CHANGE_LABELS_OF_SUFFIX[suffix], label=w._(column.label))
    return w._(column.label)


def generation_date(config: Config) -> date:
    """Today in the site's time zone, or SOURCE_DATE_EPOCH's day for reproducible builds."""
    zone = ZoneInfo(config.site.timezone)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), zone).date()
    return datetime.now(zone).date()


def site_licence(config: Config) -> str | None:
    """The open data's licence (`site.data_licence`), with its address: "name — url"."""
    licence = config.site.data_licence
    if not licence.name:
        return None
    return f"{licence.name} — {licence.url}" if licence.url else licence.name


# -- cells -----------------------------------------------------------------------------------------


def _clean_text(value: Any) -> str:
    """A string a workbook can hold: no control characters (a post may carry any)."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _number(value: Any) -> int | float | None:
    """A real number for the cell (numpy's too); None (an empty cell) when missing."""
    if fmt.is_missing(value):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    number = float(value)
    return None if math.isinf(number) else number


def _date(value: Any) -> date | None:
    if fmt.is_missing(value) or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def _set(ws: Worksheet, row: int, col: int, value: Any, kind: Kind) -> None:
    cell = ws.cell(row=row, column=col)
    if kind == "text":
        if value is None or fmt.is_missing(value) or value == "":
            return
        cell.value = _clean_text(value)
        cell.data_type = "s"  # "=..." from a post is text, never a formula
        return
    if kind == "date":
        day = _date(value)
        if day is not None:
            cell.value = day
            cell.number_format = FORMATS["date"]
        return
    cell.value = _number(value)
    cell.number_format = FORMATS[kind]


def _table(
    ws: Worksheet,
    leading: Sequence[str],
    columns: Sequence[Column],
    rows: Iterable[Mapping[str, Any]],
    w: Wording,
) -> int:
    """Header row (frozen, filterable) and one row per record; returns the number of rows.

    `leading` are text columns whose values come from the `_leading` tuple of each record
    (brand names and the like, already in words)."""
    headers = [*leading, *(column_header(c, w) for c in columns)]
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=col, value=header)
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    count = 0
    for count, record in enumerate(rows, start=1):
        row = count + 1
        for col, value in enumerate(record["_leading"], start=1):
            _set(ws, row, col, value, "text")
        for offset, column in enumerate(columns, start=len(leading) + 1):
            _set(ws, row, offset, record.get(column.key), column.kind)
            if column.long:
                ws.cell(row=row, column=offset).alignment = Alignment(
                    wrap_text=True, vertical="top"
                )
    ws.freeze_panes = "A2"
    if count:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    _widths(ws, [False] * len(leading) + [c.long for c in columns])
    return count


def _widths(ws: Worksheet, long: Sequence[bool]) -> None:
    """Columns as wide as their content (within bounds); headers wrap rather than widen."""
    for index, is_long in enumerate(long, start=1):
        letter = get_column_letter(index)
        if is_long:
            ws.column_dimensions[letter].width = LONG_TEXT_WIDTH
            continue
        widest = 0
        for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
            if cell.value is None:
                continue
            if isinstance(cell.value, date):
                length = 10
            elif isinstance(cell.value, int | float):
                length = len(f"{cell.value:,.2f}") if isinstance(cell.value, float) else 8
            else:
                length = len(str(cell.value))
            widest = max(widest, length)
        header = str(ws.cell(row=1, column=index).value or "")
        longest_word = max((len(word) for word in header.split()), default=0)
        width = max(widest, longest_word, min(len(header), 18), 8) + 2
        ws.column_dimensions[letter].width = min(width, TEXT_WIDTH_MAX)


# -- sheets ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Labels:
    """Display names of slugs, as the pages show them."""

    brands: Mapping[str, str]
    themes: Mapping[str, str]
    sectors: Mapping[str, str]

    def brand(self, slug: Any) -> str:
        return self.brands.get(str(slug), str(slug))

    def sector(self, slug: Any) -> str:
        return self.sectors.get(str(slug), str(slug))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return cast(list[dict[str, Any]], frame.to_dict("records"))  # columns are strings


def _month(frame: pd.DataFrame, month: str) -> pd.DataFrame:
    return frame[frame["month"] == month] if "month" in frame.columns else frame.iloc[0:0]


def _present(
    columns: Sequence[Column], frame: pd.DataFrame, derived: Iterable[str] = ()
) -> list[Column]:
    """The columns the frame has (a metric another version does not compute is left out),
    and those computed here (`derived`)."""
    keep = set(frame.columns) | set(derived)
    return [c for c in columns if c.key in keep]


def _brands_sheet(ws: Worksheet, obs: Observatory, month: str, lab: Labels, w: Wording) -> None:
    rows = _month(obs.monthly, month)
    rows = rows.sort_values(["sector", "reputation_index", "brand"], ascending=[True, False, True])
    records = [
        {**r, "_leading": (lab.sector(r["sector"]), lab.brand(r["brand"]))} for r in _records(rows)
    ]
    _table(ws, [w._("Sector"), w._("Brand")], _present(BRAND_COLUMNS, rows), records, w)


def _sectors_sheet(ws: Worksheet, obs: Observatory, month: str, lab: Labels, w: Wording) -> None:
    rows = _month(obs.sector_monthly, month).sort_values("sector")
    records = [{**r, "_leading": (lab.sector(r["sector"]),)} for r in _records(rows)]
    _table(ws, [w._("Sector")], _present(SECTOR_COLUMNS, rows), records, w)


def _themes_sheet(ws: Worksheet, obs: Observatory, month: str, lab: Labels, w: Wording) -> None:
    rows = _month(obs.themes, month)
    records = [
        {
            **r,
            "_leading": (
                lab.sector(r["sector"]),
                lab.brand(r["brand"]),
                lab.themes.get(r["theme"], r["theme"]),
            ),
        }
        for r in _records(rows)
    ]
    records.sort(key=lambda r: (r["_leading"][0], r["_leading"][1], -r["mentions"], r["theme"]))
    _table(
        ws, [w._("Sector"), w._("Brand"), w._("Theme")], _present(THEME_COLUMNS, rows), records, w
    )


def _sources_sheet(ws: Worksheet, obs: Observatory, month: str, lab: Labels, w: Wording) -> None:
    rows = _month(obs.sources, month)
    totals = rows.groupby("brand")["mentions"].sum().to_dict() if not rows.empty else {}
    records = []
    for r in _records(rows):
        total = totals.get(r["brand"], 0)
        kind = str(r.get("source_kind") or "")
        records.append(
            {
                **r,
                "kind_label": w._(SOURCE_KIND_LABELS[kind]) if kind in SOURCE_KIND_LABELS else kind,
                "share": r["mentions"] / total if total else None,
                "_leading": (lab.sector(r["sector"]), lab.brand(r["brand"]), r["source"]),
            }
        )
    records.sort(key=lambda r: (r["_leading"][1], -r["mentions"], r["_leading"][2]))
    _table(
        ws,
        [w._("Sector"), w._("Brand"), w._("Source")],
        _present(SOURCE_COLUMNS, rows, ("kind_label", "share")),
        records,
        w,
    )


def _terms_sheet(ws: Worksheet, obs: Observatory, month: str, lab: Labels, w: Wording) -> None:
    rows = _month(obs.terms, month)
    records: list[dict[str, Any]] = []
    for brand, group in rows.groupby("brand", sort=False):
        ranked = group.sort_values(["weight", "term"], ascending=[False, True])
        for rank, r in enumerate(_records(ranked), start=1):
            records.append(
                {**r, "rank": rank, "_leading": (lab.sector(r["sector"]), lab.brand(brand))}
            )
    records.sort(key=lambda r: (r["_leading"][1], r["rank"]))
    _table(ws, [w._("Sector"), w._("Brand")], TERM_COLUMNS, records, w)


def _people_sheet(ws: Worksheet, obs: Observatory, month: str, lab: Labels, w: Wording) -> None:
    """Authors as the public pages show them: the pseudonym (or consented name), never more."""
    rows = _month(obs.authors, month)
    rows = rows[rows["klass"].isin(KLASS_ORDER)]
    records = []
    for r in _records(rows):
        brand = lab.brand(r["brand"])
        records.append(
            {
                **r,
                "klass_label": w._(KLASS_LABELS[r["klass"]]),
                "explanation": author_explanation(w, r, brand, lab.brands),
                "_leading": (brand,),
                "_order": KLASS_ORDER.index(r["klass"]),
            }
        )
    records.sort(
        key=lambda r: (
            r["_leading"][0],
            r["_order"],
            r.get("rank", 0) if not fmt.is_missing(r.get("rank")) else 0,
            -int(r.get("recommendations") or 0),
            -int(r.get("posts") or 0),
        )
    )
    columns = _present(PEOPLE_COLUMNS, rows, ("klass_label", "explanation"))
    _table(ws, [w._("Brand")], columns, records, w)


def _care_sheet(
    ws: Worksheet, obs: Observatory, month: str, lab: Labels, w: Wording, min_requests: int
) -> None:
    """The care KPIs of the month, a brand a row in the configuration's order: totals only,
    never a quote or a helper's name. A month below `min_requests` is flagged."""
    rows = _month(obs.care, month)
    order = {slug: i for i, slug in enumerate(lab.brands)}
    records = []
    for r in _records(rows):
        requests = _number(r.get("requests"))
        small = requests is not None and requests < min_requests
        records.append(
            {
                **r,
                "small_sample": w._("yes") if small else "",
                "_leading": (lab.sector(r["sector"]), lab.brand(r["brand"])),
                "_order": order.get(str(r["brand"]), len(order)),
            }
        )
    records.sort(key=lambda r: (r["_order"], r["_leading"][1]))
    columns = _present(CARE_SHEET_COLUMNS, rows, ("small_sample",))
    _table(ws, [w._("Sector"), w._("Brand")], columns, records, w)


def _crisis_records(crises: Iterable[Crisis], lab: Labels) -> list[dict[str, Any]]:
    return [
        {
            "start": c.start,
            "end": c.end,
            "peak_day": c.peak_day,
            "peak_negatives": c.peak_negatives,
            "negatives": c.negatives,
            "baseline_mean": c.baseline_mean,
            "baseline_sd": c.baseline_sd,
            "threshold": c.threshold,
            "theme_names": ", ".join(lab.themes.get(t, t) for t in c.themes),
            "_leading": (lab.sector(c.sector), lab.brand(c.brand)),
        }
        for c in crises
    ]


def _post_record(
    post: Mapping[str, Any], context: str, brand: str, zone: ZoneInfo, w: Wording
) -> dict[str, Any]:
    published = post.get("published")
    day = None
    if published and not fmt.is_missing(published):
        stamp = pd.Timestamp(published)
        day = (stamp.tz_convert(zone) if stamp.tzinfo else stamp).date()
    url = str(post.get("url") or "")
    sentiment = str(post.get("sentiment") or "")
    origin = str(post.get("origin") or "")
    return {
        **post,
        "context": context,
        "published_day": day,
        "sentiment_label": w._(SENTIMENT_LABELS[sentiment])
        if sentiment in SENTIMENT_LABELS
        else "",
        "origin_label": w._(ORIGIN_LABELS[origin]) if origin in ORIGIN_LABELS else "",
        "link": url if url.lower().startswith(("https://", "http://")) else "",
        "_leading": (brand,),
    }


def _posts_sheet(
    ws: Worksheet,
    obs: Observatory,
    month: str,
    crises: Sequence[Crisis],
    lab: Labels,
    w: Wording,
    zone: ZoneInfo,
) -> None:
    """The posts the report quotes: each brand's most engaging praise and complaint, and the
    posts of its crisis."""
    records = []
    top = _month(obs.top_posts, month)
    top = top.sort_values(["brand", "polarity", "rank"], ascending=[True, False, True])
    for post in _records(top):
        context = (
            w._("Most engaging praise")
            if post.get("polarity") == "positive"
            else w._("Most engaging complaint")
        )
        records.append(_post_record(post, context, lab.brand(post["brand"]), zone, w))
    for crisis in crises:
        for rank, quote in enumerate(crisis.posts or (), start=1):
            fields = {name: getattr(quote, name) for name in quote.__dataclass_fields__}
            fields["rank"] = rank
            records.append(_post_record(fields, w._("Crisis"), lab.brand(crisis.brand), zone, w))
    records.sort(key=lambda r: r["_leading"][0])
    _table(ws, [w._("Brand")], POST_COLUMNS, records, w)


def _about_sheet(
    ws: Worksheet,
    config: Config,
    month: str,
    generated: date,
    sheets: Sequence[tuple[str, str]],
    w: Wording,
    report_url: str,
) -> None:
    lang = w.lang
    site = config.site
    licence = site_licence(config)
    lines: list[tuple[str, Any, Kind]] = [
        (w._("Observatory"), site.title, "text"),
        (
            w._("Document"),
            w._("Monthly report data — {month}", month=fmt.month_label(month, lang)),
            "text",
        ),
        (w._("Month"), fmt.month_label(month, lang), "text"),
        (w._("Generated on"), generated, "date"),
        (w._("Licence"), licence or w._("not stated"), "text"),
        (w._("Report"), site.url + report_url, "text"),
        (w._("Methodology"), site.url + "methodologie/", "text"),
        (w._("Open data"), site.url + "donnees/", "text"),
        (
            w._("How to read"),
            w._(
                "Shares are percentages; net sentiment runs from −1 to +1 and the reputation "
                "index from 0 to 100. Only earned mentions are counted: sponsored posts and the "
                "brands' own accounts are counted apart. Authors are pseudonymised unless they "
                "consented to be named."
            ),
            "text",
        ),
    ]
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90
    title = ws.cell(row=1, column=1, value=site.title)
    title.data_type = "s"
    title.font = Font(bold=True, size=14)
    row = 3
    for label, value, kind in lines:
        head = ws.cell(row=row, column=1, value=label)
        head.font = Font(bold=True)
        head.alignment = Alignment(vertical="top")
        _set(ws, row, 2, value, kind)
        cell = ws.cell(row=row, column=2)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        if kind == "text" and str(value).startswith(("https://", "http://")):
            cell.hyperlink = str(value)  # from the configuration, never from a post
            cell.font = Font(color="1A4FA0", underline="single")
        row += 1
    row += 1
    heading = ws.cell(row=row, column=1, value=w._("Sheets"))
    heading.font = Font(bold=True, size=12)
    row += 1
    for name, description in sheets:
        ws.cell(row=row, column=1, value=name).font = Font(bold=True)
        _set(ws, row, 2, description, "text")
        ws.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1


SHEETS = [
    ("brands", N_("Brands"), N_("The brands' indicators of the month and their changes.")),
    ("sectors", N_("Sectors"), N_("The sector totals of the month.")),
    ("themes", N_("Themes"), N_("Mentions and net sentiment per theme and brand.")),
    ("sources", N_("Sources"), N_("Mentions per source and brand.")),
    ("terms", N_("Terms"), N_("The terms that set each brand's month apart (TF-IDF).")),
    (
        "people",
        N_("People"),
        N_("Ambassadors, fans, influencers, converts and detractors, as the site names them."),
    ),
    (
        "care",
        N_("Customer care"),
        N_(
            "Customer care in public: requests, answers and response times per brand (totals only)."
        ),
    ),
    ("crises", N_("Crises"), N_("Crises detected this month.")),
    ("posts", N_("Quoted posts"), N_("The posts the report quotes.")),
]


def month_workbook(
    config: Config,
    observatory: Observatory,
    month: str,
    *,
    generated: date,
    report_url: str,
) -> bytes:
    """The workbook of `month`, as bytes (the caller writes it atomically)."""
    w = Wording(config.site.language)
    lab = Labels(
        brands={b.slug: b.name for b in config.brands},
        themes={t.slug: t.name for s in config.sectors for t in s.themes},
        sectors={s.slug: s.name for s in config.sectors},
    )
    zone = ZoneInfo(config.site.timezone)
    crises = [c for c in observatory.crises if c.month == month]
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = _sheet_name(w._("About"))
    names = []
    for key, name, description in SHEETS:
        ws = book.create_sheet(_sheet_name(w._(name)))
        names.append((ws.title, w._(description)))
        if key == "brands":
            _brands_sheet(ws, observatory, month, lab, w)
        elif key == "sectors":
            _sectors_sheet(ws, observatory, month, lab, w)
        elif key == "themes":
            _themes_sheet(ws, observatory, month, lab, w)
        elif key == "sources":
            _sources_sheet(ws, observatory, month, lab, w)
        elif key == "terms":
            _terms_sheet(ws, observatory, month, lab, w)
        elif key == "people":
            _people_sheet(ws, observatory, month, lab, w)
        elif key == "care":
            _care_sheet(ws, observatory, month, lab, w, config.report.min_requests)
        elif key == "crises":
            _table(
                ws, [w._("Sector"), w._("Brand")], CRISIS_COLUMNS, _crisis_records(crises, lab), w
            )
        else:
            _posts_sheet(ws, observatory, month, crises, lab, w, zone)
    _about_sheet(about, config, month, generated, names, w, report_url)
    stamp = datetime.combine(generated, time(0, 0))
    book.properties.title = w._(
        "Monthly report data — {month}", month=fmt.month_label(month, w.lang)
    )
    book.properties.creator = config.site.author
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.language = w.lang
    licence = site_licence(config)
    if licence:
        book.properties.description = w._("Licence: {licence}", licence=licence)
    return _save(book, stamp)


def _sheet_name(name: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip()
    return cleaned[:31] or "Sheet"


def _save(book: Workbook, stamp: datetime) -> bytes:
    """Serialise with fixed timestamps, so equal data give equal bytes."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()  # no "modified = now", unlike Workbook.save
    raw.seek(0)
    out = io.BytesIO()
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
