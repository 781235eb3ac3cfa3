"""`observatoire new article` and `observatoire serve`: the editor's workflow.

An article starts as a draft (`draft: true`): the blog plugin leaves drafts out of `build`
(pages, blog index, archives, categories) and the RSS plugin out of the feeds, while `serve`
shows them, so an editor previews a post on the real site before publishing it.
"""

from __future__ import annotations

import contextlib
import re
import threading
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click
import yaml

from generator.cli_common import config_option, load
from generator.config import Config

if TYPE_CHECKING:
    from generator.pipeline import ContentResult

POSTS_DIR = Path("blog") / "posts"  # under content/: the blog plugin's post_dir
AUTHORS_FILE = Path("blog") / ".authors.yml"  # the blog plugin's authors_file


@click.group()
def new() -> None:
    """Create hand-written content."""


def _authors(content: Path) -> dict[str, dict[str, object]]:
    """The blog's authors by key ({} without an authors file)."""
    path = content / AUTHORS_FILE
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise click.ClickException(f"{path}: not valid YAML ({exc})") from None
    authors = data.get("authors") if isinstance(data, dict) else None
    if not isinstance(authors, dict):
        raise click.ClickException(f"{path}: no `authors:` mapping")
    return {str(k): v if isinstance(v, dict) else {} for k, v in authors.items()}


def _author(config: Config, content: Path, chosen: str | None) -> list[str]:
    """`--author`, checked against .authors.yml; by default the author named like the site's
    author (observatoire.yml `site.author`), else the file's first author."""
    authors = _authors(content)
    if chosen is not None:
        if chosen not in authors:
            known = ", ".join(sorted(authors)) or "none"
            raise click.BadParameter(
                f"{chosen!r} is not in {content / AUTHORS_FILE} (known: {known})",
                param_hint="--author",
            )
        return [chosen]
    for key, info in authors.items():
        if info.get("name") == config.site.author:
            return [key]
    return list(authors)[:1]


_SLUG_LINE = re.compile(r"^slug:\s*['\"]?([^'\"\s]+)", re.MULTILINE)


def _post_with_slug(posts: Path, slug: str) -> Path | None:
    """The hand-written post whose front matter already has this slug: two posts of one
    month would share a URL (the blog's URLs are blog/yyyy/MM/<slug>/)."""
    for post in sorted(posts.glob("*.md")) if posts.is_dir() else []:
        head = post.read_text(encoding="utf-8", errors="replace").split("\n---", 1)[0]
        if any(found == slug for found in _SLUG_LINE.findall(head)):
            return post
    return None


@new.command("article")
@config_option
@click.argument("title")
@click.option("--author", default=None, help="Author key of content/blog/.authors.yml.")
@click.option("--category", "categories", multiple=True, help="Category (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Tag (repeatable).")
@click.option(
    "--date",
    "created",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Publication date, YYYY-MM-DD (default: today).",
)
@click.option("--slug", default=None, help="URL slug (default: from the title).")
def new_article(
    config_path: Path,
    title: str,
    author: str | None,
    categories: tuple[str, ...],
    tags: tuple[str, ...],
    created: datetime | None,
    slug: str | None,
) -> None:
    """Write a draft blog post titled TITLE under content/blog/posts/ and print its path."""
    config = load(config_path)
    from generator.render.scaffold import article_markdown, slugify

    if not title.strip():
        raise click.BadParameter("the title is empty", param_hint="TITLE")
    slug = slugify(slug if slug is not None else title)
    if not slug:
        raise click.BadParameter(
            "no letter or digit to make a URL from: pass --slug", param_hint="TITLE"
        )
    content = config.base_dir / "content"
    text = article_markdown(
        title,
        created=created.date() if created is not None else date.today(),
        slug=slug,
        authors=_author(config, content, author),
        categories=categories,
        tags=tags,
        lang=config.site.language,
    )
    path = content / POSTS_DIR / f"{slug}.md"
    clash = _post_with_slug(content / POSTS_DIR, slug)
    if clash is not None and clash != path:
        raise click.ClickException(
            f"{clash} already uses the slug {slug!r}: choose another title or --slug"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite an article
            handle.write(text)
    except FileExistsError:
        raise click.ClickException(
            f"{path} already exists: choose another title or --slug"
        ) from None
    click.echo(str(path))


POLL_SECONDS = 1.0  # how often `serve` looks for edited posts


def _post_times(posts: Path) -> dict[Path, int]:
    """Modification times of the hand-written posts (top level of posts/: reports and the
    rendered copies of live posts are generated into subfolders)."""
    times: dict[Path, int] = {}
    for post in posts.glob("*.md"):
        with contextlib.suppress(FileNotFoundError):  # deleted while listing
            times[post] = post.stat().st_mtime_ns
    return times


def _rewrite_on_change(config: Config, written: ContentResult, stop: threading.Event) -> None:
    """Rewrite content/ from the observatory already computed whenever a hand-written post
    changes: a post with live figures is published as a rendered copy, which mkdocs serve
    alone would never refresh. Unchanged pages are not rewritten, so mkdocs reloads only
    what changed; an error (an unknown brand in a live figure) is printed, the preview goes on.
    """
    from generator.render.pages import write_content

    posts = config.base_dir / "content" / POSTS_DIR
    seen = _post_times(posts)
    while not stop.wait(POLL_SECONDS):
        now = _post_times(posts)
        if now == seen:
            continue
        seen = now
        try:
            write_content(config, written.observatory, written.health, root=config.base_dir)
        except Exception as exc:  # a preview reports any error and keeps serving
            click.echo(f"Error: {exc}", err=True)
        else:
            click.echo("content/ rewritten after a post changed", err=True)


@click.command()
@config_option
@click.option(
    "--dev-addr",
    metavar="IP:PORT",
    default=None,
    help="Address to serve on (mkdocs' default: 127.0.0.1:8000).",
)
def serve(config_path: Path, dev_addr: str | None) -> None:
    """Write content/ as `build` does, then preview the site with live reload, drafts
    included (mkdocs serve; Ctrl-C stops it)."""
    config = load(config_path)
    from generator.pipeline import write_all_content
    from generator.render.site import serve_site

    written = write_all_content(config)
    click.echo(f"wrote {written.pages} pages; starting the preview (drafts shown)", err=True)
    for warning in written.warnings:
        click.echo(warning, err=True)
    stop = threading.Event()
    watcher = threading.Thread(
        target=_rewrite_on_change, args=(config, written, stop), name="posts", daemon=True
    )
    watcher.start()
    try:
        status = serve_site(config.base_dir, dev_addr=dev_addr)
    finally:
        stop.set()
    if status not in (0, -2, 130):  # -2 / 130: stopped by Ctrl-C
        raise click.ClickException(f"mkdocs serve stopped with exit status {status}")
