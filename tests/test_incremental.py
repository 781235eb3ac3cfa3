"""Builds from the store, month by month (generator/incremental.py): the same observatory as
the whole-history computation, months read back when nothing they read changed, recomputed
exactly when something did, and stored aggregates that read back to the last digit."""

from __future__ import annotations

import shutil
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from aggregate_support import demo_mentions
from click.testing import CliRunner
from sqlalchemy import text, update

from generator.aggregate import Observatory, compute, prepare
from generator.aggregate.mentions import shape_mentions
from generator.aggregate.months import shift_month
from generator.aggregate.privacy import Privacy
from generator.analyse.care_cues import asks_series
from generator.analyse.pipeline import analyse_store, excluded_authors, staff_authors
from generator.cli import main
from generator.config import Config, StoreConfig
from generator.incremental import (
    NO_MENTIONS,
    MonthlyBuild,
    MonthPeriod,
    WindowReader,
    hours_by_month,
    kept_on_disk,
    observatory_from_store,
)
from generator.month_cache import ALL_ROWS, DETRACTOR_ROWS, RECENT_MONTHS
from generator.records import FeedEntry
from generator.store import Store, month_codec
from generator.store import months as stored
from generator.store.schema import month_aggregates

FRAMES = [f.name for f in fields(Observatory) if f.name not in {"months", "crises", "params"}]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Path, pd.DataFrame]:
    """The demo collected and analysed once; each test works on its own copy."""
    db = tmp_path_factory.mktemp("incremental") / "demo.db"
    config, mentions, _health = demo_mentions(db)
    return config, db, mentions


@pytest.fixture
def demo(demo_db: tuple[Config, Path, pd.DataFrame], tmp_path: Path) -> Config:
    config, db, _ = demo_db
    copy = tmp_path / "demo.db"
    shutil.copy(db, copy)
    store = StoreConfig(url=f"sqlite:///{copy}", cache=str(tmp_path / "months"))
    return config.model_copy(update={"store": store})


def build(
    config: Config, rebuild: MonthPeriod | None = None, as_of: datetime | None = None
) -> MonthlyBuild:
    with Store(config.store_url) as store:
        analyse_store(store, config)
        return observatory_from_store(
            config,
            store,
            staff=staff_authors(config),
            excluded=excluded_authors(config),
            rebuild=rebuild,
            as_of=as_of,
        )


def assert_same(left: Observatory, right: Observatory) -> None:
    assert left.months == right.months
    assert left.crises == right.crises
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(left, name), getattr(right, name), check_exact=True)


def test_a_build_from_the_store_equals_the_whole_history_computation(
    demo_db: tuple[Config, Path, pd.DataFrame], demo: Config
) -> None:
    _, _, mentions = demo_db
    first = build(demo)
    assert first.recomputed == tuple(first.observatory.months)
    assert len(first.observatory.months) >= 6 and first.observatory.crises
    assert_same(first.observatory, compute(mentions, demo, staff=staff_authors(demo)))
    assert first.mentions == (mentions["brand"] != "").sum()  # context rows are no mentions
    assert not first.observatory.care.empty  # care read the same rows, context rows included

    again = build(demo)
    assert again.recomputed == ()
    assert again.reused == tuple(first.observatory.months)
    assert_same(again.observatory, first.observatory)


def add_post(config: Config, published: datetime, text: str, guid: str) -> None:
    with Store(config.store_url) as store:
        source = store.stored_sources(["Communauté Orbis"])[0]
        entry = FeedEntry(
            guid=guid,
            url=f"https://communaute.orbis.example/t/{guid}",
            title="",
            author="Nouvelle_Cliente",
            published=published,
            text=text,
            html=f"<p>{text}</p>",
            content_hash=f"hash-{guid}",
        )
        store.save_entries(source.id, [entry])


