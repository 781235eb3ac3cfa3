"""Live figures in hand-written blog posts: `{{ kpi("fibralis", "net_sentiment", "2026-08") }}`.

A hand-written post under content/blog/posts/ that contains Jinja syntax (`{{ … }}` or
`{% … %}`) is a *live* post. The build renders it, with the Observatory it has just computed,
into a generated copy under content/blog/posts/live/ (front matter kept byte for byte, the
generated marker added) and lists the source in mkdocs' `exclude_docs` (mkdocs.generated.yml),
so the source stays exactly as the editor wrote it and the site shows the copy at the post's
own URL (the blog builds URLs from the front matter's date and slug, not from the file path).

The article's text is a template of a sandboxed environment that knows only the functions of
`LiveFunctions` and no filter, test or other global: an article cannot reach Python objects,
files or the pages' environment. Their output is HTML made by the reports' own autoescaped
partials (templates/_live.html.j2 -> _macros.html.j2), from the Observatory's records, which
are already masked and pseudonymised; the text around them stays Markdown as written. Comments
are `{## … ##}`, so Markdown's `{#id}` attributes stay text.

A reference to an unknown brand, metric, month, chart or post fails the build with
`path:line: message` (a `LiveError`, which is a `BuildError`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import yaml
from jinja2 import Environment, FunctionLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from generator.errors import BuildError
from generator.render import formatting as fmt
from generator.render import kpis
from generator.render.report_facts import previous_month

if TYPE_CHECKING:
    from generator.render.pages import ContentWriter, Ctx

POSTS_DIR = "blog/posts"
LIVE_DIR = "blog/posts/live"  # where the rendered copies go (generated files)
PARTIALS = "_live.html.j2"
LIVE_SYNTAX = re.compile(r"\{\{|\{%")
MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
CHART_KINDS = {  # name in articles -> suffix of the report's figure id (pages.report_figures)
    "daily": "daily",
    "daily_net": "daily-net",
    "volume": "volume",
    "share_of_voice": "sov",
    "sentiment": "sentiment",
    "trend": "trend",
    "themes": "themes",
}
QUOTE_KINDS = {"crisis": "negative", "praise": "positive", "complaint": "negative"}
_TEXT_COLUMNS = {"sector", "brand", "month"}


class LiveError(BuildError):
    """A live post refers to something the observatory does not have, or breaks the rules."""


def is_live(text: str) -> bool:
    return LIVE_SYNTAX.search(text) is not None


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter with its `---` lines, body, number of lines before the body)."""
    if not text.startswith("---\n"):
        return "", text, 0
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") == "---":
            return "".join(lines[: index + 1]), "".join(lines[index + 1 :]), index + 1
    return "", text, 0


def live_sources(content: Path, generated: set[str]) -> list[str]:
    """Hand-written posts (relative to content/) that use the live syntax, sorted."""
    from generator.render.pages import MARKER, YAML_MARKER

    posts = content / POSTS_DIR
    found = []
    for path in sorted(posts.rglob("*.md")) if posts.is_dir() else []:
        relative = path.relative_to(content).as_posix()
        if relative in generated or relative.startswith(LIVE_DIR + "/"):
            continue
        text = path.read_text(encoding="utf-8")
        head = "".join(text.splitlines(keepends=True)[:3])
        if MARKER in head or YAML_MARKER in head:
            continue
        if is_live(split_front_matter(text)[1]):
            found.append(relative)
    return found


def exclude_docs(sources: list[str]) -> str:
    """mkdocs `exclude_docs` (gitignore lines, anchored at docs_dir) hiding the live sources."""
    return "".join("/" + re.sub(r"([\\*?\[\]!# ])", r"\\\1", s) + "\n" for s in sources)


def copy_path(source: str) -> str:
    return f"{LIVE_DIR}/{source[len(POSTS_DIR) + 1 :]}"


def sandbox() -> Environment:
    """Only the live functions: no filter, test or global of Jinja's (range, dict, cycler…)."""
    env = ImmutableSandboxedEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        comment_start_string="{##",
        comment_end_string="##}",
        loader=FunctionLoader(lambda name: None),  # {% include %}, {% extends %}: not found
    )
    env.globals.clear()
    env.filters.clear()
    env.tests.clear()
    return env


