"""The observatory from the store, one month at a time, recomputing only what changed.

Why: a store holding years of a busy sector does not fit in memory, and a daily build should
not redo two years of months to add one day. Each month's aggregates are a pure function of
its window of posts (generator/aggregate/monthwise.py); they are stored with a key naming
everything they were computed from: the fingerprints of the months the window reads, the
sources' settings, the configuration parts aggregation reads, and the aggregation code
itself. A build recomputes a month whose key changed (new posts, corrections, re-analysis,
a new configuration or version) and reads the others back; a `rebuild` period recomputes its
months whatever their keys. Peak memory is one window of posts (six months of detractor
posts, four of all posts) plus the stored aggregates, whatever the number of months stored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd

import generator
from generator.aggregate import Observatory, current_month, monthwise, observatory, prepare
from generator.aggregate.conversations import CONTEXT_BRAND
from generator.aggregate.mentions import merge_syndicated_copies, shape_rows
from generator.aggregate.months import month_range, shift_month
from generator.aggregate.privacy import Privacy
from generator.config import Config
from generator.month_cache import (
    ALL_ROWS,
    DETRACTOR_ROWS,
    RECENT_MONTHS,
    Kept,
    PreparedMonths,
)
from generator.records import Crisis
from generator.store import Store, month_codec
from generator.store import months as stored

__all__ = ["MonthPeriod", "MonthlyBuild", "crises_up_to", "observatory_from_store"]

# Code the stored aggregates depend on: any change to it recomputes every month.
CODE_FILES = (
    "aggregate/*.py",
    "incremental.py",
    "names.py",
    "placeholders.py",
    "sanitize.py",
    "store/month_codec.py",
    "store/months.py",
)


@dataclass(frozen=True, slots=True)
class MonthPeriod:
    """Months `first`..`last` (`YYYY-MM`, inclusive; None: open)."""

    first: str | None = None
    last: str | None = None

    def __contains__(self, month: object) -> bool:
        return (self.first is None or str(month) >= self.first) and (
            self.last is None or str(month) <= self.last
        )


@dataclass(frozen=True, slots=True, eq=False)
class MonthlyBuild:
    """The observatory, and which months were computed now or read back."""

    observatory: Observatory
    recomputed: tuple[str, ...]
    reused: tuple[str, ...]
    # Months whose prepared posts were read from the months kept on disk, not from the store.
    prepared_from_disk: tuple[str, ...] = ()
    # Months read from there too, but for the hours that changed since (read from the store).
    patched_from_disk: tuple[str, ...] = ()

    @property
    def mentions(self) -> int:
        """Mentions counted in the months (earned, paid and owned)."""
        monthly = self.observatory.monthly
        if monthly.empty:
            return 0
        return int(monthly[["mentions", "paid_mentions", "owned_mentions"]].to_numpy().sum())


# What a month without any mention stores instead of aggregates (it need not be read again).
NO_MENTIONS = ""
# The change log is folded (one row per hour) once it holds this many rows more than that.
FOLD_AFTER = 10_000


def hours_by_month(hours: Iterable[str], timezone: str) -> dict[str, list[str]]:
    """Local month (`YYYY-MM`) -> the UTC hours (`YYYY-MM-DD HH`) falling in it, wholly or in
    part (an hour straddling two months, in a time zone off by half an hour, is in both)."""
    keys = list(hours)
    if not keys:
        return {}
    starts = pd.to_datetime(pd.Series(keys), format="%Y-%m-%d %H").dt.tz_localize(UTC)
    local = starts.dt.tz_convert(timezone)
    first = local.dt.strftime("%Y-%m")
    last = (local + pd.Timedelta(minutes=59, seconds=59)).dt.strftime("%Y-%m")
    months: dict[str, list[str]] = {}
    for hour, one, other in zip(keys, first, last, strict=True):
        months.setdefault(one, []).append(hour)
        if other != one:
            months.setdefault(other, []).append(hour)
    return months


def month_fingerprint(hours: Iterable[str], totals: Mapping[str, int]) -> str:
    """Changes whenever a post of the month (or its analysis, or its mentions) changes."""
    shown = sorted((hour, totals[hour]) for hour in hours)
    return hashlib.sha256(repr(shown).encode()).hexdigest()


def prepared_key(base: Mapping[str, str]) -> str:
    """What the prepared rows kept on disk depend on besides the posts themselves: the store,
    the sources, the configuration, the code, and the pandas version that pickled them."""
    shape = {**base, "pandas": pd.__version__}
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()


# A kept month is patched when at most this share of its hours changed, else read again.
PATCH_MAX_SHARE = 0.25


def changed_hours(then: Mapping[str, int], now: Mapping[str, int]) -> list[str]:
    """The hours whose change totals differ (an hour new, gone or written to since)."""
    return sorted(h for h in then.keys() | now.keys() if then.get(h) != now.get(h))


def hour_spans(
    hours: Iterable[str], start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """[start, end) spans (naive UTC) covering the given UTC hours inside [start, end),
    consecutive hours joined: what a patch reads from the store."""
    spans: list[tuple[datetime, datetime]] = []
    for hour in sorted(hours):
        first = datetime.strptime(hour, "%Y-%m-%d %H")
        lo, hi = max(first, start), min(first + timedelta(hours=1), end)
        if lo >= hi:
            continue
        if spans and spans[-1][1] == lo:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


def _code_digest() -> str:
    root = Path(generator.__file__).parent
    digest = hashlib.sha256()
    for pattern in CODE_FILES:
        for path in sorted(root.glob(pattern)):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def config_digest(
    config: Config, staff: Mapping[str, Iterable[str]], excluded: Iterable[str]
) -> str:
    """The configuration as aggregation reads it (the pseudonym secret only through a hash)."""
    shape = {
        "timezone": config.site.timezone,
        "language": config.site.language,
        "sectors": [s.model_dump(mode="json") for s in config.sectors],
        "named": sorted(config.privacy.named_authors),
        "excluded": sorted(excluded),
        "secret": hashlib.sha256(config.privacy.secret.encode()).hexdigest(),
        "staff": {brand: sorted(names) for brand, names in sorted(staff.items())},
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()


def local_midnight(day: str | date, timezone: str) -> pd.Timestamp:
    return pd.Timestamp(day).tz_localize(timezone)


def naive_utc(moment: pd.Timestamp) -> datetime:
    """A moment as the store keeps it: naive UTC."""
    return moment.tz_convert(UTC).tz_localize(None).to_pydatetime()


def utc_bounds(month: str, timezone: str) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar month as naive UTC datetimes (how the store keeps them)."""
    start = local_midnight(f"{month}-01", timezone)
    return naive_utc(start), naive_utc(local_midnight(f"{shift_month(month, 1)}-01", timezone))


