"""One error hierarchy, one handler: every problem the user must fix is one message, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.analyse.brand_tools import BrandToolError
from generator.analyse.corrections import CorrectionsError
from generator.analyse.evaluate import LabelsError
from generator.analyse.query import QuerySyntaxError
from generator.cli import main
from generator.collect.opml import OPMLError
from generator.collect.recipes import RecipeError
from generator.config import ConfigError
from generator.config_edit import ConfigEditError
from generator.errors import BuildError, ObservatoireError


@pytest.mark.parametrize(
    "error",
    [
        BuildError,
        BrandToolError,
        ConfigEditError,
        ConfigError,
        CorrectionsError,
        LabelsError,
        OPMLError,
        QuerySyntaxError,
        RecipeError,
    ],
)
def test_every_user_error_is_an_observatoire_error(error: type[Exception]) -> None:
    assert issubclass(error, ObservatoireError)


def test_a_user_error_is_one_line_of_message_and_exit_1(tmp_path: Path) -> None:
    config = tmp_path / "observatoire.yml"
    config.write_text(
        f"""store: {{url: "sqlite:///{tmp_path / "obs.db"}"}}
sectors: [{{slug: t, name: T, brands: [{{slug: o, name: Orbis}}]}}]
analysis: {{corrections: corrections.yml}}
""",
        encoding="utf-8",
    )
    (tmp_path / "corrections.yml").write_text("posts:\n  - url: x\n    sentiment: great\n")
    result = CliRunner().invoke(main, ["analyse", "--config", str(config)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "corrections.yml" in result.output
    assert "Traceback" not in result.output
    missing = CliRunner().invoke(main, ["evaluate", "--labels", str(tmp_path / "none.csv")])
    assert missing.exit_code == 1 and "none.csv" in missing.output