class LiveFunctions:
    """What an article may call; every figure comes from the Observatory of this build."""

    def __init__(self, ctx: Ctx, env: Environment, page: str | None) -> None:
        self.ctx = ctx
        self.page = page  # the post's URL as a content/ path (pages.href), None when unknown
        self.partials = env.get_template(PARTIALS).make_module({"lang": ctx.lang})
        self.shown: set[str] = set()
        self._figures: dict[str, list[dict[str, Any]]] = {}

    def _partial(self, name: str, *args: Any) -> Markup:
        """Call a macro of templates/_live.html.j2 (autoescaped: returns Markup)."""
        return Markup(getattr(self.partials, name)(*args))

    def functions(self) -> dict[str, Callable[..., Markup]]:
        return {
            "value": self.value,
            "kpi": self.kpi,
            "cards": self.cards,
            "chart": self.chart,
            "table": self.table,
            "quote": self.quote,
            "ambassador": self.ambassador,
        }

    # -- checks ------------------------------------------------------------------------------

    def _month(self, month: object) -> str:
        months = list(self.ctx.observatory.months)
        if not isinstance(month, str) or month not in months:
            span = f"{months[0]} to {months[-1]}" if months else "none"
            raise LiveError(f"unknown month {month!r} (months with data: {span})")
        return month

    def _brand(self, brand: object) -> str:
        if not isinstance(brand, str) or brand not in self.ctx.names:
            raise LiveError(
                f"unknown brand {brand!r} (brands: {', '.join(sorted(self.ctx.names))})"
            )
        return brand

    def _sector(self, sector: object) -> str:
        slugs = [s.slug for s in self.ctx.config.sectors]
        if sector is None and len(slugs) == 1:
            return slugs[0]
        if not isinstance(sector, str) or sector not in slugs:
            raise LiveError(f"unknown or missing sector {sector!r} (sectors: {', '.join(slugs)})")
        return sector

    def _row(self, brand: str, month: str) -> dict[str, Any]:
        monthly = self.ctx.observatory.monthly
        rows = monthly[(monthly["brand"] == brand) & (monthly["month"] == month)]
        if rows.empty:
            raise LiveError(f"no data for brand {brand!r} in {month}")
        return {str(k): v for k, v in rows.to_dict("records")[0].items()}

    def _metric(self, metric: object, row: dict[str, Any]) -> str:
        numeric = sorted(
            c
            for c, v in row.items()
            if c not in _TEXT_COLUMNS and isinstance(v, int | float) and not isinstance(v, bool)
        )
        if not isinstance(metric, str) or metric not in numeric:
            raise LiveError(
                f"unknown metric {metric!r} (columns of donnees/YYYY-MM.json: {', '.join(numeric)})"
            )
        return metric

    def _once(self, key: str) -> None:
        """Element ids (charts, tables) must be unique on the page."""
        if key in self.shown:
            raise LiveError(f"{key} is already shown on this page")
        self.shown.add(key)

    # -- functions ---------------------------------------------------------------------------

    def _value(self, brand: object, metric: object, month: object) -> dict[str, Any]:
        slug, when = self._brand(brand), self._month(month)
        row = self._row(slug, when)
        column = self._metric(metric, row)
        raw = row[column]
        lang = self.ctx.lang
        if fmt.is_missing(raw):
            text = "–"
        elif column in ("sov", "net_sentiment", "reputation_index"):
            text = kpis.value_text(column, raw, lang)
        elif float(raw).is_integer():
            text = fmt.number(raw, lang, 0)
        else:
            text = fmt.number(raw, lang, 2)
        return {
            "brand": slug,
            "metric": column,
            "month": when,
            "raw": "" if fmt.is_missing(raw) else repr(float(raw)),
            "text": text,
        }

    def value(self, brand: object, metric: object, month: object) -> Markup:
        """One figure of the month's data, in the site's number format, inline."""
        return self._partial("value", self._value(brand, metric, month))

    def kpi(self, brand: object, metric: object, month: object) -> Markup:
        """A KPI with its change against the month before, coloured as on the report's tiles."""
        v = self._value(brand, metric, month)
        card = kpis.kpi_cards(
            self.ctx.observatory,
            v["month"],
            self.ctx.names,
            self.ctx.w,
            self.ctx.config.report.min_mentions,
            [v["brand"]],
        )[0]
        tiles = {tile["key"]: tile for tile in card["tiles"]}
        if v["metric"] not in tiles:
            raise LiveError(f"kpi() shows one of {', '.join(tiles)}; use value() for {metric!r}")
        return self._partial("kpi", v, tiles[v["metric"]], self.ctx.lang)

    def cards(self, month: object, *brands: object) -> Markup:
        """The report's KPI tiles for the month (every brand, or the ones named)."""
        from generator.render.pages import kpi_cards

        when = self._month(month)
        chosen = [self._brand(b) for b in brands] or None
        self._once(f"cards {when} {chosen}")
        if self.page is None:
            raise LiveError("cards() needs the post's date and slug in its front matter")
        previous = previous_month(list(self.ctx.observatory.months), when)
        return self._partial(
            "cards_block", kpi_cards(self.ctx, when, chosen), self.page, self.ctx.lang, previous
        )

    def chart(self, kind: object, month: object, sector: object = None) -> Markup:
        """One of the report's charts of the month, with its text alternative and data table."""
        from generator.render.pages import report_figures

        if not isinstance(kind, str) or kind not in CHART_KINDS:
            raise LiveError(f"unknown chart {kind!r} (charts: {', '.join(CHART_KINDS)})")
        when, slug = self._month(month), self._sector(sector)
        if when not in self._figures:
            self._figures[when] = report_figures(self.ctx, when)
        wanted = f"fig-{when}-{slug}-{CHART_KINDS[kind]}"
        for block in self._figures[when]:
            for fig in block["figures"]:
                if fig.id == wanted:
                    self._once(wanted)
                    return self._partial("chart", fig, self.ctx.lang)
        raise LiveError(f"no {kind} chart for {slug} in {when}")

    def table(self, month: object, sector: object = None) -> Markup:
        """The brand x KPI comparison of the report."""
        when, slug = self._month(month), self._sector(sector)
        block = kpis.comparison(self.ctx.observatory, slug, when, self.ctx.names, self.ctx.lang)
        if block is None:
            raise LiveError(f"no data for sector {slug!r} in {when}")
        self._once(f"table {slug} {when}")
        labels = {key: self.ctx.w._(label) for key, label in kpis.COLUMN_LABELS.items()}
        return self._partial("table", block, when, self.ctx.lang, labels)

    def quote(
        self, brand: object, month: object, kind: object = "crisis", rank: object = 1
    ) -> Markup:
        """A post the month's report quotes: from the brand's crisis ("crisis"), or its most
        engaging praise or complaint ("praise", "complaint"). Only these Quote records, already
        cut, masked and pseudonymised, can reach an article; post ids are not stable across
        stores, so posts are named by what the report shows them for."""
        slug, when = self._brand(brand), self._month(month)
        if kind not in QUOTE_KINDS:
            raise LiveError(f"unknown quote {kind!r} (quotes: {', '.join(QUOTE_KINDS)})")
        quotes = _quotes(self.ctx, slug, when, str(kind))
        if not isinstance(rank, int) or isinstance(rank, bool) or not 1 <= rank <= len(quotes):
            raise LiveError(f"{slug} has {len(quotes)} {kind} quote(s) in {when}, not #{rank}")
        self._once(f"quote {slug} {when} {kind} {rank}")
        return self._partial("quote", quotes[rank - 1], self.ctx.lang)

    def ambassador(self, brand: object, month: object, rank: object = 1) -> Markup:
        """The card of one ambassador of the brand (by rank, as the report lists them)."""
        from generator.render.pages import people

        slug, when = self._brand(brand), self._month(month)
        groups = [g for g in people(self.ctx, when, slug) if g["klass"] == "ambassador"]
        authors = groups[0]["authors"] if groups else []
        if not isinstance(rank, int) or not 1 <= rank <= len(authors):
            raise LiveError(f"{brand} has {len(authors)} ambassador(s) in {when}, not #{rank}")
        self._once(f"ambassador {slug} {when} {rank}")
        group = {**groups[0], "authors": [authors[rank - 1]]}
        return self._partial("ambassador", group, self.ctx.lang)


