"""The database schema, its version, and the upgrades from one version to the next.

Version 1 is the layout that releases before 0.2 created with `create_all` and no version
table; every later change is a function in MIGRATIONS, run in order inside one transaction
when a store is opened, so an old database is upgraded in place and a new one is created at
the current version. A database newer than this code is refused rather than damaged.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine

from generator.errors import ObservatoireError

SCHEMA_VERSION = 11


class StoreError(ObservatoireError):
    """The database cannot be used by this version (e.g. it was created by a newer one)."""


metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False, unique=True),
    Column("url", Text, nullable=False),  # where it is fetched now (permanent redirects update it)
    Column("configured_url", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("language", String(10)),
    Column("audience", Float, nullable=False, default=1.0),
    Column("sector", String(100)),
    Column("name_authors", Boolean, nullable=False, default=False),
    Column("feed_title", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_attempt", DateTime),
    Column("last_success", DateTime),
    Column("last_status", Integer),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("entries_seen", Integer, nullable=False, default=0),
    Column("malformed", Boolean, nullable=False, default=False),
    Column("malformed_reason", Text),
    # Version 8: which parser read the last collected feed (feedparser-rs, feedparser, json).
    Column("parser", String(20)),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("next_attempt_after", DateTime),
    Column("bytes_last", Integer, nullable=False, default=0),
    Column("bytes_total", Integer, nullable=False, default=0),
    # Version 4: the collector holding the source (several collectors, one store) and until when.
    Column("lease_holder", String(200)),
    Column("lease_until", DateTime),  # naive UTC; an expired lease is free
)

posts = Table(
    "posts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("guid", Text, nullable=False),
    Column("url", Text),
    Column("title", Text, nullable=False, default=""),
    Column("author", Text, nullable=False, default=""),
    Column("published", DateTime, nullable=False),  # naive UTC
    Column("date_missing", Boolean, nullable=False, default=False),
    Column("text", Text, nullable=False, default=""),
    Column("html", Text, nullable=False, default=""),
    Column("language_hint", String(10)),
    Column("content_hash", String(64), nullable=False),
    Column("comments", Float),
    Column("replies", Float),
    Column("views", Float),
    Column("likes", Float),
    Column("rating", Float),
    Column("rating_count", Float),
    Column("author_audience", Float),
    Column("is_reply", Boolean, nullable=False, default=False),
    # Version 7: the thread facts (generator/collect/threads.py), NULL when the feed has none.
    Column("reply_to", Text),  # the parent's identity: its guid or its URL
    Column("thread_hint", Text),  # a conversation key from the platform's URL or a "Re:" title
    Column("fetched_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("source_id", "guid", name="uq_posts_source_guid"),
)
Index("ix_posts_source_hash", posts.c.source_id, posts.c.content_hash)
Index("ix_posts_published", posts.c.published)
# Version 6: a source's first collection (undated posts it found are left out) by index.
Index("ix_posts_source_fetched", posts.c.source_id, posts.c.fetched_at)
# Version 7: the posts of one conversation are found by their key.
Index("ix_posts_thread_hint", posts.c.thread_hint)

analyses = Table(
    "analyses",
    metadata,
    Column("post_id", Integer, ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("version", String(100), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("language", String(10), nullable=False),
    Column("sentiment", String(10), nullable=False),
    Column("score", Float, nullable=False),
    Column("explanation", Text, nullable=False, default="[]"),
    Column("recommends", Boolean, nullable=False, default=False),
    Column("advises_against", Boolean, nullable=False, default=False),
    Column("intends_to_leave", Boolean, nullable=False, default=False),
    Column("sponsored", Boolean, nullable=False, default=False),
    Column("off_topic", Boolean, nullable=False, default=False),
    Column("themes", Text, nullable=False, default=""),
    Column("analysed_at", DateTime, nullable=False),
    # Version 11: the post asks something (analyse/care_cues.py); NULL for analyses made
    # before it, which builds work out again.
    Column("asks", Boolean),
)

mentions = Table(
    "mentions",
    metadata,
    Column("post_id", Integer, ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("brand", String(100), primary_key=True),
    Column("sector", String(100), nullable=False),
    # "leaves" | "joins" when the post switches brands ("je quitte X pour Y"), else ""
    Column("stance", String(10), nullable=False, default="", server_default=""),
)
Index("ix_mentions_brand", mentions.c.brand)

# Version 5: each month's aggregates, as a build computed them from the month's window of
# posts (generator/incremental.py); `key` says from which rows, configuration and code.
month_aggregates = Table(
    "month_aggregates",
    metadata,
    Column("month", String(7), primary_key=True),  # YYYY-MM in the site's time zone
    Column("key", String(64), nullable=False),
    Column("computed_at", DateTime, nullable=False),
    Column("payload", Text, nullable=False),  # JSON (generator/store/month_codec.py)
)

# Version 4: the crisis alerts sent (or being sent) per channel, shared by every machine that
# runs `observatoire alerts` (generator/alerts_send.py). A row is inserted, if absent, before
# sending: sent_at stays NULL until the channel accepted it.
sent_alerts = Table(
    "sent_alerts",
    metadata,
    Column("alert_key", String(300), primary_key=True),
    Column("channel", String(20), primary_key=True),
    Column("claimed_by", String(200), nullable=False),
    Column("claimed_at", DateTime, nullable=False),  # naive UTC
    Column("sent_at", DateTime),  # naive UTC; NULL while being sent
)

# Version 9: every change to a post, its analysis or its mentions appends the UTC hour the post
# is published in (database triggers, see install_change_triggers): a build tells which months
# changed from these few rows instead of scanning every post (generator/store/months.py).
# `weight` counts the changes a row stands for once a build has folded a bucket's rows into
# one, so a bucket's total only ever grows.
post_changes = Table(
    "post_changes",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("bucket", String(13), nullable=False),  # "YYYY-MM-DD HH", UTC
    Column("weight", Integer, nullable=False, default=1, server_default="1"),
    sqlite_autoincrement=True,
)
Index("ix_post_changes_bucket", post_changes.c.bucket)


# The triggers that write `post_changes`, per dialect. Every write path (collection,
# analysis, corrections, a hand-made SQL fix) goes through them, which is the point: a
# fingerprint kept by the application would miss the writes the application did not make.


# A post's hour as the log keeps it, per dialect: `{row}` is "" (a posts row in a query),
# "NEW." or "OLD." (a posts row in a trigger). Seeding and triggers share it.
_BUCKET = {
    "sqlite": "substr({row}published, 1, 13)",
    "postgresql": "to_char({row}published, 'YYYY-MM-DD HH24')",
}


def bucket_sql(dialect: str, row: str = "") -> str:
    return _BUCKET.get(dialect, _BUCKET["sqlite"]).format(row=row)


def _sqlite_trigger(table: str, op: str, body: str) -> str:
    name = f"{table}_changed_{op.lower()}"
    return f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {op} ON {table} BEGIN {body} END"


def _sqlite_log(row: str) -> str:
    """Log the hour of a posts row (`NEW`/`OLD`)."""
    return f"INSERT INTO post_changes (bucket) VALUES ({bucket_sql('sqlite', f'{row}.')});"


def _sqlite_log_post_of(row: str, also: str = "") -> str:
    """Log the hour of the post an analyses or mentions row (`NEW`/`OLD`) belongs to."""
    return (
        f"INSERT INTO post_changes (bucket) SELECT {bucket_sql('sqlite')} FROM posts "
        f"WHERE id = {row}.post_id{also};"
    )


SQLITE_TRIGGERS = [
    _sqlite_trigger("posts", "INSERT", _sqlite_log("NEW")),
    _sqlite_trigger(
        "posts",
        "UPDATE",
        _sqlite_log("OLD")
        + f" INSERT INTO post_changes (bucket) SELECT {bucket_sql('sqlite', 'NEW.')} "
        f"WHERE {bucket_sql('sqlite', 'NEW.')} <> {bucket_sql('sqlite', 'OLD.')};",
    ),
    _sqlite_trigger("posts", "DELETE", _sqlite_log("OLD")),
]
for _table in ("analyses", "mentions"):
    SQLITE_TRIGGERS += [
        _sqlite_trigger(_table, "INSERT", _sqlite_log_post_of("NEW")),
        _sqlite_trigger(
            _table,
            "UPDATE",
            _sqlite_log_post_of("OLD")
            + " "
            + _sqlite_log_post_of("NEW", also=" AND NEW.post_id <> OLD.post_id"),
        ),
        _sqlite_trigger(_table, "DELETE", _sqlite_log_post_of("OLD")),
    ]
_PG_NEW, _PG_OLD, _PG_ANY = (bucket_sql("postgresql", r) for r in ("NEW.", "OLD.", ""))
POSTGRESQL_TRIGGERS = [
    f"""CREATE OR REPLACE FUNCTION observatoire_post_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            INSERT INTO post_changes (bucket) VALUES ({_PG_OLD});
        END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND {_PG_NEW} <> {_PG_OLD}) THEN
            INSERT INTO post_changes (bucket) VALUES ({_PG_NEW});
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION observatoire_analysis_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            INSERT INTO post_changes (bucket) SELECT {_PG_ANY} FROM posts WHERE id = OLD.post_id;
        END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.post_id <> OLD.post_id) THEN
            INSERT INTO post_changes (bucket) SELECT {_PG_ANY} FROM posts WHERE id = NEW.post_id;
        END IF;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS posts_changed ON posts",
    """CREATE TRIGGER posts_changed AFTER INSERT OR UPDATE OR DELETE ON posts
    FOR EACH ROW EXECUTE FUNCTION observatoire_post_changed()""",
] + [
    statement
    for table in ("analyses", "mentions")
    for statement in (
        f"DROP TRIGGER IF EXISTS {table}_changed ON {table}",
        f"""CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION observatoire_analysis_changed()""",
    )
]


