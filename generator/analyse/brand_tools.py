"""Tools to tune a brand's rules on what was collected: test, explain, batch match.

They run the pipeline's own matcher (`BrandMatcher`, the analysed text being `post_text`) and
the pipeline's own routing (a source restricted to a sector only sees that sector's brands; a
source declared as a brand's own counts every post for it), so what they show is what the
next build will count.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from generator.analyse.brands import BrandEvidence, BrandMatcher, outsized_terms
from generator.analyse.pipeline import post_text
from generator.config import Brand, Config
from generator.errors import ObservatoireError
from generator.store import StoredPost


class BrandToolError(ObservatoireError):
    """Bad input to a brand tool (unknown brand, unreadable CSV); the message says which."""


def find_brand(config: Config, slug_or_name: str) -> Brand:
    slug = config.brand_slug(slug_or_name)
    if slug is None:
        known = ", ".join(f"{b.slug} ({b.name})" for b in config.brands)
        raise BrandToolError(f"no brand {slug_or_name!r} in the configuration; known: {known}")
    return next(b for b in config.brands if b.slug == slug)


@dataclass(frozen=True, slots=True)
class Sample:
    """A post shown to the user, with the character ranges to highlight."""

    post_id: int
    month: str
    source: str
    text: str
    highlights: tuple[tuple[int, int], ...]
    reason: str  # why it matched, or why the rules removed it


@dataclass(slots=True)
class BrandTestReport:
    brand: Brand
    query: str | None
    brands: int = 1  # brands configured: what an even share of the posts is
    scanned: int = 0
    matched: Counter[str] = field(default_factory=Counter)  # month -> posts
    lost: Counter[str] = field(default_factory=Counter)  # month -> posts exclude/context removed
    by_source: int = 0  # posts counted through the source's brand assumption only
    term_posts: Counter[str] = field(default_factory=Counter)  # term -> posts it matched in
    samples: list[Sample] = field(default_factory=list)
    lost_samples: list[Sample] = field(default_factory=list)

    def outsized_terms(self) -> list[tuple[str, float]]:
        """Terms that alone match an outsized share of every post scanned."""
        return outsized_terms(self.term_posts, self.scanned, self.brands)


def month_of(published: datetime, timezone: str) -> str:
    return published.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone)).strftime("%Y-%m")


def _sees_brand(config: Config, post: StoredPost, brand: Brand) -> bool:
    """A source restricted to a sector is matched against that sector's brands only."""
    return post.sector is None or config.sector_of(brand.slug).slug == post.sector


def run_brand_test(
    config: Config,
    posts: Iterable[StoredPost],
    brand: Brand,
    *,
    query: str | None = None,
    month: str | None = None,
    sample: int = 10,
) -> BrandTestReport:
    """Match one brand's rules (or `query` in place of its own) over stored posts."""
    matcher = BrandMatcher([brand], queries={brand.slug: query} if query is not None else None)
    owned = {name for name, slug in config.source_brands().items() if slug == brand.slug}
    report = BrandTestReport(brand, query, brands=len(config.brands))
    timezone = config.site.timezone
    for post in posts:
        post_month = month_of(post.published, timezone)
        if (month is not None and post_month != month) or not _sees_brand(config, post, brand):
            continue
        report.scanned += 1
        text = post_text(post.title, post.text)
        if not matcher.match(text):
            if post.source in owned:
                report.matched[post_month] += 1
                report.by_source += 1
                continue
            (evidence,) = matcher.explain(text)
            if evidence.lost:
                report.lost[post_month] += 1
                if len(report.lost_samples) < sample:
                    report.lost_samples.append(_sample(post, post_month, text, evidence))
            continue
        (evidence,) = matcher.explain(text)
        report.matched[post_month] += 1
        for term in {hit.term for hit in evidence.hits}:
            report.term_posts[term] += 1
        if len(report.samples) < sample:
            report.samples.append(_sample(post, post_month, text, evidence))
    return report


def _sample(post: StoredPost, month: str, text: str, evidence: BrandEvidence) -> Sample:
    if evidence.matched:
        hits = evidence.hits
        reason = ", ".join(sorted({_why(h.rule, h.term, h.context) for h in hits}))
    else:
        hits = evidence.excluded + evidence.without_context
        parts = [f"{h.term!r} inside excluded {h.blocked_by!r}" for h in evidence.excluded]
        parts += [f"{h.term!r} without a context word nearby" for h in evidence.without_context]
        reason = "; ".join(dict.fromkeys(parts))
    return Sample(
        post.post_id, month, post.source, text, tuple(sorted({h.chars for h in hits})), reason
    )


def _why(rule: str, term: str, context: str | None) -> str:
    if rule == "ambiguous":
        return f"{term!r} near {context!r}"
    return f"{rule} {term!r}"


def explain_post(config: Config, post: StoredPost) -> list[tuple[Brand, BrandEvidence, bool]]:
    """Every brand the post's source can see: its evidence, and whether the source counts it."""
    owned = config.source_brands().get(post.source)
    text = post_text(post.title, post.text)
    brands = [b for b in config.brands if _sees_brand(config, post, b)]
    evidences = BrandMatcher(brands).explain(text)
    return [(b, e, b.slug == owned) for b, e in zip(brands, evidences, strict=True)]


# -- batch matching ------------------------------------------------------------------------


def match_rows(config: Config, rows: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(id, brand display name) for every brand found in each (id, text): text alone."""
    matcher = BrandMatcher(config.brands)
    names = {b.slug: b.name for b in config.brands}
    for row_id, text in rows:
        for slug in matcher.match(text):
            yield row_id, names[slug]


def read_id_text(handle: TextIO, source: str) -> Iterator[tuple[str, str]]:
    """Rows of a CSV with a header holding `id` and `text` (other columns are ignored)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.DictReader(handle)
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in ("id", "text") if c not in columns]
    if missing:
        found = ", ".join(columns) if columns else "no header"
        raise BrandToolError(
            f"{source}: missing column {' and '.join(map(repr, missing))} "
            f"(the file needs a header row with id,text; found: {found})"
        )
    reader.fieldnames = columns
    for line, row in enumerate(reader, start=2):
        if row.get("id") is None or row.get("text") is None:
            raise BrandToolError(f"{source}:{line}: the row has fewer columns than the header")
        yield row["id"], row["text"]


def match_csv(config: Config, input_path: Path, output: TextIO) -> tuple[int, int]:
    """Write `id,brand` rows for the texts of `input_path`; returns (texts, rows written)."""
    try:
        handle = input_path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise BrandToolError(f"{input_path}: cannot read: {exc.strerror or exc}") from None
    texts = written = 0
    with handle:
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(["id", "brand"])

        def counted() -> Iterator[tuple[str, str]]:
            nonlocal texts
            try:
                for row in read_id_text(handle, str(input_path)):
                    texts += 1
                    yield row
            except UnicodeDecodeError as exc:
                raise BrandToolError(f"{input_path}: not UTF-8 ({exc.reason})") from None
            except csv.Error as exc:
                raise BrandToolError(f"{input_path}: not a readable CSV: {exc}") from None

        for row in match_rows(config, counted()):
            writer.writerow(row)
            written += 1
    return texts, written
