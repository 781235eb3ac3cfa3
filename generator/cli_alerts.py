"""`observatoire alerts`: announce the crises whose first day is reached, once each."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from generator.cli_common import config_option, load


@click.command()
@config_option
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="YYYY-MM-DD",
    help="The day to check (default: today in the site's time zone).",
)
@click.option("--dry-run", is_flag=True, help="Say what would be sent; send and remember nothing.")
def alerts(config_path: Path, as_of: str | None, dry_run: bool) -> None:
    """Send an alert (webhook, e-mail) for each crisis that starts on the day, or within
    `alerts.lookback_days` before it, and was not announced yet."""
    config = load(config_path)
    from generator.alerts_send import channels, deliver, due_crises

    if as_of is None:
        day = datetime.now(ZoneInfo(config.site.timezone)).date()
    else:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            raise click.BadParameter("expected YYYY-MM-DD", param_hint="--as-of") from None
    crises = due_crises(config, day)
    outcome = deliver(config, crises, day, dry_run=dry_run)
    verb = "would send" if dry_run else "sent"
    due = f" ({', '.join(outcome.due)})" if outcome.due else ""
    if outcome.imported:
        click.echo(f"{outcome.imported} sent alert(s) imported into the store from the state file")
    click.echo(f"{day.isoformat()}: {len(outcome.due)} crisis alert(s) due{due}")
    if not channels(config):
        click.echo("no channel configured (alerts.webhook_url, or an `email:` section)")
    for channel, keys in outcome.sent.items():
        click.echo(f"{channel}: {verb} {len(keys)}" + (f" ({', '.join(keys)})" if keys else ""))
    if outcome.failures:
        raise click.ClickException("; ".join(outcome.failures))
