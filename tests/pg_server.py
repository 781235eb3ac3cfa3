"""A real, throw-away PostgreSQL server for the tests (the store's `postgresql+psycopg://`).

Started once per session from the server binaries (initdb, pg_ctl) in a temporary folder,
listening on a free localhost port; each test gets a fresh database of its own. PostgreSQL
refuses to run as root, so as root the server runs as the `postgres` (else `nobody`) user.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from feedserver import free_port

# Debian's versioned folders (postgresql-15, -16, -17...), newest first.
BIN_DIRS = tuple(
    sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
)
SUPERUSER = "postgres"


def pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: Debian's versioned folder, else PATH."""
    for folder in BIN_DIRS:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    return None


def require_postgresql() -> Path:
    """Skip where the server binaries and psycopg are absent (a user's clone), but fail
    under CI, which installs them: a silently skipped PostgreSQL suite must not pass."""
    folder = pg_bin()
    missing = []
    if folder is None:
        missing.append("PostgreSQL's server binaries (apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        missing.append("psycopg (pip install 'psycopg[binary]')")
    if not missing:
        assert folder is not None
        return folder
    message = " and ".join(missing) + " not installed"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must install them")
    pytest.skip(message)


def _run_as() -> str | None:
    """The unprivileged user to run the server as when we are root; None otherwise."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    pytest.fail("running as root without a `postgres` or `nobody` user to run PostgreSQL as")


@dataclass
class PostgresServer:
    """A running server; `new_database()` gives each test a clean database."""

    folder: Path
    port: int
    _counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"obs_{next(self._counter)}"
        dsn = f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _command(user: str | None, argv: list[str]) -> list[str]:
    return argv if user is None else ["runuser", "-u", user, "--", *argv]


def start_server() -> Iterator[PostgresServer]:
    """initdb + pg_ctl start in a temporary folder; stopped (and removed) afterwards."""
    folder_bin = require_postgresql()
    user = _run_as()
    # Not under pytest's tmp_path: its parents are private to root, the server user must enter.
    folder = Path(tempfile.mkdtemp(prefix="observatoire-pg-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    if user is not None:
        entry = pwd.getpwnam(user)
        for path in (folder, sockets):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    port = free_port()

    def run(argv: list[str]) -> None:
        proc = subprocess.run(
            _command(user, argv), capture_output=True, text=True, timeout=120, check=False
        )
        if proc.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed:\n{proc.stdout}\n{proc.stderr}")

    run(
        [
            str(folder_bin / "initdb"),
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        ]
    )
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(
        [
            str(folder_bin / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(folder / "server.log"),
            "-w",
            "start",
        ]
    )
    try:
        yield PostgresServer(folder=folder, port=port)
    finally:
        run([str(folder_bin / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(folder, ignore_errors=True)
