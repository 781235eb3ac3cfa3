"""The most distinctive terms of a brand's month: what its posts say that the other brands'
posts of the same month do not (TF-IDF over the brands of one month)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

import pandas as pd

from generator.aggregate.privacy import Privacy
from generator.config import Config

TERMS_PER_GROUP = 10
TERMS_MAX_TEXTS = 50  # most engaged texts per (brand, month) fed to the TF-IDF
TERM_COLUMNS = ["sector", "brand", "month", "term", "weight"]


def in_language(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """The posts in the site's language: a French page lists French terms (posts without a
    detected language are kept)."""
    if "language" not in frame.columns:
        return frame
    return frame[frame["language"].isna() | (frame["language"] == language)]


def excluded_words(config: Config, privacy: Privacy) -> list[str]:
    """Words a term may not contain: brand names (every brand's posts say them) and the
    corpus's author names (private persons)."""
    brand_words = [b.name for b in config.brands] + [a for b in config.brands for a in b.aliases]
    brand_words += [b.slug for b in config.brands]
    return brand_words + sorted(privacy.corpus_names)


def terms(frame: pd.DataFrame, exclude: Iterable[str] = ()) -> pd.DataFrame:
    """Most distinctive terms per (brand, month), written as the posts wrote them."""
    from generator.analyse.terms import distinctive_terms, surface_forms

    if frame.empty:
        return pd.DataFrame(columns=TERM_COLUMNS)
    # Ties broken by the posts themselves, never by post_id: ids follow the order in which
    # collection finished each source, which varies from one run (or database) to the next.
    ranked = frame.sort_values(
        ["engagement", "published", "title", "text", "post_id"],
        ascending=[False, True, True, True, True],
    )
    ranked = ranked.groupby(["sector", "brand", "month"], sort=False).head(TERMS_MAX_TEXTS)
    texts = (ranked["title"] + " " + ranked["text"]).str.strip()
    groups = texts.groupby([ranked["sector"], ranked["brand"], ranked["month"]]).agg(list)
    result = distinctive_terms(groups.to_dict(), top=TERMS_PER_GROUP, exclude=exclude)
    forms = surface_forms(texts)
    keys = {key: cast(tuple[str, str, str], key) for key in result}  # (sector, brand, month)
    rows = [
        (*keys[key], " ".join(forms.get(w, w) for w in str(term).split()), float(weight))
        for key, items in result.items()
        for term, weight in list(items)[:TERMS_PER_GROUP]
    ]
    return pd.DataFrame(rows, columns=TERM_COLUMNS)
