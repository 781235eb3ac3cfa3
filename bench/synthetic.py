"""Synthetic mentions frames with the exact store columns, for tests and the benchmark.

Not part of the installed package: bench_pipeline.py imports it from this folder, and the
tests as `synthetic` (tests/conftest.py puts bench/ on `sys.path`).

Vectorised with numpy so a million rows take a couple of seconds; the texts are short French
sentences so the analysis stage has something realistic to chew on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.aggregate.mentions import MENTION_COLUMNS
from generator.config import Config

SENTIMENTS = np.array(["positive", "neutral", "negative"], dtype=object)
THEMES = ["reseau", "prix", "service-client", "offre"]
KINDS = ["forum", "blog", "news", "social", "review", "video"]
_PHRASES = {
    "positive": [
        "Super service chez {b}, je recommande vivement.",
        "Très contente de la fibre {b}, débit au top !",
        "Merci {b} pour la réactivité du service client.",
    ],
    "neutral": [
        "Quelqu'un connaît les tarifs {b} pour la 5G ?",
        "{b} annonce une nouvelle offre ce mois-ci.",
        "Je compare {b} avec les autres opérateurs.",
    ],
    "negative": [
        "Encore une panne chez {b}, c'est inadmissible.",
        "Je déconseille {b}, service client injoignable.",
        "Je vais résilier mon abonnement {b}, trop cher.",
    ],
}


def synthetic_config(n_brands: int = 4, n_sectors: int = 1, **privacy: object) -> Config:
    """A configuration with `n_brands` brands spread over `n_sectors` sectors."""
    sectors = []
    for s in range(n_sectors):
        brands = [
            {
                "slug": f"brand-{i:02d}",
                "name": f"Marque {i:02d}",
                "aliases": [f"Marque {i:02d}"],
                "staff": [f"Staff_{i:02d}"],
            }
            for i in range(n_brands)
            if i % n_sectors == s
        ]
        themes = [{"slug": t, "name": t, "keywords": [t]} for t in THEMES]
        sectors.append(
            {"slug": f"sector-{s}", "name": f"Secteur {s}", "brands": brands, "themes": themes}
        )
    return Config.model_validate({"sectors": sectors, "privacy": dict(privacy)})


def synthetic_mentions(
    n_posts: int,
    n_brands: int = 4,
    n_months: int = 24,
    n_sectors: int = 1,
    n_authors: int | None = None,
    seed: int = 0,
    start: str = "2024-01-01",
) -> pd.DataFrame:
    """A mentions frame (MENTION_COLUMNS, store dtypes) of `n_posts` single-brand posts."""
    rng = np.random.default_rng(seed)
    n_authors = n_authors or max(10, n_posts // 20)
    t0 = pd.Timestamp(start, tz="UTC")
    span = (t0 + pd.DateOffset(months=n_months) - t0).total_seconds()
    published = t0 + pd.to_timedelta(np.sort(rng.uniform(0, span, n_posts)), unit="s")
    brand_index = rng.integers(0, n_brands, n_posts)
    brand = np.array([f"brand-{i:02d}" for i in range(n_brands)], dtype=object)[brand_index]
    sector = np.array([f"sector-{i % n_sectors}" for i in range(n_brands)], dtype=object)[
        brand_index
    ]
    author_index = rng.zipf(1.6, n_posts) % n_authors
    author = np.array([f"Auteur {i}" for i in range(n_authors)], dtype=object)[author_index]
    # Authors lean positive or negative so that the ambassador model has something to find.
    lean = rng.uniform(0, 1, n_authors)[author_index]
    draw = rng.uniform(0, 1, n_posts)
    sentiment_index = np.where(draw < lean * 0.8, 0, np.where(draw < 0.85, 1, 2))
    sentiment = SENTIMENTS[sentiment_index]
    n_sources = 12
    source_index = rng.integers(0, n_sources, n_posts)
    source = np.array([f"Source {i}" for i in range(n_sources)], dtype=object)[source_index]
    kinds = np.array([KINDS[i % len(KINDS)] for i in range(n_sources)], dtype=object)
    # A news source's articles are signed by its newsroom: journalists, not customers.
    author = np.where(kinds[source_index] == "news", "Rédaction " + source, author)
    theme_pick = rng.integers(0, len(THEMES) + 2, n_posts)
    theme_names = np.array([*THEMES, "", "reseau,prix"], dtype=object)
    phrase_pick = rng.integers(0, 3, n_posts)
    texts = np.empty(n_posts, dtype=object)
    for label, phrases in _PHRASES.items():
        for k, phrase in enumerate(phrases):
            mask = (sentiment == label) & (phrase_pick == k)
            texts[mask] = phrase.replace("{b}", "Marque")
    frame = pd.DataFrame(
        {
            "post_id": np.arange(1, n_posts + 1),
            "sector": sector,
            "brand": brand,
            "published": published,
            "month": published.tz_convert("Europe/Paris").strftime("%Y-%m"),
            "author": author,
            "source": source,
            "source_kind": kinds[source_index],
            "source_named": source_index == 0,
            "audience": rng.choice([1.0, 50.0, 300.0, 2000.0], n_posts),
            "engagement": rng.poisson(2.0, n_posts).astype(float),
            "views": rng.poisson(40.0, n_posts).astype(float),
            "language": "fr",
            "sentiment": sentiment,
            "score": np.where(sentiment_index == 0, 0.6, np.where(sentiment_index == 2, -0.6, 0.0)),
            "recommends": (sentiment_index == 0) & (rng.uniform(0, 1, n_posts) < 0.3),
            "advises_against": (sentiment_index == 2) & (rng.uniform(0, 1, n_posts) < 0.2),
            "intends_to_leave": (sentiment_index == 2) & (rng.uniform(0, 1, n_posts) < 0.1),
            "sponsored": rng.uniform(0, 1, n_posts) < 0.002,
            "is_reply": rng.uniform(0, 1, n_posts) < 0.3,
            "themes": theme_names[theme_pick],
            "title": "",
            "url": [f"https://example.org/p/{i}" for i in range(1, n_posts + 1)],
            "text": texts,
            "stance": "",
            "guid": [f"https://example.org/p/{i}" for i in range(1, n_posts + 1)],
            "reply_to": "",
            "thread_hint": "",
            "asks": None,  # not worked out: builds read the text
        }
    )
    return frame[MENTION_COLUMNS]
