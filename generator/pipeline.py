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
    from generator.incremental import MonthlyBuild, MonthPeriod

__all__ = [
    "BuildError",
    "BuildResult",
    "ContentResult",
    "StoreObservatory",
    "build_all",
    "store_observatory",
    "write_all_content",
]


@dataclass(frozen=True, slots=True, eq=False)
class StoreObservatory:
    """The observatory as a build computes it from the store (generator/incremental.py)."""

    built: MonthlyBuild
    health: pd.DataFrame
    stats: AnalyseStats


def store_observatory(config: Config, *, rebuild: MonthPeriod | None = None) -> StoreObservatory:
    """New posts analysed, then every month's aggregates: recomputed where their posts,
    the configuration or the code changed (and in `rebuild`), read back elsewhere."""
    from generator.analyse.pipeline import (
        analyse_store,
        config_corrections,
        excluded_authors,
        staff_authors,
    )
    from generator.incremental import observatory_from_store
    from generator.store import Store

    corrections = config_corrections(config)  # read once; a CorrectionsError is the user's
    with Store(config.store_url) as store:
        stats = analyse_store(store, config, corrections=corrections)
        built = observatory_from_store(
            config,
            store,
            staff=staff_authors(config, corrections),
            excluded=excluded_authors(config, corrections),
            rebuild=rebuild,
        )
        health = store.source_health()
    if not built.observatory.months:
        raise BuildError(
            "no post mentions any configured brand: run `observatoire collect` first "
            "or check the brands' aliases"
        )
    return StoreObservatory(built, health, stats)


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
    recomputed: tuple[str, ...] = ()  # months whose aggregates were computed, not read back


@dataclass(frozen=True, slots=True)
class BuildResult:
    analysed: int
    mentions: int
    months: int
    pages: int
    site_dir: Path
    warnings: tuple[str, ...] = ()
    recomputed: tuple[str, ...] = ()

    def describe(self) -> str:
        again = ", ".join(self.recomputed) if self.recomputed else "none"
        return (
            f"analysed {self.analysed} posts; {self.mentions} brand mentions over "
            f"{self.months} months (months aggregated again: {again}); wrote {self.pages} "
            f"pages; site in {self.site_dir}"
        )


def build_all(
    config: Config, *, site_dir: Path | None = None, rebuild: MonthPeriod | None = None
) -> BuildResult:
    """Run every stage after collection; the project root is the configuration's folder.
    `rebuild` aggregates its months again even where nothing changed."""
    from generator.render.feed import feed_editor
    from generator.render.site import build_site

    target = site_dir if site_dir is not None else config.base_dir / "site"
    written = write_all_content(config, rebuild=rebuild)
    build_site(config.base_dir, target, feed_editor=feed_editor(config))
    return BuildResult(
        analysed=written.analysed,
        mentions=written.mentions,
        months=written.months,
        pages=written.pages,
        site_dir=target,
        warnings=written.warnings,
        recomputed=written.recomputed,
    )


def write_all_content(config: Config, *, rebuild: MonthPeriod | None = None) -> ContentResult:
    """Analyse, aggregate and write content/ and mkdocs.generated.yml, without running mkdocs
    (`build` runs it next; `serve` hands content/ to `mkdocs serve`)."""
    from generator.render.pages import write_content

    reading = store_observatory(config, rebuild=rebuild)
    observatory = reading.built.observatory
    pages = write_content(config, observatory, reading.health, root=config.base_dir)
    return ContentResult(
        analysed=reading.stats.analysed,
        mentions=reading.built.mentions,
        months=len(observatory.months),
        pages=len(pages),
        observatory=observatory,
        health=reading.health,
        warnings=tuple(reading.stats.warnings()),
        recomputed=reading.built.recomputed,
    )
