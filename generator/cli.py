"""The `observatoire` command: thin wiring of the stages, with clear errors and exit codes.

Exit codes: 0 success, 1 the run could not go on (bad configuration, failed build),
2 usage errors (click's own), 3 another `observatoire run` holds the project's lock.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import atomic
from generator.cli_alerts import alerts
from generator.cli_brands import brands
from generator.cli_common import config_option, labels_option, period_options, rebuild_period
from generator.cli_common import load as _load
from generator.cli_editor import new, serve
from generator.cli_run import run
from generator.cli_sentiment import sentiment_train
from generator.errors import ObservatoireError

if TYPE_CHECKING:
    from generator.collect.recipes import SourceRecipe


class _Observatoire(click.Group):
    """The command group: every ObservatoireError becomes one message and exit status 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ObservatoireError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=_Observatoire)
@click.version_option(package_name="observatoire")
def main() -> None:
    """Observatoire: collect public posts, measure e-reputation, publish a static site."""


@main.command()
@config_option
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--force", is_flag=True, help="Ignore Retry-After, max-age and failure backoff.")
def collect(config_path: Path, quiet: bool, force: bool) -> None:
    """Fetch every configured source and store new or changed posts."""
    config = _load(config_path)
    from generator.collect import collect_sources, print_summary
    from generator.store import Store

    with Store(config.store_url) as store:
        summary = collect_sources(
            config, store, progress=not quiet and sys.stderr.isatty(), force=force
        )
    print_summary(summary)
    if summary.sources and summary.failed == len(summary.sources):
        raise click.ClickException("no source could be collected")


@main.command()
@config_option
def analyse(config_path: Path) -> None:
    """Analyse new or changed posts (language, sentiment, cues, themes, brands)."""
    config = _load(config_path)
    from generator.analyse.pipeline import analyse_store
    from generator.store import Store

    with Store(config.store_url) as store:
        stats = analyse_store(store, config)
    click.echo(f"analysed: {stats}")
    for warning in stats.warnings():
        click.echo(warning, err=True)


@main.command()
@config_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the site goes (default: site/ beside the configuration).",
)
@period_options
def build(config_path: Path, site_dir: Path | None, since: str | None, until: str | None) -> None:
    """Analyse, aggregate, write content/ and build the static site.

    Months whose posts, configuration and code did not change since the last build are read
    back from the store; --since/--until aggregate a period's months again regardless."""
    config = _load(config_path)
    from generator.pipeline import build_all

    result = build_all(config, site_dir=site_dir, rebuild=rebuild_period(since, until))
    click.echo(result.describe())
    for warning in result.warnings:
        click.echo(warning, err=True)


@main.command()
@labels_option(
    "a file with only negative and positive labels is binary: neutral predictions are errors."
)
@click.option(
    "--part",
    type=click.Choice(["all", "tune", "test"]),
    default="all",
    show_default=True,
    help="Evaluate on the whole file or on one of its fixed stratified halves.",
)
@click.option(
    "--language",
    type=click.Choice(["auto", "fr", "en"]),
    default="auto",
    show_default=True,
    help="Language hint the analyser gets, as from a feed declaring it (auto: detection only).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Evaluate the analyser this configuration sets up (its trained sentiment model, "
    "analysis.sentiment_model); without it, the rules alone.",
)
def evaluate(
    labels_path: Path, part: str, language: str, as_json: bool, config_path: Path | None
) -> None:
    """Measure the analyser build runs (language routing, French rules or English VADER) on a
    labelled file, beside the French scorer alone, plain textblob-fr and plain VADER."""
    from generator.analyse import Analyser
    from generator.analyse.evaluate import evaluate_file
    from generator.analyse.evaluate_report import format_json, format_report
    from generator.analyse.pipeline import config_blend

    blend = config_blend(_load(config_path)) if config_path is not None else None
    report = evaluate_file(
        labels_path, part=part, language=language, analyser=Analyser(blend=blend)
    )
    click.echo(format_json(report) if as_json else format_report(report))