# Columns whose values repeat from row to row (a brand, a month, an author's posts).
REPEATED: tuple[str, ...] = ("sector", "brand", "stance", "source", "source_kind", "language")
REPEATED += ("sentiment", "themes", "month", "author", "akey", "origin")


def share_repeated(frame: pd.DataFrame) -> pd.DataFrame:
    """One string object per distinct value in the columns that repeat: the driver makes a new
    string for every row, and a window holds hundreds of thousands (measured: half the memory
    of a window's rows)."""
    for column in REPEATED:
        if column not in frame.columns or not len(frame):
            continue
        if isinstance(frame[column].dtype, pd.StringDtype):  # (its missing value stays NaN)
            codes, uniques = pd.factorize(frame[column], use_na_sentinel=False)
            frame[column] = pd.Series(uniques.take(codes), index=frame.index)
        else:  # objects: None stays None
            shared: dict[object, object] = {}
            values = [shared.setdefault(v, v) for v in frame[column]]
            frame[column] = pd.Series(values, index=frame.index, dtype=frame[column].dtype)
    return frame


@dataclass(frozen=True, slots=True, eq=False)
class DiskMonths:
    """The months kept on disk a build reads and writes (see generator/month_cache.py)."""

    cache: PreparedMonths
    key: str  # `prepared_key`
    hours: Mapping[str, Mapping[str, int]]  # month -> its hours' change totals, now
    whole: frozenset[str]  # months kept whole
    detractors: frozenset[str]  # months whose detractor rows are kept

    def hours_of(self, month: str) -> dict[str, int]:
        return dict(self.hours.get(month, {}))

    def wanted(self) -> list[tuple[str, str, str]]:
        """Every file this build may have read or written (the others are stale)."""
        return [(m, ALL_ROWS, self.key) for m in sorted(self.whole)] + [
            (m, DETRACTOR_ROWS, self.key) for m in sorted(self.detractors)
        ]


