"""Shared builders for the collector tests: a minimal config around a list of sources."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.config import Brand, CollectConfig, Config, Sector, Source
from generator.store import Store


def make_config(sources: list[dict[str, Any]], **collect: Any) -> Config:
    settings = {"timeout": 3, "connect_timeout": 1, "max_bytes": 2_000_000, **collect}
    return Config(
        sectors=[Sector(slug="telecom", name="Télécoms", brands=[Brand(slug="orbis", name="O")])],
        sources=[Source(**{"kind": "news", **s}) for s in sources],
        collect=CollectConfig(**settings),
    )


def open_store(tmp_path: Path, name: str = "obs.db") -> Store:
    return Store(f"sqlite:///{tmp_path / name}")