def install_change_triggers(conn: Connection) -> None:
    """(Re)create the triggers that keep `post_changes` (idempotent)."""
    statements = POSTGRESQL_TRIGGERS if conn.dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in statements:
        conn.exec_driver_sql(statement)


# Version 10: who this store is (a random id set when it is created or upgraded): files kept
# outside the store about its contents (generator/month_cache.py) name the store they are of.
store_identity = Table(
    "store_identity",
    metadata,
    Column("id", String(36), primary_key=True),
)


def _identify(conn: Connection) -> None:
    conn.execute(store_identity.insert().values(id=str(uuid.uuid4())))


schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, nullable=False),
    Column("upgraded_at", DateTime, nullable=False, server_default=func.current_timestamp()),
)


def _drop_link_index(conn: Connection) -> None:
    """1 -> 2: posts are no longer looked up by link (a distinct guid is a distinct post)."""
    conn.execute(text("DROP INDEX IF EXISTS ix_posts_source_url"))


def _add_mention_stance(conn: Connection) -> None:
    """2 -> 3: a mention says whether its post leaves or joins the brand (brand switching).

    Existing mentions get "" until the next analysis (the analyser version changed with it)."""
    if "mentions" in inspect(conn).get_table_names():
        columns = {c["name"] for c in inspect(conn).get_columns("mentions")}
        if "stance" not in columns:
            conn.execute(
                text("ALTER TABLE mentions ADD COLUMN stance VARCHAR(10) NOT NULL DEFAULT ''")
            )