class WindowReader:
    """Prepared mention rows per month, each month read and prepared once while a build walks
    consecutive months (in order); a month leaving the full window keeps only its detractor
    rows, so memory holds one window (see monthwise.window_months), never the history."""

    def __init__(
        self,
        store: Store,
        config: Config,
        excluded: list[str],
        privacy: Privacy,
        as_of: datetime | None,
        until: datetime | None = None,
        disk: DiskMonths | None = None,
    ) -> None:
        """`until` (naive UTC): posts published from then on are left out (a past day's view;
        not with `disk`, whose files hold whole months). `disk`: the months kept on disk
        between builds (read there, patched, or read from the store and written there)."""
        if until is not None and disk is not None:
            raise ValueError("months kept on disk hold whole months: no `until` with them")
        self.store, self.config, self.excluded = store, config, excluded
        self.privacy, self.as_of, self.until = privacy, as_of, until
        self.disk = disk
        self._full: dict[str, pd.DataFrame] = {}
        self._detractors: dict[str, pd.DataFrame] = {}
        self.from_disk: list[str] = []
        self.patched: list[str] = []

    def _read(
        self,
        month: str,
        *,
        negative_only: bool,
        spans: list[tuple[datetime, datetime]] | None = None,
    ) -> pd.DataFrame:
        tz = self.config.site.timezone
        start, end = utc_bounds(month, tz)
        end = end if self.until is None else min(end, self.until)
        rows = stored.read_mentions(
            self.store.engine,
            start,
            end,
            negative_only=negative_only,
            context=not negative_only,
            spans=spans,
        )
        shaped = shape_rows(rows, tz, self.excluded)
        return share_repeated(prepare(shaped, self.config, self.privacy, self.as_of))

    def full(self, month: str) -> pd.DataFrame:
        if month not in self._full:
            self._full[month] = self._full_read(month)
        return self._full[month]

    def _full_read(self, month: str) -> pd.DataFrame:
        disk = self.disk
        if disk is None or month not in disk.whole:
            return self._read(month, negative_only=False)
        now = disk.hours_of(month)
        kept = disk.cache.get(month, ALL_ROWS, disk.key)
        if kept is not None and kept.hours == now:
            self.from_disk.append(month)
            return kept.frame
        changed = None if kept is None else changed_hours(kept.hours, now)
        if kept is not None and changed is not None and len(changed) <= PATCH_MAX_SHARE * len(now):
            frame = self._patched(month, kept.frame, changed)
            self.patched.append(month)
        else:
            frame = self._read(month, negative_only=False)
        disk.cache.put(month, ALL_ROWS, disk.key, Kept(frame, now))
        if month in disk.detractors:  # (what later builds read of it once it is older)
            rows = monthwise.detractor_rows(frame)
            disk.cache.put(month, DETRACTOR_ROWS, disk.key, Kept(rows, now))
        return frame

    def _patched(self, month: str, frame: pd.DataFrame, changed: list[str]) -> pd.DataFrame:
        """A kept month with the rows of its changed hours read again from the store: the
        same rows, in the same order, as reading the whole month (every prepared column is a
        function of its own post; the change log names the hour of every post written)."""
        start, end = utc_bounds(month, self.config.site.timezone)
        fresh = self._read(month, negative_only=False, spans=hour_spans(changed, start, end))
        hours = pd.to_datetime(pd.Series(changed), format="%Y-%m-%d %H").dt.tz_localize(UTC)
        stale = frame["published"].dt.floor("h").isin(hours).to_numpy()
        parts = [p for p in (frame[~stale], fresh) if len(p)]
        if not parts:
            return frame.iloc[:0]
        out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        # The store's order: mention rows by (published, post), then the context rows.
        order = pd.DataFrame(
            {
                "context": (out["brand"] == CONTEXT_BRAND).to_numpy(),
                "published": out["published"].to_numpy(),
                "post_id": out["post_id"].to_numpy(),
            }
        )
        ranked = order.sort_values(["context", "published", "post_id"], kind="stable").index
        return out.iloc[ranked.to_numpy()].reset_index(drop=True)

    def detractors(self, month: str) -> pd.DataFrame:
        if month not in self._detractors:
            self._detractors[month] = self._detractor_read(month)
        return self._detractors[month]

    def _detractor_read(self, month: str) -> pd.DataFrame:
        disk = self.disk
        if disk is not None and month in disk.detractors:
            kept = disk.cache.get(month, DETRACTOR_ROWS, disk.key)
            if kept is not None and kept.hours == disk.hours_of(month):
                return kept.frame
        frame = self._full.get(month)
        if frame is None:
            frame = self._read(month, negative_only=True)
        rows = monthwise.detractor_rows(frame)
        if disk is not None and month in disk.detractors:
            disk.cache.put(month, DETRACTOR_ROWS, disk.key, Kept(rows, disk.hours_of(month)))
        return rows

    def window(self, month: str) -> monthwise.MonthWindow:
        span = monthwise.window_months(month)
        history = month_range(span.first_detraction, shift_month(span.first, -1))
        parts = [self.detractors(m) for m in history]
        parts += [self.full(m) for m in month_range(span.first, span.last)]
        for old in [m for m in self._full if m < span.first]:
            self.detractors(old)
            del self._full[old]
        for old in [m for m in self._detractors if m < span.first_detraction]:
            del self._detractors[old]
        kept = [p for p in parts if len(p)]  # (an empty frame would loosen the column types)
        del parts
        frame = pd.concat(kept, ignore_index=True) if kept else self.full(span.last)
        del kept
        frame = merge_syndicated_copies(frame)  # (the copy before it is dropped: peak memory)
        return monthwise.slice_window(frame, month)


