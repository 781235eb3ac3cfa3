"""`observatoire run`: the whole chain under one OS lock, as cron or a systemd timer start it.

Real processes on a real copy of the demo project: a run killed with SIGKILL leaves no stale
lock, the next run builds the site, and a run started beside it exits at once with code 3.
"""

from __future__ import annotations

import configparser
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, copy_project, demo_project

from generator.cli import main
from generator.cli_run import EXIT_ALREADY_RUNNING, LOCK_NAME, AlreadyRunning, run_lock


def _start_run(config: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "run", "--config", str(config)],
        cwd=config.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition: Callable[[], bool], what: str, limit: float = 120.0) -> None:
    """Poll until condition holds; the limit only stops a broken run from hanging the suite."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def _holds_lock(lock: Path, process: subprocess.Popen[str]) -> bool:
    """The process wrote its pid into the lock file, which it does only once it holds the lock."""
    assert process.poll() is None, "the run ended before taking the lock"
    return lock.exists() and lock.read_text(encoding="utf-8").strip() == str(process.pid)


@dataclass(frozen=True)
class Scenario:
    config: Path
    killed: int  # returncode of the run killed while holding the lock
    winner: subprocess.CompletedProcess[str]
    loser: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    """One run killed with SIGKILL while it holds the lock; then two runs started together:
    the first takes the lock and builds, the second finds it taken."""
    config = demo_project(tmp_path_factory.mktemp("run"))
    lock = config.parent / LOCK_NAME

    crashed = _start_run(config)
    _wait_for(lambda: _holds_lock(lock, crashed), "the first run to take the lock")
    crashed.send_signal(signal.SIGKILL)
    crashed.communicate(timeout=60)

    first = _start_run(config)
    _wait_for(lambda: _holds_lock(lock, first), "the run after the crash to take the lock")
    second = _start_run(config)
    out, err = second.communicate(timeout=300)
    loser = subprocess.CompletedProcess(second.args, second.returncode, out, err)
    out, err = first.communicate(timeout=600)
    winner = subprocess.CompletedProcess(first.args, first.returncode, out, err)
    return Scenario(config=config, killed=crashed.returncode, winner=winner, loser=loser)


def test_lock_is_released_when_its_holder_is_killed(scenario: Scenario) -> None:
    assert scenario.killed == -signal.SIGKILL
    # The next run was not refused: it took the lock (checked by the fixture) and finished.
    assert scenario.winner.returncode == 0, scenario.winner.stderr


def test_run_collects_builds_and_reports_each_step(scenario: Scenario) -> None:
    site = scenario.config.parent / "site"
    assert (site / "index.html").is_file()
    assert (site / "marques" / "orbis" / "index.html").is_file()
    log = scenario.winner.stderr
    for step in ("collect", "build"):
        assert f"run: {step}: done" in log
    assert "run: done" in log
    assert "brand mentions over 7 months" in scenario.winner.stdout


def test_run_passes_its_period_to_the_build(scenario: Scenario) -> None:
    """After a full build, a run with --since/--until aggregates exactly those months again
    (the others are read back from the store) and still writes every page."""
    command = ["run", "--config", str(scenario.config), "--since", "2026-08", "--until", "2026-09"]
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", *command],
        cwd=scenario.config.parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "(months aggregated again: 2026-08, 2026-09)" in done.stdout
    assert "brand mentions over 7 months" in done.stdout


def test_run_started_beside_another_exits_already_running(scenario: Scenario) -> None:
    assert scenario.loser.returncode == EXIT_ALREADY_RUNNING == 3
    assert "another run is in progress" in scenario.loser.stderr
    assert "run: collect" not in scenario.loser.stderr  # nothing was started


def test_held_lock_refuses_at_once_without_reading_the_config(tmp_path: Path) -> None:
    config = tmp_path / "observatoire.yml"  # absent: the lock is checked first
    with run_lock(tmp_path / LOCK_NAME):
        result = CliRunner().invoke(main, ["run", "--config", str(config)])
    assert result.exit_code == EXIT_ALREADY_RUNNING, result.output
    assert f"held by pid {os.getpid()}" in result.output
    # Released on leaving the block: the next holder gets it.
    with run_lock(tmp_path / LOCK_NAME) as handle:
        assert handle.closed is False
        with pytest.raises(AlreadyRunning), run_lock(tmp_path / LOCK_NAME):
            pass


def test_failed_steps_give_exit_1_and_skip_alerts(tmp_path: Path) -> None:
    """Sources that cannot be read and an empty store: collect and build fail, alerts are not
    attempted on a site that was not built, and the run says which steps failed."""
    config = yaml.safe_load((ROOT / "observatoire.yml").read_text(encoding="utf-8"))
    for source in config["sources"]:
        if "path" in source:
            source["path"] = str(tmp_path / "missing.xml")
    path = copy_project(tmp_path / "project") / "observatoire.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "--config", str(path)])
    assert result.exit_code == 1, result.output
    assert "run: collect: failed" in result.output
    assert "run: build: failed" in result.output
    assert "run: alerts: skipped (the build failed)" in result.output
    assert "run: failed steps: collect, build" in result.output
    assert not (path.parent / "site").exists()


DEPLOY = ROOT / "examples" / "deploy"


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def test_systemd_units_start_run_hourly_and_accept_already_running(tmp_path: Path) -> None:
    service = _unit(DEPLOY / "observatoire.service")
    timer = _unit(DEPLOY / "observatoire.timer")
    assert set(service.sections()) == {"Unit", "Service"}
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"].split()[1:3] == ["run", "--config"]
    assert service["Service"]["SuccessExitStatus"] == str(EXIT_ALREADY_RUNNING)
    assert service["Service"]["User"] not in ("", "root")
    assert set(timer.sections()) == {"Unit", "Timer", "Install"}
    assert timer["Timer"]["Unit"] == "observatoire.service"
    assert timer["Timer"]["OnCalendar"] == "hourly"
    assert timer["Install"]["WantedBy"] == "timers.target"
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        return  # the structural checks above are all we can do here
    # systemd checks that ExecStart exists: point it at this environment's command.
    exe = Path(sys.executable).with_name("observatoire")
    text = (DEPLOY / "observatoire.service").read_text(encoding="utf-8")
    (tmp_path / "observatoire.service").write_text(
        text.replace("/opt/observatoire/venv/bin/observatoire", str(exe)), encoding="utf-8"
    )
    shutil.copy2(DEPLOY / "observatoire.timer", tmp_path / "observatoire.timer")
    proc = subprocess.run(
        [analyze, "verify", "observatoire.timer", "observatoire.service"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_crontab_line_starts_run() -> None:
    lines = [
        line
        for line in (DEPLOY / "crontab").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(lines) == 1
    fields = lines[0].split(maxsplit=5)
    assert len(fields) == 6 and all(
        f.replace("*", "").replace("/", "").isdigit() or f == "*" for f in fields[:5]
    )
    assert "observatoire run" in fields[5]


def test_containerfile_is_debian_slim_and_runs_as_a_user() -> None:
    lines = [
        line.strip()
        for line in (DEPLOY / "Containerfile").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    froms = [line for line in lines if line.startswith("FROM ")]
    assert len(froms) == 1 and "slim-bookworm" in froms[0]
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert any(line.startswith("RUN pip install") for line in lines)
    assert 'ENTRYPOINT ["observatoire"]' in lines
    assert any(line.startswith('CMD ["run"') for line in lines)


def test_ci_workflows_parse_and_publish_the_site() -> None:
    github = yaml.safe_load((DEPLOY / "github-pages.yml").read_text(encoding="utf-8"))
    triggers = github[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"][0]["cron"].count(" ") == 4
    steps = github["jobs"]["build"]["steps"]
    assert any("observatoire run" in step.get("run", "") for step in steps)
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "site"
    assert github["jobs"]["deploy"]["needs"] == "build"
    assert github["permissions"]["pages"] == "write"

    gitlab = yaml.safe_load((DEPLOY / "gitlab-ci.yml").read_text(encoding="utf-8"))
    pages = gitlab["pages"]  # GitLab publishes the `pages` job's public/ artifact
    assert "slim" in pages["image"]
    assert any("observatoire run" in line for line in pages["script"])
    assert pages["artifacts"]["paths"] == ["public"]
