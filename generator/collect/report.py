"""Terminal output of the collector: the end-of-run summary and the source-health table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import Console, JustifyMethod
from rich.table import Table

from generator.collect.fetch import describe_size
from generator.collect.run import CollectSummary

_STYLE = {
    "collected": "green",
    "not-modified": "cyan",
    "skipped": "yellow",
    "disabled": "magenta",
    "leased-elsewhere": "blue",
    "failed": "bold red",
}


def print_summary(summary: CollectSummary, console: Console | None = None) -> None:
    """Per-source results, then totals (new, updated, unchanged, failed, bytes)."""
    console = console or Console()
    table = Table(title="Collection", show_lines=False)
    for column in ("source", "result", "new", "updated", "unchanged", "size", "details"):
        justify: JustifyMethod = (
            "right" if column in ("new", "updated", "unchanged", "size") else "left"
        )
        table.add_column(column, justify=justify, overflow="fold")
    for result in summary.sources:
        details = [d for d in (result.error, result.note) if d]
        if result.malformed:
            details.append(f"malformed: {result.malformed}")
        if result.moved_to:
            details.append(f"moved to {result.moved_to}")
        table.add_row(
            result.name,
            f"[{_STYLE.get(result.status, '')}]{result.status}[/]",
            str(result.new),
            str(result.updated),
            str(result.unchanged),
            describe_size(result.bytes),
            "; ".join(details),
        )
    console.print(table)
    console.print(
        f"{len(summary.sources)} sources: {summary.count('collected')} collected, "
        f"{summary.count('not-modified')} not modified, {summary.count('skipped')} not due, "
        f"{summary.count('disabled')} disabled, "
        f"{summary.count('leased-elsewhere')} leased elsewhere, {summary.failed} failed — "
        f"{summary.new} new posts, {summary.updated} updated, {summary.unchanged} unchanged; "
        f"{describe_size(summary.bytes)} transferred in {summary.seconds:.1f} s"
    )


def _missing(value: Any) -> bool:
    return value is None or value != value  # NaN and NaT are unequal to themselves


def _when(value: Any) -> str:
    if _missing(value):
        return "never"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return str(value)


def _text(value: Any) -> str:
    return "" if _missing(value) else str(value)


def health_status(row: Any) -> str:
    """ok / failing / disabled / never collected: the one-word state of a source."""
    if bool(row.get("disabled")):
        return "disabled"
    if int(row.get("consecutive_failures") or 0) > 0:
        return "failing"
    if _when(row.get("last_success")) == "never":
        return "never collected"
    return "ok"


def print_health(health: Any, console: Console | None = None) -> None:
    """The `observatoire sources` table, from `Store.source_health()`."""
    console = console or Console()
    table = Table(title="Sources")
    for column in ("source", "kind", "state", "last success", "last attempt", "failures",
                   "entries", "posts", "parser", "malformed", "last error"):  # fmt: skip
        align: JustifyMethod = "right" if column in ("failures", "entries", "posts") else "left"
        table.add_column(column, justify=align, overflow="fold")
    styles = {"ok": "green", "failing": "bold red", "disabled": "magenta"}
    for row in health.to_dict("records"):
        state = health_status(row)
        table.add_row(
            str(row["name"]),
            str(row["kind"]),
            f"[{styles.get(state, 'yellow')}]{state}[/]",
            _when(row.get("last_success")),
            _when(row.get("last_attempt")),
            str(int(row.get("consecutive_failures") or 0)),
            str(int(row.get("entries_seen") or 0)),
            str(int(row.get("posts") or 0)),
            _text(row.get("parser")),
            (_text(row.get("malformed_reason")) or "yes") if bool(row.get("malformed")) else "",
            _text(row.get("last_error")),
        )
    console.print(table)