def _add_source_leases(conn: Connection) -> None:
    """3 -> 4: a collector leases the sources it fetches, so collectors sharing a store never
    fetch one twice at once (generator/collect/run.py); existing sources start free. (The new
    sent_alerts table is made by create_all.)"""
    columns = {c["name"] for c in inspect(conn).get_columns("sources")}
    if "lease_holder" not in columns:
        conn.execute(text("ALTER TABLE sources ADD COLUMN lease_holder VARCHAR(200)"))
    if "lease_until" not in columns:
        kind = "TIMESTAMP" if conn.dialect.name == "postgresql" else "DATETIME"
        conn.execute(text(f"ALTER TABLE sources ADD COLUMN lease_until {kind}"))


def _month_aggregates_table(conn: Connection) -> None:
    """4 -> 5: each month's aggregates are stored (`month_aggregates`, created with the other
    new tables by `migrate`); the first build after the upgrade computes every month."""


def _index_first_collection(conn: Connection) -> None:
    """5 -> 6: every read of the mention rows asks each source's first collection time (an
    undated post found then has no month); an index answers it without scanning the posts."""
    conn.execute(
        text("CREATE INDEX IF NOT EXISTS ix_posts_source_fetched ON posts (source_id, fetched_at)")
    )


def _add_thread_facts(conn: Connection) -> None:
    """6 -> 7: a post says which post it answers and which conversation it belongs to (the
    care figures group posts into conversations); posts stored before it get NULL until a
    collection sees them again."""
    columns = {c["name"] for c in inspect(conn).get_columns("posts")}
    for name in ("reply_to", "thread_hint"):
        if name not in columns:
            conn.execute(text(f"ALTER TABLE posts ADD COLUMN {name} TEXT"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_posts_thread_hint ON posts (thread_hint)"))


def _add_source_parser(conn: Connection) -> None:
    """7 -> 8: a source records which parser read its last collected feed (the fast path or
    feedparser behind it); sources collected before show none until their next collection."""
    columns = {c["name"] for c in inspect(conn).get_columns("sources")}
    if "parser" not in columns:
        conn.execute(text("ALTER TABLE sources ADD COLUMN parser VARCHAR(20)"))


def _add_post_changes(conn: Connection) -> None:
    """8 -> 9: changes are logged per publication hour by triggers (`post_changes`); the log
    starts with one row per hour already holding posts, so every month's key changes once and
    the first build after the upgrade computes every month."""
    post_changes.create(conn, checkfirst=True)
    install_change_triggers(conn)
    bucket = bucket_sql(conn.dialect.name)
    conn.execute(
        text(
            f"INSERT INTO post_changes (bucket, weight) SELECT {bucket}, count(*) FROM posts "
            f"GROUP BY {bucket}"
        )
    )


def _add_store_identity(conn: Connection) -> None:
    """9 -> 10: the store gets its random identity."""
    store_identity.create(conn, checkfirst=True)
    if conn.execute(select(func.count()).select_from(store_identity)).scalar() == 0:
        _identify(conn)


def _add_asks(conn: Connection) -> None:
    """10 -> 11: an analysis says whether its post asks something (customer care counts the
    questions a brand receives); analyses made before it get NULL, which builds work out."""
    columns = {c["name"] for c in inspect(conn).get_columns("analyses")}
    if "asks" not in columns:
        conn.execute(text("ALTER TABLE analyses ADD COLUMN asks BOOLEAN"))


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _drop_link_index,
    2: _add_mention_stance,
    3: _add_source_leases,
    4: _month_aggregates_table,
    5: _index_first_collection,
    6: _add_thread_facts,
    7: _add_source_parser,
    8: _add_post_changes,
    9: _add_store_identity,
    10: _add_asks,
}


def stored_version(conn: Connection) -> int | None:
    """The database's schema version; None for an empty database."""
    tables = set(inspect(conn).get_table_names())
    if "schema_version" in tables:
        version = conn.execute(select(func.max(schema_version.c.version))).scalar()
        return int(version) if version is not None else 1
    return 1 if "posts" in tables else None


def _one_migration_at_a_time(conn: Connection) -> None:
    """Collectors started together on a new or old database: one creates or upgrades it, the
    others wait and find it done (a transaction-scoped lock on PostgreSQL, a write lock taken
    at once on SQLite, whose driver would otherwise run DDL outside the transaction)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(4242104013)"))
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def migrate(engine: Engine) -> int:
    """Create or upgrade the schema to SCHEMA_VERSION in one transaction; returns it."""
    with engine.connect() as conn:  # the usual case, without taking any lock
        if stored_version(conn) == SCHEMA_VERSION:
            return SCHEMA_VERSION
    with engine.begin() as conn:
        _one_migration_at_a_time(conn)
        version = stored_version(conn)
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(
                f"{engine.url.render_as_string(hide_password=True)}: the database is at schema "
                f"version {version}, newer than this observatoire's ({SCHEMA_VERSION}): upgrade "
                "observatoire instead of opening it with an older one"
            )
        if version == SCHEMA_VERSION:
            return version
        for step in range(version or SCHEMA_VERSION, SCHEMA_VERSION):
            MIGRATIONS[step](conn)
        metadata.create_all(conn)  # new tables (and everything, for a new database)
        if version is None:
            install_change_triggers(conn)
            _identify(conn)
        conn.execute(schema_version.insert().values(version=SCHEMA_VERSION))
    return SCHEMA_VERSION
