"""Live figures in hand-written posts (generator/render/live.py).

The demo's articles are built from the real demo store and checked against the month's open
data; errors, the sandbox and hostile post text are checked on the render fixture's
Observatory, rendering one post the way the build does.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner
from conftest import ROOT, BuiltSite, copy_project
from jinja2 import Environment
from markupsafe import escape
from render_fixture import HOSTILE_TITLE, make_config, make_observatory

from generator.cli import main
from generator.errors import BuildError
from generator.render import live, pages
from generator.render.i18n import Wording
from generator.render.placeholder_words import observatory_in_words

ARTICLES = {
    "crise-e-reputation.md": "blog/2026/09/anatomie-crise-e-reputation/index.html",
    "ambassadeurs-clients.md": "blog/2026/06/reconnaitre-ses-ambassadeurs/index.html",
}
LIVE_SPAN = re.compile(
    r'<span class="obs-live obs-live--(value|kpi)" data-brand="([^"]+)" data-metric="([^"]+)"'
    r' data-month="([^"]+)" data-value="([^"]*)">(?:<span class="obs-kpi__value">)?([^<]+)<'
)
Fixture = tuple[pages.Ctx, Environment, Path]
FRONT = "---\ndate:\n  created: 2026-09-20\nslug: essai\n---\n"


def test_demo_articles_show_the_figures_of_the_months_data(demo_site: BuiltSite) -> None:
    shown = 0
    for source, url in ARTICLES.items():
        html = (demo_site.site / url).read_text(encoding="utf-8")
        assert "{{" not in html and "obs-live" in html
        written = (ROOT / "content/blog/posts" / source).read_bytes()
        assert (demo_site.root / "content/blog/posts" / source).read_bytes() == written
        for _kind, brand, metric, month, raw, text in LIVE_SPAN.findall(html):
            data = json.loads((demo_site.site / f"donnees/{month}.json").read_text("utf-8"))
            row = next(r for r in data["brands"] if r["brand"] == brand)
            assert float(raw) == pytest.approx(row[metric], abs=1e-9), (source, brand, metric)
            if metric == "net_sentiment":
                assert text == f"{row[metric]:+.2f}".replace(".", ",").replace("-", "\u2212")
            else:
                assert text == str(row[metric])
            shown += 1
    assert shown >= 8
    crisis = (demo_site.site / ARTICLES["crise-e-reputation.md"]).read_text(encoding="utf-8")
    assert crisis.count('<figure class="obs-chart"') == 1 and "obs-chart__data" in crisis
    assert "obs-quote" in crisis and "obs-people" in (
        demo_site.site / ARTICLES["ambassadeurs-clients.md"]
    ).read_text(encoding="utf-8")


def test_an_unknown_brand_fails_the_build_naming_file_and_line(
    demo_site: BuiltSite, tmp_path: Path
) -> None:
    root = tmp_path / "p"
    shutil.copytree(demo_site.root, root, ignore=shutil.ignore_patterns("site"))
    post = root / "content/blog/posts/faute.md"
    text = (
        FRONT
        + "# Essai\n\nTexte.\n\n<!-- more -->\n\n{{ value('nobrand', 'mentions', '2026-08') }}\n"
    )
    post.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--config", str(root / "observatoire.yml")])
    assert result.exit_code == 1
    assert f"{post}:12: unknown brand 'nobrand'" in result.output
    assert not (root / "site").exists()
    assert post.read_text(encoding="utf-8") == text


@pytest.fixture(scope="module")
def fixture_ctx(tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    root = copy_project(tmp_path_factory.mktemp("live"))
    config = make_config()
    ctx = pages.Ctx(
        config=config,
        observatory=observatory_in_words(make_observatory(), Wording("fr")),
        lang="fr",
        names={b.slug: b.name for b in config.brands},
        theme_names={t.slug: t.name for s in config.sectors for t in s.themes},
        colours=config.brand_colours,
        content=root / "content",
    )
    return ctx, pages.make_env(root / "templates"), root / "content/blog/posts"


def render(fixture_ctx: Fixture, body: str) -> str:
    ctx, env, posts = fixture_ctx
    path = posts / "essai.md"
    path.write_text(FRONT + body, encoding="utf-8")
    return live.render_post(ctx, env, path, "blog/posts/essai.md")


def test_a_hostile_post_is_quoted_as_text(fixture_ctx: Fixture) -> None:
    out = render(
        fixture_ctx,
        "Un **avis** [cité](https://example.org) :\n\n"
        "{{ quote('orbis', '2026-09', 'crisis', 1) }}\n",
    )
    assert out.startswith("---\n" + pages.YAML_MARKER + "\ndate:")
    assert "Un **avis** [cité](https://example.org) :" in out  # Markdown stays Markdown
    html = markdown.markdown(
        live.split_front_matter(out)[1], extensions=["attr_list", "md_in_html", "tables"]
    )  # as mkdocs reads the page: the quote is a raw HTML block, its text no Markdown
    assert "<strong>avis</strong>" in html and "obs-quote" in html
    assert not re.search(r"<(script|img|i|b)\b|href=\"javascript", html, re.IGNORECASE), html
    assert str(escape(HOSTILE_TITLE)) in out
    assert "<i>" not in out and "&lt;i&gt;Lecteur&lt;/i&gt; 7f3a" in out


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{{ value('orbis', 'mentions', '2031-01') }}", "unknown month '2031-01'"),
        ("{{ kpi('orbis', 'volume', '2026-09') }}", "unknown metric 'volume'"),
        ("{{ chart('pie', '2026-09') }}", "unknown chart 'pie'"),
        ("{{ quote('orbis', '2026-09', 'crisis', 3) }}", "2 crisis quote(s) in 2026-09, not #3"),
        ("{{ quote('helia', '2026-09') }}", "helia has 0 crisis quote(s)"),
        ("{{ range(3) }}", "'range' is undefined"),
        ("{{ value('orbis') }}", "missing 2 required positional arguments"),
        ("{{ 'x'|upper }}", "No filter named 'upper'"),
        ("{{ value.__globals__ }}", "unsafe"),
        ("{{ ''.__class__.__mro__ }}", "unsafe"),
        ("{% include 'report.md.j2' %}", "report.md.j2"),
        ("{{ value('orbis', }}", "unexpected"),
    ],
)
def test_articles_reach_only_the_live_functions(
    fixture_ctx: Fixture, line: str, message: str
) -> None:
    with pytest.raises(BuildError) as error:
        render(fixture_ctx, f"# Essai\n\n{line}\n")
    text = str(error.value)
    assert text.startswith(f"{fixture_ctx[2] / 'essai.md'}:8: "), text
    assert message in text, text


def test_markdown_attributes_are_not_jinja_comments(
    fixture_ctx: Fixture,
) -> None:
    out = render(fixture_ctx, "## Titre {#ancre}\n\n{{ value('orbis', 'mentions', '2026-09') }}\n")
    assert "## Titre {#ancre}" in out and 'data-metric="mentions"' in out


def test_cards_table_and_chart_are_the_reports_blocks(fixture_ctx: Fixture) -> None:
    out = render(
        fixture_ctx,
        "{{ cards('2026-09', 'orbis') }}\n\n{{ table('2026-09') }}\n\n"
        "{{ chart('volume', '2026-09') }}\n",
    )
    assert out.count('<section class="obs-card') == 1 and "Orbis Télécom" in out
    assert 'href="../../../../marques/orbis/"' in out  # from blog/2026/09/essai/
    assert out.count('<th scope="row">') >= 4 and "obs-compare__mean" in out
    assert out.count('<figure class="obs-chart" id="fig-2026-09-telecom-volume"') == 1
    assert "<table>" in out  # the chart's data, for screen readers
    with pytest.raises(BuildError, match=r"essai\.md:7: fig-2026-09-telecom-volume is already"):
        render(fixture_ctx, "{{ chart('volume', '2026-09') }}\n{{ chart('volume', '2026-09') }}\n")