def _quotes(ctx: Ctx, brand: str, month: str, kind: str) -> list[dict[str, Any]]:
    """The quotes the report of the month shows for the brand, in the report's order."""
    obs = ctx.observatory
    if kind == "crisis":
        return [
            asdict(q)
            for crisis in obs.crises
            if crisis.brand == brand and crisis.month == month
            for q in crisis.posts
        ]
    top = obs.top_posts
    if top.empty:
        return []
    rows = top[
        (top["brand"] == brand) & (top["month"] == month) & (top["polarity"] == QUOTE_KINDS[kind])
    ].sort_values("rank")
    return [{str(k): v for k, v in row.items()} for row in rows.to_dict("records")]


def _template_line(exc: BaseException, filename: str) -> int | None:
    """The article line Jinja reports for an error raised while rendering it."""
    line = None
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def post_page(front: str) -> str | None:
    """The post's URL as pages.href reads it ("blog/2026/09/slug.md"): mkdocs.yml's
    post_url_format "{date}/{slug}" with dates as yyyy/MM."""
    try:
        meta = yaml.safe_load(front.strip().strip("-")) if front else None
    except yaml.YAMLError:
        return None
    if not isinstance(meta, dict) or not isinstance(meta.get("slug"), str):
        return None
    created = meta.get("date")
    if isinstance(created, dict):
        created = created.get("created")
    if not isinstance(created, date):
        return None
    return f"blog/{created.year:04d}/{created.month:02d}/{meta['slug']}.md"