def test_a_new_post_recomputes_only_the_months_that_read_it(demo: Config) -> None:
    months = build(demo).observatory.months
    last = months[-1]
    add_post(
        demo,
        datetime(int(last[:4]), int(last[5:]), 3, 10, tzinfo=UTC),
        "Orbis Télécom : panne de fibre depuis trois jours, je recommande de fuir.",
        "incremental-last",
    )
    after = build(demo)
    assert after.recomputed == (shift_month(last, -1), last)  # the month before reads it too
    assert after.mentions > 0

    middle = months[2]
    add_post(
        demo,
        datetime(int(middle[:4]), int(middle[5:]), 10, 10, tzinfo=UTC),
        "Merci Orbis Télécom, le service client a réglé ma box en dix minutes, je recommande.",
        "incremental-middle",
    )
    later = build(demo)
    # A month reads its own posts, the next month's, and the five months before.
    assert later.recomputed == tuple(m for m in months if shift_month(middle, -1) <= m)
    assert_same(later.observatory, build(demo, rebuild=MonthPeriod()).observatory)


def test_a_period_is_rebuilt_on_request_and_configuration_changes_rebuild_all(
    demo: Config,
) -> None:
    months = build(demo).observatory.months
    period = build(demo, rebuild=MonthPeriod(months[1], months[2]))
    assert period.recomputed == (months[1], months[2])
    assert build(demo, rebuild=MonthPeriod(first=months[-1])).recomputed == (months[-1],)

    secret = demo.model_copy(
        update={"privacy": demo.privacy.model_copy(update={"pseudonym_secret": "other"})}
    )
    rebuilt = build(secret)
    assert rebuilt.recomputed == tuple(months)  # pseudonyms change with the secret


def test_stored_aggregates_read_back_exactly_and_unreadable_ones_are_recomputed(
    demo: Config,
) -> None:
    first = build(demo)
    with Store(demo.store_url) as store:
        with store.engine.connect() as conn:
            payloads = dict(
                conn.execute(
                    month_aggregates.select().with_only_columns(
                        month_aggregates.c.month, month_aggregates.c.payload
                    )
                ).all()
            )
        for text in payloads.values():
            if text == NO_MENTIONS:  # a month whose posts name no brand
                continue
            part = month_codec.loads(text)
            assert month_codec.dumps(part) == text
        broken = first.observatory.months[3]
        with store.engine.begin() as conn:
            conn.execute(
                update(month_aggregates)
                .where(month_aggregates.c.month == broken)
                .values(payload='{"format": 999}')
            )
    again = build(demo)
    assert again.recomputed == (broken,)
    assert_same(again.observatory, first.observatory)


