"""Chart drawings: each at its layout's width with text the phone and the laptop can read,
brand colours from the configuration, timelines that name the crisis."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from render_fixture import make_config, make_observatory

from generator.render import charts
from generator.render.charts import NARROW, SWITCH_PX, WIDE, Figure

ROOT = Path(__file__).resolve().parents[1]
MIN_PX = 11.0
NARROWEST_CHART_PX = 328  # a 360 px phone's chart column (Material's margins)


@pytest.fixture(scope="module")
def figures(chart_cache: Path) -> list[Figure]:
    charts.use_cache(chart_cache)
    config = make_config()
    obs = make_observatory()
    names = {b.slug: b.name for b in config.brands}
    colours = config.brand_colours
    month = obs.monthly[obs.monthly["month"] == "2026-09"]
    days = obs.daily[obs.daily["month"] == "2026-09"]
    orbis_weeks = obs.weekly[obs.weekly["brand"] == "orbis"]
    themes = obs.themes[obs.themes["month"] == "2026-09"]
    theme_names = {t.slug: t.name for s in config.sectors for t in s.themes}
    return [
        charts.daily_volume(days, names, "fr", fig_id="d", colours=colours, crises=obs.crises),
        charts.daily_sentiment(days, names, "fr", fig_id="n", crises=obs.crises),
        charts.volume_by_brand(month, names, "fr", fig_id="v", colours=colours),
        charts.share_of_voice(month, names, "fr", fig_id="s", colours=colours),
        charts.sentiment_split(month, names, "fr", fig_id="p"),
        charts.trend(obs.monthly, names, "fr", fig_id="t", colours=colours),
        charts.themes_chart(themes, names, theme_names, "fr", fig_id="h", colours=colours),
        charts.weekly(orbis_weeks, "Orbis Télécom", "#0072b2", "fr", fig_id="w"),
        charts.weekly(orbis_weeks, "Orbis Télécom", "#0072b2", "fr", fig_id="x", kind="net"),
    ]


def view_width(svg: str) -> float:
    match = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"', svg)
    assert match, svg[:200]
    return float(match.group(1))


def test_each_drawing_keeps_its_width_and_text_size(figures: list[Figure]) -> None:
    """Axes, legends and labels fit inside the layout's width, so the page's scale is known:
    a wide drawing is shown in SWITCH_PX or more, a narrow one in a 328 px column or more."""
    for figure in figures:
        for svg, layout, narrowest in ((figure.svg, WIDE, SWITCH_PX), (figure.narrow, NARROW, 0)):
            assert f"obs-svg--{layout.name}" in svg
            assert view_width(svg) == layout.width, (figure.id, layout.name)
            sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)px"', svg)]
            assert len(sizes) >= 8, (figure.id, layout.name)
            scale = (narrowest or NARROWEST_CHART_PX) / layout.width
            assert min(sizes) * scale >= MIN_PX, (figure.id, layout.name, min(sizes), scale)


def test_the_page_switches_drawings_where_the_charts_module_says() -> None:
    css = (ROOT / "content" / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    query = re.search(r"@container \(max-width: ([\d.]+)px\)", css)
    assert query and SWITCH_PX - 1 < float(query.group(1)) < SWITCH_PX


def test_bars_and_lines_wear_the_brand_colours(figures: list[Figure]) -> None:
    colours = make_config().brand_colours
    volume = next(f for f in figures if f.id == "v")
    for colour in colours.values():
        assert f'fill="{colour}"' in volume.svg and f'fill="{colour}"' in volume.narrow
    weekly = next(f for f in figures if f.id == "w")
    assert 'fill="#0072b2"' in weekly.svg and colours["helia"] not in weekly.svg


def test_volume_bars_run_from_the_largest(figures: list[Figure]) -> None:
    volume = next(f for f in figures if f.id == "v")
    names = [row[0] for row in volume.rows]
    assert [int(row[1]) for row in volume.rows] == sorted(
        (int(r[1]) for r in volume.rows), reverse=True
    )
    for svg in (volume.svg, volume.narrow):
        drawn = re.findall(r'translate\(-?[\d.]+,([\d.]+)\)"[^>]*>([^<]+)</text>', svg)
        ys = {text: float(y) for y, text in drawn if text in names}
        assert sorted(ys, key=ys.__getitem__) == names


def test_the_daily_timeline_names_the_crisis_and_its_peak(figures: list[Figure]) -> None:
    daily = figures[0]
    for svg in (daily.svg, daily.narrow):
        assert ">Crise\u00a0: Orbis Télécom</text>" in svg
        assert ">pic\u00a0: 31 mentions négatives</text>" in svg
    assert "du 10 au 14 septembre 2026, avec un pic le 11 septembre 2026" in daily.description
    assert daily.columns[0] == "Jour" and len(daily.rows) == 30
    assert daily.rows[0][0] == "1er septembre"
    heat = figures[1]
    assert "Encadrés\u00a0: les jours de la crise." in heat.description
    cell = re.compile(r"–|0,00|[+−][01],\d\d")  # net sentiment, or a dash for no opinion
    assert all(cell.fullmatch(value) for row in heat.rows for value in row[1:])
    orbis = list(heat.columns).index("Orbis Télécom")
    assert heat.rows[10][0] == "11 septembre" and heat.rows[10][orbis].startswith("−")


@pytest.mark.parametrize(
    ("fill", "ink"),
    [
        ("#0072b2", "#ffffff"),
        ("#000000", "#ffffff"),
        ("#e69f00", charts.INK),
        ("#56b4e9", charts.INK),
    ],
)
def test_labels_on_a_bar_take_the_more_legible_ink(fill: str, ink: str) -> None:
    assert charts.ink_on(fill) == ink
