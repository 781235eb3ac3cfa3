"""Incremental analysis of the stored posts.

Only posts that are new, changed (content hash) or analysed under another version are read. The
stored version is `ANALYSER_VERSION` plus a fingerprint of everything else that shapes a result
(brands and aliases, themes, the corrections file), so editing a correction or an alias
re-analyses, and an unchanged run analyses nothing.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from generator.analyse import ANALYSER_VERSION, Analyser, TextAnalysis
from generator.analyse.brands import outsized_terms
from generator.analyse.care_cues import post_asks
from generator.analyse.corrections import Corrections, load_corrections
from generator.analyse.sentiment_model import Blend, load_blend
from generator.config import Config
from generator.store.repository import PostToAnalyse


class AnalysisStore(Protocol):
    """What analysis needs from a store: the posts to (re)analyse, and where results go."""

    def posts_to_analyse(
        self, version: str, batch_size: int = ...
    ) -> Iterator[list[PostToAnalyse]]: ...

    def save_analyses(self, items: Sequence[dict[str, Any]]) -> None: ...


@dataclass(slots=True)
class AnalyseStats:
    analysed: int = 0
    seconds: float = 0.0
    version: str = ""
    by_language: Counter[str] = field(default_factory=Counter)
    by_sentiment: Counter[str] = field(default_factory=Counter)
    outsized: list[tuple[str, float]] = field(default_factory=list)  # ("brand: term", share)

    def warnings(self) -> list[str]:
        """Brand terms that alone matched an outsized share of the posts analysed."""
        return [
            f"warning: {term} alone matched {share:.0%} of the posts analysed: an ambiguous "
            "word? Check it with `observatoire brands test` (ambiguous + context, exclude)."
            for term, share in self.outsized
        ]

    def __str__(self) -> str:
        if not self.analysed:
            return f"nothing new to analyse (version {self.version})"
        rate = self.analysed / self.seconds if self.seconds > 0 else float("inf")
        langs = ", ".join(f"{k} {v}" for k, v in self.by_language.most_common())
        moods = ", ".join(f"{k} {v}" for k, v in self.by_sentiment.most_common())
        return (
            f"{self.analysed} posts in {self.seconds:.1f} s ({rate:,.0f}/s); "
            f"languages: {langs}; sentiment: {moods}; version {self.version}"
        )


def config_corrections(config: Config) -> Corrections:
    return load_corrections(config.corrections_path)


def config_blend(config: Config) -> Blend | None:
    """The trained sentiment model the configuration asks for, loaded once, or None."""
    settings, path = config.analysis.sentiment_model, config.sentiment_model_path
    if settings is None or path is None:
        return None
    return load_blend(
        path,
        min_chars=settings.min_chars,
        rules_weight=settings.rules_weight,
        neutral_margin=settings.neutral_margin,
    )


def analysis_version(config: Config, corrections: Corrections, blend: Blend | None = None) -> str:
    """ANALYSER_VERSION plus a fingerprint of the configuration parts analysis depends on."""
    shape: list[dict[str, Any]] = [
        {
            "sector": s.slug,
            "brands": [b.model_dump(exclude={"staff"}) for b in s.brands],
            "themes": [[t.slug, list(t.keywords)] for t in s.themes],
        }
        for s in config.sectors
    ]
    shape.append({"corrections": corrections.fingerprint})
    if blend is not None:  # a new model file or blend setting: every post is analysed again
        settings = [blend.fingerprint, blend.min_chars, blend.rules_weight, blend.neutral_margin]
        shape.append({"sentiment_model": settings})
    shape.append({"source_brands": {s.name: s.brand for s in config.sources if s.brand}})
    shape.append({"news_sources": sorted(s.name for s in config.sources if s.kind == "news")})
    digest = hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:10]
    return f"{ANALYSER_VERSION}+{digest}"


def excluded_authors(config: Config, corrections: Corrections | None = None) -> list[str]:
    """Authors removed from everything: the privacy list plus the corrections' exclusions."""
    corrections = corrections if corrections is not None else config_corrections(config)
    names = list(config.privacy.excluded_authors)
    names += sorted(corrections.excluded_authors() - set(names))
    return names