def test_build_period_options_are_checked(demo: Config, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--since", "2026-13"])
    assert result.exit_code == 2
    assert "'2026-13' is not a month" in result.output
    result = CliRunner().invoke(main, ["build", "--since", "2026-08", "--until", "2026-07-31"])
    assert result.exit_code == 2
    assert "--since 2026-08 is after --until 2026-07" in result.output


def fix_by_hand(config: Config, month: str) -> int:
    """Turn negative, in SQL, the analysis of one post of `month` that names a brand."""
    with Store(config.store_url) as store, store.engine.begin() as conn:
        return conn.execute(
            text(
                "UPDATE analyses SET sentiment = 'negative' WHERE post_id = (SELECT min(id) "
                "FROM posts JOIN mentions ON mentions.post_id = posts.id "
                "WHERE published >= :start AND published < :end)"
            ),
            {
                "start": datetime.fromisoformat(f"{month}-10"),
                "end": datetime.fromisoformat(f"{month}-20"),
            },
        ).rowcount


def test_a_fix_made_by_hand_in_sql_recomputes_the_months_that_read_it(demo: Config) -> None:
    """The store's triggers see every write, not only the observatoire's own: an analysis
    corrected in SQL (no analysis time, no post update) is a change like any other."""
    months = build(demo).observatory.months
    middle = months[2]
    assert fix_by_hand(demo, middle) == 1
    after = build(demo)
    assert after.recomputed == tuple(m for m in months if shift_month(middle, -1) <= m)
    assert_same(after.observatory, build(demo, rebuild=MonthPeriod()).observatory)


def without_cache(config: Config) -> Config:
    return config.model_copy(update={"store": config.store.model_copy(update={"cache": None})})


def test_recent_months_are_read_back_from_disk_and_never_stale(demo: Config) -> None:
    """A daily build reads the unchanged months of its windows from the months kept on disk,
    patches the changed ones (their changed hours read from the store), and computes exactly
    what a build without them does."""
    months = build(without_cache(demo)).observatory.months
    last = months[-1]
    as_of = datetime.fromisoformat(f"{shift_month(last, 1)}-01") - timedelta(hours=3)
    recent = shift_month(last, -(RECENT_MONTHS - 1))
    first = build(demo, rebuild=MonthPeriod(), as_of=as_of)
    assert first.prepared_from_disk == () and first.patched_from_disk == ()
    folder = demo.months_cache_path
    assert folder is not None
    whole = sorted(p.name[:7] for p in folder.glob(f"*/*-{ALL_ROWS}-*.pickle"))
    assert whole == [m for m in months if m >= recent]
    # The detractor rows of the months the recent windows reach back to are kept too.
    detractors = sorted(p.name[:7] for p in folder.glob(f"*/*-{DETRACTOR_ROWS}-*.pickle"))
    assert detractors == [m for m in months if m >= shift_month(recent, -3)]

    add_post(
        demo,
        datetime(int(last[:4]), int(last[5:]), 3, 10, tzinfo=UTC),
        "Orbis Télécom : panne de fibre depuis trois jours, je recommande de fuir.",
        "cached-last",
    )
    daily = build(demo, as_of=as_of)
    assert daily.recomputed == (shift_month(last, -1), last)
    # The windows of the two months read four months: three unchanged, one patched.
    assert sorted(daily.prepared_from_disk) == [shift_month(last, k) for k in (-3, -2, -1)]
    assert daily.patched_from_disk == (last,)
    assert_same(daily.observatory, build(without_cache(demo), MonthPeriod(), as_of).observatory)

    # A fix made by hand in a month kept on disk: that month's changed hour is read again.
    middle = shift_month(last, -2)
    fix_by_hand(demo, middle)
    # A damaged file is read from the store, and replaced.
    damaged = next(p for p in folder.glob(f"*/{shift_month(last, -3)}-{ALL_ROWS}-*.pickle"))
    damaged.write_bytes(b"not a pickle")
    fixed = build(demo, as_of=as_of)
    assert fixed.patched_from_disk == (middle,)
    assert shift_month(last, -3) not in fixed.prepared_from_disk + fixed.patched_from_disk
    assert_same(fixed.observatory, build(without_cache(demo), MonthPeriod(), as_of).observatory)
    assert damaged.read_bytes() != b"not a pickle"

    # Files no build can read any more (another configuration) are deleted.
    secret = demo.model_copy(
        update={"privacy": demo.privacy.model_copy(update={"pseudonym_secret": "other"})}
    )
    build(secret, as_of=as_of)
    assert len(list(folder.glob("*/*.pickle"))) == len(whole) + len(detractors)
    assert not set(folder.glob("*/*.pickle")) & {damaged}


def read_month(config: Config, month: str, as_of: datetime) -> tuple[pd.DataFrame, list[str]]:
    """A month's prepared rows as a build reads them (kept on disk when the configuration
    keeps months), and which months were patched."""
    with Store(config.store_url) as store:
        totals = stored.changes_by_hour(store.engine)
        hours = hours_by_month(totals, config.site.timezone)
        now = shift_month(month, 1)
        disk = kept_on_disk(config, store, {"code": "test"}, hours, totals, now)
        privacy = Privacy(config, staff_authors(config))
        reader = WindowReader(store, config, excluded_authors(config), privacy, as_of, disk=disk)
        return reader.full(month), reader.patched


def test_a_patched_month_holds_the_rows_a_whole_read_gives_in_the_same_order(
    demo: Config,
) -> None:
    """New, moved, re-analysed and deleted posts: the month kept on disk, with its changed
    hours read again, is the month read whole from the store, to the row and the order."""
    months = build(without_cache(demo)).observatory.months
    month = months[-2]
    as_of = datetime.fromisoformat(f"{shift_month(month, 2)}-01")
    read_month(demo, month, as_of)  # kept on disk
    year, number = int(month[:4]), int(month[5:])
    add_post(demo, datetime(year, number, 9, 8, 30, tzinfo=UTC), "Orbis : merci, résolu !", "n1")
    add_post(demo, datetime(year, number, 9, 8, 30, tzinfo=UTC), "Orbis ? Toujours rien.", "n0")
    with Store(demo.store_url) as store:
        analyse_store(store, demo)
    fix_by_hand(demo, month)
    start, end = datetime(year, number, 12), datetime(year, number, 13)
    with Store(demo.store_url) as store, store.engine.begin() as conn:
        moved, gone = (
            conn.execute(
                text("SELECT id FROM posts WHERE published >= :a AND published < :b ORDER BY id"),
                {"a": start, "b": end + timedelta(days=5)},
            )
            .scalars()
            .all()[:2]
        )
        later = end + timedelta(days=3, minutes=7)
        move = text("UPDATE posts SET published = :p WHERE id = :i")
        conn.execute(move, {"p": later, "i": moved})
        for table in ("mentions", "analyses", "posts"):
            key = "id" if table == "posts" else "post_id"
            conn.execute(text(f"DELETE FROM {table} WHERE {key} = :i"), {"i": gone})
    patched, were_patched = read_month(demo, month, as_of)
    assert were_patched == [month]
    whole, _ = read_month(without_cache(demo), month, as_of)
    assert len(whole) == len(patched) and {"n0", "n1"} <= set(whole["guid"])
    pd.testing.assert_frame_equal(patched, whole.reset_index(drop=True), check_exact=True)


def test_analysis_works_out_once_which_posts_ask_and_older_analyses_still_count(
    demo: Config,
) -> None:
    """Whether a post asks something is stored by analysis (care counts questions) and equals
    what a build works out from the text it reads; analyses stored before it (NULL) give the
    same figures, the text being read instead."""
    with Store(demo.store_url) as store:
        rows = store.mention_rows(context=True)
    shaped = shape_mentions(rows, demo.site.timezone, excluded_authors(demo))
    prepared = prepare(shaped, demo, Privacy(demo, staff_authors(demo)))
    assert prepared["asks"].notna().all() and prepared["asks"].astype(bool).any()
    worked_out = asks_series(prepared["text"]).to_numpy()
    assert (prepared["asks"].astype(bool).to_numpy() == worked_out).all()

    stored = build(demo)
    with Store(demo.store_url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE analyses SET asks = NULL"))
    older = build(demo)
    assert older.recomputed == tuple(stored.observatory.months)  # (every post changed)
    assert_same(older.observatory, stored.observatory)


def test_a_folder_that_cannot_keep_months_only_costs_reading_the_store(
    demo: Config, tmp_path: Path
) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    store = demo.store.model_copy(update={"cache": str(blocked / "months")})
    config = demo.model_copy(update={"store": store})
    months = build(without_cache(demo)).observatory.months
    as_of = datetime.fromisoformat(f"{shift_month(months[-1], 1)}-01") - timedelta(hours=3)
    built = build(config, rebuild=MonthPeriod(), as_of=as_of)
    assert built.prepared_from_disk == () and built.recomputed == tuple(months)
