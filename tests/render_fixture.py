"""A small Observatory built by hand per ARCHITECTURE.md's "Aggregate outputs" contract.

It lets the render tests run without the collect/analyse/aggregate stages: 3 brands over
13 months, one crisis, authors of every class and hostile posts (script tags, onerror
attributes, javascript: links) in every place untrusted text can reach a page.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import date

import numpy as np
import pandas as pd

from generator.aggregate import Observatory
from generator.aggregate.daily import DAILY_COLUMNS, weekly
from generator.aggregate.metrics import COUNT_METRICS, DELTA_METRICS
from generator.config import Config, parse_config
from generator.records import Crisis, Quote, Sentiment

CONFIG_TEMPLATE = """
site:
  title: Observatoire de test
  url: https://observatoire.example.org/
  language: {lang}
  description: Un observatoire de test.
sectors:
  - slug: telecom
    name: Télécoms
    brands:
      - {{slug: orbis, name: Orbis Télécom, aliases: [Orbis]}}
      - {{slug: helia, name: Hélia Mobile, aliases: [Hélia]}}
      - {{slug: nova, name: Nova Box, aliases: [Nova]}}
    themes:
      - {{slug: reseau, name: Réseau et débit, keywords: [réseau]}}
      - {{slug: facture, name: Facturation, keywords: [facture]}}
      - {{slug: service, name: Service client, keywords: [conseiller]}}
