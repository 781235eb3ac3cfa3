"""Run `mkdocs build` and swap the result into site/ only when it succeeded.

Readers must never see a half-built site: the build goes to a temporary folder next to the
target, and the old site/ is replaced only after mkdocs exited cleanly. A build killed on the
way takes its mkdocs child with it (Linux parent-death signal), and the next build removes the
staging folders it left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path

from generator.errors import BuildError
from generator.render.feed import finish_feeds

MKDOCS_TIMEOUT = 600  # seconds; a demo build takes a few


_PR_SET_PDEATHSIG = 1  # prctl(2)


def _die_with_parent(parent: int) -> None:
    """In the child, before exec: be killed when the building process dies (Linux only)."""
    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_staging(site_dir: Path) -> list[Path]:
    """Delete the staging and old-site folders of builds that died; returns what was removed.

    Their names carry the building process's id: a folder of a process still alive (another
    build running now) is left alone.
    """
    pattern = re.compile(rf"^\.{re.escape(site_dir.name)}-(?:new|old)-(\d+)(?:-.*)?$")
    removed: list[Path] = []
    if not site_dir.parent.is_dir():
        return removed
    for candidate in site_dir.parent.iterdir():
        match = pattern.match(candidate.name)
        if match and candidate.is_dir() and not _alive(int(match.group(1))):
            shutil.rmtree(candidate, ignore_errors=True)
            removed.append(candidate)
    return removed


def _tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def run_mkdocs(root: Path, out_dir: Path, *, strict: bool = False) -> str:
    """Build root/mkdocs.yml into out_dir; returns mkdocs' log, raises BuildError on failure."""
    config_file = root / "mkdocs.yml"
    if not config_file.exists():
        raise BuildError(f"{config_file}: not found (the site configuration)")
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--clean",
        "--config-file",
        str(config_file),
        "--site-dir",
        str(out_dir),
    ]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    try:
        proc = subprocess.run(
            command,
            cwd=root,
            capture_output=True,
            text=True,
            timeout=MKDOCS_TIMEOUT,
            env=env,
            check=False,
            preexec_fn=partial(_die_with_parent, os.getpid()) if sys.platform == "linux" else None,
        )
    except subprocess.TimeoutExpired as exc:
        raise BuildError(f"mkdocs build did not finish within {MKDOCS_TIMEOUT} s") from exc
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise BuildError(f"mkdocs build failed (exit {proc.returncode}):\n{_tail(log)}")
    return log


def build_site(
    root: Path, site_dir: Path, *, strict: bool = False, feed_editor: str | None = None
) -> str:
    """Build the site of the project at root into site_dir, atomically; returns mkdocs' log.

    The feeds are made valid before the swap (render/feed.py); `feed_editor` is the RSS
    managingEditor ("address (Name)"), None for none.
    """
    root = Path(root).resolve()
    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(site_dir)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{site_dir.name}-new-{os.getpid()}-", dir=site_dir.parent)
    )
    try:
        log = run_mkdocs(root, staging, strict=strict)
        if not (staging / "index.html").exists():
            raise BuildError("mkdocs build produced no index.html")
        finish_feeds(staging, feed_editor)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        site_dir.rename(old)
    staging.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return log


def serve_site(root: Path, *, dev_addr: str | None = None) -> int:
    """`mkdocs serve` on root/mkdocs.yml until interrupted; returns its exit status.

    It builds into a temporary folder (site/ is left alone) and reloads the browser when a
    file of content/ changes. The blog plugin shows drafts when serving (`draft_on_serve`).
    """
    config_file = Path(root).resolve() / "mkdocs.yml"
    if not config_file.exists():
        raise BuildError(f"{config_file}: not found (the site configuration)")
    command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(config_file)]
    generated = config_file.parent / "mkdocs.generated.yml"  # pages.GENERATED_CONFIG
    if generated.exists():  # mkdocs watches content/ and mkdocs.yml, not what it inherits
        command += ["--watch", str(generated)]
    if dev_addr is not None:
        command += ["--dev-addr", dev_addr]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    preexec = partial(_die_with_parent, os.getpid()) if sys.platform == "linux" else None
    with subprocess.Popen(command, cwd=config_file.parent, env=env, preexec_fn=preexec) as proc:
        try:
            return proc.wait()
        except KeyboardInterrupt:  # Ctrl-C reached mkdocs too: let it shut its server down
            try:
                return proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                return proc.wait()
