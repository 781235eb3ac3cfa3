"""The `observatoire` command: thin wiring of the stages, with clear errors and exit codes.

Exit codes: 0 success, 1 the run could not go on (bad configuration, failed build),
2 usage errors (click's own).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.config import DEFAULT_CONFIG_NAME, Config, ConfigError, load_config

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_CONFIG_NAME,
    show_default=True,
    help="Configuration file; the project root (templates/, content/, mkdocs.yml) is its folder.",
)


def _load(config_path: Path) -> Config:
    try:
        return load_config(config_path)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
@click.version_option(package_name="observatoire")
def main() -> None:
    """Observatoire: collect public posts, measure e-reputation, publish a static site."""


@main.command()
@config_option
@click.option("--quiet", is_flag=True, help="No progress bar.")
def collect(config_path: Path, quiet: bool) -> None:
    """Fetch every configured source and store new or changed posts."""
    config = _load(config_path)
    from generator.collect import collect_sources, print_summary
    from generator.store import Store

    with Store(config.store_url) as store:
        summary = collect_sources(config, store, progress=not quiet and sys.stderr.isatty())
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


@main.command()
@config_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the site goes (default: site/ beside the configuration).",
)
def build(config_path: Path, site_dir: Path | None) -> None:
    """Analyse, aggregate, write content/ and build the static site."""
    config = _load(config_path)
    from generator.pipeline import BuildError, build_all

    try:
        result = build_all(config, site_dir=site_dir)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(result.describe())


@main.command()
@click.option(
    "--labels",
    "labels_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV with columns text,label (negative/neutral/positive, neg/neu/pos or -1/0/1).",
)
@click.option(
    "--part",
    type=click.Choice(["all", "tune", "test"]),
    default="all",
    show_default=True,
    help="Evaluate on the whole file or on one of its fixed stratified halves.",
)
def evaluate(labels_path: Path, part: str) -> None:
    """Measure sentiment accuracy beside plain textblob-fr and VADER on a labelled file."""
    from generator.analyse.evaluate import LabelsError, evaluate_file, format_report

    try:
        report = evaluate_file(labels_path, part=part)
    except LabelsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(format_report(report))


if __name__ == "__main__":  # pragma: no cover
    main()
