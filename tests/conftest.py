"""Shared fixtures: a project copy with a generated site, a localhost server, Chromium.

Kept generic so every stage's tests can use them; the site is built once per session
(per xdist worker) and reused.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pg_server import PostgresServer, start_server  # tests/pg_server.py

# The same flags as the PDF export: no background networking on a closed network.
from generator.render.pdf import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")

# Helpers kept outside the installed package, imported by the tests as top-level modules:
# `synthetic` (bench/synthetic.py) and `make_feeds` (tools/demo/make_feeds.py, with the
# `cast` and `texts` modules beside it).
for _helpers in (ROOT / "bench", ROOT / "tools" / "demo"):
    if str(_helpers) not in sys.path:
        sys.path.append(str(_helpers))


def copy_project(target: Path, *, live_articles: bool = False) -> Path:
    """The hand-written parts of the project (mkdocs.yml, templates/, content/) in target,
    without anything a previous build generated.

    The demo's articles cite the demo's brands and months (live figures, render/live.py),
    which other observatories lack: unless live_articles, their live figures are left out
    (the articles stay, as plain Markdown)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "templates", target / "templates", dirs_exist_ok=True)
    generated = set()
    listing = ROOT / "content" / ".generated"
    if listing.exists():
        generated = {line.strip() for line in listing.read_text().splitlines() if line.strip()}

    def ignore(directory: str, names: list[str]) -> set[str]:
        rel = Path(directory).relative_to(ROOT / "content")
        return {n for n in names if (rel / n).as_posix() in generated or n == ".generated"}

    shutil.copytree(ROOT / "content", target / "content", ignore=ignore, dirs_exist_ok=True)
    if not live_articles:
        from generator.render.live import strip_live

        for post in (target / "content" / "blog" / "posts").rglob("*.md"):
            text = post.read_text(encoding="utf-8")
            if (stripped := strip_live(text)) != text:
                post.write_text(stripped, encoding="utf-8")
    return target


SHARED = ROOT.parent / "shared"


def require_shared(path: Path) -> Path:
    """A file or folder of ../shared (data we may read, never copy): skip where it is absent
    (a user's clone), but fail under CI, which always has it beside the clone."""
    if path.exists():
        return path
    message = f"{path} not found (the shared data set beside the project)"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must provide ../shared")
    pytest.skip(message)


def require_tool(command: str, package: str) -> str:
    """The path of a Debian tool the tests read output with: skip where it is absent (a
    user's clone), but fail under CI, which installs it."""
    found = shutil.which(command)
    if found:
        return found
    message = f"{command} is not installed (apt-get install {package})"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must install it")
    pytest.skip(message)


def require_chromium() -> None:
    """Skip where Debian's chromium is absent (a user's clone), but fail under CI, which
    installs it: a silently skipped browser suite must not pass for a green run."""
    if CHROMIUM.exists():
        return
    message = "Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must install it")
    pytest.skip(message)


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # project copy (content/, mkdocs.yml, ...)
    site: Path  # the built site
    log: str  # mkdocs' output


@pytest.fixture(scope="session")
def chart_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SVG cache for the session: identical charts are drawn once."""
    return tmp_path_factory.mktemp("chart-cache")


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory, chart_cache: Path) -> BuiltSite:
    """The render fixture Observatory written and built with the real mkdocs, once."""
    from render_fixture import make_config, make_health, make_observatory

    from generator.render.pages import write_content
    from generator.render.site import build_site

    root = copy_project(tmp_path_factory.mktemp("project"))
    write_content(
        make_config(), make_observatory(), make_health(), root=root, chart_cache=chart_cache
    )
    log = build_site(root, root / "site")
    return BuiltSite(root=root, site=root / "site", log=log)


@pytest.fixture(scope="session")
def zensical_site(fixture_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The same generated project built by Zensical (mkdocs-material's successor)."""
    import subprocess

    exe = shutil.which("zensical") or str(Path(sys.executable).with_name("zensical"))
    if not Path(exe).exists():
        pytest.skip("zensical is not installed")
    root = tmp_path_factory.mktemp("zensical")
    for name in ("mkdocs.yml", "mkdocs.generated.yml"):
        shutil.copy2(fixture_site.root / name, root / name)
    shutil.copytree(fixture_site.root / "content", root / "content")
    proc = subprocess.run(
        [exe, "build", "--config-file", str(root / "mkdocs.yml")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return BuiltSite(root=root, site=root / "site", log=proc.stdout + proc.stderr)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[str, socketserver.TCPServer]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def site_url(fixture_site: BuiltSite) -> Iterator[str]:
    """The fixture site served over HTTP on localhost (search needs fetch, not file://)."""
    url, server = serve(fixture_site.site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright; never a downloaded browser.

    Module scope on purpose: Playwright's sync API keeps an asyncio loop running in this
    thread while it is open, which would break `asyncio.run` in the next test file.
    """
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def demo_project(target: Path, *, live_articles: bool = False) -> Path:
    """The demo project copied into `target`, its bundled feeds read from the repository (no
    collected data copied); returns its configuration file."""
    import yaml

    root = copy_project(target, live_articles=live_articles)
    config = yaml.safe_load((ROOT / "observatoire.yml").read_text(encoding="utf-8"))
    for source in config["sources"]:
        if "path" in source:
            source["path"] = str(ROOT / source["path"])
    path = root / "observatoire.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The demo observatory (its bundled feeds, read from disk) collected and built once, as
    `observatoire collect && observatoire build` do in a fresh clone."""
    from click.testing import CliRunner

    from generator.cli import main

    path = demo_project(tmp_path_factory.mktemp("demo-site"), live_articles=True)
    root = path.parent
    log = ""
    for command in ("collect", "build"):
        result = CliRunner().invoke(main, [command, "--config", str(path)])
        assert result.exit_code == 0, result.output
        log += result.output
    return BuiltSite(root=root, site=root / "site", log=log)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the session (tests/pg_server.py); skipped without one."""
    yield from start_server()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store URL: a SQLite file, then a database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'obs.db'}"
    server = request.getfixturevalue("pg_server")
    return str(server.new_database())