def kept_on_disk(
    config: Config,
    store: Store,
    base: Mapping[str, str],
    hours: Mapping[str, list[str]],
    totals: Mapping[str, int],
    now: str,
) -> DiskMonths | None:
    """The months a build keeps on disk (none without `store.cache`): the last RECENT_MONTHS
    whole, and the detractor rows of the months their windows reach back to."""
    folder = config.months_cache_path
    if folder is None:
        return None
    store_id = stored.store_identity(store.engine)
    # (a copied store file keeps its identity: its address tells the copies apart)
    where = store.engine.url.render_as_string(hide_password=True)
    recent = shift_month(now, -(RECENT_MONTHS - 1))
    reach = monthwise.DETRACTIONS_BEFORE - monthwise.FULL_BEFORE
    present = [m for m in hours if m <= now]
    return DiskMonths(
        cache=PreparedMonths(folder / store_id),
        key=prepared_key({**base, "store": store_id, "at": where}),
        hours={m: {h: totals[h] for h in hours[m]} for m in present},
        whole=frozenset(m for m in present if m >= recent),
        detractors=frozenset(m for m in present if m >= shift_month(recent, -reach)),
    )


def observatory_from_store(
    config: Config,
    store: Store,
    *,
    staff: Mapping[str, Iterable[str]],
    excluded: Iterable[str],
    as_of: datetime | None = None,
    rebuild: MonthPeriod | None = None,
) -> MonthlyBuild:
    """Every month's aggregates: recomputed where their key changed (or in `rebuild`), read
    back from the store elsewhere; months without mentions any more are forgotten."""
    excluded = list(excluded)
    tz = config.site.timezone
    totals = stored.changes_by_hour(store.engine)
    hours = hours_by_month(totals, tz)
    now = current_month(config, as_of)
    present = sorted(m for m in hours if m <= now)  # months holding posts (maybe no mention)
    fingerprints = {m: month_fingerprint(hours[m], totals) for m in hours}
    base = {
        "code": _code_digest(),
        "config": config_digest(config, staff, excluded),
        "sources": stored.sources_digest(store.engine),
    }

    def key(month: str) -> str:
        reads = {m: fingerprints.get(m, "") for m in monthwise.months_reading(month)}
        return hashlib.sha256(json.dumps({**base, "reads": reads}).encode()).hexdigest()

    keys = {m: key(m) for m in present}
    known = stored.stored_keys(store.engine)
    dirty = [m for m in present if known.get(m) != keys[m] or (rebuild and m in rebuild)]
    privacy = Privacy(config, staff)
    computed: dict[str, monthwise.MonthAggregates | None] = {}
    disk = kept_on_disk(config, store, base, hours, totals, now)
    reader = WindowReader(store, config, excluded, privacy, as_of, disk=disk)

    def compute_month(month: str) -> monthwise.MonthAggregates | None:
        window = reader.window(month)
        part, payload = None, NO_MENTIONS
        # No mention: posts that name no brand, off-topic ones, or excluded authors' posts.
        if (window.frame["month"] == month).any():
            part = monthwise.aggregate_month(window, config, privacy)
            payload = month_codec.dumps(part)
        at = datetime.now(UTC).replace(tzinfo=None)
        stored.save_aggregates(store.engine, month, keys[month], payload, at)
        computed[month] = part
        return part

    for month in dirty:
        compute_month(month)
    reused = [m for m in present if m not in computed]
    parts = [p for p in computed.values() if p is not None]
    payloads = stored.load_aggregates(store.engine, reused)
    for month in reused:
        if payloads.get(month) == NO_MENTIONS:
            continue
        try:
            parts.append(month_codec.loads(payloads[month]))
        except (KeyError, month_codec.CodecError):  # removed meanwhile, or an older format
            part = compute_month(month)
            if part is not None:
                parts.append(part)
    stored.forget_aggregates(store.engine, present)
    if disk is not None:
        disk.cache.keep_only(disk.wanted())
    if stored.log_rows(store.engine) > 2 * len(totals) + FOLD_AFTER:
        stored.fold_changes(store.engine)
    shown = {p.month for p in parts}
    return MonthlyBuild(
        observatory(parts),
        tuple(m for m in sorted(computed) if m in shown),
        tuple(m for m in reused if m in shown),
        tuple(reader.from_disk),
        tuple(reader.patched),
    )


def crises_up_to(
    config: Config,
    store: Store,
    *,
    staff: Mapping[str, Iterable[str]],
    excluded: Iterable[str],
    day: date,
    lookback_days: int,
) -> list[Crisis]:
    """The crises found in the posts published up to the end of `day` (site time zone) that
    start in one of the months the last `lookback_days` days touch: what the daily alerts
    read, one window of posts at a time (the same rule and windows as a build)."""
    tz = config.site.timezone
    end_local = local_midnight(day + timedelta(days=1), tz)
    until = naive_utc(end_local)
    first = day - timedelta(days=lookback_days - 1)
    privacy = Privacy(config, staff)
    reader = WindowReader(
        store, config, list(excluded), privacy, end_local.to_pydatetime(), until=until
    )
    found: list[Crisis] = []
    for month in month_range(first.strftime("%Y-%m"), day.strftime("%Y-%m")):
        window = reader.window(month)
        if len(window.frame):
            privacy.learn_names(window.frame["author"].unique())
            found += monthwise.month_crises(window, monthwise.quote_maker(config, privacy))
    return found
