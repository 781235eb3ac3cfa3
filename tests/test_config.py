"""Configuration: strict validation with errors that name the file, the key and the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import ConfigError, load_config, parse_config

MINIMAL = """\
site:
  title: Test
  url: https://obs.example.org
sectors:
  - slug: telecom
    name: Télécoms
    brands:
      - slug: orbis
        name: Orbis
        aliases: [Orbis Télécom]
sources:
  - name: Forum
    path: feeds/forum.xml
    kind: forum
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "observatoire.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_configuration_gets_defaults_and_resolves_paths(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    assert config.site.language == "fr"
    assert config.site.url == "https://obs.example.org/"
    assert config.sources[0].path == tmp_path / "feeds/forum.xml"
    assert config.sources[0].location.startswith("file://")
    assert config.store_url == f"sqlite:///{(tmp_path / 'data/observatoire.db').resolve()}"
    assert [b.slug for b in config.brands] == ["orbis"]


def test_unknown_key_names_file_key_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("    kind: forum", "    kind: forum\n    colour: red"))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert f"{path}:15" in message
    assert "unknown key 'sources.0.colour'" in message


def test_wrong_type_and_missing_field_are_reported_together(tmp_path: Path) -> None:
    text = MINIMAL.replace("kind: forum", "kind: podcast").replace(
        "- name: Forum\n    path", "- path"
    )
    with pytest.raises(ConfigError) as info:
        parse_config(text, source="obs.yml")
    message = str(info.value)
    assert "missing required key 'sources.0.name'" in message
    assert "sources.0.kind" in message and "obs.yml:" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("path: feeds/forum.xml", "url: ftp://x"), "must start with http://"),
        (("path: feeds/forum.xml", "path: a.xml\n    url: https://x.example/f"), "exactly one"),
        (("slug: orbis", "slug: Orbis!"), "sectors.0.brands.0.slug"),
        (("url: https://obs.example.org", "url: obs.example.org"), "site.url"),
        (
            ("aliases: [Orbis Télécom]", "aliases: [Orbis]\n        care: {answer_hours: 72}"),
            "sectors.0.brands.0.care",  # 72 h to answer, 48 h at the latest: out of order
        ),
        (
            ("aliases: [Orbis Télécom]", "aliases: [Orbis]\n        care: {answer_hours: 0}"),
            "sectors.0.brands.0.care.answer_hours",
        ),
    ],
)
def test_invalid_values(change: tuple[str, str], expected: str) -> None:
    with pytest.raises(ConfigError, match=expected.replace(".", r"\.")):
        parse_config(MINIMAL.replace(*change), source="obs.yml")


def test_duplicate_brand_slug_across_sectors_is_rejected() -> None:
    text = MINIMAL.replace(
        "sources:",
        "  - slug: energie\n    name: Énergie\n    brands:\n      - slug: orbis\n"
        "        name: Autre\nsources:",
    )
    with pytest.raises(ConfigError, match="duplicate brand slug 'orbis'"):
        parse_config(text)


def test_not_yaml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid YAML"):
        parse_config("site: [unclosed", source="bad.yml")
    with pytest.raises(ConfigError, match="configuration file not found"):
        load_config(tmp_path / "nope.yml")


def test_cli_exits_non_zero_with_the_message(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("kind: forum", "kind: podcast"))
    result = CliRunner().invoke(main, ["collect", "--config", str(path)])
    assert result.exit_code == 1
    assert "sources.0.kind" in result.output and str(path) in result.output


def test_demo_configuration_is_valid() -> None:
    root = Path(__file__).resolve().parents[1]
    config = load_config(root / "observatoire.yml")
    assert len(config.brands) >= 3
    assert all(source.path is None or source.path.exists() for source in config.sources)


def test_bad_corrections_file_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "corrections.yml").write_text("posts:\n  - sentiment: joyeux\n", encoding="utf-8")
    path = write(tmp_path, MINIMAL + "analysis:\n  corrections: corrections.yml\n")
    for command in ("analyse", "build"):
        result = CliRunner().invoke(main, [command, "--config", str(path)])
        assert result.exit_code == 1, result.output
        assert "corrections.yml" in result.output
        assert "Traceback" not in result.output


def test_care_targets_default_to_the_published_practices_and_can_be_set_per_brand() -> None:
    config = parse_config(MINIMAL)
    (orbis,) = config.brands
    assert (orbis.care.acknowledge_hours, orbis.care.answer_hours) == (1.0, 24.0)
    assert orbis.care.extended_answer_hours == 48.0 and config.report.min_requests == 10
    text = MINIMAL.replace(
        "aliases: [Orbis Télécom]",
        "aliases: [Orbis]\n        care: {acknowledge_hours: 0.5, answer_hours: 12}",
    )
    (quick,) = parse_config(text).brands
    assert (quick.care.acknowledge_hours, quick.care.answer_hours) == (0.5, 12.0)
    assert quick.care.extended_answer_hours == 48.0


def test_brand_colours_default_to_okabe_ito_in_configuration_order() -> None:
    brand = "      - {{slug: b{i}, name: B{i}{colour}}}\n"
    brands = "".join(
        brand.format(i=i, colour=", colour: '#D55E00'" if i == 2 else "") for i in range(1, 9)
    )
    text = MINIMAL.replace(
        "sources:",
        f"  - slug: energie\n    name: Énergie\n    brands:\n{brands}sources:",
    )
    colours = parse_config(text).brand_colours
    assert list(colours) == ["orbis", *(f"b{i}" for i in range(1, 9))]  # both sectors, in order
    # b2 chose vermillion (normalised to lower case); the others take the palette's free
    # colours in order, cycling past the end.
    assert colours == {
        "orbis": "#0072b2",
        "b1": "#009e73",
        "b2": "#d55e00",
        "b3": "#cc79a7",
        "b4": "#e69f00",
        "b5": "#56b4e9",
        "b6": "#000000",
        "b7": "#0072b2",
        "b8": "#009e73",
    }


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "#12345g", "0072b2"])
def test_a_brand_colour_must_be_a_hex_colour(colour: str) -> None:
    text = MINIMAL.replace("name: Orbis\n", f"name: Orbis\n        colour: '{colour}'\n")
    with pytest.raises(ConfigError) as info:
        parse_config(text, source="obs.yml")
    message = str(info.value)
    assert "obs.yml:10: key 'sectors.0.brands.0.colour'" in message, message
    assert '"#rrggbb"' in message
