"""Earned, paid, owned: who is speaking decides whether a mention measures reputation.

A sponsored or partnership post (markers detected in analyse) is *paid*; a post by one of the
brand's own accounts is *owned*: its staff (declared in the configuration or the corrections
file) or an author posting under the brand's name, alias or handle. Everything else is
*earned*, including customers on the brand's own forum: they are its community, not the brand.
Only earned mentions measure what the public says, so the KPIs (volume, sentiment, reach,
engagement, reputation index) and the crisis rule read earned mentions only; paid and owned
ones are counted apart and shown with a badge.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.aggregate.privacy import Privacy
from generator.config import Config
from generator.names import author_key, author_keys
from generator.records import Origin

EARNED: Origin = "earned"
PAID: Origin = "paid"
OWNED: Origin = "owned"


def brand_accounts(config: Config) -> set[str]:
    """`brand\x1fauthor key` of the names a brand's own account posts under."""
    found = set()
    for brand in config.brands:
        for name in [brand.name, brand.slug, *brand.aliases]:
            key = author_key(name.lstrip("@"))
            if key:
                found.add(f"{brand.slug}\x1f{key}")
    return found


def origins(frame: pd.DataFrame, privacy: Privacy, config: Config) -> pd.Series:
    """The origin of every mention; a sponsored post by staff is paid (the stronger label)."""
    if frame.empty:
        return pd.Series([], index=frame.index, dtype=object)
    if "akey" in frame.columns:
        names = frame["akey"]
    else:
        names = pd.Series(author_keys(frame["author"].fillna("")), index=frame.index)
    as_brand = (frame["brand"].astype(str) + "\x1f" + names.str.lstrip("@")).isin(
        brand_accounts(config)
    )
    owned = privacy.is_staff(frame["author"], frame["brand"]).to_numpy() | as_brand.to_numpy()
    paid = frame["sponsored"].astype(bool).to_numpy()
    labels = np.where(paid, PAID, np.where(owned, OWNED, EARNED))
    return pd.Series(labels, index=frame.index, dtype=object)
