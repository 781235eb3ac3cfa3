"""Hand-built mentions frames with the store's exact columns, for the aggregate tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from generator.aggregate.mentions import MENTION_COLUMNS
from generator.config import Config

DEFAULTS: dict[str, Any] = {
    "sector": "telecom",
    "brand": "orbis",
    "author": "",
    "source": "Forum",
    "source_kind": "forum",
    "source_named": False,
    "audience": 1.0,
    "engagement": 0.0,
    "views": 0.0,
    "language": "fr",
    "sentiment": "neutral",
    "score": 0.0,
    "recommends": False,
    "advises_against": False,
    "intends_to_leave": False,
    "sponsored": False,
    "is_reply": False,
    "themes": "",
    "title": "",
    "url": "",
    "text": "Un message.",
    "stance": "",
    "reply_to": "",
    "thread_hint": "",
}


def config(**privacy: Any) -> Config:
    return Config.model_validate(
        {
            "sectors": [
                {
                    "slug": "telecom",
                    "name": "Télécoms",
                    "brands": [
                        {
                            "slug": "orbis",
                            "name": "Orbis",
                            "aliases": ["Orbis", "@OrbisTelecom"],
                            "staff": ["Orbis_Care"],
                        },
                        {"slug": "celesta", "name": "Celesta", "aliases": ["Celesta"]},
                    ],
                    "themes": [{"slug": "reseau", "name": "Réseau", "keywords": ["panne"]}],
                }
            ],
            "privacy": privacy,
        }
    )


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows need at least `published` (ISO date or datetime); post ids are assigned in order."""
    records = []
    for i, row in enumerate(rows, start=1):
        record = {**DEFAULTS, "post_id": i, **row}
        published = pd.Timestamp(record["published"])
        if published.tzinfo is None:
            published = published.tz_localize("UTC")
        record["published"] = published
        record["month"] = published.tz_convert("Europe/Paris").strftime("%Y-%m")
        record.setdefault("url", f"https://example.org/{i}")
        record.setdefault("guid", f"https://example.org/{i}")
        records.append(record)
    out = pd.DataFrame(records, columns=MENTION_COLUMNS)
    if out.empty:
        return out
    out["published"] = pd.to_datetime(out["published"], utc=True)
    return out


def demo_mentions(db: Path) -> tuple[Config, pd.DataFrame, pd.DataFrame]:
    """The bundled demo collected and analysed into a new SQLite file at `db`, as
    `observatoire build` does: (configuration, mentions frame, source health)."""
    from generator.aggregate.mentions import shape_mentions
    from generator.analyse.pipeline import analyse_store, excluded_authors
    from generator.collect import collect_sources
    from generator.config import StoreConfig, load_config
    from generator.store import Store

    config = load_config(Path(__file__).resolve().parents[1] / "observatoire.yml")
    store = StoreConfig(url=f"sqlite:///{db}", cache=str(db.parent / "months"))
    config = config.model_copy(update={"store": store})
    with Store(config.store_url) as store:
        collect_sources(config, store)
        analyse_store(store, config)
        mentions = shape_mentions(
            store.mention_rows(context=True), config.site.timezone, excluded_authors(config)
        )
        health = store.source_health()
    return config, mentions, health
