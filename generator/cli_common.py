"""What commands share: the --config option and loading it with a clear error, and the
--since/--until period of a build."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from generator.config import DEFAULT_CONFIG_NAME, Config, load_config

if TYPE_CHECKING:
    from generator.incremental import MonthPeriod

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_CONFIG_NAME,
    show_default=True,
    help="Configuration file; the project root (templates/, content/, mkdocs.yml) is its folder.",
)


LABELS_HELP = "CSV with columns text,label (negative/neutral/positive, neg/neu/pos or -1/0/1)"


def labels_option(more_help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--labels FILE.csv`, shared by `evaluate` and `sentiment-train` (the same file format)."""
    return click.option(
        "--labels",
        "labels_path",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"{LABELS_HELP}; {more_help}",
    )


def load(config_path: Path) -> Config:
    """The configuration (a ConfigError reaches the command group's single handler)."""
    return load_config(config_path)


MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _month(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A `YYYY-MM` month (a `YYYY-MM-DD` date names its month)."""
    if value is None:
        return None
    month = value[:7] if re.match(r"^\d{4}-\d{2}-\d{2}$", value) else value
    if not MONTH_RE.match(month):
        raise click.BadParameter(f"{value!r} is not a month (YYYY-MM) or a date (YYYY-MM-DD)")
    return month


def period_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--since/--until: the months a build aggregates again, whatever changed."""
    until = click.option(
        "--until",
        callback=_month,
        default=None,
        help="Last month (YYYY-MM) to aggregate again; with --since alone: every month after.",
    )
    since = click.option(
        "--since",
        callback=_month,
        default=None,
        help="First month (YYYY-MM) to aggregate again, even where no post changed.",
    )
    return since(until(command))


def rebuild_period(since: str | None, until: str | None) -> MonthPeriod | None:
    from generator.incremental import MonthPeriod

    if since is None and until is None:
        return None
    if since is not None and until is not None and since > until:
        raise click.BadParameter(f"--since {since} is after --until {until}")
    return MonthPeriod(since, until)
