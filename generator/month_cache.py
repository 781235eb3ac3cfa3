"""Prepared months kept on disk between builds, so a daily build reads from the store only the
hours whose posts changed.

Why: a month's aggregates read a window of four months of posts (and the detractor posts of
three more), and a daily build recomputes the last two or three months, so it reads five
months, of which one changed, and only by a day. Reading a month from the store and preparing
it (shaping, pseudonym keys, origins) costs more than aggregating it on a busy store; a month
read back from here costs a fraction of that, and a changed month is patched: its changed
hours are read again, the rest comes from here (generator/incremental.py).

A file is named by its month, what it holds (the month's rows, or only its detractor rows)
and a key naming everything the prepared rows depend on besides the posts (the store, the
sources, the configuration, the code, the pandas version); it holds the rows and the change
totals of the month's hours they were read at (the store's change log), so a build knows
which hours changed since. Only recent months are kept (what daily builds read again); the
other files are deleted after each build. The files hold what the store holds (texts, author
names): they live beside the configuration (`store.cache`, `.cache/months` by default, a
folder per store), and only this program writes them.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from generator import atomic

__all__ = ["ALL_ROWS", "DETRACTOR_ROWS", "RECENT_MONTHS", "Kept", "PreparedMonths"]

# Months kept whole: the full months a build of the current month and the month before reads.
RECENT_MONTHS = 6
SUFFIX = ".pickle"
# What a file holds: a month's rows, or only its detractor rows (monthwise.detractor_rows).
ALL_ROWS = "all"
DETRACTOR_ROWS = "detractors"


@dataclass(frozen=True, slots=True, eq=False)
class Kept:
    """A month's prepared rows, and the change totals of its hours when they were read."""

    frame: pd.DataFrame
    hours: Mapping[str, int]


class PreparedMonths:
    """Prepared mention rows of recent months, by (month, part, key)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, month: str, part: str, key: str) -> Path:
        return self.directory / f"{month}-{part}-{key[:32]}{SUFFIX}"

    def get(self, month: str, part: str, key: str) -> Kept | None:
        """The rows stored under (month, part, key); None when absent or unreadable."""
        path = self._path(month, part, key)
        try:
            with path.open("rb") as handle:
                kept = pickle.load(handle)  # (our own files: see the module docstring)
        except FileNotFoundError:
            return None
        except Exception:  # (written by another version, or damaged: the store has the rows)
            return None
        if not (
            isinstance(kept, Kept)
            and isinstance(kept.frame, pd.DataFrame)
            and isinstance(kept.hours, dict)
        ):
            return None
        return kept

    def put(self, month: str, part: str, key: str, kept: Kept) -> None:
        """Store the rows, whole or not at all (streamed to a temporary file, then renamed:
        a month's rows are too big to be pickled in memory first). A folder that cannot be
        written (read-only, full) only costs the next build a read from the store."""
        path = self._path(month, part, key)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(
                prefix=f".{path.name}.", suffix=atomic.TEMP_SUFFIX, dir=self.directory
            )
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(kept, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException as error:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            if not isinstance(error, OSError):
                raise

    def keep_only(self, wanted: Iterable[tuple[str, str, str]]) -> None:
        """Delete every file but those of `wanted` (month, part, key)."""
        if not self.directory.is_dir():
            return
        kept = {self._path(month, part, key).name for month, part, key in wanted}
        for path in self.directory.glob(f"*{SUFFIX}"):
            if path.name not in kept:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        with contextlib.suppress(OSError):  # (only when empty: no empty folder left behind)
            self.directory.rmdir()
