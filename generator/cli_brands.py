"""`observatoire brands test|explain|match`: tune brand rules on what was collected."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli_common import config_option, load


@click.group()
def brands() -> None:
    """Test and explain brand rules (aliases, context, exclusions, queries)."""


@brands.command("test")
@config_option
@click.argument("brand")
@click.option("--query", default=None, help="Try this query instead of the brand's own.")
@click.option("--month", default=None, metavar="YYYY-MM", help="Only posts of this month.")
@click.option("--sample", default=10, show_default=True, type=click.IntRange(0, 1000))
def brands_test(
    config_path: Path, brand: str, query: str | None, month: str | None, sample: int
) -> None:
    """How many stored posts BRAND's rules match per month, with samples of what they
    match and of what `exclude` / `context` remove."""
    config = load(config_path)
    from generator.analyse.brand_tools import find_brand, run_brand_test
    from generator.analyse.query import QuerySyntaxError, parse_query
    from generator.render.brand_report import print_brand_test
    from generator.store import Store

    if query is not None:
        try:
            parse_query(query)
        except QuerySyntaxError as exc:
            raise click.BadParameter(exc.describe(), param_hint="--query") from None
    chosen = find_brand(config, brand)
    with Store(config.store_url) as store:
        report = run_brand_test(
            config, store.stored_posts(), chosen, query=query, month=month, sample=sample
        )
    if not report.scanned:
        raise click.ClickException(
            "no stored post to test against"
            + (f" in {month}" if month else "")
            + ": run `observatoire collect` first"
        )
    print_brand_test(report)


@brands.command("explain")
@config_option
@click.argument("post_id", type=int)
def brands_explain(config_path: Path, post_id: int) -> None:
    """Which brand rules matched or failed for one stored post, and why."""
    config = load(config_path)
    from generator.analyse.brand_tools import explain_post
    from generator.analyse.pipeline import post_text
    from generator.render.brand_report import print_explanation
    from generator.store import Store

    with Store(config.store_url) as store:
        post = store.stored_post(post_id)
    if post is None:
        raise click.ClickException(f"no post {post_id} in {config.store.url}")
    print_explanation(post, post_text(post.title, post.text), explain_post(config, post))


@brands.command("match")
@config_option
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV (UTF-8, header row) with columns id,text.",
)
@click.option(
    "--output",
    "output_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV written with columns id,brand (default: standard output).",
)
def brands_match(config_path: Path, input_path: Path, output_path: Path | None) -> None:
    """Run the pipeline's brand matcher on texts alone: one id,brand row per brand found."""
    config = load(config_path)
    from generator import atomic
    from generator.analyse.brand_tools import match_csv

    if output_path is None:
        texts, rows = match_csv(config, input_path, sys.stdout)
    else:
        import io

        buffer = io.StringIO()
        texts, rows = match_csv(config, input_path, buffer)
        atomic.write_text(output_path, buffer.getvalue())
    click.echo(f"{texts} texts, {rows} brand mentions", err=True)