def render_post(ctx: Ctx, env: Environment, path: Path, page: str) -> str:
    """The generated copy of one live post: front matter as written plus the marker, body
    rendered. Errors name `path:line`."""
    from generator.render.pages import YAML_MARKER

    text = path.read_text(encoding="utf-8")
    front, body, offset = split_front_matter(text)
    live_env = sandbox()
    functions = LiveFunctions(ctx, env, post_page(front))
    live_env.globals.update(functions.functions())
    filename = str(path)
    try:
        code = live_env.compile(body, name=page, filename=filename)
        template = live_env.template_class.from_code(
            live_env, code, live_env.make_globals(None), None
        )
        rendered = template.render()
    except TemplateSyntaxError as exc:
        raise LiveError(f"{path}:{(exc.lineno or 0) + offset}: {exc.message}") from exc
    except (LiveError, TemplateError, TypeError) as exc:  # TypeError: a call's arguments
        line = _template_line(exc, filename)
        where = f"{path}:{line + offset}" if line is not None else str(path)
        message = exc.message if isinstance(exc, TemplateError) else str(exc)
        raise LiveError(f"{where}: {message}") from exc
    if front:
        return f"---\n{YAML_MARKER}\n{front[4:]}{rendered}"
    from generator.render.pages import MARKER

    return f"{MARKER}\n\n{rendered}"


def write_live_posts(
    ctx: Ctx, env: Environment, writer: ContentWriter, sources: list[str]
) -> list[Path]:
    """Render every live post into its generated copy (call after charts.use_cache)."""
    return [
        writer.write(copy_path(source), render_post(ctx, env, writer.content / source, source))
        for source in sources
    ]


def strip_live(text: str) -> str:
    """The post without its live figures (`{{ … }}` -> "…", `{% … %}` and `{## … ##}` removed):
    the demo's articles as plain Markdown for an observatory that lacks the brands they cite."""
    text = re.sub(r"\{##.*?##\}", "", text, flags=re.DOTALL)
    text = re.sub(r"\{%.*?%\}", "", text, flags=re.DOTALL)
    return re.sub(r"\{\{.*?\}\}", "…", text, flags=re.DOTALL)
