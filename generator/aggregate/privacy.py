"""Privacy by default: stable keyed pseudonyms, consent-based naming, exclusions, staff.

Authors are private persons. A keyed HMAC (not a plain hash) is used because plain hashes of
names can be reversed by hashing a list of candidate names; without the secret nobody can
link a pseudonym back to a person, yet the same author keeps the same pseudonym for a brand
from one build to the next. Raw names never leave `generator.aggregate`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping

import pandas as pd

from generator import placeholders
from generator.config import Config
from generator.names import author_key, author_keys

ID_LENGTH = 16  # hex chars of the HMAC kept as author_id (64 bits)
DISPLAY_LENGTH = 6  # hex chars shown in the pseudonym
MIN_MASKED_NAME = 4  # shorter author names are not masked inside quotes (too many false hits)


def author_hash(author: str, brand: str, secret: str) -> str:
    """Keyed HMAC-SHA256 of (author, brand): stable per author and brand, not reversible."""
    message = f"{author_key(author)}\x1f{brand}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return digest[:ID_LENGTH]


def pseudonym(author_id: str) -> str:
    """The public label of an author, as a placeholder render words ('Contributeur·rice 7F3A2C')."""
    return placeholders.pseudonym(author_id[:DISPLAY_LENGTH].upper())


def author_ids(authors: pd.Series, brands: pd.Series, secret: str) -> pd.Series:
    """author_id for every row, hashing each distinct (author, brand) pair only once."""
    keys = pd.DataFrame({"a": author_keys(authors.fillna("")), "b": brands.to_numpy()})
    pairs = keys.drop_duplicates()
    pairs["id"] = [author_hash(a, b, secret) for a, b in zip(pairs["a"], pairs["b"], strict=True)]
    merged = keys.merge(pairs, on=["a", "b"], how="left")
    return pd.Series(merged["id"].to_numpy(), index=authors.index, name="author_id")


class Privacy:
    """The privacy rules of one configuration, applied to frames and single rows."""

    def __init__(self, config: Config, staff: Mapping[str, Iterable[str]] | None = None) -> None:
        self.secret = config.privacy.secret
        self.named = {author_key(a) for a in config.privacy.named_authors}
        self.excluded = {author_key(a) for a in config.privacy.excluded_authors}
        self.staff = {b.slug: {author_key(s) for s in b.staff} for b in config.brands}
        for brand, names in (staff or {}).items():  # e.g. staff declared in corrections
            self.staff.setdefault(brand, set()).update(author_key(n) for n in names)
        self.corpus_names: frozenset[str] = frozenset()
        self.name_words = 1
        self.name_mask = placeholders.NAME
        vocabulary = [b.name for b in config.brands] + [a for b in config.brands for a in b.aliases]
        vocabulary += [k for s in config.sectors for t in s.themes for k in t.keywords]
        self._not_names = {author_key(w) for w in vocabulary}

    def learn_names(self, authors: Iterable[str]) -> None:
        """Remember the corpus's author names so quotes can mask them (see posts.mask_names).

        Very short names and words of the configuration (brand names, aliases, theme keywords)
        are left alone: masking them would blank ordinary words.
        """
        keys = {author_key(a) for a in authors}
        keys = {k for k in keys if len(k) >= MIN_MASKED_NAME and k not in self._not_names}
        keys -= self.named
        self.corpus_names = frozenset(keys)
        self.name_words = min(4, max((len(k.split()) for k in keys), default=1))

    def drop_excluded(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Remove every post of an excluded author (the store does it too: defence in depth)."""
        if not self.excluded or frame.empty:
            return frame
        keys = pd.Series(author_keys(frame["author"].fillna("")), index=frame.index)
        return frame[~keys.isin(self.excluded)]

    def is_staff(self, authors: pd.Series, brands: pd.Series) -> pd.Series:
        """True where the author is listed as staff of that brand (names compare by author_key)."""
        pairs = {(b, s) for b, names in self.staff.items() for s in names}
        if not pairs:
            return pd.Series(False, index=authors.index)
        names = pd.Series(author_keys(authors.fillna("")), index=authors.index)
        keys = brands.astype(str) + "\x1f" + names
        return keys.isin({f"{b}\x1f{s}" for b, s in pairs})

    def is_named(self, author: str, source_named: bool) -> bool:
        """Consent: the source allows naming its authors, or the author asked to be named."""
        return bool(author.strip()) and (source_named or author_key(author) in self.named)

    def display(self, author: str, brand: str, source_named: bool) -> str:
        """What the site shows for an author: the name with consent, else the pseudonym."""
        if self.is_named(author, source_named):
            return author.strip()
        if not author.strip():
            return placeholders.ANONYMOUS
        return pseudonym(author_hash(author, brand, self.secret))

    def excluded_keys(self) -> Iterable[str]:
        return sorted(self.excluded)
