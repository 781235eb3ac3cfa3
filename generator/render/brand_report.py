"""Terminal output of the brand tools (`observatoire brands test|explain`), with rich.

Post text is untrusted: control characters are removed and rich markup is escaped before a
snippet reaches the terminal, so a post can neither restyle the output nor move the cursor.
"""

from __future__ import annotations

import unicodedata

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from generator.analyse.brand_tools import BrandTestReport, Sample
from generator.analyse.brands import BrandEvidence, Hit
from generator.config import Brand
from generator.store import StoredPost

SNIPPET_CONTEXT = 70  # characters shown on each side of the first highlighted term


def _printable(text: str) -> str:
    return "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text.replace("\n", " ")
    )


def snippet(text: str, highlights: tuple[tuple[int, int], ...]) -> str:
    """Rich markup of the text around the first highlight, every highlight in bold."""
    if not highlights:
        return escape(_printable(text[: 2 * SNIPPET_CONTEXT]))
    start = max(0, highlights[0][0] - SNIPPET_CONTEXT)
    end = min(len(text), highlights[0][1] + SNIPPET_CONTEXT)
    out, at = [], start
    for first, last in highlights:
        if first < at or last > end:
            continue
        out.append(escape(_printable(text[at:first])))
        out.append(f"[bold reverse]{escape(_printable(text[first:last]))}[/]")
        at = last
    out.append(escape(_printable(text[at:end])))
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")


def _samples_table(title: str, samples: list[Sample]) -> Table:
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("post", justify="right", no_wrap=True)
    table.add_column("month", no_wrap=True)
    table.add_column("text")
    table.add_column("why")
    for s in samples:
        table.add_row(
            str(s.post_id), s.month, snippet(s.text, s.highlights), escape(_printable(s.reason))
        )
    return table


def print_brand_test(report: BrandTestReport, console: Console | None = None) -> None:
    console = console or Console()
    brand = report.brand
    rules = "the --query given" if report.query is not None else "its configured rules"
    console.print(
        f"[bold]{escape(brand.name)}[/] ({brand.slug}) with {rules}: "
        f"{sum(report.matched.values())} of {report.scanned} posts match"
        + (f", {report.by_source} through the brand's own sources" if report.by_source else "")
        + f"; exclusions and missing context remove {sum(report.lost.values())}."
    )
    months = sorted(set(report.matched) | set(report.lost))
    if months:
        table = Table(title="Posts per month")
        table.add_column("month")
        table.add_column("matching", justify="right")
        table.add_column("removed by exclude/context", justify="right")
        for month in months:
            table.add_row(month, str(report.matched[month]), str(report.lost[month]))
        console.print(table)
    if report.term_posts:
        table = Table(title="Posts matched by each term")
        table.add_column("term")
        table.add_column("posts", justify="right")
        table.add_column("share of all posts", justify="right")
        for term, count in report.term_posts.most_common():
            table.add_row(escape(term), str(count), f"{count / max(report.scanned, 1):.1%}")
        console.print(table)
    for term, share in report.outsized_terms():
        console.print(
            f"[bold yellow]warning:[/] {escape(term)!s} alone matches {share:.0%} of all posts: "
            "an ambiguous word? Move it to `ambiguous:` with `context:` words, or add "
            "`exclude:` phrases."
        )
    if report.samples:
        console.print(_samples_table("Matching posts (sample)", report.samples))
    if report.lost_samples:
        console.print(
            _samples_table("Posts the exclude/context rules remove (sample)", report.lost_samples)
        )


def _hit_line(hit: Hit, text: str) -> str:
    shown = escape(_printable(text[hit.chars[0] : hit.chars[1]]))
    first, last = hit.span[0] + 1, hit.span[1]
    words = f"word {first}" if first == last else f"words {first}–{last}"
    where = f"{hit.rule} {escape(hit.term)}: “{shown}” ({words})"
    if hit.blocked_by is not None:
        return f"{where} ignored, inside excluded {escape(hit.blocked_by)!r}"
    if hit.context is not None:
        return f"{where} counts, context word {escape(hit.context)!r} nearby"
    if hit.rule == "ambiguous":
        return f"{where} ignored, no context word nearby"
    return f"{where} counts"


def print_explanation(
    post: StoredPost,
    text: str,
    results: list[tuple[Brand, BrandEvidence, bool]],
    console: Console | None = None,
) -> None:
    console = console or Console()
    console.print(
        f"[bold]post {post.post_id}[/] from {escape(post.source)}"
        + (f" (sector {post.sector} only)" if post.sector else "")
        + f": {snippet(text, ())}"
    )
    for brand, evidence, by_source in results:
        verdict = "[green]matches[/]" if evidence.matched or by_source else "[red]no match[/]"
        console.print(f"\n[bold]{escape(brand.name)}[/] ({brand.slug}): {verdict}")
        if by_source:
            console.print(f"  source {escape(post.source)!r} is declared as the brand's own")
        for hit in [*evidence.hits, *evidence.excluded, *evidence.without_context]:
            console.print("  " + _hit_line(hit, text))
        if evidence.query is not None:
            console.print(f"  query: {'holds' if evidence.query else 'does not hold'}")
        if not (evidence.hits or evidence.excluded or evidence.without_context or by_source):
            console.print("  none of its terms occurs")