def staff_authors(config: Config, corrections: Corrections | None = None) -> dict[str, set[str]]:
    """Brand slug -> author names that are the brand's staff (never ambassadors).

    Staff named in corrections without a brand count as staff of every brand."""
    corrections = corrections if corrections is not None else config_corrections(config)
    extra = corrections.staff()
    out: dict[str, set[str]] = {}
    for brand in config.brands:
        out[brand.slug] = set(brand.staff) | extra.get(brand.slug, set()) | extra.get(None, set())
    return out


def _analysers(
    config: Config, corrections: Corrections, blend: Blend | None
) -> dict[str | None, Analyser]:
    """One analyser per sector (its brands and themes) and one for sources of any sector."""
    analysers: dict[str | None, Analyser] = {
        s.slug: Analyser(s.brands, s.themes, corrections, blend) for s in config.sectors
    }
    all_themes = [t for s in config.sectors for t in s.themes]
    analysers[None] = Analyser(config.brands, all_themes, corrections, blend)
    return analysers


def post_text(title: str, text: str) -> str:
    """What is analysed: the title (often the opinion) then the body, without repeating it."""
    title, text = (title or "").strip(), (text or "").strip()
    if not title or text.startswith(title):
        return text or title
    return f"{title}\n{text}"


def analyse_store(
    store: AnalysisStore,
    config: Config,
    *,
    progress: Callable[[int], None] | None = None,
    corrections: Corrections | None = None,
) -> AnalyseStats:
    """Analyse every new or changed post of `store` and save the results in batches."""
    corrections = corrections if corrections is not None else config_corrections(config)
    blend = config_blend(config)
    version = analysis_version(config, corrections, blend)
    analysers = _analysers(config, corrections, blend)
    sector_of = {b.slug: s.slug for s in config.sectors for b in s.brands}
    source_brand = config.source_brands()
    stats = AnalyseStats(version=version)
    start = time.perf_counter()
    for batch in store.posts_to_analyse(version):
        items = []
        for post in batch:
            analyser = analysers.get(post.sector) or analysers[None]
            result: TextAnalysis = analyser.analyse(
                post_text(post.title, post.text),
                post.language_hint,
                source_brand.get(post.source),
                guid=post.guid,
                url=post.url,
                source_kind=post.source_kind,
            )
            items.append(_row(post, result, version, sector_of))
            stats.by_language[result.language] += 1
            stats.by_sentiment[result.sentiment] += 1
        store.save_analyses(items)
        stats.analysed += len(items)
        if progress is not None:
            progress(stats.analysed)
    stats.seconds = time.perf_counter() - start
    term_posts: Counter[str] = Counter()
    for analyser in analysers.values():
        term_posts.update(analyser.brands.term_counts)
    stats.outsized = outsized_terms(term_posts, stats.analysed, len(config.brands))
    return stats


def _row(
    post: PostToAnalyse, result: TextAnalysis, version: str, sector_of: dict[str, str]
) -> dict[str, Any]:
    return {
        "post_id": post.post_id,
        "version": version,
        "content_hash": post.content_hash,
        "language": result.language,
        "sentiment": result.sentiment,
        "score": result.score,
        "explanation": list(result.explanation),
        "recommends": result.recommends,
        "advises_against": result.advises_against,
        "intends_to_leave": result.intends_to_leave,
        "sponsored": result.sponsored,
        "off_topic": result.off_topic,
        "themes": list(result.themes),
        "brands": [(b, sector_of[b]) for b in result.brands if b in sector_of],
        "stances": dict(result.stances),
        "asks": post_asks(post.text),
    }
