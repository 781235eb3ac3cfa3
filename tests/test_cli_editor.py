"""The editor's workflow: `observatoire new article` writes a draft, `build` leaves drafts out
of the site and its feeds, `observatoire serve` previews them over real HTTP."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import BuiltSite, copy_project
from feedserver import free_port
from render_fixture import CONFIG_TEMPLATE

from generator.cli import main
from generator.render.scaffold import SLUG_MAX, slugify
from generator.render.site import build_site

DRAFT_TITLE = "L'été des réseaux : œuvre collective, brouillon secret"
DRAFT_SLUG = "l-ete-des-reseaux-oeuvre-collective-brouillon-secret"
PUBLISHED_TITLE = "Les chiffres d'août, publiés"
PUBLISHED_SLUG = "les-chiffres-d-aout-publies"
SERVE = [sys.executable, "-m", "generator.cli", "serve"]


def new_article(config: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["new", "article", "--config", str(config), *args])


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    meta = yaml.safe_load(text.split("---\n", 2)[1])
    assert isinstance(meta, dict)
    return meta


def publish(path: Path) -> None:
    """What an editor does when the post is ready: remove the draft flag."""
    text = path.read_text(encoding="utf-8")
    assert "\ndraft: true\n" in text
    path.write_text(text.replace("\ndraft: true\n", "\n"), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder (templates/, content/ with its .authors.yml) and its configuration."""
    root = copy_project(tmp_path / "project")
    config = root / "observatoire.yml"
    config.write_text(CONFIG_TEMPLATE.format(lang="fr"), encoding="utf-8")
    return config


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Anatomie d'une crise d'e-réputation", "anatomie-d-une-crise-d-e-reputation"),
        ("Œuvre & cœur : l’été à Noël !", "oeuvre-coeur-l-ete-a-noel"),
        ("  ÉLAN   2026  ", "elan-2026"),
        ("!!! ???", ""),
        ("私の記事", ""),
    ],
)
def test_slug_folds_accents(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slug_stops_between_words() -> None:
    slug = slugify("réputation " * 20)
    assert len(slug) <= SLUG_MAX
    assert slug.endswith("reputation") and "--" not in slug


def test_new_article_writes_a_dated_draft(project: Path) -> None:
    result = new_article(project, DRAFT_TITLE, "--tag", "été", "--tag", "crise")
    assert result.exit_code == 0, result.output
    path = project.parent / "content" / "blog" / "posts" / f"{DRAFT_SLUG}.md"
    assert result.output.strip() == str(path)
    meta = front_matter(path)
    assert meta == {
        "date": {"created": date.today()},
        # the author named like the site's author (config default), a key of .authors.yml
        "authors": ["observatoire"],
        "categories": ["Analyses"],
        "tags": ["été", "crise"],
        "slug": DRAFT_SLUG,
        "description": "Une phrase pour les moteurs de recherche et les liens partagés.",
        "draft": True,
    }
    body = path.read_text(encoding="utf-8")
    assert f"\n# {DRAFT_TITLE}\n" in body
    assert "\n<!-- more -->\n" in body  # the blog's post_excerpt is `required`


def test_new_article_options(project: Path) -> None:
    result = new_article(
        project,
        "Un titre",
        "--author",
        "claire",
        "--category",
        "Méthode",
        "--date",
        "2026-08-14",
        "--slug",
        "Mon Slug à moi",
    )
    assert result.exit_code == 0, result.output
    meta = front_matter(Path(result.output.strip()))
    assert meta["authors"] == ["claire"]
    assert meta["categories"] == ["Méthode"]
    assert meta["date"] == {"created": date(2026, 8, 14)}
    assert meta["slug"] == "mon-slug-a-moi"


def test_new_article_never_overwrites(project: Path) -> None:
    first = new_article(project, DRAFT_TITLE)
    assert first.exit_code == 0, first.output
    path = Path(first.output.strip())
    path.write_text(path.read_text(encoding="utf-8") + "\nDéjà écrit.\n", encoding="utf-8")
    before = path.read_bytes()
    again = new_article(project, DRAFT_TITLE, "--author", "yanis")
    assert again.exit_code == 1
    assert f"{path} already exists" in again.output
    assert path.read_bytes() == before


def test_new_article_refuses_a_slug_in_use(project: Path) -> None:
    """The demo's crisis article (crise-e-reputation.md) has the slug of this title."""
    posts = project.parent / "content" / "blog" / "posts"
    before = sorted(posts.iterdir())
    result = new_article(project, "Anatomie : crise, e-réputation")
    assert result.exit_code == 1
    assert "crise-e-reputation.md already uses the slug 'anatomie-crise-e-reputation'" in (
        result.output
    )
    assert sorted(posts.iterdir()) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Un titre", "--author", "inconnu"], "'inconnu' is not in"),
        (["!!!"], "pass --slug"),
        (["Un titre", "--date", "14/08/2026"], "--date"),
    ],
)
def test_new_article_usage_errors(project: Path, args: list[str], message: str) -> None:
    result = new_article(project, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not list((project.parent / "content" / "blog" / "posts").glob("un-titre*.md"))


def _site_text(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml", ".json", ".txt"}
    }


def test_build_leaves_drafts_out_of_site_and_feeds(fixture_site: BuiltSite, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(fixture_site.root, root, ignore=shutil.ignore_patterns("site"))
    config = root / "observatoire.yml"
    config.write_text(CONFIG_TEMPLATE.format(lang="fr"), encoding="utf-8")
    for title, tag in ((DRAFT_TITLE, "etiquette-du-brouillon"), (PUBLISHED_TITLE, "publiee")):
        result = new_article(config, title, "--date", "2026-09-20", "--tag", tag)
        assert result.exit_code == 0, result.output
    publish(root / "content" / "blog" / "posts" / f"{PUBLISHED_SLUG}.md")

    build_site(root, root / "site")
    pages = _site_text(root / "site")

    published = f"blog/2026/09/{PUBLISHED_SLUG}/index.html"
    assert published in pages  # the same scaffold, published: the check below can fail
    for listing in ("blog/index.html", "feed_rss_created.xml", "feed_json_created.json"):
        assert PUBLISHED_SLUG in pages[listing], listing
    feed = json.loads(pages["feed_json_created.json"])
    assert any(PUBLISHED_SLUG in item["url"] for item in feed["items"])

    leaks = [
        name for name, text in pages.items() if DRAFT_SLUG in text or "brouillon secret" in text
    ]
    assert leaks == []
    assert not any(DRAFT_SLUG in name for name in pages)
    assert "publiee" in pages["tags.json"]
    assert "etiquette-du-brouillon" not in pages["tags.json"]  # the draft's tag: no listing


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def test_serve_writes_content_and_previews_drafts(demo_site: BuiltSite, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(demo_site.root, root, ignore=shutil.ignore_patterns("site"))
    config = root / "observatoire.yml"
    # serve must write content/ as build does: remove what the demo build generated
    listing = root / "content" / ".generated"
    for line in listing.read_text(encoding="utf-8").splitlines():
        if line.strip():
            (root / "content" / line.strip()).unlink(missing_ok=True)
    (root / "mkdocs.generated.yml").unlink()
    assert not (root / "content" / "index.md").exists()
    result = new_article(config, DRAFT_TITLE, "--date", "2026-09-20")
    assert result.exit_code == 0, result.output

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*SERVE, "--config", str(config), "--dev-addr", f"127.0.0.1:{port}"],
            cwd=Path(__file__).resolve().parents[1],  # this tree's `generator` package
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: mkdocs is stopped with it
        )
    try:
        deadline = time.monotonic() + 240
        status, home = 0, ""
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, home = _get(base)
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, log.read_text(encoding="utf-8", errors="replace")
        assert (root / "content" / "index.md").exists()
        assert "Observatoire" in home
        status, draft = _get(base + f"blog/2026/09/{DRAFT_SLUG}/")
        assert status == 200
        assert "brouillon secret" in draft
        assert "livereload" in draft  # mkdocs serve's live-reload script
        _, blog = _get(base + "blog/")
        assert DRAFT_SLUG in blog

        # The editor adds a live figure: `serve` rewrites content/ (the post becomes a
        # rendered copy, render/live.py) and mkdocs reloads it; without the rewrite the
        # page would show the raw `{{ kpi(...) }}`.
        post = root / "content" / "blog" / "posts" / f"{DRAFT_SLUG}.md"
        with post.open("a", encoding="utf-8") as handle:
            handle.write('\nMarqueur ajouté : {{ kpi("fibralis", "net_sentiment", "2026-08") }}\n')
        deadline = time.monotonic() + 120
        draft = ""
        rendered = False
        while time.monotonic() < deadline and not rendered:
            time.sleep(1)  # mkdocs may first show the raw source, then the rendered copy
            draft = _get(base + f"blog/2026/09/{DRAFT_SLUG}/")[1]
            rendered = "Marqueur ajouté" in draft and "kpi(" not in draft
        assert rendered, draft[-2000:] + log.read_text(encoding="utf-8", errors="replace")
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