"""

MONTHS = [f"{y}-{m:02d}" for y, m in [(2025, 10), (2025, 11), (2025, 12)]] + [
    f"2026-{m:02d}" for m in range(1, 11)
]
BRANDS = ["orbis", "helia", "nova"]
THEMES = ["reseau", "facture", "service"]
HOSTILE_TITLE = "<script>window.__pwned = 1; alert('titre')</script> Panne géante"
HOSTILE_EXCERPT = (
    "Regardez <img src=x onerror=\"window.__pwned=2;alert('img')\"> et "
    "[cliquez](javascript:alert('md')) <a href=\"javascript:alert('a')\">ici</a> "
    "zébulon-marqueur"
)
HOSTILE_URL = "javascript:alert('url')"


def make_config(lang: str = "fr") -> Config:
    return parse_config(CONFIG_TEMPLATE.format(lang=lang), source="fixture.yml")


def post(pid: int, month: str, sentiment: Sentiment, *, hostile: bool = False) -> Quote:
    return Quote(
        post_id=pid,
        title=HOSTILE_TITLE if hostile else f"Avis numéro {pid}",
        excerpt=HOSTILE_EXCERPT if hostile else f"Très content du réseau, merci ({pid}).",
        url=HOSTILE_URL if hostile else f"https://forum.example.org/t/{pid}",
        published=f"{month}-12T10:00:00+00:00",
        source="Forum <b>Orbis</b>" if hostile else "Forum Orbis",
        author_display="<i>Lecteur</i> 7f3a" if hostile else f"Lecteur {pid:04x}",
        sentiment=sentiment,
        engagement=12.0,
    )


def _with_changes(frame: pd.DataFrame, keys: list[str], metrics: list[str], counts: list[str]):
    frame = frame.sort_values([*keys, "month"]).reset_index(drop=True)
    index = {m: i for i, m in enumerate(MONTHS)}
    pos = frame["month"].map(index)
    for metric in metrics:
        by = {
            (tuple(r[k] for k in keys), index[r["month"]]): r[metric] for _, r in frame.iterrows()
        }
        prev = [
            by.get((tuple(r[k] for k in keys), p - 1), np.nan)
            for (_, r), p in zip(frame.iterrows(), pos, strict=True)
        ]
        year = [
            by.get((tuple(r[k] for k in keys), p - 12), np.nan)
            for (_, r), p in zip(frame.iterrows(), pos, strict=True)
        ]
        frame[f"{metric}_mom"] = frame[metric] - np.array(prev, dtype=float)
        frame[f"{metric}_yoy"] = frame[metric] - np.array(year, dtype=float)
        if metric in counts:
            with np.errstate(divide="ignore", invalid="ignore"):
                p = np.array(prev, dtype=float)
                y = np.array(year, dtype=float)
                frame[f"{metric}_mom_rel"] = np.where(p > 0, (frame[metric] - p) / p, np.nan)
                frame[f"{metric}_yoy_rel"] = np.where(y > 0, (frame[metric] - y) / y, np.nan)
    return frame


def make_observatory() -> Observatory:
    rng = np.random.default_rng(7)
    rows = []
    for i, month in enumerate(MONTHS):
        totals = {}
        for j, brand in enumerate(BRANDS):
            mentions = int(40 + 25 * j + 10 * math.sin(i + j) + rng.integers(0, 10))
            if brand == "orbis" and month == "2026-09":
                mentions += 80  # the crisis month
            if brand == "nova" and month == "2026-02":
                mentions = 0  # a silent month
            totals[brand] = mentions
        total = sum(totals.values())
        for brand in BRANDS:
            m = totals[brand]
            neg = int(m * (0.6 if brand == "orbis" and month == "2026-09" else 0.2))
            pos = int(m * 0.5) if not (brand == "orbis" and month == "2026-09") else int(m * 0.2)
            neu = m - pos - neg
            net = (pos - neg) / (pos + neg) if pos + neg else 0.0
            reach = float(m * 150)
            engagement = float(m * 3)
            rows.append(
                {
                    "sector": "telecom",
                    "brand": brand,
                    "month": month,
                    "mentions": m,
                    "unique_authors": int(m * 0.7),
                    "sov": m / total,
                    "sov_reach": m / total,
                    "sov_engagement": m / total,
                    "positive": pos,
                    "neutral": neu,
                    "negative": neg,
                    "pos_share": pos / m if m else 0.0,
                    "neu_share": neu / m if m else 0.0,
                    "neg_share": neg / m if m else 0.0,
                    "net_sentiment": net,
                    "net_sentiment_pct": (pos - neg) / m if m else 0.0,
                    "reach": reach,
                    "engagement": engagement,
                    "engagement_rate": engagement / reach if reach else 0.0,
                    "reputation_index": 50 + 40 * net,
                    "net_sentiment_low": max(-1.0, net - 0.2),
                    "net_sentiment_high": min(1.0, net + 0.2),
                    "paid_mentions": 1 if brand == "helia" else 0,
                    "paid_engagement": 250.0 if brand == "helia" else 0.0,
                    "owned_mentions": 2 if brand == "orbis" else 0,
                    "owned_engagement": 4.0 if brand == "orbis" else 0.0,
                }
            )
    monthly = _with_changes(
        pd.DataFrame(rows),
        ["sector", "brand"],
        DELTA_METRICS,
        COUNT_METRICS,
    )
    sector_monthly = (
        monthly.groupby(["sector", "month"], as_index=False)[
            ["mentions", "unique_authors", "reach", "engagement", "positive", "neutral", "negative"]
        ]
        .sum()
        .assign(net_sentiment=lambda f: (f.positive - f.negative) / (f.positive + f.negative))
    )
    theme_rows = []
    for _, r in monthly.iterrows():
        for k, theme in enumerate(THEMES):
            n = int(r["mentions"] * (0.5 if k == 0 else 0.2))
            theme_rows.append(
                {
                    "sector": "telecom",
                    "brand": r["brand"],
                    "month": r["month"],
                    "theme": theme,
                    "mentions": n,
                    "positive": n // 3,
                    "negative": n // 4,
                    "net_sentiment": 0.1,
                }
            )
    sources = pd.DataFrame(
        [
            {
                "sector": "telecom",
                "brand": b,
                "month": m,
                "source": "Forum Orbis",
                "source_kind": "forum",
                "mentions": 10,
                "negative": 3,
                "reach": 1500.0,
                "engagement": 30.0,
            }
            for b in BRANDS
            for m in MONTHS
        ]
    )
    terms = pd.DataFrame(
        [
            {"sector": "telecom", "brand": b, "month": m, "term": t, "weight": w}
            for b in BRANDS
            for m in MONTHS
            for t, w in [("panne", 0.9), ("fibre", 0.5)]
        ]
    )
    crises = [
        Crisis(
            sector="telecom",
            brand="orbis",
            month="2026-09",
            start=date(2026, 9, 10),
            end=date(2026, 9, 14),
            peak_day=date(2026, 9, 11),
            peak_negatives=31,
            negatives=74,
            baseline_mean=1.2,
            baseline_sd=0.8,
            threshold=4.4,
            themes=("reseau",),
            posts=(
                post(900, "2026-09", "negative", hostile=True),
                post(901, "2026-09", "negative"),
            ),
        )
    ]
    classes = ["ambassador", "brand_lover", "influencer", "detractor", "convert"]
    author_rows = []
    for month in MONTHS:
        for b_i, brand in enumerate(BRANDS):
            for c_i, klass in enumerate(classes):
                hostile = brand == "orbis" and klass == "detractor"
                author_rows.append(
                    {
                        "sector": "telecom",
                        "brand": brand,
                        "month": month,
                        "author_id": f"a{b_i}{c_i}",
                        "display_name": "<i>Lecteur</i> 7f3a"
                        if hostile
                        else f"Lecteur {b_i}{c_i}af",
                        "named": False,
                        "klass": klass,
                        "posts": 5 + c_i,
                        "active_months": 3,
                        "source_count": 2,
                        "positive_share": 0.1 if klass == "detractor" else 0.9,
                        "recommendations": 3 if klass == "ambassador" else 0,
                        "advice_against": 2 if klass == "detractor" else 0,
                        "intent_to_leave": 0,
                        "sponsored_posts": 0,
                        "replies": 4,
                        "reach": 1500.0,
                        "negative_share": 0.9 if klass == "detractor" else 0.1,
                        "positive": 1 if klass == "detractor" else 4 + c_i,
                        "negative": 4 + c_i if klass == "detractor" else 1,
                        "positive_after": 2 if klass == "convert" else 0,
                        "last_detraction": pd.Timestamp(f"{month}-03", tz="UTC")
                        if klass == "convert"
                        else pd.NaT,
                        "switched_from": "",
                        "last_switch": pd.NaT,
                        "spotlight": klass == "ambassador" and b_i == 0,
                        "quoted_earlier": False,
                        "quotes": (
                            post(
                                1000 + c_i,
                                month,
                                "negative" if klass == "detractor" else "positive",
                                hostile=hostile,
                            ),
                        ),
                    }
                )
    authors = pd.DataFrame(author_rows)
    top_rows = []
    for month in MONTHS:
        for brand in BRANDS:
            for polarity in ("positive", "negative"):
                p = post(2000, month, polarity, hostile=polarity == "negative" and brand == "orbis")
                top_rows.append(
                    {
                        "sector": "telecom",
                        "brand": brand,
                        "month": month,
                        "polarity": polarity,
                        "rank": 1,
                        **asdict(p),
                    }
                )
    top_posts = pd.DataFrame(top_rows)
    from generator.aggregate import params as aggregate_params  # the real parameters

    params = aggregate_params()
    return Observatory(
        months=list(MONTHS),
        monthly=monthly,
        sector_monthly=sector_monthly,
        themes=pd.DataFrame(theme_rows),
        sources=sources,
        terms=terms,
        crises=crises,
        authors=authors,
        top_posts=top_posts,
        params=params,
        daily=(days := make_daily(monthly, crises)),
        weekly=weekly(days),
        **make_care(),
    )


# Customer care: Orbis answers fast, Hélia slowly, Nova lets its community answer; Nova's
# months are small samples (fewer requests than ReportConfig.min_requests).
CARE_PROFILES = {
    # brand: (requests, brand share, peers first, unanswered, median h, p90 h, ack, 24 h, 48 h)
    "orbis": (40, 0.9, 0.05, 0.05, 0.6, 3.5, 0.62, 0.85, 0.9),
    "helia": (25, 0.6, 0.1, 0.3, 30.0, 70.0, 0.0, 0.2, 0.45),
    "nova": (6, 1 / 3, 2 / 3, 0.0, 50.0, 60.0, 0.0, 0.0, 1 / 6),
}


def make_care() -> dict[str, pd.DataFrame]:
    """The four care frames (aggregate/care.py columns) for the last six months."""
    from generator.aggregate import care

    kpis, delays, examples, helpers = [], [], [], []
    for i, month in enumerate(MONTHS[-6:]):
        for brand, profile in CARE_PROFILES.items():
            n, share, peers, none, median, p90, ack, day, two_days = profile
            n += i if brand != "nova" else 0
            if brand == "orbis" and month == "2026-09":  # the crisis: answers slow down
                n, median, p90, ack, day = n + 60, 2.5, 20.0, 0.3, 0.6
            kpis.append(
                {
                    "sector": "telecom",
                    "brand": brand,
                    "month": month,
                    "n": n,
                    "conversations": n + 5,
                    "questions": n // 2,
                    "complaints": n - n // 2,
                    "requests": n,
                    "brand_answered_share": share,
                    "peers_first_share": peers,
                    "unanswered_share": none,
                    "reply_median_hours": median,
                    "reply_p90_hours": p90,
                    "acknowledged_share": ack,
                    "answered_share": day,
                    "answered_extended_share": two_days,
                    "thanked_share": 0.25 if brand != "helia" else 0.1,
                    "converts": 2 if brand == "orbis" else 0,
                    "detractors_answered": 5 if brand != "nova" else 1,
                    "convert_share": 0.4 if brand == "orbis" else 0.0,
                    "third_party_presence": 0.5 if brand == "orbis" else 0.0,
                    "third_party_requests": n // 2,
                    "third_party_answered_share": 0.8 if brand == "orbis" else 0.2,
                    "acknowledge_hours": 1.0,
                    "answer_hours": 24.0,
                    "extended_answer_hours": 48.0,
                }
            )
            answered = round(n * share)
            spread = {"orbis": [0.7, 0.2, 0.1, 0, 0, 0], "helia": [0, 0.1, 0.2, 0.3, 0.3, 0.1]}
            weights = spread.get(brand, [0, 0, 0, 0.5, 0.5, 0])
            counts = [round(answered * w) for w in weights] + [n - answered]
            for order, (bucket, count) in enumerate(
                zip([*(b for b, _ in care.DELAY_BUCKETS), care.NO_REPLY], counts, strict=True)
            ):
                delays.append(
                    {
                        "sector": "telecom",
                        "brand": brand,
                        "month": month,
                        "bucket": bucket,
                        "order": order,
                        "requests": count,
                    }
                )
            for kind, hours in ((care.FASTEST, median / 4), (care.SLOWEST, p90 * 1.5)):
                hostile = brand == "orbis" and kind == care.SLOWEST
                customer = post(7000 + 10 * i + len(examples), month, "negative", hostile=hostile)
                answer = Quote(
                    **{
                        **asdict(post(8000 + 10 * i + len(examples), month, "positive")),
                        "title": "Re: votre demande",
                        "excerpt": "Bonjour, nous regardons votre ligne tout de suite.",
                        "origin": "owned",
                    }
                )
                examples.append(
                    {
                        "sector": "telecom",
                        "brand": brand,
                        "month": month,
                        "kind": kind,
                        "hours": hours,
                        "quotes": (customer, answer),
                    }
                )
            for rank in range(3 if brand == "nova" else 1):
                helpers.append(
                    {
                        "sector": "telecom",
                        "brand": brand,
                        "month": month,
                        "author_id": f"{brand}{rank:013d}",
                        "author_display": "<b>Entraide</b> 9c1d"
                        if rank == 0
                        else f"Lecteur {rank}",
                        "answers": 5 - rank,
                        "first_answers": 4 - rank,
                        "thanked": 2,
                    }
                )
    return {
        "care": care.add_deltas(pd.DataFrame(kpis, columns=care.CARE_COLUMNS)),
        "care_delays": pd.DataFrame(delays, columns=care.DELAY_COLUMNS),
        "care_examples": pd.DataFrame(examples, columns=care.EXAMPLE_COLUMNS),
        "care_helpers": pd.DataFrame(helpers, columns=care.HELPER_COLUMNS),
    }


SENTIMENTS = ("positive", "neutral", "negative")


def make_daily(monthly: pd.DataFrame, crises: list[Crisis]) -> pd.DataFrame:
    """`Observatory.daily` consistent with `monthly`: each month's counts spread over its days,
    a crisis' negatives packed into its days."""
    rows = []
    for r in monthly.itertuples():
        days = pd.date_range(f"{r.month}-01", periods=pd.Period(r.month).days_in_month, freq="D")
        spans = [pd.date_range(c.start, c.end, freq="D") for c in crises if c.brand == r.brand]
        hot = {d for span in spans for d in span}
        counts = {}
        for column in SENTIMENTS:
            weight = {d: 8 if column == "negative" and d in hot else 1 for d in days}
            weighted = [d for d in days for _ in range(weight[d])]
            n = int(getattr(r, column))
            picks = [weighted[int(i)] for i in np.linspace(0, len(weighted), n, endpoint=False)]
            counts[column] = pd.Series(picks, dtype="datetime64[ns]").value_counts()
        for day in days:
            pos, neu, neg = (int(counts[c].get(day, 0)) for c in SENTIMENTS)
            rows.append(
                {
                    "sector": r.sector,
                    "brand": r.brand,
                    "day": day,
                    "month": r.month,
                    "mentions": pos + neu + neg,
                    "positive": pos,
                    "neutral": neu,
                    "negative": neg,
                    "net_sentiment": (pos - neg) / (pos + neg) if pos + neg else np.nan,
                }
            )
    return pd.DataFrame(rows, columns=DAILY_COLUMNS)