@main.group(invoke_without_command=True)
@config_option
@click.pass_context
def sources(ctx: click.Context, config_path: Path) -> None:
    """Show each source's collection health (last success, failures, last error).

    `observatoire sources add KIND ARG...` adds a source from a recipe instead.
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = {**(ctx.obj or {}), "sources_config": config_path}
        return
    config = _load(config_path)
    from generator.collect import print_health
    from generator.store import Store

    with Store(config.store_url) as store:
        store.sync_sources(config.sources)
        health = store.source_health()
    configured = {s.name for s in config.sources}
    print_health(health[health["name"].isin(configured)])


@sources.command("add")
@config_option
@click.argument("kind")
@click.argument("args", nargs=-1)
@click.option("--name", help="Source name (default: one derived from the recipe or the feed).")
@click.option("--brand", help="Every post of this source counts for this brand (slug or name).")
@click.option("--sector", help="Match this source's posts against this sector's brands only.")
@click.option(
    "--kind",
    "source_kind",
    type=click.Choice(["forum", "blog", "news", "social", "review", "video"]),
    help="Source kind, instead of the recipe's (web: blog unless the feed is a known platform's).",
)
@click.pass_context
def sources_add(
    ctx: click.Context,
    config_path: Path,
    kind: str,
    args: tuple[str, ...],
    name: str | None,
    brand: str | None,
    sector: str | None,
    source_kind: str | None,
) -> None:
    """Add a source from a recipe: KIND is web, reddit, mastodon, youtube, bluesky,
    googlenews, discourse or lemmy (run with only KIND to see its arguments).

    The entry is appended to `sources:` in the configuration file, whose comments and layout
    are kept; the file is validated first and left untouched on any error.
    """
    if ctx.get_parameter_source("config_path") is click.core.ParameterSource.DEFAULT:
        config_path = (ctx.obj or {}).get("sources_config", config_path)
    from generator.collect.recipes import RecipeUsage, build_recipe, canonical_kind
    from generator.config_edit import add_source, source_entry

    try:
        if canonical_kind(kind) == "web":
            recipe = _web_recipe(config_path, args)
        else:
            recipe = build_recipe(kind, args)
    except RecipeUsage as exc:
        raise click.UsageError(str(exc), ctx) from None
    entry = source_entry(
        name=name or recipe.name,
        url=recipe.url,
        kind=source_kind or recipe.kind,
        language=recipe.language,
        sector=sector,
        brand=brand,
    )
    added = add_source(config_path, entry)
    click.echo(f"added source {added.name!r} ({added.kind}): {added.url}", err=True)
    if recipe.note:
        click.echo(f"note: {recipe.note}", err=True)
    click.echo(f"set its audience (reach weight) in {config_path} if 1 is not right", err=True)


def _web_recipe(config_path: Path, args: tuple[str, ...]) -> SourceRecipe:
    """Feed autodiscovery with the collector's settings, User-Agent and address rule."""
    import asyncio

    from generator.collect.recipes import RecipeUsage, discover_feed, usage, web_recipe
    from generator.collect.run import user_agent

    if len(args) != 1:
        raise RecipeUsage(f"wrong arguments for the web recipe; expected:\n{usage('web')}")
    config = _load(config_path)
    found = asyncio.run(discover_feed(args[0], config.collect, user_agent(config)))
    return web_recipe(args[0], found)


@main.group()
def opml() -> None:
    """Import or export the source list as OPML (what feed readers use)."""


@opml.command("import")
@config_option
@click.argument("opml_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(["forum", "blog", "news", "social", "review", "video"]),
    default="news",
    show_default=True,
    help="Kind of the feeds whose outline or folder names no known kind.",
)
def opml_import(config_path: Path, opml_file: Path, kind: str) -> None:
    """Print the YAML `sources:` entries for the OPML's feeds not yet configured.

    The configuration file is never rewritten (its comments matter): paste the block under
    `sources:` in observatoire.yml.
    """
    config = _load(config_path)
    from generator.collect.opml import OPMLError, new_sources, parse_opml, yaml_block

    try:
        feeds = parse_opml(opml_file.read_bytes(), default_kind=kind)
    except OPMLError as exc:
        raise click.ClickException(f"{opml_file}: {exc}") from None
    fresh = new_sources(feeds, config.sources)
    click.echo(f"# {len(fresh)} new of {len(feeds)} feeds in {opml_file}", err=True)
    if fresh:
        click.echo(yaml_block(fresh), nl=False)


@opml.command("export")
@config_option
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path), required=False)
def opml_export(config_path: Path, output: Path | None) -> None:
    """Write the configured sources as OPML 2.0 to OUTPUT (default: standard output)."""
    config = _load(config_path)
    from generator.collect.opml import export_opml

    document = export_opml(config.sources, title=config.site.title)
    if output is None:
        click.echo(document, nl=False)
    else:
        atomic.write_text(output, document)
        click.echo(f"{len(config.sources)} sources written to {output}", err=True)


@main.command()
@config_option
@click.option(
    "--pdf",
    "month",
    default=None,
    metavar="YYYY-MM",
    help="Write the monthly report of this month as an A4 PDF (from the built site).",
)
@click.option(
    "--email",
    "email_month",
    default=None,
    metavar="YYYY-MM",
    help="E-mail the monthly report of this month to the configured list (config `email:`).",
)
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The built site (default: site/ beside the configuration).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="PDF file (default: rapport-YYYY-MM.pdf in the current folder); with --email, "
    "an .eml file written instead of sending.",
)
def report(
    config_path: Path,
    month: str | None,
    email_month: str | None,
    site_dir: Path | None,
    output: Path | None,
) -> None:
    """Print a monthly report as an A4 PDF document (cover, summary, detail), or e-mail it."""
    import re

    if (month is None) == (email_month is None):
        raise click.UsageError("give one of --pdf YYYY-MM or --email YYYY-MM")
    chosen, option = (month, "--pdf") if month is not None else (email_month, "--email")
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", chosen or ""):
        raise click.BadParameter(
            f"{chosen!r} is not a month in the form YYYY-MM", param_hint=option
        )
    config = _load(config_path)
    if email_month is not None:
        from generator.mail import email_report

        click.echo(email_report(config, email_month, output))
        return
    assert month is not None
    from generator.render.pdf import write_pdf

    site = site_dir if site_dir is not None else config.base_dir / "site"
    target = output if output is not None else Path(f"rapport-{month}.pdf")
    printed = write_pdf(site, month, target)
    click.echo(f"report for {month} written to {printed.path}")


main.add_command(alerts)
main.add_command(brands)
main.add_command(new)
main.add_command(run)
main.add_command(sentiment_train)
main.add_command(serve)

if __name__ == "__main__":  # pragma: no cover
    main()
