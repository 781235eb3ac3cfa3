"""The store: the only package that speaks SQL (schema, migrations, repository)."""

from generator.store.repository import (
    Leases,
    PostToAnalyse,
    Store,
    StoredPost,
    StoredSource,
    utcnow,
)
from generator.store.schema import SCHEMA_VERSION, StoreError

__all__ = [
    "SCHEMA_VERSION",
    "Leases",
    "PostToAnalyse",
    "Store",
    "StoreError",
    "StoredPost",
    "StoredSource",
    "utcnow",
]
