"""`observatoire build`: analyse -> aggregate -> write content/ -> mkdocs, in that order.

Kept apart from the CLI so tests and benchmarks drive the same code path as users.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.config import Config
from generator.errors import BuildError

__all__ = ["BuildError", "BuildResult", "build_all"]


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
    from generator.aggregate import compute
    from generator.aggregate.mentions import shape_mentions
    from generator.analyse.pipeline import (
        analyse_store,
        config_corrections,
        excluded_authors,
        staff_authors,
    )
    from generator.render.feed import feed_editor
    from generator.render.pages import write_content
    from generator.render.site import build_site
    from generator.store import Store

    root = config.base_dir
    target = site_dir if site_dir is not None else root / "site"
    corrections = config_corrections(config)  # read once; a CorrectionsError is the user's
    with Store(config.store_url) as store:
        stats = analyse_store(store, config, corrections=corrections)
        mentions = shape_mentions(
            store.mention_rows(), config.site.timezone, excluded_authors(config, corrections)
        )
        health = store.source_health()
    if mentions.empty:
        raise BuildError(
            "no post mentions any configured brand: run `observatoire collect` first "
            "or check the brands' aliases"
        )
    observatory = compute(mentions, config, staff=staff_authors(config, corrections))
    pages = write_content(config, observatory, health, root=root)
    build_site(root, target, feed_editor=feed_editor(config))
    return BuildResult(
        analysed=stats.analysed,
        mentions=len(mentions),
        months=mentions["month"].nunique(),
        pages=len(pages),
        site_dir=target,
        warnings=tuple(stats.warnings()),
    )
