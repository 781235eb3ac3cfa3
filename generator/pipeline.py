"""`observatoire build`: analyse -> aggregate -> write content/ -> mkdocs, in that order.

Kept apart from the CLI so tests and benchmarks drive the same code path as users.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.config import Config
from generator.errors import BuildError

if TYPE_CHECKING:
    import pandas as pd

    from generator.aggregate import Observatory
    from generator.analyse.pipeline import AnalyseStats

__all__ = [
    "BuildError",
    "BuildResult",
    "ContentResult",
    "StoreReading",
    "build_all",
    "read_store",
    "write_all_content",
]


@dataclass(frozen=True, slots=True, eq=False)
class StoreReading:
    """The store as every stage after collection reads it: new posts analysed first, the
    mentions frame shaped (excluded authors out), the staff of corrections included."""

    mentions: pd.DataFrame
    health: pd.DataFrame
    stats: AnalyseStats
    staff: dict[str, set[str]]


def read_store(config: Config) -> StoreReading:
    """One reading of the store shared by build, the e-mailed report and the alerts."""
    from generator.aggregate.mentions import shape_mentions
    from generator.analyse.pipeline import (
        analyse_store,
        config_corrections,
        excluded_authors,
        staff_authors,
    )
    from generator.store import Store

    corrections = config_corrections(config)  # read once; a CorrectionsError is the user's
    with Store(config.store_url) as store:
        stats = analyse_store(store, config, corrections=corrections)
        mentions = shape_mentions(
            store.mention_rows(), config.site.timezone, excluded_authors(config, corrections)
        )
        health = store.source_health()
    return StoreReading(mentions, health, stats, staff_authors(config, corrections))


@dataclass(frozen=True, slots=True, eq=False)
class ContentResult:
    """What writing content/ did: `build` reports it; `serve` previews it and rewrites
    content/ from the same observatory when a hand-written post changes."""

    analysed: int
    mentions: int
    months: int
    pages: int
    observatory: Observatory
    health: pd.DataFrame | None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BuildResult:
    analysed: int
    mentions: int
    months: int
    pages: int
    site_dir: Path
    warnings: tuple[str, ...] = ()

    def describe(self) -> str:
        return (
            f"analysed {self.analysed} posts; {self.mentions} brand mentions over "
            f"{self.months} months; wrote {self.pages} pages; site in {self.site_dir}"
        )


def build_all(config: Config, *, site_dir: Path | None = None) -> BuildResult:
    """Run every stage after collection; the project root is the configuration's folder."""
    from generator.render.feed import feed_editor
    from generator.render.site import build_site

    target = site_dir if site_dir is not None else config.base_dir / "site"
    written = write_all_content(config)
    build_site(config.base_dir, target, feed_editor=feed_editor(config))
    return BuildResult(
        analysed=written.analysed,
        mentions=written.mentions,
        months=written.months,
        pages=written.pages,
        site_dir=target,
        warnings=written.warnings,
    )


def write_all_content(config: Config) -> ContentResult:
    """Analyse, aggregate and write content/ and mkdocs.generated.yml, without running mkdocs
    (`build` runs it next; `serve` hands content/ to `mkdocs serve`)."""
    from generator.aggregate import compute
    from generator.render.pages import write_content

    root = config.base_dir
    reading = read_store(config)
    mentions, health, stats = reading.mentions, reading.health, reading.stats
    if mentions.empty:
        raise BuildError(
            "no post mentions any configured brand: run `observatoire collect` first "
            "or check the brands' aliases"
        )
    observatory = compute(mentions, config, staff=reading.staff)
    pages = write_content(config, observatory, health, root=root)
    return ContentResult(
        analysed=stats.analysed,
        mentions=len(mentions),
        months=mentions["month"].nunique(),
        pages=len(pages),
        observatory=observatory,
        health=health,
        warnings=tuple(stats.warnings()),
    )
