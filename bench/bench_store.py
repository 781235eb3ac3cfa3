"""Benchmark: builds from a large store, month by month (generator/incremental.py).

    python bench/bench_store.py --baseline                  # 1 M posts, 24 months, 20 brands,
                                                            # and the whole-history computation
    python bench/bench_store.py --posts 10000000            # 10 M posts (about 45 minutes)
    python bench/bench_store.py --posts 2000000 --months 6  # memory vs. number of months
    python bench/bench_store.py --url postgresql+psycopg://…  # on PostgreSQL (empty database)
    python bench/bench_store.py --posts 10000000 --keep /var/tmp/10m.db  # fill once, then reuse

Fills a store with synthetic analysed posts (not timed), then times, each in a fresh process
so that every peak memory is that phase's own:
- full: a build's aggregation with no stored month (every month computed and stored);
- incremental: the same after one day of new posts on the last day (what a daily run does),
  with the recent months' posts kept on disk by the full build (generator/month_cache.py: the
  changed month is patched, only its changed hours read from the store) and,
  on SQLite, on a copy of the store without them (store only: the ratio between the two);
- baseline (--baseline): the computation before month-by-month builds, all mention rows read
  into pandas and aggregated at once, on the same store (its ratio is printed).
Goals (issue 13): 10 M posts under 4 GB peak; the daily incremental build under 60 s at 10 M.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from synthetic import synthetic_config, synthetic_mentions  # noqa: E402  (bench/, beside)

from generator.config import Config, StoreConfig  # noqa: E402

N_SOURCES = 12  # synthetic_mentions' sources


def config_for(url: str, brands: int, sectors: int, cache: Path | None = None) -> Config:
    config = synthetic_config(brands, sectors)
    store = StoreConfig(url=url, cache=None if cache is None else str(cache))
    return config.model_copy(update={"store": store})


def build_day(months: int) -> pd.Timestamp:
    """The day the builds run: the day after the last day of posts (a daily build's day)."""
    return pd.Timestamp("2024-01-01", tz="UTC") + pd.DateOffset(months=months, days=1)


def _naive(series: pd.Series) -> list[object]:
    return list(series.dt.tz_convert("UTC").dt.tz_localize(None).dt.to_pydatetime())


def insert_posts(config: Config, frame: pd.DataFrame, first_id: int) -> None:
    """Posts, their analyses and mentions, as collection and analysis would have stored them."""
    from sqlalchemy import insert

    from generator.analyse.care_cues import post_asks
    from generator.store import Store
    from generator.store.schema import analyses, mentions, posts

    ids = np.arange(first_id, first_id + len(frame))
    published = _naive(frame["published"])
    source_ids = frame["source"].str.rsplit(" ", n=1).str[-1].astype(int).to_numpy() + 1
    now = published[-1]
    post_rows = [
        {
            "id": int(i),
            "source_id": int(s),
            "guid": f"g{i}",
            "url": u,
            "title": "",
            "author": a,
            "published": p,
            "date_missing": False,
            "text": t,
            "html": "",
            "content_hash": f"h{i}",
            "comments": e,
            "views": v,
            "author_audience": au,
            "is_reply": bool(r),
            "fetched_at": now,
            "updated_at": now,
        }
        for i, s, u, a, p, t, e, v, au, r in zip(
            ids,
            source_ids,
            frame["url"],
            frame["author"],
            published,
            frame["text"],
            frame["engagement"],
            frame["views"],
            frame["audience"],
            frame["is_reply"],
            strict=True,
        )
    ]
    analysis_rows = [
        {
            "post_id": int(i),
            "version": "bench",
            "content_hash": f"h{i}",
            "language": "fr",
            "sentiment": s,
            "score": float(sc),
            "explanation": "[]",
            "recommends": bool(rc),
            "advises_against": bool(ad),
            "intends_to_leave": bool(il),
            "sponsored": bool(sp),
            "off_topic": False,
            "themes": th,
            "analysed_at": now,
            "asks": post_asks(t),  # as analysis stores it
        }
        for i, s, sc, rc, ad, il, sp, th, t in zip(
            ids,
            frame["sentiment"],
            frame["score"],
            frame["recommends"],
            frame["advises_against"],
            frame["intends_to_leave"],
            frame["sponsored"],
            frame["themes"],
            frame["text"],
            strict=True,
        )
    ]
    mention_rows = [
        {"post_id": int(i), "brand": b, "sector": s, "stance": ""}
        for i, b, s in zip(ids, frame["brand"], frame["sector"], strict=True)
    ]
    with Store(config.store_url) as store, store.engine.begin() as conn:
        for table, rows in (
            (posts, post_rows),
            (analyses, analysis_rows),
            (mentions, mention_rows),
        ):
            for at in range(0, len(rows), 50_000):
                conn.execute(insert(table), rows[at : at + 50_000])


def populate(config: Config, n_posts: int, n_months: int, brands: int, sectors: int) -> int:
    """Fill the store month by month (memory of one month); returns the last post id."""
    from sqlalchemy import insert

    from generator.store import Store
    from generator.store.schema import sources

    with Store(config.store_url) as store, store.engine.begin() as conn:
        conn.execute(
            insert(sources),
            [
                {
                    "id": i + 1,
                    "name": f"Source {i}",
                    "url": f"https://example.org/feed/{i}",
                    "configured_url": f"https://example.org/feed/{i}",
                    "kind": ["forum", "blog", "news", "social", "review", "video"][i % 6],
                    "audience": 1.0,
                    "name_authors": i == 0,
                    "consecutive_failures": 0,
                    "entries_seen": 0,
                    "malformed": False,
                    "disabled": False,
                    "bytes_last": 0,
                    "bytes_total": 0,
                }
                for i in range(N_SOURCES)
            ],
        )
    per_month = n_posts // n_months
    next_id = 1
    for k in range(n_months):
        start = (pd.Timestamp("2024-01-01") + pd.DateOffset(months=k)).strftime("%Y-%m-%d")
        frame = synthetic_mentions(
            per_month, brands, 1, sectors, n_authors=max(1000, n_posts // 8), seed=k, start=start
        )
        insert_posts(config, frame, next_id)
        next_id += len(frame)
    return next_id


def filled(args: argparse.Namespace, config: Config) -> int:
    """Fill the store, or copy the one `--keep` names (filling it first when absent); returns
    the next post id."""
    if args.keep is None:
        return populate(config, args.posts, args.months, args.brands, args.sectors)
    if not args.url.startswith("sqlite:///"):
        raise SystemExit("--keep keeps a SQLite file: leave --url out")
    if not args.keep.exists():
        kept = config.model_copy(update={"store": StoreConfig(url=f"sqlite:///{args.keep}")})
        populate(kept, args.posts, args.months, args.brands, args.sectors)
    shutil.copyfile(args.keep, args.url[len("sqlite:///") :])
    from sqlalchemy import func, select

    from generator.store import Store
    from generator.store.schema import month_aggregates, posts

    with Store(config.store_url) as store, store.engine.begin() as conn:
        conn.execute(month_aggregates.delete())  # a full build computes every month
        return int(conn.execute(select(func.max(posts.c.id))).scalar() or 0) + 1


def add_one_day(
    config: Config, n_posts: int, n_months: int, first_id: int, brands: int, sectors: int
) -> None:
    """The posts of one more day, on the last day of the last month."""
    last = pd.Timestamp("2024-01-01") + pd.DateOffset(months=n_months) - pd.Timedelta(days=1)
    per_day = max(1, n_posts // (n_months * 30))
    start = str(last.date())
    frame = synthetic_mentions(per_day * 31, brands, 1, sectors, seed=999, start=start)
    day_end = last + pd.Timedelta(hours=22)  # still the last day in Paris
    frame = frame[frame["published"] < day_end.tz_localize("UTC")]
    insert_posts(config, frame, first_id)


def phase(args: argparse.Namespace) -> None:
    """One timed phase in this (fresh) process; prints a JSON line with its figures."""
    config = config_for(args.url, args.brands, args.sectors, args.cache)
    from generator.store import Store

    start = time.perf_counter()
    result: dict[str, object] = {"phase": args.phase}
    with Store(config.store_url) as store:
        if args.phase == "baseline":
            from generator.aggregate import compute
            from generator.aggregate.mentions import shape_mentions

            mentions = shape_mentions(store.mention_rows(), config.site.timezone)
            observatory = compute(mentions, config, as_of=build_day(args.months))
            result["months"] = len(observatory.months)
        else:
            from generator.incremental import observatory_from_store

            built = observatory_from_store(
                config, store, staff={}, excluded=[], as_of=build_day(args.months)
            )
            result["months"] = len(built.observatory.months)
            result["recomputed"] = len(built.recomputed)
            result["from_disk"] = len(built.prepared_from_disk)
            result["patched"] = len(built.patched_from_disk)
            result["mentions"] = built.mentions
    result["seconds"] = time.perf_counter() - start
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_phase(
    args: argparse.Namespace, name: str, url: str | None = None, cache: bool = True
) -> dict[str, float]:
    command = [sys.executable, __file__, "--phase", name, "--url", url or args.url]
    command += ["--brands", str(args.brands), "--sectors", str(args.sectors)]
    command += ["--months", str(args.months)]
    if cache and args.cache is not None:
        command += ["--cache", str(args.cache)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--brands", type=int, default=20)
    parser.add_argument("--sectors", type=int, default=2)
    parser.add_argument("--url", default=None, help="an empty store (default: a new SQLite file)")
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument(
        "--keep",
        type=Path,
        help="a SQLite file kept between runs: filled (once) with the synthetic posts, then "
        "copied for each run, so only the first run pays for the filling",
    )
    parser.add_argument("--phase", choices=["full", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)  # months kept on disk
    args = parser.parse_args()
    if args.phase:
        phase(args)
        return
    with tempfile.TemporaryDirectory(prefix="bench-store-") as scratch:
        if args.url is None:
            args.url = f"sqlite:///{Path(scratch) / 'bench.db'}"
        args.cache = Path(scratch) / "months"
        config = config_for(args.url, args.brands, args.sectors)
        start = time.perf_counter()
        next_id = filled(args, config)
        print(
            f"{next_id - 1:,} synthetic analysed posts, {args.brands} brands, {args.months} months "
            f"stored in {time.perf_counter() - start:.0f} s (not counted); {args.url.split(':')[0]}"
        )
        full = run_phase(args, "full")
        print(
            f"full build:        {full['seconds']:7.1f} s  peak {full['peak_mb']:7,.0f} MB  "
            f"({full['months']} months aggregated, {full['mentions']:,} mentions)"
        )
        again = run_phase(args, "full")
        print(
            f"nothing changed:   {again['seconds']:7.1f} s  peak {again['peak_mb']:7,.0f} MB  "
            f"({again['recomputed']} months aggregated)"
        )
        add_one_day(config, args.posts, args.months, next_id, args.brands, args.sectors)
        plain = None
        if args.url.startswith("sqlite:///"):  # the same day, without the months kept on disk
            copy = Path(scratch) / "plain.db"
            shutil.copyfile(args.url[len("sqlite:///") :], copy)
            plain = run_phase(args, "full", url=f"sqlite:///{copy}", cache=False)
            copy.unlink()
        daily = run_phase(args, "full")
        print(
            f"one day later:     {daily['seconds']:7.1f} s  peak {daily['peak_mb']:7,.0f} MB  "
            f"({daily['recomputed']} months aggregated; months of posts read from the months "
            f"kept on disk: {daily['from_disk']} as kept, {daily['patched']} patched with their "
            "changed hours; goal < 60 s at 10 M posts)"
        )
        if plain is not None:
            print(
                f"  the same, store only: {plain['seconds']:7.1f} s  "
                f"peak {plain['peak_mb']:7,.0f} MB; ratio {daily['seconds'] / plain['seconds']:.2f}"
            )
        print(f"ratio one day later / full build: {daily['seconds'] / full['seconds']:.3f}")
        if args.baseline:
            base = run_phase(args, "baseline")
            print(
                f"baseline (all rows in pandas): {base['seconds']:7.1f} s  "
                f"peak {base['peak_mb']:7,.0f} MB"
            )
            print(
                f"ratio full build / baseline: time {full['seconds'] / base['seconds']:.2f}, "
                f"peak memory {full['peak_mb'] / base['peak_mb']:.2f}"
            )


if __name__ == "__main__":
    main()
