"""Brand matching: which configured brands a text mentions.

Aliases match case- and accent-insensitively on word boundaries: "@OrbisTelecom", "orbis" and
"Célesta"/"celesta" are found, "Orbisland" is not. One alternation regex serves every brand, so
matching costs one pass over the text whatever the number of aliases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from generator.analyse.text import fold


def _key(alias: str) -> str:
    return " ".join(fold(alias).split())


class BrandMatcher:
    """`brands`: objects with `.slug`, `.aliases` and optionally `.name` (an alias too)."""

    def __init__(self, brands: Iterable[Any]) -> None:
        self._owner: dict[str, list[str]] = {}
        self._order: dict[str, int] = {}
        for brand in brands:
            self._order.setdefault(brand.slug, len(self._order))
            aliases = list(getattr(brand, "aliases", ()) or ())
            name = getattr(brand, "name", None)
            if name:
                aliases.append(name)
            for alias in aliases:
                key = _key(alias)
                if not key:
                    continue
                owners = self._owner.setdefault(key, [])
                if brand.slug not in owners:
                    owners.append(brand.slug)
                if key.startswith(("@", "#")) and len(key) > 1:
                    # "@OrbisTelecom" also matches the bare "OrbisTelecom".
                    bare = self._owner.setdefault(key[1:], [])
                    if brand.slug not in bare:
                        bare.append(brand.slug)
        parts = sorted(self._owner, key=len, reverse=True)
        if parts:
            body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)
            self._regex: re.Pattern[str] | None = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
        else:
            self._regex = None

    def match_folded(self, folded: str) -> tuple[str, ...]:
        if self._regex is None:
            return ()
        found: set[str] = set()
        for m in self._regex.finditer(folded):
            found.update(self._owner.get(" ".join(m.group().split()), ()))
        return tuple(sorted(found, key=self._order.__getitem__))

    def match(self, text: str) -> tuple[str, ...]:
        """Slugs of the brands mentioned, in configuration order."""
        return self.match_folded(fold(text))
