"""`observatoire run`: collect, then build (analyse, aggregate, render, mkdocs), then alerts,
under one OS lock so cron or a systemd timer never starts two runs on one project.

The lock is `fcntl.flock` on a file beside the configuration: the kernel drops it when the
holder exits, however it exits (SIGKILL included), so there is no stale pid file to clean.
Steps are the group's own registered commands, so `run` behaves exactly like typing them;
a step whose command is not registered (alerts, until it ships) is skipped, never imported.

Exit codes: 0 every step succeeded, 1 a step failed (the others still ran where they could),
2 usage error, 3 another run holds the lock (nothing was done).
"""

from __future__ import annotations

import fcntl
import os
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

import click

from generator.cli_common import config_option, period_options
from generator.errors import ObservatoireError

EXIT_OK = 0
EXIT_STEP_FAILED = 1
EXIT_ALREADY_RUNNING = 3
LOCK_NAME = ".observatoire-run.lock"


class AlreadyRunning(Exception):
    """Another process holds the run lock."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"{path} held by pid {holder or '?'}")
        self.path = path
        self.holder = holder


@contextmanager
def run_lock(path: Path) -> Iterator[IO[str]]:
    """Hold an exclusive, non-blocking flock on path for the block; raise AlreadyRunning at once
    if another open file holds it. The holder's pid is written for the message only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole block
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise AlreadyRunning(path, handle.read().strip()) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield handle
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()


@dataclass(frozen=True, slots=True)
class Step:
    """One stage of a run: the registered command and its arguments after --config."""

    name: str
    args: tuple[str, ...] = ()
    optional: bool = False  # skipped when the command is not registered
    needs_build: bool = False  # pointless once the build failed


STEPS = (
    Step("collect", ("--quiet",)),
    Step("build"),
    Step("alerts", optional=True, needs_build=True),
)


def _run_step(ctx: click.Context, step: Step, config_path: Path) -> bool | None:
    """True if the step succeeded, False if it failed, None if it is not available."""
    group = ctx.find_root().command
    assert isinstance(group, click.Group)
    command = group.get_command(ctx, step.name)
    if command is None:
        if not step.optional:
            raise click.ClickException(f"the {step.name!r} command is not available")
        click.echo(f"run: {step.name}: skipped (command not available)", err=True)
        return None
    click.echo(f"run: {step.name}: started", err=True)
    started = time.monotonic()
    try:
        with command.make_context(
            step.name, ["--config", str(config_path), *step.args], parent=ctx
        ) as sub:
            command.invoke(sub)
    except (click.ClickException, ObservatoireError) as exc:
        message = exc.format_message() if isinstance(exc, click.ClickException) else str(exc)
        click.echo(f"run: {step.name}: failed: {message}", err=True)
        return False
    except click.exceptions.Exit as exc:  # a step's own ctx.exit(code)
        if exc.exit_code != 0:
            click.echo(f"run: {step.name}: failed (exit {exc.exit_code})", err=True)
            return False
    except Exception:  # a bug in one stage: its traceback in the log, the next stages still run
        click.echo(f"run: {step.name}: crashed\n{traceback.format_exc()}", err=True)
        return False
    click.echo(f"run: {step.name}: done in {time.monotonic() - started:.1f} s", err=True)
    return True


@click.command()
@config_option
@click.option(
    "--lock-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"The lock every run of this project shares (default: {LOCK_NAME} beside the config).",
)
@period_options
@click.pass_context
def run(
    ctx: click.Context,
    config_path: Path,
    lock_file: Path | None,
    since: str | None,
    until: str | None,
) -> None:
    """Collect, build the site, then send alerts, once at a time: for cron and systemd timers.

    --since/--until are the build's: its months aggregated again, whatever changed.
    Exit status: 0 done, 1 a step failed, 3 another run is in progress (nothing done)."""
    lock_path = lock_file if lock_file is not None else config_path.resolve().parent / LOCK_NAME
    period = (*(("--since", since) if since else ()), *(("--until", until) if until else ()))
    steps = [replace(s, args=s.args + period) if s.name == "build" else s for s in STEPS]
    failed: list[str] = []
    try:
        with run_lock(lock_path):
            for step in steps:
                if step.needs_build and "build" in failed:
                    click.echo(f"run: {step.name}: skipped (the build failed)", err=True)
                    continue
                if _run_step(ctx, step, config_path) is False:
                    failed.append(step.name)
    except AlreadyRunning as busy:
        click.echo(
            f"run: another run is in progress ({busy.path} held by pid {busy.holder or '?'}); "
            "not starting",
            err=True,
        )
        ctx.exit(EXIT_ALREADY_RUNNING)
    if failed:
        click.echo(f"run: failed steps: {', '.join(failed)}", err=True)
        ctx.exit(EXIT_STEP_FAILED)
    click.echo("run: done", err=True)
