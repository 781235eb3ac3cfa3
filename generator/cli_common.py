"""What every command shares: the --config option and loading it with a clear error."""

from __future__ import annotations

from pathlib import Path

import click

from generator.config import DEFAULT_CONFIG_NAME, Config, load_config

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_CONFIG_NAME,
    show_default=True,
    help="Configuration file; the project root (templates/, content/, mkdocs.yml) is its folder.",
)


def load(config_path: Path) -> Config:
    """The configuration (a ConfigError reaches the command group's single handler)."""
    return load_config(config_path)
