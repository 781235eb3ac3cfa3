"""Prepared months kept on disk between builds, so a daily build reads from the store only the
months whose posts changed.

Why: a month's aggregates read a window of four months of posts, and a daily build recomputes
the last two or three months, so it reads five months, of which only one or two changed.
Reading a month from the store and preparing it (shaping, pseudonym keys, origins) costs more
than aggregating it on a busy store; a month read back from here costs a fraction of that.

A file is named by its month and by a key naming everything the prepared rows depend on (the
month's change totals, the sources, the configuration, the code, the pandas version), so a
stale file is never read: it simply no longer matches. Only the last `RECENT_MONTHS` months
are kept (what daily builds read again); the other files are deleted after each build. The
files hold what the store holds (texts, author names): they live beside the configuration
(`store.cache`, `.cache/months` by default, a folder per store), and only this program
writes them.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from generator import atomic

__all__ = ["RECENT_MONTHS", "PreparedMonths"]

# Months kept: the full months a build of the current month and the month before reads.
RECENT_MONTHS = 6
SUFFIX = ".pickle"


class PreparedMonths:
    """Prepared mention rows of recent months, by (month, key)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.hits: list[str] = []

    def _path(self, month: str, key: str) -> Path:
        return self.directory / f"{month}-{key[:32]}{SUFFIX}"

    def get(self, month: str, key: str) -> pd.DataFrame | None:
        """The rows stored under (month, key); None when absent or unreadable."""
        path = self._path(month, key)
        try:
            with path.open("rb") as handle:
                frame = pickle.load(handle)  # (our own files: see the module docstring)
        except FileNotFoundError:
            return None
        except Exception:  # (written by another version, or damaged: the store has the rows)
            return None
        if not isinstance(frame, pd.DataFrame):
            return None
        self.hits.append(month)
        return frame

    def put(self, month: str, key: str, frame: pd.DataFrame) -> None:
        """Store the rows, whole or not at all (streamed to a temporary file, then renamed:
        a month's rows are too big to be pickled in memory first). A folder that cannot be
        written (read-only, full) only costs the next build a read from the store."""
        path = self._path(month, key)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(
                prefix=f".{path.name}.", suffix=atomic.TEMP_SUFFIX, dir=self.directory
            )
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(frame, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException as error:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            if not isinstance(error, OSError):
                raise

    def keep_only(self, wanted: Iterable[tuple[str, str]]) -> None:
        """Delete every file but those of `wanted` (month, key) pairs."""
        if not self.directory.is_dir():
            return
        kept = {self._path(month, key).name for month, key in wanted}
        for path in self.directory.glob(f"*{SUFFIX}"):
            if path.name not in kept:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        with contextlib.suppress(OSError):  # (only when empty: no empty folder left behind)
            self.directory.rmdir()