def make_health() -> pd.DataFrame:
    """Store.source_health()'s shape: the `sources` table's columns plus `posts`."""
    return pd.DataFrame(
        [
            {
                "id": 1,
                "name": "Forum <b>Orbis</b>",
                "url": "https://forum.example.org/feed.xml",
                "configured_url": "https://forum.example.org/feed.xml",
                "kind": "forum",
                "language": "fr",
                "audience": 1200.0,
                "sector": "telecom",
                "name_authors": False,
                "feed_title": "Forum",
                "etag": None,
                "last_modified": None,
                "last_attempt": pd.Timestamp("2026-11-01 08:00"),
                "last_success": pd.Timestamp("2026-11-01 08:00"),
                "last_status": 200,
                "consecutive_failures": 0,
                "last_error": None,
                "entries_seen": 120,
                "malformed": False,
                "malformed_reason": None,
                "disabled": False,
                "next_attempt_after": None,
                "bytes_last": 1000,
                "bytes_total": 50000,
                "posts": 118,
            },
            {
                "id": 2,
                "name": "Blog cassé",
                "url": "https://blog.example.org/rss",
                "configured_url": "https://blog.example.org/rss",
                "kind": "blog",
                "language": None,
                "audience": 1.0,
                "sector": None,
                "name_authors": False,
                "feed_title": None,
                "etag": None,
                "last_modified": None,
                "last_attempt": pd.Timestamp("2026-11-01 08:00"),
                "last_success": None,
                "last_status": 500,
                "consecutive_failures": 3,
                "last_error": "HTTP 500 <script>alert(1)</script>",
                "entries_seen": 0,
                "malformed": False,
                "malformed_reason": None,
                "disabled": False,
                "next_attempt_after": None,
                "bytes_last": 0,
                "bytes_total": 0,
                "posts": 0,
            },
        ]
    )
